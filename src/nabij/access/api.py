"""API of the register of third parties' requests for a household's data."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from nabij.access import gate, rules, selectors, services
from nabij.access.enums import Event
from nabij.access.models import LegalBasis, RecordedRequest
from nabij.core.api_schema import InputSchema
from nabij.core.ids import Id, paginated
from nabij.core.problems import Problem

router = Router(tags=["access"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


class RecordedRequestIn(InputSchema):
    requester: str = Field(min_length=1, max_length=150)
    legal_basis: LegalBasis
    reference: str = Field(min_length=1, max_length=100)
    received_on: dt.date
    valid_until: dt.date
    note: str = Field("", max_length=1000)


class RecordedRequestOut(Schema):
    id: int
    household_id: int
    requester: str
    legal_basis: str
    reference: str
    received_on: dt.date
    valid_until: dt.date
    note: str
    recorded_by: str

    @staticmethod
    def resolve_recorded_by(obj: RecordedRequest) -> str:
        return str(obj.recorded_by)


def _actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


@router.get(
    "/households/{household_id}/requests",
    response={200: list[RecordedRequestOut], **ERRORS},
    summary="Requests of third parties for this household's data",
)
@paginated
def request_list(request: HttpRequest, household_id: Id, **kwargs):
    """Calls made for one of these send its ``id`` in the ``X-On-Behalf-Of`` header."""
    household = gate.household_for(_actor(request), household_id, event=Event.REQUEST_LIST)
    return selectors.recorded_requests(household)


@router.post(
    "/households/{household_id}/requests",
    response={201: RecordedRequestOut, **ERRORS},
    summary="Record a third party's request, with its legal basis",
)
def request_create(request: HttpRequest, household_id: Id, payload: RecordedRequestIn):
    """The household's coordinator or the team coordinator records it."""
    actor = _actor(request)
    household = gate.household_for(
        actor, household_id, event=Event.REQUEST_CREATE, also=rules.can_record_request
    )
    recorded = services.recorded_request_create(
        recorded_by=actor.professional,  # type: ignore[arg-type]
        household=household,
        **payload.dict(),
    )
    return Status(201, recorded)
