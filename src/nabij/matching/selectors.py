"""Reads for the broker's pages and the dossier's panel. Callers log what they show."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from nabij.areas import selectors as area_selectors
from nabij.areas.models import District, Municipality
from nabij.matching.models import (
    BlockedPair,
    Gift,
    MatchRun,
    Need,
    Notice,
    Offer,
    Participant,
    Proposal,
    ProposalParty,
    Skill,
)
from nabij.people.models import Household, Resident

PAGE_SIZE = 25
OPEN_NEEDS_SHOWN = 30
LISTED = 6  # proposals per list on the overview; the proposals page has them all


def skills() -> list[Skill]:
    return list(Skill.objects.filter(active=True).order_by("position", "code"))


def districts() -> QuerySet[District]:
    return District.objects.select_related("municipality").defer("boundary").order_by("name")


def _with_profile(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    return participants.select_related("neighbourhood__district").prefetch_related(
        Prefetch("offers", queryset=Offer.objects.select_related("skill")),
        Prefetch(
            "needs",
            queryset=Need.objects.filter(status=Need.Status.OPEN).select_related("skill"),
            to_attr="open_needs",
        ),
    )


def participant_queryset(
    *, query: str = "", district_id: int | None = None, status: str = ""
) -> QuerySet[Participant]:
    """Participants by name words, district and status (withdrawn left out by default)."""
    participants = Participant.objects.all()
    if query:
        for word in query.split()[:4]:
            participants = participants.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
    if district_id:
        participants = participants.filter(neighbourhood__district_id=district_id)
    if status in Participant.Status.values:
        participants = participants.filter(status=status)
    else:
        participants = participants.exclude(status=Participant.Status.WITHDRAWN)
    return _with_profile(participants).order_by("last_name", "first_name", "id")


def participant_page(
    *, query: str = "", district_id: int | None = None, status: str = "", page: str | None = None
) -> Page:
    found = participant_queryset(query=query, district_id=district_id, status=status)
    return Paginator(found, PAGE_SIZE).get_page(page)


def _proposal_query() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("run").prefetch_related(
        Prefetch(
            "parties",
            queryset=ProposalParty.objects.select_related("participant__neighbourhood"),
        ),
        Prefetch(
            "gifts",
            queryset=Gift.objects.select_related("giver", "receiver", "offer_skill", "need__skill"),
        ),
    )


def participant(participant_id: int) -> Participant | None:
    """One participant with its area, for ``gate.participant_for`` (which checks and logs)."""
    return (
        Participant.objects.select_related("neighbourhood__district")
        .filter(pk=participant_id)
        .first()
    )


def proposal(proposal_id: int) -> Proposal | None:
    return _proposal_query().filter(pk=proposal_id).first()


@dataclass
class ParticipantDetail:
    participant: Participant
    offers: list[Offer]
    open_needs: list[Need]
    past_needs: list[Need]
    proposals: list[Proposal]
    blocks: list[BlockedPair]
    notices: list[Notice]
    live: int


def participant_detail(participant: Participant) -> ParticipantDetail:
    needs = list(participant.needs.select_related("skill").order_by("status", "skill__position"))
    proposals = list(
        _proposal_query().filter(parties__participant=participant).distinct().order_by("-id")[:20]
    )
    blocks = list(
        BlockedPair.objects.filter(Q(low=participant) | Q(high=participant), lifted_at__isnull=True)
        .select_related("low", "high")
        .order_by("-created_at")
    )
    return ParticipantDetail(
        participant=participant,
        offers=list(participant.offers.select_related("skill")),
        open_needs=[n for n in needs if n.status == Need.Status.OPEN],
        past_needs=[n for n in needs if n.status != Need.Status.OPEN],
        proposals=proposals,
        blocks=blocks,
        notices=list(participant.notices.filter(told_at__isnull=True).select_related("proposal")),
        live=ProposalParty.objects.filter(
            participant=participant, proposal__status__in=Proposal.LIVE
        ).count(),
    )


@dataclass
class NeedReach:
    """How many active participants could meet this need: within the person's own reach,
    and within the widest radius (25 km). ``within == 0`` is the broker's cue."""

    need: Need
    within: int
    wider: int


def reach_hints(participant: Participant) -> list[NeedReach]:
    """For each open need, who could help with it, by the same rules the solver uses
    (ignoring capacity and earlier refusals), so an impossible reach is said plainly."""
    from dataclasses import replace

    from nabij.matching import compatibility, geo, services

    needs = list(participant.needs.filter(status=Need.Status.OPEN).select_related("skill"))
    if not needs or participant.status != Participant.Status.ACTIVE:
        return []
    groups = services.skill_groups()
    fitting = {s for s, g in groups.items() if g in {groups.get(n.skill_id) for n in needs}}
    offered: dict[int, set[int]] = defaultdict(set)
    for pid, skill in (
        Offer.objects.filter(skill__in=fitting, participant__status=Participant.Status.ACTIVE)
        .exclude(participant=participant)
        .values_list("participant_id", "skill_id")
    ):
        offered[pid].add(skill)
    others = Participant.objects.filter(pk__in=list(offered)).only(*services.PROFILE_FIELDS)
    me = services.profile_of(participant, (), capacity=participant.capacity)
    rest = [services.profile_of(o, offered[o.pk], capacity=o.capacity) for o in others]
    wide = replace(me, radius_km=25.0)
    area = geo.area_geometry()
    distance = {
        hood: area.distance_km(hood, me.neighbourhood) for hood in {o.neighbourhood for o in rest}
    }
    allowed = [
        (
            o,
            compatibility.pair_allowed(o, me, distance[o.neighbourhood]),
            compatibility.pair_allowed(o, wide, distance[o.neighbourhood]),
        )
        for o in rest
    ]
    hints = []
    for need in needs:
        can = [
            (near, far)
            for o, near, far in allowed
            if any(compatibility.fit(skill, need.skill_id, groups) for skill in o.offers)
        ]
        hints.append(NeedReach(need, sum(n for n, _f in can), sum(f for _n, f in can)))
    return hints


def proposal_queryset(*, status: str = "", district_id: int | None = None) -> QuerySet[Proposal]:
    """Proposals by status (default: those under way) and district, newest first."""
    found = _proposal_query()
    if status in Proposal.Status.values:
        found = found.filter(status=status)
    else:
        found = found.filter(status__in=Proposal.LIVE)
    if district_id:
        found = found.filter(
            parties__participant__neighbourhood__district_id=district_id
        ).distinct()
    return found.order_by("-created_at", "-id")


def proposals(*, status: str = "", district_id: int | None = None, page: str | None = None) -> Page:
    found = proposal_queryset(status=status, district_id=district_id)
    return Paginator(found, PAGE_SIZE).get_page(page)


def run(run_id: int) -> MatchRun | None:
    return MatchRun.objects.select_related("district", "started_by").filter(pk=run_id).first()


def run_proposals(run: MatchRun) -> list[Proposal]:
    return list(_proposal_query().filter(run=run).order_by("-weight", "id"))


def recent_runs(limit: int = 5) -> list[MatchRun]:
    return list(MatchRun.objects.select_related("district", "started_by")[:limit])


@dataclass
class MonthResult:
    month: dt.date
    introduced: int = 0
    helped: int = 0
    hours: Decimal = Decimal(0)
    ended_well: int = 0
    ended: int = 0


@dataclass
class Overview:
    district: District | None
    participants: int
    volunteers: int
    open_needs: list[Need]
    open_needs_total: int
    to_answer: list[Proposal]
    to_answer_total: int
    to_introduce: list[Proposal]
    follow_ups: list[Proposal]
    notices: list[Notice]
    results: list[MonthResult]
    need_counts: dict[str, int] = field(default_factory=dict)
    offer_counts: dict[str, int] = field(default_factory=dict)

    @property
    def shown(self) -> list[Participant]:
        """Everyone whose name this page shows, for the access log."""
        people = {n.participant_id: n.participant for n in self.open_needs}
        for p in [*self.to_answer, *self.to_introduce, *self.follow_ups]:
            people.update({party.participant_id: party.participant for party in p.parties.all()})
        people.update({n.participant_id: n.participant for n in self.notices})
        return list(people.values())

    @property
    def most_helped(self) -> int:
        return max((m.helped for m in self.results), default=0)

    @property
    def totals(self) -> MonthResult:
        total = MonthResult(month=self.results[0].month if self.results else timezone.localdate())
        for m in self.results:
            total.introduced += m.introduced
            total.helped += m.helped
            total.hours += m.hours
            total.ended += m.ended
            total.ended_well += m.ended_well
        return total


def _months(today: dt.date, count: int) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def results_by_month(*, district: District | None = None, months: int = 12) -> list[MonthResult]:
    """Introductions and people helped by the month they were introduced; hours and feedback
    by the month the exchange ended."""
    today = timezone.localdate()
    span = _months(today, months)
    start = timezone.make_aware(dt.datetime.combine(span[0], dt.time.min))
    by_month = {m: MonthResult(month=m) for m in span}
    proposals = Proposal.objects.filter(introduced_at__gte=start)
    if district is not None:
        proposals = proposals.filter(
            parties__participant__neighbourhood__district=district
        ).distinct()
    receivers: dict[dt.date, set[int]] = defaultdict(set)
    for introduced_at, receiver in Gift.objects.filter(proposal__in=proposals).values_list(
        "proposal__introduced_at", "receiver_id"
    ):
        receivers[timezone.localtime(introduced_at).date().replace(day=1)].add(receiver)
    for introduced_at in proposals.values_list("introduced_at", flat=True):
        month = timezone.localtime(introduced_at).date().replace(day=1)
        if month in by_month:
            by_month[month].introduced += 1
    for month, people in receivers.items():
        if month in by_month:
            by_month[month].helped = len(people)
    ended = Proposal.objects.filter(status=Proposal.Status.ENDED, closed_at__gte=start)
    if district is not None:
        ended = ended.filter(parties__participant__neighbourhood__district=district).distinct()
    ratings: dict[int, list[str]] = defaultdict(list)
    for proposal_id, closed_at, rating, hours in ProposalParty.objects.filter(
        proposal__in=ended
    ).values_list("proposal_id", "proposal__closed_at", "rating", "hours"):
        month = timezone.localtime(closed_at).date().replace(day=1)
        if month in by_month:
            by_month[month].hours += hours or 0
        ratings[proposal_id].append(rating)
    for proposal_id, closed_at in ended.values_list("id", "closed_at"):
        month = timezone.localtime(closed_at).date().replace(day=1)
        if month in by_month:
            by_month[month].ended += 1
            if not {"poor"} & set(ratings[proposal_id]):
                by_month[month].ended_well += 1
    return [by_month[m] for m in span]


def overview(*, district: District | None = None) -> Overview:
    today = timezone.localdate()
    active = Participant.objects.filter(status=Participant.Status.ACTIVE)
    if district is not None:
        active = active.filter(neighbourhood__district=district)
    being_met = Gift.objects.filter(proposal__status__in=Proposal.LIVE).values("need_id")
    needs = (
        Need.objects.filter(status=Need.Status.OPEN, participant__in=active)
        .exclude(pk__in=being_met)
        .select_related("skill", "participant__neighbourhood")
    )
    live = _proposal_query()
    if district is not None:
        live = live.filter(parties__participant__neighbourhood__district=district).distinct()
    notices = Notice.objects.filter(told_at__isnull=True).select_related(
        "participant__neighbourhood", "proposal"
    )
    if district is not None:
        notices = notices.filter(participant__neighbourhood__district=district)
    counts = active.aggregate(
        everyone=Count("id", distinct=True),
        with_needs=Count("id", filter=Q(needs__status=Need.Status.OPEN), distinct=True),
    )
    need_counts = Counter(
        dict(
            needs.values("participant__neighbourhood__code")
            .annotate(n=Count("id"))
            .values_list("participant__neighbourhood__code", "n")
        )
    )
    offer_counts = Counter(
        dict(
            Offer.objects.filter(participant__in=active)
            .values("participant__neighbourhood__code")
            .annotate(n=Count("id"))
            .values_list("participant__neighbourhood__code", "n")
        )
    )
    return Overview(
        district=district,
        participants=counts["everyone"],
        volunteers=counts["everyone"] - counts["with_needs"],
        open_needs=list(needs.order_by("-urgency", "created_at", "id")[:OPEN_NEEDS_SHOWN]),
        open_needs_total=needs.count(),
        to_answer=list(
            live.filter(status=Proposal.Status.PROPOSED).order_by("created_at")[:LISTED]
        ),
        to_answer_total=live.filter(status=Proposal.Status.PROPOSED).count(),
        to_introduce=list(
            live.filter(status=Proposal.Status.AGREED).order_by("agreed_at")[:LISTED]
        ),
        follow_ups=list(
            live.filter(
                status=Proposal.Status.INTRODUCED, follow_up_on__lte=today + dt.timedelta(days=7)
            ).order_by("follow_up_on")[:LISTED]
        ),
        notices=list(notices[:20]),
        results=results_by_month(district=district),
        need_counts=dict(need_counts),
        offer_counts=dict(offer_counts),
    )


def municipality() -> Municipality | None:
    return area_selectors.municipality_for(professional=None)


def neighbourhood_map(
    counts: dict[str, int], district: District | None = None
) -> area_selectors.MapData | None:
    """Counts per neighbourhood, never addresses; the chosen district's neighbourhoods only
    when there is one."""
    place = district.municipality if district is not None else municipality()
    if place is None:
        return None
    return area_selectors.municipality_map(
        municipality=place, counts=counts, threshold=0, district=district
    )


# --- The dossier ----------------------------------------------------------------------------


@dataclass
class DossierExchange:
    proposal: Proposal
    party: ProposalParty
    receives: list[Gift]
    gives: list[Gift]

    @property
    def can_record(self) -> bool:
        return (
            self.party.participant.plan_consent
            and self.party.recorded_in_plan_at is None
            and self.proposal.status
            in (Proposal.Status.INTRODUCED, Proposal.Status.FOLLOWED_UP, Proposal.Status.ENDED)
        )


@dataclass
class DossierMember:
    resident: Resident
    profile: Participant | None
    exchanges: list[DossierExchange]
    may_register: bool  # old enough to consent to matching themselves


def household_matching(household: Household) -> list[DossierMember]:
    """Each current member: their profile with the broker (if any) and their exchanges. Other
    people in an exchange appear by first name, and only once everyone agreed."""
    members = [m.resident for m in household.memberships.all() if m.ended_on is None]
    profiles = {
        p.resident_id: p
        for p in _with_profile(
            Participant.objects.filter(resident__in=members).exclude(
                status=Participant.Status.WITHDRAWN
            )
        )
    }
    exchanges: dict[int, list[DossierExchange]] = defaultdict(list)
    if profiles:
        ids = {p.pk for p in profiles.values()}
        found = (
            _proposal_query()
            .filter(parties__participant_id__in=ids)
            .exclude(status=Proposal.Status.DECLINED)
            .distinct()
            .order_by("-id")
        )
        for proposal in found:
            gifts = list(proposal.gifts.all())
            for party in proposal.parties.all():
                if party.participant_id in ids:
                    exchanges[party.participant_id].append(
                        DossierExchange(
                            proposal=proposal,
                            party=party,
                            receives=[g for g in gifts if g.receiver_id == party.participant_id],
                            gives=[g for g in gifts if g.giver_id == party.participant_id],
                        )
                    )
    from nabij.matching import services

    today = timezone.localdate()
    rows = []
    for resident in members:
        profile = profiles.get(resident.pk)
        rows.append(
            DossierMember(
                resident=resident,
                profile=profile,
                exchanges=exchanges.get(profile.pk, []) if profile else [],
                may_register=resident.age_on(today) >= services.MIN_AGE,
            )
        )
    return rows


# --- The resident's own (Mijn Nabij) ----------------------------------------------------------


def own_participant(resident_id: int) -> Participant | None:
    """The resident's own profile with the broker (one at most), with offers and open needs."""
    return (
        _with_profile(Participant.objects.filter(resident_id=resident_id))
        .exclude(status=Participant.Status.WITHDRAWN)
        .first()
    )


@dataclass
class OwnExchange:
    """A proposal or exchange as the resident in it sees it. The others appear by first name
    and with contact details only once everyone agreed; before that, by neighbourhood."""

    proposal: Proposal
    party: ProposalParty
    others: list[ProposalParty]
    receives: list[Gift]
    gives: list[Gift]

    @property
    def waiting_for_answer(self) -> bool:
        return (
            self.proposal.status == Proposal.Status.PROPOSED
            and self.party.response == ProposalParty.Response.PENDING
        )

    @property
    def names_shown(self) -> bool:
        return self.proposal.contacts_shared

    @property
    def contacts_shown(self) -> bool:
        return self.proposal.contacts_shared and self.proposal.status != Proposal.Status.ENDED


OWN_SHOWN = 20


def _own_query(participant: Participant) -> QuerySet[Proposal]:
    return (
        Proposal.objects.prefetch_related(
            Prefetch("parties", queryset=ProposalParty.objects.select_related("participant")),
            Prefetch(
                "gifts",
                queryset=Gift.objects.select_related(
                    "giver__neighbourhood", "receiver__neighbourhood", "need__skill"
                ),
            ),
        )
        .filter(parties__participant=participant)
        .distinct()
    )


def _own_exchange(proposal: Proposal, participant: Participant) -> OwnExchange:
    parties = list(proposal.parties.all())
    gifts = list(proposal.gifts.all())
    return OwnExchange(
        proposal=proposal,
        party=next(p for p in parties if p.participant_id == participant.pk),
        others=[p for p in parties if p.participant_id != participant.pk],
        receives=[g for g in gifts if g.receiver_id == participant.pk],
        gives=[g for g in gifts if g.giver_id == participant.pk],
    )


def own_exchanges(participant: Participant) -> list[OwnExchange]:
    """The resident's proposals and exchanges, newest first; a proposal that will not go ahead
    (declined or withdrawn) is left out, as the broker tells it neutrally."""
    found = (
        _own_query(participant)
        .exclude(status__in=[Proposal.Status.DECLINED, Proposal.Status.WITHDRAWN])
        .order_by("-id")[:OWN_SHOWN]
    )
    return [_own_exchange(proposal, participant) for proposal in found]


def own_exchange(participant: Participant, proposal_id: int) -> OwnExchange | None:
    """One proposal of the resident's, whatever its state (after their answer, say)."""
    proposal = _own_query(participant).filter(pk=proposal_id).first()
    return _own_exchange(proposal, participant) if proposal is not None else None
