"""The upload page: team coordinators import cost-line files, as the back office would.

Who may import: team coordinators. A declaration concerns households anywhere in the
municipality, not only the coordinator's own team, so the right is a role, checked (and a
refusal logged) before anything is read; every resident whose lines are written gets an
access-log row (Event.COSTS_IMPORT). The size limit is checked on Content-Length before the body is
parsed; CSRF is verified only after that, because verifying it reads the (possibly huge) body.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from nabij.access import gate
from nabij.access.enums import Event, Role
from nabij.access.web import actor_for, guarded
from nabij.costs.forms_imports import CostImportForm, max_upload_bytes
from nabij.costs.imports import ImportRefused, import_files
from nabij.costs.models import ImportBatch

IMPORT_ROLES = (Role.TEAM_COORDINATOR,)
SHOWN_FINDINGS = 500


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
    name = upload.name or "upload"

    def opener():  # type: ignore[no-untyped-def]
        upload.seek(0)
        return _Unclosed(upload)

    try:
        [result] = import_files(actor, [(name, opener, upload.size)])
    except ImportRefused as refused:
        findings = refused.findings
        return _page(
            request,
            {
                "form": form,
                "file_name": name,
                "findings": findings[:SHOWN_FINDINGS],
                "more": len(findings) - SHOWN_FINDINGS + refused.dropped
                if len(findings) > SHOWN_FINDINGS or refused.dropped
                else 0,
                "finding_count": len(findings) + refused.dropped,
            },
            status=422,
        )
    return _page(request, {"result": result})


class _Unclosed:
    """The uploaded file for one pass: the pipeline closes what it opens, the upload lives on."""

    def __init__(self, upload) -> None:  # type: ignore[no-untyped-def]
        self.upload = upload

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.upload

    def __exit__(self, *exc: object) -> None:
        self.upload.seek(0)
