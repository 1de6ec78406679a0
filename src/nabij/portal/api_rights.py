"""``/api/v1/me/...``: "Wie keek in ons dossier" and the rights under the AVG, for a future app.
The resident's own session, the same selectors, services and gate as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.selectors_residents import Cursor, log_page
from nabij.access.web import login_is_fresh
from nabij.core.api_schema import InputSchema
from nabij.core.problems import Problem, problem_response
from nabij.matching.selectors_residents import resident_profile
from nabij.portal import export, selectors, services
from nabij.portal.access_log import lines
from nabij.portal.api import ResidentSession
from nabij.portal.models import TEXT_MAX, CorrectionRequest

router = Router(tags=["me"], auth=ResidentSession())
ERRORS = {401: Problem, 403: Problem, 409: Problem, 422: Problem}


def _actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


def _own_and_children(actor: gate.Actor, event: Event) -> gate.OwnHousehold:
    own = gate.own_household_for(actor, event=event, subjects=[actor.resident_id])
    children = sorted(own.visible_resident_ids - {own.resident.pk})
    if children:
        gate.log(
            actor,
            event=event,
            outcome=Outcome.GRANTED,
            purpose=Purpose.OWN_DATA,
            resident_ids=children,
            household_id=own.household.pk,
        )
    return own


# --- Who looked at our file ---------------------------------------------------------------------


class LogLineOut(Schema):
    day: dt.date
    who: str
    is_you: bool
    organisation: str
    team: str
    role: str = Field(description="The actor's role, in words")
    role_code: str
    event: str = Field(description="The access-log event code")
    what: str = Field(description="What was done (or tried), completing a sentence after who")
    refused: bool
    purpose: str
    why: str
    on_behalf_of: str = Field(description="A third party's recorded request, when there was one")
    times: int = Field(description="How often, on that day")
    first_at: dt.datetime
    last_at: dt.datetime
    about: list[str] = Field(description="Whose data: 'you' or a child's first name")
    about_ids: list[int]


class LogPageOut(Schema):
    lines: list[LogLineOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for older lines; null when there are none"
    )


class LogQuery(Schema):
    cursor: str = Field("", max_length=20, description="From next_cursor of the previous page")
    others_only: bool = Field(False, description="Leave out what you did yourself")


@router.get("/me/access-log", response={200: LogPageOut, **ERRORS})
def access_log(request: HttpRequest, query: Query[LogQuery]) -> object:
    """Who looked at your data (and your children's under 16): grouped per day, actor and
    action, refusals included, newest first."""
    actor = _actor(request)
    own = _own_and_children(actor, Event.ME_ACCESS_LOG_VIEW)
    cursor = Cursor.parse(query.cursor) if query.cursor else None
    if query.cursor and cursor is None:
        return problem_response(
            request,
            status=422,
            title="Invalid input",
            detail="cursor: use next_cursor of the previous page.",
            errors=[{"field": "cursor", "message": "Use next_cursor of the previous page."}],
        )
    found = log_page(
        own.visible_resident_ids,
        cursor=cursor,
        exclude_user_id=actor.user.pk if query.others_only else None,
    )
    names = {m.resident_id: m.resident.first_name for m in own.current_members}
    return LogPageOut(
        lines=[
            LogLineOut(**vars(line))
            for line in lines(
                found, viewer_user_id=actor.account.pk, names=names, viewer_id=own.resident.pk
            )
        ],
        next_cursor=found.next.token if found.next is not None else None,
    )


# --- A copy of all data ---------------------------------------------------------------------------


@router.get(
    "/me/export",
    response={200: dict, **ERRORS},
    summary="All your data as JSON (AVG art. 15 and 20); needs a DigiD login of the last minutes",
)
def export_json(request: HttpRequest) -> object:
    actor = _actor(request)
    if actor.resident is not None and not login_is_fresh(request):
        gate.log(
            actor,
            event=Event.ME_EXPORT,
            outcome=Outcome.REFUSED,
            purpose=Purpose.OWN_DATA,
            resident_ids=[actor.resident_id],
            detail="login not fresh",
        )
        return problem_response(
            request,
            status=403,
            title="Log in again",
            detail="Log in again with DigiD to download your data; the login must be recent.",
        )
    own = _own_and_children(actor, Event.ME_EXPORT)
    built = export.build(own)
    response = StreamingHttpResponse(
        export.json_chunks(built, viewer_user_id=actor.account.pk),
        content_type="application/json; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Corrections -------------------------------------------------------------------------------


class CorrectionOut(Schema):
    id: int
    what_is_wrong: str
    should_be: str
    received_at: dt.datetime
    due_on: dt.date
    status: str
    answer: str
    answered_at: dt.datetime | None


class CorrectionIn(InputSchema):
    what_is_wrong: str = Field(..., min_length=1, max_length=TEXT_MAX)
    should_be: str = Field(..., min_length=1, max_length=TEXT_MAX)


def _correction(c: CorrectionRequest) -> CorrectionOut:
    return CorrectionOut(
        id=c.pk,
        what_is_wrong=c.what_is_wrong,
        should_be=c.should_be,
        received_at=c.received_at,
        due_on=c.due_on,
        status=c.status,
        answer=c.answer,
        answered_at=c.answered_at,
    )


@router.get("/me/corrections", response={200: list[CorrectionOut], **ERRORS})
def correction_list(request: HttpRequest) -> object:
    """Your requests to correct data, with the coordinator's answers."""
    actor = _actor(request)
    own = gate.own_household_for(
        actor, event=Event.ME_CORRECTION_LIST, subjects=[actor.resident_id]
    )
    return [_correction(c) for c in selectors.resident_corrections(own.resident.pk)]


@router.post("/me/corrections", response={201: CorrectionOut, **ERRORS})
def correction_create(request: HttpRequest, payload: CorrectionIn) -> object:
    """Ask to correct data (AVG art. 16); the coordinator answers within a calendar month."""
    actor = _actor(request)
    own = gate.own_household_for(
        actor, event=Event.ME_CORRECTION_CREATE, subjects=[actor.resident_id]
    )
    created = services.correction_request(
        own=own, what_is_wrong=payload.what_is_wrong, should_be=payload.should_be
    )
    return Status(201, _correction(created))


# --- The register and consent ------------------------------------------------------------------


class ProcessingOut(Schema):
    name: str
    purpose: str
    legal_basis: str
    law: str
    retention: str
    voluntary: bool
    consent: str = Field(description="The consent Nabij can withdraw, or empty")
    consent_given: bool | None = Field(
        description="For a voluntary processing: whether you gave consent (null otherwise)"
    )


@router.get("/me/processings", response={200: list[ProcessingOut], **ERRORS})
def processing_list(request: HttpRequest) -> object:
    """What the municipality does with personal data, why, and on which law; consent only
    where taking part is voluntary."""
    actor = _actor(request)
    own = gate.own_household_for(actor, event=Event.ME_RIGHTS_VIEW, subjects=[actor.resident_id])
    profile = resident_profile(own.resident.pk)
    return [
        ProcessingOut(
            name=p.name,
            purpose=p.purpose,
            legal_basis=p.legal_basis,
            law=p.law,
            retention=p.retention,
            voluntary=p.voluntary,
            consent=p.consent,
            consent_given=(profile is not None) if p.consent else None,
        )
        for p in selectors.processings()
    ]


class WithdrawnOut(Schema):
    consent: str
    withdrawn_at: dt.datetime


@router.post(
    "/me/consents/neighbourhood-help/withdraw",
    response={200: WithdrawnOut, **ERRORS},
)
def consent_withdraw(request: HttpRequest) -> object:
    """Stop with the neighbourhood help: live proposals stop, contact details are erased."""
    actor = _actor(request)
    own = gate.own_household_for(
        actor, event=Event.ME_CONSENT_WITHDRAW, subjects=[actor.resident_id]
    )
    if not services.neighbourhood_help_withdraw(actor=actor, own=own):
        return problem_response(  # a state, not a missing object: nothing to withdraw
            request,
            status=409,
            title="Conflict",
            detail="You have no consent to the neighbourhood help to withdraw.",
        )
    return WithdrawnOut(consent="neighbourhood_help", withdrawn_at=timezone.now())
