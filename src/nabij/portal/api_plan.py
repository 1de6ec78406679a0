"""``/api/v1/me/plan`` and ``/api/v1/me/priority``: Ons plan for a future app, on the resident's
own session, with the same services, the same gate and the same rules as the pages.

Every change names the plan ``version`` it was based on (409 when someone changed the plan in
the meantime). A goal, action or proposal id outside the own plan is a 404, logged as refused.
A comment carries no version: it changes nothing in the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event
from nabij.assessment import selectors as assessment_selectors
from nabij.assessment import services as assessment_services
from nabij.core.api_schema import InputSchema
from nabij.core.ids import BodyId, Id
from nabij.core.problems import Problem
from nabij.plans import selectors as plan_selectors
from nabij.plans import services as plan_services
from nabij.plans.api import CommentOut, WordingOut
from nabij.portal import own_items
from nabij.portal.api import ResidentSession
from nabij.portal.selectors_plan import own_plan

router = Router(tags=["me"], auth=ResidentSession())
ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
PRIORITY_HISTORY = 20


def actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


class MyActionOut(Schema):
    id: int
    description: str
    actor_kind: str = Field(description="household, network, volunteer or professional")
    who: str = Field(description="Who does it, by name; empty for the household itself")
    status: str
    due_on: dt.date | None
    requested_by_family: bool
    is_safety_condition: bool
    may_mark_done: bool = Field(description="An action of the household that is not done yet")
    comments: list[CommentOut]


class MyGoalOut(Schema):
    id: int
    position: int
    text: str
    author: str = Field(description="household (your own words), network or professional")
    in_own_words: bool = Field(description="Yours to reword; nobody else changes the words")
    status: str
    due_on: dt.date | None
    review_on: dt.date | None
    open_wording: WordingOut | None = Field(
        description="Other words proposed by a professional, waiting for your answer"
    )
    actions: list[MyActionOut]


class MyPriorityOut(Schema):
    id: int
    text: str
    said_by: str
    recorded_on: dt.date


class MyChangeOut(Schema):
    version: int
    changed_at: dt.datetime
    by: str
    by_household: bool
    event: str
    detail: str


class ScenarioEffectOut(Schema):
    title: str
    current_label: str
    alternative_label: str
    horizon_years: int
    price_year: int
    saving_cents: int = Field(
        description="What the other way costs less over the years (present value; negative: "
        "more), for the municipality and others together, computed from the team's scenario"
    )


class MyPlanOut(Schema):
    household_id: int
    kind: str
    version: int = Field(description="Send this with every change")
    signed_off: bool
    signed_off_by: str
    signed_off_at: dt.datetime | None
    signed_in_portal: bool
    priority: MyPriorityOut | None
    goals: list[MyGoalOut]
    history: list[MyChangeOut]
    cost_scenarios: list[ScenarioEffectOut]


class VersionIn(InputSchema):
    version: int = Field(ge=1, description="The plan version this change is based on")


class MyGoalIn(VersionIn):
    text: str = Field(min_length=1, max_length=1000, description="Your goal, in your own words")


class GoalOrderIn(VersionIn):
    goal_ids: list[BodyId] = Field(
        max_length=1000, description="Every goal of the plan once, most important first"
    )


class MyCommentIn(InputSchema):
    text: str = Field(min_length=1, max_length=1000)


class MyPriorityIn(InputSchema):
    text: str = Field(min_length=1, max_length=1000, description="What matters most to you now")


def _plan_out(own: gate.OwnHousehold) -> dict[str, Any]:
    data = own_plan(own)
    view = data.view
    plan = view.plan
    return {
        "household_id": own.household.pk,
        "kind": plan.kind,
        "version": plan.version,
        "signed_off": plan.is_signed_off,
        "signed_off_by": plan.signed_off_by,
        "signed_off_at": plan.signed_off_at,
        "signed_in_portal": plan.signed_in_portal,
        "priority": view.priority,
        "goals": [
            {
                "id": g.pk,
                "position": g.position,
                "text": g.text,
                "author": g.author,
                "in_own_words": g.in_household_words,
                "status": g.status,
                "due_on": g.due_on,
                "review_on": g.review_on,
                "open_wording": plan_selectors.open_wording(g),
                "actions": [
                    {
                        "id": a.pk,
                        "description": a.description,
                        "actor_kind": a.actor_kind,
                        "who": plan_selectors.action_who(a),
                        "status": a.status,
                        "due_on": a.due_on,
                        "requested_by_family": a.requested_by_family,
                        "is_safety_condition": a.is_safety_condition,
                        "may_mark_done": a.is_household_action and a.status in ("todo", "doing"),
                        "comments": list(a.comments.all()),
                    }
                    for a in g.actions.all()
                ],
            }
            for g in view.goals
        ],
        "history": [
            {
                "version": c.version,
                "changed_at": c.changed_at,
                "by": c.changed_by.get_full_name() or c.changed_by.get_username(),
                "by_household": c.by_household,
                "event": c.event,
                "detail": c.detail,
            }
            for c in view.history
        ],
        "cost_scenarios": [
            {
                "title": e.title,
                "current_label": e.current_label,
                "alternative_label": e.alternative_label,
                "horizon_years": e.horizon_years,
                "price_year": e.price_year,
                "saving_cents": e.saving_cents,
            }
            for e in data.effects
        ],
    }


@router.get("/me/plan", response={200: MyPlanOut, **ERRORS})
def me_plan(request: HttpRequest) -> object:
    """Your household's plan: goals in your order, who does what, proposals waiting for your
    answer, the signature, and what changed recently."""
    own = gate.own_household_for(actor(request), event=Event.ME_PLAN_VIEW)
    return Status(200, _plan_out(own))


@router.post("/me/plan/goals", response={201: MyPlanOut, **ERRORS})
def me_goal_add(request: HttpRequest, payload: MyGoalIn) -> object:
    """Add a goal in your own words, at the end (put it in order with ``goal-order``)."""
    act = actor(request)
    own = gate.own_household_for(act, event=Event.ME_PLAN_GOAL_CREATE)
    plan_services.goal_add(
        actor=act, household=own.household, expected_version=payload.version, text=payload.text
    )
    return Status(201, _plan_out(own))


@router.put("/me/plan/goals/{goal_id}", response={200: MyPlanOut, **ERRORS})
def me_goal_update(request: HttpRequest, goal_id: Id, payload: MyGoalIn) -> object:
    """Change the words of one of your own goals (422 for a goal you did not write)."""
    act = actor(request)
    own, goal = own_items.own_goal(act, goal_id, event=Event.ME_PLAN_GOAL_UPDATE)
    plan_services.goal_text_set(
        actor=act,
        household=own.household,
        expected_version=payload.version,
        goal_id=goal.pk,
        text=payload.text,
    )
    return Status(200, _plan_out(own))


@router.put("/me/plan/goal-order", response={200: MyPlanOut, **ERRORS})
def me_goal_order(request: HttpRequest, payload: GoalOrderIn) -> object:
    """Put the goals in your order: every goal id of the plan once, most important first."""
    act = actor(request)
    own = gate.own_household_for(act, event=Event.ME_PLAN_GOAL_MOVE)
    plan_services.goals_order(
        actor=act,
        household=own.household,
        expected_version=payload.version,
        goal_ids=list(payload.goal_ids),
    )
    return Status(200, _plan_out(own))


@router.post("/me/plan/actions/{action_id}/done", response={200: MyPlanOut, **ERRORS})
def me_action_done(request: HttpRequest, action_id: Id, payload: VersionIn) -> object:
    """Mark one of your own actions (who does it: the household) done."""
    act = actor(request)
    own, action = own_items.own_action(act, action_id, event=Event.ME_PLAN_ACTION_DONE)
    plan_services.action_done(
        actor=act, household=own.household, expected_version=payload.version, action_id=action.pk
    )
    return Status(200, _plan_out(own))


@router.post("/me/plan/actions/{action_id}/comments", response={201: MyPlanOut, **ERRORS})
def me_action_comment(request: HttpRequest, action_id: Id, payload: MyCommentIn) -> object:
    """Comment on any action of the plan; the district team reads it on its plan page."""
    act = actor(request)
    own, action = own_items.own_action(act, action_id, event=Event.ME_PLAN_ACTION_COMMENT)
    plan_services.action_comment_add(
        actor=act, household=own.household, action_id=action.pk, text=payload.text
    )
    return Status(201, _plan_out(own))


@router.post("/me/plan/sign", response={200: MyPlanOut, **ERRORS})
def me_plan_sign(request: HttpRequest, payload: VersionIn) -> object:
    """Sign the plan as it is (this ``version``) in your own name; a later change asks for a
    new signature."""
    act = actor(request)
    own = gate.own_household_for(act, event=Event.ME_PLAN_SIGN)
    plan_services.plan_sign(actor=act, household=own.household, expected_version=payload.version)
    return Status(200, _plan_out(own))


def _decide(request: HttpRequest, wording_id: int, version: int, *, accept: bool) -> object:
    act = actor(request)
    own, wording = own_items.own_wording(act, wording_id, event=Event.ME_PLAN_WORDING_DECIDE)
    plan_services.wording_decide(
        actor=act,
        household=own.household,
        expected_version=version,
        wording_id=wording.pk,
        accept=accept,
    )
    return Status(200, _plan_out(own))


@router.post("/me/plan/wordings/{wording_id}/accept", response={200: MyPlanOut, **ERRORS})
def me_wording_accept(request: HttpRequest, wording_id: Id, payload: VersionIn) -> object:
    """Use the proposed words for your goal; it stays your goal."""
    return _decide(request, wording_id, payload.version, accept=True)


@router.post("/me/plan/wordings/{wording_id}/decline", response={200: MyPlanOut, **ERRORS})
def me_wording_decline(request: HttpRequest, wording_id: Id, payload: VersionIn) -> object:
    """Keep your own words."""
    return _decide(request, wording_id, payload.version, accept=False)


@router.get("/me/priority", response={200: list[MyPriorityOut], **ERRORS})
def me_priority_list(request: HttpRequest) -> object:
    """Your household's answers to "What matters most to you now?", newest first."""
    own = gate.own_household_for(actor(request), event=Event.ME_PRIORITY_VIEW)
    rows = assessment_selectors.household_priorities(household=own.household)
    return Status(200, list(rows[:PRIORITY_HISTORY]))


@router.post("/me/priority", response={201: MyPriorityOut, **ERRORS})
def me_priority_create(request: HttpRequest, payload: MyPriorityIn) -> object:
    """Answer "What matters most to you now?" in your own name."""
    act = actor(request)
    own = gate.own_household_for(act, event=Event.ME_PRIORITY_CREATE)
    priority = assessment_services.priority_record(
        actor=act, household=own.household, text=payload.text, said_by=own.resident.full_name
    )
    return Status(201, priority)
