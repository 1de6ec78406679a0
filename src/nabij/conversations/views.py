"""The dossier's Berichten page: each member's thread, read and answered by the household's
professionals (its coordinator first). Declared with the HOUSEHOLD rule: every read and every
answer passes ``gate.household_for`` and is logged for the household's members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.rules import RESIDENT_MIN_AGE
from nabij.access.web import actor_for, guarded
from nabij.conversations import selectors, services
from nabij.conversations.forms import ReplyForm
from nabij.core.forms_util import apply_validation_error
from nabij.people import selectors as people_selectors


@guarded
@require_http_methods(["GET", "POST"])
def household_messages(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.MESSAGE_SEND if request.method == "POST" else Event.MESSAGES_VIEW
    household = gate.household_for(actor, household_id, event=event)
    today = timezone.localdate()
    current = [m for m in people_selectors.memberships_of(household) if m.ended_on is None]
    adults = [m for m in current if m.resident.age_on(today) >= RESIDENT_MIN_AGE]
    form = ReplyForm(
        request.POST or None, members=[(m.resident_id, m.resident.full_name) for m in adults]
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_from_professional(
                    actor=actor,
                    household=household,
                    resident_id=form.cleaned_data["resident"],
                    body=form.cleaned_data["body"],
                    private=form.cleaned_data["private"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Message sent."))
                return redirect("conversations:household", household_id=household.pk)
        status = 400
    threads = {
        t.thread.resident_id: t
        for t in selectors.household_threads(household, [m.resident_id for m in current])
    }
    if request.method == "GET":  # shown as new this once, then read
        services.read_by_professional(household=household)
    failed = form.data.get("resident") if form.is_bound else None
    return render(
        request,
        "conversations/household.html",
        {
            "household": household,
            "members": [(m, threads.get(m.resident_id)) for m in adults],
            "former": [t for t in threads.values() if not t.current],
            "form": form,
            "failed": str(failed or ""),
        },
        status=status,
    )
