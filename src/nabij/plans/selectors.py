from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.access.models import Assignment
from nabij.assessment.models import Priority
from nabij.people.models import Household, Membership, NetworkMember
from nabij.people.selectors import Involvement, involvement, memberships_of
from nabij.plans.models import (
    Action,
    ActionComment,
    Breakthrough,
    BreakthroughUpdate,
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
        .select_related("household", "mandated_by__user", "rule_set_aside__owner")
        .order_by("-decided_on", "-id")
    )


class PlanState(models.IntegerChoices):
    """Where a household's plan stands, for the caseload; in this order, what asks for work
    first."""

    NO_GOALS = 1, _("No goals yet")
    NOT_SIGNED = 2, _("Not signed yet")
    CHANGED = 3, _("Changed since signed")
    SIGNED = 4, _("Signed")


# Goals still worked on: their review date is the plan's next evaluation.
OPEN_GOAL_STATUSES = (Goal.Status.OPEN, Goal.Status.IN_PROGRESS)


def with_plan_state(households: QuerySet[Household]) -> QuerySet[Household]:
    """Each household's ``plan_state`` (a ``PlanState``) and ``next_review``: the earliest
    review date of a goal still open (past dates included: an evaluation overdue). Subqueries,
    no query per row."""
    goals = Goal.objects.filter(plan__household=OuterRef("pk"))
    next_review = (
        goals.filter(status__in=OPEN_GOAL_STATUSES, review_on__isnull=False)
        .order_by("review_on")
        .values("review_on")[:1]
    )
    return households.annotate(
        next_review=Subquery(next_review, output_field=models.DateField()),
        plan_state=Case(
            When(~Exists(goals), then=Value(PlanState.NO_GOALS)),
            When(plan__signed_off_version=F("plan__version"), then=Value(PlanState.SIGNED)),
            When(plan__signed_off_version__isnull=False, then=Value(PlanState.CHANGED)),
            default=Value(PlanState.NOT_SIGNED),
            output_field=models.IntegerField(),
        ),
    )


@dataclass(frozen=True)
class CaseloadQuery:
    """What the caseload is filtered and sorted by (``plans.forms.CaseloadFilterForm``); empty
    values filter nothing."""

    district_id: int | None = None
    plan_state: int | None = None
    review: str = ""  # "overdue", "soon" (within REVIEW_SOON), "none"
    threats: bool = False
    sort: str = "name"


REVIEW_SOON = dt.timedelta(days=28)
# Sort keys as the page names them, each with its columns (nulls last, then name and id, so a
# page never shows a row twice across pages).
CASELOAD_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (F("name").asc(),),
    "-name": (F("name").desc(),),
    "district": (F("neighbourhood__district__name").asc(), F("neighbourhood__name").asc()),
    "-district": (F("neighbourhood__district__name").desc(), F("neighbourhood__name").desc()),
    "plan": (F("plan_state").asc(),),
    "-plan": (F("plan_state").desc(),),
    "review": (F("next_review").asc(nulls_last=True),),
    "-review": (F("next_review").desc(nulls_last=True),),
    "threats": (F("open_threats").desc(),),
    "-threats": (F("open_threats").asc(),),
}


def caseload_filtered(households: QuerySet[Household], query: CaseloadQuery) -> QuerySet[Household]:
    """The caseload (``people.selectors.caseload``) with its plan columns, filtered and sorted
    in the database: the same few queries for ten households or ten thousand."""
    today = timezone.localdate()
    # Q(...): the annotations' names are not fields the type checker knows.
    rows = with_plan_state(with_open_threats(households))
    if query.district_id is not None:
        rows = rows.filter(Q(neighbourhood__district_id=query.district_id))
    if query.plan_state is not None:
        rows = rows.filter(Q(plan_state=query.plan_state))
    if query.review == "overdue":
        rows = rows.filter(Q(next_review__lt=today))
    elif query.review == "soon":
        rows = rows.filter(Q(next_review__gte=today, next_review__lte=today + REVIEW_SOON))
    elif query.review == "none":
        rows = rows.filter(Q(next_review__isnull=True))
    if query.threats:
        rows = rows.filter(Q(open_threats__gt=0))
    order = CASELOAD_SORTS.get(query.sort, CASELOAD_SORTS["name"])
    return rows.order_by(*order, "name", "pk")


def with_open_threats(households: QuerySet[Household]) -> QuerySet[Household]:
    """The caseload's count of open coercion threats whose deadline has not passed."""
    today = timezone.localdate()
    # A subquery rather than a join and GROUP BY: the caseload filters and sorts on it.
    count = (
        CoercionThreat.objects.filter(
            household=OuterRef("pk"), status=CoercionThreat.Status.OPEN, deadline__gte=today
        )
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return households.annotate(open_threats=Coalesce(Subquery(count[:1]), 0))


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
            household.breakthroughs.select_related(
                "mandated_by__user", "rule_set_aside__owner"
            ).order_by("-decided_on")
        ),
        coordinator=coordinator,
        today=today,
    )


def breakthrough_of(household: Household, breakthrough_id: int) -> Breakthrough | None:
    return (
        Breakthrough.objects.select_related(
            "rule_set_aside__owner", "mandated_by__user", "closed_by"
        )
        .filter(pk=breakthrough_id, household=household)
        .first()
    )


def breakthrough_updates(breakthrough: Breakthrough) -> list[BreakthroughUpdate]:
    return list(breakthrough.updates.order_by("on_date", "pk"))


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
