"""Pages of the area fund (*wijkkas*): overview, a district's fund, agreements, saving returns.

Thin views: access through ``gate`` and ``rules``, reads in ``selectors``, writes in
``services``. A household's name is shown only to someone who may work on it, and every name
shown is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose, Role
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.funds import selectors, selectors_review, services
from nabij.funds.forms import (
    AgreementForm,
    AllocateForm,
    HoursForm,
    HouseholdChoiceForm,
    RepaymentForm,
    ReverseForm,
    SavingClaimForm,
    ShareForm,
    cents,
)
from nabij.funds.forms_budget import FrontlineLimitForm
from nabij.funds.models import Agreement, AreaFund, SavingReturn, Transaction

if TYPE_CHECKING:
    from nabij.access.models import Professional
    from nabij.people.models import Household

OVERVIEW_ROLES = (
    Role.PROFESSIONAL,
    Role.TEAM_COORDINATOR,
    Role.POLICY_ANALYST,
    Role.ADMINISTRATOR,
)


def _granted(actor: gate.Actor, event: Event, detail: str = "") -> None:
    gate.log(
        actor, event=event, outcome=Outcome.GRANTED, purpose=Purpose.ADMINISTRATION, detail=detail
    )


def _fund_or_refuse(
    actor: gate.Actor, code: str, event: Event, rule: Callable[[Professional | None, int], bool]
) -> AreaFund:
    return gate.fund_for(actor, code, load=selectors.fund_for_district, event=event, rule=rule)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@guarded
def index(request: HttpRequest) -> HttpResponse:
    """Every district's fund in figures, without households (small counts suppressed)."""
    actor = actor_for(request)
    gate.require_role(actor, OVERVIEW_ROLES, event=Event.FUNDS_OVERVIEW)
    _granted(actor, Event.FUNDS_OVERVIEW)
    year = _year(request)
    funds = selectors.funds_overview(year)
    own = (
        rules.team_district_ids(actor.professional)
        if rules.has_case_role(actor.professional)
        else frozenset()
    )
    context: dict[str, Any] = {
        "funds": funds,
        "year": year,
        "own": own,
        "totals": {
            "budget": sum(s.budget_cents for s in funds),
            "balance": sum(s.balance_cents for s in funds),
            "returned": sum(s.returned_cents for s in funds),
        },
    }
    if rules.can_configure_funds(actor.professional):
        context["allocate_form"] = AllocateForm(initial={"year": year})
    return render(request, "funds/index.html", context)


@guarded
@require_POST
def allocate(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not rules.can_configure_funds(actor.professional):
        gate.log(
            actor,
            event=Event.FUNDS_BUDGET_ALLOCATE,
            outcome=Outcome.REFUSED,
            purpose=Purpose.ADMINISTRATION,
        )
        raise gate.AccessDenied
    form = AllocateForm(request.POST)
    if form.is_valid():
        try:
            made = services.budgets_allocate_all(
                actor=actor,
                year=form.cleaned_data["year"],
                cents_per_inhabitant=cents(form.cleaned_data["per_inhabitant"]),
            )
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Area budget allocated to %(count)s districts.") % {"count": len(made)},
            )
            return redirect(f"{reverse('funds:index')}?jaar={form.cleaned_data['year']}")
    year = timezone.localdate().year
    funds = selectors.funds_overview(year)
    return render(
        request,
        "funds/index.html",
        {
            "funds": funds,
            "year": year,
            "own": frozenset(),
            "allocate_form": form,
            "totals": {
                "budget": sum(s.budget_cents for s in funds),
                "balance": sum(s.balance_cents for s in funds),
                "returned": sum(s.returned_cents for s in funds),
            },
        },
        status=400,
    )


@guarded
def fund(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_for(request)
    area_fund = _fund_or_refuse(actor, code, Event.FUNDS_FUND_VIEW, rules.can_view_fund)
    page = selectors.fund_page(
        area_fund,
        actor.professional,
        year=_year(request),
        agreements_page=request.GET.get("page"),
        entries_page=request.GET.get("boekingen"),
    )
    with transaction.atomic():  # one commit (one fsync) for the page's log rows
        _granted(actor, Event.FUNDS_FUND_VIEW, code)
        gate.log_listed(actor, page.shown_households, event=Event.FUNDS_FUND_VIEW)
    frontline = _frontline_room(actor.professional)
    may_set_limit = rules.can_set_frontline_limit(
        actor.professional, actor.professional.team_id if actor.professional else None
    )
    return render(
        request,
        "funds/fund.html",
        {
            "page": page,
            "agreements_page": page.agreements,
            "entries_page": page.entries,
            "may_spend": rules.can_spend_from_fund(actor.professional, area_fund.district_id)
            or (frontline is not None and frontline.limit_cents > 0),
            "frontline": frontline,
            "limit_form": (
                FrontlineLimitForm(
                    initial={
                        "limit": Decimal(frontline.limit_cents) / 100,
                        "expected_cents": frontline.limit_cents,
                    }
                )
                if may_set_limit and frontline is not None
                else None
            ),
        },
    )


@dataclass(frozen=True)
class FrontlineRoom:
    """What a member of a district team may pay without the coordinator, as the page says it."""

    limit_cents: int
    month_cap_cents: int
    spent_cents: int  # this month, by the reader (professionals only)
    mandate: bool  # the reader is a coordinator: no limit applies to them

    @property
    def left_cents(self) -> int:
        return max(0, min(self.limit_cents, self.month_cap_cents - self.spent_cents))


def _frontline_room(professional: Professional | None) -> FrontlineRoom | None:
    if professional is None or not rules.has_case_role(professional):
        return None
    limit = services.frontline_limit_cents(professional)
    mandate = professional.role == Role.TEAM_COORDINATOR
    spent = (
        0
        if mandate
        else services.frontline_spent_this_month_cents(professional, timezone.localdate())
    )
    return FrontlineRoom(
        limit_cents=limit,
        month_cap_cents=rules.frontline_month_cap_cents(limit),
        spent_cents=spent,
        mandate=mandate,
    )


@guarded
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1 picks the household (own team, this district); step 2 is the agreement itself."""
    actor = actor_for(request)
    area_fund = _fund_or_refuse(actor, code, Event.FUNDS_AGREEMENT_FORM, rules.can_view_fund)
    frontline = _frontline_room(actor.professional)
    raw = request.POST.get("household") or request.GET.get("household")
    if not raw or not raw.isdigit():
        households = selectors.spendable_households(area_fund, actor.professional)
        gate.log_listed(actor, households, event=Event.FUNDS_AGREEMENT_FORM)
        chooser = HouseholdChoiceForm(households=households)
        return render(
            request,
            "funds/agreement_choose.html",
            {
                "fund": area_fund,
                "chooser": chooser,
                "households": households,
                "frontline": frontline,
            },
        )
    event = Event.FUNDS_AGREEMENT_CREATE if request.method == "POST" else Event.FUNDS_AGREEMENT_FORM
    district_id = area_fund.district_id

    def may_pay(p: Professional | None, h: Household) -> bool:
        return rules.can_spend_or_frontline(p, district_id, h)

    household = gate.household_for(actor, int(raw), event=event, also=may_pay)
    form = AgreementForm(
        request.POST or None,
        household=household,
        frontline=frontline is not None and not frontline.mandate,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            agreement = services.agreement_create(
                actor=actor,
                household=household,
                kind=d["kind"],
                amount_cents=cents(d["amount"]),
                purpose=d["purpose"],
                reciprocity=d["reciprocity"],
                hours_agreed=d["hours_agreed"],
                decided_on=d["decided_on"],
                breakthrough=d["breakthrough"],
                override_reason=d.get("override_reason", ""),
            )
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Agreement recorded and paid from the area fund."))
            return redirect("funds:agreement", agreement_id=agreement.pk)
    return render(
        request,
        "funds/agreement_form.html",
        {
            "fund": area_fund,
            "household": household,
            "form": form,
            "balance_cents": services.balance_cents(area_fund),
            "frontline": frontline,
        },
        status=400 if request.method == "POST" else 200,
    )


def _agreement_with_household(
    actor: gate.Actor, agreement_id: int, event: Event, rule: Callable[..., bool]
) -> tuple[Agreement, Household]:
    agreement = selectors.agreement_detail(agreement_id)
    if agreement is None:
        gate.log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.CARE,
            detail=f"agreement {agreement_id} not found",
        )
        raise gate.NotFound
    district_id = agreement.fund.district_id

    def also(p: Professional | None, h: Household) -> bool:
        return bool(rule(p, district_id, h))

    household = gate.household_for(actor, agreement.household_id, event=event, also=also)
    return agreement, household


def _view_rule(p: Professional | None, district_id: int, h: Household) -> bool:
    return rules.can_view_fund(p, district_id)


def _render_agreement(
    request: HttpRequest,
    actor: gate.Actor,
    agreement: Agreement,
    household: Household,
    *,
    repayment_form: RepaymentForm | None = None,
    hours_form: HoursForm | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = selectors.agreement_page(agreement, household, actor.professional)
    today = timezone.localdate()
    initial = {"version": agreement.version}
    may_record = rules.can_record_reciprocity(
        actor.professional, agreement.fund.district_id, household
    )
    may_reverse = rules.can_spend_for_household(
        actor.professional, agreement.fund.district_id, household
    )
    return render(
        request,
        "funds/agreement.html",
        {
            "detail": detail,
            "agreement": agreement,
            "household": household,
            "may_record": may_record,
            "may_reverse": may_reverse,
            "repayment_form": repayment_form
            or RepaymentForm(initial={**initial, "paid_on": today}),
            "hours_form": hours_form or HoursForm(initial={**initial, "done_on": today}),
        },
        status=status,
    )


@guarded
def agreement(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = actor_for(request)
    item, household = _agreement_with_household(
        actor, agreement_id, Event.FUNDS_AGREEMENT_VIEW, _view_rule
    )
    return _render_agreement(request, actor, item, household)


@guarded
@require_POST
def repayment(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = actor_for(request)
    item, household = _agreement_with_household(
        actor, agreement_id, Event.FUNDS_REPAYMENT_CREATE, rules.can_record_reciprocity
    )
    form = RepaymentForm(request.POST)
    if form.is_valid():
        try:
            services.repayment_record(
                actor=actor,
                agreement=item,
                household=household,
                amount_cents=cents(form.cleaned_data["amount"]),
                paid_on=form.cleaned_data["paid_on"],
                version=form.cleaned_data["version"],
            )
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
            item.refresh_from_db()
            return _render_agreement(
                request, actor, item, household, repayment_form=form, status=409
            )
        else:
            messages.success(request, _("Repayment recorded."))
            return redirect("funds:agreement", agreement_id=item.pk)
    return _render_agreement(request, actor, item, household, repayment_form=form, status=400)


@guarded
@require_POST
def hours(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = actor_for(request)
    item, household = _agreement_with_household(
        actor, agreement_id, Event.FUNDS_HOURS_CREATE, rules.can_record_reciprocity
    )
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.hours_record(
                actor=actor,
                agreement=item,
                household=household,
                hours=form.cleaned_data["hours"],
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
            item.refresh_from_db()
            return _render_agreement(request, actor, item, household, hours_form=form, status=409)
        else:
            messages.success(request, _("Hours recorded."))
            return redirect("funds:agreement", agreement_id=item.pk)
    return _render_agreement(request, actor, item, household, hours_form=form, status=400)


@guarded
@require_POST
def transaction_reverse(
    request: HttpRequest, agreement_id: int, transaction_id: int
) -> HttpResponse:
    """Reverse one of an agreement's transactions (mandate only)."""
    actor = actor_for(request)
    item, household = _agreement_with_household(
        actor, agreement_id, Event.FUNDS_TRANSACTION_REVERSE, rules.can_spend_for_household
    )
    txn = (
        Transaction.objects.filter(pk=transaction_id, agreement=item)
        .select_related("fund", "agreement")
        .first()
    )
    if txn is None:
        raise gate.NotFound
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            services.transaction_reverse(
                actor=actor,
                txn=txn,
                reason=form.cleaned_data["reason"],
                household=household,
                override_reason=form.cleaned_data["override_reason"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Transaction reversed."))
    else:
        messages.error(request, _("Say why this transaction is reversed."))
    return redirect("funds:agreement", agreement_id=item.pk)


@guarded
@require_http_methods(["GET", "POST"])
def savings(request: HttpRequest) -> HttpResponse:
    """The saving-return rule in words, every transfer with its figures, and the claim form."""
    actor = actor_for(request)
    gate.require_role(actor, OVERVIEW_ROLES, event=Event.FUNDS_SAVINGS_VIEW)
    scenarios = selectors.claimable_scenarios(actor.professional)
    claim_form = SavingClaimForm(scenarios=scenarios) if scenarios else None
    share_form = (
        ShareForm(initial={"share": Decimal(services.current_share_bp()) / 100})
        if rules.can_configure_funds(actor.professional)
        else None
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "share" and share_form is not None:
            share_form = ShareForm(request.POST)
            if share_form.is_valid():
                services.saving_rule_set(
                    actor=actor, share_bp=int(share_form.cleaned_data["share"] * 100)
                )
                messages.success(request, _("The share has been changed for future returns."))
                return redirect("funds:savings")
            status = 400
        elif request.POST.get("action") == "claim" and claim_form is not None:
            claim_form = SavingClaimForm(request.POST, scenarios=scenarios)
            if claim_form.is_valid():
                scenario = claim_form.cleaned_data["scenario"]

                def mandate(p: Professional | None, h: Household) -> bool:
                    return rules.can_spend_for_household(p, h.neighbourhood.district_id, h)

                household = gate.household_for(
                    actor,
                    scenario.household_id,
                    event=Event.FUNDS_SAVING_RETURN_CREATE,
                    also=mandate,
                )
                try:
                    made = services.saving_return_record(
                        actor=actor,
                        household=household,
                        scenario_id=scenario.pk,
                        year=claim_form.cleaned_data["year"],
                    )
                except (ValidationError, DomainError) as exc:
                    apply_validation_error(claim_form, exc)
                else:
                    if made.refused:
                        messages.warning(request, _refusal_message(made))
                    else:
                        messages.success(request, _("The saving has been computed and booked."))
                    return redirect("funds:savings")
            status = 400
        else:
            gate.log(
                actor,
                event=Event.FUNDS_SAVINGS_POST,
                outcome=Outcome.REFUSED,
                purpose=Purpose.ADMINISTRATION,
            )
            raise gate.AccessDenied
    rows = selectors.saving_returns(actor.professional)
    shown = {r.saving_return.household_id: r.saving_return.household for r in rows if r.visible}
    if claim_form is not None:  # the form lists each claimable scenario with its household
        shown |= {s.household_id: s.household for s in scenarios}
    with transaction.atomic():
        _granted(actor, Event.FUNDS_SAVINGS_VIEW)
        gate.log_listed(actor, shown.values(), event=Event.FUNDS_SAVINGS_VIEW)
    return render(
        request,
        "funds/savings.html",
        {
            "rows": rows,
            "share_pct": Decimal(services.current_share_bp()) / 100,
            "claim_form": claim_form,
            "claimable": (
                selectors_review.claimable_with_approvals(scenarios) if claim_form else []
            ),
            "share_form": share_form,
            "may_review": rules.may_review_projections(actor.professional),
        },
        status=status,
    )


def _refusal_message(made: SavingReturn) -> str:
    """Which condition failed, in a sentence for the page's message."""
    failed = []
    if not made.outcome_met:
        failed.append(_("the household's outcome did not hold (see the claim below)"))
    if not made.approval_met:
        failed.append(_("the projection is not approved by someone outside your team"))
    return _("Nothing was booked: %(failed)s.") % {"failed": _(" and ").join(failed)}
