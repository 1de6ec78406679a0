import datetime as dt

import pytest

from nabij.signals.workdays import _easter, add_working_days, holidays, working_days_between


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 5))],
)
def test_easter(year: int, easter: dt.date) -> None:
    assert _easter(year) == easter


def test_kings_day_moves_to_saturday_when_on_sunday() -> None:
    assert dt.date(2025, 4, 26) in holidays(2025)  # 27 April 2025 is a Sunday
    assert dt.date(2025, 4, 27) not in holidays(2025)
    assert dt.date(2026, 4, 27) in holidays(2026)


def test_weekend_and_christmas_are_skipped() -> None:
    # Wednesday 23 December 2026 + 3 working days: Thu 24, (25, 26, 27 off), Mon 28, Tue 29
    assert add_working_days(dt.date(2026, 12, 23), 3) == dt.date(2026, 12, 29)
    # Friday + 1 working day is Monday
    assert add_working_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 7)
    assert add_working_days(dt.date(2026, 12, 4), 0) == dt.date(2026, 12, 4)


def test_working_days_between_is_the_inverse() -> None:
    start = dt.date(2026, 4, 1)
    for n in range(0, 30):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(start, start - dt.timedelta(days=3)) == 0
