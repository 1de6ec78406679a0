import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from nabij.outcomes.selectors import area_by_code
from nabij.signals.models_statistics import SignalStatistic
from nabij.signals.retention import run_retention, system_actor
from nabij.signals.selectors_figures import median, profile_signals
from nabij.signals.tests.helpers import a_case, close
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def test_median_of_a_spread():
    assert median({}) is None
    assert median({3: 1}) == 3
    assert median({2: 1, 4: 1}) == 3
    assert median({1: 2, 9: 1}) == 1
    assert median({1: 1, 5: 2, 9: 1}) == 5


@pytest.fixture
def district(world):
    """District A with three neighbourhoods: 4 cases in the first, 3 in the second, 1 in the
    third; 2,000 households in the district (CBS)."""
    today = timezone.localdate()
    opened = today - dt.timedelta(days=40)
    d = world.household.neighbourhood.district
    hoods = [
        world.household.neighbourhood,
        f.NeighbourhoodFactory(district=d),
        f.NeighbourhoodFactory(district=d),
    ]
    team = world.household.team
    by = world.assigned.user

    def case(hood, creditors=("Woonstad",)):
        return a_case(
            f.HouseholdFactory(team=team, neighbourhood=hood), today=opened, creditors=creditors
        )

    close(
        case(hoods[0], ("Woonstad", "Vitens")),
        "accepted",
        closed_on=opened + dt.timedelta(days=5),
        first_contact_on=opened + dt.timedelta(days=2),
        by=by,
    )
    close(
        case(hoods[0]),
        "accepted",
        closed_on=opened + dt.timedelta(days=5),
        first_contact_on=opened + dt.timedelta(days=4),
        by=by,
    )
    close(
        case(hoods[0]),
        "not_needed",
        closed_on=opened + dt.timedelta(days=9),
        first_contact_on=opened + dt.timedelta(days=6),
        by=by,
    )
    case(hoods[0])  # open
    close(
        case(hoods[1]), "not_reached", closed_on=opened + dt.timedelta(days=20), by=by, attempts=3
    )
    case(hoods[1])
    case(hoods[1])
    case(hoods[2])
    f.IndicatorValueFactory(
        indicator=f.IndicatorFactory(code="HuishoudensTotaal"), area_code=d.code, value=2000
    )
    return d, hoods


@override_settings(SMALL_CELL_THRESHOLD=3)
def test_district_figures_with_small_cells_suppressed(world, district):
    d, hoods = district
    figures = profile_signals(area_by_code(d.code), today=timezone.localdate())
    whole = figures.area
    assert whole.shown
    assert whole.counts.cases == 8 and whole.counts.signals == 9
    assert whole.per_1000 == 4.5  # 9 signals per 2,000 households
    assert whole.median_days == 4  # 2, 4, 6
    assert whole.share_reached == 75  # 3 of 4 closed
    assert whole.share_helped == 50  # 2 of 4 closed
    parts = {p.code: p for p in figures.parts}
    assert parts[hoods[2].code].hidden == "small"  # one household
    # the total minus the first would give the third away: the second is hidden as well
    assert parts[hoods[1].code].hidden == "secondary"
    assert parts[hoods[0].code].shown and parts[hoods[0].code].share_helped == 67
    assert parts[hoods[0].code].per_1000 is None  # no CBS count for the neighbourhood


@override_settings(SMALL_CELL_THRESHOLD=10)
def test_a_small_area_shows_nothing(world, district):
    d, _hoods = district
    figures = profile_signals(area_by_code(d.code), today=timezone.localdate())
    assert figures.area.hidden == "small"
    assert figures.area.per_1000 is None and figures.area.median_days is None
    assert all(p.hidden for p in figures.parts if p.counts.cases)


@override_settings(SMALL_CELL_THRESHOLD=3)
def test_retained_counts_still_count_after_deletion(world, district):
    d, _hoods = district
    today = timezone.localdate()
    before = profile_signals(area_by_code(d.code), today=today).area
    run, _ = run_retention(today=today + dt.timedelta(days=400), actor=system_actor("cli"))
    assert run.cases_deleted == 2
    assert SignalStatistic.objects.exists()
    # as seen on the day the cases were deleted, nothing moved but what left the window
    after = profile_signals(area_by_code(d.code), today=today).area
    assert (after.counts.cases, after.counts.signals, after.counts.closed) == (
        before.counts.cases,
        before.counts.signals,
        before.counts.closed,
    )
    assert after.median_days == before.median_days
    assert after.share_reached == before.share_reached


@override_settings(SMALL_CELL_THRESHOLD=3)
def test_the_profile_shows_the_block_to_an_analyst(world, district, login):
    d, _hoods = district
    response = login(world.analyst).get(reverse("outcomes:profile", args=[d.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="area-signals"' in body
    assert "4,5" in body or "4.5" in body
    for name in ("El Amrani", "Karima"):
        assert name not in body
