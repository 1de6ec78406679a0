"""Nabij's own outcome figures per area and year, computed from its own records.

What the district teams' own work shows, beside CBS's figures about everyone who lives there:

- the share of households whose self-reliance improved, per domain of the matrix (each
  resident's first and latest assessment of a domain up to the end of the year; a household
  improved when the sum of its current members' changes is above zero; only households with a
  member assessed at least twice on that domain count);
- the share of goals achieved (status today, of every goal in the households' plans);
- the median number of days from first contact (the household registered, or its first
  assignment if earlier) to a plan (the first goal added or the plan signed), of households
  whose plan came in the year;
- households with an open coercion threat (today);
- breakthroughs decided in the year, and what they cost;
- the cost ledger's total for the year per inhabitant (CBS inhabitants; a neighbourhood's are
  the district's shared out by land area, so its figure is an estimate).

Goals and threats keep no history of their status, so those two are figures of today: they
exist for the current year only. Every figure is computed for every neighbourhood, district and
the municipality at once, in a handful of aggregate queries (never a loop over households), and
suppressed with ``areas.selectors.area_counts``: a cell of fewer than
``SMALL_CELL_THRESHOLD`` households is hidden, and so is a district or municipal figure that
would give such a cell away by subtraction (secondary suppression). A share is hidden when its
denominator (households) is small; a count when the count of households is.

The whole set takes about a second on a city of 50,000 households (the self-reliance query
reads every score), so ``own_figures`` keeps it per municipality and year for a few minutes;
``compute_own_figures`` always computes.
"""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nabij.access.models import Assignment
from nabij.areas import selectors as area_selectors
from nabij.areas.models import District, Municipality, Neighbourhood
from nabij.assessment.models import Assessment, Domain, Score
from nabij.outcomes.models import Direction, Question
from nabij.people.models import Household, Membership
from nabij.plans.models import Breakthrough, CoercionThreat, Goal, Plan, PlanChange

Suppression = Literal["", "small", "secondary", "unavailable"]

SOURCE = "Nabij"
OWN_PREFIX = "nabij-"
IMPROVED_PREFIX = "nabij-zrm-"
GOALS_ACHIEVED = "nabij-goals-achieved"
DAYS_TO_PLAN = "nabij-days-to-plan"
COERCION_THREATS = "nabij-coercion-threats"
BREAKTHROUGHS = "nabij-breakthroughs"
BREAKTHROUGH_COST = "nabij-breakthrough-cost"
COST_PER_INHABITANT = "nabij-cost-per-inhabitant"

# Where a domain of the self-reliance matrix answers one of the four questions (both shipped
# matrices); the other domains are shown under "what Nabij sees itself".
DOMAIN_QUESTION: dict[str, Question] = {
    "dagbesteding": Question.WORK,
    "werk-en-opleiding": Question.WORK,
    "financien": Question.FINANCE,
    "justitie": Question.SAFETY,
    "huiselijke-relaties": Question.SAFETY,
}
OWN_FIGURES_MAX_AGE = 300.0  # seconds


def is_own(code: str) -> bool:
    return code.startswith(OWN_PREFIX)


@dataclass(frozen=True)
class Figure:
    """The definition of one of Nabij's own figures (like an ``Indicator``)."""

    code: str
    name: str
    unit: str
    decimals: int
    direction: Direction
    question: Question
    description: str = ""
    current_only: bool = False  # a figure of today: no value for earlier years

    @property
    def source(self) -> str:
        return SOURCE


@dataclass(frozen=True)
class Cell:
    """One figure for one area; ``value`` is None where suppressed or unavailable."""

    value: Decimal | None
    suppression: Suppression = ""
    estimated: bool = False  # from estimated inhabitants (neighbourhoods)

    @property
    def suppressed(self) -> bool:
        return self.suppression in ("small", "secondary")


EMPTY_CELL = Cell(None, "small")
SECONDARY_CELL = Cell(None, "secondary")
UNAVAILABLE_CELL = Cell(None, "unavailable")


Domains = list[tuple[str, str, list[int]]]  # (code, name, domain ids) per domain code


@dataclass
class OwnFigures:
    """Every own figure for every area of one municipality and one year."""

    municipality_code: str
    year: int
    threshold: int
    domains: Domains
    cells: dict[str, dict[str, Cell]]  # figure code -> area code -> cell
    computed_at: float = field(default_factory=time.time)

    _worded: dict[str, dict[str, Figure]] = field(default_factory=dict, repr=False)

    @property
    def figures(self) -> list[Figure]:
        """The definitions, worded in the active language (the set may be kept for a while)."""
        return list(self._by_code().values())

    def _by_code(self) -> dict[str, Figure]:
        language = get_language() or settings.LANGUAGE_CODE
        found = self._worded.get(language)
        if found is None:
            found = self._worded[language] = {f.code: f for f in definitions(self.domains)}
        return found

    def figure(self, code: str) -> Figure | None:
        return self._by_code().get(code)

    def cell(self, figure_code: str, area_code: str) -> Cell:
        figure = self.figure(figure_code)
        if figure is None or (figure.current_only and self.year != timezone.localdate().year):
            return UNAVAILABLE_CELL
        return self.cells.get(figure_code, {}).get(area_code, UNAVAILABLE_CELL)

    def for_area(self, area_code: str) -> list[tuple[Figure, Cell]]:
        return [(f, self.cell(f.code, area_code)) for f in self.figures]


# --- the raw aggregates per neighbourhood --------------------------------------------------


@dataclass
class _Raw:
    """What one neighbourhood (or a sum of them) holds for one figure."""

    households: int = 0  # what the threshold counts
    numerator: int = 0
    denominator: int = 0
    amount: int = 0
    days: Counter[int] = field(default_factory=Counter)

    def __add__(self, other: _Raw) -> _Raw:
        return _Raw(
            households=self.households + other.households,
            numerator=self.numerator + other.numerator,
            denominator=self.denominator + other.denominator,
            amount=self.amount + other.amount,
            days=self.days + other.days,
        )


def _share(raw: _Raw) -> Decimal | None:
    if not raw.denominator:
        return None
    return _round(Decimal(raw.numerator * 100) / Decimal(raw.denominator), 1)


def _median_days(raw: _Raw) -> Decimal | None:
    if not raw.days:
        return None
    values = sorted(raw.days.elements())
    return _round(Decimal(str(statistics.median(values))), 0)


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _decide(
    *,
    municipality: Municipality,
    tree: list[Neighbourhood],
    raws: Mapping[str, _Raw],
    value: Callable[[_Raw], Decimal | None],
    threshold: int,
) -> dict[str, Cell]:
    """Cells for every neighbourhood, district and the municipality, suppressed on the
    households each raw counts (primary and secondary, as ``area_counts`` decides)."""
    decided = area_selectors.area_counts(
        municipality=municipality,
        counts={code: raw.households for code, raw in raws.items()},
        threshold=threshold,
        tree=tree,
    )
    empty = _Raw()
    cells: dict[str, Cell] = {}
    for n in decided.neighbourhoods:
        cells[n.code] = EMPTY_CELL if n.suppressed else Cell(value(raws.get(n.code, empty)))
    total = _Raw()
    for d in decided.districts:
        merged = sum((raws.get(n.code, empty) for n in d.neighbourhoods), _Raw())
        total = total + merged
        if d.suppression:
            cells[d.code] = SECONDARY_CELL if d.suppression == "secondary" else EMPTY_CELL
        else:
            cells[d.code] = Cell(value(merged))
    if decided.total_suppression:
        cells[municipality.code] = (
            SECONDARY_CELL if decided.total_suppression == "secondary" else EMPTY_CELL
        )
    else:
        cells[municipality.code] = Cell(value(total))
    return cells


# --- the queries ---------------------------------------------------------------------------

# A day as a number and a timestamp as a local date, per database (the SQL below is plain
# otherwise). SQLite's date function is the one Django registers for ``TruncDate``.
_DAY_NUMBER = {
    "postgresql": "({col} - DATE '2000-01-01')",
    "sqlite": "CAST(julianday({col}) AS INTEGER)",
}
_LOCAL_DATE = {
    "postgresql": "CAST(({col} AT TIME ZONE %(tz)s) AS DATE)",
    "sqlite": "django_datetime_cast_date({col}, %(tz)s, 'UTC')",
}
_DAYS_BETWEEN = {
    "postgresql": "({later} - {earlier})",
    "sqlite": "CAST(julianday({later}) - julianday({earlier}) AS INTEGER)",
}


def _vendor(table: dict[str, str]) -> str:
    return table.get(connection.vendor, table["sqlite"])


def _tables() -> dict[str, str]:
    return {
        "score": Score._meta.db_table,
        "assessment": Assessment._meta.db_table,
        "membership": Membership._meta.db_table,
        "household": Household._meta.db_table,
        "neighbourhood": Neighbourhood._meta.db_table,
        "district": District._meta.db_table,
        "plan": Plan._meta.db_table,
        "planchange": PlanChange._meta.db_table,
        "assignment": Assignment._meta.db_table,
    }


# Per resident and domain, the first and the latest level up to the end of the year, found
# with MIN and MAX of one number that sorts like (day, assessment id) and ends in the level:
# one aggregate instead of a window over every score. Levels are below 100 (the matrices use
# 1 to 5) and ids below 10^10.
_IMPROVED_SQL = """
WITH change AS (
    SELECT a.resident_id, sc.domain_id,
           MAX({key}) %% 100 - MIN({key}) %% 100 AS diff
    FROM {score} sc JOIN {assessment} a ON a.id = sc.assessment_id
    WHERE a.assessed_on <= %(end)s
    GROUP BY a.resident_id, sc.domain_id
    HAVING COUNT(*) > 1
), per_household AS (
    SELECT m.household_id, c.domain_id, SUM(c.diff) AS diff
    FROM change c
    JOIN {membership} m ON m.resident_id = c.resident_id
        AND m.started_on <= %(day)s AND (m.ended_on IS NULL OR m.ended_on > %(day)s)
    GROUP BY m.household_id, c.domain_id
)
SELECT n.code, p.domain_id, COUNT(*), SUM(CASE WHEN p.diff > 0 THEN 1 ELSE 0 END)
FROM per_household p
JOIN {household} h ON h.id = p.household_id
JOIN {neighbourhood} n ON n.id = h.neighbourhood_id
JOIN {district} d ON d.id = n.district_id
WHERE d.municipality_id = %(municipality)s
GROUP BY n.code, p.domain_id
"""

# Days from first contact to a plan, as a histogram per neighbourhood (the median needs the
# distribution; districts and the municipality merge their neighbourhoods' histograms).
_DAYS_TO_PLAN_SQL = """
WITH first_change AS (
    SELECT p.household_id, MIN(pc.changed_at) AS at
    FROM {planchange} pc JOIN {plan} p ON p.id = pc.plan_id
    WHERE pc.event IN ('goal_added', 'signed_off')
    GROUP BY p.household_id
), first_assignment AS (
    SELECT household_id, MIN(started_on) AS day FROM {assignment} GROUP BY household_id
), moments AS (
    SELECT n.code AS code,
           {plan_day} AS plan_day,
           {created_day} AS created_day,
           fa.day AS assigned_day
    FROM {household} h
    JOIN {neighbourhood} n ON n.id = h.neighbourhood_id
    JOIN {district} d ON d.id = n.district_id
    JOIN {plan} p ON p.household_id = h.id
    LEFT JOIN first_change fc ON fc.household_id = h.id
    LEFT JOIN first_assignment fa ON fa.household_id = h.id
    WHERE d.municipality_id = %(municipality)s
      AND COALESCE(fc.at, p.signed_off_at) IS NOT NULL
)
SELECT code, {days}, COUNT(*)
FROM moments
WHERE plan_day >= %(start)s AND plan_day <= %(end)s
GROUP BY 1, 2
"""


def _improved(municipality: Municipality, year: int) -> dict[int, dict[str, _Raw]]:
    """Per domain id, per neighbourhood code: households assessed twice, and improved."""
    end, day = _period_end(year)
    key = (
        f"{_vendor(_DAY_NUMBER).format(col='a.assessed_on')} * 1000000000000"
        " + a.id * 100 + sc.level"
    )
    sql = _IMPROVED_SQL.format(key=key, **_tables())
    out: dict[int, dict[str, _Raw]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, {"end": end, "day": day, "municipality": municipality.pk})
        for code, domain_id, households, improved in cursor.fetchall():
            out.setdefault(int(domain_id), {})[code] = _Raw(
                households=int(households),
                numerator=int(improved or 0),
                denominator=int(households),
            )
    return out


def _days_to_plan(municipality: Municipality, year: int) -> dict[str, _Raw]:
    end, _day = _period_end(year)
    local = _vendor(_LOCAL_DATE)
    contact = "CASE WHEN assigned_day < created_day THEN assigned_day ELSE created_day END"
    sql = _DAYS_TO_PLAN_SQL.format(
        plan_day=local.format(col="COALESCE(fc.at, p.signed_off_at)"),
        created_day=local.format(col="h.created_at"),
        days=_vendor(_DAYS_BETWEEN).format(later="plan_day", earlier=contact),
        **_tables(),
    )
    out: dict[str, _Raw] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "municipality": municipality.pk,
                "start": _date(year, 1, 1),
                "end": end,
                "tz": settings.TIME_ZONE,
            },
        )
        for code, days, n in cursor.fetchall():
            raw = out.setdefault(code, _Raw())
            raw.households += int(n)
            raw.days[max(0, int(days))] += int(n)
    return out


def _goals(municipality: Municipality) -> dict[str, _Raw]:
    rows = (
        Goal.objects.filter(plan__household__neighbourhood__district__municipality=municipality)
        .values("plan__household__neighbourhood__code")
        .annotate(
            households=Count("plan__household_id", distinct=True),
            goals=Count("id"),
            achieved=Count("id", filter=Q(status=Goal.Status.ACHIEVED)),
        )
        .order_by()
    )
    return {
        row["plan__household__neighbourhood__code"]: _Raw(
            households=row["households"], numerator=row["achieved"], denominator=row["goals"]
        )
        for row in rows
    }


def _threats(municipality: Municipality) -> dict[str, _Raw]:
    rows = (
        CoercionThreat.objects.filter(
            status=CoercionThreat.Status.OPEN,
            household__neighbourhood__district__municipality=municipality,
        )
        .values("household__neighbourhood__code")
        .annotate(households=Count("household_id", distinct=True))
        .order_by()
    )
    return {
        row["household__neighbourhood__code"]: _Raw(households=row["households"]) for row in rows
    }


def _breakthroughs(municipality: Municipality, year: int) -> dict[str, _Raw]:
    rows = (
        Breakthrough.objects.filter(
            decided_on__gte=_date(year, 1, 1),
            decided_on__lte=_date(year, 12, 31),
            household__neighbourhood__district__municipality=municipality,
        )
        .values("household__neighbourhood__code")
        .annotate(
            households=Count("household_id", distinct=True),
            n=Count("id"),
            cost=Sum("cost_cents"),
        )
        .order_by()
    )
    return {
        row["household__neighbourhood__code"]: _Raw(
            households=row["households"], numerator=row["n"], amount=int(row["cost"] or 0)
        )
        for row in rows
    }


def _costs_per_inhabitant(
    municipality: Municipality, tree: list[Neighbourhood], year: int, threshold: int
) -> dict[str, Cell]:
    """The cost ledger's area rollup (suppressed on households with a cost, as on the cost
    page) divided by CBS inhabitants; whole euros."""
    from nabij.costs import analytics

    snap = analytics.snapshot()
    snap.refresh(max_age=2.0)
    rollup = analytics.area_rollup(snap, municipality=municipality, year=year, threshold=threshold)

    def cell(cost: analytics.Cell, inhabitants: int | None, *, estimated: bool = False) -> Cell:
        if cost.suppressed:
            return SECONDARY_CELL if cost.suppression == "secondary" else EMPTY_CELL
        if cost.cost_cents is None or not inhabitants:
            return UNAVAILABLE_CELL
        per = Decimal(cost.cost_cents) / Decimal(100) / Decimal(inhabitants)
        return Cell(_round(per, 0), estimated=estimated)

    inhabitants = {n.code: n.inhabitants_estimate for n in tree}
    district_inhabitants = {n.district.code: n.district.inhabitants for n in tree}
    cells = {
        n.code: cell(n.cell, inhabitants.get(n.code), estimated=True) for n in rollup.neighbourhoods
    }
    for d in rollup.districts:
        cells[d.code] = cell(d.cell, district_inhabitants.get(d.code))
    cells[municipality.code] = cell(rollup.total, municipality.inhabitants)
    return cells


def _period_end(year: int) -> tuple[dt.date, dt.date]:
    """The last day of the year, and the day whose household composition counts (that day,
    or today for the current year)."""
    end = _date(year, 12, 31)
    return end, min(end, timezone.localdate())


def _date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _domains() -> Domains:
    """(code, name, domain ids) per domain code, the default instrument's order first."""
    found: dict[str, tuple[str, list[int]]] = {}
    for pk, code, name in Domain.objects.order_by(
        "-instrument__is_default", "instrument_id", "position"
    ).values_list("pk", "code", "name"):
        found.setdefault(code, (name, []))[1].append(pk)
    return [(code, name, ids) for code, (name, ids) in found.items()]


def definitions(domains: Iterable[tuple[str, str, list[int]]] | None = None) -> list[Figure]:
    """Every own figure, the self-reliance domains first."""
    figures = [
        Figure(
            code=f"{IMPROVED_PREFIX}{code}",
            name=str(_("Self-reliance improved: %(domain)s") % {"domain": name}),
            unit="%",
            decimals=1,
            direction=Direction.HIGHER_BETTER,
            question=DOMAIN_QUESTION.get(code, Question.CONTEXT),
            description=str(
                _(
                    "Share of households assessed at least twice on this domain whose latest "
                    "level is higher than their first."
                )
            ),
        )
        for code, name, _ids in (_domains() if domains is None else domains)
    ]
    figures += [
        Figure(
            GOALS_ACHIEVED,
            str(_("Goals achieved")),
            "%",
            1,
            Direction.HIGHER_BETTER,
            Question.CONTEXT,
            str(_("Share of the goals in the households' plans that are achieved, today.")),
            current_only=True,
        ),
        Figure(
            DAYS_TO_PLAN,
            str(_("Days from first contact to a plan")),
            str(_("days")),
            0,
            Direction.LOWER_BETTER,
            Question.CONTEXT,
            str(
                _(
                    "Median days from the first contact to the first goal or the signed plan, "
                    "for households whose plan came in the year."
                )
            ),
        ),
        Figure(
            COERCION_THREATS,
            str(_("Households with an open coercion threat")),
            str(_("households")),
            0,
            Direction.LOWER_BETTER,
            Question.CONTEXT,
            str(_("Eviction, disconnection, detention for fines and other threats, today.")),
            current_only=True,
        ),
        Figure(
            BREAKTHROUGHS,
            str(_("Breakthroughs")),
            str(_("breakthroughs")),
            0,
            Direction.NEUTRAL,
            Question.CONTEXT,
            str(_("Rules set aside with the team's mandate, decided in the year.")),
        ),
        Figure(
            BREAKTHROUGH_COST,
            str(_("Cost of the breakthroughs")),
            "€",
            0,
            Direction.NEUTRAL,
            Question.CONTEXT,
            str(_("What the breakthroughs decided in the year cost.")),
        ),
        Figure(
            COST_PER_INHABITANT,
            str(_("Cost per inhabitant")),
            str(_("€ per inhabitant")),
            0,
            Direction.NEUTRAL,
            Question.CONTEXT,
            str(
                _(
                    "The cost ledger's total for the year divided by the inhabitants (CBS); "
                    "for a neighbourhood an estimate."
                )
            ),
        ),
    ]
    return figures


def compute_own_figures(
    municipality: Municipality, year: int, *, threshold: int | None = None
) -> OwnFigures:
    """Every own figure for every area of ``municipality`` in ``year``, suppressed."""
    limit = settings.SMALL_CELL_THRESHOLD if threshold is None else threshold
    tree = area_selectors.area_tree(municipality)
    domains = _domains()
    current = year == timezone.localdate().year
    cells: dict[str, dict[str, Cell]] = {}

    def decide(raws: Mapping[str, _Raw], value: Callable[[_Raw], Decimal | None]) -> dict:
        return _decide(
            municipality=municipality, tree=tree, raws=raws, value=value, threshold=limit
        )

    improved = _improved(municipality, year)
    assessed: Domains = []
    for code, name, ids in domains:
        merged: dict[str, _Raw] = {}
        for domain_id in ids:
            for area, raw in improved.get(domain_id, {}).items():
                merged[area] = merged.get(area, _Raw()) + raw
        if merged:  # a domain nobody in the municipality was assessed on is left out
            assessed.append((code, name, ids))
            cells[f"{IMPROVED_PREFIX}{code}"] = decide(merged, _share)
    if current:
        cells[GOALS_ACHIEVED] = decide(_goals(municipality), _share)
        cells[COERCION_THREATS] = decide(
            _threats(municipality), lambda raw: Decimal(raw.households)
        )
    cells[DAYS_TO_PLAN] = decide(_days_to_plan(municipality, year), _median_days)
    breakthroughs = _breakthroughs(municipality, year)
    cells[BREAKTHROUGHS] = decide(breakthroughs, lambda raw: Decimal(raw.numerator))
    cells[BREAKTHROUGH_COST] = decide(
        breakthroughs, lambda raw: _round(Decimal(raw.amount) / 100, 0)
    )
    cells[COST_PER_INHABITANT] = _costs_per_inhabitant(municipality, tree, year, limit)
    return OwnFigures(
        municipality_code=municipality.code,
        year=year,
        threshold=limit,
        domains=assessed,
        cells=cells,
    )


# --- kept for a while ----------------------------------------------------------------------

_kept: dict[tuple[str, str, int], OwnFigures] = {}
_kept_lock = threading.Lock()


def own_figures(municipality: Municipality, year: int) -> OwnFigures:
    """``compute_own_figures``, kept per database, municipality and year for
    ``OUTCOMES_OWN_FIGURES_MAX_AGE`` seconds (setting; default ``OWN_FIGURES_MAX_AGE``, 0 keeps
    nothing). Figures of a year change slowly, and the set takes about a second to compute on
    a city of 50,000 households; pages say when it was computed."""
    max_age = float(getattr(settings, "OUTCOMES_OWN_FIGURES_MAX_AGE", OWN_FIGURES_MAX_AGE))
    key = (str(connection.settings_dict.get("NAME")), municipality.code, year)
    with _kept_lock:
        kept = _kept.get(key)
    if kept is not None and time.time() - kept.computed_at < max_age:
        return kept
    figures = compute_own_figures(municipality, year)
    if max_age > 0:
        with _kept_lock:
            _kept[key] = figures
    return figures


def forget() -> None:
    """Drop every kept set (tests)."""
    with _kept_lock:
        _kept.clear()
