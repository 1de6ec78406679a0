"""Writes for offers and needs, matching runs and the broker's workflow.

A profile changes only with the version it was based on (``ConflictError`` otherwise, the
caller keeps the input). Proposals move only along ``PROPOSAL_TRANSITIONS``. A matching run
reads and solves outside any transaction (the solver may take seconds), then writes in a
short one that locks the participants concerned and leaves out every exchange in which
someone changed meanwhile: a run never overwrites what a broker did while it ran.

The gate writes the access-log rows of a request (``gate.participant_for``,
``gate.proposal_for``); services add rows only for participants the gate has not seen: a new
registration, the profiles a run reads, notices, lifted blocks, an entry in the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.gate import Actor
from nabij.areas.models import District, Neighbourhood
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text
from nabij.matching import compatibility, geo
from nabij.matching.models import (
    BlockedPair,
    Gender,
    GenderPreference,
    Gift,
    Language,
    MatchRun,
    Need,
    Notice,
    Offer,
    Participant,
    Proposal,
    ProposalParty,
    Reach,
    Skill,
)
from nabij.people.models import Household, NetworkMember, Resident

S = Proposal.Status
PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    S.PROPOSED: {S.AGREED, S.DECLINED, S.WITHDRAWN},
    S.AGREED: {S.INTRODUCED, S.WITHDRAWN},
    S.INTRODUCED: {S.FOLLOWED_UP, S.ENDED, S.WITHDRAWN},
    S.FOLLOWED_UP: {S.ENDED, S.WITHDRAWN},
}
MAX_CYCLE_LIMIT = 5
MAX_CHAIN_LIMIT = 5
# The API solves inside its request: the solver plus building the model stay well inside the
# web server's 60 s timeout. The page runs the solver as a background job, where a broker may
# give a city-wide run up to an hour (a bound, so a typo cannot keep a worker busy for days).
MAX_TIME_LIMIT = 30
JOB_MAX_TIME_LIMIT = 3600
MIN_AGE = 16  # the age from which a resident gives consent themselves (as the AVG/GDPR in NL)


@dataclass
class ProfileInput:
    """What a person tells about themselves; offers by skill id → hours a week, needs by skill
    id → (hours a week, urgency)."""

    first_name: str
    last_name: str
    neighbourhood_id: int
    languages: list[str]
    offers: dict[int, Decimal] = field(default_factory=dict)
    needs: dict[int, tuple[Decimal, int]] = field(default_factory=dict)
    phone: str = ""
    email: str = ""
    gender: str = ""
    prefers_gender: str = ""
    reach: str = Reach.RADIUS
    radius_km: Decimal = Decimal("2.0")
    capacity: int = 1
    note: str = ""


class DuplicateError(DomainError):
    """Someone like this is already registered; ``existing`` says who."""

    def __init__(self, message: str, existing: Participant) -> None:
        super().__init__(message, field="not_a_duplicate")
        self.existing = existing


def _check_profile(data: ProfileInput) -> None:
    """Every rule a profile must meet, each failure with the field it belongs to."""
    errors: dict[str, list[str]] = defaultdict(list)
    if not data.first_name.strip() or not data.last_name.strip():
        errors["first_name"].append(_("Give a first name and a last name."))
    for name, value, multiline in (
        ("first_name", data.first_name, False),
        ("last_name", data.last_name, False),
        ("phone", data.phone, False),
        ("note", data.note, True),
    ):
        try:
            clean_text(value, multiline=multiline)
        except ValidationError as exc:
            errors[name].extend(exc.messages)
    if not Neighbourhood.objects.filter(pk=data.neighbourhood_id).exists():
        errors["neighbourhood"].append(_("Choose the neighbourhood where the person lives."))
    unknown = set(data.languages) - set(Language.values)
    if not data.languages or unknown:
        errors["languages"].append(_("Choose at least one language the person speaks."))
    if data.capacity < 1:
        errors["capacity"].append(
            _(
                "At least one exchange at a time. Someone who does not want to be matched "
                "for a while is paused instead."
            )
        )
    elif data.capacity > 5:
        errors["capacity"].append(_("At most five exchanges at the same time."))
    if data.reach == Reach.RADIUS and not Decimal("0.5") <= data.radius_km <= Decimal("25"):
        errors["radius_km"].append(
            _(
                "A radius between 0.5 and 25 km. Distances are measured between the centres "
                "of neighbourhoods; for the own neighbourhood only, choose that instead."
            )
        )
    if data.reach not in Reach.values:
        errors["reach"].append(_("Choose the own neighbourhood or a radius."))
    if data.email.strip():
        try:
            validate_email(data.email.strip())
        except ValidationError:
            errors["email"].append(_("Enter an email address such as naam@voorbeeld.nl."))
    if data.gender not in Gender.values:
        errors["gender"].append(_("Choose a gender from the list, or leave it unsaid."))
    if data.prefers_gender not in GenderPreference.values:
        errors["prefers_gender"].append(_("Choose a preference from the list."))
    if len(data.phone) > 30 or len(data.note) > 1000:
        errors["note"].append(
            _("A phone number of at most 30 and a note of at most 1000 characters.")
        )
    if not data.offers and not data.needs:
        errors["offers"].append(_("Tick at least one thing the person offers or asks for."))
    both = set(data.offers) & set(data.needs)
    if both:
        names = ", ".join(Skill.objects.filter(pk__in=both).values_list("name", flat=True))
        errors["needs"].append(
            _("Offered and asked for at the same time: %(skills)s. Choose one of the two.")
            % {"skills": names}
        )
    skills = set(data.offers) | set(data.needs)
    if skills and Skill.objects.filter(pk__in=skills, active=True).count() != len(skills):
        errors["offers"].append(_("One of the chosen skills is not in use."))
    for hours in [*data.offers.values(), *(h for h, _u in data.needs.values())]:
        if not Decimal("0.5") <= hours <= Decimal("40"):
            errors["offers"].append(_("Hours a week between 0.5 and 40."))
            break
    if any(u not in (1, 2, 3) for _h, u in data.needs.values()):
        errors["needs"].append(_("Choose how urgent each need is."))
    if errors:
        raise ValidationError(dict(errors))


def _digits(field: str) -> Replace:
    """A phone number as its digits only, in SQL: spaces, dashes, dots and brackets gone."""
    value: Any = F(field)
    for mark in (" ", "-", ".", "(", ")", "+"):
        value = Replace(value, Value(mark), Value(""))
    return value


def _refuse_duplicate(data: ProfileInput, *, exclude: int | None = None) -> None:
    """The same name in the same neighbourhood, or the same phone (however written) or email
    address, as someone who takes part or is paused: ``DuplicateError`` naming them."""
    live = Participant.objects.exclude(status=Participant.Status.WITHDRAWN)
    if exclude is not None:
        live = live.exclude(pk=exclude)
    same = Q(
        first_name__iexact=data.first_name.strip(),
        last_name__iexact=data.last_name.strip(),
        neighbourhood_id=data.neighbourhood_id,
    )
    phone = "".join(ch for ch in data.phone if ch.isdigit())
    if len(phone) >= 6:
        same |= Q(phone_digits=phone)
    if data.email.strip():
        same |= Q(email__iexact=data.email.strip())
    existing = (
        live.annotate(phone_digits=_digits("phone"))
        .filter(same)
        .select_related("neighbourhood")
        .order_by("pk")
        .first()
    )
    if existing is not None:
        raise DuplicateError(
            _(
                "%(name)s in %(neighbourhood)s is already registered (same name and "
                "neighbourhood, phone or email). Open that profile, or tick that this is "
                "someone else."
            )
            % {"name": existing.full_name, "neighbourhood": existing.neighbourhood.name},
            existing,
        )


def _apply(participant: Participant, data: ProfileInput) -> None:
    participant.first_name = clean_text(data.first_name)
    participant.last_name = clean_text(data.last_name)
    participant.neighbourhood_id = data.neighbourhood_id
    participant.phone = clean_text(data.phone)
    participant.email = data.email.strip()
    participant.gender = data.gender
    participant.prefers_gender = data.prefers_gender
    participant.languages = sorted(set(data.languages))
    participant.reach = data.reach
    participant.radius_km = data.radius_km
    participant.capacity = data.capacity
    participant.note = clean_text(data.note, multiline=True)


def _write_offers_and_needs(participant: Participant, data: ProfileInput) -> None:
    """Offers are replaced; a need no longer asked for is closed, never deleted (proposals
    and their history point at it)."""
    Offer.objects.filter(participant=participant).exclude(skill_id__in=data.offers).delete()
    for skill_id, hours in data.offers.items():
        Offer.objects.update_or_create(
            participant=participant, skill_id=skill_id, defaults={"hours_per_week": hours}
        )
    open_needs = {
        n.skill_id: n for n in Need.objects.filter(participant=participant, status="open")
    }
    for skill_id, need in open_needs.items():
        if skill_id not in data.needs:
            need.status = Need.Status.CLOSED
            need.save(update_fields=["status"])
    for skill_id, (hours, urgency) in data.needs.items():
        existing = open_needs.get(skill_id)
        if existing is None:
            Need.objects.create(
                participant=participant, skill_id=skill_id, hours_per_week=hours, urgency=urgency
            )
        elif (existing.hours_per_week, existing.urgency) != (hours, urgency):
            existing.hours_per_week, existing.urgency = hours, urgency
            existing.save(update_fields=["hours_per_week", "urgency"])


@transaction.atomic
def participant_register(
    *,
    actor: Actor,
    data: ProfileInput,
    consent_given: bool,
    consent_by: str,
    not_a_duplicate: bool = False,
    resident: Resident | None = None,
    shared_by_team: str = "",
    plan_consent: bool = False,
) -> Participant:
    """Register someone with their explicit consent to be matched. A broker registers on
    someone's behalf (saying how consent was given); a district team registers its own
    client from the dossier (``resident``), with only what the resident chose to share."""
    if not consent_given:
        raise ValidationError(
            {"consent": _("Without the person's consent to be matched, nobody is registered.")}
        )
    if consent_by not in Participant.ConsentBy.values:
        raise ValidationError({"consent_by": _("Say how the person gave consent.")})
    _check_profile(data)
    if resident is not None and resident.age_on(timezone.localdate()) < MIN_AGE:
        raise DomainError(
            _("Residents register from the age of 16, with their own consent."), field="consent"
        )
    if resident is not None:
        existing = Participant.objects.filter(resident=resident).exclude(status="withdrawn").first()
        if existing is not None:
            raise DuplicateError(
                _("%(name)s is already registered with the social broker.")
                % {"name": resident.full_name},
                existing,
            )
    elif not not_a_duplicate:
        _refuse_duplicate(data)
    participant = Participant(
        consent_by=consent_by,
        consent_at=timezone.now(),
        registered_by=actor.account,
        resident=resident,
        shared_by_team=shared_by_team.strip(),
        plan_consent=plan_consent and resident is not None,
    )
    _apply(participant, data)
    participant.save()
    _write_offers_and_needs(participant, data)
    gate.log_participants(actor, [participant], event=Event.MATCHING_REGISTER)
    return participant


def _locked(participant: Participant, expected_version: int) -> Participant:
    fresh = Participant.objects.select_for_update().get(pk=participant.pk)
    if fresh.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this profile while you were editing it. Your input is "
                "kept below; check the profile again and save once more."
            )
        )
    if fresh.status == Participant.Status.WITHDRAWN:
        raise DomainError(_("This person withdrew their consent; the profile cannot change."))
    return fresh


@transaction.atomic
def participant_update(
    *,
    actor: Actor,
    participant: Participant,
    expected_version: int,
    data: ProfileInput,
    not_a_duplicate: bool = False,
) -> Participant:
    fresh = _locked(participant, expected_version)
    _check_profile(data)
    if fresh.resident_id is None and not not_a_duplicate:
        _refuse_duplicate(data, exclude=fresh.pk)
    _apply(fresh, data)
    fresh.version += 1
    fresh.save()
    _write_offers_and_needs(fresh, data)
    return fresh


# --- The resident's own profile (Mijn Nabij) -----------------------------------------------


@dataclass
class OwnChoices:
    """What a resident tells about themselves in Mijn Nabij: skills offered, skills asked for
    (with how urgent), languages, how far, how many at a time, how to be reached. The rest of
    the profile comes from their own record (name, the household's neighbourhood) or stays as
    the broker recorded it (hours, gender preference, the broker's note)."""

    offers: list[int]
    needs: dict[int, int]  # skill id -> urgency
    languages: list[str]
    reach: str = Reach.NEIGHBOURHOOD
    radius_km: Decimal = Decimal("2.0")
    capacity: int = 1
    phone: str = ""
    email: str = ""


def own_profile_input(
    *,
    resident: Resident,
    household: Household,
    choices: OwnChoices,
    existing: Participant | None = None,
) -> ProfileInput:
    offer_hours: dict[int, Decimal] = {}
    need_hours: dict[int, Decimal] = {}
    if existing is not None:
        offer_hours = {o.skill_id: o.hours_per_week for o in existing.offers.all()}
        need_hours = {
            n.skill_id: n.hours_per_week for n in existing.needs.filter(status=Need.Status.OPEN)
        }
    return ProfileInput(
        first_name=resident.first_name,
        last_name=resident.last_name,
        neighbourhood_id=household.neighbourhood_id,
        languages=list(choices.languages),
        offers={skill: offer_hours.get(skill, Decimal("2")) for skill in choices.offers},
        needs={
            skill: (need_hours.get(skill, Decimal("2")), urgency)
            for skill, urgency in choices.needs.items()
        },
        phone=choices.phone,
        email=choices.email,
        gender=existing.gender if existing is not None else "",
        prefers_gender=existing.prefers_gender if existing is not None else "",
        reach=choices.reach,
        radius_km=choices.radius_km,
        capacity=choices.capacity,
        note=existing.note if existing is not None else "",
    )


def own_register(
    *,
    actor: Actor,
    household: Household,
    choices: OwnChoices,
    consent_given: bool,
    plan_consent: bool = False,
) -> Participant:
    """The signed-in resident registers themselves, with their own explicit consent (recorded
    as given in Mijn Nabij); logged with the resident as the actor."""
    resident = actor.resident
    if resident is None:
        raise DomainError(_("Only a resident registers themselves."))
    return participant_register(
        actor=actor,
        data=own_profile_input(resident=resident, household=household, choices=choices),
        consent_given=consent_given,
        consent_by=Participant.ConsentBy.MIJN_NABIJ,
        resident=resident,
        plan_consent=plan_consent,
    )


@transaction.atomic
def own_update(
    *,
    actor: Actor,
    household: Household,
    participant: Participant,
    expected_version: int,
    choices: OwnChoices,
    plan_consent: bool,
) -> Participant:
    """The resident changes their own offers and needs, from the version they saw (409 when
    the broker or another device changed it meanwhile)."""
    resident = actor.resident
    if resident is None or participant.resident_id != resident.pk:
        raise DomainError(_("Only the resident changes their own profile here."))
    data = own_profile_input(
        resident=resident, household=household, choices=choices, existing=participant
    )
    fresh = participant_update(
        actor=actor, participant=participant, expected_version=expected_version, data=data
    )
    if fresh.plan_consent != plan_consent:
        fresh.plan_consent = plan_consent
        fresh.save(update_fields=["plan_consent", "updated_at"])
    return fresh


@transaction.atomic
def participant_set_paused(
    *, actor: Actor, participant: Participant, expected_version: int, paused: bool
) -> Participant:
    """A pause keeps the profile but takes the person out of new matching runs."""
    fresh = _locked(participant, expected_version)
    fresh.status = Participant.Status.PAUSED if paused else Participant.Status.ACTIVE
    fresh.version += 1
    fresh.save(update_fields=["status", "version", "updated_at"])
    return fresh


def _close(proposal: Proposal, status: str, *, notify: Iterable[int], kind: str) -> None:
    _transition(proposal, status)
    proposal.closed_at = timezone.now()
    _bump(proposal, "status", "closed_at")
    Notice.objects.bulk_create(
        Notice(participant_id=pid, proposal=proposal, kind=kind) for pid in notify
    )


def _transition(proposal: Proposal, status: str) -> None:
    if status not in PROPOSAL_TRANSITIONS.get(proposal.status, set()):
        raise DomainError(
            _("A proposal that is %(now)s cannot become %(next)s.")
            % {"now": proposal.get_status_display().lower(), "next": S(status).label.lower()},
            field="status",
        )
    proposal.status = status


@transaction.atomic
def consent_withdraw(*, actor: Actor, participant: Participant) -> list[Proposal]:
    """Withdrawal stops everything at once: every live proposal with this person is withdrawn,
    the others get a neutral notice (never the reason), open needs close, and contact details,
    notes and what the team shared are erased. The name stays with past exchanges."""
    fresh = Participant.objects.select_for_update().get(pk=participant.pk)
    if fresh.status == Participant.Status.WITHDRAWN:
        return []
    ids = ProposalParty.objects.filter(
        participant=fresh, proposal__status__in=Proposal.LIVE
    ).values_list("proposal_id", flat=True)
    live = list(Proposal.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk"))
    for proposal in live:
        others = proposal.parties.exclude(participant=fresh).values_list(
            "participant_id", flat=True
        )
        _close(proposal, S.WITHDRAWN, notify=list(others), kind=Notice.Kind.WITHDRAWN)
    Need.objects.filter(participant=fresh, status=Need.Status.OPEN).update(
        status=Need.Status.CLOSED
    )
    fresh.notices.filter(told_at__isnull=True).delete()
    fresh.status = Participant.Status.WITHDRAWN
    fresh.consent_withdrawn_at = timezone.now()
    fresh.phone = fresh.email = fresh.note = fresh.shared_by_team = ""
    fresh.plan_consent = False
    fresh.resident = None
    fresh.version += 1
    fresh.save()
    return live


# --- Matching runs --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seen:
    """What a run read of someone, to see afterwards whether it still holds."""

    version: int
    live: int
    open_needs: frozenset[int]


def _live_counts(ids: Iterable[int] | None = None) -> Counter[int]:
    parties = ProposalParty.objects.filter(proposal__status__in=Proposal.LIVE)
    if ids is not None:
        parties = parties.filter(participant_id__in=list(ids))
    return Counter(parties.values_list("participant_id", flat=True))


def _candidates(
    district: District | None, only: Collection[int] | None = None
) -> list[Participant]:
    participants = Participant.objects.filter(status=Participant.Status.ACTIVE)
    if district is not None:
        participants = participants.filter(neighbourhood__district=district)
    if only is not None:
        participants = participants.filter(pk__in=list(only))
    return list(participants.only(*PROFILE_FIELDS).order_by("pk"))


PROFILE_FIELDS = (
    "id",
    "neighbourhood_id",
    "languages",
    "gender",
    "prefers_gender",
    "reach",
    "radius_km",
    "capacity",
    "status",
    "resident_id",
    "version",
)


def profile_of(
    p: Participant,
    offers: Iterable[int],
    needs: Iterable[compatibility.NeedItem] = (),
    *,
    capacity: int,
) -> compatibility.Profile:
    """What the rules need of a participant (``PROFILE_FIELDS``), with their offers' skills."""
    return compatibility.Profile(
        id=p.pk,
        neighbourhood=p.neighbourhood_id,
        offers=frozenset(offers),
        needs=tuple(needs),
        languages=frozenset(p.languages or ()),
        gender=p.gender,
        prefers_gender=p.prefers_gender,
        radius_km=None if p.reach == Reach.NEIGHBOURHOOD else float(p.radius_km),
        capacity=capacity,
        active=p.status == Participant.Status.ACTIVE,
    )


def profiles_for(
    participants: list[Participant],
) -> tuple[list[compatibility.Profile], dict[int, _Seen], set[frozenset[int]]]:
    """The solver's view of these participants: remaining capacity, needs not yet being met,
    and the pairs it may not propose (refused before, or already together in a live one)."""
    ids = [p.pk for p in participants]
    live = _live_counts(ids)
    being_met = set(
        Gift.objects.filter(proposal__status__in=Proposal.LIVE, receiver_id__in=ids).values_list(
            "need_id", flat=True
        )
    )
    offers: dict[int, set[int]] = defaultdict(set)
    for pid, skill in Offer.objects.filter(participant_id__in=ids).values_list(
        "participant_id", "skill_id"
    ):
        offers[pid].add(skill)
    needs: dict[int, list[compatibility.NeedItem]] = defaultdict(list)
    open_needs: dict[int, set[int]] = defaultdict(set)
    for need_id, pid, skill, urgency in Need.objects.filter(
        participant_id__in=ids, status=Need.Status.OPEN
    ).values_list("id", "participant_id", "skill_id", "urgency"):
        open_needs[pid].add(need_id)
        if need_id not in being_met:
            needs[pid].append(compatibility.NeedItem(need_id, skill, urgency))
    blocked = {
        frozenset(pair)
        for pair in BlockedPair.objects.filter(lifted_at__isnull=True).values_list("low", "high")
    }
    together: dict[int, list[int]] = defaultdict(list)
    for proposal_id, pid in ProposalParty.objects.filter(
        proposal__status__in=Proposal.LIVE
    ).values_list("proposal_id", "participant_id"):
        together[proposal_id].append(pid)
    for members in together.values():
        blocked.update(frozenset((a, b)) for a in members for b in members if a < b)
    profiles = [
        profile_of(
            p,
            offers.get(p.pk, ()),
            needs.get(p.pk, ()),
            capacity=max(0, p.capacity - live.get(p.pk, 0)),
        )
        for p in participants
    ]
    seen = {
        p.pk: _Seen(p.version, live.get(p.pk, 0), frozenset(open_needs.get(p.pk, ())))
        for p in participants
    }
    return profiles, seen, blocked


def skill_groups() -> dict[int, str]:
    return dict(Skill.objects.filter(active=True).values_list("id", "group"))


def run_matching(
    *,
    actor: Actor,
    district: District | None = None,
    max_cycle: int = 3,
    max_chain: int = 3,
    time_limit: int = 10,
    exact: bool = True,
    only: Collection[int] | None = None,
    max_time_limit: int = JOB_MAX_TIME_LIMIT,
    progress: Callable[[int, int, str], None] | None = None,
    on_saved: Callable[[MatchRun], None] | None = None,
) -> MatchRun:
    """Propose the best set of swaps, rings and chains among active participants (``only``:
    among these participants alone, e.g. the few a broker has in mind).

    ``progress(done, total, phase)`` hears of each step; ``on_saved(run)`` is called inside the
    transaction that writes the run, so what it writes commits (or rolls back) with the run."""
    report = progress or (lambda done, total, phase: None)
    if not 0 <= max_cycle <= MAX_CYCLE_LIMIT or not 0 <= max_chain <= MAX_CHAIN_LIMIT:
        raise ValidationError(
            {"max_cycle": _("Rings and chains of at most %(n)d people.") % {"n": MAX_CYCLE_LIMIT}}
        )
    if not 1 <= time_limit <= max_time_limit:
        raise ValidationError(
            {"time_limit": _("A time limit between 1 and %(n)d seconds.") % {"n": max_time_limit}}
        )
    report(0, 3, _("Reading the register"))
    participants = _candidates(district, only)
    profiles, seen, blocked = profiles_for(participants)
    area = geo.area_geometry()

    def where(a: int, b: int) -> tuple[float | None, str]:
        return area.distance_km(a, b), area.nearness(a, b)

    report(1, 3, _("Looking for the best exchanges (at most %(n)d s)") % {"n": time_limit})
    result = compatibility.propose(
        profiles,
        skill_groups(),
        where,
        blocked=blocked,
        max_cycle=max_cycle,
        max_chain=max_chain,
        time_limit=time_limit,
        exact=exact,
    )
    report(2, 3, _("Writing the proposals"))
    with transaction.atomic():
        involved = {pid for e in result.exchanges for pid in e.participants}
        locked = {
            p.pk: p
            for p in Participant.objects.select_for_update()
            .filter(pk__in=involved)
            .only("id", "version", "status")
        }
        live_now = _live_counts(involved)
        needs_now: dict[int, set[int]] = defaultdict(set)
        for need_id, pid in Need.objects.filter(
            participant_id__in=involved, status=Need.Status.OPEN
        ).values_list("id", "participant_id"):
            needs_now[pid].add(need_id)

        def unchanged(pid: int) -> bool:
            p, before = locked.get(pid), seen[pid]
            return (
                p is not None
                and p.status == Participant.Status.ACTIVE
                and p.version == before.version
                and live_now.get(pid, 0) == before.live
                and needs_now.get(pid, set()) == before.open_needs
            )

        kept = [e for e in result.exchanges if all(unchanged(pid) for pid in e.participants)]
        run = MatchRun.objects.create(
            started_by=actor.account,
            district=district,
            max_cycle=max_cycle,
            max_chain=max_chain,
            time_limit=time_limit,
            participants=result.participants,
            volunteers=result.volunteers,
            arcs=result.arcs,
            objective=float(sum(e.weight for e in kept)),
            optimal=result.optimal and len(kept) == len(result.exchanges),
            gap=result.gap,
            seconds=round(result.seconds, 3),
            method=result.method,
            proposals=len(kept),
        )
        _write_proposals(run, kept)
        gate.log_participants(
            actor,
            participants,
            event=Event.MATCHING_RUN,
            detail=f"run {run.pk}: {len(participants)} profiles read",
        )
        if on_saved is not None:
            on_saved(run)
    return run


KIND = {"swap": Proposal.Kind.SWAP, "ring": Proposal.Kind.RING, "chain": Proposal.Kind.CHAIN}


def _write_proposals(run: MatchRun, exchanges: list[compatibility.ProposedExchange]) -> None:
    proposals = Proposal.objects.bulk_create(
        Proposal(run=run, kind=KIND[e.kind], weight=float(e.weight)) for e in exchanges
    )
    ProposalParty.objects.bulk_create(
        ProposalParty(proposal=proposal, participant_id=pid, position=i)
        for proposal, e in zip(proposals, exchanges, strict=True)
        for i, pid in enumerate(e.participants)
    )
    Gift.objects.bulk_create(
        Gift(
            proposal=proposal,
            position=i,
            giver_id=g.giver,
            receiver_id=g.receiver,
            offer_skill_id=g.offer_skill,
            need_id=g.need,
            fit=g.fit,
            distance_km=g.distance_km,
            nearness=g.nearness,
            urgency=g.urgency,
            reciprocal=g.reciprocal,
            weight=float(g.weight),
        )
        for proposal, e in zip(proposals, exchanges, strict=True)
        for i, g in enumerate(e.gifts)
    )


# --- The broker's workflow ------------------------------------------------------------------


def _locked_proposal(proposal: Proposal, expected_version: int) -> Proposal:
    fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if fresh.version != expected_version:
        raise ConflictError(
            _("This proposal changed while you were looking at it. Check it again and repeat.")
        )
    return fresh


def _bump(proposal: Proposal, *fields: str) -> None:
    proposal.version += 1
    proposal.save(update_fields=[*fields, "version"])


@transaction.atomic
def proposal_respond(
    *,
    actor: Actor,
    proposal: Proposal,
    expected_version: int,
    participant_id: int,
    agrees: bool,
    reason: str = "",
) -> Proposal:
    """Record one party's answer (the broker asked them). When all agree, the proposal is
    agreed and contact details may be shared; one refusal ends it, blocks the refuser's
    pairs in it from later runs, and leaves the others a neutral notice."""
    fresh = _locked_proposal(proposal, expected_version)
    if fresh.status != S.PROPOSED:
        raise DomainError(_("Answers are recorded only while a proposal is open."), field="status")
    party = fresh.parties.filter(participant_id=participant_id).first()
    if party is None:
        raise ValidationError({"participant": _("This person is not part of the proposal.")})
    if not agrees and not reason.strip():
        raise ValidationError(
            {"reason": _("Say briefly why, so the next run does not propose this again.")}
        )
    party.response = ProposalParty.Response.AGREED if agrees else ProposalParty.Response.DECLINED
    party.responded_at = timezone.now()
    party.decline_reason = "" if agrees else reason.strip()[:300]
    party.answered_via = (
        ProposalParty.AnsweredVia.MIJN_NABIJ
        if actor.resident is not None
        else ProposalParty.AnsweredVia.BROKER
    )
    party.save(update_fields=["response", "responded_at", "decline_reason", "answered_via"])
    if agrees:
        if not fresh.parties.exclude(response=ProposalParty.Response.AGREED).exists():
            _transition(fresh, S.AGREED)
            fresh.agreed_at = timezone.now()
            _bump(fresh, "status", "agreed_at")
        else:
            _bump(fresh)
    else:
        for gift in fresh.gifts.filter(Q(giver_id=participant_id) | Q(receiver_id=participant_id)):
            low, high = sorted((gift.giver_id, gift.receiver_id))
            BlockedPair.objects.get_or_create(
                low_id=low,
                high_id=high,
                lifted_at=None,
                defaults={"reason": party.decline_reason, "proposal": fresh},
            )
        others = fresh.parties.exclude(participant_id=participant_id)
        _close(
            fresh,
            S.DECLINED,
            notify=list(others.values_list("participant_id", flat=True)),
            kind=Notice.Kind.DECLINED,
        )
    return fresh


def proposal_answer_own(
    *, actor: Actor, proposal: Proposal, expected_version: int, agrees: bool, reason: str = ""
) -> Proposal:
    """The resident answers a proposal themselves (Mijn Nabij), through the same transition as
    an answer the broker records; the broker sees that the resident gave it. Only a party's
    own answer: the proposal must hold the resident's own profile."""
    resident_id = actor.resident_id
    party = (
        proposal.parties.filter(participant__resident_id=resident_id).first()
        if resident_id is not None
        else None
    )
    if party is None:
        raise DomainError(_("You are not part of this proposal."))
    return proposal_respond(
        actor=actor,
        proposal=proposal,
        expected_version=expected_version,
        participant_id=party.participant_id,
        agrees=agrees,
        reason=reason,
    )


@transaction.atomic
def proposal_introduce(
    *, actor: Actor, proposal: Proposal, expected_version: int, follow_up_on: dt.date
) -> Proposal:
    """Everyone agreed: the broker introduces them and agrees when to ask how it goes."""
    fresh = _locked_proposal(proposal, expected_version)
    today = timezone.localdate()
    if not today < follow_up_on <= today + dt.timedelta(days=366):
        raise ValidationError(
            {"follow_up_on": _("A follow-up date after today and within a year.")}
        )
    _transition(fresh, S.INTRODUCED)
    fresh.introduced_at = timezone.now()
    fresh.follow_up_on = follow_up_on
    _bump(fresh, "status", "introduced_at", "follow_up_on")
    return fresh


@transaction.atomic
def proposal_follow_up(
    *, actor: Actor, proposal: Proposal, expected_version: int, note: str
) -> Proposal:
    fresh = _locked_proposal(proposal, expected_version)
    if not note.strip():
        raise ValidationError({"note": _("Write down briefly how it is going.")})
    _transition(fresh, S.FOLLOWED_UP)
    fresh.followed_up_at = timezone.now()
    fresh.follow_up_note = note.strip()[:1000]
    _bump(fresh, "status", "followed_up_at", "follow_up_note")
    return fresh


@dataclass(frozen=True)
class Feedback:
    rating: str
    words: str = ""
    hours: Decimal | None = None


@transaction.atomic
def proposal_end(
    *,
    actor: Actor,
    proposal: Proposal,
    expected_version: int,
    feedback: dict[int, Feedback],
) -> Proposal:
    """End an exchange with short feedback from each side (``no_answer`` when someone could
    not be reached). A need is met unless its receiver says it did not go well; then it goes
    back into matching."""
    fresh = _locked_proposal(proposal, expected_version)
    parties = list(fresh.parties.all())
    missing = [p for p in parties if p.participant_id not in feedback]
    if missing:
        raise ValidationError({"feedback": _("Give the feedback of every participant.")})
    for party in parties:
        given = feedback[party.participant_id]
        if given.rating not in ProposalParty.Rating.values:
            raise ValidationError({"feedback": _("Choose how it went for every participant.")})
        if given.hours is not None and not Decimal("0") <= given.hours <= Decimal("2000"):
            raise ValidationError({"feedback": _("Hours between 0 and 2000.")})
        party.rating, party.feedback, party.hours = (
            given.rating,
            given.words.strip()[:500],
            given.hours,
        )
        party.save(update_fields=["rating", "feedback", "hours"])
    _transition(fresh, S.ENDED)
    fresh.closed_at = timezone.now()
    _bump(fresh, "status", "closed_at")
    poor = {p.participant_id for p in parties if p.rating == ProposalParty.Rating.POOR}
    met = [g.need_id for g in fresh.gifts.all() if g.receiver_id not in poor]
    Need.objects.filter(pk__in=met, status=Need.Status.OPEN).update(status=Need.Status.MET)
    return fresh


@transaction.atomic
def proposal_withdraw(*, actor: Actor, proposal: Proposal, expected_version: int) -> Proposal:
    """The broker stops a proposal; every party is told neutrally."""
    fresh = _locked_proposal(proposal, expected_version)
    everyone = list(fresh.parties.values_list("participant_id", flat=True))
    _close(fresh, S.WITHDRAWN, notify=everyone, kind=Notice.Kind.WITHDRAWN)
    return fresh


@transaction.atomic
def notice_told(*, actor: Actor, notice: Notice) -> Notice:
    fresh = Notice.objects.select_for_update().select_related("participant").get(pk=notice.pk)
    if fresh.told_at is None:
        fresh.told_at = timezone.now()
        fresh.told_by = actor.account
        fresh.save(update_fields=["told_at", "told_by"])
        gate.log_participants(actor, [fresh.participant], event=Event.MATCHING_NOTICE_TOLD)
    return fresh


@transaction.atomic
def block_lift(*, actor: Actor, block: BlockedPair, reason: str) -> BlockedPair:
    """Two people may be proposed to each other again, but only with a reason on record."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these two may be proposed again.")})
    fresh = BlockedPair.objects.select_for_update().select_related("low", "high").get(pk=block.pk)
    if fresh.lifted_at is not None:
        raise DomainError(_("This block was already lifted."))
    fresh.lifted_at = timezone.now()
    fresh.lifted_by = actor.account
    fresh.lift_reason = reason.strip()[:300]
    fresh.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    gate.log_participants(actor, [fresh.low, fresh.high], event=Event.MATCHING_BLOCK_LIFTED)
    return fresh


# --- The household plan ---------------------------------------------------------------------


@transaction.atomic
def record_in_plan(
    *,
    actor: Actor,
    household: Household,
    proposal: Proposal,
    participant: Participant,
    goal_id: int,
    expected_version: int,
) -> list[int]:
    """Put an introduced exchange in the household plan, with the resident's consent: what
    the resident receives as a network action, what they give as the household's own. It
    touches nothing else in the plan: help from the neighbourhood never replaces or delays
    professional support."""
    from nabij.plans import services as plan_services
    from nabij.plans.models import Action, Plan

    if (
        participant.resident_id is None
        or not household.memberships.filter(
            resident_id=participant.resident_id, ended_on__isnull=True
        ).exists()
    ):
        raise DomainError(_("This person is not a member of this household."))
    if not participant.plan_consent:
        raise DomainError(_("The resident did not consent to matches in the household plan."))
    party = (
        ProposalParty.objects.select_for_update()
        .filter(proposal=proposal, participant=participant)
        .first()
    )
    if party is None or proposal.status not in (S.INTRODUCED, S.FOLLOWED_UP, S.ENDED):
        raise DomainError(_("Only an exchange the broker introduced goes into the plan."))
    if party.recorded_in_plan_at is not None:
        raise DomainError(_("This exchange is already in the plan."))
    gifts = list(proposal.gifts.select_related("giver", "receiver", "need__skill", "offer_skill"))
    # The resident consented to this exchange in the plan (plan_consent): in a family group
    # plan, where professionals add only what the family asked for, that is the family's ask.
    asked = plan_services.plan_of(household).kind == Plan.Kind.FAMILY_GROUP
    version = expected_version
    created: list[int] = []
    for gift in gifts:
        if gift.receiver_id == participant.pk:
            giver = gift.giver
            member = NetworkMember.objects.create(
                household=household,
                name=f"{giver.first_name} {giver.last_name[:1]}.",
                relation=(
                    NetworkMember.Relation.VOLUNTEER
                    if not giver.needs.exists()
                    else NetworkMember.Relation.NEIGHBOUR
                ),
                relation_detail=_("via the social broker"),
                can_do=gift.offer_skill.name,
            )
            action = plan_services.action_add(
                actor=actor,
                household=household,
                expected_version=version,
                goal_id=goal_id,
                description=_("%(name)s helps with %(skill)s (via the social broker)")
                % {"name": giver.first_name, "skill": gift.need.skill.name.lower()},
                actor_kind=Action.ActorKind.NETWORK,
                network_member_id=member.pk,
                requested_by_family=asked,
            )
        elif gift.giver_id == participant.pk:
            action = plan_services.action_add(
                actor=actor,
                household=household,
                expected_version=version,
                goal_id=goal_id,
                description=_("%(name)s helps %(other)s with %(skill)s (via the social broker)")
                % {
                    "name": participant.first_name,
                    "other": gift.receiver.first_name,
                    "skill": gift.need.skill.name.lower(),
                },
                actor_kind=Action.ActorKind.HOUSEHOLD,
                requested_by_family=asked,
            )
        else:
            continue
        version += 1
        created.append(action.pk)
    party.recorded_in_plan_at = timezone.now()
    party.save(update_fields=["recorded_in_plan_at"])
    gate.log_participants(
        actor, [participant], event=Event.MATCHING_RECORD_IN_PLAN, household_id=household.pk
    )
    return created
