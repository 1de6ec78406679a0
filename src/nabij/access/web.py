"""What every page view shares: the acting user, and refusals turned into proper pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from nabij.access.gate import AccessDenied, Actor, NotFound


def actor_for(request: HttpRequest) -> Actor:
    """The acting user for this request, built once and cached on the request."""
    actor = getattr(request, "_nabij_actor", None)
    if actor is None:
        actor = Actor.from_request(request)
        request._nabij_actor = actor  # type: ignore[attr-defined]
        request._nabij_professional = actor.professional  # type: ignore[attr-defined]
    return actor


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; ``AccessDenied`` becomes a 403 page, ``NotFound`` a 404 page.

    The gate has already written the refused access-log row when these are raised.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except AccessDenied:
            return render(request, "core/error.html", {"code": 403}, status=403)
        except NotFound:
            return render(request, "core/error.html", {"code": 404}, status=404)

    return wrapper


def resident_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A Mijn Nabij page: a resident signed in with DigiD, or off to the DigiD login.

    A professional's session gets the 403 page (a resident is never also a professional in
    one session); the gate's refusals become 403 and 404 pages as in ``guarded``.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("portal:login"))
        try:
            return view(request, *args, **kwargs)
        except AccessDenied:
            return render(request, "portal/error.html", {"code": 403}, status=403)
        except NotFound:
            return render(request, "portal/error.html", {"code": 404}, status=404)

    return wrapper


def fresh_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Before an export of personal data: a DigiD login of the last few minutes
    (``RESIDENT_FRESH_LOGIN_SECONDS``), else back through DigiD and then here again."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not login_is_fresh(request):
            messages.info(request, _("Log in again with DigiD to download your data."))
            return redirect_to_login(request.get_full_path(), login_url=reverse("portal:login"))
        return view(request, *args, **kwargs)

    return wrapper


def login_is_fresh(request: HttpRequest) -> bool:
    from nabij.access.middleware import seconds_since_login

    return seconds_since_login(request) <= settings.RESIDENT_FRESH_LOGIN_SECONDS
