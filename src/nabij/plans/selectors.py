from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from nabij.access.models import Assignment
from nabij.assessment.models import Priority
from nabij.people.models import Household, Membership, NetworkMember
from nabij.people.selectors import Involvement, involvement, memberships_of
from nabij.plans.models import Action, Breakthrough, CoercionThreat, Goal, Plan, PlanChange


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
    actions = Action.objects.select_related("network_member", "professional__user").order_by(
        "position", "id"
    )
    return list(
        plan.goals.order_by("position", "id").prefetch_related(
            Prefetch("actions", queryset=actions)
        )
    )


def household_dossier(household: Household) -> Dossier:
    """Everything on the dossier page; the number of queries does not grow with its size."""
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
        goals=plan_goals(plan),
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
