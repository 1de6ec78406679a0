"""Reads of area plans: a district's plans, one plan with its goals, actions, progress and
history, in a constant number of queries whatever the plan's size.

Progress is computed when it is read, from the newest current figure of the goal's indicator for
the district: a figure imported next year shows at once, and a replaced figure (a re-import)
is never used.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from nabij.areas.models import District
from nabij.outcomes.models import (
    AreaLevel,
    AreaPlan,
    AreaPlanAction,
    AreaPlanChange,
    AreaPlanGoal,
    Direction,
    Indicator,
    IndicatorValue,
    Quality,
    Question,
    area_level_of,
)
from nabij.outcomes.models_plans import GOAL_QUESTIONS

# --- Areas and plans ----------------------------------------------------------------------------


def plan_district(code: str) -> District | None:
    """The district of a CBS district code (``WKxxxxxx``); only districts have area plans, so
    a neighbourhood's or municipality's code is ``None`` as an unknown one is."""
    if area_level_of(code) != AreaLevel.DISTRICT:
        return None
    return District.objects.select_related("municipality").filter(code=code).first()


def district_plans(district: District) -> list[AreaPlan]:
    """The district's plans, newest year first, each with ``goal_count`` and ``action_count``."""
    return list(
        AreaPlan.objects.filter(district=district)
        .annotate(
            goal_count=Count("goals", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("-year")
    )


def plan_for(district: District, year: int) -> AreaPlan | None:
    return (
        AreaPlan.objects.select_related("agreed_by", "created_by", "updated_by")
        .filter(district=district, year=year)
        .first()
    )


def goal_of(plan: AreaPlan, goal_id: int) -> AreaPlanGoal | None:
    return plan.goals.select_related("indicator").filter(pk=goal_id).first()


def action_of(plan: AreaPlan, action_id: int) -> AreaPlanAction | None:
    return plan.actions.filter(pk=action_id).first()


def goal_indicators() -> list[Indicator]:
    """The indicators a goal can be measured by: those that answer one of the four questions."""
    return list(
        Indicator.objects.exclude(question=Question.CONTEXT).order_by(
            "question", "position", "code"
        )
    )


# --- Figures ------------------------------------------------------------------------------------


def latest_values(indicator_ids: set[int], area_code: str) -> dict[int, IndicatorValue]:
    """Per indicator, the newest current figure for the area (one query for all of them).

    A secret figure (CBS withholds it; no value) counts as the newest: progress then says so
    rather than silently falling back to an older year.
    """
    if not indicator_ids:
        return {}
    current = IndicatorValue.objects.filter(area_code=area_code, current=True)
    newest = (
        current.filter(indicator_id=OuterRef("indicator_id"))
        .order_by("-period")
        .values("period")[:1]
    )
    rows = current.filter(indicator_id__in=indicator_ids, period=Subquery(newest)).select_related(
        "batch"
    )
    return {row.indicator_id: row for row in rows}


def baseline_options(area_code: str) -> dict[int, IndicatorValue]:
    """The newest current figure of every goal indicator for the area: what a new goal's
    baseline is filled from when its indicator is chosen."""
    ids = set(Indicator.objects.exclude(question=Question.CONTEXT).values_list("pk", flat=True))
    return latest_values(ids, area_code)


# --- Progress -----------------------------------------------------------------------------------


class ProgressState(StrEnum):
    NO_VALUE = "no_value"  # no figure for the district yet
    WITHHELD = "withheld"  # the newest figure is secret: CBS withholds it
    NO_BASELINE = "no_baseline"  # a figure, but no baseline to measure from
    NOT_NEWER = "not_newer"  # the newest figure is not newer than the baseline
    REACHED = "reached"  # at or past the target
    TOWARD = "toward"  # on the way to the target
    UNCHANGED = "unchanged"  # the same as at the baseline
    AWAY = "away"  # moving away from the target


@dataclass(frozen=True)
class Progress:
    state: ProgressState
    latest: IndicatorValue | None = None
    # Part of the way from baseline to target that is done (1 = reached; negative = away).
    share: Decimal | None = None

    @property
    def share_percent(self) -> int | None:
        """The share as a whole percentage, kept between 0 and 100 for a bar."""
        if self.share is None:
            return None
        return int(max(Decimal(0), min(Decimal(1), self.share)) * 100)

    @property
    def toward_target(self) -> bool | None:
        """Whether the newest figure moved toward the target; ``None`` if it cannot be said."""
        if self.state in (ProgressState.REACHED, ProgressState.TOWARD):
            return True
        if self.state in (ProgressState.AWAY, ProgressState.UNCHANGED):
            return False
        return None

    @property
    def synthetic(self) -> bool:
        return self.latest is not None and self.latest.quality == Quality.SYNTHETIC


def better_sign(direction: str) -> int:
    """+1 when higher is better for the indicator, -1 when lower is, 0 when neither."""
    if direction == Direction.HIGHER_BETTER:
        return 1
    if direction == Direction.LOWER_BETTER:
        return -1
    return 0


def progress(goal: AreaPlanGoal, latest: IndicatorValue | None) -> Progress:
    """How far the district has come from the goal's baseline to its target."""
    if latest is None:
        return Progress(ProgressState.NO_VALUE)
    if latest.value is None:
        return Progress(ProgressState.WITHHELD, latest)
    baseline, target = goal.baseline_value, goal.target_value
    if baseline is None or goal.baseline_period is None:
        return Progress(ProgressState.NO_BASELINE, latest)
    if latest.period <= goal.baseline_period:
        return Progress(ProgressState.NOT_NEWER, latest)
    moved = latest.value - baseline
    needed = target - baseline
    if needed == 0:  # keep the level: reached while not worse (neutral: while the same)
        sign = better_sign(goal.indicator.direction)
        reached = moved == 0 if sign == 0 else moved * sign >= 0
        state = ProgressState.REACHED if reached else ProgressState.AWAY
        return Progress(state, latest, Decimal(1) if reached else Decimal(0))
    # The service keeps a target on the indicator's better side of the baseline, so the way
    # to the target is the way the indicator's direction calls better.
    share = moved / needed
    if share >= 1:
        state = ProgressState.REACHED
    elif share > 0:
        state = ProgressState.TOWARD
    elif moved == 0:
        state = ProgressState.UNCHANGED
    else:
        state = ProgressState.AWAY
    return Progress(state, latest, share.quantize(Decimal("0.0001")))


# --- One plan, for its page and the API ---------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    goal: AreaPlanGoal
    progress: Progress
    actions: list[AreaPlanAction]


@dataclass(frozen=True)
class QuestionGroup:
    question: str
    label: str
    goals: list[GoalRow]


@dataclass(frozen=True)
class PlanPage:
    district: District
    plan: AreaPlan
    groups: list[QuestionGroup]  # the four questions, in order, each with its goals
    goals: list[GoalRow]  # all goals in plan order
    loose_actions: list[AreaPlanAction]  # actions for the plan as a whole
    actions: list[AreaPlanAction]
    history: list[AreaPlanChange]

    @property
    def goals_without_baseline(self) -> int:
        return sum(1 for row in self.goals if row.goal.baseline_value is None)


def plan_page(district: District, plan: AreaPlan, *, history: int | None = 20) -> PlanPage:
    """Everything the plan's page and the API show, in five queries whatever its size."""
    goals = list(plan.goals.select_related("indicator").order_by("position", "id"))  # 1
    actions = list(plan.actions.order_by("position", "id"))  # 2
    latest = latest_values({g.indicator_id for g in goals}, district.code)  # 3 (+ batches)
    by_goal: dict[int | None, list[AreaPlanAction]] = {}
    for action in actions:
        by_goal.setdefault(action.goal_id, []).append(action)
    rows = [
        GoalRow(goal, progress(goal, latest.get(goal.indicator_id)), by_goal.get(goal.pk, []))
        for goal in goals
    ]
    groups = [
        QuestionGroup(value, str(label), [r for r in rows if r.goal.question == value])
        for value, label in GOAL_QUESTIONS
    ]
    changes = plan_history(plan)  # 4
    return PlanPage(
        district=district,
        plan=plan,
        groups=groups,
        goals=rows,
        loose_actions=by_goal.get(None, []),
        actions=actions,
        history=list(changes[:history] if history is not None else changes),
    )


def plan_history(plan: AreaPlan) -> QuerySet[AreaPlanChange]:
    """Newest first, without the snapshots (the whole plan each: read one where it is needed)."""
    return plan.changes.select_related("changed_by").defer("snapshot").order_by("-version")


def goals_with_actions(plan: AreaPlan) -> list[AreaPlanGoal]:
    """The goals in order with their actions prefetched (for snapshots)."""
    return list(
        plan.goals.select_related("indicator")
        .prefetch_related(Prefetch("actions", queryset=AreaPlanAction.objects.order_by("position")))
        .order_by("position", "id")
    )
