"""Shared set-up for the area-plan tests: team A works in the district of the world's household
(team B in the other's), indicators of the four questions, a plan for 2026."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from nabij.access.gate import Actor
from nabij.access.models import Professional
from nabij.areas.models import District
from nabij.outcomes import services_plans as services
from nabij.outcomes.models import AreaPlan, Indicator
from nabij.tests import factories as f

# Plans are made for this year (or a few around it): the tests follow the calendar.
YEAR = timezone.localdate().year


def actor_of(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


@dataclass
class AreaWorld:
    w: object
    district: District
    other_district: District
    early_leavers: Indicator  # school, lower is better, %
    participation: Indicator  # work, higher is better, %
    crime: Indicator  # safety, lower is better, per 1 000
    plan: AreaPlan


def area_world(world, *, year: int = YEAR) -> AreaWorld:
    district = world.household.neighbourhood.district
    other = world.other_household.neighbourhood.district
    world.coordinator.team.districts.add(district)
    world.other_coordinator.team.districts.add(other)
    early = f.IndicatorFactory(
        code="VoortijdigSchoolverlaters",
        name="Voortijdig schoolverlaters",
        unit="%",
        decimals=1,
        question="school",
        direction="lower_better",
    )
    participation = f.IndicatorFactory(
        code="Nettoarbeidsparticipatie",
        name="Nettoarbeidsparticipatie",
        unit="%",
        decimals=0,
        question="work",
        direction="higher_better",
    )
    crime = f.IndicatorFactory(
        code="GeregistreerdeMisdrijvenPer1000",
        name="Geregistreerde misdrijven per 1 000 inwoners",
        unit="per 1 000 inwoners",
        decimals=0,
        question="safety",
        direction="lower_better",
    )
    f.IndicatorFactory(code="AantalInwoners", question="context", direction="neutral", unit="")
    plan = services.plan_create(
        actor=actor_of(world.assigned), district=district, year=year, summary="Samen sterker."
    )
    return AreaWorld(world, district, other, early, participation, crime, plan)


def value(indicator: Indicator, code: str, period: int, amount: str, quality: str = "final"):
    return f.IndicatorValueFactory(
        indicator=indicator,
        area_code=code,
        period=period,
        value=Decimal(amount) if amount is not None else None,
        quality=quality,
    )


def add_goal(aw: AreaWorld, professional: Professional, **kwargs):
    plan = aw.plan
    plan.refresh_from_db()
    args = {
        "question": "school",
        "text": "Meer jongeren halen een diploma",
        "indicator_id": aw.early_leavers.pk,
        "target_value": Decimal("2.0"),
        "target_year": YEAR + 4,
        "baseline_value": Decimal("3.0"),
        "baseline_period": YEAR - 2,
    }
    args.update(kwargs)
    return services.goal_save(
        actor=actor_of(professional),
        plan=plan,
        expected_version=plan.version,
        data=services.GoalData(**args),
    )


__all__ = ["YEAR", "AreaWorld", "actor_of", "add_goal", "area_world", "f", "value"]
