"""Berichten (Mijn Nabij): the member's secure thread with the household's professionals.

A member sees their own thread whole, and what the household's other current members shared
(never what they keep "alleen voor mij"): ``conversations.selectors.messages_visible_to``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate
from nabij.access.enums import AssignmentKind, Event
from nabij.access.web import actor_for, resident_view
from nabij.conversations import selectors, services
from nabij.core.forms_util import apply_validation_error
from nabij.portal.forms_messages import NotificationForm, OwnMessageForm
from nabij.portal.views import page

PAGE_SIZE = 30


def visible(own: gate.OwnHousehold) -> Any:
    return selectors.messages_visible_to(
        own.household.pk, own.resident.pk, [m.resident_id for m in own.current_members]
    )


def shown_subjects(own: gate.OwnHousehold) -> list[int | None]:
    """Whose messages the page shows: the member's own, and those of each member whose shared
    messages are among them."""
    others = set(visible(own).values_list("thread__resident_id", flat=True).distinct())
    return [own.resident.pk, *sorted(others - {own.resident.pk})]


def coordinator(own: gate.OwnHousehold) -> Any:
    return next(
        (
            a.professional
            for a in own.household.assignments.all()
            if a.kind == AssignmentKind.COORDINATOR and a.ended_on is None
        ),
        None,
    )


@resident_view
@require_http_methods(["GET", "POST"])
def messages_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if request.method == "POST":
        own = gate.own_household_for(
            actor, event=Event.ME_MESSAGE_SEND, subjects=[actor.resident_id]
        )
        form = OwnMessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_from_resident(
                    actor=actor,
                    household=own.household,
                    body=form.cleaned_data["body"],
                    private=form.cleaned_data["private"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect("portal:messages")
    else:
        own = gate.own_household_for(actor, event=Event.ME_MESSAGES_VIEW, subjects=shown_subjects)
        form = OwnMessageForm()
    shown = Paginator(visible(own), PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(shown.object_list)
    response = page(
        request,
        "portal/messages.html",
        own,
        form=form,
        page_obj=shown,
        items=items,
        coordinator=coordinator(own),
        notification_form=NotificationForm(initial={"email": actor.account.email}),
    )
    if request.method == "GET":  # shown as new this once, then read
        services.read_by_resident(household=own.household, resident=own.resident)
    else:
        response.status_code = 400
    return response


@resident_view
@require_POST
def notification_email(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.own_household_for(actor, event=Event.ME_NOTIFY_EMAIL_SET, subjects=[actor.resident_id])
    form = NotificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter an email address such as naam@voorbeeld.nl."))
        return redirect("portal:messages")
    address = services.notification_email_set(actor=actor, email=form.cleaned_data["email"])
    messages.success(
        request,
        _("We will email you when there is a new message.")
        if address
        else _("You will get no emails about new messages."),
    )
    return redirect("portal:messages")
