"""A goal, action or proposal named in a resident's request must be part of their own plan.

``gate.own_household_for`` has admitted the resident to their own household (and logged it);
an id from anywhere else (another household's goal, say, or one that does not exist) is
answered as not found (404), one answer for both, and the attempt is logged as refused with
the resident as actor. The refused row names the resident only: it does not tell them, or
anyone reading their log, whose the id was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.plans import selectors as plan_selectors

if TYPE_CHECKING:
    from nabij.plans.models import Action, Goal, GoalWording

T = TypeVar("T")


def _found(
    actor: gate.Actor, own: gate.OwnHousehold, item: T | None, *, event: Event, what: str
) -> T:
    if item is None:
        gate.log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.OWN_DATA,
            resident_ids=[own.resident.pk],
            household_id=own.household.pk,
            detail=f"{what}: not in the own plan",
        )
        raise gate.NotFound
    return item


def own_goal(actor: gate.Actor, own: gate.OwnHousehold, goal_id: int, *, event: Event) -> Goal:
    plan = own.household.plan
    return _found(
        actor, own, plan_selectors.goal_of(plan, goal_id), event=event, what=f"goal {goal_id}"
    )


def own_action(
    actor: gate.Actor, own: gate.OwnHousehold, action_id: int, *, event: Event
) -> Action:
    plan = own.household.plan
    return _found(
        actor,
        own,
        plan_selectors.action_of(plan, action_id),
        event=event,
        what=f"action {action_id}",
    )


def own_wording(
    actor: gate.Actor, own: gate.OwnHousehold, wording_id: int, *, event: Event
) -> GoalWording:
    plan = own.household.plan
    return _found(
        actor,
        own,
        plan_selectors.wording_of(plan, wording_id),
        event=event,
        what=f"proposal {wording_id}",
    )
