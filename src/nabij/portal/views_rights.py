"""Mijn Nabij: "Wie keek in ons dossier" and the resident's rights under the AVG (a copy of all
their data, a correction, the register of processing, withdrawing consent).

Thin views: the gate (``own_household_for``) lets the resident in and logs the resident as the
actor; reads come from the selectors, writes from ``portal.services``.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate
from nabij.access.enums import LIST_EVENTS, Event, Outcome, Purpose
from nabij.access.gate import Actor, OwnHousehold, own_household_for
from nabij.access.selectors_residents import Cursor, list_appearances, log_page
from nabij.access.web import actor_for, fresh_login_required, resident_view
from nabij.core.errors import DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.matching.selectors_residents import resident_profile
from nabij.portal import export, selectors, services
from nabij.portal.access_log import by_day_and_person, lines, list_lines
from nabij.portal.models import TEXT_MAX
from nabij.portal.views import page


def _self(actor: Actor) -> list[int | None]:
    return [actor.resident_id]


def _own_and_children(actor: Actor, event: Event) -> OwnHousehold:
    """The gate for a page that shows the resident's data and their children's (under 16,
    with parental authority): one granted row for each of them."""
    own = own_household_for(actor, event=event, subjects=_self(actor))
    children = sorted(own.visible_resident_ids - {own.resident.pk})
    if children:
        gate.log(
            actor,
            event=event,
            outcome=Outcome.GRANTED,
            purpose=Purpose.OWN_DATA,
            resident_ids=children,
            household_id=own.household.pk,
        )
    return own


@resident_view
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Who looked at our file: grouped per day, actor and action, refusals included."""
    actor = actor_for(request)
    own = _own_and_children(actor, Event.ME_ACCESS_LOG_VIEW)
    token = request.GET.get("pagina", "")
    cursor = Cursor.parse(token) if token else None
    if token and cursor is None:
        messages.error(
            request, _("This page of the list does not exist. Here are the newest lines.")
        )
    others_only = request.GET.get("alleen") == "anderen"
    visible = own.visible_resident_ids
    exclude_user_id = actor.user.pk if others_only else None
    # The reads that open the data come first, a line per action; the lists the names were in
    # are counted apart, over the same days.
    found = log_page(
        visible, cursor=cursor, exclude_user_id=exclude_user_id, exclude_events=LIST_EVENTS
    )
    listed, listers = list_appearances(
        visible, LIST_EVENTS, page=found, cursor=cursor, exclude_user_id=exclude_user_id
    )
    names = {m.resident_id: m.resident.first_name for m in own.current_members}
    viewer_user_id, viewer_id = actor.account.pk, own.resident.pk
    return page(
        request,
        "portal/access_log.html",
        own,
        days=by_day_and_person(
            lines(found, viewer_user_id=viewer_user_id, names=names, viewer_id=viewer_id)
        ),
        list_lines=list_lines(
            listed, listers, viewer_user_id=viewer_user_id, names=names, viewer_id=viewer_id
        ),
        next_cursor=found.next,
        first_page=cursor is None,
        others_only=others_only,
        children=[names[rid] for rid in sorted(visible) if rid != own.resident.pk],
    )


@resident_view
@require_GET
def rights(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    own = own_household_for(actor, event=Event.ME_RIGHTS_VIEW, subjects=_self(actor))
    return page(
        request,
        "portal/rights.html",
        own,
        processings=selectors.processings(),
        profile=resident_profile(own.resident.pk),
        corrections=list(selectors.resident_corrections(own.resident.pk)),
        today=timezone.localdate(),
    )


class CorrectionForm(forms.Form):
    what_is_wrong = forms.CharField(
        label=gettext_lazy("What is wrong?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "aria-describedby": "id_what_is_wrong-hint"}),
        help_text=gettext_lazy("For example: my date of birth, or a sentence in the plan."),
    )
    should_be = forms.CharField(
        label=gettext_lazy("What should it be?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@resident_view
@require_http_methods(["GET", "POST"])
def correction_new(request: HttpRequest) -> HttpResponse:
    """Ask for a correction (AVG art. 16): it goes to the coordinator, who answers within a
    month."""
    actor = actor_for(request)
    event = Event.ME_CORRECTION_CREATE if request.method == "POST" else Event.ME_RIGHTS_VIEW
    own = own_household_for(actor, event=event, subjects=_self(actor))
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.correction_request(
                own=own,
                what_is_wrong=form.cleaned_data["what_is_wrong"],
                should_be=form.cleaned_data["should_be"],
            )
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("We sent your request to your coordinator. You get an answer by %(date)s.")
                % {"date": created.due_on.strftime("%d-%m-%Y")},
            )
            return redirect("portal:rights")
    response = page(request, "portal/correction_form.html", own, form=form)
    if request.method == "POST":
        response.status_code = 400
    return response


@resident_view
@require_POST
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    """Stop with the neighbourhood help: the resident's own consent, withdrawn at once."""
    actor = actor_for(request)
    own = own_household_for(actor, event=Event.ME_CONSENT_WITHDRAW, subjects=_self(actor))
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to say that you want to stop."))
        return redirect("portal:rights")
    if services.neighbourhood_help_withdraw(actor=actor, own=own):
        messages.success(
            request,
            _(
                "You stopped with the neighbourhood help. We erased your phone number and "
                "e-mail address. Nobody will be proposed to you any more."
            ),
        )
    else:
        messages.info(request, _("You had not given consent to the neighbourhood help."))
    return redirect("portal:rights")


@resident_view
@fresh_login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    """All your data, to read and to print (AVG art. 15)."""
    actor = actor_for(request)
    own = _own_and_children(actor, Event.ME_EXPORT)
    built = export.build(own)
    return page(
        request,
        "portal/export.html",
        own,
        data=built.data,
        log=export.log_overview(built, viewer_user_id=actor.account.pk),
    )


@resident_view
@fresh_login_required
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    """All your data as one JSON file (AVG art. 20), downloaded."""
    actor = actor_for(request)
    own = _own_and_children(actor, Event.ME_EXPORT)
    built = export.build(own)
    response = StreamingHttpResponse(
        export.json_chunks(built, viewer_user_id=actor.account.pk),
        content_type="application/json; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="nabij-mijn-gegevens-{day}.json"'
    response["Cache-Control"] = "no-store"
    # A streamed body: the page decorators only pass the response on.
    return cast(HttpResponse, response)
