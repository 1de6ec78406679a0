"""Reads for "Ons plan": the plan as the household sees it, and what a cost scenario of the
district team says in plain words. Shared by the page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nabij.access.enums import AssignmentKind
from nabij.costs import selectors as costs_selectors
from nabij.plans import selectors as plan_selectors

if TYPE_CHECKING:
    from nabij.access.gate import OwnHousehold
    from nabij.people.models import Household

# How many of the household's scenarios the page explains (the newest first).
SCENARIOS_SHOWN = 3


@dataclass(frozen=True)
class ScenarioEffect:
    """A cost scenario of the team, in figures the engine computed (never typed in): the two
    ways, and what the other way costs less (or more) over the scenario's years, in present
    value as the team's scenario page shows it."""

    title: str
    current_label: str
    alternative_label: str
    horizon_years: int
    price_year: int
    saving_cents: int  # positive: the other way costs less

    @property
    def saves(self) -> bool:
        return self.saving_cents > 0

    @property
    def total_euros(self) -> int:
        """The difference in whole euros, rounded to hundreds ("about")."""
        return round(abs(self.saving_cents) / 100 / 100) * 100

    @property
    def per_year_euros(self) -> int:
        """The difference per year on average, rounded to tens of euros."""
        return round(abs(self.saving_cents) / 100 / self.horizon_years / 10) * 10


def scenario_effects(household: Household) -> list[ScenarioEffect]:
    """What the team's scenarios for this household say; empty when there is none."""
    effects = []
    for scenario in costs_selectors.household_scenarios(household)[:SCENARIOS_SHOWN]:
        view = costs_selectors.scenario_view(scenario)
        if not (view.current and view.alternative):
            continue  # half a scenario says nothing yet
        effects.append(
            ScenarioEffect(
                title=scenario.title,
                current_label=scenario.current_label,
                alternative_label=scenario.alternative_label,
                horizon_years=scenario.horizon_years,
                price_year=scenario.price_year,
                saving_cents=view.result.net_saving_cents,
            )
        )
    return effects


def coordinator_name(own: OwnHousehold) -> str:
    """The household's coordinator, by name (from the assignments the gate prefetched)."""
    for assignment in own.household.assignments.all():
        if assignment.kind == AssignmentKind.COORDINATOR and assignment.ended_on is None:
            return str(assignment.professional)
    return ""


@dataclass(frozen=True)
class OwnPlan:
    view: plan_selectors.PlanView
    effects: list[ScenarioEffect]
    coordinator: str


def own_plan(own: OwnHousehold) -> OwnPlan:
    return OwnPlan(
        view=plan_selectors.plan_view(own.household),
        effects=scenario_effects(own.household),
        coordinator=coordinator_name(own),
    )
