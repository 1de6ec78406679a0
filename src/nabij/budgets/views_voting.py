"""Residents' pages of a neighbourhood budget round: propose, support, withdraw, vote (DigiD or
a voting code on paper), the coordinator's voting codes, and the public result.

Thin: every resident page passes ``gate.round_resident_for`` exactly once per request (the
service does it when the form is valid, the view otherwise), so each act is logged once, with
purpose participation and never what was voted. Outside its phase a form says so (GET 200,
POST 409). Reads in ``selectors_voting``, writes in ``services_voting``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate, rules, throttle
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded, resident_view
from nabij.budgets import selectors_voting as selectors
from nabij.budgets import services_voting as services
from nabij.budgets.forms_voting import (
    BallotForm,
    CodeBallotForm,
    CodesForm,
    ProposalForm,
    RevokeForm,
    WithdrawForm,
)
from nabij.budgets.models import BudgetProposal, BudgetRound, Phase
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error

TEMPLATES = "budgets/voting/"
RESIDENT_NAV = [("portal:home", gettext_lazy("Mijn Nabij"))]


def _round(round_id: int) -> BudgetRound:
    found = selectors.round_get(round_id)
    if found is None:
        raise gate.NotFound
    return found


def _proposal(budget_round: BudgetRound, proposal_id: int) -> BudgetProposal:
    found = selectors.proposal_in_round(budget_round, proposal_id)
    if found is None:
        raise gate.NotFound
    return found


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    actor = actor_for(request)
    return render(
        request,
        TEMPLATES + template,
        {
            "current_resident": actor.resident,
            "portal_nav": [(name, str(label)) for name, label in RESIDENT_NAV],
            **context,
        },
        status=status,
    )


def _round_page(budget_round: BudgetRound, proposal: BudgetProposal | None = None) -> str:
    """The round's public page (the ``rounds`` pages), or the nearest page of this module."""
    attempts: list[tuple[str, list[int]]] = []
    if proposal is not None:
        attempts.append(("budgets:proposal", [budget_round.pk, proposal.pk]))
    attempts.append(("budgets:round", [budget_round.pk]))
    for name, args in attempts:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    if budget_round.phase == Phase.PROPOSALS:
        return reverse("budgets:proposal_create", args=[budget_round.pk])
    return reverse("budgets:results", args=[budget_round.pk])


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _participant(request: HttpRequest, budget_round: BudgetRound, event: Event) -> Any:
    return gate.round_resident_for(actor_for(request), budget_round, event=event)


# --- Proposals --------------------------------------------------------------------------------


def _proposal_form(budget_round: BudgetRound, data: Any = None) -> ProposalForm:
    return ProposalForm(
        data,
        neighbourhoods=[(n.code, n.name) for n in selectors.round_neighbourhoods(budget_round)],
        goals=[(str(g.pk), g.text) for g in selectors.round_area_goals(budget_round)],
    )


def _proposal_context(budget_round: BudgetRound, form: ProposalForm) -> dict[str, Any]:
    place = None
    if form.is_bound and form.is_valid():
        lat, lon = form.cleaned_data.get("latitude"), form.cleaned_data.get("longitude")
        if lat is not None and lon is not None:
            place = (float(lon), float(lat))
    return {
        "round": budget_round,
        "form": form,
        "open": budget_round.phase == Phase.PROPOSALS,
        "area_map": selectors.area_map(budget_round, place=place),
    }


def _proposal_data(budget_round: BudgetRound, form: ProposalForm) -> services.ProposalData:
    data = form.cleaned_data
    neighbourhood = next(
        (
            n
            for n in selectors.round_neighbourhoods(budget_round)
            if n.code == data.get("neighbourhood")
        ),
        None,
    )
    goal = next(
        (g for g in selectors.round_area_goals(budget_round) if str(g.pk) == data.get("area_goal")),
        None,
    )
    lat: Decimal | None = data.get("latitude")
    lon: Decimal | None = data.get("longitude")
    return services.ProposalData(
        title=data["title"],
        description=data["description"],
        cost_estimate_cents=form.cost_cents(),
        neighbourhood=neighbourhood,
        latitude=lat,
        longitude=lon,
        area_goal=goal,
        name_public=bool(data.get("name_public")),
    )


@resident_view
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, round_id: int) -> HttpResponse:
    """A resident proposes a plan: what, what it costs, where, and which area goal it helps."""
    budget_round = _round(round_id)
    if request.method == "GET":
        _participant(request, budget_round, Event.BUDGET_PROPOSAL_FORM)
        return _page(
            request,
            "proposal_form.html",
            _proposal_context(budget_round, _proposal_form(budget_round)),
        )
    form = _proposal_form(budget_round, request.POST)
    if budget_round.phase != Phase.PROPOSALS:
        _participant(request, budget_round, Event.BUDGET_PROPOSAL_SUBMIT)
        return _page(
            request, "proposal_form.html", _proposal_context(budget_round, form), status=409
        )
    if not form.is_valid():
        _participant(request, budget_round, Event.BUDGET_PROPOSAL_SUBMIT)
        return _page(
            request, "proposal_form.html", _proposal_context(budget_round, form), status=400
        )
    try:
        proposal = services.proposal_submit(
            actor=actor_for(request),
            budget_round=budget_round,
            data=_proposal_data(budget_round, form),
        )
    except services.NotNow as exc:
        form.add_error(None, str(exc))
        return _page(
            request, "proposal_form.html", _proposal_context(budget_round, form), status=409
        )
    except DomainError as exc:
        apply_validation_error(form, exc)
        return _page(
            request, "proposal_form.html", _proposal_context(budget_round, form), status=400
        )
    messages.success(
        request,
        _("Thank you! Your plan is sent in as number %(number)s. The municipality checks it.")
        % {"number": proposal.number},
    )
    return redirect(_round_page(budget_round, proposal))


@resident_view
@require_POST
def proposal_support(request: HttpRequest, round_id: int, budget_proposal_id: int) -> HttpResponse:
    """Support a proposal, or take the support back."""
    budget_round = _round(round_id)
    proposal = _proposal(budget_round, budget_proposal_id)
    try:
        supports = services.proposal_support(
            actor=actor_for(request), budget_round=budget_round, proposal=proposal
        )
    except DomainError as exc:
        return _page(
            request,
            "message.html",
            {"round": budget_round, "title": _("Supporting is not possible"), "text": str(exc)},
            status=409,
        )
    messages.success(
        request,
        _("You support this plan.") if supports else _("You no longer support this plan."),
    )
    return redirect(_next(request, _round_page(budget_round, proposal)))


@resident_view
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: HttpRequest, round_id: int, budget_proposal_id: int) -> HttpResponse:
    """The author withdraws the plan, with a reason everyone can read."""
    budget_round = _round(round_id)
    proposal = _proposal(budget_round, budget_proposal_id)
    actor = actor_for(request)
    open_ = budget_round.phase in services.WITHDRAW_PHASES
    if request.method == "GET":
        gate.round_author_for(
            actor, budget_round, proposal.author_id, event=Event.BUDGET_PROPOSAL_WITHDRAW
        )
        form = WithdrawForm(initial={"version": proposal.version})
        context = {"round": budget_round, "proposal": proposal, "form": form, "open": open_}
        return _page(request, "withdraw_form.html", context)
    form = WithdrawForm(request.POST)
    context = {"round": budget_round, "proposal": proposal, "form": form, "open": open_}
    if not open_ or not form.is_valid():
        gate.round_author_for(
            actor, budget_round, proposal.author_id, event=Event.BUDGET_PROPOSAL_WITHDRAW
        )
        return _page(request, "withdraw_form.html", context, status=400 if open_ else 409)
    try:
        services.proposal_withdraw(
            actor=actor,
            budget_round=budget_round,
            proposal=proposal,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except (ConflictError, services.NotNow) as exc:
        form.add_error(None, str(exc))
        return _page(request, "withdraw_form.html", context, status=409)
    except DomainError as exc:
        apply_validation_error(form, exc)
        return _page(request, "withdraw_form.html", context, status=400)
    messages.success(request, _("Your plan is withdrawn. Your reason is shown with it."))
    return redirect(_round_page(budget_round, proposal))


# --- The ballot -------------------------------------------------------------------------------


def _ballot_context(
    budget_round: BudgetRound, form: BallotForm, chosen: list[int]
) -> dict[str, Any]:
    costs = {p.pk: p.ballot_cost_cents for p in form.projects}
    total = sum(costs.get(pk, 0) for pk in chosen)
    return {
        "round": budget_round,
        "form": form,
        "projects": form.projects,
        "chosen": set(chosen),
        "total_cents": total,
        "left_cents": max(0, budget_round.amount_cents - total),
        "over_cents": max(0, total - budget_round.amount_cents),
        "over": total > budget_round.amount_cents,
        "open": services.voting_open(budget_round),
    }


def _posted_ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("choices") if v.isascii() and v.isdigit()]


@resident_view
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, round_id: int) -> HttpResponse:
    """The approval ballot within the budget; a vote can be changed until the vote closes."""
    budget_round = _round(round_id)
    projects = selectors.ballot_projects(budget_round)
    if request.method == "GET" or request.POST.get("action") == "count":
        participant = _participant(request, budget_round, Event.BUDGET_BALLOT_VIEW)
        own = selectors.own_choices(budget_round, participant.resident)
        chosen = _posted_ids(request) if request.method == "POST" else (own or [])
        form = BallotForm(initial={"choices": chosen}, projects=projects)
        context = _ballot_context(budget_round, form, chosen)
        context["voted"] = own is not None
        return _page(request, "ballot.html", context)
    form = BallotForm(request.POST, projects=projects)
    chosen = _posted_ids(request)
    if not services.voting_open(budget_round):
        _participant(request, budget_round, Event.BUDGET_BALLOT_CAST)
        return _page(request, "ballot.html", _ballot_context(budget_round, form, chosen), 409)
    if not form.is_valid():
        _participant(request, budget_round, Event.BUDGET_BALLOT_CAST)
        return _page(request, "ballot.html", _ballot_context(budget_round, form, chosen), 400)
    try:
        services.ballot_cast(
            actor=actor_for(request), budget_round=budget_round, proposal_ids=form.chosen()
        )
    except services.NotNow as exc:
        form.add_error(None, str(exc))
        return _page(request, "ballot.html", _ballot_context(budget_round, form, chosen), 409)
    except DomainError as exc:
        apply_validation_error(form, exc)
        return _page(request, "ballot.html", _ballot_context(budget_round, form, chosen), 400)
    messages.success(
        request,
        _("Your vote is saved. You can change it until %(day)s.") % {"day": _day(budget_round)},
    )
    return redirect(reverse("budgets:ballot", args=[budget_round.pk]))


def _day(budget_round: BudgetRound) -> str:
    from django.utils.formats import date_format

    return date_format(budget_round.voting_until, "j F Y")


def _code_buckets(request: HttpRequest) -> tuple[throttle.Bucket, ...]:
    """Guessing codes is throttled per client address, like passwords (``access.throttle``)."""
    address = actor_for(request).client_address or "unknown"
    limit = settings.LOGIN_MAX_FAILURES * throttle.ADDRESS_FACTOR
    return (throttle.Bucket("votecode", f"votecode:{address}", limit),)


@require_http_methods(["GET", "POST"])
def ballot_code(request: HttpRequest, round_id: int) -> HttpResponse:
    """Voting with a code on paper, without logging in (public page)."""
    try:
        budget_round = _round(round_id)
    except gate.NotFound:
        return render(request, "portal/error.html", {"code": 404}, status=404)
    projects = selectors.ballot_projects(budget_round)
    if request.method == "GET":
        form = CodeBallotForm(projects=projects)
        return _page(request, "ballot_code.html", _ballot_context(budget_round, form, []))
    form = CodeBallotForm(request.POST, projects=projects)
    chosen = _posted_ids(request)
    context = _ballot_context(budget_round, form, chosen)
    if request.POST.get("action") == "count":
        return _page(request, "ballot_code.html", context)
    if not services.voting_open(budget_round):
        return _page(request, "ballot_code.html", context, status=409)
    if not form.is_valid():
        return _page(request, "ballot_code.html", context, status=400)
    buckets = _code_buckets(request)
    if throttle.attempt_reserve(buckets) is not None:
        form.add_error("code", _("Too many wrong codes from this device. Try again in 15 minutes."))
        return _page(request, "ballot_code.html", context, status=429)
    try:
        services.ballot_cast_with_code(
            budget_round=budget_round,
            code=form.cleaned_data["code"],
            proposal_ids=form.chosen(),
            actor=actor_for(request),
        )
    except services.WrongCode as exc:
        apply_validation_error(form, exc)
        return _page(request, "ballot_code.html", context, status=400)
    except services.NotNow as exc:
        throttle.attempt_release(buckets)
        form.add_error(None, str(exc))
        return _page(request, "ballot_code.html", context, status=409)
    except DomainError as exc:
        throttle.attempt_release(buckets)
        apply_validation_error(form, exc)
        return _page(request, "ballot_code.html", context, status=400)
    throttle.attempt_release(buckets)
    chosen_projects = [p for p in projects if p.pk in set(form.chosen())]
    return _page(
        request,
        "ballot_code_done.html",
        {"round": budget_round, "chosen_projects": chosen_projects, "day": _day(budget_round)},
    )


# --- Voting codes (the coordinator) -----------------------------------------------------------


def _codes_page(
    request: HttpRequest, budget_round: BudgetRound, code: str, form: Any = None, status: int = 200
) -> HttpResponse:
    actor = actor_for(request)
    rows = selectors.voting_code_rows(budget_round)
    if rows:
        gate.log(
            actor,
            event=Event.BUDGET_VOTING_CODES_LIST,
            outcome=Outcome.GRANTED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[row.resident.pk for row in rows],
            detail=f"round {budget_round.pk}",
        )
    preselect = {r.resident.pk for r in rows if not r.has_digid and not r.code_id and not r.voted}
    return render(
        request,
        TEMPLATES + "voting_codes.html",
        {
            "round": budget_round,
            "code": code,
            "rows": rows,
            "form": form,
            "preselect": preselect,
            "open": budget_round.phase in services.CODE_PHASES,
        },
        status=status,
    )


@guarded
@require_http_methods(["GET", "POST"])
def voting_codes(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    """Codes on paper for residents of the area without DigiD; printed once as letters."""
    actor = actor_for(request)
    gate.district_for(
        actor,
        code,
        load=selectors.district_get,
        event=Event.BUDGET_VOTING_CODES_LIST,
        rule=rules.has_district_mandate,
    )
    budget_round = selectors.round_in_district(code, round_id)
    if budget_round is None:
        raise gate.NotFound
    if request.method == "GET":
        return _codes_page(request, budget_round, code)
    if request.POST.get("action") == "revoke":
        revoke = RevokeForm(request.POST)
        if not revoke.is_valid():
            return _codes_page(request, budget_round, code, revoke, status=400)
        try:
            services.voting_code_revoke(
                actor=actor, budget_round=budget_round, code_id=revoke.cleaned_data["code_id"]
            )
        except DomainError as exc:
            apply_validation_error(revoke, exc)
            return _codes_page(request, budget_round, code, revoke, status=400)
        messages.success(request, _("The code is revoked."))
        return redirect(reverse("budgets:voting_codes", args=[code, budget_round.pk]))
    ids = [int(v) for v in request.POST.getlist("residents") if v.isascii() and v.isdigit()]
    form = CodesForm(request.POST, resident_ids=ids)
    if not form.is_valid():
        return _codes_page(request, budget_round, code, form, status=400)
    try:
        issued = services.voting_codes_issue(
            actor=actor, budget_round=budget_round, resident_ids=form.cleaned_data["residents"]
        )
    except services.NotNow as exc:
        form.add_error(None, str(exc))
        return _codes_page(request, budget_round, code, form, status=409)
    except DomainError as exc:
        apply_validation_error(form, exc)
        return _codes_page(request, budget_round, code, form, status=400)
    response = render(
        request,
        TEMPLATES + "letters.html",
        {
            "round": budget_round,
            "code": code,
            "letters": selectors.letters(issued),
            "code_url": request.build_absolute_uri(
                reverse("budgets:ballot_code", args=[budget_round.pk])
            ),
            "day": _day(budget_round),
        },
    )
    response["Cache-Control"] = "no-store"  # the codes are shown once
    return response


# --- The result -------------------------------------------------------------------------------


@require_http_methods(["GET"])
def results(request: HttpRequest, round_id: int) -> HttpResponse:
    """The result after the close, by both rules side by side; before it, only when."""
    try:
        budget_round = _round(round_id)
    except gate.NotFound:
        return render(request, "portal/error.html", {"code": 404}, status=404)
    return _page(
        request,
        "results.html",
        {"round": budget_round, "results": selectors.round_results(budget_round)},
    )
