"""Ons plan in the demo: what Karima and Sandra find when they log in to Mijn Nabij.

- Karima: the coordinator proposed other words for her first goal, and waits for her answer;
  she asked about an action, and the coordinator answered. Her debt scenario (written by
  ``costs.demo_data``) is explained on her plan page with the figures the engine computes.
- Sandra de Graaf: her family group plan, written by the family (goals in their own words,
  signed by Sandra in Mijn Nabij) with what the family asked for and one safety condition;
  she commented on the talk with the housing corporation.

Everything goes through the plan's services, with the resident or the coordinator as actor.
"""

from __future__ import annotations

from collections.abc import Mapping

from nabij.access.digid import resident_user_for_bsn
from nabij.access.gate import Actor
from nabij.access.models import Assignment
from nabij.people.models import Household
from nabij.plans import services as plans
from nabij.plans.models import Action, Goal, Plan


def _coordinator(household: Household) -> Actor:
    assignment = (
        Assignment.objects.select_related("professional__user")
        .filter(household=household, kind=Assignment.Kind.COORDINATOR, ended_on__isnull=True)
        .get()
    )
    professional = assignment.professional
    return Actor(user=professional.user, professional=professional, channel="demo")


def _member(household: Household, first_name: str) -> Actor:
    membership = household.memberships.select_related("resident").get(
        resident__first_name=first_name, ended_on__isnull=True
    )
    resident = membership.resident
    user = resident_user_for_bsn(None, resident.bsn or "")
    assert user is not None, f"{resident} has no Mijn Nabij account"
    return Actor(user=user, professional=None, resident=resident, channel="demo")


def _version(household: Household) -> int:
    return Plan.objects.get(household=household).version


def _goal(household: Household, text: str) -> Goal:
    return Goal.objects.get(plan__household=household, text=text)


def _action(household: Household, description: str) -> Action:
    return Action.objects.get(goal__plan__household=household, description=description)


def karima_plan(household: Household) -> None:
    coordinator = _coordinator(household)
    karima = _member(household, "Karima")
    allowance = _action(household, "Kinderopvangtoeslag aanvragen")
    plans.action_comment_add(
        actor=karima,
        household=household,
        action_id=allowance.pk,
        text="Ik heb een brief van de Belastingdienst gekregen. Wat moet ik ermee doen?",
    )
    plans.action_comment_add(
        actor=coordinator,
        household=household,
        action_id=allowance.pk,
        text="Neem de brief dinsdag mee naar onze afspraak, dan kijken we er samen naar.",
    )
    home = _goal(household, "Een eigen huis voor mij en Noor")
    plans.wording_propose(
        actor=coordinator,
        household=household,
        expected_version=_version(household),
        goal_id=home.pk,
        text="Binnen drie maanden een eigen huis voor mij en Noor, in Schieringen of dichtbij",
    )


def sandra_plan(household: Household) -> None:
    sandra = _member(household, "Sandra")
    talk = _action(household, "Gaat mee naar het gesprek met Woonstichting Nabij")
    plans.action_comment_add(
        actor=sandra,
        household=household,
        action_id=talk.pk,
        text="De woonstichting belde: het gesprek is woensdag om tien uur. Marleen kan mee.",
    )


def residents_plan_load(named: Mapping[str, Household]) -> None:
    """Called at the end of ``scenarios.scenarios_load`` with the named households."""
    if "karima" in named:
        karima_plan(named["karima"])
    if "sandra" in named:
        sandra_plan(named["sandra"])
