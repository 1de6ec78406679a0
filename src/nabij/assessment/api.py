"""REST endpoints for instruments, assessments and the household's own priority.

Every endpoint with personal data asks the access gate first (channel ``api``), which logs the
access; refusals and validation errors become problem+json in ``nabij.config.api``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.gate import Actor
from nabij.assessment import selectors, services
from nabij.assessment.models import Assessment, Instrument, Priority, Score
from nabij.core.api_schema import InputSchema
from nabij.core.ids import Id, paginated
from nabij.core.problems import Problem

router = Router(tags=["assessment"])

ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


class DomainOut(Schema):
    code: str
    name: str
    position: int


class LevelOut(Schema):
    value: int
    label: str


class InstrumentOut(Schema):
    code: str
    name: str
    version: str
    is_default: bool
    domains: list[DomainOut]
    levels: list[LevelOut]

    @staticmethod
    def resolve_domains(obj: Instrument) -> list[object]:
        return list(obj.domains.all())

    @staticmethod
    def resolve_levels(obj: Instrument) -> list[object]:
        return list(obj.levels.all())


class ScoreIn(InputSchema):
    domain: str = Field(description="Domain code within the instrument, e.g. `financien`.")
    level: int = Field(description="A level value of the instrument, 1 (acute) to 5.")


class ScoreOut(Schema):
    domain: str
    domain_name: str
    level: int

    @staticmethod
    def resolve_domain(obj: Score) -> str:
        return obj.domain.code

    @staticmethod
    def resolve_domain_name(obj: Score) -> str:
        return obj.domain.name


class AssessmentIn(InputSchema):
    instrument: str = Field(description="Instrument code, e.g. `zrm-11`.")
    assessed_on: dt.date
    scores: list[ScoreIn] = Field(description="At least one scored domain.")
    note: str = ""


class AssessmentOut(Schema):
    id: int
    resident_id: int
    instrument: str
    assessed_on: dt.date
    note: str
    recorded_by: str
    created_at: dt.datetime
    scores: list[ScoreOut]

    @staticmethod
    def resolve_instrument(obj: Assessment) -> str:
        return obj.instrument.code

    @staticmethod
    def resolve_recorded_by(obj: Assessment) -> str:
        return obj.recorded_by.get_full_name() or obj.recorded_by.get_username()

    @staticmethod
    def resolve_scores(obj: Assessment) -> list[Score]:
        return list(obj.scores.all())


class PriorityIn(InputSchema):
    text: str = Field(
        description="The household's answer to “What matters most to you now?”, in their own words."
    )
    said_by: str = Field(description="Who said it: a name or a relation.")
    recorded_on: dt.date | None = Field(None, description="Defaults to today.")


class PriorityOut(Schema):
    id: int
    household_id: int
    text: str
    said_by: str
    recorded_on: dt.date
    recorded_by: str

    @staticmethod
    def resolve_recorded_by(obj: Priority) -> str:
        return obj.recorded_by.get_full_name() or obj.recorded_by.get_username()


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _scores_by_domain_id(instrument: Instrument, scores: list[ScoreIn]) -> dict[int, int | None]:
    """Translate domain codes to ids; unknown or repeated codes are input errors."""
    ids = {d.code: d.pk for d in instrument.domains.all()}
    result: dict[int, int | None] = {}
    errors = []
    for score in scores:
        domain_id = ids.get(score.domain)
        if domain_id is None:
            errors.append(f"Unknown domain '{score.domain}' for instrument '{instrument.code}'.")
        elif domain_id in result:
            errors.append(f"Domain '{score.domain}' is scored more than once.")
        else:
            result[domain_id] = score.level
    if errors:
        raise ValidationError({"scores": errors})
    return result


@router.get(
    "/instruments",
    response={200: list[InstrumentOut], 401: Problem},
    summary="Self-reliance instruments with their domains and levels",
)
def instrument_list(request: HttpRequest) -> list[Instrument]:
    return list(selectors.instruments())


@router.get(
    "/residents/{resident_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="A resident's assessments, newest first",
)
@paginated
def assessment_list(request: HttpRequest, resident_id: Id) -> object:
    resident, _household = gate.resident_for(
        _actor(request), resident_id, event=Event.ASSESSMENT_VIEW
    )
    return selectors.resident_assessments(resident=resident)


@router.post(
    "/residents/{resident_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    summary="Record an assessment",
)
def assessment_create(
    request: HttpRequest, resident_id: Id, payload: AssessmentIn
) -> Status[Assessment]:
    actor = _actor(request)
    resident, _household = gate.resident_for(actor, resident_id, event=Event.ASSESSMENT_CREATE)
    instrument = selectors.instrument_by_code(code=payload.instrument)
    if instrument is None:
        raise ValidationError({"instrument": [f"Unknown instrument '{payload.instrument}'."]})
    assessment = services.assessment_record(
        actor=actor,
        resident=resident,
        instrument=instrument,
        assessed_on=payload.assessed_on,
        scores=_scores_by_domain_id(instrument, payload.scores),
        note=payload.note,
    )
    return Status(201, selectors.resident_assessments(resident=resident).get(pk=assessment.pk))


@router.get(
    "/households/{household_id}/priorities",
    response={200: list[PriorityOut], **ERRORS},
    summary="What matters most to the household, newest first",
)
@paginated
def priority_list(request: HttpRequest, household_id: Id) -> object:
    household = gate.household_for(_actor(request), household_id, event=Event.PRIORITY_VIEW)
    return selectors.household_priorities(household=household)


@router.post(
    "/households/{household_id}/priorities",
    response={201: PriorityOut, **ERRORS},
    summary="Record what matters most to the household, in their own words",
)
def priority_create(
    request: HttpRequest, household_id: Id, payload: PriorityIn
) -> Status[Priority]:
    actor = _actor(request)
    household = gate.household_for(actor, household_id, event=Event.PRIORITY_CREATE)
    priority = services.priority_record(
        actor=actor,
        household=household,
        text=payload.text,
        said_by=payload.said_by,
        recorded_on=payload.recorded_on,
    )
    return Status(201, priority)
