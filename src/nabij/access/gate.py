"""The one gate to personal data: every read or write asks here and leaves a log line.

Each ``*_for`` function checks the actor's right, writes an access-log row for every resident
concerned (granted or refused) and returns the object or raises. Views and API endpoints never
query personal data without passing through one of them. Every row is built by ``_entry``.

Unknown and forbidden objects give the same answer (``NotFound``, a 404), as Zulip does, so an
id reveals nothing; the refused row says which it was. ``AccessDenied`` (403) is for pages
without an object and for actions on an object the actor may see but not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, Prefetch, QuerySet
from django.db.models import Q as DbQ
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import rules
from nabij.access.enums import RESIDENT_ROLE, Event
from nabij.access.models import (
    AccessLogEntry,
    Outcome,
    Professional,
    Purpose,
    RecordedRequest,
    ResidentAccount,
    Role,
)
from nabij.core.client import client_address
from nabij.core.errors import DomainError
from nabij.core.ids import MAX_ID, in_range

if TYPE_CHECKING:
    from django.http import HttpRequest

    from nabij.areas.models import District
    from nabij.people.models import Household, Membership, Resident


class AccessDenied(Exception):
    """No right to this page or action; a refused row has been logged (403)."""


class NotFound(Exception):
    """Unknown, or not the actor's to see: one answer for both (404); the row was logged."""


class InvalidOnBehalf(DomainError):
    """``X-On-Behalf-Of`` must name a request recorded for this household; never free text."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field=ON_BEHALF_HEADER)


ON_BEHALF_HEADER = "X-On-Behalf-Of"


def _request_id(raw: str | None) -> int | None:
    """The recorded request an API call says it is made for, or ``None``."""
    value = (raw or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ID:
        raise InvalidOnBehalf(
            _("%(header)s takes the number of a recorded request, not text.")
            % {"header": ON_BEHALF_HEADER}
        )
    return int(value)


@dataclass(frozen=True)
class Actor:
    """Who acts, through which channel, from where, on which recorded request."""

    user: User | AnonymousUser
    professional: Professional | None
    channel: str = "web"
    client_address: str | None = None
    on_behalf_request_id: int | None = None
    os_user: str = ""  # the command line without an account: the operating-system user
    # A resident signed in with DigiD (Mijn Nabij): never together with ``professional``.
    resident: Resident | None = None

    @property
    def role(self) -> str:
        if self.resident is not None:
            return RESIDENT_ROLE
        return self.professional.role if self.professional else ""

    @property
    def resident_id(self) -> int | None:
        return self.resident.pk if self.resident is not None else None

    @property
    def account(self) -> User:
        """The signed-in user, for rows that record who did something."""
        if not isinstance(self.user, User):
            raise AccessDenied
        return self.user

    @property
    def username(self) -> str:
        if self.user.is_authenticated:
            return self.user.get_username()
        return f"os:{self.os_user}"[:150] if self.os_user else "anonymous"

    @classmethod
    def from_request(cls, request: HttpRequest, *, channel: str = "web") -> Actor:
        user: User | AnonymousUser = request.user  # type: ignore[assignment]
        professional = None
        resident = None
        if user.is_authenticated:
            account = getattr(request, "_nabij_resident_account", None)  # the middleware's
            if account is None:
                professional = (
                    Professional.objects.select_related("user", "team", "organisation")
                    .filter(user=user)
                    .first()
                )
            if professional is None:
                account = account or (
                    ResidentAccount.objects.select_related("resident").filter(user=user).first()
                )
                resident = account.resident if account is not None else None
        return cls(
            user=user,
            professional=professional,
            resident=resident,
            channel=channel,
            client_address=client_address(request),
            on_behalf_request_id=(
                _request_id(request.headers.get(ON_BEHALF_HEADER)) if channel == "api" else None
            ),
        )


def _entry(
    actor: Actor,
    *,
    event: Event,
    outcome: Outcome,
    purpose: Purpose,
    resident_id: int | None = None,
    household_id: int | None = None,
    participant_id: int | None = None,
    detail: str = "",
    request: RecordedRequest | None = None,
) -> AccessLogEntry:
    """The one builder of access-log rows (NEN 7513: who, in which role, on which recorded
    request, did what to whose data, why, through which channel, from where, when).

    An id past 64 bits (a probe) cannot be stored: it is kept as NULL with the id as written in
    ``detail``, so the refusal is still logged instead of failing to insert.
    """
    wild = [
        f"{name} {value}"
        for name, value in (
            ("household", household_id),
            ("participant", participant_id),
            ("resident", resident_id),
        )
        if value is not None and not in_range(value)
    ]
    if wild:
        household_id = household_id if in_range(household_id) else None
        participant_id = participant_id if in_range(participant_id) else None
        resident_id = resident_id if in_range(resident_id) else None
        detail = " ".join([detail, "out of range:", *wild]).strip()
    return AccessLogEntry(
        event=event,
        outcome=outcome,
        purpose=purpose,
        user=actor.user if actor.user.is_authenticated else None,  # type: ignore[misc]
        username=actor.username,
        role=actor.role,
        on_behalf_of=str(request)[:200] if request is not None else "",
        request_id=request.pk if request is not None else None,
        resident_id=resident_id,
        household_id=household_id,
        participant_id=participant_id,
        channel=actor.channel,
        client_address=actor.client_address,
        detail=detail[:255],
    )


def log(
    actor: Actor,
    *,
    event: Event,
    outcome: Outcome,
    purpose: Purpose,
    resident_ids: Iterable[int | None] = (None,),
    household_id: int | None = None,
    participant_id: int | None = None,
    detail: str = "",
    request: RecordedRequest | None = None,
) -> None:
    """Append one row per resident concerned (or one row without a resident)."""
    AccessLogEntry.objects.bulk_create(
        _entry(
            actor,
            event=event,
            outcome=outcome,
            purpose=purpose,
            resident_id=resident_id,
            household_id=household_id,
            participant_id=participant_id,
            detail=detail,
            request=request,
        )
        for resident_id in resident_ids
    )


def log_each(
    actor: Actor,
    items: Iterable[tuple[Event, int | None, int | None, str]],
    *,
    outcome: Outcome,
    purpose: Purpose,
) -> None:
    """One row per item (event, resident, household, detail), written in one insert: for a
    batch, such as an import, in which each item is logged on its own."""
    AccessLogEntry.objects.bulk_create(
        (
            _entry(
                actor,
                event=event,
                outcome=outcome,
                purpose=purpose,
                resident_id=resident_id,
                household_id=household_id,
                detail=detail,
            )
            for event, resident_id, household_id, detail in items
        ),
        batch_size=2_000,
    )


def purpose_for(actor: Actor, household: Household) -> Purpose:
    if actor.professional and rules.is_assigned(actor.professional, household):
        return Purpose.CARE
    return Purpose.COORDINATION


def _member_ids(household: Household) -> list[int | None]:
    ids: list[int | None] = [
        m.resident_id for m in household.memberships.all() if m.ended_on is None
    ]
    return ids or [None]


def _household_query() -> QuerySet[Household]:
    """The household with what the rules and the dossier need, read once per request."""
    from nabij.access.models import Assignment
    from nabij.people.models import Household, Membership

    return Household.objects.select_related(
        "team", "neighbourhood__district", "address"
    ).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("resident").order_by("started_on", "id"),
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related(
                "professional__user", "professional__organisation"
            ).order_by("kind", "started_on", "id"),
        ),
    )


def _recorded_request(
    actor: Actor, household: Household, *, event: Event, resident_ids: list[int | None]
) -> RecordedRequest | None:
    """The request this access is made on, checked against the register: recorded for this
    household and valid today. Anything else is refused and logged."""
    if actor.on_behalf_request_id is None:
        return None
    today = timezone.localdate()
    request = RecordedRequest.objects.filter(
        pk=actor.on_behalf_request_id,
        household_id=household.pk,
        received_on__lte=today,
        valid_until__gte=today,
    ).first()
    if request is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.CARE,
            resident_ids=resident_ids,
            household_id=household.pk,
            detail=f"request {actor.on_behalf_request_id} not recorded for this household",
        )
        raise InvalidOnBehalf(
            _("No request with this number is recorded and valid for this household.")
        )
    return request


def _grant(
    actor: Actor,
    household: Household,
    *,
    event: Event,
    resident_ids: list[int | None],
    allowed: bool,
    also: bool = True,
) -> None:
    """Refuse (unknown-or-forbidden as 404, a visible household's forbidden action as 403) or
    grant, with the log rows of either."""
    if not allowed or not also:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.CARE,
            resident_ids=resident_ids,
            household_id=household.pk,
            detail="forbidden" if not allowed else "not allowed for this action",
        )
        raise NotFound if not allowed else AccessDenied
    request = _recorded_request(actor, household, event=event, resident_ids=resident_ids)
    log(
        actor,
        event=event,
        outcome=Outcome.GRANTED,
        purpose=purpose_for(actor, household),
        resident_ids=resident_ids,
        household_id=household.pk,
        request=request,
    )


def _known_household(
    actor: Actor, household_id: int, *, event: Event, purpose: Purpose
) -> Household:
    """The household with what the rules need, or a refused row and ``NotFound``."""
    household = _household_query().filter(pk=household_id).first()
    if household is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=purpose,
            household_id=household_id,
            detail="not found",
        )
        raise NotFound
    return household


def household_for(
    actor: Actor,
    household_id: int,
    *,
    event: Event,
    also: Callable[[Professional | None, Household], bool] | None = None,
) -> Household:
    """The household if the actor may work on it (read or write); logged either way.

    ``also`` is a further rule for this action (e.g. only the team coordinator assigns); it is
    checked before anything is granted, so a refusal leaves no granted row behind.
    """
    household = _known_household(actor, household_id, event=event, purpose=Purpose.CARE)
    allowed = rules.can_work_on_household(actor.professional, household)
    _grant(
        actor,
        household,
        event=event,
        resident_ids=_member_ids(household),
        allowed=allowed,
        also=allowed and (also is None or also(actor.professional, household)),
    )
    return household


def resident_for(actor: Actor, resident_id: int, *, event: Event) -> tuple[Resident, Household]:
    """A resident through their current household (or, for someone who left every household,
    the last one), if the actor may work on it; logged for that resident only.

    The current membership (at most one, a database constraint) is picked by ``ended_on IS
    NULL``, never by how a database sorts NULLs (PostgreSQL puts them last, SQLite first).
    """
    from nabij.people.models import Membership

    memberships = Membership.objects.select_related("resident", "household__team").filter(
        resident_id=resident_id
    )
    membership = (
        (
            memberships.filter(ended_on__isnull=True).first()
            or memberships.order_by("-ended_on", "-started_on", "-pk").first()
        )
        if in_range(resident_id)  # a foreign-key lookup past 64 bits crashes the driver
        else None
    )
    if membership is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.CARE,
            detail=f"resident {resident_id} not found",
        )
        raise NotFound
    household = membership.household
    _grant(
        actor,
        household,
        event=event,
        resident_ids=[resident_id],
        allowed=rules.can_work_on_household(actor.professional, household),
    )
    return membership.resident, household


def caseload_for(actor: Actor) -> QuerySet[Household]:
    """Households the actor may work on; empty for roles without case files.

    The caller logs the rows it actually shows with ``log_listed``.
    """
    from nabij.people.models import Household

    if not rules.has_case_role(actor.professional):
        log(actor, event=Event.CASELOAD_LIST, outcome=Outcome.REFUSED, purpose=Purpose.CARE)
        raise AccessDenied
    return Household.objects.filter(rules.household_filter(actor.professional)).distinct()


def log_listed(
    actor: Actor,
    households: Iterable[Household],
    *,
    event: Event,
    purpose: Purpose = Purpose.CARE,
) -> None:
    """Log that these households' current members were shown in a list."""
    from nabij.people.models import Membership

    ids = [h.pk for h in households]
    if not ids:
        return
    pairs = Membership.objects.filter(household_id__in=ids, ended_on__isnull=True).values_list(
        "household_id", "resident_id"
    )
    AccessLogEntry.objects.bulk_create(
        _entry(
            actor,
            event=event,
            outcome=Outcome.GRANTED,
            purpose=purpose,
            resident_id=resident_id,
            household_id=household_id,
        )
        for household_id, resident_id in pairs
    )


def household_for_review(actor: Actor, household_id: int, *, event: Event) -> Household:
    """A household whose cost projection someone outside its team reviews (the four eyes of a
    saving return, ``rules.can_approve_projection``): never its dossier, only the projection's
    figures. Logged for every current member either way, with that purpose; a refusal is a 403
    (the reviewer reached it from a list of projections, so its existence is no secret)."""
    household = _known_household(
        actor, household_id, event=event, purpose=Purpose.PROJECTION_REVIEW
    )
    allowed = rules.can_approve_projection(actor.professional, household)
    log(
        actor,
        event=event,
        outcome=Outcome.GRANTED if allowed else Outcome.REFUSED,
        purpose=Purpose.PROJECTION_REVIEW,
        resident_ids=_member_ids(household),
        household_id=household.pk,
        detail="" if allowed else "not independent of the household's team",
    )
    if not allowed:
        raise AccessDenied
    return household


def require(actor: Actor, allowed: Callable[[Professional | None], bool], *, event: Event) -> None:
    """Pages and changes without personal data (aggregates, prices, configuration): the rule
    from ``rules``, refusals logged (a 403: there is no object whose existence to hide)."""
    if not allowed(actor.professional):
        log(actor, event=event, outcome=Outcome.REFUSED, purpose=Purpose.ADMINISTRATION)
        raise AccessDenied


def require_role(actor: Actor, roles: Iterable[str], *, event: Event) -> None:
    """``require`` by role."""
    wanted = set(roles)
    require(actor, lambda p: p is not None and p.role in wanted, event=event)


class _Fund(Protocol):
    district_id: int


FundT = TypeVar("FundT", bound=_Fund)
DistrictT = TypeVar("DistrictT", bound="District")


def _in_district(
    actor: Actor,
    code: str,
    district_id: int | None,
    *,
    event: Event,
    rule: Callable[[Professional | None, int], bool],
    log_grant: bool,
    missing: str,
) -> None:
    """What a district's fund, plan or account pages share: ``rule`` for the district (``None``
    when the code names none), a refusal logged, 404 for an unknown code, 403 for a refusal."""
    allowed = district_id is not None and rule(actor.professional, district_id)
    if not allowed or log_grant:
        log(
            actor,
            event=event,
            outcome=Outcome.GRANTED if allowed else Outcome.REFUSED,
            purpose=Purpose.ADMINISTRATION,
            detail=code[:20] if district_id is not None else f"{missing} {code[:20]}",
        )
    if district_id is None:
        raise NotFound
    if not allowed:
        raise AccessDenied


def fund_for(
    actor: Actor,
    code: str,
    *,
    load: Callable[[str], FundT | None],
    event: Event,
    rule: Callable[[Professional | None, int], bool] = rules.can_view_fund,
    log_grant: bool = False,
) -> FundT:
    """A district's area fund (``load``: funds' selector, so the gate imports no funds code) if
    ``rule`` lets the actor in. The fund itself holds no personal data: refusals are logged
    here, and the caller logs the households its page shows (``log_listed``)."""
    fund = load(code)
    district_id = fund.district_id if fund is not None else None
    _in_district(
        actor, code, district_id, event=event, rule=rule, log_grant=log_grant, missing="no fund"
    )
    assert fund is not None
    return fund


def district_for(
    actor: Actor,
    code: str,
    *,
    load: Callable[[str], DistrictT | None],
    event: Event,
    rule: Callable[[Professional | None, int], bool],
    log_grant: bool = False,
) -> DistrictT:
    """A district (``load``: the caller's selector, which decides which codes have pages) if
    ``rule`` lets the actor in for it: area plans and the like, no personal data."""
    district = load(code)
    district_id = district.pk if district is not None else None
    _in_district(
        actor, code, district_id, event=event, rule=rule, log_grant=log_grant, missing="no district"
    )
    assert district is not None
    return district


def may_reveal_bsn(actor: Actor, household: Household) -> bool:
    return rules.can_reveal_bsn(actor.professional, household)


CASE_ROLES = (Role.PROFESSIONAL, Role.TEAM_COORDINATOR)
AGGREGATE_ROLES = (Role.TEAM_COORDINATOR, Role.POLICY_ANALYST)


# --- Offers and needs (the social broker's register) -----------------------------------------


def _resident_household(resident_id: int | None) -> Household | None:
    """The resident's current household, with what the rules need, or ``None``."""
    if resident_id is None:
        return None
    return (
        _household_query()
        .filter(memberships__resident_id=resident_id, memberships__ended_on__isnull=True)
        .first()
    )


def log_participants(
    actor: Actor,
    participants: Iterable[ParticipantRecord],
    *,
    event: Event,
    outcome: Outcome = Outcome.GRANTED,
    household_id: int | None = None,
    detail: str = "",
) -> None:
    """One row per participant whose offer/need profile was read, listed or changed; a
    participant linked to a resident also shows in that resident's own access log."""
    if actor.resident is not None:  # a resident's own neighbourhood help (Mijn Nabij)
        purpose = Purpose.OWN_DATA
    else:
        purpose = Purpose.MATCHING if rules.is_broker(actor.professional) else Purpose.CARE
    rows = [
        _entry(
            actor,
            event=event,
            outcome=outcome,
            purpose=purpose,
            resident_id=p.resident_id,
            household_id=household_id,
            participant_id=p.pk,
            detail=detail,
        )
        for p in participants
    ]
    if rows:  # bulk_create of an empty generator still opens and commits a transaction
        AccessLogEntry.objects.bulk_create(rows)


class ParticipantRecord(Protocol):
    """What the gate needs of a matching participant (``nabij.matching.models.Participant``).
    The gate does not import matching: matching hands it its own rows (``load``)."""

    @property
    def pk(self) -> Any: ...

    @property
    def resident_id(self) -> int | None: ...


class ProposalRecord(Protocol):
    """What the gate needs of a proposal: its id and the participants of its parties."""

    @property
    def pk(self) -> Any: ...

    def party_participants(self) -> Iterable[ParticipantRecord]: ...


P = TypeVar("P", bound=ParticipantRecord)
Q = TypeVar("Q", bound=ProposalRecord)


def participant_for(
    actor: Actor,
    participant_id: int,
    *,
    load: Callable[[int], P | None],
    event: Event,
    broker_only: bool = False,
) -> P:
    """A participant's offer/need profile if the actor may see it; ``broker_only`` for the
    broker's own pages and every change. Logged either way. ``load`` is matching's selector."""
    participant = load(participant_id)
    if participant is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.MATCHING,
            participant_id=participant_id,
            detail="not found",
        )
        raise NotFound
    household = None
    if not rules.is_broker(actor.professional):
        household = _resident_household(participant.resident_id)
    allowed = (
        rules.can_broker_participant(actor.professional)
        if broker_only
        else rules.can_see_participant(actor.professional, household)
    )
    household_id = household.pk if household is not None else None
    if not allowed:
        visible = rules.can_see_participant(actor.professional, household)
        log_participants(
            actor,
            [participant],
            event=event,
            outcome=Outcome.REFUSED,
            household_id=household_id,
            detail="not allowed for this action" if visible else "forbidden",
        )
        raise AccessDenied if visible else NotFound
    log_participants(actor, [participant], event=event, household_id=household_id)
    return participant


def proposal_for(
    actor: Actor, proposal_id: int, *, load: Callable[[int], Q | None], event: Event
) -> Q:
    """A proposal with its parties and gifts, for the broker only; every party's profile
    shown is logged (a refusal or an unknown id too). ``load`` is matching's selector."""
    require_broker(actor, event=event)
    proposal = load(proposal_id)
    if proposal is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.MATCHING,
            detail=f"proposal {proposal_id} not found",
        )
        raise NotFound
    log_participants(
        actor,
        proposal.party_participants(),
        event=event,
        detail=f"proposal {proposal.pk}",
    )
    return proposal


def require_broker(actor: Actor, *, event: Event) -> None:
    """Pages of the register as a whole (lists, runs, the map): social brokers only."""
    if not rules.is_broker(actor.professional):
        log(actor, event=event, outcome=Outcome.REFUSED, purpose=Purpose.MATCHING)
        raise AccessDenied


# --- Residents: their own household (Mijn Nabij) -------------------------------------------------


@dataclass(frozen=True)
class OwnHousehold:
    """What a signed-in resident reaches: their current membership and its household."""

    resident: Resident
    membership: Membership
    household: Household

    @property
    def current_members(self) -> list[Membership]:
        day = timezone.localdate()
        return [
            m
            for m in self.household.memberships.all()
            if rules.membership_current_on(m.ended_on, day) and m.started_on <= day
        ]

    @property
    def visible_resident_ids(self) -> set[int]:
        """Whose personal data this resident sees: their own, and their children under 16
        when they have parental authority (``rules.resident_sees_member``)."""
        day = timezone.localdate()
        return {
            m.resident_id
            for m in self.current_members
            if rules.resident_sees_member(self.membership, m, day)
        }

    @property
    def address_visible(self) -> bool:
        return rules.household_address_visible(self.membership, self.current_members)


def own_household_for(
    actor: Actor,
    *,
    event: Event,
    subjects: Iterable[int | None] | Callable[[OwnHousehold], Iterable[int | None]] | None = None,
) -> OwnHousehold:
    """The signed-in resident's own household, logged with the resident as the actor.

    ``subjects`` are the residents whose data this read or write concerns (default: every
    current member, for the plan and other household data); a callable gets the household
    first (whose data a page shows can depend on who is asking). A professional, a former
    member or a child under 16 is refused (403: there is no object in the path to hide).
    """
    own = _own(actor, event=event)
    if callable(subjects):
        subjects = subjects(own)
    ids = (
        list(subjects)
        if subjects is not None
        else [m.resident_id for m in own.current_members] or [own.resident.pk]
    )
    log(
        actor,
        event=event,
        outcome=Outcome.GRANTED,
        purpose=Purpose.OWN_DATA,
        resident_ids=ids or [None],
        household_id=own.household.pk,
    )
    return own


def _current_member(actor: Actor, *, event: Event, purpose: Purpose) -> tuple[Resident, Membership]:
    """The signed-in resident and their current membership; a professional, a former member or
    a child under 16 is refused here (403, logged with ``purpose``)."""
    resident = actor.resident
    membership = (
        rules.resident_membership(resident, timezone.localdate()) if resident is not None else None
    )
    if resident is None or membership is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=purpose,
            resident_ids=[resident.pk if resident is not None else None],
            detail="no resident account" if resident is None else "no current membership",
        )
        raise AccessDenied
    return resident, membership


def _own(actor: Actor, *, event: Event) -> OwnHousehold:
    """The resident's current household, nothing logged yet; a professional, a former member
    or a child under 16 is refused here (403, logged)."""
    resident, membership = _current_member(actor, event=event, purpose=Purpose.OWN_DATA)
    household = _household_query().get(pk=membership.household_id)
    return OwnHousehold(resident=resident, membership=membership, household=household)


T = TypeVar("T")


def own_item_for(
    actor: Actor,
    *,
    event: Event,
    load: Callable[[OwnHousehold], T | None],
    subjects: Callable[[OwnHousehold, T], Iterable[int | None]] | None = None,
    item: str = "item",
) -> tuple[OwnHousehold, T]:
    """One item of the resident's own household named in the path (a network entry, say).

    ``load`` is the app's selector: it returns the item only if this member may see it (their
    household's, and not another member's "alleen voor mij"). Anything else, unknown or not
    theirs, is one answer (404), logged as refused; a granted item is logged for ``subjects``
    (default: every current member).
    """
    own = _own(actor, event=event)
    found = load(own)
    if found is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.OWN_DATA,
            resident_ids=[own.resident.pk],
            household_id=own.household.pk,
            detail=f"{item} not found or not theirs",
        )
        raise NotFound
    ids = (
        list(subjects(own, found))
        if subjects is not None
        else [m.resident_id for m in own.current_members]
    )
    log(
        actor,
        event=event,
        outcome=Outcome.GRANTED,
        purpose=Purpose.OWN_DATA,
        resident_ids=ids or [own.resident.pk],
        household_id=own.household.pk,
    )
    return own, found


def own_proposal_for(
    actor: Actor, proposal_id: int, *, load: Callable[[int], Q | None], event: Event
) -> tuple[OwnHousehold, Q]:
    """A neighbourhood-help proposal in which the signed-in resident is a party (Mijn Nabij:
    they answer it themselves). Every party's profile shown is logged with the resident as the
    actor; a proposal they are not in answers as an unknown one (404, logged)."""
    own = _own(actor, event=event)
    proposal = load(proposal_id)
    parties = list(proposal.party_participants()) if proposal is not None else []
    if proposal is None or not rules.resident_in_parties(
        own.resident.pk, [p.resident_id for p in parties]
    ):
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.OWN_DATA,
            resident_ids=[own.resident.pk],
            household_id=own.household.pk,
            detail=f"proposal {proposal_id} not found or not theirs",
        )
        raise NotFound
    log_participants(
        actor, parties, event=event, household_id=own.household.pk, detail=f"proposal {proposal.pk}"
    )
    return own, proposal


# --- Citizen initiatives (Buurtkracht, issue 12) ---------------------------------------------


class InitiativeRecord(Protocol):
    """What the gate needs of an initiative (``nabij.initiatives.models.Initiative``): its
    district and its current contact persons' residents. The gate imports no initiatives code:
    the app hands it its own rows (``load``)."""

    @property
    def pk(self) -> Any: ...

    @property
    def district_id(self) -> int: ...

    def contact_resident_ids(self) -> list[int]: ...


IR = TypeVar("IR", bound=InitiativeRecord)


def participating_resident(actor: Actor, *, event: Event) -> Resident:
    """The signed-in resident who takes part (registers an initiative, reads their own): a
    current member of 16 or over, signed in with DigiD. Anyone else is refused (403, logged)."""
    return _current_member(actor, event=event, purpose=Purpose.PARTICIPATION)[0]


def initiative_for(
    actor: Actor,
    initiative_id: int,
    *,
    load: Callable[[int], IR | None],
    event: Event,
    also: Callable[[Professional | None, int], bool] | None = None,
) -> IR:
    """An initiative the actor stewards (``rules.can_steward_initiative``: a current contact
    person, or a member of a team working in its district); ``also`` a further rule for this
    action. An unknown id is a 404, a refusal a 403 (the register is public, so an id reveals
    nothing); either is logged. A grant logs nothing here: the caller logs the contact persons
    it shows or changes (purpose participation)."""
    initiative = load(initiative_id) if in_range(initiative_id) else None
    if initiative is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PARTICIPATION,
            detail=f"initiative {initiative_id} not found",
        )
        raise NotFound
    allowed = rules.can_steward_initiative(
        actor.professional,
        actor.resident_id,
        initiative.district_id,
        initiative.contact_resident_ids(),
    ) and (also is None or also(actor.professional, initiative.district_id))
    if not allowed:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PARTICIPATION,
            detail=f"initiative {initiative.pk}",
        )
        raise AccessDenied
    return initiative


def log_contacts(
    actor: Actor, resident_ids: Iterable[int], *, event: Event, detail: str = ""
) -> None:
    """Contact persons' data read or changed (their names, roles, consent): one granted row
    per resident, purpose participation; nothing when there are none."""
    ids = sorted(set(resident_ids))
    if ids:
        log(
            actor,
            event=event,
            outcome=Outcome.GRANTED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=ids,
            detail=detail,
        )


# --- Citizen initiatives: applications and the right to challenge (issue 12) -----------------


def initiative_item_for(
    actor: Actor,
    item_id: int,
    *,
    load: Callable[[int], T | None],
    event: Event,
    allowed: Callable[[T], bool],
    why: Callable[[T], str] | None = None,
    item: str = "item",
    log_grant: bool = False,
) -> T:
    """An initiative, or an application or challenge of one (``load``: the app's selector, so
    the gate imports no initiatives code), if ``allowed`` lets the actor act on it.

    Initiatives are public, so their existence is no secret: an unknown id is a 404, a refusal
    a 403 whose page says ``why``; both are logged (purpose participation). ``log_grant``: a
    resident's own act (an application, its account) is logged with the resident as the actor.
    """
    found = load(item_id) if in_range(item_id) else None
    if found is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[actor.resident_id],
            detail=f"{item} {item_id} not found",
        )
        raise NotFound
    if not allowed(found):
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[actor.resident_id],
            detail=f"{item} {item_id}",
        )
        raise AccessDenied(why(found) if why is not None else "")
    if log_grant:
        log(
            actor,
            event=event,
            outcome=Outcome.GRANTED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[actor.resident_id],
            detail=f"{item} {item_id}",
        )
    return found


# --- Neighbourhood budgets (issue 12): a resident's part in a round ------------------------------


class RoundRecord(Protocol):
    """What the gate needs of a budget round (``nabij.budgets.models.BudgetRound``)."""

    @property
    def pk(self) -> Any: ...

    district_id: int
    neighbourhood_id: int | None
    min_age: int


@dataclass(frozen=True)
class RoundResident:
    """A resident who may take part in a round, with the neighbourhood they take part from
    (the neighbourhood of their current household: a ballot records it, for the result's
    'what each neighbourhood decided')."""

    resident: Resident
    neighbourhood_id: int


def round_membership(resident: Resident, budget_round: RoundRecord) -> Membership | None:
    """The resident's current membership if it makes them a participant of the round today
    (``rules.may_take_part_in_round``), else ``None``. One query."""
    from nabij.people.models import Membership

    day = timezone.localdate()
    membership = (
        Membership.objects.select_related("household__neighbourhood")
        .filter(DbQ(ended_on__isnull=True) | DbQ(ended_on__gt=day), resident_id=resident.pk)
        .filter(started_on__lte=day)
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on")
        .first()
    )
    if membership is None:
        return None
    neighbourhood = membership.household.neighbourhood
    allowed = rules.may_take_part_in_round(
        age=resident.age_on(day),
        min_age=budget_round.min_age,
        membership_current=rules.membership_current_on(membership.ended_on, day),
        lives_in_area=rules.in_round_area(
            neighbourhood.pk,
            neighbourhood.district_id,
            round_district_id=budget_round.district_id,
            round_neighbourhood_id=budget_round.neighbourhood_id,
        ),
    )
    return membership if allowed else None


def round_resident_for(
    actor: Actor, budget_round: RoundRecord, *, event: Event, detail: str = ""
) -> RoundResident:
    """The signed-in (DigiD) resident if they may take part in this round: a current member of
    a household in the round's area, at least the round's minimum age today. Logged for that
    resident only, purpose participation, granted or refused (403); never what they chose."""
    resident = actor.resident
    membership = round_membership(resident, budget_round) if resident is not None else None
    where = f"round {budget_round.pk}"
    if resident is None or membership is None:
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[resident.pk if resident is not None else None],
            detail=f"{where}: "
            + ("no resident account" if resident is None else "not a participant of the round"),
        )
        raise AccessDenied
    log(
        actor,
        event=event,
        outcome=Outcome.GRANTED,
        purpose=Purpose.PARTICIPATION,
        resident_ids=[resident.pk],
        household_id=membership.household_id,
        detail=" ".join([where, detail]).strip(),
    )
    return RoundResident(resident=resident, neighbourhood_id=membership.household.neighbourhood_id)


def round_author_for(
    actor: Actor, budget_round: RoundRecord, author_id: int | None, *, event: Event
) -> RoundResident:
    """``round_resident_for``, and the resident made the proposal (``rules.is_proposal_author``);
    anyone else is refused (403, logged)."""
    resident_id = actor.resident_id
    if not rules.is_proposal_author(resident_id, author_id):
        log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[resident_id],
            detail=f"round {budget_round.pk}: not the proposal's author",
        )
        raise AccessDenied
    return round_resident_for(actor, budget_round, event=event)
