"""Nabij's own figures per area: what each counts, and that no cell under ten households shows,
neither directly nor as a difference."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from nabij.access.models import Assignment
from nabij.areas.models import Municipality
from nabij.costs.models import CostLine
from nabij.outcomes import figures
from nabij.outcomes.tests.conftest import assess, improve
from nabij.plans.models import Breakthrough, CoercionThreat, Goal, PlanChange
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
FINANCE = "nabij-zrm-financien"


def _compute(threshold: int | None = None) -> figures.OwnFigures:
    return figures.compute_own_figures(
        Municipality.objects.get(code="GM0080"), YEAR, threshold=threshold
    )


def test_a_share_of_nine_households_is_hidden_and_of_ten_shown(leeuwarden, place):
    for household in place("BU00801001", 9):
        improve(household)
    for household in place("BU00801002", 10):
        improve(household)

    own = _compute()

    nine = own.cell(FINANCE, "BU00801001")
    assert nine.value is None and nine.suppression == "small"
    ten = own.cell(FINANCE, "BU00801002")
    assert ten.value == Decimal("100.0") and not ten.suppressed
    # The district (19) minus the shown neighbourhood (10) would give the 9 away, and so would
    # the municipality: both are hidden.
    assert own.cell(FINANCE, "WK008010").suppression == "secondary"
    assert own.cell(FINANCE, "GM0080").suppression == "secondary"
    assert own.cell(FINANCE, "WK008010").value is None


def test_a_difference_shows_once_the_hidden_cells_hold_ten(leeuwarden, place):
    for household in place("BU00801001", 9):
        improve(household)
    for household in place("BU00801002", 12):
        improve(household, better=False)
    # One more household in a third neighbourhood of the district: hidden too, but the hidden
    # cells together now hold 10 households, so the district's figure gives no small cell away.
    improve(place("BU00801003", 1)[0])

    own = _compute()

    assert own.cell(FINANCE, "BU00801001").suppressed
    assert own.cell(FINANCE, "BU00801003").suppressed
    assert own.cell(FINANCE, "BU00801002").value == Decimal("0.0")
    district = own.cell(FINANCE, "WK008010")
    assert not district.suppressed
    assert district.value == Decimal("45.5")  # 10 of 22 improved
    # Every other district has no household at all (zero is a small cell too): the
    # municipality minus this district would say so.
    assert own.cell(FINANCE, "GM0080").suppression == "secondary"


def test_self_reliance_compares_each_residents_first_and_latest_assessment(leeuwarden, place):
    one, two, once = place("BU00801001", 3)
    # Household one: a member from 2 via 1 to 4 (up 2), another from 3 to 2 (down 1): up.
    first = f.ResidentFactory()
    f.MembershipFactory(household=one, resident=first, role="head")
    assess(first, dt.date(YEAR, 1, 2), {"financien": 2, "dagbesteding": 3})
    assess(first, dt.date(YEAR, 1, 3), {"financien": 1})
    assess(first, dt.date(YEAR, 1, 4), {"financien": 4, "dagbesteding": 3})
    second = f.ResidentFactory()
    f.MembershipFactory(household=one, resident=second, role="partner")
    assess(second, dt.date(YEAR, 1, 2), {"financien": 3})
    assess(second, dt.date(YEAR, 1, 3), {"financien": 2})
    # Household two: worse; its later improvement falls after the year.
    member = f.ResidentFactory()
    f.MembershipFactory(household=two, resident=member, role="head")
    assess(member, dt.date(YEAR - 1, 3, 1), {"financien": 3})
    assess(member, dt.date(YEAR - 1, 6, 1), {"financien": 2})
    assess(member, dt.date(YEAR + 1, 1, 1), {"financien": 5})
    # A household assessed once does not count.
    single = f.ResidentFactory()
    f.MembershipFactory(household=once, resident=single, role="head")
    assess(single, dt.date(YEAR, 1, 2), {"financien": 1})

    own = _compute(threshold=1)

    assert own.cell(FINANCE, "BU00801001").value == Decimal("50.0")  # one of two
    assert own.cell("nabij-zrm-dagbesteding", "BU00801001").value == Decimal("0.0")
    codes = [fig.code for fig in own.figures]
    assert FINANCE in codes and "nabij-zrm-verslaving" not in codes  # nobody assessed on it
    last_year = figures.compute_own_figures(
        Municipality.objects.get(code="GM0080"), YEAR - 1, threshold=1
    )
    assert last_year.cell(FINANCE, "BU00801001").value == Decimal("0.0")  # only household two


def test_goals_achieved_and_open_threats_are_figures_of_today(leeuwarden, place):
    households = place("BU00801001", 3)
    for household, statuses in zip(
        households, [["achieved", "open"], ["achieved"], ["stopped", "in_progress"]], strict=True
    ):
        for position, status in enumerate(statuses, start=1):
            Goal.objects.create(plan=household.plan, position=position, text="x", status=status)
    deadline = dt.date(YEAR + 1, 1, 1)
    CoercionThreat.objects.create(household=households[0], kind="eviction", deadline=deadline)
    CoercionThreat.objects.create(household=households[0], kind="disconnection", deadline=deadline)
    CoercionThreat.objects.create(
        household=households[1], kind="eviction", deadline=deadline, status="averted"
    )

    own = _compute(threshold=1)

    assert own.cell(figures.GOALS_ACHIEVED, "BU00801001").value == Decimal("40.0")  # 2 of 5
    assert own.cell(figures.COERCION_THREATS, "BU00801001").value == Decimal(1)
    last_year = figures.compute_own_figures(
        Municipality.objects.get(code="GM0080"), YEAR - 1, threshold=1
    )
    assert last_year.cell(figures.GOALS_ACHIEVED, "BU00801001").suppression == "unavailable"


def _plan_on(household, contact: dt.date, plan_day: dt.date) -> None:
    Assignment.objects.filter(household=household).delete()
    f.AssignmentFactory(household=household, started_on=contact)
    change = PlanChange.objects.create(
        plan=household.plan,
        version=2,
        changed_by=f.UserFactory(),
        event="goal_added",
        snapshot={},
    )
    at = dt.datetime.combine(plan_day, dt.time(12), tzinfo=dt.UTC)
    PlanChange.objects.filter(pk=change.pk).update(changed_at=at)


def test_days_to_a_plan_is_the_median_of_the_households_whose_plan_came_in_the_year(
    leeuwarden, place
):
    start = dt.date(YEAR, 1, 1)
    for household, days in zip(place("BU00801001", 4), [10, 20, 30, 400], strict=True):
        _plan_on(household, start - dt.timedelta(days=days), start)
    # A plan of last year does not count this year.
    _plan_on(place("BU00801001", 1)[0], dt.date(YEAR - 2, 1, 1), dt.date(YEAR - 1, 6, 1))

    own = _compute(threshold=1)

    assert own.cell(figures.DAYS_TO_PLAN, "BU00801001").value == Decimal(25)


def test_breakthroughs_of_the_year_with_their_cost(leeuwarden, place):
    households = place("BU00801001", 10)
    user = f.UserFactory()
    for household in households:
        Breakthrough.objects.create(
            household=household,
            blocked="x",
            rule="y",
            decision="z",
            decided_on=dt.date(YEAR, 2, 1),
            cost_cents=40_000,
            recorded_by=user,
        )
    Breakthrough.objects.create(
        household=households[0],
        blocked="x",
        rule="y",
        decision="z",
        decided_on=dt.date(YEAR - 1, 2, 1),
        cost_cents=99_900,
        recorded_by=user,
    )

    own = _compute()

    assert own.cell(figures.BREAKTHROUGHS, "BU00801001").value == Decimal(10)
    assert own.cell(figures.BREAKTHROUGH_COST, "BU00801001").value == Decimal(4000)
    assert own.cell(figures.BREAKTHROUGHS, "BU00801002").suppression == "small"


def test_cost_per_inhabitant_divides_the_ledger_by_cbs_inhabitants(leeuwarden, place):
    provider = f.OrganisationFactory(name="Zorg Noord")
    # 10 households in one neighbourhood, 5 in two more: the hidden ones hold 10 together, so
    # the district's figure gives no small cell away.
    households = place("BU00801001", 10) + place("BU00801002", 5) + place("BU00801003", 5)
    for household in households:
        CostLine.objects.create(
            household=household,
            provider=provider,
            stream="youth",
            payer="municipality",
            period_start=dt.date(YEAR, 1, 1),
            period_end=dt.date(YEAR, 1, 31),
            volume=1,
            unit="month",
            unit_price_cents=67_100,
            amount_cents=67_100,
            source="manual",
        )

    own = _compute()

    # Binnenstad: 20 households of € 671 each over its 6,710 inhabitants (CBS 2024).
    assert own.cell(figures.COST_PER_INHABITANT, "WK008010").value == Decimal(2)
    neighbourhood = own.cell(figures.COST_PER_INHABITANT, "BU00801001")
    assert neighbourhood.estimated and neighbourhood.value is not None


def test_the_figures_take_the_same_queries_for_ten_or_a_hundred_households(
    leeuwarden, place, django_assert_max_num_queries
):
    for household in place("BU00801001", 10):
        improve(household)
    with django_assert_max_num_queries(14):
        _compute()
    for household in place("BU00801002", 90):
        improve(household, domain="dagbesteding")
    with django_assert_max_num_queries(14):
        own = _compute()
    assert own.cell("nabij-zrm-dagbesteding", "BU00801002").value == Decimal("100.0")


def test_own_figures_are_kept_for_a_while_and_then_computed_again(leeuwarden, place, settings):
    municipality = Municipality.objects.get(code="GM0080")
    settings.OUTCOMES_OWN_FIGURES_MAX_AGE = 300
    first = figures.own_figures(municipality, YEAR)
    for household in place("BU00801001", 10):
        improve(household)
    assert figures.own_figures(municipality, YEAR) is first
    settings.OUTCOMES_OWN_FIGURES_MAX_AGE = 0
    fresh = figures.own_figures(municipality, YEAR)
    assert fresh is not first
    assert fresh.cell(FINANCE, "BU00801001").value == Decimal("100.0")
