"""``/api/v1/me/…``: Mijn Nabij for a future app, on the resident's own DigiD session (with
Django's CSRF check on writes), the same services and the same gate as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import SessionAuth

from nabij.access import gate
from nabij.access.enums import Event
from nabij.core.problems import Problem


class ResidentSession(SessionAuth):
    """The session cookie (a token is never taken here): the gate then admits a resident only,
    and logs a professional's attempt as refused (403)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return super().authenticate(request, key)


router = Router(tags=["me"], auth=ResidentSession())
ERRORS = {401: Problem, 403: Problem, 409: Problem, 422: Problem}


def actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


class MeOut(Schema):
    resident_id: int
    first_name: str
    household_id: int
    household_name: str


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> object:
    """Who is signed in, and their household."""
    own = gate.own_household_for(actor(request), event=Event.ME_HOME)
    return MeOut(
        resident_id=own.resident.pk,
        first_name=own.resident.first_name,
        household_id=own.household.pk,
        household_name=own.household.name,
    )
