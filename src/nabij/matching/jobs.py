"""The matching run as a background job: the page starts it, a worker solves (as long as the
broker allowed), and the job page shows how far it is and then leads to the run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from nabij.core.errors import DomainError
from nabij.matching import selectors, services

if TYPE_CHECKING:
    from nabij.jobs.models import Job
    from nabij.jobs.services import JobContext


def params_of(cleaned: dict[str, Any]) -> dict[str, Any]:
    district = cleaned.get("district")
    return {
        "district_id": district.pk if district is not None else None,
        "max_cycle": cleaned["max_cycle"],
        "max_chain": cleaned["max_chain"],
        "time_limit": cleaned["time_limit"],
    }


def run(job: Job, ctx: JobContext) -> None:
    from nabij.jobs.services import JobFailed

    p = job.params
    district = None
    if p.get("district_id") is not None:
        district = selectors.districts().filter(pk=p["district_id"]).first()
        if district is None:
            raise JobFailed(str(_district_gone()))

    def saved(match_run: Any) -> None:
        ctx.complete(
            {
                "run_id": match_run.pk,
                "participants": match_run.participants,
                "proposals": match_run.proposals,
                "optimal": match_run.optimal,
                "seconds": match_run.seconds,
            },
            reverse("matching:run", kwargs={"run_id": match_run.pk}),
        )

    try:
        services.run_matching(
            actor=ctx.actor,
            district=district,
            max_cycle=p["max_cycle"],
            max_chain=p["max_chain"],
            time_limit=p["time_limit"],
            progress=lambda done, total, phase: ctx.progress(done, total, phase),
            on_saved=saved,
        )
    except ValidationError as exc:
        raise JobFailed(" ".join(exc.messages)) from exc
    except DomainError as exc:
        raise JobFailed(str(exc)) from exc


def _district_gone() -> str:
    from django.utils.translation import gettext as _

    return _("The area of this run no longer exists.")
