"""Vroegsignalering figures per area, for the area profile ("Are people financially healthy?"):
signals per 1,000 households, median days to first contact, share reached, share helped.

Aggregates only: live cases and signals counted in the database, plus what the retention job
kept of deleted ones (``SignalStatistic``). Over the last twelve months (signals by signal
date, cases by the day they were opened). A figure over fewer than ``SMALL_CELL_THRESHOLD``
households (cases) is hidden, and so is a neighbourhood whose figure would follow from the
district's total and the other neighbourhoods (``funds.suppression.make_safe``).

Households per area: the CBS count (``HuishoudensTotaal``, the latest year); without it the
rate per 1,000 households is not shown. Signals that were never linked to a household have no
area until the retention job places them by address; they count from then on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from nabij.funds.suppression import make_safe
from nabij.signals.models import Case, Signal
from nabij.signals.models_statistics import SignalStatistic
from nabij.signals.retention import months_before

HOUSEHOLDS_INDICATOR = "HuishoudensTotaal"
WINDOW_MONTHS = 12


@dataclass
class Counts:
    signals: int = 0
    cases: int = 0
    closed: int = 0
    reached: int = 0
    helped: int = 0
    days: dict[int, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        self.signals += other.signals
        self.cases += other.cases
        self.closed += other.closed
        self.reached += other.reached
        self.helped += other.helped
        for d, n in other.days.items():
            self.days[d] = self.days.get(d, 0) + n


def median(spread: dict[int, int]) -> float | None:
    """The median of values given as {value: how often}."""
    total = sum(spread.values())
    if not total:
        return None
    ordered = sorted(spread.items())

    def at(index: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise AssertionError  # pragma: no cover

    if total % 2:
        return float(at(total // 2))
    return (at(total // 2 - 1) + at(total // 2)) / 2


@dataclass
class AreaSignals:
    code: str
    name: str
    counts: Counts
    households: int | None
    hidden: str = ""  # "small" (too few households) or "secondary" (would give another away)

    @property
    def shown(self) -> bool:
        return not self.hidden

    @property
    def per_1000(self) -> float | None:
        if self.hidden or not self.households:
            return None
        return round(1000 * self.counts.signals / self.households, 1)

    @property
    def median_days(self) -> float | None:
        return None if self.hidden else median(self.counts.days)

    @property
    def share_reached(self) -> int | None:
        if self.hidden or not self.counts.closed:
            return None
        return round(100 * self.counts.reached / self.counts.closed)

    @property
    def share_helped(self) -> int | None:
        if self.hidden or not self.counts.closed:
            return None
        return round(100 * self.counts.helped / self.counts.closed)


def counts_by_neighbourhood(neighbourhood_ids: list[int], *, today: dt.date) -> dict[int, Counts]:
    """Live and retained counts per neighbourhood over the window. Four queries."""
    since = months_before(today, WINDOW_MONTHS)
    out: dict[int, Counts] = defaultdict(Counts)
    for row in (
        Case.objects.filter(neighbourhood_id__in=neighbourhood_ids, opened_on__gte=since)
        .values("neighbourhood_id")
        .annotate(
            cases=Count("pk"),
            closed=Count("pk", filter=Q(state=Case.State.CLOSED)),
            reached=Count("pk", filter=Q(state=Case.State.CLOSED, first_contact_on__isnull=False)),
            helped=Count("pk", filter=Q(outcome=Case.Outcome.ACCEPTED)),
        )
    ):
        c = out[row["neighbourhood_id"]]
        c.cases += row["cases"]
        c.closed += row["closed"]
        c.reached += row["reached"]
        c.helped += row["helped"]
    for hood, opened, first in Case.objects.filter(
        neighbourhood_id__in=neighbourhood_ids,
        opened_on__gte=since,
        first_contact_on__isnull=False,
    ).values_list("neighbourhood_id", "opened_on", "first_contact_on"):
        assert first is not None
        days = (first - opened).days
        out[hood].days[days] = out[hood].days.get(days, 0) + 1
    for row in (
        Signal.objects.filter(case__neighbourhood_id__in=neighbourhood_ids, signalled_on__gte=since)
        .values("case__neighbourhood_id")
        .annotate(n=Count("pk"))
    ):
        out[row["case__neighbourhood_id"]].signals += row["n"]
    for stat in SignalStatistic.objects.filter(
        neighbourhood_id__in=neighbourhood_ids, month__gte=since.replace(day=1)
    ):
        assert stat.neighbourhood_id is not None
        c = out[stat.neighbourhood_id]
        c.signals += stat.signals
        c.cases += stat.cases
        c.closed += stat.closed
        c.reached += stat.reached
        c.helped += stat.helped
        for d, n in stat.contact_days.items():
            c.days[int(d)] = c.days.get(int(d), 0) + n
    return out


def _households(codes: list[str]) -> dict[str, int]:
    from nabij.outcomes.models import IndicatorValue

    found: dict[str, int] = {}
    for code, value in (
        IndicatorValue.objects.filter(
            indicator__code=HOUSEHOLDS_INDICATOR, area_code__in=codes, current=True
        )
        .order_by("area_code", "period")
        .values_list("area_code", "value")
    ):
        if isinstance(value, Decimal) and value > 0:
            found[code] = int(value)  # the latest period wins
    return found


@dataclass
class ProfileSignals:
    area: AreaSignals
    parts: list[AreaSignals]  # a district's neighbourhoods, a municipality's districts
    since: dt.date
    threshold: int


def _suppress(total: AreaSignals, parts: list[AreaSignals], limit: int) -> None:
    """Hide small cells, then whatever would give one away through the total."""
    keys = {(p.code, ""): p for p in parts}
    keys[(total.code, "")] = total
    households = {k: a.counts.cases for k, a in keys.items()}
    small = {k for k, n in households.items() if 0 < n < limit}
    lines = [[*((p.code, "") for p in parts), (total.code, "")]] if parts else []
    hidden = make_safe(small, households, lines, limit, frozenset())
    for key in hidden:
        keys[key].hidden = "small" if key in small else "secondary"


def profile_signals(area: Any, *, today: dt.date) -> ProfileSignals | None:
    """The figures of an area profile's ``AreaRef`` (municipality, district or neighbourhood)."""
    from nabij.areas.models import District, Neighbourhood

    limit = settings.SMALL_CELL_THRESHOLD
    since = months_before(today, WINDOW_MONTHS)
    if area.level == "neighbourhood":
        hoods = list(Neighbourhood.objects.filter(code=area.code).defer("boundary"))
        groups: list[tuple[str, str, list[int]]] = []
    elif area.level == "district" and area.district is not None:
        hoods = list(
            Neighbourhood.objects.filter(district=area.district).defer("boundary").order_by("code")
        )
        groups = [(h.code, h.name, [h.pk]) for h in hoods]
    else:
        hoods = list(
            Neighbourhood.objects.filter(district__municipality=area.municipality)
            .defer("boundary")
            .order_by("code")
        )
        by_district: dict[int, list[int]] = defaultdict(list)
        for h in hoods:
            by_district[h.district_id].append(h.pk)
        districts = District.objects.filter(municipality=area.municipality).defer("boundary")
        groups = [(d.code, d.name, by_district[d.pk]) for d in districts.order_by("code")]
    if not hoods:
        return None
    counts = counts_by_neighbourhood([h.pk for h in hoods], today=today)
    households = _households([area.code, *(code for code, _name, _ids in groups)])
    total = Counts()
    for c in counts.values():
        total.add(c)
    whole = AreaSignals(area.code, area.name, total, households.get(area.code))
    parts = []
    for code, name, ids in groups:
        part = Counts()
        for pk in ids:
            if pk in counts:
                part.add(counts[pk])
        parts.append(AreaSignals(code, name, part, households.get(code)))
    _suppress(whole, parts, limit)
    return ProfileSignals(whole, parts, since, limit)
