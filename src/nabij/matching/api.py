"""API of the social broker's register: skills, participants, matching runs, proposals.

The same gate as the pages: only social brokers work in the register; every profile read,
listed or changed is logged per participant. Skills are named by their code. Changes carry
the version they were based on (409 when stale).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from nabij.access import gate
from nabij.access.enums import Event
from nabij.areas import selectors as area_selectors
from nabij.core.api_schema import InputSchema
from nabij.core.errors import DomainError
from nabij.core.ids import MAX_OFFSET, BodyId, Id
from nabij.core.problems import Problem
from nabij.core.validators import PlainText
from nabij.matching import selectors, services
from nabij.matching.models import (
    Gift,
    Language,
    MatchRun,
    Participant,
    Proposal,
    ProposalParty,
    Reach,
    Skill,
)

router = Router(tags=["neighbourhood help"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


class StrictIn(InputSchema):
    """Request bodies: a JSON object with only the documented fields (a typo is an error,
    not a silently ignored setting)."""

    model_config = ConfigDict(extra="forbid")


def _actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


class SkillOut(Schema):
    code: str
    name: str
    group: str
    group_name: str


class OfferIn(StrictIn):
    skill: str = Field(description="Skill code, see /matching/skills")
    hours_per_week: Decimal = Field(Decimal("2"), ge=Decimal("0.5"), le=Decimal("40"))


class NeedIn(StrictIn):
    skill: str
    hours_per_week: Decimal = Field(Decimal("2"), ge=Decimal("0.5"), le=Decimal("40"))
    urgency: int = Field(2, ge=1, le=3, description="1 can wait, 2 within weeks, 3 urgent")


class OfferOut(Schema):
    skill: str
    hours_per_week: Decimal


class NeedOut(Schema):
    skill: str
    hours_per_week: Decimal
    urgency: int


class ProfileIn(StrictIn):
    first_name: PlainText = Field(max_length=80)
    last_name: PlainText = Field(max_length=120)
    neighbourhood_code: str = Field(description="CBS code BUxxxxxxxx")
    languages: list[str] = Field(description="ISO 639 codes: " + ", ".join(Language.values))
    offers: list[OfferIn] = []
    needs: list[NeedIn] = []
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    gender: str = Field("", description="'', woman, man or other")
    prefers_gender: str = Field("", description="'', woman or man: only matched with")
    reach: str = Field(Reach.RADIUS, description="neighbourhood (own only) or radius")
    radius_km: Decimal = Field(Decimal("2.0"), description="0.5 to 25, between centres")
    capacity: int = Field(1, description="Exchanges at the same time, 1 to 5")
    note: str = Field("", max_length=1000)


class RegisterIn(ProfileIn):
    consent: bool = Field(description="The person agrees to be matched; required")
    consent_by: str = Field(description="self, orally or in_writing")
    not_a_duplicate: bool = False


class UpdateIn(ProfileIn):
    version: int
    not_a_duplicate: bool = False


class ParticipantOut(Schema):
    id: int
    first_name: str
    last_name: str
    neighbourhood_code: str
    status: str
    phone: str
    email: str
    languages: list[str]
    gender: str
    prefers_gender: str
    reach: str
    radius_km: Decimal
    capacity: int
    offers: list[OfferOut]
    needs: list[NeedOut] = Field(description="Open needs")
    shared_by_team: str = Field(
        description="What the resident chose to share, if registered by the district team"
    )
    consent_by: str
    consent_at: dt.datetime
    version: int


class ParticipantPage(Schema):
    items: list[ParticipantOut]
    count: int


class RunIn(StrictIn):
    district_code: str | None = Field(None, description="WKxxxxxx; empty for everyone")
    max_cycle: int = Field(3, ge=0, le=5)
    max_chain: int = Field(3, ge=0, le=5)
    time_limit: int = Field(10, ge=1, le=services.MAX_TIME_LIMIT)


class RunOut(Schema):
    id: int
    started_at: dt.datetime
    district_code: str | None
    max_cycle: int
    max_chain: int
    participants: int = Field(description="People who could receive help")
    volunteers: int = Field(description="People who could start a chain")
    arcs: int
    objective: float
    optimal: bool
    gap: float | None
    seconds: float
    method: str
    proposal_ids: list[int]


class GiftOut(Schema):
    giver_id: int
    receiver_id: int
    need_skill: str
    offer_skill: str
    fit: str = Field(description="exact or related")
    distance_km: float
    nearness: str = Field(description="same, adjacent or nearby")
    urgency: int
    reciprocal: bool
    weight: float


class PartyOut(Schema):
    participant_id: int
    name: str
    response: str
    answered_via: str = Field(
        description="broker (the broker recorded it), mijn_nabij (the resident answered), or ''"
    )
    decline_reason: str
    phone: str | None = Field(description="Only once everyone agreed")
    email: str | None = Field(description="Only once everyone agreed")
    rating: str
    feedback: str
    hours: Decimal | None


class ProposalOut(Schema):
    id: int
    run_id: int
    kind: str = Field(description="swap, ring or chain")
    status: str
    weight: float
    created_at: dt.datetime
    follow_up_on: dt.date | None
    follow_up_note: str
    parties: list[PartyOut]
    gifts: list[GiftOut]
    version: int


class ProposalPage(Schema):
    items: list[ProposalOut]
    count: int


class VersionIn(StrictIn):
    version: int


class RespondIn(VersionIn):
    participant_id: BodyId
    agrees: bool
    reason: str = Field("", max_length=300, description="Required when declining")


class IntroduceIn(VersionIn):
    follow_up_on: dt.date


class FollowUpIn(VersionIn):
    note: str = Field(max_length=1000)


class FeedbackIn(StrictIn):
    participant_id: BodyId
    rating: str = Field(description="good, mixed, poor or no_answer")
    words: str = Field("", max_length=500)
    hours: Decimal | None = Field(None, ge=Decimal("0"), le=Decimal("2000"))


class EndIn(VersionIn):
    feedback: list[FeedbackIn]


def _skills_by_code(codes: list[str]) -> dict[str, Skill]:
    found = {s.code: s for s in Skill.objects.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise DomainError(f"Unknown skill: {', '.join(unknown)}", field="skill")
    return found


def _profile(payload: ProfileIn) -> services.ProfileInput:
    neighbourhood = area_selectors.neighbourhood_by_code(payload.neighbourhood_code)
    if neighbourhood is None:
        raise DomainError("Unknown neighbourhood code.", field="neighbourhood_code")
    skills = _skills_by_code([o.skill for o in payload.offers] + [n.skill for n in payload.needs])
    return services.ProfileInput(
        first_name=payload.first_name,
        last_name=payload.last_name,
        neighbourhood_id=neighbourhood.pk,
        languages=payload.languages,
        offers={skills[o.skill].pk: o.hours_per_week for o in payload.offers},
        needs={skills[n.skill].pk: (n.hours_per_week, n.urgency) for n in payload.needs},
        phone=payload.phone,
        email=payload.email,
        gender=payload.gender,
        prefers_gender=payload.prefers_gender,
        reach=payload.reach,
        radius_km=payload.radius_km,
        capacity=payload.capacity,
        note=payload.note,
    )


def _participant_out(p: Participant) -> ParticipantOut:
    offers = list(p.offers.select_related("skill"))
    needs = getattr(p, "open_needs", None)
    if needs is None:
        needs = list(p.needs.filter(status="open").select_related("skill"))
    return ParticipantOut(
        id=p.pk,
        first_name=p.first_name,
        last_name=p.last_name,
        neighbourhood_code=p.neighbourhood.code,
        status=p.status,
        phone=p.phone,
        email=p.email,
        languages=list(p.languages),
        gender=p.gender,
        prefers_gender=p.prefers_gender,
        reach=p.reach,
        radius_km=p.radius_km,
        capacity=p.capacity,
        offers=[OfferOut(skill=o.skill.code, hours_per_week=o.hours_per_week) for o in offers],
        needs=[
            NeedOut(skill=n.skill.code, hours_per_week=n.hours_per_week, urgency=n.urgency)
            for n in needs
        ],
        shared_by_team=p.shared_by_team,
        consent_by=p.consent_by,
        consent_at=p.consent_at,
        version=p.version,
    )


def _gift_out(g: Gift) -> GiftOut:
    return GiftOut(
        giver_id=g.giver_id,
        receiver_id=g.receiver_id,
        need_skill=g.need.skill.code,
        offer_skill=g.offer_skill.code,
        fit=g.fit,
        distance_km=g.distance_km,
        nearness=g.nearness,
        urgency=g.urgency,
        reciprocal=g.reciprocal,
        weight=g.weight,
    )


def _party_out(party: ProposalParty, shared: bool) -> PartyOut:
    p = party.participant
    return PartyOut(
        participant_id=p.pk,
        name=p.full_name,
        response=party.response,
        answered_via=party.answered_via,
        decline_reason=party.decline_reason,
        phone=p.phone if shared else None,
        email=p.email if shared else None,
        rating=party.rating,
        feedback=party.feedback,
        hours=party.hours,
    )


def _proposal_out(proposal: Proposal) -> ProposalOut:
    shared = proposal.contacts_shared and proposal.status != Proposal.Status.ENDED
    return ProposalOut(
        id=proposal.pk,
        run_id=proposal.run_id,
        kind=proposal.kind,
        status=proposal.status,
        weight=proposal.weight,
        created_at=proposal.created_at,
        follow_up_on=proposal.follow_up_on,
        follow_up_note=proposal.follow_up_note,
        parties=[_party_out(party, shared) for party in proposal.parties.all()],
        gifts=[_gift_out(g) for g in proposal.gifts.all()],
        version=proposal.version,
    )


def _run_out(run: MatchRun) -> RunOut:
    return RunOut(
        id=run.pk,
        started_at=run.started_at,
        district_code=run.district.code if run.district else None,
        max_cycle=run.max_cycle,
        max_chain=run.max_chain,
        participants=run.participants,
        volunteers=run.volunteers,
        arcs=run.arcs,
        objective=run.objective,
        optimal=run.optimal,
        gap=run.gap,
        seconds=run.seconds,
        method=run.method,
        proposal_ids=list(run.proposal_set.order_by("pk").values_list("pk", flat=True)),
    )


def _fresh(proposal: Proposal) -> ProposalOut:
    found = selectors.proposal(proposal.pk)
    assert found is not None
    return _proposal_out(found)


@router.get(
    "/matching/skills", response={200: list[SkillOut], 401: Problem}, summary="The skills taxonomy"
)
def skill_list(request: HttpRequest) -> Status[list[SkillOut]]:
    return Status(
        200,
        [
            SkillOut(code=s.code, name=s.label, group=s.group, group_name=s.group_label)
            for s in selectors.skills()
        ],
    )


@router.get(
    "/matching/participants",
    response={200: ParticipantPage, **ERRORS},
    summary="Participants in the register (the broker), each listed one logged",
)
def participant_list(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    status: str = "",
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Status[ParticipantPage]:
    actor = _actor(request)
    gate.require_broker(actor, event=Event.MATCHING_LIST)
    everyone = selectors.participant_queryset(query=q, status=status)
    page = list(everyone[offset : offset + limit])
    gate.log_participants(actor, page, event=Event.MATCHING_LIST)
    return Status(
        200, ParticipantPage(items=[_participant_out(p) for p in page], count=everyone.count())
    )


@router.post(
    "/matching/participants",
    response={201: ParticipantOut, **ERRORS},
    summary="Register someone on their behalf, with their consent",
)
def participant_create(request: HttpRequest, payload: RegisterIn) -> Status[ParticipantOut]:
    actor = _actor(request)
    gate.require_broker(actor, event=Event.MATCHING_REGISTER)
    participant = services.participant_register(
        actor=actor,
        data=_profile(payload),
        consent_given=payload.consent,
        consent_by=payload.consent_by if payload.consent_by != "team" else "",
        not_a_duplicate=payload.not_a_duplicate,
    )
    return Status(201, _participant_out(participant))


@router.get(
    "/matching/participants/{participant_id}",
    response={200: ParticipantOut, **ERRORS},
    summary="One offer/need profile",
)
def participant_detail(request: HttpRequest, participant_id: Id) -> Status[ParticipantOut]:
    participant = gate.participant_for(
        _actor(request),
        participant_id,
        load=selectors.participant,
        event=Event.MATCHING_PROFILE_VIEW,
    )
    return Status(200, _participant_out(participant))


@router.put(
    "/matching/participants/{participant_id}",
    response={200: ParticipantOut, **ERRORS},
    summary="Change a profile (with version)",
)
def participant_update(
    request: HttpRequest, participant_id: Id, payload: UpdateIn
) -> Status[ParticipantOut]:
    actor = _actor(request)
    participant = gate.participant_for(
        actor,
        participant_id,
        load=selectors.participant,
        event=Event.MATCHING_UPDATE,
        broker_only=True,
    )
    updated = services.participant_update(
        actor=actor,
        participant=participant,
        expected_version=payload.version,
        data=_profile(payload),
        not_a_duplicate=payload.not_a_duplicate,
    )
    return Status(200, _participant_out(updated))


@router.post(
    "/matching/participants/{participant_id}/withdraw-consent",
    response={200: ParticipantOut, **ERRORS},
    summary="Withdraw consent: live proposals withdrawn, contact details erased",
)
def consent_withdraw(request: HttpRequest, participant_id: Id) -> Status[ParticipantOut]:
    actor = _actor(request)
    participant = gate.participant_for(
        actor,
        participant_id,
        load=selectors.participant,
        event=Event.MATCHING_CONSENT_WITHDRAWN,
        broker_only=True,
    )
    services.consent_withdraw(actor=actor, participant=participant)
    return Status(200, _participant_out(Participant.objects.get(pk=participant.pk)))


@router.post(
    "/matching/runs",
    response={201: RunOut, **ERRORS},
    summary="Find the best set of swaps, rings and chains",
)
def run_create(request: HttpRequest, payload: RunIn) -> Status[RunOut]:
    actor = _actor(request)
    gate.require_broker(actor, event=Event.MATCHING_RUN)
    district = None
    if payload.district_code:
        district = selectors.districts().filter(code=payload.district_code).first()
        if district is None:
            raise DomainError("Unknown district code.", field="district_code")
    run = services.run_matching(
        actor=actor,
        district=district,
        max_cycle=payload.max_cycle,
        max_chain=payload.max_chain,
        time_limit=payload.time_limit,
        max_time_limit=services.MAX_TIME_LIMIT,  # inside the request: the 60 s timeout holds
    )
    return Status(201, _run_out(run))


@router.get("/matching/runs/{run_id}", response={200: RunOut, **ERRORS}, summary="One matching run")
def run_detail(request: HttpRequest, run_id: Id) -> Status[RunOut]:
    actor = _actor(request)
    gate.require_broker(actor, event=Event.MATCHING_RUN_VIEW)
    run = selectors.run(run_id)
    if run is None:
        raise gate.NotFound
    return Status(200, _run_out(run))


@router.get(
    "/matching/proposals",
    response={200: ProposalPage, **ERRORS},
    summary="Proposals (default: those under way), newest first",
)
def proposal_list(
    request: HttpRequest,
    status: str = "",
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Status[ProposalPage]:
    actor = _actor(request)
    gate.require_broker(actor, event=Event.MATCHING_PROPOSALS)
    found = selectors.proposal_queryset(status=status)
    page = list(found[offset : offset + limit])
    gate.log_participants(
        actor,
        [party.participant for p in page for party in p.parties.all()],
        event=Event.MATCHING_PROPOSALS,
    )
    return Status(200, ProposalPage(items=[_proposal_out(p) for p in page], count=found.count()))


@router.get(
    "/matching/proposals/{proposal_id}",
    response={200: ProposalOut, **ERRORS},
    summary="One proposal: who helps whom and why, the answers, the follow-up",
)
def proposal_detail(request: HttpRequest, proposal_id: Id) -> Status[ProposalOut]:
    return Status(
        200,
        _proposal_out(
            gate.proposal_for(
                _actor(request),
                proposal_id,
                load=selectors.proposal,
                event=Event.MATCHING_PROPOSAL_VIEW,
            )
        ),
    )


@router.post(
    "/matching/proposals/{proposal_id}/responses",
    response={200: ProposalOut, **ERRORS},
    summary="Record one party's answer",
)
def proposal_respond(
    request: HttpRequest, proposal_id: Id, payload: RespondIn
) -> Status[ProposalOut]:
    actor = _actor(request)
    proposal = gate.proposal_for(
        actor, proposal_id, load=selectors.proposal, event=Event.MATCHING_RESPOND
    )
    done = services.proposal_respond(
        actor=actor,
        proposal=proposal,
        expected_version=payload.version,
        participant_id=payload.participant_id,
        agrees=payload.agrees,
        reason=payload.reason,
    )
    return Status(200, _fresh(done))


@router.post(
    "/matching/proposals/{proposal_id}/introduction",
    response={200: ProposalOut, **ERRORS},
    summary="Everyone agreed: introduced",
)
def proposal_introduce(
    request: HttpRequest, proposal_id: Id, payload: IntroduceIn
) -> Status[ProposalOut]:
    actor = _actor(request)
    proposal = gate.proposal_for(
        actor, proposal_id, load=selectors.proposal, event=Event.MATCHING_INTRODUCE
    )
    done = services.proposal_introduce(
        actor=actor,
        proposal=proposal,
        expected_version=payload.version,
        follow_up_on=payload.follow_up_on,
    )
    return Status(200, _fresh(done))


@router.post(
    "/matching/proposals/{proposal_id}/follow-up",
    response={200: ProposalOut, **ERRORS},
    summary="How it is going",
)
def proposal_follow_up(
    request: HttpRequest, proposal_id: Id, payload: FollowUpIn
) -> Status[ProposalOut]:
    actor = _actor(request)
    proposal = gate.proposal_for(
        actor, proposal_id, load=selectors.proposal, event=Event.MATCHING_FOLLOW_UP
    )
    done = services.proposal_follow_up(
        actor=actor, proposal=proposal, expected_version=payload.version, note=payload.note
    )
    return Status(200, _fresh(done))


@router.post(
    "/matching/proposals/{proposal_id}/end",
    response={200: ProposalOut, **ERRORS},
    summary="End an exchange with feedback from each side",
)
def proposal_end(request: HttpRequest, proposal_id: Id, payload: EndIn) -> Status[ProposalOut]:
    actor = _actor(request)
    proposal = gate.proposal_for(
        actor, proposal_id, load=selectors.proposal, event=Event.MATCHING_END
    )
    feedback = {
        f.participant_id: services.Feedback(rating=f.rating, words=f.words, hours=f.hours)
        for f in payload.feedback
    }
    done = services.proposal_end(
        actor=actor, proposal=proposal, expected_version=payload.version, feedback=feedback
    )
    return Status(200, _fresh(done))


@router.post(
    "/matching/proposals/{proposal_id}/withdrawal",
    response={200: ProposalOut, **ERRORS},
    summary="Stop a proposal; everyone gets a neutral notice",
)
def proposal_withdraw(
    request: HttpRequest, proposal_id: Id, payload: VersionIn
) -> Status[ProposalOut]:
    actor = _actor(request)
    proposal = gate.proposal_for(
        actor, proposal_id, load=selectors.proposal, event=Event.MATCHING_WITHDRAW
    )
    done = services.proposal_withdraw(
        actor=actor, proposal=proposal, expected_version=payload.version
    )
    return Status(200, _fresh(done))
