"""Shared set-up for the rounds' tests: team A works in the district of the world's household
(Karima's), team B in the other's; a round of this year with proposals."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from nabij.access.gate import Actor
from nabij.access.models import Professional
from nabij.areas.models import District
from nabij.budgets import services_rounds as services
from nabij.budgets.models import BudgetProposal, BudgetRound, Phase

YEAR = timezone.localdate().year
DAY = dt.timedelta(days=1)


def actor_of(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def round_data(**changes: Any) -> services.RoundData:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "year": YEAR,
        "title": "Buurtbudget Heechterp",
        "amount_cents": 5_000_000,
        "proposals_from": today - 40 * DAY,
        "proposals_until": today - 20 * DAY,
        "checking_until": today - 10 * DAY,
        "voting_from": today - 5 * DAY,
        "voting_until": today + 10 * DAY,
        "results_on": today + 12 * DAY,
        "rules_text": "Voorstellen zijn voor iedereen.",
    }
    values.update(changes)
    return services.RoundData(**values)


@dataclass
class RoundWorld:
    w: Any
    district: District
    other_district: District
    round: BudgetRound


def rounds_world(world: Any, *, phase: str = Phase.PROPOSALS) -> RoundWorld:
    district = world.household.neighbourhood.district
    other = world.other_household.neighbourhood.district
    world.coordinator.team.districts.add(district)
    world.other_coordinator.team.districts.add(other)
    budget_round = services.round_create(
        actor=actor_of(world.coordinator), district=district, data=round_data()
    )
    BudgetRound.objects.filter(pk=budget_round.pk).update(phase=phase)
    budget_round.refresh_from_db()
    return RoundWorld(world, district, other, budget_round)


def proposal(
    budget_round: BudgetRound, number: int, *, status: str = "submitted", **extra: Any
) -> BudgetProposal:
    values: dict[str, Any] = {
        "round": budget_round,
        "number": number,
        "title": f"Voorstel {number}",
        "description": "Een goed plan.",
        "cost_estimate_cents": 100_000 * number,
        "status": status,
    }
    values.update(extra)
    return BudgetProposal.objects.create(**values)


def png(size: tuple[int, int] = (8, 6), fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    """Photos go to a fresh private folder per test, never the working tree's (import this
    fixture into a test module to use it)."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
