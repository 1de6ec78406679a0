from types import SimpleNamespace

import pytest
from django.utils import timezone

from nabij.signals.demo_outreach import outreach_demo_load
from nabij.signals.models import Case, OutreachAttempt
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_in_every_state(world):
    team = world.household.team
    for _ in range(12):
        h = f.HouseholdFactory(team=team, neighbourhood=world.household.neighbourhood)
        h.address = f.AddressFactory(neighbourhood=h.neighbourhood)
        h.save()
        f.MembershipFactory(household=h, resident=f.ResidentFactory())
    demo_world = SimpleNamespace(staff={"wijkcoach": world.assigned})
    today = timezone.localdate()
    opened = outreach_demo_load(demo_world, {"karima": world.household}, today)
    assert opened == 13
    outcomes = set(Case.objects.values_list("outcome", flat=True))
    assert outcomes == {"", "accepted", "not_needed", "not_reached", "reached"}
    accepted = Case.objects.filter(outcome="accepted")
    assert all(c.goal is not None and c.goal.author == "household" for c in accepted)
    assert OutreachAttempt.objects.exists()
    assert outreach_demo_load(demo_world, {}, today) == 0  # loaded once
