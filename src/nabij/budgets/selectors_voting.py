"""Reads for residents' pages of a budget round: the ballot, one's own choices, the area's map,
the residents a coordinator may give a voting code, and the result after the close.

No count of ballots per project is read anywhere before the round's results phase: the only
tally is ``RoundResult``, written at the close (``services_voting.voting_close``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import rules
from nabij.access.models import ResidentAccount
from nabij.areas import geometry
from nabij.areas.models import District, Neighbourhood
from nabij.budgets import tally
from nabij.budgets.models import (
    PHASE_ORDER,
    BudgetProposal,
    BudgetRound,
    Phase,
    ProposalStatus,
    ResultRule,
    RoundResult,
    Voter,
    VotingCode,
)
from nabij.outcomes.models import AreaPlanGoal
from nabij.people.models import Membership, Resident


def district_get(code: str) -> District | None:
    return District.objects.filter(code=code).first()


def round_get(round_id: int) -> BudgetRound | None:
    return (
        BudgetRound.objects.select_related("district", "neighbourhood").filter(pk=round_id).first()
    )


def round_in_district(code: str, round_id: int) -> BudgetRound | None:
    """The round, if it belongs to the district with this code (the coordinator's pages)."""
    return (
        BudgetRound.objects.select_related("district", "neighbourhood")
        .filter(pk=round_id, district__code=code)
        .first()
    )


def proposal_in_round(budget_round: BudgetRound, proposal_id: int) -> BudgetProposal | None:
    return BudgetProposal.objects.filter(round=budget_round, pk=proposal_id).first()


def phase_reached(budget_round: BudgetRound, phase: str) -> bool:
    return PHASE_ORDER.index(budget_round.phase) >= PHASE_ORDER.index(phase)


# --- The area ---------------------------------------------------------------------------------


def round_neighbourhoods(budget_round: BudgetRound) -> QuerySet[Neighbourhood]:
    if budget_round.neighbourhood_id is not None:
        return Neighbourhood.objects.filter(pk=budget_round.neighbourhood_id)
    return Neighbourhood.objects.filter(district_id=budget_round.district_id).order_by("name")


def neighbourhood_in_round(budget_round: BudgetRound, neighbourhood: Neighbourhood) -> bool:
    return rules.in_round_area(
        neighbourhood.pk,
        neighbourhood.district_id,
        round_district_id=budget_round.district_id,
        round_neighbourhood_id=budget_round.neighbourhood_id,
    )


def neighbourhood_codes(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = [pk for pk in ids if pk is not None]
    return dict(Neighbourhood.objects.filter(pk__in=wanted).values_list("pk", "code"))


@dataclass(frozen=True)
class Bounds:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat


def _shapes(budget_round: BudgetRound) -> list[tuple[Neighbourhood, Any]]:
    return [
        (n, n.boundary)
        for n in round_neighbourhoods(budget_round)
        if n.boundary is not None and not geometry.geometry_error(n.boundary)
    ]


def round_bounds(budget_round: BudgetRound) -> Bounds | None:
    """The box around the area's neighbourhoods (a place must lie in it), or ``None``."""
    points = list(geometry.positions([shape for _, shape in _shapes(budget_round)]))
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return Bounds(min(lons), min(lats), max(lons), max(lats))


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class AreaMap:
    """The round's neighbourhoods as SVG paths, with what a script needs to turn a click into
    longitude and latitude (the inverse of ``geometry.Projection``)."""

    view_box: str
    areas: list[MapArea]
    min_lon: float
    max_lat: float
    cos_lat: float
    scale: float
    margin: float
    marker: tuple[float, float] | None = None


def area_map(
    budget_round: BudgetRound, *, place: tuple[float, float] | None = None
) -> AreaMap | None:
    """The map of the round's area (no tiles: the stored boundaries), or ``None`` without
    boundaries. ``place``: (longitude, latitude) to mark."""
    shapes = _shapes(budget_round)
    projection = geometry.Projection.fit(
        geometry.positions([shape for _, shape in shapes]), size=600.0
    )
    if projection is None:
        return None
    return AreaMap(
        view_box=projection.view_box,
        areas=[MapArea(n.code, n.name, projection.path(shape)) for n, shape in shapes],
        min_lon=projection.min_lon,
        max_lat=projection.max_lat,
        cos_lat=projection.cos_lat,
        scale=projection.scale,
        margin=projection.margin,
        marker=projection.point(*place) if place is not None else None,
    )


def round_area_goals(budget_round: BudgetRound) -> list[AreaPlanGoal]:
    """The goals of the district's area plan of the round's year (a proposal may serve one)."""
    return list(
        AreaPlanGoal.objects.filter(
            plan__district_id=budget_round.district_id, plan__year=budget_round.year
        ).order_by("position", "pk")
    )


# --- The ballot -------------------------------------------------------------------------------


def ballot_projects(budget_round: BudgetRound) -> list[BudgetProposal]:
    """The projects on the ballot (feasible proposals), by number."""
    return list(
        BudgetProposal.objects.filter(round=budget_round, status=ProposalStatus.FEASIBLE)
        .select_related("neighbourhood")
        .order_by("number")
    )


def ballot_costs(budget_round: BudgetRound) -> dict[int, int]:
    """Project id -> its cost on the ballot, for the projects on the ballot."""
    return {
        pk: cost if cost is not None else estimate
        for pk, cost, estimate in BudgetProposal.objects.filter(
            round=budget_round, status=ProposalStatus.FEASIBLE
        ).values_list("pk", "cost_cents", "cost_estimate_cents")
    }


def own_choices(budget_round: BudgetRound, resident: Resident) -> list[int] | None:
    """The resident's current choices while the vote is open (``None``: not voted yet). After
    the close no link is left, so nobody, the resident included, can read them."""
    voter = (
        Voter.objects.select_related("ballot").filter(round=budget_round, resident=resident).first()
    )
    if voter is None:
        return None
    if voter.ballot is None:
        return []
    return [int(pk) for pk in voter.ballot.choices]


def has_voted(budget_round: BudgetRound, resident: Resident) -> bool:
    return Voter.objects.filter(round=budget_round, resident=resident).exists()


# --- Voting codes -----------------------------------------------------------------------------


def eligible_residents(budget_round: BudgetRound) -> QuerySet[Resident]:
    """Residents who may take part today (``rules.may_take_part_in_round`` as a filter)."""
    day = timezone.localdate()
    area = (
        Q(household__neighbourhood_id=budget_round.neighbourhood_id)
        if budget_round.neighbourhood_id is not None
        else Q(household__neighbourhood__district_id=budget_round.district_id)
    )
    current = (Q(ended_on__isnull=True) | Q(ended_on__gt=day)) & Q(started_on__lte=day)
    member = Membership.objects.filter(area, current, resident_id=OuterRef("pk"))
    return Resident.objects.filter(
        Exists(member),
        date_of_birth__lte=rules.born_on_or_before_for_age(day, budget_round.min_age),
    )


@dataclass(frozen=True)
class CodeRow:
    """A resident on the coordinator's list of voting codes."""

    resident: Resident
    neighbourhood: str
    has_digid: bool
    voted: bool
    code_id: int | None
    code_issued_at: Any


def voting_code_rows(budget_round: BudgetRound) -> list[CodeRow]:
    """Every resident who may vote, with whether they have a DigiD account, a live code, and
    have voted (not what). Four queries, whatever the number of residents."""
    residents = list(
        eligible_residents(budget_round)
        .annotate(
            has_digid=Exists(ResidentAccount.objects.filter(resident_id=OuterRef("pk"))),
            voted=Exists(Voter.objects.filter(round=budget_round, resident_id=OuterRef("pk"))),
        )
        .order_by("last_name", "first_name", "pk")
    )
    ids = [r.pk for r in residents]
    day = timezone.localdate()
    places = dict(
        Membership.objects.filter(resident_id__in=ids, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .values_list("resident_id", "household__neighbourhood__name")
    )
    codes = {
        c.resident_id: c
        for c in VotingCode.objects.filter(
            round=budget_round, resident_id__in=ids, revoked_at__isnull=True
        )
    }
    return [
        CodeRow(
            resident=r,
            neighbourhood=places.get(r.pk, ""),
            has_digid=bool(r.has_digid),  # type: ignore[attr-defined]
            voted=bool(r.voted),  # type: ignore[attr-defined]
            code_id=codes[r.pk].pk if r.pk in codes else None,
            code_issued_at=codes[r.pk].issued_at if r.pk in codes else None,
        )
        for r in residents
    ]


@dataclass(frozen=True)
class Letter:
    name: str
    address_lines: list[str]
    code: str


def letters(issued: list[tuple[Resident, str]]) -> list[Letter]:
    """One letter per code: name, address (not shown for a protected address: hand that
    letter over in person), and the code."""
    ids = [r.pk for r, _code in issued]
    addresses = {
        m.resident_id: m.household.address
        for m in Membership.objects.filter(
            resident_id__in=ids, ended_on__isnull=True
        ).select_related("household__address")
    }
    out = []
    for resident, code in issued:
        address = addresses.get(resident.pk)
        if resident.address_protected:
            lines = [_("Protected address: hand this letter over in person.")]
        elif address is None:
            lines = [_("No address known: hand this letter over in person.")]
        else:
            number = f"{address.house_number}{address.addition}"
            lines = [f"{address.street} {number}", f"{address.postcode} {address.city}"]
        out.append(Letter(name=resident.full_name, address_lines=lines, code=code))
    return out


# --- The result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectResult:
    proposal: BudgetProposal
    cost_cents: int
    votes: int
    won: bool
    reason: str


@dataclass(frozen=True)
class RuleResult:
    rule: str
    label: str
    deciding: bool
    budget_used_cents: int
    projects: list[ProjectResult]


@dataclass(frozen=True)
class GroupShare:
    code: str
    name: str
    ballots: int
    decided_cents: int


@dataclass(frozen=True)
class Results:
    ballots_count: int
    budget_cents: int
    rules: list[RuleResult]
    groups: list[GroupShare] = field(default_factory=list)


# The rules shown side by side; "mes" without completion is kept but not shown on the page.
SHOWN_RULES = (ResultRule.GREEDY, ResultRule.MES_ADD1)
DECIDING = {"greedy": ResultRule.GREEDY, "mes": ResultRule.MES_ADD1}


def reason_text(code: str, rule: str) -> str:
    """Why a project won or lost under a rule, in plain words (``tally``'s reason codes)."""
    greedy = rule == ResultRule.GREEDY
    if code == tally.SELECTED:
        return (
            _("Chosen: it had many votes, and there was enough money for it.")
            if greedy
            else _("Chosen: the people who voted for it could pay for it from their equal share.")
        )
    texts = {
        tally.SELECTED_IN_COMPLETION: _(
            "Chosen in the last step: there was money left, and its voters could pay for it "
            "with a slightly bigger share."
        ),
        tally.NOT_ENOUGH_LEFT: _(
            "Not chosen: plans with more votes went first, and then there was not enough money "
            "left."
        ),
        tally.SUPPORTERS_RAN_OUT: _(
            "Not chosen: the people who voted for it had already spent their share on other plans."
        ),
        tally.TOO_FEW_SUPPORTERS: _(
            "Not chosen: too few people voted for it. Their shares together were less than "
            "the cost."
        ),
        tally.NO_VOTES: _("Not chosen: nobody voted for it."),
    }
    return str(texts.get(code, _("No reason was stored.")))


def round_results(budget_round: BudgetRound) -> Results | None:
    """The stored result, once the vote has closed; ``None`` before (no totals exist then)."""
    if not phase_reached(budget_round, Phase.RESULTS) or budget_round.voting_closed_at is None:
        return None
    stored = {r.rule: r for r in RoundResult.objects.filter(round=budget_round)}
    if not stored:
        return None
    proposals = {
        p.pk: p
        for p in BudgetProposal.objects.filter(
            round=budget_round, status=ProposalStatus.FEASIBLE
        ).order_by("number")
    }
    deciding = DECIDING.get(budget_round.deciding_rule, ResultRule.MES_ADD1)
    rules_shown = []
    any_result: RoundResult | None = None
    for rule in SHOWN_RULES:
        result = stored.get(rule)
        if result is None:
            continue
        any_result = any_result or result
        explanation = result.explanation or {}
        votes = explanation.get("votes", {})
        costs = explanation.get("costs", {})
        reasons = explanation.get("reasons", {})
        selected = set(result.selected)
        projects = [
            ProjectResult(
                proposal=p,
                cost_cents=int(costs.get(str(pk), p.ballot_cost_cents)),
                votes=int(votes.get(str(pk), 0)),
                won=pk in selected,
                reason=reason_text(str(reasons.get(str(pk), "")), rule),
            )
            for pk, p in proposals.items()
        ]
        projects.sort(key=lambda pr: (not pr.won, -pr.votes, pr.proposal.number))
        rules_shown.append(
            RuleResult(
                rule=rule,
                label=str(ResultRule(rule).label),
                deciding=rule == deciding,
                budget_used_cents=result.budget_used_cents,
                projects=projects,
            )
        )
    if any_result is None:
        return None
    decider = stored.get(deciding) or any_result
    explanation = decider.explanation or {}
    names = dict(
        Neighbourhood.objects.filter(
            code__in=list(explanation.get("ballots_by_group", {}))
        ).values_list("code", "name")
    )
    decided = explanation.get("decided_by_group", {})
    groups = [
        GroupShare(
            code=code,
            name=names.get(code, code or _("Unknown neighbourhood")),
            ballots=int(count),
            decided_cents=int(decided.get(code, 0)),
        )
        for code, count in sorted(explanation.get("ballots_by_group", {}).items())
    ]
    return Results(
        ballots_count=any_result.ballots_count,
        budget_cents=budget_round.amount_cents,
        rules=rules_shown,
        groups=groups,
    )
