"""Writes to the area-fund ledger. Every movement is one balanced transaction; nothing is edited.

The rules every write keeps:

- a transaction's entries sum to zero (``_post`` refuses anything else);
- a district fund never goes below zero, unless the caller gives a reason to override; the
  override is stored on the transaction, written to the access log and shown on the page;
- the team coordinator of a team working in the district spends (the mandate, ``rules``); a
  professional of that team spends for a household they work on up to the team's frontline
  limit per agreement, and within three times that limit a month (issue 11), never by override;
- a saving returns only when the household's outcome held and the projection was approved
  outside the team (``conditions``); a refused claim is kept, with nothing booked;
- recordings that race (two repayments on the same agreement) meet a version check.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.access.models import AuditKind, DistrictTeam, Outcome, Professional, Purpose
from nabij.access.services import audit
from nabij.areas.models import District
from nabij.core.errors import ConflictError, DomainError
from nabij.costs.models import Scenario
from nabij.funds.models import (
    Account,
    Agreement,
    Allocation,
    AreaFund,
    Entry,
    HoursRecord,
    ProjectionApproval,
    SavingReturn,
    SavingReturnRule,
    Transaction,
)
from nabij.people.models import Household
from nabij.plans.models import Breakthrough

logger = logging.getLogger("nabij.funds")

# A single grant or loan above this is almost certainly a typo (cents for euros).
MAX_AGREEMENT_CENTS = 25_000_00
MAX_HOURS = Decimal("1000")
MAX_CENTS_PER_INHABITANT = 1_000_00  # €1,000 per inhabitant per year
DEFAULT_CENTS_PER_INHABITANT = 10_00  # €10 per inhabitant per year
DEFAULT_SHARE_BP = 5_000  # 50%
EARLIEST = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Leg:
    account: Account
    amount_cents: int  # debit positive, credit negative


class UnbalancedTransaction(ValueError):
    """A programming error: a transaction whose entries do not sum to zero."""


def _municipal_account(kind: str) -> Account:
    account, _created = Account.objects.get_or_create(kind=kind, fund=None, agreement=None)
    return account


def fund_ensure(district: District) -> AreaFund:
    """The district's fund with its two accounts (money available, grants paid)."""
    fund, _created = AreaFund.objects.get_or_create(district=district)
    for kind in (Account.Kind.FUND, Account.Kind.GRANTS):
        Account.objects.get_or_create(kind=kind, fund=fund, agreement=None)
    return fund


def _account(fund: AreaFund, kind: str) -> Account:
    return Account.objects.get(kind=kind, fund=fund)


def balance_cents(fund: AreaFund) -> int:
    """The money available: the sum of every entry on the fund's account."""
    total = Entry.objects.filter(account__fund=fund, account__kind=Account.Kind.FUND).aggregate(
        total=Sum("amount_cents")
    )["total"]
    return int(total or 0)


def _loan_outstanding_cents(agreement: Agreement) -> int:
    total = Entry.objects.filter(account__agreement=agreement).aggregate(total=Sum("amount_cents"))[
        "total"
    ]
    return int(total or 0)


def _post(
    *,
    kind: str,
    fund: AreaFund,
    legs: Sequence[Leg],
    occurred_on: dt.date,
    description: str,
    actor: gate.Actor,
    agreement: Agreement | None = None,
    override_reason: str = "",
    reverses: Transaction | None = None,
) -> Transaction:
    """Write one transaction and its entries; refuses anything that does not balance."""
    if len(legs) < 2:
        raise UnbalancedTransaction("a transaction has at least two entries")
    if any(leg.amount_cents == 0 for leg in legs):
        raise UnbalancedTransaction("an entry is never zero")
    if sum(leg.amount_cents for leg in legs) != 0:
        raise UnbalancedTransaction("the entries of a transaction sum to zero")
    txn = Transaction.objects.create(
        kind=kind,
        fund=fund,
        agreement=agreement,
        occurred_on=occurred_on,
        description=description[:300],
        override_reason=override_reason[:500],
        reverses=reverses,
        recorded_by=actor.account,
    )
    Entry.objects.bulk_create(
        Entry(transaction=txn, account=leg.account, amount_cents=leg.amount_cents) for leg in legs
    )
    return txn


def _lock(fund: AreaFund) -> AreaFund:
    """Serialise writes on one fund (PostgreSQL row lock; SQLite serialises writes anyway)."""
    return AreaFund.objects.select_for_update().get(pk=fund.pk)


def _check_not_negative(
    fund: AreaFund,
    *,
    outflow_cents: int,
    override_reason: str,
    field: str = "amount",
) -> str:
    """The cleaned override reason; refuses an outflow the fund cannot carry without one."""
    reason = override_reason.strip()
    available = balance_cents(fund)
    if available - outflow_cents < 0 and not reason:
        raise DomainError(
            _(
                "The area fund holds %(available)s; this would take it below zero. Give a "
                "reason to override if the team has decided to do so anyway."
            )
            % {"available": _format_euros(available)},
            field=field,
        )
    return reason if available - outflow_cents < 0 else ""


def _format_euros(cents: int) -> str:
    from nabij.core.templatetags.nabij import euros

    return euros(cents)


def _log_override(
    actor: gate.Actor, txn: Transaction, household: Household | None, resident_ids: list[int]
) -> None:
    """An override is a decision the council may ask about: an audit event (the business
    decision), an access-log row per resident concerned (whose data it touches), a warning."""
    audit(
        actor,
        AuditKind.FUND_OVERRIDE,
        object_type="transaction",
        object_id=txn.pk,
        after={"fund": txn.fund_id, "household": household.pk if household else None},
        reason=txn.override_reason,
    )
    gate.log(
        actor,
        event=Event.FUNDS_OVERRIDE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE if household else Purpose.ADMINISTRATION,
        resident_ids=resident_ids or [None],
        household_id=household.pk if household else None,
        detail=f"transaction {txn.pk}: {txn.override_reason}",
    )
    logger.warning("area fund %s below zero by override (transaction %s)", txn.fund_id, txn.pk)


def _refuse(actor: gate.Actor, event: Event, household: Household | None = None) -> NoReturn:
    gate.log(
        actor,
        event=event,
        outcome=Outcome.REFUSED,
        purpose=Purpose.CARE if household else Purpose.ADMINISTRATION,
        household_id=household.pk if household else None,
    )
    raise gate.AccessDenied


def _current_resident_ids(household: Household) -> list[int]:
    return [m.resident_id for m in household.memberships.all() if m.ended_on is None]


# --- Area budget -------------------------------------------------------------------------


def budget_allocate(
    *, actor: gate.Actor, district: District, year: int, cents_per_inhabitant: int
) -> Allocation:
    """A year's area budget for one district: amount per inhabitant x CBS inhabitants."""
    if not rules.can_configure_funds(actor.professional):
        _refuse(actor, Event.FUNDS_BUDGET_ALLOCATE)
    problems: dict[str, str] = {}
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        problems["year"] = _("Allocate for a year between 2000 and next year.")
    if not 0 < cents_per_inhabitant <= MAX_CENTS_PER_INHABITANT:
        problems["cents_per_inhabitant"] = _(
            "The amount per inhabitant must be more than zero and at most €1,000."
        )
    if problems:
        raise ValidationError(problems)
    if not district.inhabitants:
        raise DomainError(
            _("%(district)s has no CBS inhabitant count; its budget cannot be computed.")
            % {"district": district.name},
            field="year",
        )
    amount = cents_per_inhabitant * district.inhabitants
    with transaction.atomic():
        fund = _lock(fund_ensure(district))
        if Allocation.objects.filter(fund=fund, year=year).exists():
            raise DomainError(
                _("%(district)s already has its area budget for %(year)s.")
                % {"district": district.name, "year": year},
                field="year",
            )
        txn = _post(
            kind=Transaction.Kind.ALLOCATION,
            fund=fund,
            legs=[
                Leg(_account(fund, Account.Kind.FUND), amount),
                Leg(_municipal_account(Account.Kind.MUNICIPALITY), -amount),
            ],
            occurred_on=dt.date(year, 1, 1),
            # Stored as data, not as a sentence: the page puts it in the reader's language.
            description=f"{year}: {cents_per_inhabitant} x {district.inhabitants}",
            actor=actor,
        )
        allocation = Allocation.objects.create(
            fund=fund,
            year=year,
            cents_per_inhabitant=cents_per_inhabitant,
            inhabitants=district.inhabitants,
            amount_cents=amount,
            transaction=txn,
        )
    audit(
        actor,
        AuditKind.BUDGET_ALLOCATED,
        object_type="allocation",
        object_id=allocation.pk,
        after={
            "district": district.code,
            "year": year,
            "cents_per_inhabitant": cents_per_inhabitant,
            "amount_cents": amount,
        },
    )
    return allocation


def budgets_allocate_all(
    *, actor: gate.Actor, year: int, cents_per_inhabitant: int
) -> list[Allocation]:
    """The year's budget for every district a team works in that has none yet; all or nothing."""
    if not rules.can_configure_funds(actor.professional):
        _refuse(actor, Event.FUNDS_BUDGET_ALLOCATE)
    districts = District.objects.filter(teams__isnull=False).distinct().order_by("code")
    done = set(Allocation.objects.filter(year=year).values_list("fund__district_id", flat=True))
    created: list[Allocation] = []
    with transaction.atomic():
        for district in districts:
            if district.pk in done or not district.inhabitants:
                continue
            created.append(
                budget_allocate(
                    actor=actor,
                    district=district,
                    year=year,
                    cents_per_inhabitant=cents_per_inhabitant,
                )
            )
    return created


# --- Grants and loans ----------------------------------------------------------------------


def agreement_create(
    *,
    actor: gate.Actor,
    household: Household,
    kind: str,
    amount_cents: int,
    purpose: str,
    reciprocity: str = "",
    hours_agreed: Decimal = Decimal("0"),
    decided_on: dt.date | None = None,
    breakthrough: Breakthrough | None = None,
    override_reason: str = "",
) -> Agreement:
    """Pay a grant or a loan from the fund of the district the household lives in.

    The household has passed the gate already; the mandate is checked again here so no other
    caller can spend without it.
    """
    district_id = household.neighbourhood.district_id
    mandate = rules.can_spend_for_household(actor.professional, district_id, household)
    frontline = not mandate and rules.can_spend_frontline(
        actor.professional, district_id, household
    )
    if not (mandate or frontline):
        _refuse(actor, Event.FUNDS_AGREEMENT_CREATE, household)
    today = timezone.localdate()
    decided_on = decided_on or today
    purpose = purpose.strip()
    problems: dict[str, str] = {}
    if kind not in Agreement.Kind.values:
        problems["kind"] = _("Choose a grant or a loan.")
    if amount_cents <= 0:
        problems["amount"] = _("The amount must be more than zero.")
    elif amount_cents > MAX_AGREEMENT_CENTS:
        problems["amount"] = _(
            "More than €25,000 from an area fund for one household is not plausible."
        )
    if not purpose:
        problems["purpose"] = _("Say what the money is for.")
    if hours_agreed < 0 or hours_agreed > MAX_HOURS:
        problems["hours_agreed"] = _("Hours agreed lie between 0 and 1,000.")
    if hours_agreed > 0 and not reciprocity.strip():
        problems["reciprocity"] = _("Say what the hours are for.")
    if decided_on > today or decided_on < EARLIEST:
        problems["decided_on"] = _("The decision date lies between 2000 and today.")
    if breakthrough is not None and breakthrough.household_id != household.pk:
        problems["breakthrough"] = _("This breakthrough belongs to another household.")
    if frontline and override_reason.strip():
        problems["override_reason"] = _(
            "Only the team coordinator can let the area fund go below zero."
        )
    if problems:
        raise ValidationError(problems)
    assert actor.professional is not None
    with transaction.atomic():
        fund = AreaFund.objects.filter(district_id=district_id).first()
        if fund is None:
            raise DomainError(
                _("The district of this household has no area fund yet."), field="amount"
            )
        fund = _lock(fund)
        limit = _frontline_check(actor, amount_cents) if frontline else None
        if frontline and balance_cents(fund) < amount_cents:
            raise DomainError(
                _(
                    "The area fund holds %(available)s: not enough. Ask your team coordinator, "
                    "who may decide to go below zero."
                )
                % {"available": _format_euros(balance_cents(fund))},
                field="amount",
            )
        reason = _check_not_negative(
            fund, outflow_cents=amount_cents, override_reason=override_reason
        )
        agreement = Agreement.objects.create(
            fund=fund,
            household=household,
            breakthrough=breakthrough,
            kind=kind,
            amount_cents=amount_cents,
            purpose=purpose,
            reciprocity=reciprocity.strip(),
            hours_agreed=hours_agreed,
            decided_on=decided_on,
            decided_by=actor.professional,
            frontline=frontline,
            frontline_limit_cents=limit,
        )
        if kind == Agreement.Kind.LOAN:
            debit = Account.objects.create(kind=Account.Kind.LOAN, fund=fund, agreement=agreement)
            txn_kind = Transaction.Kind.LOAN
        else:
            debit = _account(fund, Account.Kind.GRANTS)
            txn_kind = Transaction.Kind.GRANT
        txn = _post(
            kind=txn_kind,
            fund=fund,
            legs=[Leg(debit, amount_cents), Leg(_account(fund, Account.Kind.FUND), -amount_cents)],
            occurred_on=decided_on,
            description=purpose,
            actor=actor,
            agreement=agreement,
            override_reason=reason,
        )
        if reason:
            _log_override(actor, txn, household, _current_resident_ids(household))
    return agreement


def frontline_limit_cents(professional: Professional | None) -> int:
    """The frontline limit of the professional's team, as it stands now (0 without a team)."""
    if professional is None or professional.team_id is None:
        return 0
    limit = (
        DistrictTeam.objects.filter(pk=professional.team_id)
        .values_list("frontline_limit_cents", flat=True)
        .first()
    )
    return int(limit or 0)


def frontline_spent_this_month_cents(professional: Professional, today: dt.date) -> int:
    """What the professional paid within the frontline limit in this calendar month (recorded
    this month, whatever date was typed as the decision), leaving out agreements whose payment
    was reversed."""
    start = dt.datetime(today.year, today.month, 1, tzinfo=timezone.get_current_timezone())
    reversed_payment = Transaction.objects.filter(
        agreement=OuterRef("pk"),
        kind=Transaction.Kind.REVERSAL,
        reverses__kind__in=[Transaction.Kind.GRANT, Transaction.Kind.LOAN],
    )
    total = (
        Agreement.objects.filter(decided_by=professional, frontline=True, created_at__gte=start)
        .exclude(Exists(reversed_payment))
        .aggregate(t=Sum("amount_cents"))["t"]
    )
    return int(total or 0)


def _frontline_check(actor: gate.Actor, amount_cents: int) -> int:
    """The limit that applies, or a refusal that says what the professional may do instead."""
    assert actor.professional is not None
    limit = frontline_limit_cents(actor.professional)
    if limit <= 0:
        raise DomainError(
            _("Your team has no frontline room: your team coordinator decides."), field="amount"
        )
    if amount_cents > limit:
        raise DomainError(
            _(
                "You may decide up to %(limit)s yourself. Above that your team coordinator "
                "decides: ask them to record this agreement."
            )
            % {"limit": _format_euros(limit)},
            field="amount",
        )
    spent = frontline_spent_this_month_cents(actor.professional, timezone.localdate())
    if not rules.frontline_allows(amount_cents, limit, spent):
        cap = rules.frontline_month_cap_cents(limit)
        raise DomainError(
            _(
                "This month you have already paid %(spent)s within your frontline room (at "
                "most %(cap)s a month). Your team coordinator decides on this one."
            )
            % {"spent": _format_euros(spent), "cap": _format_euros(cap)},
            field="amount",
        )
    return limit


def _bump(agreement: Agreement, version: int) -> None:
    """The version check: only one of two concurrent recordings on an agreement goes through."""
    updated = Agreement.objects.filter(pk=agreement.pk, version=version).update(
        version=F("version") + 1
    )
    if not updated:
        raise ConflictError(
            _("Someone else recorded something on this agreement first. Check and try again.")
        )
    agreement.version = version + 1


def repayment_record(
    *,
    actor: gate.Actor,
    agreement: Agreement,
    household: Household,
    amount_cents: int,
    paid_on: dt.date,
    version: int,
) -> Transaction:
    """Money back into the fund; never more than is still owed."""
    if not rules.can_record_reciprocity(actor.professional, agreement.fund.district_id, household):
        _refuse(actor, Event.FUNDS_REPAYMENT_CREATE, household)
    if agreement.kind != Agreement.Kind.LOAN:
        raise DomainError(_("A grant is not repaid."), field="amount")
    if amount_cents <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    if paid_on > timezone.localdate() or paid_on < agreement.decided_on:
        raise DomainError(_("The date lies between the agreement and today."), field="paid_on")
    with transaction.atomic():
        fund = _lock(agreement.fund)
        _bump(agreement, version)
        outstanding = _loan_outstanding_cents(agreement)
        if amount_cents > outstanding:
            raise DomainError(
                _("Only %(outstanding)s is still owed.")
                % {"outstanding": _format_euros(outstanding)},
                field="amount",
            )
        return _post(
            kind=Transaction.Kind.REPAYMENT,
            fund=fund,
            legs=[
                Leg(_account(fund, Account.Kind.FUND), amount_cents),
                Leg(agreement.account, -amount_cents),
            ],
            occurred_on=paid_on,
            description=agreement.purpose,
            actor=actor,
            agreement=agreement,
        )


def hours_record(
    *,
    actor: gate.Actor,
    agreement: Agreement,
    household: Household,
    hours: Decimal,
    done_on: dt.date,
    note: str,
    version: int,
) -> HoursRecord:
    """Hours of reciprocity done; a negative number corrects, with a note, never below zero."""
    if not rules.can_record_reciprocity(actor.professional, agreement.fund.district_id, household):
        _refuse(actor, Event.FUNDS_HOURS_CREATE, household)
    note = note.strip()
    if hours == 0 or abs(hours) > MAX_HOURS:
        raise DomainError(_("Enter the hours done (not zero, at most 1,000)."), field="hours")
    if hours < 0 and not note:
        raise DomainError(_("Say why hours are taken off."), field="note")
    if done_on > timezone.localdate() or done_on < agreement.decided_on:
        raise DomainError(_("The date lies between the agreement and today."), field="done_on")
    with transaction.atomic():
        _bump(agreement, version)
        done = HoursRecord.objects.filter(agreement=agreement).aggregate(t=Sum("hours"))["t"]
        if (done or Decimal("0")) + hours < 0:
            raise DomainError(_("That would take the hours done below zero."), field="hours")
        return HoursRecord.objects.create(
            agreement=agreement,
            done_on=done_on,
            hours=hours,
            note=note,
            recorded_by=actor.account,
        )


# --- Corrections ---------------------------------------------------------------------------


def transaction_reverse(
    *,
    actor: gate.Actor,
    txn: Transaction,
    reason: str,
    household: Household | None = None,
    override_reason: str = "",
) -> Transaction:
    """Undo a transaction with its exact opposite; the original stays in the ledger.

    Needs the mandate for the fund's district (and, for an agreement's money, for that
    household). A reversal is not itself reversed, and a loan is reversed only once nothing has
    been repaid on it.
    """
    district_id = txn.fund.district_id
    allowed = rules.can_spend_from_fund(actor.professional, district_id)
    if txn.agreement_id is not None:
        allowed = (
            allowed
            and household is not None
            and household.pk == getattr(txn.agreement, "household_id", None)
            and rules.can_spend_for_household(actor.professional, district_id, household)
        )
    if not allowed:
        _refuse(actor, Event.FUNDS_TRANSACTION_REVERSE, household)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why this transaction is reversed."), field="reason")
    if txn.kind == Transaction.Kind.REVERSAL:
        raise DomainError(_("A reversal is not itself reversed; record the movement again."))
    if txn.kind == Transaction.Kind.ALLOCATION or hasattr(txn, "saving_return"):
        raise DomainError(_("Budgets and returned savings are the municipality's decisions."))
    with transaction.atomic():
        fund = _lock(txn.fund)
        legs = [Leg(e.account, -e.amount_cents) for e in txn.entries.select_related("account")]
        if (
            txn.kind == Transaction.Kind.LOAN
            and txn.agreement is not None
            and _loan_outstanding_cents(txn.agreement) != txn.agreement.amount_cents
        ):
            raise DomainError(_("Reverse the repayments on this loan first."))
        outflow = -sum(leg.amount_cents for leg in legs if leg.account.kind == Account.Kind.FUND)
        override = _check_not_negative(
            fund, outflow_cents=max(outflow, 0), override_reason=override_reason, field="reason"
        )
        try:
            with transaction.atomic():
                reversal = _post(
                    kind=Transaction.Kind.REVERSAL,
                    fund=fund,
                    legs=legs,
                    occurred_on=timezone.localdate(),
                    description=reason,
                    actor=actor,
                    agreement=txn.agreement,
                    override_reason=override,
                    reverses=txn,
                )
        except IntegrityError as exc:
            raise DomainError(_("This transaction has already been reversed.")) from exc
        if override:
            ids = _current_resident_ids(household) if household else []
            _log_override(actor, reversal, household, ids)
    return reversal


# --- Saving-return rule --------------------------------------------------------------------


def saving_rule_set(*, actor: gate.Actor, share_bp: int) -> SavingReturnRule:
    """A new share for future returns; earlier transfers keep the share they were made with."""
    if not rules.can_configure_funds(actor.professional):
        _refuse(actor, Event.FUNDS_SAVING_RULE_SET)
    if not 0 <= share_bp <= 10_000:
        raise DomainError(_("The share lies between 0 and 100 percent."), field="share")
    before = current_share_bp()
    rule = SavingReturnRule.objects.create(share_bp=share_bp, set_by=actor.account)
    audit(
        actor,
        AuditKind.SAVING_RULE_SET,
        object_type="saving_return_rule",
        object_id=rule.pk,
        before={"share_bp": before},
        after={"share_bp": share_bp},
    )
    return rule


def current_share_bp() -> int:
    rule = SavingReturnRule.objects.order_by("-set_at", "-id").first()
    return rule.share_bp if rule else DEFAULT_SHARE_BP


def saving_return_record(
    *, actor: gate.Actor, household: Household, scenario_id: int, year: int
) -> SavingReturn:
    """Compute one scenario's realised saving in one completed year, check the two conditions
    (``conditions``: the household's outcome held; the projection was approved outside the
    team) and book the return only when both hold.

    The household has passed the gate; the mandate for its district is checked here. Each
    (scenario, year) is booked once. Every claim is recorded with its figures and what the
    conditions were: a refused one books nothing (no transaction, nothing returned) and may be
    made again later, when the approval has come, say.
    """
    from nabij.funds.conditions import approval_check, outcome_check
    from nabij.funds.selectors import saving_computation

    district_id = household.neighbourhood.district_id
    if not rules.can_spend_for_household(actor.professional, district_id, household):
        _refuse(actor, Event.FUNDS_SAVING_RETURN_CREATE, household)
    if not household.scenarios.filter(pk=scenario_id).exists():
        raise DomainError(_("This scenario does not belong to the household."), field="scenario")
    with transaction.atomic():
        fund = AreaFund.objects.filter(district_id=district_id).first()
        if fund is None:
            raise DomainError(_("The household's district has no area fund yet."), field="year")
        fund = _lock(fund)
        # Locked, so the version the approval is checked against is the one booked on.
        scenario = (
            Scenario.objects.select_for_update()
            .filter(pk=scenario_id)
            .prefetch_related("assumptions")
            .get()
        )
        share_bp = current_share_bp()
        computation = saving_computation(scenario, year=year, share_bp=share_bp)
        if SavingReturn.objects.filter(
            scenario=scenario, year=year, status=SavingReturn.Status.BOOKED
        ).exists():
            raise DomainError(
                _("The saving of %(year)s has already been returned for this scenario.")
                % {"year": year},
                field="year",
            )
        outcome = outcome_check(household, scenario, year)
        approval = approval_check(scenario, household)
        met = outcome.met and approval.met
        returned = computation.returned_cents if met else 0
        txn = None
        if returned > 0:
            txn = _post(
                kind=Transaction.Kind.SAVING_RETURN,
                fund=fund,
                legs=[
                    Leg(_account(fund, Account.Kind.FUND), returned),
                    Leg(_municipal_account(Account.Kind.SAVINGS), -returned),
                ],
                occurred_on=timezone.localdate(),
                description=f"{scenario.pk}: {year}",
                actor=actor,
            )
        return SavingReturn.objects.create(
            scenario=scenario,
            household=household,
            fund=fund,
            year=year,
            scenario_year=computation.scenario_year,
            projected_current_cents=computation.projected_current_cents,
            projected_alternative_cents=computation.projected_alternative_cents,
            actual_cents=computation.actual_cents,
            realised_saving_cents=computation.realised_saving_cents,
            counted_saving_cents=computation.counted_saving_cents,
            share_bp=share_bp,
            returned_cents=returned,
            transaction=txn,
            status=SavingReturn.Status.BOOKED if met else SavingReturn.Status.REFUSED,
            outcome_met=outcome.met,
            outcome_basis=outcome.basis,
            outcome_detail=outcome.as_json(),
            approval=approval.approval,
            approval_met=approval.met,
            approval_reason=str(approval.reason),
            recorded_by=actor.account,
            recorded_at=timezone.now(),
        )


# --- Approval of a projection (four eyes) --------------------------------------------------


def projection_approve(
    *, actor: gate.Actor, household: Household, scenario: Scenario, version: int, note: str = ""
) -> ProjectionApproval:
    """Approve the projection of ``scenario`` as it stands in ``version``.

    The household has passed the gate for review (``gate.household_for_review``); the rule is
    checked again here: a policy analyst or the coordinator of another team, never someone
    assigned to the household. A scenario changed since the reviewer opened it is refused with
    a conflict: they approve what they saw, or nothing.
    """
    if not rules.can_approve_projection(actor.professional, household):
        _refuse(actor, Event.FUNDS_PROJECTION_APPROVE, household)
    assert actor.professional is not None
    if scenario.household_id != household.pk:
        raise DomainError(_("This scenario belongs to another household."), field="scenario")
    note = note.strip()
    with transaction.atomic():
        current = Scenario.objects.select_for_update().filter(pk=scenario.pk).get()
        if current.version != version:
            raise ConflictError(
                _(
                    "This projection has changed since you opened it (version %(mine)s, now "
                    "%(current)s). Look at it again before you approve it."
                )
                % {"mine": version, "current": current.version}
            )
        if not current.assumptions.exists():
            raise DomainError(_("This projection has no figures yet."), field="scenario")
        if ProjectionApproval.objects.filter(scenario=current, scenario_version=version).exists():
            raise DomainError(
                _("This version of the projection has already been approved."), field="scenario"
            )
        approval = ProjectionApproval.objects.create(
            scenario=current,
            scenario_version=version,
            approved_by=actor.professional,
            approver_role=actor.professional.role,
            approver_team_id=actor.professional.team_id,
            note=note[:500],
        )
        audit(
            actor,
            AuditKind.PROJECTION_APPROVED,
            object_type="scenario",
            object_id=current.pk,
            after={"version": version, "household": household.pk, "approval": approval.pk},
            reason=note,
        )
    return approval
