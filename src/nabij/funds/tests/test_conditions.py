"""Prevention pays, but for outcomes: a realised saving returns only when the household's outcome
held and the projection was approved outside the team (``funds.conditions``). Karima's scenario
(pay the debt, house her now) in the year after its price year... or in its first year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.gate import AccessDenied
from nabij.access.models import AccessLogEntry, AuditEvent
from nabij.core.errors import ConflictError, DomainError
from nabij.costs import services as costs
from nabij.funds import services
from nabij.funds.conditions import ApprovalReason, approval_check, outcome_check
from nabij.funds.models import ProjectionApproval, SavingReturn, Transaction
from nabij.funds.tests.helpers import (
    actor_of,
    approve,
    assess,
    conditions_met,
    f,
    fund_world,
    last_year,
    outcome_held,
)
from nabij.funds.tests.test_saving_return import karima_scenario, realised_year
from nabij.plans import services as plans
from nabij.plans.models import Goal, PlanChange


def claim(world, scenario, year):
    return services.saving_return_record(
        actor=actor_of(world.coordinator),
        household=world.household,
        scenario_id=scenario.pk,
        year=year,
    )


def goals(world, statuses: list[str], *, saved_in: int) -> None:
    """Goals in Karima's plan with these statuses, every version saved during ``saved_in``."""
    actor = actor_of(world.assigned)
    version = world.household.plan.version
    made = []
    for i, _status in enumerate(statuses):
        made.append(
            plans.goal_add(
                actor=actor, household=world.household, expected_version=version, text=f"Doel {i}"
            )
        )
        version += 1
    for goal, status in zip(made, statuses, strict=True):
        if status != Goal.Status.OPEN:
            plans.goal_update(
                actor=actor,
                household=world.household,
                expected_version=version,
                goal_id=goal.pk,
                text=None,
                status=status,
                due_on=None,
                review_on=None,
            )
            version += 1
    moment = timezone.make_aware(dt.datetime(saved_in, 6, 1, 12))
    PlanChange.objects.filter(plan__household=world.household).update(changed_at=moment)


@pytest.fixture
def ready(world):
    fund_a, _b = fund_world(world)
    year = last_year()
    scenario = karima_scenario(world, price_year=year)
    realised_year(world, year)
    return fund_a, scenario, year


# --- the outcome ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_stopping_help_lowers_cost_but_returns_nothing(world):
    """The perverse case the rule exists for: help stopped, no cost at all in the year, so the
    'saving' is the whole projected cost; but the goals are not achieved and Karima is worse
    off. The claim is refused and kept, nothing booked, the fund unchanged."""
    fund_a, _b = fund_world(world)
    year = last_year()
    scenario = karima_scenario(world, price_year=year)
    approve(world, scenario)
    goals(world, [Goal.Status.STOPPED, Goal.Status.OPEN], saved_in=year)
    assess(world, world.resident, dt.date(year, 1, 1), 3)
    assess(world, world.resident, dt.date(year, 10, 1), {"financien": 1, "huisvesting": 2})
    before = services.balance_cents(fund_a)
    made = claim(world, scenario, year)
    assert made.actual_cents == 0 and made.counted_saving_cents > 0  # lower cost alone...
    assert made.refused and made.returned_cents == 0 and made.transaction is None
    assert made.outcome_met is False and made.outcome_basis == ""
    assert made.approval_met is True
    assert made.outcome_detail["goals"] == {"plan_version": 4, "total": 2, "achieved": 0}
    lower = {d["domain"] for d in made.outcome_detail["self_reliance"]["lower"]}
    assert len(lower) == 2 and made.outcome_detail["self_reliance"]["compared"] == 1
    assert services.balance_cents(fund_a) == before
    assert not Transaction.objects.filter(kind="saving_return").exists()


@pytest.mark.django_db
def test_goals_achieved_by_the_end_of_the_year_is_an_outcome(world, ready):
    fund_a, scenario, year = ready
    approve(world, scenario)
    goals(world, [Goal.Status.ACHIEVED, Goal.Status.ACHIEVED], saved_in=year)
    before = services.balance_cents(fund_a)
    made = claim(world, scenario, year)
    assert not made.refused and made.outcome_basis == "goals"
    assert made.returned_cents == 2_275_000
    assert services.balance_cents(fund_a) == before + 2_275_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statuses",
    [
        [Goal.Status.ACHIEVED, Goal.Status.STOPPED],  # a stopped goal is not achieved
        [Goal.Status.ACHIEVED, Goal.Status.IN_PROGRESS],
        [],  # no goal at all: nothing to judge by
    ],
)
def test_goals_not_all_achieved_is_no_outcome(world, ready, statuses):
    _fund, scenario, year = ready
    goals(world, statuses, saved_in=year)
    check = outcome_check(world.household, scenario, year)
    assert not check.goals.met and not check.met


@pytest.mark.django_db
def test_goals_achieved_after_the_year_count_for_the_next_year_only(world, ready):
    _fund, scenario, year = ready
    goals(world, [Goal.Status.ACHIEVED], saved_in=year + 1)
    assert not outcome_check(world.household, scenario, year).goals.met
    assert outcome_check(world.household, scenario, year + 1).goals.met


@pytest.mark.django_db
def test_self_reliance_per_domain_not_on_the_sum(world, ready):
    """Finance one lower, three domains one higher: the sum rose, the outcome did not hold."""
    _fund, scenario, year = ready
    assess(world, world.resident, dt.date(year - 1, 12, 1), 3)
    assess(
        world,
        world.resident,
        dt.date(year, 11, 1),
        {"financien": 2, "huisvesting": 4, "dagbesteding": 4, "adl": 4},
    )
    check = outcome_check(world.household, scenario, year)
    assert check.self_reliance.compared == 1
    assert [(d.start_level, d.year_level) for d in check.self_reliance.lower] == [(3, 2)]
    assert not check.met


@pytest.mark.django_db
def test_self_reliance_baseline_and_the_years_latest(world, ready):
    _fund, scenario, year = ready
    # No assessment before the start: the first one in the price year is the start.
    assess(world, world.resident, dt.date(year, 2, 1), 2)
    assert not outcome_check(world.household, scenario, year).met  # nothing later to compare
    assess(world, world.resident, dt.date(year, 6, 1), 1)  # worse in between...
    assess(world, world.resident, dt.date(year, 12, 31), 2)  # ...but the latest is what counts
    check = outcome_check(world.household, scenario, year)
    assert check.met and check.basis == "self_reliance"
    # The child was never assessed: only members with both assessments are compared.
    assert (check.self_reliance.members, check.self_reliance.compared) == (2, 1)
    # An assessment after the year does not count for it.
    assess(world, world.resident, dt.date(year + 1, 1, 2), 1)
    assert outcome_check(world.household, scenario, year).met


@pytest.mark.django_db
def test_no_assessment_in_the_year_is_no_outcome(world, ready):
    _fund, scenario, year = ready
    assess(world, world.resident, dt.date(year - 1, 5, 1), 3)
    assess(world, world.resident, dt.date(year + 1, 1, 5), 4)
    check = outcome_check(world.household, scenario, year)
    assert check.self_reliance.compared == 0 and not check.met


# --- the approval -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_an_approval_nothing_is_booked(world, ready):
    fund_a, scenario, year = ready
    outcome_held(world, scenario, year)
    before = services.balance_cents(fund_a)
    made = claim(world, scenario, year)
    assert made.refused and made.outcome_met and made.approval_met is False
    assert made.approval_reason == "none" and made.approval is None
    assert services.balance_cents(fund_a) == before
    # Refused claims are kept and may be made again once the projection is approved.
    approve(world, scenario)
    again = claim(world, scenario, year)
    assert not again.refused and again.returned_cents == 2_275_000
    assert again.approval.approved_by == world.analyst
    assert SavingReturn.objects.filter(scenario=scenario, year=year).count() == 2
    with pytest.raises(DomainError):  # booked once
        claim(world, scenario, year)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["coordinator", "assigned", "colleague", "broker", "administrator"])
def test_the_own_team_and_roles_without_the_overview_never_approve(world, ready, key):
    _fund, scenario, _year = ready
    professional = world.by_key(key)
    with pytest.raises(AccessDenied):
        gate.household_for_review(
            actor_of(professional), world.household.pk, event=Event.FUNDS_PROJECTION_APPROVE
        )
    household = gate._household_query().get(pk=world.household.pk)
    with pytest.raises(AccessDenied):
        services.projection_approve(
            actor=actor_of(professional),
            household=household,
            scenario=scenario,
            version=scenario.version,
        )
    assert not ProjectionApproval.objects.exists()
    assert AccessLogEntry.objects.filter(
        event="funds.projection.approve",
        outcome="refused",
        username=professional.user.username,
        resident_id=world.resident.pk,
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["analyst", "other_coordinator"])
def test_an_analyst_or_another_teams_coordinator_approves(world, ready, key):
    _fund, scenario, _year = ready
    approval = approve(world, scenario, world.by_key(key))
    assert approval.scenario_version == scenario.version
    assert approval.approver_role == world.by_key(key).role
    assert AuditEvent.objects.filter(kind="projection_approved", object_id=scenario.pk).exists()
    assert AccessLogEntry.objects.filter(
        event="funds.projection.approve",
        outcome="granted",
        purpose="projection_review",
        resident_id=world.resident.pk,
    ).exists()
    with pytest.raises(DomainError):  # this version once
        approve(world, scenario, world.by_key(key))


@pytest.mark.django_db
def test_an_approval_lapses_when_the_scenario_changes(world, ready):
    _fund_a, scenario, year = ready
    conditions_met(world, scenario, year)
    scenario.refresh_from_db()
    costs.assumptions_add(
        actor=actor_of(world.assigned),
        scenario=scenario,
        expected_version=scenario.version,
        items=[costs.AssumptionInput("current", "Extra", "youth", "municipality", 100_000)],
    )
    scenario.refresh_from_db()
    assert approval_check(scenario, world.household).reason == ApprovalReason.LAPSED
    made = claim(world, scenario, year)
    assert made.refused and made.approval_reason == "lapsed"
    assert made.approval.scenario_version == scenario.version - 1  # which version it was
    assert made.outcome_met  # the outcome was fine: only the approval failed


@pytest.mark.django_db
def test_an_approver_who_joined_the_team_is_no_longer_independent(world, ready):
    _fund, scenario, year = ready
    outcome_held(world, scenario, year)
    approve(world, scenario, world.other_coordinator)
    world.other_coordinator.team = world.coordinator.team
    world.other_coordinator.save(update_fields=["team"])
    made = claim(world, scenario, year)
    assert made.refused and made.approval_reason == "own_team"


@pytest.mark.django_db
def test_approving_a_version_that_changed_meanwhile_is_a_conflict(world, ready):
    _fund, scenario, _year = ready
    household = gate.household_for_review(
        actor_of(world.analyst), world.household.pk, event=Event.FUNDS_PROJECTION_APPROVE
    )
    with pytest.raises(ConflictError):
        services.projection_approve(
            actor=actor_of(world.analyst),
            household=household,
            scenario=scenario,
            version=scenario.version + 1,
        )
    assert not ProjectionApproval.objects.exists()


# --- the pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_savings_page_shows_both_conditions_and_a_refusal_says_which(world, ready, login):
    _fund, scenario, year = ready
    outcome_held(world, scenario, year)
    client = login(world.coordinator)
    response = client.post(
        reverse("funds:savings"), {"action": "claim", "scenario": scenario.pk, "year": year}
    )
    assert response.status_code == 302
    page = client.get(reverse("funds:savings")).content.decode()
    assert "niet goedgekeurd" in page.lower()  # the refusal names the failed condition
    assert "Resultaat gehouden" in page
    approve(world, scenario)
    client.post(
        reverse("funds:savings"), {"action": "claim", "scenario": scenario.pk, "year": year}
    )
    page = client.get(reverse("funds:savings")).content.decode()
    assert "Prognose goedgekeurd" in page and world.analyst.user.get_full_name() in page
    # Another team's coordinator sees that the conditions were met, not whose or why.
    other = login(world.other_coordinator).get(reverse("funds:savings")).content.decode()
    assert "Resultaat gehouden" in other and world.analyst.user.get_full_name() not in other


@pytest.mark.django_db
def test_projections_page_shows_figures_never_the_household(world, ready, login):
    _fund, scenario, _year = ready
    client = login(world.analyst)
    page = client.get(reverse("funds:projections")).content.decode()
    assert f"P-{scenario.pk}" in page and "60.000,00" in page
    for secret in (world.household.name, scenario.title, "Opvang tienermoeder", "Karima"):
        assert secret not in page
    assert AccessLogEntry.objects.filter(
        event="funds.projections.view",
        purpose="projection_review",
        username=world.analyst.user.username,
        resident_id=world.resident.pk,
    ).exists()
    # The household's own team does not see it there: they cannot approve their own.
    own = login(world.coordinator).get(reverse("funds:projections")).content.decode()
    assert f"P-{scenario.pk}" not in own
    # Approving from the page, and a stale version is a conflict.
    client = login(world.analyst)
    stale = client.post(
        reverse("funds:projections"), {"scenario": scenario.pk, "version": scenario.version + 1}
    )
    assert stale.status_code == 409
    made = client.post(
        reverse("funds:projections"),
        {"scenario": scenario.pk, "version": scenario.version, "note": "Prijzen kloppen"},
    )
    assert made.status_code == 302
    assert ProjectionApproval.objects.get().note == "Prijzen kloppen"
    # Unknown scenario: a 404, logged.
    assert (
        client.post(reverse("funds:projections"), {"scenario": 999999, "version": 1}).status_code
        == 404
    )


@pytest.mark.django_db
def test_projections_page_queries_do_not_grow(world, ready, login, django_assert_max_num_queries):
    _fund, scenario, _year = ready
    client = login(world.analyst)
    client.get(reverse("funds:projections"))
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("funds:projections"))
    for _ in range(4):
        household = f.HouseholdFactory(
            team=world.coordinator.team, address__neighbourhood=world.household.neighbourhood
        )
        f.MembershipFactory(household=household)
        other = karima_scenario(world, price_year=scenario.price_year)
        other.household = household
        type(other).objects.filter(pk=other.pk).update(household=household)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("funds:projections")).status_code == 200
