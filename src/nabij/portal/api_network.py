"""``/api/v1/me/network``: "Ons netwerk" for a future app, on the resident's session, with the
same services, selectors and gate as the pages (``portal.views_network``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event
from nabij.core.api_schema import InputSchema
from nabij.core.ids import Id
from nabij.core.validators import PlainText
from nabij.people import selectors as people_selectors
from nabij.people import services as people_services
from nabij.people.models import NetworkMember
from nabij.portal.api import ERRORS, ResidentSession, actor
from nabij.portal.views_network import subjects_of

router = Router(tags=["me"], auth=ResidentSession())


class MeNetworkOut(Schema):
    id: int
    name: str
    relation: str
    relation_detail: str
    can_do: str
    wants_to_do: str
    household_view: str
    private: bool = Field(description="Kept for the signed-in member alone (alleen voor mij)")
    added_on: dt.date
    ended_on: dt.date | None
    version: int


class MeNetworkIn(InputSchema):
    name: PlainText = Field(min_length=1, max_length=150)
    relation: NetworkMember.Relation
    relation_detail: PlainText = Field("", max_length=150)
    can_do: str = Field("", max_length=1000)
    wants_to_do: str = Field("", max_length=1000)
    household_view: str = Field("", max_length=1000)


class MeNetworkCreateIn(MeNetworkIn):
    private: bool = Field(
        False, description="Only for me: other members never see it (cannot be set later)"
    )


class MeNetworkUpdateIn(MeNetworkIn):
    version: int = Field(ge=1, description="The version this change is based on (409 if stale)")
    share: bool = Field(False, description="Share an entry kept private with the household")


class MeVersionIn(InputSchema):
    version: int = Field(ge=1, description="The version this change is based on (409 if stale)")


def _out(member: NetworkMember) -> MeNetworkOut:
    return MeNetworkOut(
        id=member.pk,
        name=member.name,
        relation=member.relation,
        relation_detail=member.relation_detail,
        can_do=member.can_do,
        wants_to_do=member.wants_to_do,
        household_view=member.household_view,
        private=member.private_to_id is not None,
        added_on=member.added_on,
        ended_on=member.ended_on,
        version=member.version,
    )


def _own_member(
    request: HttpRequest, member_id: int, event: Event
) -> tuple[gate.OwnHousehold, NetworkMember]:
    return gate.own_item_for(
        actor(request),
        event=event,
        load=lambda own: people_selectors.network_member_visible_to(
            own.household.pk, own.resident.pk, member_id
        ),
        subjects=subjects_of,
        item=f"network member {member_id}",
    )


@router.get("/me/network", response={200: list[MeNetworkOut], **ERRORS})
def network_list(request: HttpRequest) -> object:
    """The household's network as the signed-in member sees it (current entries first):
    shared entries and their own private ones. A resource, never a condition for support."""
    own = gate.own_household_for(actor(request), event=Event.ME_NETWORK_VIEW)
    return [_out(m) for m in people_selectors.network_visible_to(own.household.pk, own.resident.pk)]


@router.post("/me/network", response={201: MeNetworkOut, **ERRORS})
def network_add(request: HttpRequest, payload: MeNetworkCreateIn) -> object:
    act = actor(request)
    own = gate.own_household_for(
        act, event=Event.ME_NETWORK_CREATE, subjects=[act.resident_id] if payload.private else None
    )
    data = payload.dict()
    private = data.pop("private")
    member = people_services.network_member_add(
        household=own.household, private_to=own.resident if private else None, **data
    )
    return Status(201, _out(member))


@router.put("/me/network/{member_id}", response={200: MeNetworkOut, **ERRORS})
def network_update(request: HttpRequest, member_id: Id, payload: MeNetworkUpdateIn) -> object:
    """Change an entry from the version it was based on; a stale version is refused (409)."""
    own, member = _own_member(request, member_id, Event.ME_NETWORK_UPDATE)
    data = payload.dict()
    updated = people_services.network_member_update(
        household=own.household,
        member_id=member.pk,
        expected_version=data.pop("version"),
        share=data.pop("share"),
        **data,
    )
    return Status(200, _out(updated))


@router.post("/me/network/{member_id}/end", response={200: MeNetworkOut, **ERRORS})
def network_end(request: HttpRequest, member_id: Id, payload: MeVersionIn) -> object:
    """Someone is no longer in the network; the entry stays, with the date."""
    own, member = _own_member(request, member_id, Event.ME_NETWORK_END)
    ended = people_services.network_member_end(
        household=own.household, member_id=member.pk, expected_version=payload.version
    )
    return Status(200, _out(ended))
