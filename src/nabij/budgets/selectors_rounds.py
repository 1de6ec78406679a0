"""Reads of neighbourhood budget rounds: the public pages (index, round, proposal, photo), the
district team's pages, and the small sections on the area profile and in the area account.

Public reads never show a resident's name unless they agreed (``author_name_public``), never a
vote total before the vote closes (only supports), and never a round still in preparation.
Every page costs a fixed number of queries, whatever the number of proposals (the tests count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.areas import geometry
from nabij.areas.models import District, Neighbourhood
from nabij.budgets.models import (
    PHASE_ORDER,
    TRANSITIONS,
    BudgetProposal,
    BudgetRound,
    ExecutionStatus,
    ExecutionUpdate,
    Phase,
    ProposalStatus,
    RoundResult,
    TallyRule,
)

# A project being carried out should get an update at least this often.
UPDATE_DUE_DAYS = 30
# The RoundResult rule that stands for each deciding rule (MES decides with its completion).
RESULT_RULE = {TallyRule.GREEDY: "greedy", TallyRule.MES: "mes-add1"}
IN_EXECUTION = (ExecutionStatus.PLANNED, ExecutionStatus.IN_PROGRESS)
MAP_SIZE = 600.0
MARKER_R, MARKER_GAP = 17.0, 38.0
LABEL_CHAR, LABEL_PAD = 9.0, 8.0  # a rough width per character of the 16-unit label text


def _rounds() -> QuerySet[BudgetRound]:
    return BudgetRound.objects.select_related("district", "neighbourhood").defer(
        "district__boundary", "neighbourhood__boundary"
    )


def round_district(code: str) -> District | None:
    """The district of the staff pages (``gate.district_for``'s loader)."""
    return District.objects.defer("boundary").filter(code=code).first()


# --- Public: the index ----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRounds:
    area_name: str
    district_name: str
    rounds: list[BudgetRound]


def public_index() -> list[AreaRounds]:
    """Every round that has started, by area (district first, then its neighbourhoods) and
    year, newest first."""
    rounds = list(
        _rounds().exclude(phase=Phase.DRAFT).order_by("district__name", "neighbourhood__name")
    )
    groups: dict[tuple[str, str], list[BudgetRound]] = {}
    for r in rounds:
        key = (r.district.name, r.neighbourhood.name if r.neighbourhood else "")
        groups.setdefault(key, []).append(r)
    return [
        AreaRounds(
            area_name=hood or district,
            district_name=district if hood else "",
            rounds=sorted(items, key=lambda r: -r.year),
        )
        for (district, hood), items in groups.items()
    ]


def public_round(round_id: int) -> BudgetRound | None:
    """A round residents may see: any phase but the preparation."""
    return (
        _rounds()
        .select_related("district__municipality")
        .exclude(phase=Phase.DRAFT)
        .filter(pk=round_id)
        .first()
    )


def district_round(district: District, round_id: int) -> BudgetRound | None:
    return _rounds().filter(district=district, pk=round_id).first()


# --- The round page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    phase: str
    label: str
    start: dt.date | None
    end: dt.date | None
    state: str  # "done", "current" or "next"


def timeline(budget_round: BudgetRound) -> list[Step]:
    """The phases with their planned dates, the current one marked (the preparation is not a
    phase residents see)."""
    r = budget_round
    dates: dict[str, tuple[dt.date | None, dt.date | None]] = {
        Phase.PROPOSALS: (r.proposals_from, r.proposals_until),
        Phase.CHECKING: (r.proposals_until, r.checking_until),
        Phase.VOTING: (r.voting_from, r.voting_until),
        Phase.RESULTS: (r.results_on, None),
        Phase.EXECUTION: (None, None),
        Phase.FINISHED: (None, None),
    }
    current = PHASE_ORDER.index(r.phase)
    steps = []
    for phase, (start, end) in dates.items():
        index = PHASE_ORDER.index(phase)
        state = "done" if index < current else "current" if index == current else "next"
        steps.append(Step(phase, str(Phase(phase).label), start, end, state))
    return steps


def _proposals(budget_round: BudgetRound) -> QuerySet[BudgetProposal]:
    return (
        BudgetProposal.objects.filter(round=budget_round)
        .select_related("neighbourhood", "area_goal__plan", "author", "owner_initiative")
        .defer("neighbourhood__boundary")
        .annotate(supports_count=Count("supports", distinct=True))
        .order_by("number")
    )


@dataclass(frozen=True)
class Marker:
    number: int
    title: str
    anchor: str
    x: str
    y: str
    status: str
    approximate: bool  # placed in the middle of its neighbourhood (no point of its own)
    # The name shown on hover or focus: a box beside the marker, on the side with room.
    label_x: str = "0"
    label_y: str = "0"
    label_width: str = "0"


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    path: str
    in_round: bool


@dataclass
class RoundMap:
    view_box: str | None
    shapes: list[MapShape] = field(default_factory=list)
    outline: str = ""
    markers: list[Marker] = field(default_factory=list)
    unplaced: list[BudgetProposal] = field(default_factory=list)

    @property
    def any_approximate(self) -> bool:
        return any(m.approximate for m in self.markers)


def _fmt(value: float) -> str:
    return f"{value:.1f}"  # SVG wants a point, whatever the page's language


def round_map(budget_round: BudgetRound, proposals: Iterable[BudgetProposal]) -> RoundMap:
    """The district's neighbourhoods from their GeoJSON boundaries (the round's own area
    marked), with each proposal's place as a numbered marker. A proposal without a point of
    its own stands in the middle of its neighbourhood; one without either is listed apart."""
    district = budget_round.district
    hoods = list(
        Neighbourhood.objects.filter(district_id=district.pk)
        .only("code", "name", "boundary")
        .order_by("code")
    )
    outline = District.objects.filter(pk=district.pk).values_list("boundary", flat=True).first()
    shaped = [h for h in hoods if h.boundary]
    projection = geometry.Projection.fit(
        geometry.positions([h.boundary for h in shaped] + ([outline] if outline else [])),
        size=MAP_SIZE,
        margin=16.0,
    )
    result = RoundMap(view_box=None)
    placed: list[tuple[BudgetProposal, float, float, bool]] = []
    centres = {h.pk: geometry.centroid(h.boundary or {}) for h in shaped}
    for p in proposals:
        if p.latitude is not None and p.longitude is not None:
            placed.append((p, float(p.longitude), float(p.latitude), False))
        elif p.neighbourhood_id in centres:
            lon, lat = centres[p.neighbourhood_id]
            placed.append((p, lon, lat, True))
        else:
            result.unplaced.append(p)
    if projection is None:
        result.unplaced = [p for p, *_ in placed] + result.unplaced
        return result
    result.view_box = projection.view_box
    round_hood = budget_round.neighbourhood_id
    result.shapes = [
        MapShape(h.code, h.name, projection.path(h.boundary or {}), round_hood in (None, h.pk))
        for h in shaped
    ]
    result.outline = projection.path(outline) if outline else ""
    # Two proposals in the same place get their markers side by side, not on top.
    seen: dict[tuple[str, str], int] = {}
    for p, lon, lat, approximate in placed:
        x, y = projection.point(lon, lat)
        key = (_fmt(x), _fmt(y))
        shift = seen.get(key, 0)
        seen[key] = shift + 1
        x += MARKER_GAP * shift
        width = LABEL_CHAR * len(p.title) + 2 * LABEL_PAD
        left = x > projection.width / 2
        result.markers.append(
            Marker(
                number=p.number,
                title=p.title,
                anchor=f"voorstel-{p.number}",
                x=_fmt(x),
                y=_fmt(y),
                status=p.status,
                approximate=approximate,
                label_x=_fmt(x - MARKER_R - 4 - width if left else x + MARKER_R + 4),
                label_y=_fmt(y - 14),
                label_width=_fmt(width),
            )
        )
    return result


@dataclass
class RoundPage:
    round: BudgetRound
    steps: list[Step]
    proposals: list[BudgetProposal]
    map: RoundMap
    counts: dict[str, int]
    supports_total: int
    ballot_cents: int  # the checked cost of everything on the ballot together
    goals: list[Any]  # the area-plan goals proposals link to
    selected: list[BudgetProposal]  # in execution or delivered
    votes_hidden: bool


def round_page(budget_round: BudgetRound) -> RoundPage:
    """Everything the round page shows, in four queries."""
    proposals = list(_proposals(budget_round))
    counts = {s.value: 0 for s in ProposalStatus}
    for p in proposals:
        counts[p.status] += 1
    goals: dict[int, Any] = {}
    for p in proposals:
        if p.area_goal is not None:
            goals.setdefault(p.area_goal.pk, p.area_goal)
    return RoundPage(
        round=budget_round,
        steps=timeline(budget_round),
        proposals=proposals,
        map=round_map(budget_round, proposals),
        counts=counts,
        supports_total=sum(p.supports_count for p in proposals),  # type: ignore[attr-defined]
        ballot_cents=sum(
            p.ballot_cost_cents for p in proposals if p.status == ProposalStatus.FEASIBLE
        ),
        goals=list(goals.values()),
        selected=[p for p in proposals if p.execution_status],
        votes_hidden=PHASE_ORDER.index(budget_round.phase) < PHASE_ORDER.index(Phase.RESULTS),
    )


# --- A proposal -----------------------------------------------------------------------------


def round_proposal(budget_round: BudgetRound, proposal_id: int) -> BudgetProposal | None:
    """A proposal of this round with its updates (photos included), in two queries."""
    return (
        _proposals(budget_round)
        .filter(pk=proposal_id)
        .prefetch_related(
            Prefetch("updates", queryset=ExecutionUpdate.objects.order_by("-created_at", "-pk"))
        )
        .first()
    )


def author_name(proposal: BudgetProposal) -> str:
    """The author's name where they agreed to show it; else nothing."""
    if proposal.author is not None and proposal.author_name_public:
        return proposal.author.full_name
    return ""


def public_photo(update_id: int) -> ExecutionUpdate | None:
    """An update's photo, of a round residents may see."""
    return (
        ExecutionUpdate.objects.exclude(photo="")
        .exclude(proposal__round__phase=Phase.DRAFT)
        .filter(pk=update_id)
        .only("photo", "proposal_id")
        .first()
    )


# --- The district team's pages --------------------------------------------------------------


@dataclass(frozen=True)
class ManageRow:
    round: BudgetRound
    to_check: int
    in_execution: int
    delivered: int


@dataclass
class ManagePage:
    rounds: list[ManageRow]
    to_check: list[BudgetProposal]
    updates_due: Sequence[BudgetProposal]


def _due_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=UPDATE_DUE_DAYS)


def manage_page(district: District) -> ManagePage:
    """The district's rounds and what needs doing: proposals to check (in the phases a check
    can be made) and projects without an update for ``UPDATE_DUE_DAYS`` days. Three queries."""
    rounds = (
        _rounds()
        .filter(district=district)
        .annotate(
            n_to_check=Count("proposals", filter=Q(proposals__status=ProposalStatus.SUBMITTED)),
            n_running=Count("proposals", filter=Q(proposals__execution_status__in=IN_EXECUTION)),
            n_delivered=Count(
                "proposals", filter=Q(proposals__execution_status=ExecutionStatus.DELIVERED)
            ),
        )
        .order_by("-year", "pk")
    )
    rows = [
        ManageRow(r, r.n_to_check, r.n_running, r.n_delivered)  # type: ignore[attr-defined]
        for r in rounds
    ]
    to_check = list(
        BudgetProposal.objects.filter(
            round__district=district,
            round__phase__in=(Phase.PROPOSALS, Phase.CHECKING),
            status=ProposalStatus.SUBMITTED,
        )
        .select_related("round")
        .order_by("submitted_at", "pk")
    )
    due = list(
        BudgetProposal.objects.filter(
            round__district=district,
            round__phase=Phase.EXECUTION,
            execution_status__in=IN_EXECUTION,
        )
        .select_related("round")
        .annotate(last_update=Max("updates__created_at"))
        .filter(Q(last_update__isnull=True) | Q(last_update__lt=_due_before()))
        .order_by("round__year", "number")
    )
    return ManagePage(rows, to_check, due)


@dataclass(frozen=True)
class Advance:
    """The next phase of a round and whether it may be taken now (``blocker`` says why not)."""

    to: str | None
    label: str
    blocker: str


def advance_for(budget_round: BudgetRound, page: RoundPage) -> Advance:
    to = TRANSITIONS.get(budget_round.phase)
    if to is None:
        return Advance(None, "", "")
    return Advance(to, str(Phase(to).label), advance_blocker(budget_round, to, page.proposals))


def advance_blocker(budget_round: BudgetRound, to: str, proposals: Iterable[BudgetProposal]) -> str:
    """Why the round may not move to ``to`` yet, in words; empty when it may."""
    items = list(proposals)
    if to == Phase.VOTING:
        unchecked = sum(1 for p in items if p.status == ProposalStatus.SUBMITTED)
        if unchecked:
            return _("%(n)s proposals still wait for their check: check every proposal first.") % {
                "n": unchecked
            }
        if not any(p.status == ProposalStatus.FEASIBLE for p in items):
            return _("No proposal is feasible: at least one must be on the ballot.")
    if to == Phase.FINISHED:
        open_ = sum(1 for p in items if p.execution_status in IN_EXECUTION)
        if open_:
            return _("%(n)s projects are not delivered yet: close them first.") % {"n": open_}
    return ""


def deciding_result(budget_round: BudgetRound) -> RoundResult | None:
    """The result under the round's deciding rule, once the vote has closed."""
    rule = RESULT_RULE.get(TallyRule(budget_round.deciding_rule), budget_round.deciding_rule)
    return RoundResult.objects.filter(round=budget_round, rule=rule).first()


def district_initiatives(district: District) -> QuerySet[Any]:
    """Active initiatives of the district: they can carry out a project."""
    from nabij.initiatives.models import Initiative

    return Initiative.objects.filter(district=district, status=Initiative.Status.ACTIVE).order_by(
        "name"
    )


def district_neighbourhoods(district: District) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(district=district).defer("boundary").order_by("name")


def district_goals(district: District) -> QuerySet[Any]:
    from nabij.outcomes.models import AreaPlanGoal

    return AreaPlanGoal.objects.filter(plan__district=district).select_related("plan")


# --- Elsewhere: the area profile and the area account ----------------------------------------


@dataclass
class DistrictBudgets:
    rounds: list[BudgetRound]
    projects: list[BudgetProposal]  # in execution or delivered, newest round first


def district_overview(district: District) -> DistrictBudgets:
    """The district's rounds and its projects being carried out or delivered (two queries),
    for the area profile."""
    rounds = list(_rounds().filter(district=district).exclude(phase=Phase.DRAFT))
    projects = list(
        BudgetProposal.objects.filter(round__district=district)
        .exclude(execution_status="")
        .select_related("round", "owner_initiative")
        .order_by("-round__year", "number")
    )
    return DistrictBudgets(rounds, projects)


def account_projects(district: District, year: int) -> dict[str, Any]:
    """The district's budget projects for its account of ``year``, as plain JSON (publishing
    freezes it): every project running in that year or delivered in it, with its budget line
    and what was spent. Projects are public, so nothing is suppressed."""
    projects = (
        BudgetProposal.objects.filter(round__district=district, round__year__lte=year)
        .exclude(execution_status="")
        .filter(Q(closed_at__isnull=True) | Q(closed_at__year=year))
        .select_related("round", "owner_initiative")
        .order_by("round__year", "number")
    )
    rows = [
        {
            "round_id": p.round_id,
            "proposal_id": p.pk,
            "title": p.title,
            "round_year": p.round.year,
            "status": p.execution_status,
            "owner": p.owner_initiative.name if p.owner_initiative else p.owner_name,
            "budget_line_cents": p.budget_line_cents or 0,
            "spent_cents": p.spent_cents,
            "delivered": p.delivered,
        }
        for p in projects
    ]
    return {
        "projects": rows,
        "budget_line_cents": sum(r["budget_line_cents"] for r in rows),
        "spent_cents": sum(r["spent_cents"] for r in rows),
    }


def spent_total(proposal: BudgetProposal) -> int:
    return int(
        ExecutionUpdate.objects.filter(proposal=proposal).aggregate(s=Sum("spent_cents"))["s"] or 0
    )
