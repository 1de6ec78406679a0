"""Reads of area outcomes: indicators and their values, the area profile, the indicator map.

Everything here is an aggregate: CBS's published figures per area, and Nabij's own figures
(``figures``), suppressed below the disclosure threshold. A profile or a map costs a fixed
handful of queries whatever the number of areas, periods or indicators.

Values are shown as CBS publishes them, except counts the catalogue marks ``per_thousand``:
those are shown per 1,000 inhabitants (CBS's ``AantalInwoners`` of the same area and year; for
a neighbourhood without it, the estimate the area tables hold, and then marked "estimated").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nabij.areas import selectors as area_selectors
from nabij.areas.models import District, Municipality, Neighbourhood
from nabij.outcomes import catalogue, figures
from nabij.outcomes.models import (
    COUNTRY_CODE,
    AreaLevel,
    Direction,
    Indicator,
    IndicatorValue,
    Quality,
    Question,
    area_level_of,
)

INHABITANTS = "AantalInwoners"
URBANITY = "MateVanStedelijkheid"
TREND_YEARS = 10
QUESTIONS = (Question.SCHOOL, Question.WORK, Question.FINANCE, Question.SAFETY)
# The marks a figure carries in words wherever it is shown (never colour alone).
MARKED = (Quality.SYNTHETIC, Quality.PROVISIONAL, Quality.ESTIMATED)

MapLevel = Literal["neighbourhood", "district"]


# --- areas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRef:
    """A municipality, district or neighbourhood by its CBS code, with what a profile needs."""

    code: str
    name: str
    level: AreaLevel
    municipality: Municipality
    district: District | None = None  # the district itself, or a neighbourhood's district
    inhabitants: int | None = None
    inhabitants_estimated: bool = False

    @property
    def municipality_code(self) -> str:
        return self.municipality.code


def area_by_code(code: str) -> AreaRef | None:
    """The area with this code (``GM…``, ``WK…``, ``BU…``), or None."""
    level = area_level_of(code)
    if level == AreaLevel.MUNICIPALITY:
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            return None
        return AreaRef(
            code=code,
            name=municipality.name,
            level=level,
            municipality=municipality,
            inhabitants=municipality.inhabitants,
        )
    if level == AreaLevel.DISTRICT:
        district = (
            District.objects.select_related("municipality")
            .defer("boundary")
            .filter(code=code)
            .first()
        )
        if district is None:
            return None
        return AreaRef(
            code=code,
            name=district.name,
            level=level,
            municipality=district.municipality,
            district=district,
            inhabitants=district.inhabitants,
        )
    if level == AreaLevel.NEIGHBOURHOOD:
        neighbourhood = (
            Neighbourhood.objects.select_related("district__municipality")
            .defer("boundary", "district__boundary")
            .filter(code=code)
            .first()
        )
        if neighbourhood is None:
            return None
        return AreaRef(
            code=code,
            name=neighbourhood.name,
            level=level,
            municipality=neighbourhood.district.municipality,
            district=neighbourhood.district,
            inhabitants=neighbourhood.inhabitants_estimate,
            inhabitants_estimated=True,
        )
    return None


def municipality_for(*, professional: Any, code: str | None = None) -> Municipality | None:
    return area_selectors.municipality_for(professional=professional, code=code)


@dataclass(frozen=True)
class IndexDistrict:
    code: str
    name: str
    inhabitants: int | None
    neighbourhoods: list[tuple[str, str]]  # (code, name)


def area_index(municipality: Municipality) -> list[IndexDistrict]:
    """The municipality's districts with their neighbourhoods (one query)."""
    by_district: dict[str, IndexDistrict] = {}
    for n in area_selectors.area_tree(municipality):
        entry = by_district.get(n.district.code)
        if entry is None:
            entry = by_district[n.district.code] = IndexDistrict(
                n.district.code, n.district.name, n.district.inhabitants, []
            )
        entry.neighbourhoods.append((n.code, n.name))
    return list(by_district.values())


def area_codes(municipality: Municipality, level: MapLevel) -> list[tuple[str, str, str]]:
    """(code, name, district name) of the municipality's areas at ``level``, in code order."""
    if level == "district":
        return [
            (code, name, "")
            for code, name in District.objects.filter(municipality=municipality)
            .order_by("code")
            .values_list("code", "name")
        ]
    return list(
        Neighbourhood.objects.filter(district__municipality=municipality)
        .order_by("code")
        .values_list("code", "name", "district__name")
    )


# --- values --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One figure of one area in one period, as shown (per 1,000 inhabitants where the
    catalogue says so). ``value`` is None for a figure CBS keeps secret (``quality`` secret)
    or one that cannot be computed (per 1,000 without inhabitants)."""

    period: int
    value: Decimal | None
    quality: str = Quality.FINAL
    source: str = "CBS"
    licence: str = ""
    marks: frozenset[str] = frozenset()

    @property
    def synthetic(self) -> bool:
        return Quality.SYNTHETIC in self.marks

    @property
    def secret(self) -> bool:
        return self.quality == Quality.SECRET


def per_thousand(code: str) -> bool:
    """Whether the catalogue shows this count per 1,000 inhabitants."""
    entry = catalogue.CATALOGUE.get(code)
    return bool(entry and entry.per_thousand)


@dataclass(frozen=True)
class _Row:
    indicator_id: int
    area_code: str
    period: int
    value: Decimal | None
    quality: str
    source: str
    licence: str


_ROW_FIELDS = (
    "indicator_id",
    "area_code",
    "period",
    "value",
    "quality",
    "batch__source",
    "batch__licence",
)


def _rows(**filters: Any) -> list[_Row]:
    return [
        _Row(*row)
        for row in IndicatorValue.objects.filter(current=True, **filters)
        .order_by()
        .values_list(*_ROW_FIELDS)
    ]


def _marks(*qualities: str) -> frozenset[str]:
    return frozenset(q for q in qualities if q in MARKED)


def _quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


class _Shown:
    """Turns stored values into shown points: per 1,000 inhabitants where the catalogue says
    so, with the inhabitants of the same area and period."""

    def __init__(
        self,
        indicators: Mapping[int, Indicator],
        inhabitants: Mapping[tuple[str, int], _Row],
        fallback: Callable[[], Mapping[str, tuple[int | None, bool]]] | None = None,
    ) -> None:
        """``fallback``: the area tables' inhabitants by code (and whether estimated), read
        only when a value has no CBS inhabitants of its own."""
        self.indicators = indicators
        self.inhabitants = inhabitants
        self._fallback = fallback
        self._fallback_read: Mapping[str, tuple[int | None, bool]] | None = None

    def fallback(self, code: str) -> tuple[int | None, bool]:
        if self._fallback_read is None:
            self._fallback_read = self._fallback() if self._fallback is not None else {}
        return self._fallback_read.get(code, (None, False))

    def per_thousand(self, indicator: Indicator) -> bool:
        return per_thousand(indicator.code)

    def decimals(self, indicator: Indicator) -> int:
        return 1 if self.per_thousand(indicator) else indicator.decimals

    def point(self, row: _Row) -> Point:
        value, marks = self.shown_value(row)
        if value is not None:
            value = _quantize(Decimal(value), self.decimals(self.indicators[row.indicator_id]))
        return Point(
            period=row.period,
            value=value,
            quality=row.quality,
            source=row.source,
            licence=row.licence,
            marks=marks,
        )

    def shown_value(self, row: _Row) -> tuple[Decimal | None, frozenset[str]]:
        """The value as shown (per 1,000 where so marked), not yet rounded, and its marks."""
        indicator = self.indicators[row.indicator_id]
        marks = _marks(row.quality)
        value = row.value
        if value is not None and self.per_thousand(indicator):
            people = self.inhabitants.get((row.area_code, row.period))
            if people is not None and people.value:
                value = value * 1000 / people.value
                marks |= _marks(people.quality)
            else:
                count, estimated = self.fallback(row.area_code)
                if count:
                    value = value * 1000 / Decimal(count)
                    if estimated:
                        marks |= {Quality.ESTIMATED}
                else:
                    value = None
        return value, marks


@dataclass(frozen=True)
class Compare:
    """How a value compares with another: which way it moved (``arrow``) and, where the
    indicator has a better direction, whether that is better or worse (``verdict``)."""

    arrow: Literal["up", "down", "same", ""] = ""
    verdict: Literal["better", "worse", ""] = ""

    @property
    def word(self) -> str:
        """better / worse where there is a better direction; higher / lower / same otherwise."""
        if self.verdict:
            return self.verdict
        return {"up": "higher", "down": "lower", "same": "same"}.get(self.arrow, "")


NO_COMPARE = Compare()


def compare(value: Decimal | None, other: Decimal | None, direction: str) -> Compare:
    """How ``value`` compares with ``other`` given which way is better."""
    if value is None or other is None:
        return NO_COMPARE
    if value == other:
        return Compare("same")
    higher = value > other
    arrow: Literal["up", "down"] = "up" if higher else "down"
    if direction == Direction.HIGHER_BETTER:
        return Compare(arrow, "better" if higher else "worse")
    if direction == Direction.LOWER_BETTER:
        return Compare(arrow, "worse" if higher else "better")
    return Compare(arrow)


# --- the trend chart -----------------------------------------------------------------------

CHART_WIDTH = 340
CHART_HEIGHT = 132
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 56, 282, 14, 104


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    period: int

    # Coordinates as SVG wants them (templates would localise a float: "12,5").
    @property
    def cx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"

    @property
    def label_x(self) -> str:
        """The value's label, right of the (last) point."""
        return f"{self.x + 7:.1f}"

    @property
    def label_y(self) -> str:
        return f"{self.y + 4:.1f}"


@dataclass(frozen=True)
class Chart:
    """A small line chart in SVG units (``CHART_WIDTH`` by ``CHART_HEIGHT``): the area's line
    with a dot per year, the municipality's as a dashed line, labelled axes."""

    points: list[ChartPoint]
    reference: list[ChartPoint]
    y_labels: list[tuple[str, str, str]]  # (y of the grid line, y of the text, text)
    x_labels: list[tuple[str, str, str]]  # (x, text-anchor, text)
    last_label: str = ""  # the latest value, written beside its point
    left: str = str(PLOT_LEFT)
    right: str = str(PLOT_RIGHT)
    bottom: str = str(PLOT_BOTTOM)
    label_x: str = str(PLOT_LEFT - 6)
    year_y: str = str(PLOT_BOTTOM + 20)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def reference_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.reference)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def last(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None


_SEPARATORS: dict[str, dict[int, str]] = {}


def _separators() -> dict[int, str]:
    """The active language's decimal and thousands separators, as a ``str.translate`` table
    from Python's own ("." and ",")."""
    language = get_language() or settings.LANGUAGE_CODE
    table = _SEPARATORS.get(language)
    if table is None:
        decimal = str(get_format("DECIMAL_SEPARATOR", use_l10n=True))
        thousands = str(get_format("THOUSAND_SEPARATOR", use_l10n=True))
        table = _SEPARATORS[language] = str.maketrans({".": decimal, ",": thousands})
    return table


def format_number(
    value: Decimal | float | int | None, decimals: int, table: dict[int, str] | None = None
) -> str:
    """``12345.678`` -> "12.345,7" in Dutch, grouped in thousands; a dash for no value.

    What ``number_format(..., force_grouping=True)`` gives, at a fraction of its cost (a
    profile formats hundreds of figures); pass ``table`` (``separators()``) in a loop. The
    result holds digits and separators only: it needs no escaping."""
    if value is None:
        return "\u2013"
    return f"{value:,.{decimals}f}".translate(table or _separators())


separators = _separators


def chart(
    points: list[Point], reference: list[Point], decimals: int, periods: list[int]
) -> Chart | None:
    """The trend of ``points`` (and ``reference``) over ``periods``; None without two values."""
    shown = [p for p in points if p.value is not None]
    if not shown:
        return None
    others = [p for p in reference if p.value is not None and p.period in periods]
    values = [p.value for p in shown + others if p.value is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    elif low > 0 and low < (high - low):
        low = Decimal(0)  # a near-zero minimum: start the axis at zero
    first, last = periods[0], periods[-1]
    span = max(1, last - first)

    def x(period: int) -> float:
        if first == last:
            return (PLOT_LEFT + PLOT_RIGHT) / 2
        return PLOT_LEFT + (period - first) * (PLOT_RIGHT - PLOT_LEFT) / span

    def y(value: Decimal) -> float:
        return PLOT_BOTTOM - float((value - low) / (high - low)) * (PLOT_BOTTOM - PLOT_TOP)

    def placed(items: list[Point]) -> list[ChartPoint]:
        return [ChartPoint(x(p.period), y(p.value), p.period) for p in items if p.value is not None]

    x_labels = [(f"{x(first):.1f}", "start" if last != first else "middle", str(first))]
    if last != first:
        x_labels.append((f"{x(last):.1f}", "end", str(last)))
    return Chart(
        points=placed(shown),
        reference=placed(others),
        last_label=format_number(shown[-1].value, decimals),
        y_labels=[
            (f"{y(v):.1f}", f"{y(v) + 4:.1f}", format_number(v, decimals)) for v in (high, low)
        ],
        x_labels=x_labels,
    )


# --- the profile ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Similar:
    """The mean of the other areas of the same level and urbanity class."""

    value: Decimal | None
    count: int
    marks: frozenset[str] = frozenset()


@dataclass
class IndicatorProfile:
    indicator: Indicator
    per_thousand: bool
    decimals: int
    latest: Point | None
    previous: Point | None
    trend: list[Point]
    municipality_trend: list[Point]
    municipality: Point | None
    country: Point | None
    similar: Similar | None
    chart: Chart | None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def vs_previous(self) -> Compare:
        if self.latest is None or self.previous is None:
            return NO_COMPARE
        return compare(self.latest.value, self.previous.value, self.indicator.direction)

    @property
    def vs_municipality(self) -> Compare:
        if self.latest is None or self.municipality is None:
            return NO_COMPARE
        return compare(self.latest.value, self.municipality.value, self.indicator.direction)

    @property
    def unit(self) -> str:
        return _("per 1,000 inhabitants") if self.per_thousand else self.indicator.unit

    @property
    def marks(self) -> frozenset[str]:
        found: frozenset[str] = frozenset()
        for point in [self.latest, self.previous, self.municipality, self.country]:
            if point is not None:
                found |= point.marks
        for point in self.trend + self.municipality_trend:
            found |= point.marks
        if self.similar is not None:
            found |= self.similar.marks
        return found

    @property
    def source_line(self) -> str:
        """ "Bron: CBS 2024" (the latest period's source), the licence after it."""
        if self.latest is None:
            return f"Bron: {self.indicator.source}"
        line = f"Bron: {self.latest.source or self.indicator.source} {self.latest.period}"
        licence = self.latest.licence or self.indicator.licence
        return f"{line} ({licence})" if licence else line

    @property
    def trend_rows(self) -> list[tuple[int, Point | None, Point | None]]:
        """(period, this area, the municipality) per period of the trend, newest first."""
        reference = {p.period: p for p in self.municipality_trend}
        return [(p.period, p, reference.get(p.period)) for p in reversed(self.trend)]


@dataclass(frozen=True)
class OwnRow:
    """One of Nabij's own figures for the area, its district (for a neighbourhood) and the
    municipality."""

    figure: figures.Figure
    cell: figures.Cell
    district: figures.Cell | None
    municipality: figures.Cell | None

    @property
    def vs_municipality(self) -> Compare:
        if self.municipality is None:
            return NO_COMPARE
        return compare(self.cell.value, self.municipality.value, self.figure.direction)


@dataclass
class QuestionProfile:
    question: Question
    indicators: list[IndicatorProfile]
    own: list[OwnRow]

    @property
    def label(self) -> str:
        return str(self.question.label)

    @property
    def shown(self) -> list[IndicatorProfile]:
        return [i for i in self.indicators if i.latest is not None]

    @property
    def sources(self) -> list[str]:
        """The distinct source lines of the shown figures ("Bron: CBS 2024 (CC BY 4.0)")."""
        return list(dict.fromkeys(i.source_line for i in self.shown))


@dataclass
class Profile:
    area: AreaRef
    questions: list[QuestionProfile]  # the four questions, in order
    context: QuestionProfile  # who lives here
    own_other: list[OwnRow]  # own figures that answer no question
    own_year: int
    own_computed_at: float
    threshold: int
    urbanity: Decimal | None
    similar_level_count: int  # other areas of the same class (with the urbanity figure)

    @property
    def own_computed(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.own_computed_at, tz=dt.UTC)

    @property
    def all_indicators(self) -> list[IndicatorProfile]:
        return [i for q in [*self.questions, self.context] for i in q.indicators]

    @property
    def marks(self) -> frozenset[str]:
        found: frozenset[str] = frozenset()
        for item in self.all_indicators:
            found |= item.marks
        return found

    @property
    def synthetic(self) -> bool:
        return Quality.SYNTHETIC in self.marks

    @property
    def any_own_suppressed(self) -> bool:
        rows = [r for q in self.questions for r in q.own] + self.own_other
        return any(
            c is not None and c.suppressed
            for r in rows
            for c in (r.cell, r.district, r.municipality)
        )

    @property
    def latest_period(self) -> int | None:
        periods = [i.latest.period for i in self.all_indicators if i.latest is not None]
        return max(periods) if periods else None


def _own_rows(area: AreaRef, own: figures.OwnFigures) -> list[OwnRow]:
    rows = []
    for figure in own.figures:
        district = None
        if area.level == AreaLevel.NEIGHBOURHOOD and area.district is not None:
            district = own.cell(figure.code, area.district.code)
        municipality = (
            None
            if area.level == AreaLevel.MUNICIPALITY
            else own.cell(figure.code, area.municipality_code)
        )
        rows.append(
            OwnRow(
                figure=figure,
                cell=own.cell(figure.code, area.code),
                district=district,
                municipality=municipality,
            )
        )
    return rows


def _similar(
    area: AreaRef,
    indicators: Mapping[int, Indicator],
    latest: Mapping[int, int],
    urbanity_rows: list[_Row],
) -> tuple[Decimal | None, dict[int, Similar], int]:
    """The urbanity class of the area, the mean per indicator of the other areas of its level
    in the municipality with the same class (in the indicator's latest period here), and how
    many such areas there are."""
    mine = [r for r in urbanity_rows if r.area_code == area.code and r.value is not None]
    if not mine:
        return None, {}, 0
    newest = max(mine, key=lambda r: r.period)
    same = {
        r.area_code
        for r in urbanity_rows
        if r.period == newest.period and r.value == newest.value and r.area_code != area.code
    }
    if not same or not latest:
        return newest.value, {}, len(same)
    rows = _rows(area_code__in=sorted(same), period__in=sorted(set(latest.values())))
    inhabitants = {
        (r.area_code, r.period): r for r in rows if indicators[r.indicator_id].code == INHABITANTS
    }
    shown = _Shown(indicators, inhabitants)
    totals: dict[int, tuple[Decimal, int, frozenset[str]]] = {}
    for row in rows:
        if latest.get(row.indicator_id) != row.period:
            continue
        value, marks = shown.shown_value(row)
        if value is None:
            continue
        total, count, found = totals.get(row.indicator_id, (Decimal(0), 0, frozenset()))
        totals[row.indicator_id] = (total + value, count + 1, found | marks)
    means = {
        indicator_id: Similar(
            value=_quantize(total / count, shown.decimals(indicators[indicator_id])),
            count=count,
            marks=found,
        )
        for indicator_id, (total, count, found) in totals.items()
    }
    return newest.value, means, len(same)


def profile(area: AreaRef, *, own_year: int | None = None) -> Profile:
    """Everything the profile page and ``/areas/{code}/profile`` show for one area."""
    indicators = {i.pk: i for i in Indicator.objects.order_by("question", "position", "code")}
    by_code = {i.code: i for i in indicators.values()}
    codes = [area.code, COUNTRY_CODE]
    if area.level != AreaLevel.MUNICIPALITY:
        codes.append(area.municipality_code)
    rows = _rows(area_code__in=codes)
    inhabitants = {
        (r.area_code, r.period): r for r in rows if indicators[r.indicator_id].code == INHABITANTS
    }
    fallback = {
        area.code: (area.inhabitants, area.inhabitants_estimated),
        area.municipality_code: (area.municipality.inhabitants, False),
    }
    shown = _Shown(indicators, inhabitants, lambda: fallback)
    ordered = sorted(rows, key=lambda r: r.period)
    # The area's last TREND_YEARS periods per indicator; the municipality in those periods,
    # the country in the latest only: no more values are turned into points than are shown.
    own_periods: dict[int, list[int]] = defaultdict(list)
    for row in ordered:
        if row.area_code == area.code:
            own_periods[row.indicator_id].append(row.period)
    wanted = {i: set(periods[-TREND_YEARS:]) for i, periods in own_periods.items()}
    latest: dict[int, int] = {i: periods[-1] for i, periods in own_periods.items()}
    series: dict[tuple[str, int], list[Point]] = defaultdict(list)
    for row in ordered:
        if row.area_code == COUNTRY_CODE:
            if latest.get(row.indicator_id) != row.period:
                continue
        elif row.period not in wanted.get(row.indicator_id, ()):
            continue
        series[(row.area_code, row.indicator_id)].append(shown.point(row))

    urbanity_rows: list[_Row] = []
    urbanity = by_code.get(URBANITY)
    if urbanity is not None and area.level in (AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD):
        level: MapLevel = "district" if area.level == AreaLevel.DISTRICT else "neighbourhood"
        peers = [code for code, *_ in area_codes(area.municipality, level)]
        urbanity_rows = _rows(indicator=urbanity, area_code__in=peers)
    urbanity_class, similar, similar_count = _similar(area, indicators, latest, urbanity_rows)

    def item(indicator: Indicator) -> IndicatorProfile:
        own = series.get((area.code, indicator.pk), [])
        trend = own[-TREND_YEARS:]
        periods = [p.period for p in trend]
        at = {p.period: p for p in trend}
        newest = trend[-1] if trend else None
        previous = trend[-2] if len(trend) > 1 else None

        def same_period(code: str) -> Point | None:
            if newest is None:
                return None
            return next(
                (p for p in series.get((code, indicator.pk), []) if p.period == newest.period),
                None,
            )

        municipality_trend = (
            []
            if area.level == AreaLevel.MUNICIPALITY
            else [
                p for p in series.get((area.municipality_code, indicator.pk), []) if p.period in at
            ]
        )
        decimals = shown.decimals(indicator)
        return IndicatorProfile(
            indicator=indicator,
            per_thousand=shown.per_thousand(indicator),
            decimals=decimals,
            latest=newest,
            previous=previous,
            trend=trend,
            municipality_trend=municipality_trend,
            municipality=None
            if area.level == AreaLevel.MUNICIPALITY
            else same_period(area.municipality_code),
            country=same_period(COUNTRY_CODE),
            similar=similar.get(indicator.pk),
            chart=chart(trend, municipality_trend, decimals, periods) if periods else None,
        )

    items = [item(i) for i in indicators.values()]
    year = own_year or timezone.localdate().year
    own = figures.own_figures(area.municipality, year)
    own_rows = _own_rows(area, own)
    questions = [
        QuestionProfile(
            question=q,
            indicators=[i for i in items if i.indicator.question == q],
            own=[r for r in own_rows if r.figure.question == q],
        )
        for q in QUESTIONS
    ]
    context = QuestionProfile(
        question=Question.CONTEXT,
        indicators=[i for i in items if i.indicator.question == Question.CONTEXT],
        own=[],
    )
    return Profile(
        area=area,
        questions=questions,
        context=context,
        own_other=[r for r in own_rows if r.figure.question == Question.CONTEXT],
        own_year=year,
        own_computed_at=own.computed_at,
        threshold=own.threshold,
        urbanity=urbanity_class,
        similar_level_count=similar_count,
    )


# --- indicator definitions and values (API) ------------------------------------------------


@dataclass(frozen=True)
class IndicatorDefinition:
    indicator: Indicator
    periods: list[int]


def indicator_definitions() -> list[IndicatorDefinition]:
    """Every indicator with the periods it has current values for (two queries)."""
    periods: dict[int, set[int]] = defaultdict(set)
    for indicator_id, period in (
        IndicatorValue.objects.filter(current=True)
        .order_by()
        .values_list("indicator_id", "period")
        .distinct()
    ):
        periods[indicator_id].add(period)
    return [
        IndicatorDefinition(indicator=i, periods=sorted(periods.get(i.pk, ())))
        for i in Indicator.objects.order_by("question", "position", "code")
    ]


@dataclass(frozen=True)
class AreaValue:
    indicator: Indicator
    period: int
    value: Decimal | None
    quality: str
    source: str
    licence: str


def area_values(code: str, *, period: int | None = None) -> list[AreaValue]:
    """The area's current values as CBS publishes them (no per-1,000): of ``period``, or the
    latest period of each indicator."""
    indicators = {i.pk: i for i in Indicator.objects.order_by("question", "position", "code")}
    rows = _rows(area_code=code, **({"period": period} if period is not None else {}))
    newest: dict[int, _Row] = {}
    for row in rows:
        kept = newest.get(row.indicator_id)
        if kept is None or row.period > kept.period:
            newest[row.indicator_id] = row
    order = {pk: n for n, pk in enumerate(indicators)}
    return [
        AreaValue(
            indicator=indicators[row.indicator_id],
            period=row.period,
            value=row.value,
            quality=row.quality,
            source=row.source,
            licence=row.licence,
        )
        for row in sorted(newest.values(), key=lambda r: order.get(r.indicator_id, 0))
    ]


# --- the indicator map ---------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    question: str  # the question's label
    own: bool = False


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    district_name: str
    value: Decimal | None
    text: str  # the value in words for tables and titles
    suppressed: bool = False
    missing: bool = False
    marks: frozenset[str] = frozenset()


@dataclass
class IndicatorMap:
    municipality: Municipality
    code: str
    name: str
    unit: str
    decimals: int
    own: bool
    direction: str
    year: int | None
    years: list[int]
    level: MapLevel
    levels: list[MapLevel]  # levels with figures in this year
    rows: list[MapRow]
    reference: MapRow | None  # the municipality
    map: area_selectors.MapData | None
    source: str
    licence: str
    threshold: int
    choices: list[tuple[str, list[Choice]]]
    computed_at: float | None = None  # own figures: when they were computed
    year_invalid: bool = False

    @property
    def marks(self) -> frozenset[str]:
        found: frozenset[str] = frozenset()
        for row in self.rows:
            found |= row.marks
        if self.reference is not None:
            found |= self.reference.marks
        return found

    @property
    def synthetic(self) -> bool:
        return Quality.SYNTHETIC in self.marks

    @property
    def any_suppressed(self) -> bool:
        return any(r.suppressed for r in self.rows)

    @property
    def any_missing(self) -> bool:
        return any(r.missing for r in self.rows)

    @property
    def source_line(self) -> str:
        line = f"Bron: {self.source} {self.year}" if self.year else f"Bron: {self.source}"
        return f"{line} ({self.licence})" if self.licence else line

    @property
    def credit(self) -> str:
        """The source of the figures and of the boundaries, in the licence's words."""
        boundaries = _("Boundaries 2022 (generalised):")
        return f"{self.source_line}. {boundaries} CBS, Kadaster/PDOK (CC BY 4.0)."

    @property
    def computed(self) -> dt.datetime | None:
        if self.computed_at is None:
            return None
        return dt.datetime.fromtimestamp(self.computed_at, tz=dt.UTC)

    @property
    def title(self) -> str:
        where = _("per neighbourhood") if self.level == "neighbourhood" else _("per district")
        parts = [self.name, where, self.municipality.name]
        if self.year:
            parts.append(str(self.year))
        return ", ".join(parts)


class UnknownIndicator(LookupError):
    pass


_MARK_WORDS: dict[tuple[str, frozenset[str]], str] = {}


def _mark_words(marks: frozenset[str]) -> str:
    """ "synthetisch, voorlopig": kept per language and set (a map words 134 values)."""
    if not marks:
        return ""
    key = (get_language() or "", marks)
    found = _MARK_WORDS.get(key)
    if found is None:
        words = {
            Quality.SYNTHETIC: _("synthetic"),
            Quality.PROVISIONAL: _("provisional"),
            Quality.ESTIMATED: _("estimated"),
        }
        found = _MARK_WORDS[key] = ", ".join(str(words[m]) for m in MARKED if m in marks)
    return found


def shown_unit(unit: str) -> str:
    """The unit as written after a value: none for a plain count or a class (CBS's "aantal",
    "code")."""
    return "" if unit.strip().lower() in ("", "aantal", "code") else unit


def _value_text(value: Decimal | None, decimals: int, unit: str, marks: frozenset[str]) -> str:
    text = format_number(value, decimals)
    if shown_unit(unit) and value is not None:
        text = f"{text} {shown_unit(unit)}"
    words = _mark_words(marks)
    return f"{text} ({words})" if words else text


def map_choices(codes: list[str], own: figures.OwnFigures) -> list[tuple[str, list[Choice]]]:
    """The indicators with values in these areas (the municipality's districts and
    neighbourhoods), by question, then Nabij's own. One query: per indicator, whether a value
    exists (an index look-up each), not the distinct ids of every value."""
    in_areas = IndicatorValue.objects.filter(
        indicator=OuterRef("pk"), current=True, area_code__in=codes
    )
    groups: dict[str, list[Choice]] = {}
    for indicator in Indicator.objects.filter(Exists(in_areas)).order_by(
        "question", "position", "code"
    ):
        label = str(Question(indicator.question).label)
        groups.setdefault(label, []).append(Choice(indicator.code, indicator.name, label))
    ordered = [
        (str(q.label), groups[str(q.label)])
        for q in [*QUESTIONS, Question.CONTEXT]
        if str(q.label) in groups
    ]
    own_label = _("What Nabij sees itself")
    own_choices = [Choice(f.code, f.name, own_label, own=True) for f in own.figures]
    if own_choices:
        ordered.append((own_label, own_choices))
    return ordered


def indicator_map(
    municipality: Municipality,
    *,
    code: str | None,
    year: int | None,
    level: MapLevel | None,
    link: Callable[[str], str] | None = None,
) -> IndicatorMap:
    """The municipality's areas coloured by one indicator (CBS or Nabij's own) in one year.

    Without ``code``: the first indicator of the four questions with values, else the first of
    Nabij's own. Without ``year`` (or one without values): the latest year. Without ``level``:
    neighbourhoods where the indicator has values there, else districts. Raises
    ``UnknownIndicator`` for a code that is neither.
    """
    today = timezone.localdate().year
    own_year = year if code and figures.is_own(code) and year else today
    own = figures.own_figures(municipality, own_year)
    both: tuple[MapLevel, MapLevel] = ("neighbourhood", "district")
    areas = {lvl: area_codes(municipality, lvl) for lvl in both}
    all_codes = [c for lvl in areas.values() for c, *_ in lvl]
    choices = map_choices(all_codes, own)
    if not code:
        first = next((c for _label, group in choices for c in group), None)
        code = first.code if first else None
    threshold = settings.SMALL_CELL_THRESHOLD
    links = link or (lambda _code: "")
    if code is not None and figures.is_own(code):
        return _own_map(municipality, code, year, level, own, choices, links, areas)
    indicator = Indicator.objects.filter(code=code).first() if code else None
    if code and indicator is None:
        raise UnknownIndicator(code)
    if indicator is None:
        return IndicatorMap(
            municipality=municipality,
            code="",
            name="",
            unit="",
            decimals=0,
            own=False,
            direction=Direction.NEUTRAL,
            year=None,
            years=[],
            level=level or "neighbourhood",
            levels=[],
            rows=[],
            reference=None,
            map=None,
            source="CBS",
            licence="",
            threshold=threshold,
            choices=choices,
        )
    periods: dict[int, set[str]] = defaultdict(set)
    for period, area_level in (
        IndicatorValue.objects.filter(current=True, indicator=indicator, area_code__in=all_codes)
        .order_by()
        .values_list("period", "area_level")
        .distinct()
    ):
        periods[period].add(area_level)
    years = sorted(periods, reverse=True)
    year_invalid = year is not None and year not in periods
    chosen = year if year in periods else (years[0] if years else None)
    present = periods.get(chosen, set()) if chosen is not None else set()
    levels: list[MapLevel] = [
        lvl
        for lvl in both
        if (AreaLevel.NEIGHBOURHOOD if lvl == "neighbourhood" else AreaLevel.DISTRICT) in present
    ]
    if level is None or level not in levels:
        level = levels[0] if levels else (level or "neighbourhood")
    entries = areas[level]
    wanted = [c for c, *_ in entries] + [municipality.code]
    rows = (
        _rows(
            indicator__code__in=[indicator.code, INHABITANTS], area_code__in=wanted, period=chosen
        )
        if chosen is not None
        else []
    )
    by_id = {indicator.pk: indicator}
    inhabitants = {}
    for row in rows:
        if row.indicator_id != indicator.pk:
            inhabitants[(row.area_code, row.period)] = row
            by_id.setdefault(row.indicator_id, indicator)

    def fallback() -> dict[str, tuple[int | None, bool]]:
        found = {municipality.code: (municipality.inhabitants, False)}
        for n in area_selectors.area_tree(municipality):
            found[n.code] = (n.inhabitants_estimate, True)
            found[n.district.code] = (n.district.inhabitants, False)
        return found

    shown = _Shown({indicator.pk: indicator}, inhabitants, fallback)
    points = {row.area_code: shown.point(row) for row in rows if row.indicator_id == indicator.pk}
    decimals = shown.decimals(indicator)
    unit = _("per 1,000 inhabitants") if shown.per_thousand(indicator) else indicator.unit
    source = next((p.source for p in points.values() if p.source), indicator.source)
    licence = next((p.licence for p in points.values() if p.licence), indicator.licence)

    def row_for(code: str, name: str, district_name: str) -> MapRow:
        point = points.get(code)
        if point is None:
            return MapRow(code, name, district_name, None, _("no figure"), missing=True)
        if point.secret:
            return MapRow(code, name, district_name, None, _("secret (CBS)"), missing=True)
        return MapRow(
            code,
            name,
            district_name,
            point.value,
            _value_text(point.value, decimals, unit, point.marks),
            missing=point.value is None,
            marks=point.marks,
        )

    map_rows = [row_for(*entry) for entry in entries]
    reference = row_for(municipality.code, municipality.name, "")
    return IndicatorMap(
        municipality=municipality,
        code=indicator.code,
        name=indicator.name,
        unit=unit,
        decimals=decimals,
        own=False,
        direction=indicator.direction,
        year=chosen,
        years=years,
        level=level,
        levels=levels,
        rows=map_rows,
        reference=None if reference.missing else reference,
        map=_draw(municipality, level, map_rows, decimals, unit, threshold, links),
        source=source,
        licence=licence,
        threshold=threshold,
        choices=choices,
        year_invalid=year_invalid,
    )


def _own_map(
    municipality: Municipality,
    code: str,
    year: int | None,
    level: MapLevel | None,
    own: figures.OwnFigures,
    choices: list[tuple[str, list[Choice]]],
    links: Callable[[str], str],
    areas: dict[MapLevel, list[tuple[str, str, str]]],
) -> IndicatorMap:
    figure = own.figure(code)
    if figure is None:
        raise UnknownIndicator(code)
    today = timezone.localdate().year
    years = [today] if figure.current_only else list(range(today, today - 5, -1))
    year_invalid = year is not None and year not in years
    level = level if level in ("neighbourhood", "district") else "neighbourhood"
    entries = areas[level]

    def row_for(area_code: str, name: str, district_name: str) -> MapRow:
        cell = own.cell(code, area_code)
        if cell.suppressed:
            text = _("fewer than %(threshold)s households") % {"threshold": own.threshold}
            return MapRow(area_code, name, district_name, None, text, suppressed=True)
        if cell.value is None:
            return MapRow(area_code, name, district_name, None, _("no figure"), missing=True)
        marks = frozenset({Quality.ESTIMATED}) if cell.estimated else frozenset()
        return MapRow(
            area_code,
            name,
            district_name,
            cell.value,
            _value_text(cell.value, figure.decimals, figure.unit, marks),
            marks=marks,
        )

    rows = [row_for(*entry) for entry in entries]
    reference = row_for(municipality.code, municipality.name, "")
    return IndicatorMap(
        municipality=municipality,
        code=figure.code,
        name=figure.name,
        unit=figure.unit,
        decimals=figure.decimals,
        own=True,
        direction=figure.direction,
        year=own.year,
        years=years,
        level=level,
        levels=["neighbourhood", "district"],
        rows=rows,
        reference=reference if reference.value is not None else None,
        map=_draw(municipality, level, rows, figure.decimals, figure.unit, own.threshold, links),
        source=figures.SOURCE,
        licence="",
        threshold=own.threshold,
        choices=choices,
        computed_at=own.computed_at,
        year_invalid=year_invalid,
    )


def _draw(
    municipality: Municipality,
    level: MapLevel,
    rows: list[MapRow],
    decimals: int,
    unit: str,
    threshold: int,
    links: Callable[[str], str],
) -> area_selectors.MapData:
    values: dict[str, Decimal | None] = {}
    for row in rows:
        if row.suppressed or row.value is not None:
            values[row.code] = row.value
    data = area_selectors.municipality_map(
        municipality=municipality,
        counts=values,
        threshold=threshold,
        level=level,
        missing_is_zero=False,
        labels={row.code: row.text for row in rows},
        links={row.code: links(row.code) for row in rows},
        hatch_suppressed=True,
    )
    legend = [
        area_selectors.LegendEntry(
            css_class=entry.css_class,
            kind="range",
            lower=entry.lower,
            upper=entry.upper,
            label=_range_label(entry.lower, entry.upper, decimals, unit),
        )
        for entry in data.legend
        if entry.kind == "range"
    ]
    if any(r.missing for r in rows):
        legend.append(
            area_selectors.LegendEntry(css_class="map-c0", kind="missing", label=_("no figure"))
        )
    if any(r.suppressed for r in rows):
        legend.append(
            area_selectors.LegendEntry(
                css_class="map-c0",
                kind="suppressed",
                upper=threshold,
                label=_("fewer than %(threshold)s households (not shown)")
                % {"threshold": threshold},
            )
        )
    return replace(data, legend=legend)


def _range_label(lower: Any, upper: Any, decimals: int, unit: str) -> str:
    low, high = format_number(lower, decimals), format_number(upper, decimals)
    text = low if lower == upper else f"{low} \u2013 {high}"
    return f"{text} %" if unit == "%" else text
