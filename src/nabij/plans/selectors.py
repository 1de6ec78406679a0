from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from nabij.access.models import Assignment
from nabij.assessment.models import Priority
from nabij.people.models import Household, Membership, NetworkMember
from nabij.people.selectors import Involvement, involvement, memberships_of
from nabij.plans.models import (
    Action,
    ActionComment,
    Breakthrough,
    CoercionThreat,
    Goal,
    GoalWording,
    Plan,
    PlanChange,
)


def plan_history(plan: Plan) -> QuerySet[PlanChange]:
    return plan.changes.select_related("changed_by").order_by("-version")


def breakthroughs(households: QuerySet[Household]) -> QuerySet[Breakthrough]:
    return (
        Breakthrough.objects.filter(household__in=households.values("pk"))
        .select_related("household", "mandated_by__user")
        .order_by("-decided_on", "-id")
    )


def with_open_threats(households: QuerySet[Household]) -> QuerySet[Household]:
    """The caseload's count of open coercion threats whose deadline has not passed."""
    today = timezone.localdate()
    return households.annotate(
        open_threats=Count(
            "threats",
            filter=Q(threats__status=CoercionThreat.Status.OPEN, threats__deadline__gte=today),
            distinct=True,
        )
    )


@dataclass
class Dossier:
    household: Household
    current_members: list[Membership]
    past_members: list[Membership]
    network: list[NetworkMember]
    open_threats: list[CoercionThreat]
    other_threats: list[CoercionThreat]
    plan: Plan
    goals: list[Goal]
    priority: Priority | None
    involvement: Involvement
    breakthroughs: list[Breakthrough]
    coordinator: Assignment | None
    today: dt.date

    @property
    def earliest_open_threat(self) -> CoercionThreat | None:
        return self.open_threats[0] if self.open_threats else None


def plan_goals(plan: Plan) -> list[Goal]:
    """The goals in order, each with its actions (and their comments) and its open wording
    proposal (``goal.open_wordings``); a constant number of queries."""
    actions = (
        Action.objects.select_related("network_member", "professional__user")
        .prefetch_related(
            Prefetch("comments", queryset=ActionComment.objects.order_by("created_at", "id"))
        )
        .order_by("position", "id")
    )
    open_wordings = GoalWording.objects.filter(status=GoalWording.Status.PROPOSED).select_related(
        "proposed_by"
    )
    return list(
        plan.goals.order_by("position", "id").prefetch_related(
            Prefetch("actions", queryset=actions),
            Prefetch("wordings", queryset=open_wordings, to_attr="open_wordings"),
        )
    )


def plan_goals_with_actions(plan: Plan) -> list[Goal]:
    """The goals in order with their actions, and nothing more: what the dossier page shows
    (its comments and wording proposals are on the plan editor). Two queries."""
    actions = Action.objects.select_related("network_member", "professional__user").order_by(
        "position", "id"
    )
    return list(
        plan.goals.order_by("position", "id").prefetch_related(
            Prefetch("actions", queryset=actions)
        )
    )


def open_wording(goal: Goal) -> GoalWording | None:
    """The proposal waiting for the household's answer (from ``plan_goals``' prefetch)."""
    wordings: list[GoalWording] | None = getattr(goal, "open_wordings", None)
    if wordings is None:
        return goal.wordings.filter(status=GoalWording.Status.PROPOSED).first()
    return wordings[0] if wordings else None


def goal_of(plan: Plan, goal_id: int) -> Goal | None:
    return plan.goals.filter(pk=goal_id).first()


def action_of(plan: Plan, action_id: int) -> Action | None:
    return Action.objects.filter(pk=action_id, goal__plan=plan).first()


def wording_of(plan: Plan, wording_id: int) -> GoalWording | None:
    return GoalWording.objects.filter(pk=wording_id, goal__plan=plan).first()


def household_dossier(household: Household, *, goal_details: bool = True) -> Dossier:
    """Everything on the dossier page; the number of queries does not grow with its size.

    ``goal_details=False`` leaves out the actions' comments and the goals' open wording
    proposals (two queries), which the dossier page does not show and the plan editor does.
    """
    memberships = memberships_of(household)
    threats = list(household.threats.order_by("deadline", "id"))
    today = timezone.localdate()
    open_threats = [t for t in threats if t.status == CoercionThreat.Status.OPEN]
    assignments = list(household.assignments.all())
    active = involvement(assignments)
    coordinator = next(
        (a for a in active.assignments if a.kind == Assignment.Kind.COORDINATOR), None
    )
    plan = Plan.objects.get(household=household)
    return Dossier(
        household=household,
        current_members=[m for m in memberships if m.ended_on is None],
        past_members=[m for m in memberships if m.ended_on is not None],
        network=list(household.network.filter(ended_on__isnull=True).select_related("private_to")),
        open_threats=open_threats,
        other_threats=[t for t in threats if t not in open_threats],
        plan=plan,
        goals=plan_goals(plan) if goal_details else plan_goals_with_actions(plan),
        priority=household.priorities.order_by("-recorded_on", "-id").first(),
        involvement=active,
        breakthroughs=list(
            household.breakthroughs.select_related("mandated_by__user").order_by("-decided_on")
        ),
        coordinator=coordinator,
        today=today,
    )


def breakthrough_of(household: Household, breakthrough_id: int) -> Breakthrough | None:
    return Breakthrough.objects.filter(pk=breakthrough_id, household=household).first()


@dataclass
class PlanView:
    """The plan as the household sees it in Mijn Nabij: goals in order with their actions,
    comments and open proposals, what matters most now, and the recent history."""

    plan: Plan
    goals: list[Goal]
    priority: Priority | None
    history: list[PlanChange]

    @property
    def open_wordings(self) -> list[tuple[Goal, GoalWording]]:
        return [(g, w) for g in self.goals if (w := open_wording(g)) is not None]


def plan_view(household: Household, *, history: int = 10) -> PlanView:
    """A constant number of queries, whatever the size of the plan."""
    plan = Plan.objects.select_related("signed_off_resident").get(household=household)
    return PlanView(
        plan=plan,
        goals=plan_goals(plan),
        priority=household.priorities.order_by("-recorded_on", "-id").first(),
        history=list(plan_history(plan)[:history]),
    )


def action_who(action: Action) -> str:
    """Who does an action, by name; empty for the household itself."""
    if action.network_member_id is not None and action.network_member is not None:
        return action.network_member.name
    if action.professional_id is not None and action.professional is not None:
        return str(action.professional)
    return action.actor_name
