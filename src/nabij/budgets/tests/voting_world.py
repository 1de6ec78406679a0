"""A budget round in Karima's district for the voting tests: feasible projects, residents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from nabij.access.digid import resident_user_for_bsn
from nabij.access.gate import Actor
from nabij.budgets.models import BudgetProposal, BudgetRound, Phase, ProposalStatus
from nabij.people.models import Resident
from nabij.tests import factories as f

DAY = dt.timedelta(days=1)


def make_round(
    district: Any, created_by: Any, *, phase: str = Phase.VOTING, **extra: Any
) -> BudgetRound:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "district": district,
        "year": today.year,
        "title": "Buurtbudget Heechterp",
        "amount_cents": 5_000_000,
        "phase": phase,
        "proposals_from": today - 40 * DAY,
        "proposals_until": today - 20 * DAY,
        "checking_until": today - 10 * DAY,
        "voting_from": today - 5 * DAY,
        "voting_until": today + 10 * DAY,
        "results_on": today + 12 * DAY,
        "created_by": created_by,
    }
    fields.update(extra)
    return BudgetRound.objects.create(**fields)


def project(budget_round: BudgetRound, title: str, cost_cents: int, **extra: Any) -> BudgetProposal:
    number = budget_round.proposals.count() + 1
    fields: dict[str, Any] = {
        "round": budget_round,
        "number": number,
        "title": title,
        "description": f"{title}: een plan voor de buurt.",
        "cost_estimate_cents": cost_cents,
        "cost_cents": cost_cents,
        "status": ProposalStatus.FEASIBLE,
    }
    fields.update(extra)
    return BudgetProposal.objects.create(**fields)


def neighbour(household: Any, first_name: str, *, born: dt.date | None = None) -> Resident:
    """Another adult member of ``household`` (a household per resident is not needed)."""
    resident = f.ResidentFactory(
        first_name=first_name, last_name="Buur", date_of_birth=born or dt.date(1980, 3, 3)
    )
    f.MembershipFactory(household=household, resident=resident, role="other")
    return resident


def resident_in(
    neighbourhood: Any, team: Any, first_name: str, *, born: dt.date | None = None
) -> Resident:
    """A resident of their own household in ``neighbourhood``."""
    address = f.AddressFactory(neighbourhood=neighbourhood)
    household = f.HouseholdFactory(name=f"Huishouden {first_name}", team=team, address=address)
    resident = f.ResidentFactory(
        first_name=first_name, last_name="Buur", date_of_birth=born or dt.date(1980, 3, 3)
    )
    f.MembershipFactory(household=household, resident=resident)
    return resident


def resident_actor(resident: Resident) -> Actor:
    """A resident signed in with DigiD, as the gate sees them."""
    user = resident_user_for_bsn(None, resident.bsn)
    assert user is not None, "no DigiD account (under 16, or no membership)"
    return Actor(user=user, professional=None, resident=resident)


def coordinator_actor(professional: Any) -> Actor:
    return Actor(user=professional.user, professional=professional)
