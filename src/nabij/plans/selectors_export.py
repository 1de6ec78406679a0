"""The plan part of a resident's export (AVG art. 15 and 20): the household's one plan with its
goals and actions, its history, coercion threats and breakthroughs. The caller has passed the
gate for the household (``own_household_for``)."""

from __future__ import annotations

from typing import Any

from nabij.access.selectors_residents import actor_names
from nabij.people.models import Household
from nabij.plans.models import Action, CoercionThreat, Plan, PlanChange
from nabij.plans.selectors import plan_goals

# Threats that concern one adult (a detention, a compulsory admission) while the record does not
# say which: left out of an export when the household has another adult, whose data they may be.
ONE_ADULT_THREATS = frozenset(
    {CoercionThreat.Kind.DETENTION_FINES, CoercionThreat.Kind.PSYCHIATRIC}
)


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _who(action: Action) -> str:
    if action.network_member is not None:
        return action.network_member.name
    if action.professional is not None:
        return str(action.professional)
    return action.actor_name


def plan_data(household: Household) -> dict[str, Any]:
    plan = Plan.objects.get(household=household)
    return {
        "kind": str(plan.get_kind_display()),
        "version": plan.version,
        "signed_by_household": plan.is_signed_off,
        "signed_off_by": plan.signed_off_by,
        "signed_off_at": _date(plan.signed_off_at),
        "goals": [
            {
                "position": goal.position,
                "text": goal.text,
                "written_by": str(goal.get_author_display()),
                "status": str(goal.get_status_display()),
                "due_on": _date(goal.due_on),
                "review_on": _date(goal.review_on),
                "actions": [
                    {
                        "description": action.description,
                        "who": str(action.get_actor_kind_display()),
                        "name": _who(action),
                        "status": str(action.get_status_display()),
                        "due_on": _date(action.due_on),
                        "asked_for_by_family": action.requested_by_family,
                        "safety_condition": action.is_safety_condition,
                    }
                    for action in goal.actions.all()
                ],
            }
            for goal in plan_goals(plan)
        ],
    }


def plan_history_data(household: Household) -> list[dict[str, Any]]:
    """Every saved change of the plan, oldest first, with who made it (the plan as it was
    after each change is kept too, but is not repeated here: the changes tell it)."""
    changes = list(
        PlanChange.objects.filter(plan__household=household).defer("snapshot").order_by("version")
    )
    names = actor_names({c.changed_by_id for c in changes})
    return [
        {
            "version": c.version,
            "changed_at": c.changed_at.isoformat(),
            "changed_by": names[c.changed_by_id].name if c.changed_by_id in names else "",
            "what": str(c.get_event_display()),
            "detail": c.detail_display,
        }
        for c in changes
    ]


def threats_data(household: Household, *, other_adults: bool) -> list[dict[str, Any]]:
    threats = household.threats.order_by("deadline", "pk")
    if other_adults:
        threats = threats.exclude(kind__in=ONE_ADULT_THREATS)
    return [
        {
            "threat": str(t.get_kind_display()),
            "date": t.deadline.isoformat(),
            "description": t.description,
            "status": str(t.get_status_display()),
        }
        for t in threats
    ]


def breakthroughs_data(household: Household) -> list[dict[str, Any]]:
    return [
        {
            "what_was_blocked": b.blocked,
            "rule_set_aside": b.rule,
            "decision": b.decision,
            "decided_on": b.decided_on.isoformat(),
            "cost_cents": b.cost_cents,
            "outcome": str(b.get_outcome_display()),
            "outcome_note": b.outcome_note,
        }
        for b in household.breakthroughs.order_by("decided_on", "pk")
    ]
