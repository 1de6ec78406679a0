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


def assess(world, resident, on: dt.date, levels: dict[str, int] | int):
    """An assessment with the default instrument: one level for every domain, or per code."""
    from nabij.assessment import selectors as assessment_selectors
    from nabij.assessment.services import assessment_record

    instrument = assessment_selectors.default_instrument()
    assert instrument is not None, "the seeded instruments are missing"
    domains = list(instrument.domains.all())
    if isinstance(levels, int):
        scores = {d.pk: levels for d in domains}
    else:
        scores = {d.pk: levels.get(d.code, 3) for d in domains}
    return assessment_record(
        actor=actor_of(world.assigned),
        resident=resident,
        instrument=instrument,
        assessed_on=on,
        scores=scores,
    )


def approve(world, scenario, professional: Professional | None = None):
    """The projection approved in its current version, by the analyst unless said."""
    from nabij.access import gate
    from nabij.access.enums import Event

    approver = professional or world.analyst
    household = gate.household_for_review(
        actor_of(approver), scenario.household_id, event=Event.FUNDS_PROJECTION_APPROVE
    )
    scenario.refresh_from_db()
    return services.projection_approve(
        actor=actor_of(approver), household=household, scenario=scenario, version=scenario.version
    )


def outcome_held(world, scenario, year: int) -> None:
    """Karima assessed at the start of the scenario and again, no lower, late in ``year``."""
    assess(world, world.resident, dt.date(scenario.price_year, 1, 1), 2)
    assess(world, world.resident, dt.date(year, 11, 15), 3)


def conditions_met(world, scenario, year: int) -> None:
    outcome_held(world, scenario, year)
    approve(world, scenario)


__all__ = [
    "a_while_ago",
    "actor_of",
    "approve",
    "assess",
    "breakthrough_for",
    "conditions_met",
    "f",
    "fund_world",
    "last_year",
    "outcome_held",
]
