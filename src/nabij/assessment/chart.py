"""Geometry for the self-reliance chart: one small panel per domain, levels over time.

Small multiples rather than one chart with 11 to 13 crossing lines: each domain gets the same
axes, so a change in one domain is readable without a colour legend. Pure functions over
already-loaded data; the template ``assessment/_chart.html`` draws the SVG, so nothing here
touches the database or builds markup (the template escapes every text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# One panel's viewBox; the CSS scales it to the grid cell.
WIDTH = 220
HEIGHT = 118
PLOT_LEFT = 22
PLOT_RIGHT = 212
PLOT_TOP = 6
PLOT_BOTTOM = 91
# Keeps the first and last point clear of the panel edge.
X_PADDING = 8


@dataclass(frozen=True)
class ChartDomain:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ChartLevel:
    value: int
    label: str


@dataclass(frozen=True)
class ChartAssessment:
    """One assessment: its date and the level per domain id that was scored."""

    id: int
    on: dt.date
    levels: Mapping[int, int]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: dt.date
    level: int
    label: str

    @property
    def cx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"


@dataclass(frozen=True)
class Series:
    """One domain's levels over time."""

    code: str
    name: str
    points: tuple[Point, ...]

    @property
    def line(self) -> str:
        """The ``points`` attribute of the polyline; empty when there is nothing to join."""
        if len(self.points) < 2:
            return ""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def previous(self) -> Point | None:
        return self.points[-2] if len(self.points) > 1 else None

    @property
    def trend(self) -> str:
        """``up``, ``down`` or ``same`` against the previous score; empty with one score."""
        if self.latest is None or self.previous is None:
            return ""
        if self.latest.level > self.previous.level:
            return "up"
        if self.latest.level < self.previous.level:
            return "down"
        return "same"


@dataclass(frozen=True)
class Band:
    """A horizontal band for one level; the y axis label sits at its middle."""

    value: int
    label: str
    top: float
    height: float
    middle: float


@dataclass(frozen=True)
class DateMark:
    x: float
    on: dt.date
    anchor: str  # text-anchor of the label: start, middle or end
    labelled: bool


@dataclass(frozen=True)
class TableRow:
    name: str
    cells: tuple[int | None, ...]


@dataclass(frozen=True)
class Chart:
    key: str  # unique per page, prefixes the SVG ids that aria-labelledby points at
    series: tuple[Series, ...]
    bands: tuple[Band, ...]
    dates: tuple[DateMark, ...]
    columns: tuple[dt.date, ...]  # one per assessment, for the data table
    rows: tuple[TableRow, ...]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM
    # The bands and date ticks, identical in every panel: drawn once (see the selector).
    frame: str = ""

    @property
    def last_date(self) -> dt.date | None:
        return self.columns[-1] if self.columns else None

    @property
    def plot_width(self) -> int:
        return PLOT_RIGHT - PLOT_LEFT

    @property
    def axis_label_x(self) -> int:
        return PLOT_LEFT - 7

    @property
    def tick_bottom(self) -> int:
        return PLOT_BOTTOM + 5

    @property
    def label_y(self) -> int:
        return PLOT_BOTTOM + 21


def _x_for(day: dt.date, first: dt.date, last: dt.date) -> float:
    if first == last:
        return (PLOT_LEFT + PLOT_RIGHT) / 2
    span = (last - first).days
    usable = PLOT_RIGHT - PLOT_LEFT - 2 * X_PADDING
    return PLOT_LEFT + X_PADDING + usable * (day - first).days / span


def build_chart(
    *,
    key: str,
    domains: Sequence[ChartDomain],
    levels: Sequence[ChartLevel],
    assessments: Sequence[ChartAssessment],
) -> Chart:
    """Place every scored level on a shared time axis, one series per domain.

    All panels share the same date range so that panels can be compared side by side.
    """
    ordered = sorted(assessments, key=lambda a: (a.on, a.id))
    ordered_levels = sorted(levels, key=lambda lv: lv.value, reverse=True)
    band_height = (PLOT_BOTTOM - PLOT_TOP) / max(len(ordered_levels), 1)
    bands = tuple(
        Band(
            value=lv.value,
            label=lv.label,
            top=PLOT_TOP + i * band_height,
            height=band_height,
            middle=PLOT_TOP + (i + 0.5) * band_height,
        )
        for i, lv in enumerate(ordered_levels)
    )
    middle_by_value = {b.value: b.middle for b in bands}
    label_by_value = {b.value: b.label for b in bands}

    dates: tuple[DateMark, ...] = ()
    if ordered:
        first, last = ordered[0].on, ordered[-1].on
        seen: list[dt.date] = []
        for a in ordered:
            if a.on not in seen:
                seen.append(a.on)
        marks = []
        for day in seen:
            is_first, is_last = day == first, day == last
            anchor = "middle" if first == last else ("start" if is_first else "end")
            marks.append(
                DateMark(
                    x=_x_for(day, first, last),
                    on=day,
                    anchor=anchor,
                    # Only the ends are labelled; every date is in the tooltips and the table.
                    labelled=is_first or is_last,
                )
            )
        dates = tuple(marks)

    series = []
    rows = []
    for domain in domains:
        points = tuple(
            Point(
                x=_x_for(a.on, ordered[0].on, ordered[-1].on),
                y=middle_by_value[a.levels[domain.id]],
                on=a.on,
                level=a.levels[domain.id],
                label=label_by_value[a.levels[domain.id]],
            )
            for a in ordered
            if a.levels.get(domain.id) in middle_by_value
        )
        series.append(Series(code=domain.code, name=domain.name, points=points))
        cells = tuple(a.levels.get(domain.id) for a in ordered)
        rows.append(TableRow(name=domain.name, cells=cells))

    return Chart(
        key=key,
        series=tuple(series),
        bands=bands,
        dates=dates,
        columns=tuple(a.on for a in ordered),
        rows=tuple(rows),
    )
