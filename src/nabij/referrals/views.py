"""Referral pages: the referrer's form and list ("Nieuwe verwijzing", "Mijn verwijzingen"), the
team's intake queue, a referral's page and its steps (take on, first contact, close, refer on).
Thin: the gate decides (``referrals.access``, ``gate.require``), services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose, Role
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.people import services as people_services
from nabij.referrals import selectors, services
from nabij.referrals.access import referral_for
from nabij.referrals.forms import (
    AcceptExistingForm,
    AcceptNewForm,
    CloseForm,
    ContactForm,
    ReferOnForm,
    ReferralForm,
)
from nabij.referrals.models import Referral


def _granted(actor: gate.Actor, event: Event) -> None:
    gate.log(actor, event=event, outcome=Outcome.GRANTED, purpose=Purpose.CARE)


@guarded
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, rules.is_referrer, event=Event.REFERRAL_MINE)
    _granted(actor, Event.REFERRAL_MINE)
    return render(
        request, "referrals/mine.html", {"referrals": selectors.own_referrals(actor.account.pk)}
    )


@guarded
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, rules.is_referrer, event=Event.REFERRAL_CREATE)
    teams = selectors.team_choices()
    form = ReferralForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.referral_submit(
                actor=actor,
                data=services.ReferralInput(
                    first_name=d["first_name"],
                    last_name=d["last_name"],
                    postcode=d["postcode"],
                    house_number=d["house_number"],
                    addition=d["addition"],
                    worry=d["worry"],
                    basis=d["basis"],
                    urgency=d["urgency"],
                    consent_on=d["consent_on"],
                    basis_other=d["basis_other"],
                    date_of_birth=d["date_of_birth"],
                    phone=d["phone"],
                    own_reference=d["own_reference"],
                    team_id=d["team"],
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Thank you. The district team has your referral and will act on it.")
            )
            return redirect("referrals:mine")
    status = 400 if request.method == "POST" else 200
    return render(request, "referrals/new.html", {"form": form}, status=status)


@guarded
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_role(actor, [Role.TEAM_COORDINATOR], event=Event.REFERRAL_QUEUE)
    professional = actor.professional
    assert professional is not None
    team_id = professional.team_id or 0
    _granted(actor, Event.REFERRAL_QUEUE)
    return render(
        request,
        "referrals/queue.html",
        {
            "open": list(selectors.intake_queue(team_id)),
            "done": list(selectors.recently_done(team_id)),
            "today": timezone.localdate(),
        },
    )


def _detail(
    request: HttpRequest, referral: Referral, *, status: int = 200, **forms: object
) -> HttpResponse:
    actor = actor_for(request)
    context: dict[str, object] = {
        "referral": referral,
        "processing": selectors.processing(),
        "may_take_on": rules.can_take_referrals(actor.professional, referral.team_id),
        "contact_form": forms.get("contact_form")
        or ContactForm(initial={"version": referral.version, "contact_on": timezone.localdate()}),
        "close_form": forms.get("close_form") or CloseForm(initial={"version": referral.version}),
        "match": selectors.proposed_match(referral) if referral.household_id is None else None,
        "today": timezone.localdate(),
    }
    return render(request, "referrals/detail.html", context, status=status)


@guarded
@require_safe
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for(actor_for(request), referral_id, event=Event.REFERRAL_VIEW)
    return _detail(request, referral)


def _coordinators(team_id: int) -> list[tuple[int, str]]:
    return [
        (p.pk, f"{p} ({p.get_role_display()})") for p in services.coordinator_candidates(team_id)
    ]


@guarded
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = actor_for(request)
    referral = referral_for(actor, referral_id, event=Event.REFERRAL_ACCEPT, intake=True)
    if referral.household_id is not None or referral.state != Referral.State.RECEIVED:
        messages.info(request, _("This referral has been taken on already."))
        return redirect("referrals:detail", referral_id=referral.pk)
    search = request.GET.get("zoek", "")[:80]
    households = selectors.households_to_choose(actor, referral, search)
    coordinators = _coordinators(referral.team_id)
    default_coordinator = actor.professional.pk if actor.professional else None
    mode = request.POST.get("mode", "")
    existing = AcceptExistingForm(
        request.POST if request.method == "POST" and mode != "new" else None,
        households=[(h.pk, f"{h.name} · {h.address or ''}") for h in households],
        coordinators=coordinators,
        initial={"version": referral.version, "coordinator": default_coordinator},
        prefix="existing",
    )
    known = selectors.known_address(referral)
    new_form = AcceptNewForm(
        request.POST if mode == "new" else None,
        coordinators=coordinators,
        initial={
            "version": referral.version,
            "coordinator": default_coordinator,
            "name": _("Household %(name)s") % {"name": referral.last_name},
            "first_name": referral.first_name,
            "last_name": referral.last_name,
            "date_of_birth": referral.date_of_birth,
            "postcode": referral.postcode,
            "house_number": referral.house_number,
            "addition": referral.addition,
            "street": known.street if known else "",
            "city": known.city if known else "Leeuwarden",
            "neighbourhood": known.neighbourhood.code if known else None,
        },
        prefix="new",
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if mode == "existing" and existing.is_valid():
                d = existing.cleaned_data
                household = services.referral_accept_existing(
                    actor=actor,
                    referral=referral,
                    expected_version=d["version"],
                    household_id=d["household"],
                    coordinator_id=d["coordinator"],
                )
                messages.success(request, _("Referral taken on and linked to the household."))
                return redirect("people:household_detail", household_id=household.pk)
            if mode == "new" and new_form.is_valid():
                d = new_form.cleaned_data
                household = services.referral_accept_new(
                    actor=actor,
                    referral=referral,
                    expected_version=d["version"],
                    name=d["name"],
                    address=people_services.AddressInput(
                        postcode=d["postcode"],
                        street=d["street"],
                        house_number=d["house_number"],
                        addition=d["addition"],
                        city=d["city"],
                        neighbourhood_code=d["neighbourhood"].code,
                    ),
                    first_member=people_services.ResidentInput(
                        first_name=d["first_name"],
                        last_name=d["last_name"],
                        date_of_birth=d["date_of_birth"],
                        bsn=d["bsn"],
                    ),
                    coordinator_id=d["coordinator"],
                )
                messages.success(request, _("Referral taken on: the household is registered."))
                return redirect("people:household_detail", household_id=household.pk)
            if mode not in ("existing", "new") and existing.is_valid():
                existing.add_error(None, _("Choose: link a household, or register a new one."))
        except ConflictError as exc:
            status = 409
            (new_form if mode == "new" else existing).add_error(None, str(exc))
        except (ValidationError, DomainError) as exc:
            apply_validation_error(new_form if mode == "new" else existing, exc)
    return render(
        request,
        "referrals/accept.html",
        {
            "referral": referral,
            "existing": existing,
            "new_form": new_form,
            "households": households,
            "search": search,
            "mode": mode,
        },
        status=status,
    )


@guarded
@require_POST
def contact(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = actor_for(request)
    referral = referral_for(actor, referral_id, event=Event.REFERRAL_CONTACT)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.referral_contact(
                actor=actor,
                referral=referral,
                expected_version=form.cleaned_data["version"],
                contact_on=form.cleaned_data["contact_on"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
            return _detail(request, referral, status=409, contact_form=form)
        except DomainError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("First contact recorded. The referrer sees: contact made."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return _detail(request, referral, status=400, contact_form=form)


@guarded
@require_POST
def close(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = actor_for(request)
    referral = referral_for(actor, referral_id, event=Event.REFERRAL_CLOSE)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.referral_close(
                actor=actor,
                referral=referral,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
            return _detail(request, referral, status=409, close_form=form)
        except DomainError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Referral closed."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return _detail(request, referral, status=400, close_form=form)


@guarded
@require_http_methods(["GET", "POST"])
def refer_on(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = actor_for(request)
    referral = referral_for(actor, referral_id, event=Event.REFERRAL_REFER_ON, intake=True)
    form = ReferOnForm(request.POST or None, initial={"version": referral.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.referral_refer_on(
                    actor=actor,
                    referral=referral,
                    expected_version=form.cleaned_data["version"],
                    to=form.cleaned_data["referred_to"],
                    reason=form.cleaned_data["reason"],
                )
            except ConflictError as exc:
                status = 409
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Referral referred on."))
                return redirect("referrals:queue")
    return render(
        request, "referrals/refer_on.html", {"referral": referral, "form": form}, status=status
    )
