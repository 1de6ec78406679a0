"""A small world for the initiatives' tests: team A works in Karima's district; Karima
registers the cooking group and is its contact; Gerrit (district B) is another resident."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from nabij.access.digid import resident_user_for_bsn
from nabij.access.gate import Actor
from nabij.initiatives import services
from nabij.initiatives.models import FundingSource, Initiative, LegalForm


def pro(professional: Any) -> Actor:
    return Actor(user=professional.user, professional=professional)


def resident(w: Any, who: Any = None) -> Actor:
    person = who if who is not None else w.resident
    user = w.resident_user if who is None else resident_user_for_bsn(None, person.bsn)
    return Actor(user=user, professional=None, resident=person)


def initiative_world(w: Any) -> Initiative:
    w.coordinator.team.districts.add(w.household.neighbourhood.district)
    w.other_coordinator.team.districts.add(w.other_household.neighbourhood.district)
    return services.initiative_register(
        actor=resident(w),
        data=services.InitiativeData(
            name="Kookgroep Heechterp",
            purpose="Samen koken en eten met buren.",
            district=w.household.neighbourhood.district,
            neighbourhood=w.household.neighbourhood,
            legal_form=LegalForm.INFORMAL,
            volunteers_count=5,
            activities="Elke dinsdag koken.",
        ),
        name_public=True,
    )


def add_money(
    actor: Actor,
    initiative: Initiative,
    cents: int,
    source: str = FundingSource.DONATIONS,
    year: int | None = None,
):
    year = year or timezone.localdate().year
    return services.funding_entry_add(
        actor=actor,
        initiative=initiative,
        year=year,
        source=source,
        amount_cents=cents,
        booked_on=min(timezone.localdate(), dt.date(year, 12, 31))
        if year == timezone.localdate().year
        else dt.date(year, 6, 1),
        description="Gift",
    )


def add_hours(
    actor: Actor, initiative: Initiative, hours: str, rate: int = 560, year: int | None = None
):
    year = year or timezone.localdate().year
    h = Decimal(hours)
    return services.funding_entry_add(
        actor=actor,
        initiative=initiative,
        year=year,
        source=FundingSource.HOURS,
        amount_cents=services.hours_amount_cents(h, rate),
        booked_on=timezone.localdate()
        if year == timezone.localdate().year
        else dt.date(year, 6, 1),
        description="Koken",
        hours=h,
        hour_rate_cents=rate,
        rate_source="Belastingdienst 2025",
    )
