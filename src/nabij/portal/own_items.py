"""A goal, action or proposal named in a resident's request must be part of their own plan.

``gate.own_item_for`` finds it within the resident's own household before anything is
granted: an id from anywhere else (another household's goal, say, or one that does not exist)
is one answer, not found (404), and the attempt is logged as refused with the resident as
actor. The refused row names the resident only: it does not tell them, or anyone reading their
log, whose the id was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nabij.access import gate
from nabij.access.enums import Event
from nabij.plans import selectors as plan_selectors

if TYPE_CHECKING:
    from nabij.plans.models import Action, Goal, GoalWording


def own_goal(actor: gate.Actor, goal_id: int, *, event: Event) -> tuple[gate.OwnHousehold, Goal]:
    return gate.own_item_for(
        actor,
        event=event,
        load=lambda own: plan_selectors.goal_of(own.household.plan, goal_id),
        item=f"goal {goal_id}",
    )


def own_action(
    actor: gate.Actor, action_id: int, *, event: Event
) -> tuple[gate.OwnHousehold, Action]:
    return gate.own_item_for(
        actor,
        event=event,
        load=lambda own: plan_selectors.action_of(own.household.plan, action_id),
        item=f"action {action_id}",
    )


def own_wording(
    actor: gate.Actor, wording_id: int, *, event: Event
) -> tuple[gate.OwnHousehold, GoalWording]:
    return gate.own_item_for(
        actor,
        event=event,
        load=lambda own: plan_selectors.wording_of(own.household.plan, wording_id),
        item=f"proposal {wording_id}",
    )
