from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from nabij.access.gate import Actor
from nabij.referrals import services
from nabij.referrals.models import Referral


def actor_of(professional: Any) -> Actor:
    return Actor(user=professional.user, professional=professional)


def karima_input(world: Any, **changes: Any) -> services.ReferralInput:
    """A referral about Karima, at her address, with consent."""
    address = world.household.address
    values: dict[str, Any] = {
        "first_name": "Karima",
        "last_name": "El Amrani",
        "postcode": address.postcode,
        "house_number": address.house_number,
        "addition": address.addition,
        "worry": "Noor komt vaak zonder ontbijt op school.",
        "basis": Referral.Basis.CONSENT,
        "consent_on": timezone.localdate() - dt.timedelta(days=1),
        "urgency": Referral.Urgency.NORMAL,
        "own_reference": "klas 1B",
    }
    values.update(changes)
    return services.ReferralInput(**values)


@pytest.fixture
def team_area(world):
    """Team A works in the district of household A's address (the postcode finds the team)."""
    world.household.team.districts.add(world.household.neighbourhood.district)
    return world


@pytest.fixture
def referral(team_area):
    return services.referral_submit(
        actor=actor_of(team_area.referrer), data=karima_input(team_area)
    )
