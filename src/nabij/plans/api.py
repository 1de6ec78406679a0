"""API for the plan (with version check), coercion threats, breakthroughs and assignments."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from nabij.access import gate, rules
from nabij.access import selectors as access_selectors
from nabij.access import services as access_services
from nabij.access.enums import AssignmentKind, Event
from nabij.core.api_schema import InputSchema
from nabij.core.errors import DomainError
from nabij.core.ids import MAX_OFFSET, BodyId, Id, paginated
from nabij.core.problems import Problem
from nabij.plans import selectors, services
from nabij.plans.models import Action, Breakthrough, CoercionThreat, Goal, Plan

if TYPE_CHECKING:
    from nabij.access.models import Assignment

router = Router(tags=["plans"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


def actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


class CommentOut(Schema):
    id: int
    author_name: str
    by_household: bool
    text: str
    created_at: dt.datetime


class WordingOut(Schema):
    id: int
    text: str = Field(description="The words proposed")
    text_before: str = Field(description="The goal's words when it was proposed")
    status: str
    proposed_at: dt.datetime
    decided_at: dt.datetime | None


class ActionOut(Schema):
    id: int
    position: int
    description: str
    actor_kind: str
    network_member_id: int | None
    professional_id: int | None
    actor_name: str
    status: str
    due_on: dt.date | None
    requested_by_family: bool
    is_safety_condition: bool
    comments: list[CommentOut]


class GoalOut(Schema):
    id: int
    position: int
    text: str
    author: str = Field(
        description="Who wrote the goal, set by the server: household (in Mijn Nabij), "
        "network or professional. A goal of the household changes only by the household."
    )
    status: str
    due_on: dt.date | None
    review_on: dt.date | None
    open_wording: WordingOut | None = Field(
        description="Other words a professional proposed, waiting for the household's answer"
    )
    actions: list[ActionOut]


class PlanOut(Schema):
    household_id: int
    kind: str
    version: int
    signed_off: bool
    signed_off_by: str
    signed_off_at: dt.datetime | None
    signed_in_portal: bool = Field(
        description="Signed by a member of the household in Mijn Nabij (not recorded for them)"
    )
    priority: str | None = Field(description="What matters most now, in the household's words")
    goals: list[GoalOut]


class Versioned(InputSchema):
    version: int = Field(ge=1, description="The plan version this change is based on")


class GoalIn(Versioned):
    text: str = Field(min_length=1, max_length=1000)
    author: Literal["professional", "network"] = Field(
        "professional",
        description="Your own goal, or recorded as the network's. A goal in the household's "
        "own words is added by the household in Mijn Nabij.",
    )
    due_on: dt.date | None = None
    review_on: dt.date | None = None


class GoalUpdateIn(Versioned):
    text: str | None = Field(
        None,
        min_length=1,
        max_length=1000,
        description="New words (leave out to keep them). Refused (422) for a goal in the "
        "household's words, and for any goal of a family group plan: propose words instead.",
    )
    status: Goal.Status
    due_on: dt.date | None = None
    review_on: dt.date | None = None


class GoalMoveIn(Versioned):
    position: int = Field(ge=1, le=1000)


class WordingIn(Versioned):
    text: str = Field(min_length=1, max_length=1000, description="The words you propose")


class CommentIn(InputSchema):
    text: str = Field(min_length=1, max_length=1000)


class ActionIn(Versioned):
    description: str = Field(min_length=1, max_length=1000)
    actor_kind: Action.ActorKind
    network_member_id: BodyId | None = None
    professional_id: BodyId | None = None
    actor_name: str = Field("", max_length=150)
    due_on: dt.date | None = None
    requested_by_family: bool = False
    is_safety_condition: bool = False


class ActionStatusIn(Versioned):
    status: Action.Status


class PlanKindIn(Versioned):
    kind: Plan.Kind


class SignOffIn(Versioned):
    signed_off_by: str = Field(min_length=1, max_length=150)


class ThreatIn(InputSchema):
    kind: CoercionThreat.Kind
    deadline: dt.date
    description: str = Field("", max_length=2000)


class ThreatOut(Schema):
    id: int
    kind: str
    deadline: dt.date
    description: str
    status: str


class ThreatStatusIn(InputSchema):
    status: CoercionThreat.Status


class BreakthroughIn(InputSchema):
    blocked: str = Field(min_length=1, max_length=2000)
    # The rule set aside: its id in the rules register (``rule_set_aside_id``, a rule in
    # force), or, for clients of before the register, the rule in words.
    rule_set_aside_id: BodyId | None = None
    rule: str = Field("", max_length=300)
    decision: str = Field(min_length=1, max_length=2000)
    decided_on: dt.date
    cost_cents: int = Field(0, ge=0, le=100_000_000_00)
    outcome: Breakthrough.Outcome = Breakthrough.Outcome.PENDING
    outcome_note: str = Field("", max_length=2000)


class BreakthroughOut(Schema):
    id: int
    household_id: int
    blocked: str
    rule: str
    rule_set_aside_id: int | None
    state: str
    closed_on: dt.date | None
    real_cost_cents: int | None
    saving_cents: int | None
    goal_held: str
    version: int
    decision: str
    mandated_by_id: int | None
    mandated_by: str | None
    mandated_at: dt.datetime | None
    decided_on: dt.date
    cost_cents: int
    outcome: str
    outcome_note: str

    @staticmethod
    def resolve_mandated_by(obj: Breakthrough) -> str | None:
        return str(obj.mandated_by) if obj.mandated_by_id else None


class AssignmentIn(InputSchema):
    professional_id: BodyId
    kind: AssignmentKind
    has_own_plan: bool = False


class AssignmentOut(Schema):
    id: int
    professional_id: int
    professional: str
    organisation: str
    kind: str
    has_own_plan: bool
    started_on: dt.date
    ended_on: dt.date | None

    @staticmethod
    def resolve_professional(obj: Assignment) -> str:
        return str(obj.professional)

    @staticmethod
    def resolve_organisation(obj: Assignment) -> str:
        return obj.professional.organisation.name


def _plan_out(household) -> dict:
    dossier = selectors.household_dossier(household)
    plan = dossier.plan
    return {
        "household_id": household.pk,
        "kind": plan.kind,
        "version": plan.version,
        "signed_off": plan.is_signed_off,
        "signed_off_by": plan.signed_off_by,
        "signed_off_at": plan.signed_off_at,
        "signed_in_portal": plan.signed_in_portal,
        "priority": dossier.priority.text if dossier.priority else None,
        "goals": [
            {
                "id": g.pk,
                "position": g.position,
                "text": g.text,
                "author": g.author,
                "status": g.status,
                "due_on": g.due_on,
                "review_on": g.review_on,
                "open_wording": selectors.open_wording(g),
                "actions": list(g.actions.all()),
            }
            for g in dossier.goals
        ],
    }


@router.get("/households/{household_id}/plan", response={200: PlanOut, **ERRORS})
def plan_detail(request: HttpRequest, household_id: Id):
    household = gate.household_for(actor(request), household_id, event=Event.PLAN_VIEW)
    return Status(200, _plan_out(household))


@router.post("/households/{household_id}/plan/goals", response={201: PlanOut, **ERRORS})
def goal_add(request: HttpRequest, household_id: Id, payload: GoalIn):
    """Append a goal. 409 when ``version`` is not the plan's current version."""
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_GOAL_CREATE)
    services.goal_add(
        actor=act,
        household=household,
        expected_version=payload.version,
        text=payload.text,
        author=payload.author,
        due_on=payload.due_on,
        review_on=payload.review_on,
    )
    return Status(201, _plan_out(household))


@router.put("/households/{household_id}/plan/goals/{goal_id}", response={200: PlanOut, **ERRORS})
def goal_update(request: HttpRequest, household_id: Id, goal_id: Id, payload: GoalUpdateIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_GOAL_UPDATE)
    services.goal_update(
        actor=act,
        household=household,
        expected_version=payload.version,
        goal_id=goal_id,
        text=payload.text,
        status=payload.status,
        due_on=payload.due_on,
        review_on=payload.review_on,
    )
    return Status(200, _plan_out(household))


@router.post(
    "/households/{household_id}/plan/goals/{goal_id}/wordings", response={201: PlanOut, **ERRORS}
)
def goal_wording_propose(request: HttpRequest, household_id: Id, goal_id: Id, payload: WordingIn):
    """Propose other words for a goal in the household's words. The goal keeps its words until
    the household accepts; 422 for a goal not in the household's words, in a family group plan,
    or while another proposal for the goal waits for an answer."""
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_WORDING_PROPOSE)
    services.wording_propose(
        actor=act,
        household=household,
        expected_version=payload.version,
        goal_id=goal_id,
        text=payload.text,
    )
    return Status(201, _plan_out(household))


@router.post(
    "/households/{household_id}/plan/actions/{action_id}/comments",
    response={201: PlanOut, **ERRORS},
)
def action_comment_add(request: HttpRequest, household_id: Id, action_id: Id, payload: CommentIn):
    """Comment on an action; the household reads it in Mijn Nabij. No version: a comment
    changes nothing in the plan."""
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_ACTION_COMMENT)
    services.action_comment_add(
        actor=act, household=household, action_id=action_id, text=payload.text
    )
    return Status(201, _plan_out(household))


@router.post(
    "/households/{household_id}/plan/goals/{goal_id}/move", response={200: PlanOut, **ERRORS}
)
def goal_move(request: HttpRequest, household_id: Id, goal_id: Id, payload: GoalMoveIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_GOAL_MOVE)
    services.goal_move(
        actor=act,
        household=household,
        expected_version=payload.version,
        goal_id=goal_id,
        to_position=payload.position,
    )
    return Status(200, _plan_out(household))


@router.post(
    "/households/{household_id}/plan/goals/{goal_id}/actions", response={201: PlanOut, **ERRORS}
)
def action_add(request: HttpRequest, household_id: Id, goal_id: Id, payload: ActionIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_ACTION_CREATE)
    services.action_add(
        actor=act,
        household=household,
        goal_id=goal_id,
        expected_version=payload.version,
        **payload.dict(exclude={"version"}),
    )
    return Status(201, _plan_out(household))


@router.put(
    "/households/{household_id}/plan/actions/{action_id}/status", response={200: PlanOut, **ERRORS}
)
def action_status(request: HttpRequest, household_id: Id, action_id: Id, payload: ActionStatusIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_ACTION_UPDATE)
    services.action_set_status(
        actor=act,
        household=household,
        expected_version=payload.version,
        action_id=action_id,
        status=payload.status,
    )
    return Status(200, _plan_out(household))


@router.put("/households/{household_id}/plan/kind", response={200: PlanOut, **ERRORS})
def plan_kind(request: HttpRequest, household_id: Id, payload: PlanKindIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_KIND)
    services.plan_set_kind(
        actor=act, household=household, expected_version=payload.version, kind=payload.kind
    )
    return Status(200, _plan_out(household))


@router.post("/households/{household_id}/plan/sign-off", response={200: PlanOut, **ERRORS})
def plan_sign_off(request: HttpRequest, household_id: Id, payload: SignOffIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.PLAN_SIGN_OFF)
    services.plan_sign_off(
        actor=act,
        household=household,
        expected_version=payload.version,
        signed_off_by=payload.signed_off_by,
    )
    return Status(200, _plan_out(household))


@router.get("/households/{household_id}/threats", response={200: list[ThreatOut], **ERRORS})
@paginated
def threat_list(request: HttpRequest, household_id: Id, **kwargs):
    household = gate.household_for(actor(request), household_id, event=Event.THREAT_VIEW)
    return household.threats.order_by("deadline", "id")


@router.post("/households/{household_id}/threats", response={201: ThreatOut, **ERRORS})
def threat_add(request: HttpRequest, household_id: Id, payload: ThreatIn):
    household = gate.household_for(actor(request), household_id, event=Event.THREAT_CREATE)
    return Status(201, services.threat_record(household=household, **payload.dict()))


@router.put(
    "/households/{household_id}/threats/{threat_id}/status", response={200: ThreatOut, **ERRORS}
)
def threat_status(request: HttpRequest, household_id: Id, threat_id: Id, payload: ThreatStatusIn):
    household = gate.household_for(actor(request), household_id, event=Event.THREAT_UPDATE)
    threat = services.threat_set_status(
        household=household, threat_id=threat_id, status=payload.status
    )
    return Status(200, threat)


class BreakthroughPage(Schema):
    items: list[BreakthroughOut]
    count: int


@router.get("/breakthroughs", response={200: BreakthroughPage, **ERRORS})
def breakthrough_list(
    request: HttpRequest,
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """The register: breakthroughs in the households the caller may work on; the members of
    each household on the page are written to the access log."""
    act = actor(request)
    rows = selectors.breakthroughs(gate.caseload_for(act))
    page = list(rows[offset : offset + limit])
    gate.log_listed(
        act, {b.household_id: b.household for b in page}.values(), event=Event.BREAKTHROUGH_LIST
    )
    return Status(200, {"items": page, "count": rows.count()})


@router.post("/households/{household_id}/breakthroughs", response={201: BreakthroughOut, **ERRORS})
def breakthrough_create(request: HttpRequest, household_id: Id, payload: BreakthroughIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.BREAKTHROUGH_CREATE)
    breakthrough = services.breakthrough_record(actor=act, household=household, **payload.dict())
    return Status(201, breakthrough)


@router.post(
    "/households/{household_id}/breakthroughs/{breakthrough_id}/mandate",
    response={200: BreakthroughOut, **ERRORS},
)
def breakthrough_mandate(request: HttpRequest, household_id: Id, breakthrough_id: Id):
    """The team coordinator of the household's team gives the mandate; it is recorded as theirs."""
    act = actor(request)
    household = gate.household_for(
        act, household_id, event=Event.BREAKTHROUGH_MANDATE, also=rules.can_manage_team
    )
    breakthrough = services.breakthrough_mandate(
        actor=act, household=household, breakthrough_id=breakthrough_id
    )
    return Status(200, breakthrough)


@router.get("/households/{household_id}/assignments", response={200: list[AssignmentOut], **ERRORS})
@paginated
def assignment_list(request: HttpRequest, household_id: Id, **kwargs):
    household = gate.household_for(actor(request), household_id, event=Event.ASSIGNMENT_VIEW)
    return household.assignments.select_related(
        "professional__user", "professional__organisation"
    ).order_by("kind", "started_on", "id")


@router.post("/households/{household_id}/assignments", response={201: AssignmentOut, **ERRORS})
def assignment_add(request: HttpRequest, household_id: Id, payload: AssignmentIn):
    """Team coordinators assign professionals to their own team's households."""
    act = actor(request)
    household = gate.household_for(
        act, household_id, event=Event.ASSIGNMENT_CREATE, also=rules.can_manage_team
    )
    professional = access_selectors.professional(payload.professional_id)
    if professional is None or not rules.has_case_role(professional):
        raise DomainError("Choose a district-team professional.", field="professional_id")
    assignment = access_services.assignment_start(
        household_id=household.pk,
        professional=professional,
        kind=payload.kind,
        has_own_plan=payload.has_own_plan,
    )
    return Status(201, assignment)
