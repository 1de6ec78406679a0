"""Mijn Nabij: thin views over the gate (``own_household_for``) and the apps' services.

Every page is a ``resident_view``: a resident signed in with DigiD, their own household only,
every read and write logged with the resident as the actor.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from nabij.access import services as access_services
from nabij.access.enums import Event
from nabij.access.gate import OwnHousehold, own_household_for
from nabij.access.rules import RESIDENT_MIN_AGE
from nabij.access.web import actor_for, resident_view
from nabij.people.selectors import members_seen_by

if TYPE_CHECKING:
    from nabij.people.models import Membership

# The pages of Mijn Nabij in the order a resident meets them (URL name, label).
NAV: list[tuple[str, Any]] = [
    ("portal:home", gettext_lazy("Home")),
    ("portal:plan", gettext_lazy("Our plan")),
    ("portal:network", gettext_lazy("Our network")),
    ("portal:neighbourhood_help", gettext_lazy("Neighbourhood help")),
    ("portal:messages", gettext_lazy("Messages")),
    ("portal:access_log", gettext_lazy("Who looked at our file")),
    ("initiatives:mine", gettext_lazy("My initiatives")),
    ("portal:rights", gettext_lazy("Your rights")),
]


def page(request: HttpRequest, template: str, own: OwnHousehold, **context: Any) -> HttpResponse:
    """Render a Mijn Nabij page with the navigation and the signed-in resident."""
    return render(
        request,
        template,
        {"own": own, "current_resident": own.resident, "portal_nav": NAV, **context},
    )


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_GET
def login_page(request: HttpRequest) -> HttpResponse:
    """The DigiD button; the library takes over from ``digid:login``."""
    target = safe_next(request, reverse("portal:home"))
    digid_url = f"{reverse('digid:login')}?{urlencode({'next': target})}"
    return render(
        request, "portal/login.html", {"digid_url": digid_url, "mock": settings.DIGID_MOCK}
    )


def _child_age(membership: Membership, day: dt.date) -> int | None:
    age = membership.resident.age_on(day)
    return age if age < RESIDENT_MIN_AGE else None


@resident_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The household at a glance: who is in it (children under 16 only for a member with
    parental authority) and the address (never when another member's address is protected)."""
    today = timezone.localdate()

    def seen(own: OwnHousehold) -> list[int | None]:
        return [m.resident_id for m in members_seen_by(own.membership, own.current_members, today)]

    own = own_household_for(actor_for(request), event=Event.ME_HOME, subjects=seen)
    members = members_seen_by(own.membership, own.current_members, today)
    return page(
        request,
        "portal/home.html",
        own,
        # (membership, age): the age is shown for the children only
        members=[(m, _child_age(m, today)) for m in members],
        address=own.household.address if own.address_visible else None,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("portal:login")


@resident_view
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this resident, on every device, this one included."""
    actor = actor_for(request)
    own_household_for(actor, event=Event.ME_LOGOUT_EVERYWHERE, subjects=[actor.resident_id])
    access_services.resident_sessions_end(actor)
    logout(request)
    messages.info(request, _("You are logged out on all devices."))
    return redirect("portal:login")
