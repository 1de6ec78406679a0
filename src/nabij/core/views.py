"""Error pages, the API's 404, the health check and /favicon.ico: views that need no app."""

from __future__ import annotations

import functools
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from nabij.core.problems import problem_response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 403}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token (often an expired page): say so, in the user's words."""
    return render(request, "core/error.html", {"code": 403, "csrf": True}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 404}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"code": 500}, status=500)


@csrf_exempt
def api_not_found(request: HttpRequest) -> HttpResponse:
    """Unknown paths under /api/v1/ answer as the API does (problem+json), not with a page.

    CSRF-exempt because API clients send no cookies; it only ever answers 404.
    """
    return problem_response(
        request, status=404, title="Not found", detail="There is no API endpoint at this path."
    )


def health(request: HttpRequest) -> HttpResponse:
    """A trivial view: the baseline the dossier benchmark compares against."""
    return HttpResponse("ok", content_type="text/plain")


FAVICON = Path(__file__).resolve().parent / "static" / "nabij" / "favicon.ico"


@functools.cache
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page links: the
    same icon as ``nabij/favicon.svg``, cached for a day."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
