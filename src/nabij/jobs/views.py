"""A background job's page and its status for the page's script: only for whoever started it.

Anyone else gets a 404, as for a job that does not exist, and the attempt is logged.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded
from nabij.jobs import selectors
from nabij.jobs.models import Job

# What the page shows of a finished job, and where it leads back to, per kind.
RESULT_TEMPLATES: dict[str, str] = {
    Job.Kind.MATCHING_RUN: "matching/_job_result.html",
    Job.Kind.COSTS_IMPORT: "costs/_job_result.html",
    Job.Kind.VOTE_CLOSE: "budgets/_job_result.html",
    Job.Kind.SIGNALS_IMPORT: "signals/_job_result.html",
}
FAILURE_TEMPLATES: dict[str, str] = {
    Job.Kind.COSTS_IMPORT: "costs/_job_findings.html",
    Job.Kind.SIGNALS_IMPORT: "costs/_job_findings.html",
}
STYLES: dict[str, str] = {
    Job.Kind.COSTS_IMPORT: "costs/imports.css",
    Job.Kind.SIGNALS_IMPORT: "costs/imports.css",
}
BACK: dict[str, tuple[str, Any]] = {
    Job.Kind.MATCHING_RUN: ("matching:run_new", _lazy("Find matches")),
    Job.Kind.COSTS_IMPORT: ("costs:import_upload", _lazy("Import cost lines")),
    Job.Kind.SIGNALS_IMPORT: ("signals:upload", _lazy("Import arrears signals")),
}

# The page reloads itself this often without JavaScript (with it, the script polls instead).
REFRESH_SECONDS = 3


def _job(request: HttpRequest, job_id: int) -> Job:
    actor = actor_for(request)
    job = selectors.job_of(job_id, actor.user.pk if actor.user.is_authenticated else None)
    if job is None:
        gate.log(
            actor,
            event=Event.JOB_VIEW,
            outcome=Outcome.REFUSED,
            purpose=Purpose.ADMINISTRATION,
            detail=f"job {job_id}",
        )
        raise gate.NotFound
    return job


def _phase(job: Job) -> str:
    if job.state == Job.State.WAITING:
        return _("Waiting for a free worker…")
    if job.state == Job.State.RUNNING:
        return job.phase or _("Working…")
    return ""


@guarded
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "phase": _phase(job),
            "refresh": None if job.finished else REFRESH_SECONDS,
            "result_template": RESULT_TEMPLATES.get(job.kind),
            "failure_template": FAILURE_TEMPLATES.get(job.kind),
            "style": STYLES.get(job.kind),
            "back_url": reverse(BACK[job.kind][0]) if job.kind in BACK else None,
            "back_label": BACK[job.kind][1] if job.kind in BACK else "",
        },
    )


@guarded
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return JsonResponse(
        {
            "id": job.pk,
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "phase": _phase(job),
            "finished": job.finished,
        },
        headers={"Cache-Control": "no-store"},
    )
