"""Buurthulp zelf (Mijn Nabij): the resident registers their own offers and needs with their
explicit consent, answers a proposal themselves, and sees their introductions.

Every read and write goes through the gate: the resident's own household
(``own_household_for``), the profiles shown (``log_participants``) and a proposal they are a
party to (``own_proposal_for``), each logged with the resident as the actor.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, resident_view
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.matching import selectors as matching_selectors
from nabij.matching import services as matching_services
from nabij.matching.models import Participant
from nabij.portal.forms_neighbourhood import (
    AnswerForm,
    OwnEditForm,
    OwnProfileForm,
    OwnRegisterForm,
    StopForm,
)
from nabij.portal.views import page


def shown_participants(
    participant: Participant | None, exchanges: list[matching_selectors.OwnExchange]
) -> list[Participant]:
    """Whose profile the page shows: the resident's own, and the others in their proposals."""
    people = {participant.pk: participant} if participant is not None else {}
    for exchange in exchanges:
        for party in exchange.others:
            people[party.participant_id] = party.participant
    return list(people.values())


def _page(
    request: HttpRequest,
    own: gate.OwnHousehold,
    participant: Participant | None,
    *,
    form: OwnProfileForm | None = None,
    answer_forms: dict[int, AnswerForm] | None = None,
    stop_form: StopForm | None = None,
    status: int = 200,
) -> HttpResponse:
    skills = matching_selectors.skills()
    exchanges = matching_selectors.own_exchanges(participant) if participant is not None else []
    gate.log_participants(
        actor_for(request),
        shown_participants(participant, exchanges),
        event=Event.ME_NEIGHBOURHOOD_VIEW,
        household_id=own.household.pk,
    )
    if form is None:
        form = (
            OwnEditForm(initial=OwnProfileForm.initial_for(participant), skills=skills)
            if participant is not None
            else OwnRegisterForm(skills=skills)
        )
    response = page(
        request,
        "portal/neighbourhood.html",
        own,
        participant=participant,
        form=form,
        waiting=[
            (e, (answer_forms or {}).get(e.proposal.pk)) for e in exchanges if e.waiting_for_answer
        ],
        exchanges=[e for e in exchanges if not e.waiting_for_answer],
        stop_form=stop_form or StopForm(),
    )
    response.status_code = status
    return response


@resident_view
@require_http_methods(["GET", "POST"])
def neighbourhood_help(request: HttpRequest) -> HttpResponse:
    """The page; its form registers (with consent) or changes the resident's own profile."""
    actor = actor_for(request)
    if request.method == "GET":
        own = gate.own_household_for(
            actor, event=Event.ME_NEIGHBOURHOOD_VIEW, subjects=[actor.resident_id]
        )
        return _page(request, own, matching_selectors.own_participant(own.resident.pk))
    editing = "version" in request.POST  # the edit form; the first registration has none
    event = Event.ME_NEIGHBOURHOOD_UPDATE if editing else Event.ME_NEIGHBOURHOOD_REGISTER
    own = gate.own_household_for(actor, event=event, subjects=[actor.resident_id])
    participant = matching_selectors.own_participant(own.resident.pk)
    skills = matching_selectors.skills()
    form: OwnProfileForm
    status = 400
    if participant is None:
        form = OwnRegisterForm(request.POST, skills=skills)
        if form.is_valid():
            try:
                matching_services.own_register(
                    actor=actor,
                    household=own.household,
                    choices=form.choices(),
                    consent_given=form.cleaned_data["consent"],
                    plan_consent=form.cleaned_data["plan_consent"],
                )
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("You take part. The social broker looks for someone who fits."),
                )
                return redirect("portal:neighbourhood_help")
    else:
        gate.log_participants(actor, [participant], event=event, household_id=own.household.pk)
        form = OwnEditForm(request.POST, skills=skills)
        if form.is_valid():
            try:
                matching_services.own_update(
                    actor=actor,
                    household=own.household,
                    participant=participant,
                    expected_version=form.cleaned_data["version"],
                    choices=form.choices(),
                    plan_consent=form.cleaned_data["plan_consent"],
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
                data = request.POST.copy()
                data["version"] = str(participant.version)
                form.data = data
                status = 409
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("portal:neighbourhood_help")
    return _page(request, own, participant, form=form, status=status)


@resident_view
@require_POST
def neighbourhood_answer(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Yes or no to a proposal, through the same transition as an answer the broker records."""
    actor = actor_for(request)
    own, proposal = gate.own_proposal_for(
        actor, proposal_id, load=matching_selectors.proposal, event=Event.ME_NEIGHBOURHOOD_ANSWER
    )
    form = AnswerForm(request.POST)
    status = 400
    if form.is_valid():
        agrees = form.cleaned_data["answer"] == "yes"
        try:
            matching_services.proposal_answer_own(
                actor=actor,
                proposal=proposal,
                expected_version=form.cleaned_data["version"],
                agrees=agrees,
                reason=form.cleaned_data["reason"],
            )
        except ConflictError:
            form.add_error(
                None,
                _("This proposal changed just now. Look at it again and give your answer."),
            )
            status = 409
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Thank you. The broker sees your answer.")
                if agrees
                else _(
                    "Thank you. The broker sees your answer; the others are only told it "
                    "will not go ahead."
                ),
            )
            return redirect("portal:neighbourhood_help")
    participant = matching_selectors.own_participant(own.resident.pk)
    return _page(request, own, participant, answer_forms={proposal.pk: form}, status=status)


@resident_view
@require_POST
def neighbourhood_stop(request: HttpRequest) -> HttpResponse:
    """Withdraw consent: every live proposal stops, open needs close, contact details go."""
    actor = actor_for(request)
    own = gate.own_household_for(
        actor, event=Event.ME_NEIGHBOURHOOD_WITHDRAW, subjects=[actor.resident_id]
    )
    participant = matching_selectors.own_participant(own.resident.pk)
    if participant is None:
        messages.info(request, _("You do not take part in neighbourhood help."))
        return redirect("portal:neighbourhood_help")
    gate.log_participants(
        actor, [participant], event=Event.ME_NEIGHBOURHOOD_WITHDRAW, household_id=own.household.pk
    )
    form = StopForm(request.POST)
    if not form.is_valid():
        return _page(request, own, participant, stop_form=form, status=400)
    matching_services.consent_withdraw(actor=actor, participant=participant)
    messages.success(
        request,
        _("You no longer take part. Your phone number and email are removed."),
    )
    return redirect("portal:neighbourhood_help")
