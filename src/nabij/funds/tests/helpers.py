"""Shared set-up for the fund tests: teams working in the world's districts, funds with money."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nabij.access.gate import Actor
from nabij.access.models import Professional
from nabij.funds import services
from nabij.funds.models import AreaFund
from nabij.tests import factories as f


def actor_of(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def fund_world(world, *, per_inhabitant: int = 10_00) -> tuple[AreaFund, AreaFund]:
    """Team A works in the district of ``world.household``, team B in the other household's;
    both districts get this year's budget (5,000 inhabitants each, from the factory)."""
    district_a = world.household.neighbourhood.district
    district_b = world.other_household.neighbourhood.district
    world.coordinator.team.districts.add(district_a)
    world.other_coordinator.team.districts.add(district_b)
    admin = actor_of(world.administrator)
    year = timezone.localdate().year
    for district in (district_a, district_b):
        services.budget_allocate(
            actor=admin, district=district, year=year, cents_per_inhabitant=per_inhabitant
        )
    return district_a.area_fund, district_b.area_fund


def last_year() -> int:
    return timezone.localdate().year - 1


def a_while_ago(days: int = 30) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def breakthrough_for(household, professional: Professional):
    from nabij.plans.models import Breakthrough

    return Breakthrough.objects.create(
        household=household,
        blocked="Paspoort verlopen",
        rule="Geen voorschot zonder identiteitsbewijs",
        decision="Voorschot €400, 40 uur koken",
        mandated_by=professional,
        decided_on=a_while_ago(40),
        cost_cents=40_000,
        recorded_by=professional.user,
    )


__all__ = ["a_while_ago", "actor_of", "breakthrough_for", "f", "fund_world", "last_year"]
