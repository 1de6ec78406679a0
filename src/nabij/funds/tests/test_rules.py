"""The mandate rule and the other area-fund rules, for every role of ``world``."""

from __future__ import annotations

import pytest

from nabij.access import rules
from nabij.access.models import Role
from nabij.tests import factories as f

ROLES = (
    "assigned",
    "colleague",
    "coordinator",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
)


@pytest.fixture
def districts(world):
    a = world.household.neighbourhood.district
    b = world.other_household.neighbourhood.district
    world.coordinator.team.districts.add(a)
    world.other_coordinator.team.districts.add(b)
    return a, b


# expected per role: (view A, spend A, spend for household in A, record for household in A)
EXPECTED = {
    "assigned": (True, False, False, True),
    "colleague": (True, False, False, False),
    "coordinator": (True, True, True, True),
    "other_coordinator": (False, False, False, False),
    "other_professional": (False, False, False, False),
    "broker": (False, False, False, False),
    "analyst": (False, False, False, False),
    "administrator": (False, False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_fund_rules_for_every_role(world, districts, key):
    a, b = districts
    p = world.by_key(key)
    h = world.household
    got = (
        rules.can_view_fund(p, a.pk),
        rules.can_spend_from_fund(p, a.pk),
        rules.can_spend_for_household(p, a.pk, h),
        rules.can_record_reciprocity(p, a.pk, h),
    )
    assert got == EXPECTED[key]
    # Nobody in team A has any right on district B's fund, and B's coordinator spends only there.
    assert rules.can_spend_from_fund(p, b.pk) == (key == "other_coordinator")
    assert rules.can_configure_funds(p) == (key == "administrator")
    assert rules.can_edit_reference_prices(p) == (key == "administrator")


@pytest.mark.django_db
def test_mandate_is_per_district_of_the_household(world, districts):
    """A team-A household living in district B is not paid from A's fund, nor from B's by A."""
    a, b = districts
    moved = f.HouseholdFactory(
        team=world.coordinator.team, address__neighbourhood=world.other_household.neighbourhood
    )
    assert moved.neighbourhood.district_id == b.pk
    assert not rules.can_spend_for_household(world.coordinator, a.pk, moved)
    assert not rules.can_spend_for_household(world.coordinator, b.pk, moved)
    # B's coordinator has B's mandate but the household is not B's team's.
    assert not rules.can_spend_for_household(world.other_coordinator, b.pk, moved)
    # Once team A works in B as well, its coordinator may pay for it from B's fund.
    world.coordinator.team.districts.add(b)
    world.coordinator._nabij_district_ids = None
    assert rules.can_spend_for_household(world.coordinator, b.pk, moved)
    assert not rules.can_spend_for_household(world.coordinator, a.pk, moved)


@pytest.mark.django_db
def test_no_team_or_no_districts_means_no_mandate(world):
    a = world.household.neighbourhood.district
    assert not rules.can_spend_from_fund(world.coordinator, a.pk)  # team covers nothing yet
    loner = f.ProfessionalFactory(team=None, role=Role.TEAM_COORDINATOR)
    assert not rules.can_spend_from_fund(loner, a.pk)
    assert not rules.can_view_fund(None, a.pk)
    assert not rules.can_spend_for_household(None, a.pk, world.household)
