"""Progress of a goal from its baseline to its target, for both directions of an indicator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nabij.outcomes.models import AreaPlanGoal, Indicator, IndicatorImport, IndicatorValue
from nabij.outcomes.selectors_plans import ProgressState, latest_values, progress
from nabij.outcomes.tests.plans_helpers import YEAR, area_world, value

S = ProgressState


def goal(direction: str, baseline: str | None, target: str, period: int | None = 2022):
    indicator = Indicator(code="X", name="X", unit="%", direction=direction)
    return AreaPlanGoal(
        indicator=indicator,
        baseline_value=Decimal(baseline) if baseline is not None else None,
        baseline_period=period if baseline is not None else None,
        target_value=Decimal(target),
        target_year=2030,
    )


def figure(amount: str | None, period: int = 2024, quality: str = "final") -> IndicatorValue:
    return IndicatorValue(
        value=Decimal(amount) if amount is not None else None,
        period=period,
        quality=quality,
        batch=IndicatorImport(source="CBS", licence="CC BY 4.0", period=period),
    )


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "now", "state", "share", "percent"),
    [
        # lower is better (early school leavers: 4% -> 2%)
        ("lower_better", "4", "2", "3.5", S.TOWARD, "0.25", 25),
        ("lower_better", "4", "2", "2", S.REACHED, "1", 100),
        ("lower_better", "4", "2", "1.5", S.REACHED, "1.25", 100),
        ("lower_better", "4", "2", "4", S.UNCHANGED, "0", 0),
        ("lower_better", "4", "2", "5", S.AWAY, "-0.5", 0),
        # higher is better (labour participation: 60% -> 70%)
        ("higher_better", "60", "70", "62.5", S.TOWARD, "0.25", 25),
        ("higher_better", "60", "70", "70", S.REACHED, "1", 100),
        ("higher_better", "60", "70", "58", S.AWAY, "-0.2", 0),
        ("higher_better", "60", "70", "60", S.UNCHANGED, "0", 0),
        # hold the level: reached while not worse
        ("lower_better", "3", "3", "2.9", S.REACHED, "1", 100),
        ("lower_better", "3", "3", "3.1", S.AWAY, "0", 0),
        ("higher_better", "60", "60", "61", S.REACHED, "1", 100),
        ("higher_better", "60", "60", "59", S.AWAY, "0", 0),
        # neutral: the target's side of the baseline
        ("neutral", "10", "20", "15", S.TOWARD, "0.5", 50),
        ("neutral", "10", "20", "5", S.AWAY, "-0.5", 0),
    ],
)
def test_share_of_the_way_and_direction(direction, baseline, target, now, state, share, percent):
    result = progress(goal(direction, baseline, target), figure(now))
    assert result.state == state
    assert result.share == Decimal(share)
    assert result.share_percent == percent
    assert result.toward_target is (state in (S.TOWARD, S.REACHED))


def test_a_tiny_step_the_right_way_is_toward_not_away():
    result = progress(goal("lower_better", "4", "2", 2022), figure("3.99999"))
    assert result.state == S.TOWARD


def test_no_figure_yet_says_so():
    result = progress(goal("lower_better", "4", "2"), None)
    assert result.state == S.NO_VALUE
    assert result.share is None and result.share_percent is None and result.toward_target is None


def test_a_withheld_figure_is_not_progress():
    result = progress(goal("lower_better", "4", "2"), figure(None, quality="secret"))
    assert result.state == S.WITHHELD and result.share is None


def test_no_baseline_no_measure():
    result = progress(goal("lower_better", None, "2"), figure("3"))
    assert result.state == S.NO_BASELINE and result.latest is not None


def test_a_figure_not_newer_than_the_baseline_measures_nothing():
    result = progress(goal("lower_better", "4", "2", period=2024), figure("3", period=2024))
    assert result.state == S.NOT_NEWER


def test_a_synthetic_figure_is_marked():
    assert progress(goal("lower_better", "4", "2"), figure("3", quality="synthetic")).synthetic
    assert not progress(goal("lower_better", "4", "2"), figure("3")).synthetic


@pytest.mark.django_db
def test_latest_is_the_newest_current_figure_of_the_district(world):
    aw = area_world(world)
    code = aw.district.code
    value(aw.early_leavers, code, YEAR - 3, "4.0")
    newest = value(aw.early_leavers, code, YEAR - 2, "3.5")
    value(aw.early_leavers, aw.other_district.code, YEAR - 1, "9.9")  # another district
    replaced = value(aw.early_leavers, code, YEAR - 1, "1.0")
    replaced.current = False  # a re-import replaced it
    replaced.save()
    found = latest_values({aw.early_leavers.pk, aw.crime.pk}, code)
    assert found == {aw.early_leavers.pk: newest}
