"""The demo's deliveries: written from the world, read in through the same import."""

from __future__ import annotations

import datetime as dt

import pytest

from nabij.signals.demo_data import demo_deliveries, signals_demo_load
from nabij.signals.models import Case, Signal
from nabij.signals.tests.test_import import actor_of
from nabij.tests import factories as f

TODAY = dt.date(2026, 12, 6)


@pytest.mark.django_db
def test_the_demo_deliveries_link_bundle_and_redeliver(world):
    team = world.household.team
    sandra = f.HouseholdFactory(name="Huishouden De Graaf", team=team)
    f.MembershipFactory(
        household=sandra,
        resident=f.ResidentFactory(first_name="Sandra", last_name="de Graaf"),
        role="head",
    )
    named = {"karima": world.household, "sandra": sandra}
    files = demo_deliveries(named, TODAY)
    assert [name for name, _ in files] == ["signalen-2026-11.csv", "signalen-2026-12-02.csv"]
    first, second = signals_demo_load(actor_of(world.coordinator), named, TODAY)
    assert second.known == 1  # Sandra's rent, delivered again
    assert second.not_found >= 3
    karima = Case.objects.get(household=world.household)
    assert karima.creditor_count == 2  # energy and health insurance
    # Rent; the water company writes "S. de Graaf": linked or left to a person, by the linker.
    assert Case.objects.get(household=sandra).creditor_count >= 1
    assert Signal.objects.filter(link="none", name__startswith="Onbekend").count() == 3
    assert first.linked + second.linked == Signal.objects.filter(link="certain").count()
