"""A resident's session (Mijn Nabij): 15 idle minutes, "log out everywhere", and an account that
lasts only as long as the membership. Checked on every request, so a session cannot outlive any
of the three; a professional's session is left alone (it never carries the resident marker)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import rules, throttle
from nabij.access.models import LoginEvent, ResidentAccount
from nabij.core.client import client_address

RESIDENT_MARK = "nabij_resident"  # the session is a resident's (set at the DigiD login)
AUTH_AT = "nabij_auth_at"  # when this session logged in (epoch seconds)
SEEN_AT = "nabij_seen_at"  # the last request (epoch seconds)
# The last-seen stamp is written at most this often, so most requests save no session.
_SEEN_RESOLUTION = 30


@receiver(user_logged_in)
def _mark_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Every login stamps its session; a resident's is marked as one. Django's login has
    already flushed a session that belonged to another account, so a professional's session
    never becomes a resident's or the other way round."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    if ResidentAccount.objects.filter(user_id=user.pk).exists():
        request.session[RESIDENT_MARK] = True
        throttle.event_record(
            kind=LoginEvent.Kind.SUCCEEDED,
            username=user.get_username(),
            client_address=client_address(request),
            user_id=user.pk,
            detail="digid",
        )


def seconds_since_login(request: HttpRequest) -> float:
    return time.time() - float(request.session.get(AUTH_AT, 0) or 0)


class ResidentSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(RESIDENT_MARK) and request.user.is_authenticated:
            reason = self._ended(request)
            if reason:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API answers 401 itself
                messages.info(request, reason)
                return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")
        return self.get_response(request)

    def _ended(self, request: HttpRequest) -> str:
        """Why this resident's session must end now, or ``""``; stamps the request if not."""
        now = time.time()
        user_id: int = request.user.pk  # type: ignore[assignment]
        if now - float(request.session.get(SEEN_AT, 0) or 0) > settings.RESIDENT_IDLE_SECONDS:
            return _("You were logged out after 15 minutes without activity. Log in again.")
        account = ResidentAccount.objects.select_related("resident").filter(user_id=user_id).first()
        if account is None:
            return _("Log in again.")
        valid_from = account.sessions_valid_from
        if valid_from is not None and valid_from.timestamp() > float(
            request.session.get(AUTH_AT, 0) or 0
        ):
            return _("You were logged out everywhere. Log in again.")
        if rules.resident_membership(account.resident, timezone.localdate()) is None:
            return _("You no longer have access to Mijn Nabij.")
        if now - float(request.session.get(SEEN_AT, 0) or 0) > _SEEN_RESOLUTION:
            request.session[SEEN_AT] = now
        request._nabij_resident_account = account  # type: ignore[attr-defined]
        return ""
