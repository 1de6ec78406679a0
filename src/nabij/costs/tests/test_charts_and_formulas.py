"""The bar charts' value axis (round steps, labelled amounts per language) and the scenario
formulas worded in the reader's language, not the writer's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from nabij.core.templatetags.nabij import day_month_year, euros
from nabij.costs import selectors
from nabij.costs.formulas import formula_data, formula_text


def test_axis_steps_are_round_and_cover_the_highest_bar():
    assert selectors.axis_step(16_800_000) == 5_000_000  # €168,000: steps of €50,000
    assert selectors.axis_step(300_000) == 100_000  # €3,000: steps of €1,000
    assert selectors.axis_step(0) == 100  # never below one euro
    frame = selectors.chart_frame(16_800_000)
    values = [t.cents for t in frame.ticks]
    assert values == [0, 5_000_000, 10_000_000, 15_000_000, 20_000_000]
    assert frame.ticks[0].y == frame.base and frame.ticks[-1].y == frame.top


def test_axis_labels_and_bar_values_follow_the_language():
    frame = selectors.chart_frame(16_800_000)
    with translation.override("nl"):
        assert frame.ticks[-1].label == "€\u00a0200.000"
    with translation.override("en"):
        assert frame.ticks[-1].label == "€\u00a0200,000"


def test_trend_bars_stand_inside_the_frame():
    chart = selectors.trend_chart([(2024, 16_800_000), (2025, 8_400_000), (2026, -5)])
    assert chart is not None
    top, half, negative = chart.bars
    assert top.y >= chart.frame.top and top.y + top.height == chart.frame.base
    assert abs(half.height * 2 - top.height) <= 1  # half the cost, half the height
    assert negative.height == 0
    assert all(chart.frame.left < b.x and b.x + b.width <= chart.frame.right for b in chart.bars)
    assert selectors.trend_chart([]) is None


def test_amounts_and_dates_do_not_break():
    with translation.override("nl"):
        assert euros(40_000) == "€\u00a0400,00"
        assert day_month_year(dt.date(2026, 8, 18)) == "18 aug 2026"
    with translation.override("en"):
        assert day_month_year(dt.date(2026, 8, 18)) == "18 Aug 2026"


def test_a_formula_is_worded_in_the_readers_language():
    data = formula_data(
        quantity=Decimal("0.25"),
        price_cents=7_860_046,
        unit="year",
        year=2024,
        source_year=2014,
        published_cents=6_000_000,
        indexed=True,
    )
    with translation.override("nl"):
        dutch = formula_text(data)
    with translation.override("en"):
        english = formula_text(data)
    assert dutch.startswith("0,25 × €\u00a078.600,46 (jaar;")  # noqa: RUF001
    assert "2014" in dutch and "2024" in dutch
    assert english == (
        "0.25 × €\u00a078,600.46 (year; €\u00a060,000.00 of 2014 indexed to 2024)"  # noqa: RUF001
    )
    assert formula_text({"quantity": "x"}) == ""  # broken data never breaks the page
