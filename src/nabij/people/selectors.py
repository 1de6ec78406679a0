"""Reads for the caseload and the household dossier, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from nabij.access.models import AccessLogEntry, Assignment
from nabij.assessment.models import Priority
from nabij.people.models import Household, Membership, NetworkMember
from nabij.plans.models import Action, Breakthrough, CoercionThreat, Goal, Plan

MAX_ORGANISATIONS = 5


def memberships_of(household: Household) -> list[Membership]:
    """All memberships with their residents, read once: prefetched by the access gate, or now."""
    if "memberships" not in getattr(household, "_prefetched_objects_cache", {}):
        prefetch_related_objects(
            [household],
            Prefetch("memberships", queryset=Membership.objects.select_related("resident")),
        )
    return sorted(
        household.memberships.all(), key=lambda m: (m.ended_on is not None, m.started_on, m.pk)
    )


def caseload(households: QuerySet[Household]) -> QuerySet[Household]:
    """The caseload list: current members, coordinator and open threats in one page of queries."""
    today = timezone.localdate()
    return (
        households.select_related("neighbourhood", "address", "team", "plan")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(ended_on__isnull=True).select_related(
                    "resident"
                ),
                to_attr="current_memberships",
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(
                    ended_on__isnull=True, kind=Assignment.Kind.COORDINATOR
                ).select_related("professional__user"),
                to_attr="coordinators",
            ),
        )
        .annotate(
            open_threats=Count(
                "threats",
                filter=Q(threats__status=CoercionThreat.Status.OPEN, threats__deadline__gte=today),
                distinct=True,
            )
        )
        .order_by("name", "pk")
    )


@dataclass
class Involvement:
    """Who is involved, and the two fragmentation signals the dossier must show."""

    assignments: list[Assignment]
    professional_count: int
    organisation_count: int
    plan_owner_count: int
    organisations: list[str] = field(default_factory=list)

    @property
    def too_many_plan_owners(self) -> bool:
        return self.plan_owner_count > 1

    @property
    def too_many_organisations(self) -> bool:
        return self.organisation_count > MAX_ORGANISATIONS

    @property
    def fragmented(self) -> bool:
        return self.too_many_plan_owners or self.too_many_organisations


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


def involvement(assignments: list[Assignment]) -> Involvement:
    active = [a for a in assignments if a.ended_on is None]
    organisations = sorted({a.professional.organisation.name for a in active})
    plan_owners = {
        a.professional.organisation_id
        for a in active
        if a.kind == Assignment.Kind.COORDINATOR or a.has_own_plan
    }
    return Involvement(
        assignments=active,
        professional_count=len({a.professional_id for a in active}),
        organisation_count=len(organisations),
        plan_owner_count=len(plan_owners),
        organisations=organisations,
    )


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
        network=list(household.network.filter(ended_on__isnull=True)),
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


def resident_access_log(resident_id: int) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(resident_id=resident_id).order_by("-occurred_at", "-id")
