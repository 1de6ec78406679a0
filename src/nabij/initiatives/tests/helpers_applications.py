"""Set-up for the applications' tests: team A works in district A (Karima's), team B in
district B; Karima is the contact person of an initiative in district A."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from nabij.access.gate import Actor
from nabij.access.models import Professional
from nabij.initiatives import services_applications as services
from nabij.initiatives.models import Application, Challenge, ContactPerson, Initiative


def actor_of(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def resident_actor(world: Any) -> Actor:
    return Actor(user=world.resident_user, professional=None, resident=world.resident)


@dataclass
class Setting:
    world: Any
    initiative: Initiative
    karima: Actor


def initiative_world(world: Any, *, name_public: bool = False) -> Setting:
    district_a = world.household.neighbourhood.district
    district_b = world.other_household.neighbourhood.district
    world.coordinator.team.districts.add(district_a)
    world.other_coordinator.team.districts.add(district_b)
    initiative = Initiative.objects.create(
        name="Kookgroep Heechterp",
        purpose="Samen koken en eten met buren.",
        district=district_a,
        legal_form="informal",
        created_by=world.coordinator.user,
    )
    ContactPerson.objects.create(
        initiative=initiative,
        resident=world.resident,
        name_public=name_public,
        consent_at=timezone.now() if name_public else None,
        started_on=timezone.localdate() - dt.timedelta(days=30),
    )
    return Setting(world=world, initiative=initiative, karima=resident_actor(world))


def apply(s: Setting, amount_cents: int = 50_000, kind: str = "area_fund") -> Application:
    return services.application_submit(
        actor=s.karima,
        initiative=s.initiative,
        kind=kind,
        amount_cents=amount_cents,
        purpose="Pannen en borden",
        year=timezone.localdate().year,
    )


def challenge(s: Setting) -> Challenge:
    return services.challenge_submit(
        actor=s.karima,
        initiative=s.initiative,
        task="Onderhoud van het buurtgroen",
        plan="Tien vrijwilligers houden het groen bij.",
        budget_cents=1_500_000,
        current_cost_cents=2_000_000,
    )
