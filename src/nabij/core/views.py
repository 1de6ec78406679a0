"""Login with throttling, logout, the role-based start page and error pages."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import services as access_services
from nabij.access.models import Professional, Role
from nabij.core.forms import LoginForm
from nabij.core.problems import problem_response


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = request.META.get("REMOTE_ADDR")
        if access_services.login_is_locked(username=username, client_address=address):
            minutes = max(1, math.ceil(settings.LOGIN_LOCKOUT_SECONDS / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            access_services.login_attempt_record(
                username=username, client_address=address, succeeded=user is not None
            )
            if user is not None:
                login(request, user)
                target = request.POST.get("next", "")
                if not url_has_allowed_host_and_scheme(
                    target, {request.get_host()}, require_https=request.is_secure()
                ):
                    target = reverse("core:home")
                return redirect(target or "core:home")
            form.add_error(None, _("Unknown username or wrong password."))
            status = 401 if request.method == "POST" else 200
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "core/login.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:login")


def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    if not request.user.is_authenticated:
        return redirect("core:login")
    professional = Professional.objects.filter(user=request.user).first()
    role = professional.role if professional else ""
    if role in (Role.PROFESSIONAL, Role.TEAM_COORDINATOR):
        return redirect("people:caseload")
    if role == Role.POLICY_ANALYST:
        return redirect("areas:overview")
    if role == Role.ADMINISTRATOR:
        return redirect("admin:index")
    if role == Role.SOCIAL_BROKER:
        return redirect("matching:overview")
    return render(request, "core/no_role.html", status=403)


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
