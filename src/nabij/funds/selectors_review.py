"""Reads for the four eyes of a saving return: the projections someone outside the household's
team may approve, and the approval state of the scenarios a coordinator may claim for.

A reviewer sees a projection's figures (per year what the municipality would pay on either
trajectory, and each assumption's funding stream, payer, amount and reference price), never the
household's name, the scenario's title or the words of its assumptions: those are the team's
notes about a family. The caller logs the households shown (purpose: projection review).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from nabij.access import rules
from nabij.access.models import Assignment, Professional
from nabij.costs.models import Assumption, Payer, Scenario
from nabij.costs.scenarios import ALTERNATIVE, CURRENT, projected_cents
from nabij.funds.conditions import ApprovalCheck, approval_from
from nabij.funds.models import ProjectionApproval
from nabij.funds.selectors import scenario_flows
from nabij.people.models import Household

PROJECTIONS_PER_PAGE = 10


@dataclass(frozen=True)
class ProjectionYear:
    year: int  # calendar year
    scenario_year: int
    current_cents: int
    alternative_cents: int

    @property
    def saving_cents(self) -> int:
        return self.current_cents - self.alternative_cents


@dataclass(frozen=True)
class ProjectionRow:
    scenario: Scenario  # for ids and versions only: its words are never shown to a reviewer
    household: Household  # to log, never shown
    district_name: str
    team_name: str
    years: list[ProjectionYear]
    assumptions: list[Assumption]
    approval: ApprovalCheck

    @property
    def reference(self) -> str:
        return f"P-{self.scenario.pk}"

    @property
    def saving_cents(self) -> int:
        return sum(y.saving_cents for y in self.years)


def projection_years(scenario: Scenario) -> list[ProjectionYear]:
    """Per year of the horizon, what the municipality would pay on each trajectory
    (undiscounted: the figures a saving return is measured against)."""
    flows = scenario_flows(scenario, payer=Payer.MUNICIPALITY)
    horizon = scenario.horizon_years
    return [
        ProjectionYear(
            year=scenario.price_year + t - 1,
            scenario_year=t,
            current_cents=projected_cents(flows, branch=CURRENT, year=t, horizon_years=horizon),
            alternative_cents=projected_cents(
                flows, branch=ALTERNATIVE, year=t, horizon_years=horizon
            ),
        )
        for t in range(1, horizon + 1)
    ]


def _scenarios() -> QuerySet[Scenario]:
    return Scenario.objects.select_related(
        "household__neighbourhood__district", "household__team"
    ).prefetch_related(
        Prefetch(
            "assumptions",
            queryset=Assumption.objects.select_related("reference_price").order_by(
                "branch", "from_year", "id"
            ),
        ),
        Prefetch(
            "approvals",
            queryset=ProjectionApproval.objects.select_related("approved_by__user").order_by(
                "-scenario_version"
            ),
        ),
        Prefetch(
            "household__assignments",
            queryset=Assignment.objects.filter(ended_on__isnull=True),
        ),
    )


def _row(scenario: Scenario) -> ProjectionRow:
    household = scenario.household
    team = household.team
    return ProjectionRow(
        scenario=scenario,
        household=household,
        district_name=household.neighbourhood.district.name,
        team_name=team.name if team is not None else "",
        years=projection_years(scenario),
        assumptions=list(scenario.assumptions.all()),
        approval=approval_from(scenario, household, list(scenario.approvals.all())),
    )


def projections_for_review(professional: Professional | None, *, page: str | None) -> Page:
    """One page of projections with municipal figures the reviewer may approve, those still
    waiting for an approval of their current version first. A fixed number of queries."""
    if not rules.may_review_projections(professional):
        return Paginator([], PROJECTIONS_PER_PAGE).get_page(1)
    assert professional is not None
    approved_now = ProjectionApproval.objects.filter(
        scenario=OuterRef("pk"), scenario_version=OuterRef("version")
    )
    municipal = Assumption.objects.filter(scenario=OuterRef("pk"), payer=Payer.MUNICIPALITY)
    households = Household.objects.filter(rules.projection_filter(professional)).exclude(
        assignments__professional=professional, assignments__ended_on__isnull=True
    )
    scenarios = (
        _scenarios()
        .filter(Exists(municipal), household__in=households)
        .annotate(approved=Exists(approved_now))
        .order_by("approved", "-updated_at", "-id")
    )
    result = Paginator(scenarios, PROJECTIONS_PER_PAGE).get_page(page)
    # The page keeps its numbering; its rows become the built rows (as ``fund_page`` does).
    result.object_list = [_row(s) for s in result.object_list]  # type: ignore[misc]
    return result


def scenario_for_review(scenario_id: int) -> Scenario | None:
    """The scenario a reviewer approves; its household passes ``gate.household_for_review``."""
    from nabij.core.ids import in_range

    if not in_range(scenario_id):
        return None
    return Scenario.objects.filter(pk=scenario_id).first()


@dataclass(frozen=True)
class ClaimableRow:
    scenario: Scenario
    approval: ApprovalCheck


def claimable_with_approvals(scenarios: list[Scenario]) -> list[ClaimableRow]:
    """The coordinator's claimable scenarios with whether their projection is approved now
    (two queries: approvals and the households' assignments)."""
    ids = [s.pk for s in scenarios]
    approvals: dict[int, list[ProjectionApproval]] = {}
    for approval in (
        ProjectionApproval.objects.filter(scenario_id__in=ids)
        .select_related("approved_by__user")
        .order_by("-scenario_version")
    ):
        approvals.setdefault(approval.scenario_id, []).append(approval)
    households = {
        h.pk: h
        for h in Household.objects.filter(scenarios__in=ids)
        .distinct()
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.filter(ended_on__isnull=True))
        )
    }
    return [
        ClaimableRow(s, approval_from(s, households[s.household_id], approvals.get(s.pk, [])))
        for s in scenarios
    ]
