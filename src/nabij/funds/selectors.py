"""Reads of the area-fund ledger, and the saving-return computation.

Household names only appear for households the reader may work on (``rules``); the caller
logs the ones it shows with ``gate.log_listed``. Every read here is a fixed number of queries,
whatever the number of entries or agreements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from nabij.access import rules
from nabij.access.models import Professional, Role
from nabij.areas.models import District
from nabij.costs.models import CostLine, Payer, Scenario
from nabij.costs.scenarios import CURRENT, Flow, projected_cents
from nabij.funds.models import (
    Account,
    Agreement,
    Allocation,
    AreaFund,
    Entry,
    HoursRecord,
    SavingReturn,
    Transaction,
)
from nabij.people.models import Household

# --- The saving-return computation ---------------------------------------------------------


@dataclass(frozen=True)
class SavingComputation:
    """Every figure of one return, as the page shows it.

    - scenario year t is calendar year (price year + t - 1): a scenario is made in its price year;
    - projected current / alternative: the branch's municipality-paid flows in year t,
      undiscounted (``costs.scenarios.projected_cents``);
    - actual: the household's municipality-paid cost lines with a period starting in that year
      (counter-entries included, so corrections net out);
    - realised saving = projected current - actual;
    - counted saving = the realised saving, at least 0, at most the projected saving
      (projected current - projected alternative): the scenario's promise is the cap;
    - returned = counted saving x share, rounded down to whole cents.
    """

    scenario_id: int
    year: int
    scenario_year: int
    projected_current_cents: int
    projected_alternative_cents: int
    actual_cents: int
    share_bp: int

    @property
    def realised_saving_cents(self) -> int:
        return self.projected_current_cents - self.actual_cents

    @property
    def projected_saving_cents(self) -> int:
        return self.projected_current_cents - self.projected_alternative_cents

    @property
    def counted_saving_cents(self) -> int:
        cap = max(self.projected_saving_cents, 0)
        return min(max(self.realised_saving_cents, 0), cap)

    @property
    def returned_cents(self) -> int:
        return self.counted_saving_cents * self.share_bp // 10_000


class SavingYearError(ValueError):
    """The year cannot be returned (outside the horizon, or not yet over)."""


def scenario_flows(scenario: Scenario, *, payer: str | None = None) -> list[Flow]:
    return [
        Flow(
            branch=a.branch,
            label=a.label,
            stream=a.stream,
            payer=a.payer,
            amount_cents=a.amount_cents,
            one_off=a.one_off,
            from_year=a.from_year,
            until_year=a.until_year,
        )
        for a in scenario.assumptions.all()
        if payer is None or a.payer == payer
    ]


def saving_computation(scenario: Scenario, *, year: int, share_bp: int) -> SavingComputation:
    """The realised saving of ``scenario`` in calendar ``year`` and what goes back."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    scenario_year = year - scenario.price_year + 1
    if not 1 <= scenario_year <= scenario.horizon_years:
        raise ValidationError(
            {
                "year": _("The scenario runs from %(first)s to %(last)s.")
                % {
                    "first": scenario.price_year,
                    "last": scenario.price_year + scenario.horizon_years - 1,
                }
            }
        )
    if year >= timezone.localdate().year:
        raise ValidationError({"year": _("Only a year that is over can be returned.")})
    flows = scenario_flows(scenario, payer=Payer.MUNICIPALITY)
    horizon = scenario.horizon_years
    alternative = "alternative"
    actual = CostLine.objects.filter(
        household_id=scenario.household_id,
        payer=Payer.MUNICIPALITY,
        period_start__year=year,
    ).aggregate(total=Sum("amount_cents"))["total"]
    return SavingComputation(
        scenario_id=scenario.pk,
        year=year,
        scenario_year=scenario_year,
        projected_current_cents=projected_cents(
            flows, branch=CURRENT, year=scenario_year, horizon_years=horizon
        ),
        projected_alternative_cents=projected_cents(
            flows, branch=alternative, year=scenario_year, horizon_years=horizon
        ),
        actual_cents=int(actual or 0),
        share_bp=share_bp,
    )


# --- Funds overview (no personal data) -----------------------------------------------------


@dataclass(frozen=True)
class FundSummary:
    fund_id: int
    district_id: int
    district_code: str
    district_name: str
    inhabitants: int | None
    budget_cents: int  # allocated for the year shown
    balance_cents: int
    granted_cents: int
    lent_outstanding_cents: int
    returned_cents: int
    households: int  # distinct households with an agreement
    overrides: int

    @property
    def households_suppressed(self) -> bool:
        return 0 < self.households < settings.SMALL_CELL_THRESHOLD


def funds_overview(year: int) -> list[FundSummary]:
    """Per district fund: budget of ``year``, balance now, spent, outstanding, returned.

    Four aggregate queries for any number of funds.
    """
    funds = list(AreaFund.objects.select_related("district").order_by("district__code"))
    budgets = dict(
        Allocation.objects.filter(year=year).values_list("fund_id").annotate(t=Sum("amount_cents"))
    )
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for fund_id, kind, total in (
        Entry.objects.filter(account__fund__isnull=False)
        .values_list("account__fund_id", "account__kind")
        .annotate(t=Sum("amount_cents"))
    ):
        sums[(fund_id, kind)] = int(total or 0)
    returned = dict(SavingReturn.objects.values_list("fund_id").annotate(t=Sum("returned_cents")))
    per_fund = dict(
        Agreement.objects.values_list("fund_id").annotate(n=Count("household", distinct=True))
    )
    overrides = dict(
        Transaction.objects.exclude(override_reason="")
        .values_list("fund_id")
        .annotate(n=Count("id"))
    )
    return [
        FundSummary(
            fund_id=f.pk,
            district_id=f.district_id,
            district_code=f.district.code,
            district_name=f.district.name,
            inhabitants=f.district.inhabitants,
            budget_cents=int(budgets.get(f.pk) or 0),
            balance_cents=sums[(f.pk, Account.Kind.FUND)],
            granted_cents=sums[(f.pk, Account.Kind.GRANTS)],
            lent_outstanding_cents=sums[(f.pk, Account.Kind.LOAN)],
            returned_cents=int(returned.get(f.pk) or 0),
            households=int(per_fund.get(f.pk) or 0),
            overrides=int(overrides.get(f.pk) or 0),
        )
        for f in funds
    ]


# --- One district's fund -------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementRow:
    agreement: Agreement
    household_name: str | None  # None: the reader may not see who it is
    repaid_cents: int
    outstanding_cents: int
    hours_done: Decimal
    may_record: bool

    @property
    def repaid_percent(self) -> int:
        if self.agreement.kind != Agreement.Kind.LOAN or not self.agreement.amount_cents:
            return 0
        return min(100, self.repaid_cents * 100 // self.agreement.amount_cents)

    @property
    def hours_percent(self) -> int:
        agreed = self.agreement.hours_agreed
        if not agreed:
            return 0
        return min(100, int(self.hours_done * 100 / agreed))


@dataclass(frozen=True)
class EntryRow:
    transaction: Transaction
    amount_cents: int  # effect on the fund's money (+ in, - out)
    running_cents: int
    description: str | None  # None: an agreement of a household the reader may not see
    household: Household | None = None  # the household whose agreement this shows, to log


@dataclass(frozen=True)
class FundPage:
    fund: AreaFund
    balance_cents: int
    budget_cents: int
    year: int
    entries: Page  # of EntryRow, newest first
    agreements: Page  # of AgreementRow, newest first
    shown_households: list[Household]


ENTRIES_PER_PAGE = 50
AGREEMENTS_PER_PAGE = 25


def fund_for_district(code: str) -> AreaFund | None:
    return AreaFund.objects.select_related("district").filter(district__code=code).first()


def _agreement_rows(
    agreements: list[Agreement], professional: Professional | None
) -> list[AgreementRow]:
    ids = [a.pk for a in agreements]
    loan = dict(
        Entry.objects.filter(account__agreement_id__in=ids)
        .values_list("account__agreement_id")
        .annotate(t=Sum("amount_cents"))
    )
    hours = dict(
        HoursRecord.objects.filter(agreement_id__in=ids)
        .values_list("agreement_id")
        .annotate(t=Sum("hours"))
    )
    rows = []
    for a in agreements:
        visible = rules.can_work_on_household(professional, a.household)
        outstanding = int(loan.get(a.pk) or 0) if a.kind == Agreement.Kind.LOAN else 0
        rows.append(
            AgreementRow(
                agreement=a,
                household_name=a.household.name if visible else None,
                repaid_cents=(a.amount_cents - outstanding) if a.kind == Agreement.Kind.LOAN else 0,
                outstanding_cents=outstanding,
                hours_done=hours.get(a.pk) or Decimal("0"),
                may_record=visible
                and rules.can_record_reciprocity(professional, a.fund.district_id, a.household),
            )
        )
    return rows


def _agreements_query() -> QuerySet[Agreement]:
    from nabij.access.models import Assignment

    return Agreement.objects.select_related(
        "fund__district", "household", "breakthrough", "decided_by__user"
    ).prefetch_related(
        Prefetch(
            "household__assignments",
            queryset=Assignment.objects.filter(ended_on__isnull=True),
        )
    )


def _ledger(fund: AreaFund) -> list[tuple[int, int, int]]:
    """(transaction id, amount, balance after) of every fund entry, newest first; one query of
    plain values, so a long ledger costs little until a page of it is shown."""
    running = 0
    ledger = []
    for txn_id, amount in (
        Entry.objects.filter(account__fund=fund, account__kind=Account.Kind.FUND)
        .order_by("transaction__occurred_on", "transaction_id", "id")
        .values_list("transaction_id", "amount_cents")
    ):
        running += amount
        ledger.append((txn_id, amount, running))
    ledger.reverse()
    return ledger


def _entry_rows(
    ledger: list[tuple[int, int, int]], professional: Professional | None
) -> list[EntryRow]:
    """Rows for these ledger lines; an agreement's text only where its household is visible."""
    txns = Transaction.objects.select_related("allocation").in_bulk({t for t, _, _ in ledger})
    agreement_ids = {t.agreement_id for t in txns.values() if t.agreement_id is not None}
    visible = {
        a.pk: a.household
        for a in _agreements_query().filter(pk__in=agreement_ids)
        if rules.can_work_on_household(professional, a.household)
    }
    rows = []
    for txn_id, amount, running in ledger:
        txn = txns[txn_id]
        shown = txn.agreement_id is None or txn.agreement_id in visible
        household = visible.get(txn.agreement_id) if txn.agreement_id is not None else None
        rows.append(EntryRow(txn, amount, running, txn.description if shown else None, household))
    return rows


def shown_households(rows: list[EntryRow]) -> list[Household]:
    """The households whose agreements these entry rows describe: what the caller must log."""
    return list({r.household.pk: r.household for r in rows if r.household is not None}.values())


def fund_entries(
    fund: AreaFund, professional: Professional | None, *, offset: int, limit: int
) -> tuple[int, list[EntryRow]]:
    """The number of entries and one slice of them, newest first, with the running balance."""
    ledger = _ledger(fund)
    return len(ledger), _entry_rows(ledger[offset : offset + limit], professional)


def fund_agreements(fund: AreaFund, professional: Professional | None) -> list[AgreementRow]:
    return _agreement_rows(list(_agreements_query().filter(fund=fund)), professional)


def budget_cents(fund: AreaFund, year: int) -> int:
    budget = (
        Allocation.objects.filter(fund=fund, year=year)
        .values_list("amount_cents", flat=True)
        .first()
    )
    return int(budget or 0)


def fund_page(
    fund: AreaFund,
    professional: Professional | None,
    *,
    year: int,
    agreements_page: str | int | None = None,
    entries_page: str | int | None = None,
) -> FundPage:
    """Balance, one page of entries with running balance, one page of agreements with their
    progress. A fixed number of queries; only the rows shown are built."""
    ledger = _ledger(fund)
    entries = Paginator(ledger, ENTRIES_PER_PAGE).get_page(entries_page)
    # The page keeps its numbering; its rows become the built rows (hence the ignores).
    entries.object_list = _entry_rows(list(entries.object_list), professional)  # type: ignore[assignment]
    agreements = Paginator(_agreements_query().filter(fund=fund), AGREEMENTS_PER_PAGE).get_page(
        agreements_page
    )
    rows = _agreement_rows(list(agreements.object_list), professional)
    agreements.object_list = rows  # type: ignore[assignment]
    shown = {r.agreement.household_id: r.agreement.household for r in rows if r.household_name}
    shown |= {h.pk: h for h in shown_households(entries.object_list)}  # type: ignore[arg-type]
    return FundPage(
        fund=fund,
        balance_cents=ledger[0][2] if ledger else 0,
        budget_cents=budget_cents(fund, year),
        year=year,
        entries=entries,
        agreements=agreements,
        shown_households=list(shown.values()),
    )


@dataclass(frozen=True)
class AgreementDetail:
    row: AgreementRow
    transactions: list[Transaction]
    hours: list[HoursRecord]


def agreement_detail(agreement_id: int) -> Agreement | None:
    """The agreement without its household's details; the caller passes the gate next."""
    return Agreement.objects.select_related("fund__district").filter(pk=agreement_id).first()


def agreement_page(
    agreement: Agreement, household: Household, professional: Professional | None
) -> AgreementDetail:
    agreement.household = household  # the gate's copy, with memberships and assignments
    row = _agreement_rows([agreement], professional)[0]
    # Each transaction's amount as the area fund sees it: out (negative) or back in (positive).
    transactions = list(
        agreement.transactions.select_related("reversed_by", "recorded_by")
        .annotate(
            fund_cents=Sum(
                "entries__amount_cents", filter=Q(entries__account__kind=Account.Kind.FUND)
            )
        )
        .order_by("-occurred_on", "-id")
    )
    hours = list(agreement.hours.select_related("recorded_by").order_by("-done_on", "-id"))
    return AgreementDetail(row=row, transactions=transactions, hours=hours)


def household_agreements(household: Household) -> list[Agreement]:
    return list(
        Agreement.objects.filter(household=household).select_related(
            "fund__district", "breakthrough"
        )
    )


def spendable_households(fund: AreaFund, professional: Professional | None) -> list[Household]:
    """The households this person may pay for from this fund: for the coordinator (the
    mandate) the own team's households in this district; for a professional of a team working
    there (frontline freedom) the own team's households there they are assigned to."""
    if professional is None or professional.team_id is None:
        return []
    in_district = Household.objects.filter(
        team_id=professional.team_id, neighbourhood__district_id=fund.district_id
    )
    if rules.can_spend_from_fund(professional, fund.district_id):
        return list(in_district.order_by("name"))
    if professional.role != Role.PROFESSIONAL or not rules.can_view_fund(
        professional, fund.district_id
    ):
        return []
    return list(
        in_district.filter(
            assignments__professional=professional, assignments__ended_on__isnull=True
        )
        .distinct()
        .order_by("name")
    )


# --- Saving returns ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnRow:
    saving_return: SavingReturn
    visible: bool  # the reader may see the household's figures

    @property
    def scenario_title(self) -> str | None:
        return self.saving_return.scenario.title if self.visible else None


def saving_returns(professional: Professional | None) -> list[ReturnRow]:
    from nabij.access.models import Assignment

    returns = list(
        SavingReturn.objects.select_related(
            "scenario", "fund__district", "household", "approval__approved_by__user"
        )
        .prefetch_related(
            Prefetch(
                "household__assignments",
                queryset=Assignment.objects.filter(ended_on__isnull=True),
            )
        )
        .order_by("-year", "-id")
    )
    return [ReturnRow(r, rules.can_work_on_household(professional, r.household)) for r in returns]


def claimable_scenarios(professional: Professional | None) -> list[Scenario]:
    """Scenarios of households the coordinator may claim a saving for (own team, own districts)."""
    if professional is None or professional.team_id is None:
        return []
    districts = rules.team_district_ids(professional)
    if not districts or professional.role != Role.TEAM_COORDINATOR:
        return []
    return list(
        Scenario.objects.filter(
            household__team_id=professional.team_id,
            household__neighbourhood__district_id__in=districts,
        )
        .select_related("household")
        .order_by("household__name", "title")
    )


def district_for_code(code: str) -> District | None:
    return District.objects.filter(code=code).first()
