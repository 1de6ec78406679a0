"""``/api/v1/me/neighbourhood-help``: Buurthulp zelf for a future app, on the resident's session,
with the same services, selectors and gate as the page (``portal.views_neighbourhood``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event
from nabij.core.api_schema import InputSchema
from nabij.core.errors import DomainError
from nabij.core.ids import BodyId, Id
from nabij.matching import selectors as matching_selectors
from nabij.matching import services as matching_services
from nabij.matching.models import Language, Participant, Reach, Urgency
from nabij.portal.api import ERRORS, ResidentSession, actor
from nabij.portal.views_neighbourhood import shown_participants

router = Router(tags=["me"], auth=ResidentSession())


class MeSkillOut(Schema):
    id: int
    code: str
    name: str
    group: str


class MeNeedOut(Schema):
    skill_id: int
    urgency: int


class MeProfileOut(Schema):
    id: int
    status: str = Field(description="active, paused")
    offers: list[int] = Field(description="Skill ids offered")
    needs: list[MeNeedOut] = Field(description="Open needs: skill id and urgency (1-3)")
    languages: list[str]
    reach: str
    radius_km: Decimal
    capacity: int
    phone: str
    email: str
    plan_consent: bool
    consent_by: str
    consent_at: dt.datetime
    version: int


class MeGiftOut(Schema):
    skill: str = Field(description="What is helped with")
    other: str = Field(description="The other's first name once everyone agreed, else ''")
    other_neighbourhood: str


class MeOtherOut(Schema):
    first_name: str
    phone: str | None = Field(description="Only once everyone agreed, until the exchange ends")
    email: str | None = Field(description="Only once everyone agreed, until the exchange ends")


class MeExchangeOut(Schema):
    proposal_id: int
    status: str = Field(description="proposed, agreed, introduced, followed_up, ended")
    version: int = Field(description="Send it with an answer (409 when stale)")
    waiting_for_my_answer: bool
    my_answer: str = Field(description="pending, agreed, declined")
    receives: list[MeGiftOut]
    gives: list[MeGiftOut]
    others: list[MeOtherOut] = Field(description="Only once everyone agreed")
    follow_up_on: dt.date | None


class MeNeighbourhoodHelpOut(Schema):
    profile: MeProfileOut | None
    exchanges: list[MeExchangeOut]
    skills: list[MeSkillOut]


class MeNeedIn(InputSchema):
    skill_id: BodyId
    urgency: Urgency = Urgency.SOON


class MeProfileIn(InputSchema):
    offers: list[BodyId] = Field(default_factory=list, max_length=20, description="Skill ids")
    needs: list[MeNeedIn] = Field(default_factory=list, max_length=20)
    languages: list[Language] = Field(min_length=1, max_length=14)
    reach: Reach = Reach.NEIGHBOURHOOD
    radius_km: Decimal = Field(Decimal("2.0"), ge=Decimal("0.5"), le=Decimal("25"))
    capacity: int = Field(1, ge=1, le=5)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    plan_consent: bool = False


class MeRegisterIn(MeProfileIn):
    consent: bool = Field(description="Must be true: I want to take part (voluntary)")


class MeUpdateIn(MeProfileIn):
    version: int = Field(ge=1, description="The version this change is based on (409 if stale)")


class MeAnswerIn(InputSchema):
    version: int = Field(ge=1, description="The proposal's version (409 if stale)")
    agrees: bool
    reason: str = Field("", max_length=300, description="Required for no; read by the broker")


class MeWithdrawnOut(Schema):
    withdrawn: bool


def _choices(payload: MeProfileIn) -> matching_services.OwnChoices:
    return matching_services.OwnChoices(
        offers=list(payload.offers),
        needs={n.skill_id: int(n.urgency) for n in payload.needs},
        languages=[str(code) for code in payload.languages],
        reach=str(payload.reach),
        radius_km=payload.radius_km,
        capacity=payload.capacity,
        phone=payload.phone,
        email=payload.email,
    )


def _profile(p: Participant) -> MeProfileOut:
    return MeProfileOut(
        id=p.pk,
        status=p.status,
        offers=[o.skill_id for o in p.offers.all()],
        needs=[
            MeNeedOut(skill_id=n.skill_id, urgency=n.urgency)
            for n in p.needs.filter(status="open").order_by("skill__position")
        ],
        languages=list(p.languages),
        reach=p.reach,
        radius_km=p.radius_km,
        capacity=p.capacity,
        phone=p.phone,
        email=p.email,
        plan_consent=p.plan_consent,
        consent_by=p.consent_by,
        consent_at=p.consent_at,
        version=p.version,
    )


def _exchange(x: matching_selectors.OwnExchange) -> MeExchangeOut:
    def gift(other: Participant, skill: str) -> MeGiftOut:
        return MeGiftOut(
            skill=skill,
            other=other.first_name if x.names_shown else "",
            other_neighbourhood=other.neighbourhood.name,
        )

    return MeExchangeOut(
        proposal_id=x.proposal.pk,
        status=x.proposal.status,
        version=x.proposal.version,
        waiting_for_my_answer=x.waiting_for_answer,
        my_answer=x.party.response,
        receives=[gift(g.giver, g.need.skill.label) for g in x.receives],
        gives=[gift(g.receiver, g.need.skill.label) for g in x.gives],
        others=[
            MeOtherOut(
                first_name=o.participant.first_name,
                phone=o.participant.phone if x.contacts_shown else None,
                email=o.participant.email if x.contacts_shown else None,
            )
            for o in x.others
        ]
        if x.names_shown
        else [],
        follow_up_on=x.proposal.follow_up_on,
    )


def _state(request: HttpRequest, own: gate.OwnHousehold, event: Event) -> MeNeighbourhoodHelpOut:
    participant = matching_selectors.own_participant(own.resident.pk)
    exchanges = matching_selectors.own_exchanges(participant) if participant is not None else []
    gate.log_participants(
        actor(request),
        shown_participants(participant, exchanges),
        event=event,
        household_id=own.household.pk,
    )
    return MeNeighbourhoodHelpOut(
        profile=_profile(participant) if participant is not None else None,
        exchanges=[_exchange(x) for x in exchanges],
        skills=[
            MeSkillOut(id=s.pk, code=s.code, name=s.label, group=s.group_label)
            for s in matching_selectors.skills()
        ],
    )


@router.get("/me/neighbourhood-help", response={200: MeNeighbourhoodHelpOut, **ERRORS})
def neighbourhood_help(request: HttpRequest) -> object:
    """The resident's own profile with the social broker (or null), their proposals and
    exchanges, and the skills to choose from. Taking part is voluntary."""
    act = actor(request)
    own = gate.own_household_for(act, event=Event.ME_NEIGHBOURHOOD_VIEW, subjects=[act.resident_id])
    return _state(request, own, Event.ME_NEIGHBOURHOOD_VIEW)


@router.post("/me/neighbourhood-help/profile", response={201: MeProfileOut, **ERRORS})
def profile_register(request: HttpRequest, payload: MeRegisterIn) -> object:
    """Take part: register one's own offers and needs, with explicit consent."""
    act = actor(request)
    own = gate.own_household_for(
        act, event=Event.ME_NEIGHBOURHOOD_REGISTER, subjects=[act.resident_id]
    )
    participant = matching_services.own_register(
        actor=act,
        household=own.household,
        choices=_choices(payload),
        consent_given=payload.consent,
        plan_consent=payload.plan_consent,
    )
    return Status(201, _profile(participant))


def _own_participant(request: HttpRequest, event: Event) -> tuple[gate.OwnHousehold, Participant]:
    act = actor(request)
    own = gate.own_household_for(act, event=event, subjects=[act.resident_id])
    participant = matching_selectors.own_participant(own.resident.pk)
    if participant is None:
        raise DomainError(_("You do not take part in neighbourhood help."))
    gate.log_participants(act, [participant], event=event, household_id=own.household.pk)
    return own, participant


@router.put("/me/neighbourhood-help/profile", response={200: MeProfileOut, **ERRORS})
def profile_update(request: HttpRequest, payload: MeUpdateIn) -> object:
    """Change one's own offers and needs, from the version seen (409 when stale)."""
    own, participant = _own_participant(request, Event.ME_NEIGHBOURHOOD_UPDATE)
    updated = matching_services.own_update(
        actor=actor(request),
        household=own.household,
        participant=participant,
        expected_version=payload.version,
        choices=_choices(payload),
        plan_consent=payload.plan_consent,
    )
    fresh = matching_selectors.own_participant(own.resident.pk)
    return Status(200, _profile(fresh or updated))


@router.post("/me/neighbourhood-help/withdraw-consent", response={200: MeWithdrawnOut, **ERRORS})
def consent_withdraw(request: HttpRequest) -> object:
    """Stop: every live proposal stops (the others get a neutral notice), open needs close,
    phone and email are erased."""
    _own, participant = _own_participant(request, Event.ME_NEIGHBOURHOOD_WITHDRAW)
    matching_services.consent_withdraw(actor=actor(request), participant=participant)
    return MeWithdrawnOut(withdrawn=True)


@router.post(
    "/me/neighbourhood-help/proposals/{proposal_id}/answer",
    response={200: MeExchangeOut, **ERRORS},
)
def proposal_answer(request: HttpRequest, proposal_id: Id, payload: MeAnswerIn) -> object:
    """Yes or no to a proposal one is a party to; the broker sees that the resident answered.
    A no needs a reason (for the broker only); the others are told neutrally."""
    act = actor(request)
    own, proposal = gate.own_proposal_for(
        act, proposal_id, load=matching_selectors.proposal, event=Event.ME_NEIGHBOURHOOD_ANSWER
    )
    matching_services.proposal_answer_own(
        actor=act,
        proposal=proposal,
        expected_version=payload.version,
        agrees=payload.agrees,
        reason=payload.reason,
    )
    participant = matching_selectors.own_participant(own.resident.pk)
    exchange = matching_selectors.own_exchange(participant, proposal.pk) if participant else None
    if exchange is None:  # cannot happen: the gate found them a party to it
        raise gate.NotFound
    return _exchange(exchange)
