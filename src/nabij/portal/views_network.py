"""Ons netwerk (Mijn Nabij): the household keeps its own network map, in its own words.

The network is a resource the household may call on, never a condition for support. An entry a
member keeps "alleen voor mij" is shown to that member only (and to the professionals), never
to another member: every read goes through ``people.selectors.network_visible_to``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, resident_view
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.people import selectors as people_selectors
from nabij.people import services as people_services
from nabij.people.models import NetworkMember
from nabij.portal.forms_network import OwnNetworkAddForm, OwnNetworkEditForm, VersionForm
from nabij.portal.views import page


def subjects_of(own: gate.OwnHousehold, member: NetworkMember) -> list[int | None]:
    """Whose data an entry is: the member's own when kept private, else the household's."""
    if member.private_to_id is not None:
        return [own.resident.pk]
    return [m.resident_id for m in own.current_members]


def own_member(request: HttpRequest, member_id: int, event: Event) -> tuple[Any, NetworkMember]:
    """The entry if this member may see it; 404 (logged) for another household's, another
    member's private one, or an unknown id."""
    return gate.own_item_for(
        actor_for(request),
        event=event,
        load=lambda own: people_selectors.network_member_visible_to(
            own.household.pk, own.resident.pk, member_id
        ),
        subjects=subjects_of,
        item=f"network member {member_id}",
    )


@resident_view
@require_GET
def network(request: HttpRequest) -> HttpResponse:
    own = gate.own_household_for(actor_for(request), event=Event.ME_NETWORK_VIEW)
    entries = list(people_selectors.network_visible_to(own.household.pk, own.resident.pk))
    return page(
        request,
        "portal/network.html",
        own,
        current=[e for e in entries if e.ended_on is None],
        former=[e for e in entries if e.ended_on is not None],
    )


@resident_view
@require_http_methods(["GET", "POST"])
def network_add(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    private = request.method == "POST" and bool(request.POST.get("private"))
    event = Event.ME_NETWORK_CREATE if request.method == "POST" else Event.ME_NETWORK_FORM
    own = gate.own_household_for(
        actor, event=event, subjects=[actor.resident_id] if private else None
    )
    form = OwnNetworkAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        keep_private = data.pop("private")
        try:
            people_services.network_member_add(
                household=own.household,
                private_to=own.resident if keep_private else None,
                **data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(name)s is in your network.") % {"name": data["name"]})
            return redirect("portal:network")
    status = 400 if request.method == "POST" else 200
    response = page(request, "portal/network_form.html", own, form=form, member=None)
    response.status_code = status
    return response


@resident_view
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    event = Event.ME_NETWORK_UPDATE if request.method == "POST" else Event.ME_NETWORK_FORM
    own, member = own_member(request, member_id, event)
    private = member.private_to_id is not None
    if request.method == "GET":
        form = OwnNetworkEditForm(initial=OwnNetworkEditForm.initial_for(member), private=private)
        return page(request, "portal/network_form.html", own, form=form, member=member)
    form = OwnNetworkEditForm(request.POST, private=private)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            people_services.network_member_update(
                household=own.household,
                member_id=member.pk,
                expected_version=data.pop("version"),
                share=bool(data.pop("share", False)),
                **data,
            )
        except ConflictError as exc:
            # The input stays in the form; saving again is now a choice made knowing the change.
            form.add_error(None, str(exc))
            data = request.POST.copy()
            data["version"] = str(member.version)
            form.data = data
            status = 409
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("portal:network")
    response = page(request, "portal/network_form.html", own, form=form, member=member)
    response.status_code = status
    return response


@resident_view
@require_POST
def network_end(request: HttpRequest, member_id: int) -> HttpResponse:
    own, member = own_member(request, member_id, Event.ME_NETWORK_END)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something went wrong. Try again."))
        return redirect("portal:network")
    try:
        people_services.network_member_end(
            household=own.household,
            member_id=member.pk,
            expected_version=form.cleaned_data["version"],
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s is no longer in your network. You can still see the name below.")
            % {"name": member.name},
        )
    return redirect("portal:network")
