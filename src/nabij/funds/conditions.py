"""The two conditions of a saving return (issue 11: prevention pays, but for outcomes).

Lower cost alone returns nothing: stopping help would lower cost too. A realised saving of a
scenario in calendar year Y is returned to the area fund only when both hold.

1. **The household's outcome held** in Y, by (a) or (b). The projection starts on 1 January of
   the scenario's price year (its year 1, as in ``selectors.saving_computation``).

   a. *Goals achieved*: the household's plan as last saved on or before 31 December of Y has
      at least one goal, and every goal in it is achieved. A goal that is open, in progress or
      stopped is not achieved, so goals cannot be closed by giving up on them. The plan's saved
      history (``plans.PlanChange``) is read, so a goal marked achieved after the year counts
      for the next year, not this one.
   b. *Self-reliance not worse*: for every current member with an assessment at the start and a
      later one in Y, no domain scored in both is lower in Y. *At the start* is the latest
      assessment on or before the start, or, when there is none, the member's first assessment
      in the price year; *in Y* is the latest assessment dated in Y, which must be later than
      the start one. Each domain is compared on its own (a drop in money is not made up by a
      rise in social contacts), and at least one member must be compared.

2. **The projection was approved outside the team** that books the return: an approval of the
   scenario's current version (any change raises the version, and the approval lapses) by a
   policy analyst or another team's coordinator, never by someone assigned to the household
   (``access.rules.can_approve_projection``, checked again at booking).

What each check found is kept on the ``SavingReturn`` (``as_json``): counts, levels and domain
names, never a resident's name. A fixed number of queries, whatever the household's history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from nabij.access import rules
from nabij.assessment.models import Assessment, Score
from nabij.costs.models import Scenario
from nabij.funds.models import ProjectionApproval
from nabij.people.models import Household, Membership
from nabij.plans.models import Goal, PlanChange


def projection_start(scenario: Scenario) -> dt.date:
    return dt.date(scenario.price_year, 1, 1)


# --- 1a. Goals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalsCheck:
    plan_version: int | None  # the version judged; None: no plan saved by the end of the year
    total: int
    achieved: int

    @property
    def met(self) -> bool:
        return self.total > 0 and self.achieved == self.total


def goals_check(household: Household, year: int) -> GoalsCheck:
    """The plan as last saved by 31 December of ``year`` (one query)."""
    end = dt.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())
    change = (
        PlanChange.objects.filter(plan__household=household, changed_at__lt=end)
        .order_by("-version")
        .only("version", "snapshot")
        .first()
    )
    if change is None:
        return GoalsCheck(plan_version=None, total=0, achieved=0)
    goals = change.snapshot.get("goals", []) if isinstance(change.snapshot, dict) else []
    achieved = sum(1 for g in goals if g.get("status") == Goal.Status.ACHIEVED)
    return GoalsCheck(plan_version=change.version, total=len(goals), achieved=achieved)


# --- 1b. Self-reliance ----------------------------------------------------------------------


@dataclass(frozen=True)
class DomainDrop:
    domain: str
    start_level: int
    year_level: int


@dataclass(frozen=True)
class SelfRelianceCheck:
    members: int  # current members
    compared: int  # members with an assessment at the start and a later one in the year
    lower: tuple[DomainDrop, ...] = ()

    @property
    def met(self) -> bool:
        return self.compared > 0 and not self.lower


def _start_and_year(
    assessments: list[Assessment], start: dt.date, price_year: int, year: int
) -> tuple[Assessment | None, Assessment | None]:
    """``assessments`` oldest first: the one at the start and the latest one in ``year``."""
    before = [a for a in assessments if a.assessed_on <= start]
    first_year = [a for a in assessments if a.assessed_on.year == price_year]
    baseline = before[-1] if before else (first_year[0] if first_year else None)
    in_year = [a for a in assessments if a.assessed_on.year == year]
    latest = in_year[-1] if in_year else None
    if baseline is None or latest is None:
        return baseline, None
    if (latest.assessed_on, latest.pk) <= (baseline.assessed_on, baseline.pk):
        return baseline, None
    return baseline, latest


def self_reliance_check(household: Household, scenario: Scenario, year: int) -> SelfRelianceCheck:
    """Three queries: current members, their assessments up to the year's end, the scores."""
    resident_ids = list(
        Membership.objects.filter(household=household, ended_on__isnull=True).values_list(
            "resident_id", flat=True
        )
    )
    assessments = (
        Assessment.objects.filter(
            resident_id__in=resident_ids, assessed_on__lte=dt.date(year, 12, 31)
        )
        .order_by("assessed_on", "id")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("domain")))
    )
    by_resident: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_resident[assessment.resident_id].append(assessment)
    start = projection_start(scenario)
    compared = 0
    lower: list[DomainDrop] = []
    for resident_id in resident_ids:
        baseline, latest = _start_and_year(
            by_resident.get(resident_id, []), start, scenario.price_year, year
        )
        if baseline is None or latest is None:
            continue
        compared += 1
        before = {s.domain_id: s.level for s in baseline.scores.all()}
        for score in latest.scores.all():
            was = before.get(score.domain_id)
            if was is not None and score.level < was:
                lower.append(DomainDrop(score.domain.name, was, score.level))
    return SelfRelianceCheck(members=len(resident_ids), compared=compared, lower=tuple(lower))


# --- 1. The outcome -------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeCheck:
    goals: GoalsCheck
    self_reliance: SelfRelianceCheck

    @property
    def met(self) -> bool:
        return self.goals.met or self.self_reliance.met

    @property
    def basis(self) -> str:
        """Which rule the outcome held by (goals first), or "" when it did not."""
        if self.goals.met:
            return "goals"
        if self.self_reliance.met:
            return "self_reliance"
        return ""

    def as_json(self) -> dict[str, Any]:
        return {
            "goals": {
                "plan_version": self.goals.plan_version,
                "total": self.goals.total,
                "achieved": self.goals.achieved,
            },
            "self_reliance": {
                "members": self.self_reliance.members,
                "compared": self.self_reliance.compared,
                "lower": [
                    {"domain": d.domain, "from": d.start_level, "to": d.year_level}
                    for d in self.self_reliance.lower
                ],
            },
        }


def outcome_check(household: Household, scenario: Scenario, year: int) -> OutcomeCheck:
    return OutcomeCheck(
        goals=goals_check(household, year),
        self_reliance=self_reliance_check(household, scenario, year),
    )


# --- 2. The approval ------------------------------------------------------------------------


class ApprovalReason(StrEnum):
    APPROVED = "approved"  # an approval of the current version, by someone outside the team
    NONE = "none"  # never approved
    LAPSED = "lapsed"  # approved, but the scenario has changed since
    OWN_TEAM = "own_team"  # approved by someone now in the household's team or assigned to it


@dataclass(frozen=True)
class ApprovalCheck:
    reason: ApprovalReason
    approval: ProjectionApproval | None = None  # of the current version, else the latest
    approvals: list[ProjectionApproval] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.reason == ApprovalReason.APPROVED


def approval_check(scenario: Scenario, household: Household) -> ApprovalCheck:
    """The scenario's approvals, newest first (one query); ``household`` with its assignments
    (the gate's copy), so the approver's independence is checked as it stands today."""
    approvals = list(
        ProjectionApproval.objects.filter(scenario=scenario)
        .select_related("approved_by__user")
        .order_by("-scenario_version")
    )
    return approval_from(scenario, household, approvals)


def approval_from(
    scenario: Scenario, household: Household, approvals: list[ProjectionApproval]
) -> ApprovalCheck:
    """The check over approvals already read (newest version first)."""
    current = next((a for a in approvals if a.scenario_version == scenario.version), None)
    if current is None:
        reason = ApprovalReason.LAPSED if approvals else ApprovalReason.NONE
        return ApprovalCheck(reason, approvals[0] if approvals else None, approvals)
    if not rules.can_approve_projection(current.approved_by, household):
        return ApprovalCheck(ApprovalReason.OWN_TEAM, current, approvals)
    return ApprovalCheck(ApprovalReason.APPROVED, current, approvals)
