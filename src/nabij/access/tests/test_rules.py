import pytest

from nabij.access import rules


@pytest.mark.django_db
def test_assigned_professional_may_work_on_household(world):
    assert rules.can_work_on_household(world.assigned, world.household)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("assigned", True),
        ("colleague", False),
        ("coordinator", True),
        ("other_coordinator", False),
        ("other_professional", False),
        ("broker", False),
        ("analyst", False),
        ("administrator", False),
    ],
)
def test_household_rule_per_role(world, who, expected):
    assert rules.can_work_on_household(world.by_key(who), world.household) is expected


@pytest.mark.django_db
def test_filter_matches_rule(world):
    from nabij.people.models import Household

    for key in [
        "assigned",
        "colleague",
        "coordinator",
        "other_coordinator",
        "other_professional",
        "broker",
        "analyst",
        "administrator",
    ]:
        professional = world.by_key(key)
        listed = set(Household.objects.filter(rules.household_filter(professional)).distinct())
        allowed = {
            h for h in Household.objects.all() if rules.can_work_on_household(professional, h)
        }
        assert listed == allowed, key


@pytest.mark.django_db
def test_only_household_coordinator_reveals_bsn(world):
    assert rules.can_reveal_bsn(world.assigned, world.household)
    assert not rules.can_reveal_bsn(world.coordinator, world.household)
    assert not rules.can_reveal_bsn(world.colleague, world.household)


@pytest.mark.django_db
def test_ended_assignment_no_longer_grants_access(world):
    import datetime as dt

    world.assigned.assignments.update(ended_on=dt.date(2025, 1, 1))
    assert not rules.can_work_on_household(world.assigned, world.household)
