"""The picture of where an initiative's money comes from: one stacked bar per year, drawn on
the server as SVG (no script, nothing from elsewhere). Bars are as long as the year's total
against the largest year, so the years compare; the table beside it holds the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

from nabij.initiatives.selectors import YearFunding

WIDTH = 480
LABEL_WIDTH = 52  # the year, left of the bar
TOTAL_WIDTH = 96  # the total, right of the bar
BAR_HEIGHT = 28
GAP = 14
TOP = 4


@dataclass(frozen=True)
class Segment:
    key: str
    label: Promise
    x: Decimal
    width: Decimal
    cents: int
    share_pct: Decimal


@dataclass(frozen=True)
class Bar:
    year: int
    y: int
    text_y: int
    segments: list[Segment]
    total_cents: int
    total_x: Decimal


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    label_x: int
    bars: list[Bar]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))


def stacked_bars(years: list[YearFunding]) -> Chart | None:
    """The geometry of the bars (latest year on top); ``None`` without any funding."""
    if not years:
        return None
    longest = max(y.total_cents for y in years)
    room = Decimal(WIDTH - LABEL_WIDTH - TOTAL_WIDTH)
    bars = []
    for i, year in enumerate(years):
        y = TOP + i * (BAR_HEIGHT + GAP)
        x = Decimal(LABEL_WIDTH)
        segments = []
        for group in year.groups:
            if group.cents <= 0:
                continue
            width = room * group.cents / longest
            segments.append(
                Segment(
                    group.key, group.label, _round(x), _round(width), group.cents, group.share_pct
                )
            )
            x += width
        bars.append(
            Bar(
                year=year.year,
                y=y,
                text_y=y + BAR_HEIGHT // 2 + 5,
                segments=segments,
                total_cents=year.total_cents,
                total_x=_round(x + 6),
            )
        )
    height = TOP * 2 + len(years) * BAR_HEIGHT + (len(years) - 1) * GAP
    return Chart(WIDTH, height, BAR_HEIGHT, LABEL_WIDTH - 8, bars)
