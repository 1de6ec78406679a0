"""Login (a password, then a code where the role needs two factors) with throttling, logout,
and the role-based start page. They live in ``access`` because they write login events and
read professionals; ``core`` depends on no app (see the import contracts in pyproject.toml)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import User
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device

from nabij.access import throttle, two_factor
from nabij.access.models import LoginEvent, Professional, Role
from nabij.core.client import client_address
from nabij.core.forms import CodeForm, EnrollForm, LoginForm

# The second step (code, or setting up an authenticator) must follow the password soon.
SECOND_STEP_SECONDS = 300
_PENDING = "nabij_login_pending"


def _safe_target(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _locked_message() -> str:
    minutes = max(1, math.ceil(settings.LOGIN_LOCKOUT_SECONDS / 60))
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute.",
        "Too many failed attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _reserve(
    request: HttpRequest, *, username: str, address: str | None, user_id: int | None = None
) -> tuple[throttle.Bucket, ...] | None:
    """Count this attempt before checking anything; None (and an audit event) when refused."""
    buckets = throttle.buckets_for(
        username=username,
        client_address=address,
        device_id=throttle.device_cookie_id(request, username),
    )
    refused = throttle.attempt_reserve(buckets)
    if refused is None:
        return buckets
    throttle.event_record(
        kind=LoginEvent.Kind.LOCKED_OUT,
        username=username,
        client_address=address,
        user_id=user_id,
        detail=refused.kind,
    )
    return None


def _login_complete(
    request: HttpRequest, user: User, *, address: str | None, device: Device | None
) -> None:
    """The one place a browser session is logged in: after the password, and the code where
    the account needs one. The response then gets a device cookie (``_known_browser``)."""
    request.session.pop(_PENDING, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    throttle.event_record(
        kind=LoginEvent.Kind.SUCCEEDED,
        username=user.get_username(),
        client_address=address,
        user_id=user.pk,
        detail=type(device).__name__ if device is not None else "password",
    )


def _known_browser(response: HttpResponse, user: User) -> HttpResponse:
    """This browser logged in to this account: its own throttle from now on (see throttle)."""
    throttle.device_cookie_set(response, user.get_username())
    return response


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Step one: the password. The only place in Nabij that accepts one (see admin_login)."""
    form = LoginForm(request.POST or None)
    status = 200
    next_url = request.GET.get("next", request.POST.get("next", ""))
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = client_address(request)
        buckets = _reserve(request, username=username, address=address)
        if buckets is None:
            form.add_error(None, _locked_message())
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if not isinstance(user, User):
                throttle.event_record(
                    kind=LoginEvent.Kind.WRONG_PASSWORD, username=username, client_address=address
                )
                form.add_error(None, _("Unknown username or wrong password."))
                status = 401
            else:
                throttle.attempt_release(buckets)
                if not two_factor.second_factor_required(user):
                    _login_complete(request, user, address=address, device=None)
                    return _known_browser(redirect(_safe_target(request, next_url)), user)
                request.session.cycle_key()  # a new session id once the password is known
                request.session[_PENDING] = {
                    "user": user.pk,
                    "at": time.time(),
                    "next": next_url,
                }
                step = "core:login_code" if two_factor.has_device(user) else "core:login_enroll"
                return redirect(step)
    elif request.method == "POST":
        status = 400
    return render(request, "core/login.html", {"form": form, "next": next_url}, status=status)


def _pending_user(request: HttpRequest) -> tuple[User, str] | None:
    """The account whose password was just given in this session, and where to go after."""
    pending = request.session.get(_PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > SECOND_STEP_SECONDS:
        request.session.pop(_PENDING, None)
        return None
    user_id = pending.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return user, str(pending.get("next", ""))


def _back_to_login(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Log in again: the code must follow the password within minutes."))
    return redirect("core:login")


T = TypeVar("T")


def _checked_code(
    request: HttpRequest, user: User, form: Form, verify: Callable[[str], T | None]
) -> tuple[T | None, str | None, int]:
    """A code step's common part: a throttle slot first, then ``verify``; a wrong code is a
    login event and a message on the form. The slot is given back when the code is right."""
    address = client_address(request)
    buckets = _reserve(request, username=user.get_username(), address=address, user_id=user.pk)
    if buckets is None:
        form.add_error(None, _locked_message())
        return None, address, 429
    result = verify(form.cleaned_data["code"])
    if result is None:
        throttle.event_record(
            kind=LoginEvent.Kind.WRONG_CODE,
            username=user.get_username(),
            client_address=address,
            user_id=user.pk,
        )
        form.add_error(None, _("Wrong or expired code."))
        return None, address, 401
    throttle.attempt_release(buckets)
    return result, address, 200


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """Step two: the authenticator app's code or a backup code, throttled like the password."""
    pending = _pending_user(request)
    if pending is None:
        return _back_to_login(request)
    user, next_url = pending
    if not two_factor.has_device(user):
        return redirect("core:login_enroll")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device, address, status = _checked_code(
            request, user, form, lambda code: two_factor.code_verify(user, code)
        )
        if device is not None:
            _login_complete(request, user, address=address, device=device)
            return _known_browser(redirect(_safe_target(request, next_url)), user)
    elif request.method == "POST":
        status = 400
    return render(request, "core/login_code.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def login_enroll(request: HttpRequest) -> HttpResponse:
    """Step two at the first login of an account that needs two factors: set up the app."""
    pending = _pending_user(request)
    if pending is None:
        return _back_to_login(request)
    user, next_url = pending
    if two_factor.has_device(user):
        return redirect("core:login_code")
    device = two_factor.enrollment_device(user)
    form = EnrollForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        codes, address, status = _checked_code(
            request, user, form, lambda code: two_factor.enrollment_confirm(device, code)
        )
        if codes is not None:
            throttle.event_record(
                kind=LoginEvent.Kind.DEVICE_ENROLLED,
                username=user.get_username(),
                client_address=address,
                user_id=user.pk,
            )
            device.refresh_from_db()
            _login_complete(request, user, address=address, device=device)
            page = render(
                request,
                "core/login_backup_codes.html",
                {"codes": codes, "target": _safe_target(request, next_url)},
            )
            return _known_browser(page, user)
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "secret": two_factor.secret_base32(device),
        "qr": two_factor.qr_data_uri(device),
    }
    return render(request, "core/login_enroll.html", context, status=status)


@require_http_methods(["GET", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The administration's own login page is not a second way in: it sends to Nabij's login
    (one form, one throttle, two factors) and never reads a password."""
    target = request.GET.get("next", "")
    if not target or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return redirect(f"{reverse('core:login')}?{urlencode({'next': target})}")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:login")


def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    if not request.user.is_authenticated:
        return redirect("core:login")
    if request.session.get("nabij_resident"):
        return redirect("portal:home")
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
    if role == Role.REFERRER:
        return redirect("referrals:mine")
    return render(request, "core/no_role.html", status=403)
