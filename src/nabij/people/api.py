"""API for households, members, the network, residents and their access log."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from nabij.access import gate
from nabij.access import selectors as access_selectors
from nabij.access.enums import Event, Outcome, Purpose
from nabij.core.api_schema import InputSchema
from nabij.core.ids import MAX_OFFSET, BodyId, Id, paginated
from nabij.core.problems import Problem
from nabij.core.validators import PastDate, PlainText
from nabij.people import selectors, services
from nabij.people.models import Membership, NetworkMember
from nabij.plans import selectors as plans_selectors

router = Router(tags=["households"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


def actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


class ResidentOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    bsn_masked: str = Field(description="Last three digits only")


class ResidentDetailOut(ResidentOut):
    bsn: str | None = Field(None, description="Only for the household's own coordinator")
    household_id: int


class MemberOut(Schema):
    id: int
    role: str
    started_on: dt.date
    ended_on: dt.date | None
    parental_authority: bool = Field(
        description="Parental authority over the household's children under 16 (Mijn Nabij)"
    )
    resident: ResidentOut


class NetworkMemberOut(Schema):
    id: int
    name: str
    relation: str
    relation_detail: str
    can_do: str
    wants_to_do: str
    household_view: str
    added_on: dt.date
    ended_on: dt.date | None
    private_to_id: int | None = Field(
        description="The member who keeps this entry for themselves in Mijn Nabij, or null"
    )
    version: int


class HouseholdSummaryOut(Schema):
    id: int
    name: str
    neighbourhood_code: str
    team: str
    members: list[ResidentOut]


class InvolvementOut(Schema):
    professional_count: int
    organisation_count: int
    plan_owner_count: int
    organisations: list[str]
    fragmented: bool


class ThreatOut(Schema):
    id: int
    kind: str
    deadline: dt.date
    description: str
    status: str


class HouseholdOut(Schema):
    id: int
    name: str
    neighbourhood_code: str
    team: str
    members: list[MemberOut]
    network: list[NetworkMemberOut]
    open_threats: list[ThreatOut]
    family_group_plan_right: bool = Field(description="An open coercion threat gives the right")
    family_group_plan_deadline: dt.date | None
    involvement: InvolvementOut
    plan_version: int
    priority: str | None


class ResidentIn(InputSchema):
    first_name: PlainText = Field(min_length=1, max_length=80)
    last_name: PlainText = Field(min_length=1, max_length=120)
    date_of_birth: PastDate
    bsn: str = Field("", max_length=11)


class AddressIn(InputSchema):
    postcode: str = Field(max_length=8)
    street: str = Field(min_length=1, max_length=120)
    house_number: int = Field(ge=1, le=99999)
    addition: str = Field("", max_length=10)
    city: str = Field(min_length=1, max_length=80)
    neighbourhood_code: str = Field(max_length=10)


class HouseholdIn(InputSchema):
    name: PlainText = Field(min_length=1, max_length=150)
    address: AddressIn
    first_member: ResidentIn


class MemberIn(InputSchema):
    resident: ResidentIn
    role: Membership.Role
    parental_authority: bool = False


class MemberUpdateIn(InputSchema):
    parental_authority: bool = Field(
        description="Parental authority over the household's children under 16"
    )


class NetworkMemberIn(InputSchema):
    name: PlainText = Field(min_length=1, max_length=150)
    relation: NetworkMember.Relation
    relation_detail: PlainText = Field("", max_length=150)
    can_do: str = Field("", max_length=1000)
    wants_to_do: str = Field("", max_length=1000)
    household_view: str = Field("", max_length=1000)


class ResidentMoveIn(InputSchema):
    household_id: BodyId = Field(description="The household moved to")
    on: PastDate = Field(description="The day of the move: the old membership ends, the new starts")
    role: Membership.Role


class AccessLogOut(Schema):
    id: int
    occurred_at: dt.datetime
    event: str
    outcome: str
    purpose: str
    username: str
    role: str
    on_behalf_of: str
    channel: str
    household_id: int | None


def _resident(resident) -> dict:
    return {
        "id": resident.pk,
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "date_of_birth": resident.date_of_birth,
        "bsn_masked": resident.masked_bsn,
    }


def _member(membership) -> dict:
    return {
        "id": membership.pk,
        "role": membership.role,
        "started_on": membership.started_on,
        "ended_on": membership.ended_on,
        "parental_authority": membership.parental_authority,
        "resident": _resident(membership.resident),
    }


def _household_out(household) -> dict:
    dossier = plans_selectors.household_dossier(household)
    first = dossier.earliest_open_threat
    inv = dossier.involvement
    return {
        "id": household.pk,
        "name": household.name,
        "neighbourhood_code": household.neighbourhood.code,
        "team": household.team.name,
        "members": [_member(m) for m in dossier.current_members + dossier.past_members],
        "network": dossier.network,
        "open_threats": dossier.open_threats,
        "family_group_plan_right": first is not None,
        "family_group_plan_deadline": first.deadline if first else None,
        "involvement": {
            "professional_count": inv.professional_count,
            "organisation_count": inv.organisation_count,
            "plan_owner_count": inv.plan_owner_count,
            "organisations": inv.organisations,
            "fragmented": inv.fragmented,
        },
        "plan_version": dossier.plan.version,
        "priority": dossier.priority.text if dossier.priority else None,
    }


class HouseholdPage(Schema):
    items: list[HouseholdSummaryOut]
    count: int


@router.get("/households", response={200: HouseholdPage, **ERRORS})
def household_list(
    request: HttpRequest,
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """The caller's caseload, paginated; each listed member is written to the access log."""
    act = actor(request)
    households = plans_selectors.with_open_threats(selectors.caseload(gate.caseload_for(act)))
    page = list(households[offset : offset + limit])
    gate.log_listed(act, page, event=Event.CASELOAD_LIST)
    items = [
        {
            "id": h.pk,
            "name": h.name,
            "neighbourhood_code": h.neighbourhood.code,
            "team": h.team.name,
            "members": [_resident(m.resident) for m in getattr(h, "current_memberships", [])],
        }
        for h in page
    ]
    return Status(200, {"items": items, "count": households.count()})


@router.post("/households", response={201: HouseholdOut, **ERRORS})
def household_create(request: HttpRequest, payload: HouseholdIn):
    act = actor(request)
    gate.require_role(act, gate.CASE_ROLES, event=Event.HOUSEHOLD_CREATE)
    household = services.household_create(
        actor=act,
        name=payload.name,
        address=services.AddressInput(**payload.address.dict()),
        first_member=services.ResidentInput(**payload.first_member.dict()),
    )
    household = gate.household_for(act, household.pk, event=Event.HOUSEHOLD_CREATE)
    return Status(201, _household_out(household))


@router.get("/households/{household_id}", response={200: HouseholdOut, **ERRORS})
def household_detail(request: HttpRequest, household_id: Id):
    household = gate.household_for(actor(request), household_id, event=Event.DOSSIER_VIEW)
    return Status(200, _household_out(household))


@router.post("/households/{household_id}/members", response={201: MemberOut, **ERRORS})
def member_add(request: HttpRequest, household_id: Id, payload: MemberIn):
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.MEMBER_CREATE)
    membership = services.member_add(
        household=household,
        role=payload.role,
        parental_authority=payload.parental_authority,
        resident=services.ResidentInput(**payload.resident.dict()),
    )
    gate.log(
        act,
        event=Event.MEMBER_CREATE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE,
        resident_ids=[membership.resident_id],
        household_id=household.pk,
    )
    return Status(201, _member(membership))


@router.put(
    "/households/{household_id}/members/{membership_id}", response={200: MemberOut, **ERRORS}
)
def member_update(
    request: HttpRequest, household_id: Id, membership_id: Id, payload: MemberUpdateIn
):
    """Give or take parental authority (gezag): who has it sees the children's data under 16
    in Mijn Nabij. A current member of 16 or over only."""
    household = gate.household_for(actor(request), household_id, event=Event.MEMBER_AUTHORITY)
    membership = services.membership_set_parental_authority(
        household=household,
        membership_id=membership_id,
        parental_authority=payload.parental_authority,
    )
    return Status(200, _member(membership))


@router.get("/households/{household_id}/network", response={200: list[NetworkMemberOut], **ERRORS})
@paginated
def network_list(request: HttpRequest, household_id: Id, **kwargs):
    household = gate.household_for(actor(request), household_id, event=Event.NETWORK_VIEW)
    return household.network.all()


@router.post("/households/{household_id}/network", response={201: NetworkMemberOut, **ERRORS})
def network_add(request: HttpRequest, household_id: Id, payload: NetworkMemberIn):
    household = gate.household_for(actor(request), household_id, event=Event.NETWORK_CREATE)
    return Status(201, services.network_member_add(household=household, **payload.dict()))


@router.get("/residents/{resident_id}", response={200: ResidentDetailOut, **ERRORS})
def resident_detail(request: HttpRequest, resident_id: Id, reveal_bsn: bool = False):
    """The BSN is masked; ``reveal_bsn=true`` shows it to the household's coordinator only."""
    act = actor(request)
    event = Event.RESIDENT_BSN_VIEW if reveal_bsn else Event.RESIDENT_VIEW
    resident, household = gate.resident_for(act, resident_id, event=event)
    body = _resident(resident) | {"household_id": household.pk, "bsn": None}
    if reveal_bsn and gate.may_reveal_bsn(act, household):
        body["bsn"] = resident.bsn
    return Status(200, body)


@router.post("/residents/{resident_id}/move", response={201: MemberOut, **ERRORS})
def resident_move(request: HttpRequest, resident_id: Id, payload: ResidentMoveIn):
    """Move the resident to another household, with history; the caller must work on both."""
    act = actor(request)
    resident, household = gate.resident_for(act, resident_id, event=Event.RESIDENT_MOVE)
    gate.household_for(act, household.pk, event=Event.RESIDENT_MOVE)
    target = gate.household_for(act, payload.household_id, event=Event.RESIDENT_MOVE)
    membership = services.resident_move(
        resident=resident, to_household=target, on=payload.on, role=payload.role
    )
    return Status(201, _member(membership))


@router.get("/residents/{resident_id}/access-log", response={200: list[AccessLogOut], **ERRORS})
@paginated
def access_log(request: HttpRequest, resident_id: Id, **kwargs):
    resident, _household = gate.resident_for(
        actor(request), resident_id, event=Event.ACCESSLOG_VIEW
    )
    return access_selectors.resident_access_log(resident.pk)
