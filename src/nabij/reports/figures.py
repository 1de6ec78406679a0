"""The figures of an area account, generated from the data: one function per block.

Every block is plain JSON (ints, strings, lists, dicts), because publishing freezes the figures
into the account (``AreaAccount.published_figures``) and the public page, the PDF and the API
show that frozen copy; a draft shows the same blocks computed now.

Disclosure control (``settings.SMALL_CELL_THRESHOLD``, 10): every figure that counts or sums
over fewer than 10 households is suppressed (``"small"``), zero included where the zero itself
would say something about few people. Where a total is shown beside its parts, the hidden parts
together must cover at least 10 households, or else the smallest shown part is hidden as well
(``"secondary"``), until subtracting the shown parts from the total can no longer reveal a small
cell (``suppress_groups``, on exact sets of households, not on sums of counts). The area fund's
balance is hidden when the year's grants and loans went to fewer than 10 households, as budget
minus balance would give their sum away.

Sources: indicators read ``outcomes.IndicatorValue`` (the latest current value up to the
year, with its source, period and quality: *synthetisch* values say so); the costs are the cost
ledger's lines of the district's households whose period starts in the year, every payer; the
area fund is read through ``funds.selectors`` and its ledger; breakthroughs are those recorded
with a mandate, decided in the year, for households of the district. Households supported:
households of the district with a professional assigned to them at some time in the year.

Each block is one function, the district and the year in and JSON out, so a block can later read
the area profile's or the area budget's selectors instead without touching the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone

from nabij.areas.models import District

K = TypeVar("K", bound=Hashable)
SMALL = "small"
SECONDARY = "secondary"


def threshold() -> int:
    return int(settings.SMALL_CELL_THRESHOLD)


def suppress_groups(groups: Mapping[K, frozenset[int]], limit: int) -> dict[K, str]:
    """Which parts of a shown total to hide: ``""`` shown, ``"small"``, ``"secondary"``.

    ``groups`` maps each part to the exact households it counts. A part under ``limit``
    households (but not empty: "nobody" is a fact of the part, not of a person) is hidden; then,
    while the hidden parts together cover some but fewer than ``limit`` households, the smallest
    shown part is hidden too.
    """
    reasons: dict[K, str] = {k: SMALL if 0 < len(h) < limit else "" for k, h in groups.items()}
    while True:
        hidden = [k for k, r in reasons.items() if r]
        residual: set[int] = set().union(*(groups[k] for k in hidden)) if hidden else set()
        if not residual or len(residual) >= limit:
            return reasons
        shown = [k for k, r in reasons.items() if not r and groups[k]]
        if not shown:
            return reasons
        smallest = min(shown, key=lambda k: (len(groups[k]), str(k)))
        reasons[smallest] = SECONDARY


def _year_end(year: int) -> dt.date:
    return min(dt.date(year, 12, 31), timezone.localdate())


# --- The blocks -----------------------------------------------------------------------------


# The areas' own inhabitants come from CBS's Kerncijfers wijken en buurten 2024 (the file the
# areas are loaded from, as the area overview says); an imported indicator replaces them.
AREAS_INHABITANTS_PERIOD = 2024
INHABITANTS_CODE = "AantalInwoners"


def district_block(district: District, year: int | None = None) -> dict[str, Any]:
    """The district, with its inhabitants by CBS: the imported value up to the year if there is
    one, else the count the areas were loaded with."""
    from nabij.outcomes.models import IndicatorValue

    imported = (
        IndicatorValue.objects.filter(
            indicator__code=INHABITANTS_CODE,
            area_code=district.code,
            current=True,
            value__isnull=False,
            period__lte=year or AREAS_INHABITANTS_PERIOD,
        )
        .order_by("-period")
        .values_list("value", "period", "quality")
        .first()
    )
    inhabitants: int | None = district.inhabitants
    period, synthetic = AREAS_INHABITANTS_PERIOD, False
    if imported is not None and imported[0] is not None:
        inhabitants, period, synthetic = int(imported[0]), imported[1], imported[2] == "synthetic"
    return {
        "code": district.code,
        "name": district.name,
        "inhabitants": inhabitants,
        "inhabitants_period": period,
        "inhabitants_synthetic": synthetic,
        "municipality": district.municipality.name,
    }


def indicators_block(district: District, year: int) -> list[dict[str, Any]]:
    """The district's indicators: per indicator its latest current value up to ``year``."""
    from nabij.outcomes.models import IndicatorValue

    values = (
        IndicatorValue.objects.filter(area_code=district.code, current=True, period__lte=year)
        .select_related("indicator", "batch")
        .order_by("indicator__question", "indicator__position", "indicator__code", "-period")
    )
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for v in values:
        if v.indicator_id in seen:
            continue
        seen.add(v.indicator_id)
        indicator = v.indicator
        out.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "question": indicator.question,
                "direction": indicator.direction,
                "value": _decimal(v.value, indicator.decimals),
                "period": v.period,
                "quality": v.quality,
                "synthetic": v.quality == "synthetic",
                "source": v.batch.source or indicator.source,
                "licence": v.batch.licence or indicator.licence,
            }
        )
    return out


def _decimal(value: Decimal | None, decimals: int) -> str | None:
    if value is None:
        return None
    return str(value.quantize(Decimal(1).scaleb(-decimals)))


def households_block(district: District, year: int, limit: int) -> dict[str, Any]:
    """Households of the district with a professional assigned at some time in the year."""
    from nabij.access.models import Assignment

    count = (
        Assignment.objects.filter(
            household__neighbourhood__district=district, started_on__lte=_year_end(year)
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=dt.date(year, 1, 1)))
        .values("household_id")
        .distinct()
        .count()
    )
    hidden = count < limit
    return {"count": None if hidden else count, "suppressed": SMALL if hidden else ""}


def costs_block(district: District, year: int, limit: int) -> dict[str, Any]:
    """The cost ledger per funding stream for the district's households, every payer."""
    from nabij.costs.models import CostLine, FundingStream

    rows = (
        CostLine.objects.filter(
            household__neighbourhood__district=district, period_start__year=year
        )
        .values_list("household_id", "stream")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    households: dict[str, set[int]] = defaultdict(set)
    cents: dict[str, int] = defaultdict(int)
    for household_id, stream, total in rows:
        households[stream].add(household_id)
        cents[stream] += int(total or 0)
    everyone = frozenset().union(*households.values()) if households else frozenset()
    total_hidden = len(everyone) < limit
    groups = {stream: frozenset(households.get(stream, set())) for stream in FundingStream.values}
    reasons = suppress_groups(groups, limit)
    streams = [
        {
            "stream": stream,
            "cents": None if reasons[stream] else cents.get(stream, 0),
            "households": None if reasons[stream] else len(groups[stream]),
            "suppressed": reasons[stream],
        }
        for stream in FundingStream.values
    ]
    return {
        "streams": [] if total_hidden else streams,
        "total_cents": None if total_hidden else sum(cents.values()),
        "households": None if total_hidden else len(everyone),
        "suppressed": SMALL if total_hidden else "",
    }


def fund_block(district: District, year: int, limit: int) -> dict[str, Any] | None:
    """The area fund: the year's budget, the balance at the year's end, grants and loans."""
    from nabij.funds import selectors as funds
    from nabij.funds.models import Account, Agreement, Entry

    fund = funds.fund_for_district(district.code)
    if fund is None:
        return None
    end = _year_end(year)
    balance = Entry.objects.filter(
        account__fund=fund,
        account__kind=Account.Kind.FUND,
        transaction__occurred_on__lte=end,
    ).aggregate(total=Sum("amount_cents"))["total"]
    households: dict[str, set[int]] = defaultdict(set)
    cents: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for kind, household_id, amount in Agreement.objects.filter(
        fund=fund, decided_on__year=year
    ).values_list("kind", "household_id", "amount_cents"):
        households[kind].add(household_id)
        cents[kind] += int(amount)
        counts[kind] += 1
    groups = {kind: frozenset(households.get(kind, set())) for kind in Agreement.Kind.values}
    everyone = frozenset().union(*groups.values())
    spent_hidden = 0 < len(everyone) < limit
    reasons = {k: SMALL for k in groups} if spent_hidden else suppress_groups(groups, limit)
    return {
        "budget_cents": funds.budget_cents(fund, year),
        "balance_cents": None if spent_hidden else int(balance or 0),
        "balance_on": end.isoformat(),
        "balance_suppressed": SECONDARY if spent_hidden else "",
        "spent_cents": None if spent_hidden else sum(cents.values()),
        "households": None if spent_hidden else len(everyone),
        "kinds": [
            {
                "kind": kind,
                "count": None if reasons[kind] else counts.get(kind, 0),
                "cents": None if reasons[kind] else cents.get(kind, 0),
                "suppressed": reasons[kind],
            }
            for kind in Agreement.Kind.values
        ],
    }


def breakthroughs_block(district: District, year: int, limit: int) -> dict[str, Any]:
    """Breakthroughs decided in the year with a mandate, for the district's households."""
    from nabij.plans.models import Breakthrough

    rows = Breakthrough.objects.filter(
        household__neighbourhood__district=district,
        decided_on__year=year,
        mandated_by__isnull=False,
    ).values_list("household_id", "rule", "cost_cents")
    households: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, str] = {}
    cents: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for household_id, rule, cost in rows:
        key = " ".join(rule.split()).casefold()
        labels.setdefault(key, " ".join(rule.split()))
        households[key].add(household_id)
        cents[key] += int(cost)
        counts[key] += 1
    everyone = frozenset().union(*households.values()) if households else frozenset()
    hidden = len(everyone) < limit
    groups = {k: frozenset(v) for k, v in households.items()}
    reasons = {k: SMALL for k in groups} if hidden else suppress_groups(groups, limit)
    shown = sorted((k for k in groups if not reasons[k]), key=lambda k: (-counts[k], labels[k]))
    return {
        "count": None if hidden else sum(counts.values()),
        "cost_cents": None if hidden else sum(cents.values()),
        "households": None if hidden else len(everyone),
        "suppressed": SMALL if hidden else "",
        "by_rule": [{"rule": labels[k], "count": counts[k], "cost_cents": cents[k]} for k in shown],
        "rules_hidden": sum(1 for k in groups if reasons[k]) if not hidden else 0,
    }


def account_figures(district: District, year: int) -> dict[str, Any]:
    """Every block for the district and year, as the account shows and publishing freezes it."""
    limit = threshold()
    return {
        "year": year,
        "threshold": limit,
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "district": district_block(district, year),
        "households": households_block(district, year, limit),
        "indicators": indicators_block(district, year),
        "costs": costs_block(district, year, limit),
        "fund": fund_block(district, year, limit),
        "breakthroughs": breakthroughs_block(district, year, limit),
        "budget_projects": budget_projects_block(district, year),
    }


def budget_projects_block(district: District, year: int) -> dict[str, Any]:
    """The neighbourhood budget's projects running or delivered in the year (public projects:
    nothing to suppress), read through the budgets' selector."""
    from nabij.budgets.selectors_rounds import account_projects

    return account_projects(district, year)
