"""Reads of the area budget: budget, realised spending and the difference per district and
funding stream, with the area fund's balance beside it. Aggregates only: no household.

**Realised spending** of a district in a year: what the municipality paid (cost lines with
payer *municipality*, by the year their period starts, corrections included) for the
households living in the district now, per funding stream of the area budget. Read from the
cost ledger's analytic snapshot (``costs.analytics``), as the cost page reads it.

**Small cells.** A cell's households are those whose net cost in it is not zero. A cell of
fewer than ``SMALL_CELL_THRESHOLD`` households is hidden, and so is every cell that would give
it away by subtraction: the table of districts x streams with the district totals, the stream
totals over the municipality and the grand total is suppressed as a whole, by the same rule as
the cost page's payer-by-stream table (``costs.analytics.table_hidden``), so a district's page,
the overview and the API hide the same cells. The stream totals over the municipality count as
published (the cost page shows what the municipality pays per stream), so a column is protected
by hiding another district's cell, never its total; the grand total may be hidden. The result is
then checked exactly (``funds.suppression``): no small cell follows from any combination of the
sums. A hidden realised figure hides its difference too (budget minus difference gives it).

A fixed number of database queries for any number of districts, households and cost lines
(the snapshot's refresh adds its own few, at most every ``REFRESH_SECONDS``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db.models import Sum

from nabij.areas.models import District, Municipality
from nabij.costs import analytics
from nabij.costs.analytics import table_hidden
from nabij.costs.models import FundingStream, Payer
from nabij.funds.models import (
    BUDGET_STREAMS,
    Account,
    AreaBudget,
    AreaBudgetChange,
    AreaBudgetLine,
    Entry,
)
from nabij.funds.suppression import make_safe, reveal_determined, table_lines

Suppression = Literal["", "small", "secondary"]
Key = tuple[str, str]  # (district code or "", stream or ""): "" marks a total


@dataclass(frozen=True)
class Realised:
    cents: int | None  # None: hidden
    suppression: Suppression = ""

    @property
    def suppressed(self) -> bool:
        return self.cents is None


@dataclass(frozen=True)
class BudgetFigure:
    """One line (a stream, or a total): budget, realised, and the difference."""

    key: str  # stream value, or "" for the total
    label: str
    budget_cents: int | None  # None: no budget set
    realised: Realised

    @property
    def difference_cents(self) -> int | None:
        """Budget minus realised: positive is room left, negative is overspent."""
        if self.budget_cents is None or self.realised.cents is None:
            return None
        return self.budget_cents - self.realised.cents

    @property
    def used_percent(self) -> int | None:
        if not self.budget_cents or self.realised.cents is None:
            return None
        return round(self.realised.cents * 100 / self.budget_cents)


@dataclass(frozen=True)
class DistrictBudget:
    code: str
    name: str
    inhabitants: int | None
    year: int
    version: int  # 0: no budget set for the year
    synthetic: bool  # the budget's amounts are made up (the demo)
    lines: list[BudgetFigure]
    total: BudgetFigure
    fund_balance_cents: int | None  # None: the district has no area fund

    @property
    def is_set(self) -> bool:
        return self.version > 0

    @property
    def per_inhabitant_cents(self) -> int | None:
        if not self.inhabitants or self.total.budget_cents is None:
            return None
        return self.total.budget_cents // self.inhabitants


@dataclass(frozen=True)
class BudgetOverview:
    municipality_code: str
    municipality_name: str
    year: int
    threshold: int
    districts: list[DistrictBudget]
    total: BudgetFigure
    fund_balance_cents: int

    @property
    def any_synthetic(self) -> bool:
        return any(d.synthetic for d in self.districts)

    @property
    def any_suppressed(self) -> bool:
        return self.total.realised.suppressed or any(
            line.realised.suppressed for d in self.districts for line in [*d.lines, d.total]
        )


def stream_labels() -> dict[str, str]:
    return {value: str(label) for value, label in FundingStream.choices}


# --- realised spending, suppressed ----------------------------------------------------------


# The cost ledger's analytic snapshot (``costs.analytics``) is refreshed when older than this,
# as on the cost page: a new declaration shows within it.
REFRESH_SECONDS = 2.0
REALISED_SQL = """
WITH per_household AS (
    SELECT h.district AS district, l.household_id AS household_id, l.stream AS stream,
           SUM(l.amount) AS t
    FROM lines l JOIN households h USING (household_id)
    WHERE h.municipality = $municipality AND l.year = $year AND l.payer = $payer
      AND list_contains($streams, l.stream)
    GROUP BY ALL
)
SELECT district, stream, COUNT(DISTINCT household_id) FILTER (WHERE t <> 0),
       COALESCE(SUM(t), 0)::BIGINT, GROUPING(stream)
FROM per_household
GROUP BY GROUPING SETS ((district, stream), (district))
"""


def realised_exact(
    districts: list[District], year: int
) -> tuple[dict[Key, tuple[int, int]], dict[str, int]]:
    """Exact (households, cents) per (district code, stream), and households per district
    (distinct over the streams), for districts of one municipality.

    Read from the cost ledger's analytic snapshot (DuckDB, as the cost page: refreshed when older
    than ``REFRESH_SECONDS``): per household and stream the sum of the year's lines, then per
    district and stream, and per district, in one grouped query whatever the ledger's size."""
    if not districts:
        return {}, {}
    wanted = {d.code for d in districts}
    snap = analytics.snapshot()
    snap.refresh(max_age=REFRESH_SECONDS)
    with snap.reader() as cur:
        rows = cur.execute(
            REALISED_SQL,
            {
                "municipality": districts[0].municipality.code,
                "year": year,
                "payer": str(Payer.MUNICIPALITY),
                "streams": [str(s) for s in BUDGET_STREAMS],
            },
        ).fetchall()
    cells: dict[Key, tuple[int, int]] = {}
    per_district: dict[str, int] = {}
    for district, stream, n, cents, is_total in rows:
        if district not in wanted:
            continue
        if is_total:
            per_district[district] = int(n or 0)
        else:
            cells[(district, stream)] = (int(n or 0), int(cents or 0))
    return cells, per_district


def published_entries(
    values: dict[Key, tuple[int, int]], codes: list[str], limit: int
) -> frozenset[Key]:
    """What a reader knows from elsewhere: the municipality's cost per stream (the cost page's
    payer-by-stream table shows it from ``limit`` households up), and a district's cell when it
    is the only one with anything in such a stream (it equals the stream's total)."""
    known: set[Key] = set()
    for stream in BUDGET_STREAMS:
        if values.get(("", stream), (0, 0))[0] < limit:
            continue
        known.add(("", stream))
        filled = [(c, stream) for c in codes if values.get((c, stream), (0, 0))[0] > 0]
        if len(filled) == 1:
            known.add(filled[0])
    return frozenset(known)


def realised_table(districts: list[District], year: int) -> dict[Key, Realised]:
    """Every cell and margin of districts x budget streams, hidden where it must be."""
    cells, per_district = realised_exact(districts, year)
    limit = settings.SMALL_CELL_THRESHOLD
    codes = [d.code for d in districts]
    values: dict[Key, tuple[int, int]] = {
        (code, stream): cells.get((code, stream), (0, 0))
        for code in codes
        for stream in BUDGET_STREAMS
    }
    row_cents: dict[str, int] = defaultdict(int)
    column: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (code, stream), (n, cents) in cells.items():
        row_cents[code] += cents
        column[stream][0] += n  # a household lives in one district: counts add up
        column[stream][1] += cents
    for code in codes:
        values[(code, "")] = (per_district.get(code, 0), row_cents.get(code, 0))
    for stream in BUDGET_STREAMS:
        values[("", stream)] = (column[stream][0], column[stream][1])
    values[("", "")] = (sum(per_district.values()), sum(row_cents.values()))
    fixed = published_entries(values, codes, limit)
    hidden = table_hidden(values, codes, list(BUDGET_STREAMS), limit, fixed=fixed)
    households = {key: n for key, (n, _cents) in values.items()}
    lines = table_lines(codes, BUDGET_STREAMS)
    hidden = make_safe(hidden, households, lines, limit, fixed)
    hidden = reveal_determined(hidden, households, lines, limit)
    table: dict[Key, Realised] = {}
    for key, (n, cents) in values.items():
        if key in hidden:
            table[key] = Realised(None, "small" if 0 < n < limit else "secondary")
        else:
            table[key] = Realised(cents)
    return table


# --- pages ----------------------------------------------------------------------------------


def _districts(municipality: Municipality) -> list[District]:
    return list(
        District.objects.filter(municipality=municipality)
        .defer("boundary")
        .select_related("municipality")
        .order_by("code")
    )


def _budgets(
    districts: list[District], year: int
) -> tuple[dict[int, tuple[int, bool]], dict[Key, int]]:
    """(version, synthetic) per district id, and amounts per (district code, stream). Two
    queries."""
    ids = [d.pk for d in districts]
    versions = {
        district_id: (version, synthetic)
        for district_id, version, synthetic in AreaBudget.objects.filter(
            district_id__in=ids, year=year
        ).values_list("district_id", "version", "synthetic")
    }
    amounts = {
        (code, stream): int(cents)
        for code, stream, cents in AreaBudgetLine.objects.filter(
            budget__district_id__in=ids, budget__year=year
        ).values_list("budget__district__code", "stream", "amount_cents")
    }
    return versions, amounts


def _balances(districts: list[District]) -> dict[int, int]:
    """The area fund's balance per district id (districts without a fund are absent)."""
    ids = [d.pk for d in districts]
    balances: dict[int, int] = {
        district_id: 0
        for district_id in District.objects.filter(pk__in=ids, area_fund__isnull=False).values_list(
            "pk", flat=True
        )
    }
    for district_id, total in (
        Entry.objects.filter(account__kind=Account.Kind.FUND, account__fund__district_id__in=ids)
        .values_list("account__fund__district_id")
        .annotate(t=Sum("amount_cents"))
        .order_by()
    ):
        balances[district_id] = int(total or 0)
    return balances


def _district_budget(
    district: District,
    year: int,
    state: tuple[int, bool],
    amounts: dict[Key, int],
    table: dict[Key, Realised],
    balance: int | None,
    labels: dict[str, str],
    total_label: str,
) -> DistrictBudget:
    version, synthetic = state
    lines = [
        BudgetFigure(
            key=stream,
            label=labels[stream],
            budget_cents=amounts.get((district.code, stream)) if version else None,
            realised=table.get((district.code, stream), Realised(0)),
        )
        for stream in BUDGET_STREAMS
    ]
    budget_total = sum(line.budget_cents or 0 for line in lines) if version else None
    return DistrictBudget(
        code=district.code,
        name=district.name,
        inhabitants=district.inhabitants,
        year=year,
        version=version,
        synthetic=synthetic,
        lines=lines,
        total=BudgetFigure(
            key="",
            label=total_label,
            budget_cents=budget_total,
            realised=table.get((district.code, ""), Realised(0)),
        ),
        fund_balance_cents=balance,
    )


def budget_overview(municipality: Municipality, year: int, *, total_label: str) -> BudgetOverview:
    """Every district of the municipality: budget, realised, difference, fund balance."""
    districts = _districts(municipality)
    versions, amounts = _budgets(districts, year)
    table = realised_table(districts, year)
    balances = _balances(districts)
    labels = stream_labels()
    rows = [
        _district_budget(
            d,
            year,
            versions.get(d.pk, (0, False)),
            amounts,
            table,
            balances.get(d.pk),
            labels,
            total_label,
        )
        for d in districts
    ]
    any_budget = any(r.is_set for r in rows)
    return BudgetOverview(
        municipality_code=municipality.code,
        municipality_name=municipality.name,
        year=year,
        threshold=settings.SMALL_CELL_THRESHOLD,
        districts=rows,
        total=BudgetFigure(
            key="",
            label=total_label,
            budget_cents=sum(r.total.budget_cents or 0 for r in rows) if any_budget else None,
            realised=table.get(("", ""), Realised(0)),
        ),
        fund_balance_cents=sum(balances.values()),
    )


def district_budget(district: District, year: int, *, total_label: str) -> DistrictBudget:
    """One district, suppressed as on the overview (the table is decided municipality-wide)."""
    districts = _districts(district.municipality)
    versions, amounts = _budgets([district], year)
    table = realised_table(districts, year)
    balance = _balances([district]).get(district.pk)
    return _district_budget(
        district,
        year,
        versions.get(district.pk, (0, False)),
        amounts,
        table,
        balance,
        stream_labels(),
        total_label,
    )


def district_by_code(code: str) -> District | None:
    return (
        District.objects.filter(code=code[:20]).defer("boundary").select_related("municipality")
    ).first()


@dataclass(frozen=True)
class LineChange:
    label: str
    before_cents: int | None  # None: the budget was new
    after_cents: int


@dataclass(frozen=True)
class HistoryRow:
    change: AreaBudgetChange
    lines: list[LineChange]  # the streams whose amount changed

    @property
    def by(self) -> str:
        user = self.change.changed_by
        return user.get_full_name() or user.get_username()


def budget_history(district: District, year: int) -> list[HistoryRow]:
    """Every version of the district's budget for ``year``, newest first (one query)."""
    labels = stream_labels()
    rows = []
    for change in (
        AreaBudgetChange.objects.filter(budget__district=district, budget__year=year)
        .select_related("changed_by")
        .order_by("-version")
    ):
        before = change.before or {}
        lines = [
            LineChange(labels.get(stream, stream), before.get(stream), int(cents))
            for stream, cents in (change.after or {}).items()
            if before.get(stream) != cents
        ]
        rows.append(HistoryRow(change, lines))
    return rows


def budget_years(district: District | None = None) -> list[int]:
    """Years with a budget (for a district or any), latest first."""
    budgets = AreaBudget.objects.all()
    if district is not None:
        budgets = budgets.filter(district=district)
    return sorted(set(budgets.values_list("year", flat=True)), reverse=True)
