"""The upload page: team coordinators import cost-line files, as the back office would.

Who may import: team coordinators. A declaration concerns households anywhere in the
municipality, not only the coordinator's own team, so the right is a role, checked (and a
refusal logged) before anything is read; every resident whose lines are written gets an
access-log row (Event.COSTS_IMPORT). The size limit is checked on Content-Length before the body is
parsed; CSRF is verified only after that, because verifying it reads the (possibly huge) body.
The import itself runs as a background job (``costs.jobs_imports``); the page leads to it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from nabij.access import gate
from nabij.access.enums import Event, Role
from nabij.access.web import actor_for, guarded
from nabij.costs import jobs_imports
from nabij.costs.forms_imports import CostImportForm, max_upload_bytes
from nabij.costs.models import ImportBatch
from nabij.jobs import services as job_services
from nabij.jobs.models import Job

IMPORT_ROLES = (Role.TEAM_COORDINATOR,)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _page(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    context.setdefault("form", CostImportForm())
    context["limit_mb"] = settings.COSTS_IMPORT_MAX_UPLOAD_MB
    context["recent"] = ImportBatch.objects.select_related("imported_by")[:10]
    return render(request, "costs/import_upload.html", context, status=status)


@csrf_exempt  # checked in _upload, after the size check; see the module docstring
@guarded
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_role(actor, IMPORT_ROLES, event=Event.COSTS_IMPORT)
    if request.method == "POST" and _content_length(request) > max_upload_bytes():
        return _page(request, {"too_large": True}, status=413)
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, {})
    actor = actor_for(request)
    form = CostImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    name = (upload.name or "upload")[-255:]
    # The import runs as a background job on a private copy of the upload (deleted when done).
    stored, sha256 = jobs_imports.store_upload(upload)
    job, created = job_services.job_start(
        actor=actor,
        kind=Job.Kind.COSTS_IMPORT,
        params={"file": stored, "name": name, "size": upload.size},
        key_params={"name": name, "sha256": sha256},  # the same file again: the same job
    )
    if not created:  # the same file is being imported already: that job, not a second copy
        jobs_imports.discard(stored)
    return redirect("jobs:job", job_id=job.pk)
