"""Pages of the Vroegsignalering (Wgs art. 3a).

- The upload page: team coordinators import a creditor's delivery. Signals concern households
  anywhere in the municipality and go to the team of the area, so the right is a role, checked
  (and a refusal logged) before anything is read. The import runs as a background job; every
  resident a signal is linked to gets an access-log row (``services.log_signals_linked``).
- The overview: district-team professionals and coordinators see the deliveries with their
  counts and their own team's cases in numbers; no person is listed (the team works the cases
  on the outreach pages).
- The outcome export: a team coordinator gives each creditor the outcome of its own signals
  (contact made or not, help accepted or not), and nothing more; every resident named is logged.

Every page shows the legal basis from the register of processing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose, Role
from nabij.access.web import actor_for, guarded
from nabij.costs import jobs_imports
from nabij.jobs import services as job_services
from nabij.jobs.models import Job
from nabij.signals import selectors, services
from nabij.signals.forms import SignalImportForm, max_upload_bytes

IMPORT_ROLES = (Role.TEAM_COORDINATOR,)
EXPORT_ROLES = (Role.TEAM_COORDINATOR,)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _upload_page(
    request: HttpRequest, context: dict[str, object], status: int = 200
) -> HttpResponse:
    context.setdefault("form", SignalImportForm())
    context["limit_mb"] = settings.SIGNALS_IMPORT_MAX_UPLOAD_MB
    context["recent"] = selectors.deliveries(10)
    context["processing"] = selectors.legal_basis()
    return render(request, "signals/upload.html", context, status=status)


@csrf_exempt  # checked in _upload, after the size check (as on the cost import page)
@guarded
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_role(actor, IMPORT_ROLES, event=Event.SIGNALS_IMPORT)
    if request.method == "POST" and _content_length(request) > max_upload_bytes():
        return _upload_page(request, {"too_large": True}, status=413)
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, {})
    actor = actor_for(request)
    form = SignalImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, {"form": form}, status=400)
    upload_file = form.cleaned_data["file"]
    name = (upload_file.name or "upload")[-255:]
    stored, sha256 = jobs_imports.store_upload(upload_file)
    job, created = job_services.job_start(
        actor=actor,
        kind=Job.Kind.SIGNALS_IMPORT,
        params={"file": stored, "name": name, "size": upload_file.size},
        key_params={"name": name, "sha256": sha256},  # the same file again: the same job
    )
    if not created:
        jobs_imports.discard(stored)
    return redirect("jobs:job", job_id=job.pk)


@guarded
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, rules.has_case_role, event=Event.SIGNALS_OVERVIEW)
    professional = actor.professional
    assert professional is not None
    gate.log(
        actor, event=Event.SIGNALS_OVERVIEW, outcome=Outcome.GRANTED, purpose=Purpose.EARLY_SIGNALS
    )
    return render(
        request,
        "signals/overview.html",
        {
            "deliveries": selectors.deliveries(),
            "team": professional.team,
            "counts": selectors.team_counts(professional.team_id, today=timezone.localdate()),
            "waiting": selectors.waiting_for_decision(),
            "processing": selectors.legal_basis(),
            "may_import": professional.role in IMPORT_ROLES,
        },
    )


@guarded
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Without ``schuldeiser``: the creditors to choose from; with it, that creditor's CSV."""
    actor = actor_for(request)
    gate.require_role(actor, EXPORT_ROLES, event=Event.SIGNALS_EXPORT)
    raw = request.GET.get("schuldeiser", "")
    if not raw:
        return render(
            request,
            "signals/export.html",
            {"creditors": selectors.creditors(), "processing": selectors.legal_basis()},
        )
    wellformed = raw.isascii() and raw.isdigit() and len(raw) <= 18
    creditor = selectors.creditor(int(raw)) if wellformed else None
    if creditor is None:
        gate.log(
            actor,
            event=Event.SIGNALS_EXPORT,
            outcome=Outcome.REFUSED,
            purpose=Purpose.EARLY_SIGNALS,
            detail=f"creditor {raw[:40]}",
        )
        raise gate.NotFound
    body = services.outcomes_export(actor, creditor)
    day = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="uitkomsten-schuldeiser-{creditor.pk}-{day}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response
