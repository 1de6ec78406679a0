"""Reads of the cost ledger and the scenarios of one household (already passed through the gate).

Every function here reads with a fixed number of queries, whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import date_format, number_format

from nabij.costs import scenarios as engine
from nabij.costs.models import (
    Assumption,
    CostLine,
    FundingStream,
    Payer,
    PriceIndex,
    ReferencePrice,
    Scenario,
    Source,
    Unit,
)
from nabij.people.models import Household


@dataclass(frozen=True)
class HouseholdCosts:
    """One household's yearly cost across all streams and payers, and its trend."""

    year: int
    total_cents: int
    municipality_cents: int
    by_stream: list[tuple[str, int]]
    by_payer: list[tuple[str, int]]
    by_year: list[tuple[int, int]]
    organisation_count: int
    organisations: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def municipality_share(self) -> float | None:
        if self.total_cents <= 0:
            return None
        return self.municipality_cents / self.total_cents

    @property
    def municipality_percent(self) -> int | None:
        share = self.municipality_share
        return None if share is None else round(share * 100)

    @property
    def is_current_year(self) -> bool:
        return self.year == timezone.localdate().year


def household_costs(household: Household, *, year: int | None = None) -> HouseholdCosts:
    """Totals for ``year`` (default: the latest year with costs), by period start.

    Counter-entries carry negative amounts, so plain sums already net out corrections. One
    aggregate query, whatever the number of lines: grouped by year, stream, payer and provider
    (a few dozen rows for the heaviest household); every total is folded from it in Python.
    """
    grouped = list(
        CostLine.objects.filter(household=household)
        .annotate(y=ExtractYear("period_start"))
        .values_list("y", "stream", "payer", "provider__name")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    per_year: dict[int, int] = defaultdict(int)
    for y, _stream, _payer, _provider, total in grouped:
        per_year[y] += total
    years = sorted(per_year)
    if year is None:
        year = years[-1] if years else timezone.localdate().year
    per_stream: dict[str, int] = defaultdict(int)
    per_payer: dict[str, int] = defaultdict(int)
    per_provider: dict[str, int] = defaultdict(int)
    for y, stream, payer, provider, total in grouped:
        if y == year:
            per_stream[stream] += total
            per_payer[payer] += total
            per_provider[provider] += total
    # An organisation counts as paid when its net amount in the year is positive: a line
    # cancelled by its counter-entry leaves nothing behind.
    organisations = [
        name
        for name, total in sorted(per_provider.items(), key=lambda r: (-r[1], r[0]))
        if total > 0
    ]
    total = sum(per_stream.values())
    return HouseholdCosts(
        year=year,
        total_cents=total,
        municipality_cents=per_payer.get(Payer.MUNICIPALITY, 0),
        by_stream=sorted(((s, t) for s, t in per_stream.items() if t), key=lambda r: -r[1]),
        by_payer=sorted(((p, t) for p, t in per_payer.items() if t), key=lambda r: -r[1]),
        by_year=[(y, per_year[y]) for y in years],
        organisation_count=len(organisations),
        organisations=organisations,
        years=years,
    )


@dataclass(frozen=True)
class Bar:
    """One bar of the trend chart, coordinates computed here so the template only prints."""

    year: int
    cents: int
    x: int
    y: int
    height: int
    width: int
    label_x: int

    @property
    def value_label(self) -> str:
        """The bar's amount in whole euros, as the axis words it."""
        return whole_euros(self.cents)


def whole_euros(cents: int) -> str:
    """Whole euros in the active language ("€ 50.000"; "€ 50,000" in English)."""
    euros = number_format(round(cents / 100), decimal_pos=0, force_grouping=True)
    return f"€\u00a0{euros}"


@dataclass(frozen=True)
class Tick:
    """A labelled value on a chart's vertical axis, with its gridline's y."""

    y: int
    cents: int

    @property
    def label(self) -> str:
        return whole_euros(self.cents)


@dataclass(frozen=True)
class Chart:
    """The frame of a bar chart: the plot area and the axis's ticks, in SVG units."""

    width: int
    height: int
    left: int  # x of the value axis; its labels stand to the left of it
    top: int
    base: int  # y of the baseline (zero); the year labels go under it
    ticks: list[Tick]

    @property
    def right(self) -> int:
        return self.width - CHART_PAD

    @property
    def label_x(self) -> int:
        return self.left - 6

    @property
    def year_y(self) -> int:
        return self.base + 16


CHART_WIDTH = 480
TREND_WIDTH = 320  # the household's trend stands in a third of the page
CHART_HEIGHT = 200
CHART_LEFT = 84  # room for "€ 1.000.000" beside the axis
CHART_TOP = 18  # room for a value above the highest bar
CHART_BASE = CHART_HEIGHT - 24  # y of the baseline; year labels go under it
CHART_PAD = 6
NICE_STEPS = (1, 2, 2.5, 5, 10)


def axis_step(top_cents: int, *, ticks: int = 4) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten, whole euros) so that about
    ``ticks`` steps cover ``top_cents``."""
    raw = max(top_cents, 100) / ticks
    magnitude = 10 ** max(math.floor(math.log10(raw)), 2)  # never below one euro
    for factor in NICE_STEPS:
        step = int(factor * magnitude)
        if step >= raw:
            return step
    return int(10 * magnitude)


def chart_frame(top_cents: int, *, width: int = CHART_WIDTH) -> Chart:
    """The axis from zero up to the first round value at or above ``top_cents``; ``width`` in
    SVG units (narrower for a chart in a narrow card, so its text stays readable)."""
    step = axis_step(top_cents)
    axis_top = max(math.ceil(max(top_cents, 1) / step), 1) * step
    plot = CHART_BASE - CHART_TOP
    ticks = [
        Tick(y=CHART_BASE - round(value / axis_top * plot), cents=value)
        for value in range(0, axis_top + 1, step)
    ]
    return Chart(width, CHART_HEIGHT, CHART_LEFT, CHART_TOP, CHART_BASE, ticks)


def _scaled(cents: int, chart: Chart) -> int:
    axis_top = chart.ticks[-1].cents
    return round(max(cents, 0) / axis_top * (chart.base - chart.top))


@dataclass(frozen=True)
class TrendChart:
    frame: Chart
    bars: list[Bar]


def trend_chart(by_year: list[tuple[int, int]]) -> TrendChart | None:
    """Bars for the yearly totals on a labelled axis (negative years draw as zero)."""
    if not by_year:
        return None
    frame = chart_frame(max(c for _, c in by_year), width=TREND_WIDTH)
    slot = (frame.right - frame.left) // len(by_year)
    width = max(min(60, slot - 12), 4)
    bars = []
    for i, (year, cents) in enumerate(by_year):
        height = _scaled(cents, frame)
        x = frame.left + i * slot + (slot - width) // 2
        bars.append(Bar(year, cents, x, frame.base - height, height, width, x + width // 2))
    return TrendChart(frame=frame, bars=bars)


def household_lines(household: Household) -> QuerySet[CostLine]:
    """The ledger, newest period first; counter-entries carry the line they cancel."""
    return (
        CostLine.objects.filter(household=household)
        .select_related("provider", "correction", "reference_price")
        .order_by("-period_start", "-id")
    )


@dataclass(frozen=True)
class LineRow:
    """One ledger line as the page prints it, formatted here: rendering 25 rows through template
    lookups (choice labels, dates, money) cost more than the queries did."""

    pk: int
    period: str
    provider: str
    description: str
    product: str
    stream: str
    payer: str
    volume: str
    unit_price: str
    amount: str
    source: str
    reference: str
    corrects_id: int | None
    cancelled: bool
    note: str


def _day(d: dt.date) -> str:
    """A short date in the active language, never broken across lines (core/formats)."""
    return date_format(d, "SHORT_DATE_FORMAT")


def line_rows(lines: Iterable[CostLine]) -> list[LineRow]:
    from nabij.core.templatetags.nabij import euros

    streams = {k: str(v) for k, v in FundingStream.choices}
    payers = {k: str(v) for k, v in Payer.choices}
    units = {k: str(v) for k, v in Unit.choices}
    sources = {k: str(v) for k, v in Source.choices}
    rows = []
    for line in lines:
        try:
            cancelled = line.correction is not None
        except CostLine.correction.RelatedObjectDoesNotExist:
            cancelled = False
        volume = number_format(line.volume.normalize())  # "0,5" in Dutch, "0.5" in English
        rows.append(
            LineRow(
                pk=line.pk,
                period=f"{_day(line.period_start)}\u00a0\u2013 {_day(line.period_end)}",
                provider=line.provider.name,
                description=line.description,
                product=f"{line.product_category} {line.product_code}".strip(),
                stream=streams.get(line.stream, line.stream),
                payer=payers.get(line.payer, line.payer),
                volume=f"{volume} {units.get(line.unit, line.unit)}",
                unit_price=euros(line.unit_price_cents),
                amount=euros(line.amount_cents),
                source=sources.get(line.source, line.source),
                reference=line.reference_price.name if line.reference_price else "",
                corrects_id=line.corrects_id,
                cancelled=cancelled,
                note=line.note,
            )
        )
    return rows


@dataclass(frozen=True)
class CostSummary:
    """What the dossier shows of the costs: this year's total, the municipality's part, who."""

    year: int
    total_cents: int
    municipality_cents: int
    organisation_count: int

    @property
    def municipality_percent(self) -> int | None:
        if self.total_cents <= 0:
            return None
        return round(self.municipality_cents / self.total_cents * 100)


def household_cost_summary(household: Household) -> CostSummary:
    """One aggregate query: this calendar year's total, municipal part, organisations paid.

    Organisations count once their lines are not cancelled: counter-entries and the lines they
    cancel are left out of the count (the amounts net out in the sums anyway).
    """
    year = timezone.localdate().year
    row = CostLine.objects.filter(household=household, period_start__year=year).aggregate(
        total=Sum("amount_cents"),
        municipality=Sum("amount_cents", filter=Q(payer=Payer.MUNICIPALITY)),
        organisations=Count(
            "provider",
            distinct=True,
            filter=Q(corrects__isnull=True, correction__isnull=True),
        ),
    )
    return CostSummary(
        year=year,
        total_cents=row["total"] or 0,
        municipality_cents=row["municipality"] or 0,
        organisation_count=row["organisations"] or 0,
    )


# --- scenarios --------------------------------------------------------------------------------


def household_scenarios(household: Household) -> list[Scenario]:
    return list(
        Scenario.objects.filter(household=household)
        .select_related("breakthrough", "created_by")
        .annotate(assumption_count=Count("assumptions"))
        .prefetch_related(
            Prefetch(
                "assumptions",
                queryset=Assumption.objects.select_related("reference_price").order_by("id"),
            )
        )
        .order_by("-created_at", "-id")
    )


def scenario_of(household: Household, scenario_id: int) -> Scenario | None:
    """The scenario if it belongs to this household (never another household's)."""
    return (
        Scenario.objects.filter(household=household, pk=scenario_id)
        .select_related("breakthrough", "created_by")
        .first()
    )


def flows_of(assumptions: list[Assumption]) -> list[engine.Flow]:
    return [
        engine.Flow(
            branch=a.branch,
            label=a.label,
            stream=a.stream,
            payer=a.payer,
            amount_cents=a.amount_cents,
            one_off=a.one_off,
            from_year=a.from_year,
            until_year=a.until_year,
        )
        for a in assumptions
    ]


@dataclass(frozen=True)
class StreamRow:
    stream: str
    current_pv_cents: int
    alternative_pv_cents: int

    @property
    def difference_cents(self) -> int:
        return self.alternative_pv_cents - self.current_pv_cents


@dataclass(frozen=True)
class ScenarioView:
    """A scenario with its assumptions, the engine's result and what the page explains."""

    scenario: Scenario
    current: list[Assumption]
    alternative: list[Assumption]
    result: engine.ScenarioResult
    by_stream: list[StreamRow]
    sources: list[ReferencePrice]

    @property
    def stream_waterbed(self) -> list[StreamRow]:
        """Funding streams that pay more under the alternative while other streams save."""
        if not any(r.difference_cents < 0 for r in self.by_stream):
            return []
        return [r for r in self.by_stream if r.difference_cents > 0]

    @property
    def weak_sources(self) -> list[ReferencePrice]:
        return [s for s in self.sources if s.quality == ReferencePrice.Quality.WEAK]

    @property
    def by_hand(self) -> list[Assumption]:
        return [a for a in self.current + self.alternative if a.reference_price_id is None]

    @property
    def payer_rows(self) -> list[Compared]:
        return [
            Compared(str(Payer(r.payer).label), r.current_pv_cents, r.alternative_pv_cents)
            for r in self.result.by_payer
        ]

    @property
    def stream_rows(self) -> list[Compared]:
        return [
            Compared(str(FundingStream(r.stream).label), r.current_pv_cents, r.alternative_pv_cents)
            for r in self.by_stream
        ]

    @property
    def stream_payer_rows(self) -> list[Compared]:
        return [
            Compared(
                f"{FundingStream(r.stream).label} · {Payer(r.payer).label}",
                r.current_pv_cents,
                r.alternative_pv_cents,
            )
            for r in self.result.by_stream_payer
        ]

    @property
    def payer_waterbed(self) -> list[Compared]:
        names = {r.payer for r in self.result.waterbed}
        return [
            Compared(str(Payer(r.payer).label), r.current_pv_cents, r.alternative_pv_cents)
            for r in self.result.by_payer
            if r.payer in names
        ]

    @property
    def stream_waterbed_rows(self) -> list[Compared]:
        return [
            Compared(str(FundingStream(r.stream).label), r.current_pv_cents, r.alternative_pv_cents)
            for r in self.stream_waterbed
        ]

    @property
    def savers(self) -> list[Compared]:
        return [r for r in self.payer_rows if r.difference_cents < 0]

    @property
    def chart(self) -> PairChart | None:
        return pair_chart(self.result.years)


@dataclass(frozen=True)
class Compared:
    """A labelled row of present values: the page prints who pays more and who saves."""

    label: str
    current_cents: int
    alternative_cents: int

    @property
    def difference_cents(self) -> int:
        return self.alternative_cents - self.current_cents

    @property
    def saving_cents(self) -> int:
        return -self.difference_cents


@dataclass(frozen=True)
class PairBar:
    year: int
    current_cents: int
    alternative_cents: int
    x: int
    current_y: int
    current_height: int
    alternative_x: int
    alternative_y: int
    alternative_height: int
    width: int
    label_x: int


@dataclass(frozen=True)
class PairChart:
    frame: Chart
    bars: list[PairBar]


def pair_chart(years: list[engine.YearRow]) -> PairChart | None:
    """Two bars per year (current, alternative), undiscounted, on a labelled axis."""
    if not years:
        return None
    frame = chart_frame(max(max(y.current_cents, y.alternative_cents) for y in years))
    slot = (frame.right - frame.left) // len(years)
    width = max(min(28, (slot - 10) // 2), 2)
    bars = []
    for i, y in enumerate(years):
        hc = _scaled(y.current_cents, frame)
        ha = _scaled(y.alternative_cents, frame)
        x = frame.left + i * slot + (slot - 2 * width - 2) // 2
        bars.append(
            PairBar(
                year=y.year,
                current_cents=y.current_cents,
                alternative_cents=y.alternative_cents,
                x=x,
                current_y=frame.base - hc,
                current_height=hc,
                alternative_x=x + width + 2,
                alternative_y=frame.base - ha,
                alternative_height=ha,
                width=width,
                label_x=x + width + 1,
            )
        )
    return PairChart(frame=frame, bars=bars)


def scenario_view(scenario: Scenario) -> ScenarioView:
    """One query (none when prefetched): the assumptions with their reference prices."""
    if "assumptions" in getattr(scenario, "_prefetched_objects_cache", {}):
        assumptions = list(scenario.assumptions.all())
    else:
        assumptions = list(scenario.assumptions.select_related("reference_price").order_by("id"))
    result = engine.evaluate(
        flows_of(assumptions),
        horizon_years=scenario.horizon_years,
        discount_rate_bp=scenario.discount_rate_bp,
    )
    streams: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in result.by_stream_payer:
        streams[row.stream][0] += row.current_pv_cents
        streams[row.stream][1] += row.alternative_pv_cents
    sources = {a.reference_price.pk: a.reference_price for a in assumptions if a.reference_price}
    return ScenarioView(
        scenario=scenario,
        current=[a for a in assumptions if a.branch == Assumption.Branch.CURRENT],
        alternative=[a for a in assumptions if a.branch == Assumption.Branch.ALTERNATIVE],
        result=result,
        by_stream=[StreamRow(s, c, a) for s, (c, a) in sorted(streams.items())],
        sources=sorted(sources.values(), key=lambda r: r.name),
    )


def reference_prices() -> list[ReferencePrice]:
    return list(ReferencePrice.objects.order_by("name"))


def discount_rate_default() -> int:
    """The reference price ``discount-rate`` in basis points, or the Dutch standard 225."""
    value = (
        ReferencePrice.objects.filter(key="discount-rate")
        .values_list("amount_cents", flat=True)
        .first()
    )
    return int(value) if value is not None else 225


def price_indices() -> dict[int, float]:
    return {p.year: float(p.index) for p in PriceIndex.objects.all()}
