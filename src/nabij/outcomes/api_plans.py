"""Area plans (*gebiedsplan*) in the REST API, read only: a district's plans, and one plan with
its goals, their figures and progress, and its actions.

Aggregates without personal data: any professional's token reads them (``routes.AREA_READ``),
a refusal is logged. Plans are written on the pages, where the version check and the history
apply; the API reads them (writing through the API is not offered yet).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.core.problems import Problem
from nabij.outcomes import selectors_plans as selectors
from nabij.outcomes.models import AreaPlan, AreaPlanAction, AreaPlanGoal, IndicatorValue

if TYPE_CHECKING:
    from nabij.areas.models import District

router = Router(tags=["area plans"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}

Code = Path(..., min_length=1, max_length=20, examples=["WK008050"])
Year = Path(..., ge=2000, le=2100, examples=[2026])

PlanStatus = Literal["draft", "agreed"]
QuestionCode = Literal["school", "work", "finance", "safety"]


class AreaPlanSummaryOut(Schema):
    year: int = Field(examples=[2026])
    status: PlanStatus = Field(description="draft (concept) or agreed (vastgesteld)")
    version: int = Field(examples=[14])
    agreed_on: dt.date | None = Field(description="The date of the last agreement")
    changed_since_agreed: bool = Field(
        description="Agreed once and amended since: a draft again until it is agreed anew"
    )
    goals: int = Field(examples=[5])
    actions: int = Field(examples=[9])
    updated_at: dt.datetime


class AreaPlanIndicatorOut(Schema):
    code: str = Field(examples=["VoortijdigSchoolverlaters"])
    name: str = Field(examples=["Voortijdig schoolverlaters"])
    unit: str = Field(examples=["%"])
    decimals: int
    direction: Literal["higher_better", "lower_better", "neutral"]


class AreaPlanFigureOut(Schema):
    value: Decimal | None = Field(description="Null when CBS withholds it (quality secret)")
    period: int = Field(examples=[2024])
    quality: Literal["final", "provisional", "estimated", "secret", "synthetic"]
    synthetic: bool = Field(description="Made up for the demo; never real data")
    source: str = Field(examples=["CBS"])
    licence: str = Field(examples=["CC BY 4.0"])


class AreaPlanBaselineOut(Schema):
    value: Decimal = Field(examples=["2.8"])
    period: int = Field(examples=[2023])
    quality: str = Field(
        description="Quality of the figure it was taken from; empty when the team set it"
    )


class AreaPlanTargetOut(Schema):
    value: Decimal = Field(examples=["2.0"])
    year: int = Field(examples=[2030])


class AreaPlanProgressOut(Schema):
    state: Literal[
        "no_value",
        "withheld",
        "no_baseline",
        "not_newer",
        "reached",
        "toward",
        "unchanged",
        "away",
    ]
    toward_target: bool | None = Field(description="Null when it cannot be said")
    share: Decimal | None = Field(
        description="Part of the way from baseline to target done (1 = reached, below 0 = away)",
        examples=["0.25"],
    )


class AreaPlanActionOut(Schema):
    id: int
    goal_id: int | None = Field(description="Null: for the plan as a whole")
    description: str
    by: Literal["team", "partner", "initiative"]
    by_name: str = Field(description="The partner or initiative", examples=["Woonstichting Nabij"])
    owner: str
    due_on: dt.date | None
    status: Literal["planned", "in_progress", "done"]


class AreaPlanGoalOut(Schema):
    id: int
    position: int
    question: QuestionCode
    text: str = Field(examples=["Meer jongeren halen een diploma"])
    indicator: AreaPlanIndicatorOut
    baseline: AreaPlanBaselineOut | None
    target: AreaPlanTargetOut
    latest: AreaPlanFigureOut | None = Field(description="The district's newest current figure")
    progress: AreaPlanProgressOut


class AreaPlanOut(Schema):
    district_code: str = Field(examples=["WK008050"])
    district_name: str = Field(examples=["Heechterp & Schieringen"])
    year: int = Field(examples=[2026])
    status: PlanStatus
    version: int
    summary: str
    agreed_on: dt.date | None
    agreed_with: str = Field(examples=["Bewonersavond 12 maart, Woonstichting Nabij, school"])
    agreed_version: int | None
    changed_since_agreed: bool
    goals: list[AreaPlanGoalOut]
    actions: list[AreaPlanActionOut]


def _district(request: HttpRequest, code: str, event: Event) -> District:
    actor = gate.Actor.from_request(request, channel="api")
    return gate.district_for(
        actor, code, load=selectors.plan_district, event=event, rule=rules.reads_area
    )


@router.get(
    "/areas/{code}/plans",
    response={200: list[AreaPlanSummaryOut], **ERRORS},
    summary="A district's area plans, newest year first",
)
def area_plans(request: HttpRequest, code: str = Code) -> Status[list[AreaPlanSummaryOut]]:
    """Only districts (``WK…``) have area plans; any other code is a 404."""
    district = _district(request, code, Event.OUTCOMES_API_PLANS)
    return Status(
        200,
        [
            AreaPlanSummaryOut(
                year=p.year,
                status=p.status,  # type: ignore[arg-type]
                version=p.version,
                agreed_on=p.agreed_on,
                changed_since_agreed=p.changed_since_agreed,
                goals=p.goal_count,  # type: ignore[attr-defined]
                actions=p.action_count,  # type: ignore[attr-defined]
                updated_at=p.updated_at,
            )
            for p in selectors.district_plans(district)
        ],
    )


def _figure(value: IndicatorValue | None) -> AreaPlanFigureOut | None:
    if value is None:
        return None
    return AreaPlanFigureOut(
        value=value.value,
        period=value.period,
        quality=value.quality,  # type: ignore[arg-type]
        synthetic=value.quality == "synthetic",
        source=value.batch.source,
        licence=value.batch.licence,
    )


def _goal(row: selectors.GoalRow) -> AreaPlanGoalOut:
    goal: AreaPlanGoal = row.goal
    indicator = goal.indicator
    baseline = None
    if goal.baseline_value is not None and goal.baseline_period is not None:
        baseline = AreaPlanBaselineOut(
            value=goal.baseline_value, period=goal.baseline_period, quality=goal.baseline_quality
        )
    return AreaPlanGoalOut(
        id=goal.pk,
        position=goal.position,
        question=goal.question,  # type: ignore[arg-type]
        text=goal.text,
        indicator=AreaPlanIndicatorOut(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            decimals=indicator.decimals,
            direction=indicator.direction,  # type: ignore[arg-type]
        ),
        baseline=baseline,
        target=AreaPlanTargetOut(value=goal.target_value, year=goal.target_year),
        latest=_figure(row.progress.latest),
        progress=AreaPlanProgressOut(
            state=row.progress.state.value,  # type: ignore[arg-type]
            toward_target=row.progress.toward_target,
            share=row.progress.share,
        ),
    )


def _action(action: AreaPlanAction) -> AreaPlanActionOut:
    return AreaPlanActionOut(
        id=action.pk,
        goal_id=action.goal_id,
        description=action.description,
        by=action.by,  # type: ignore[arg-type]
        by_name=action.by_name,
        owner=action.owner,
        due_on=action.due_on,
        status=action.status,  # type: ignore[arg-type]
    )


@router.get(
    "/areas/{code}/plans/{year}",
    response={200: AreaPlanOut, **ERRORS},
    summary="A district's area plan of one year: goals, figures, progress and actions",
)
def area_plan(request: HttpRequest, code: str = Code, year: int = Year) -> Status[AreaPlanOut]:
    """Each goal with its indicator, baseline, target, the district's newest current figure
    (``synthetic`` marks a made-up demo figure) and the progress from baseline to target."""
    district = _district(request, code, Event.OUTCOMES_API_PLAN)
    plan: AreaPlan | None = selectors.plan_for(district, year)
    if plan is None:
        raise gate.NotFound
    page = selectors.plan_page(district, plan, history=0)
    return Status(
        200,
        AreaPlanOut(
            district_code=district.code,
            district_name=district.name,
            year=plan.year,
            status=plan.status,  # type: ignore[arg-type]
            version=plan.version,
            summary=plan.summary,
            agreed_on=plan.agreed_on,
            agreed_with=plan.agreed_with,
            agreed_version=plan.agreed_version,
            changed_since_agreed=plan.changed_since_agreed,
            goals=[_goal(row) for row in page.goals],
            actions=[_action(a) for a in page.actions],
        ),
    )
