"""The demo's area plans: agreed with residents and partners, goals on all four questions, actions
by team, partners and initiatives; baselines from the district's figures when there are any."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from nabij.areas.services import leeuwarden_load
from nabij.demo.world import world_ensure
from nabij.outcomes.demo_plans import AGREED_DISTRICT, DRAFT_DISTRICT, area_plans_demo_load
from nabij.outcomes.models import AreaPlan, Indicator
from nabij.outcomes.selectors_plans import plan_page
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def demo_world():
    leeuwarden_load()
    return world_ensure()


def test_the_plan_of_heechterp_is_agreed_and_covers_the_four_questions(demo_world):
    plan = area_plans_demo_load(demo_world, TODAY)
    assert plan is not None
    plan.refresh_from_db()
    assert plan.district.code == AGREED_DISTRICT and plan.year == YEAR
    assert plan.is_agreed and plan.agreed_on == min(dt.date(YEAR, 3, 12), TODAY)
    assert plan.agreed_by.username == "teamleider"
    assert "Woonstichting Nabij" in plan.agreed_with and "Bewonersavond" in plan.agreed_with
    goals = list(plan.goals.all())
    assert 4 <= len(goals) <= 6
    assert {g.question for g in goals} == {"school", "work", "finance", "safety"}
    by = {a.by for a in plan.actions.all()}
    assert by == {"team", "partner", "initiative"}
    names = {a.by_name for a in plan.actions.all()}
    assert {"Woonstichting Nabij", "Brede school Heechterp"} <= names
    statuses = {a.status for a in plan.actions.all()}
    assert {"planned", "in_progress", "done"} <= statuses
    # progress was recorded after the agreement, and the plan stayed agreed
    events = list(plan.changes.order_by("version").values_list("event", flat=True))
    assert events.index("agreed") < len(events) - 1 and events[-1] == "action_status"
    draft = AreaPlan.objects.get(district__code=DRAFT_DISTRICT, year=YEAR)
    assert draft.status == "draft" and draft.goals.count() == 2


def test_without_figures_no_baseline_is_invented(demo_world):
    plan = area_plans_demo_load(demo_world, TODAY)
    assert not plan.goals.filter(baseline_value__isnull=False).exists()
    # the indicators were made from the catalogue, with their question and direction
    early = Indicator.objects.get(code="VoortijdigSchoolverlatersPercentage")
    assert (early.question, early.direction, early.unit) == ("school", "lower_better", "%")


def test_with_figures_the_baseline_is_an_older_one_and_synthetic_stays_marked(demo_world):
    early = f.IndicatorFactory(
        code="VoortijdigSchoolverlatersPercentage", name="VSV (import)", unit="%", decimals=1,
        question="school", direction="lower_better",
    )  # fmt: skip
    for period, amount in ((YEAR - 5, "4.2"), (YEAR - 3, "3.8"), (YEAR - 2, "3.4")):
        f.IndicatorValueFactory(
            indicator=early, area_code=AGREED_DISTRICT, period=period,
            value=Decimal(amount), quality="synthetic",
        )  # fmt: skip
    plan = area_plans_demo_load(demo_world, TODAY)
    goal = plan.goals.get(indicator=early)
    assert early.name == Indicator.objects.get(pk=early.pk).name, "an existing row is kept"
    assert (goal.baseline_value, goal.baseline_period) == (Decimal("3.8"), YEAR - 3)
    assert goal.baseline_quality == "synthetic"
    assert goal.target_value == Decimal("2.9")  # a quarter lower, one decimal
    row = next(r for r in plan_page(plan.district, plan).goals if r.goal.pk == goal.pk)
    assert row.progress.state == "toward" and row.progress.synthetic


def test_loading_twice_writes_nothing_twice(demo_world):
    assert area_plans_demo_load(demo_world, TODAY) is not None
    assert area_plans_demo_load(demo_world, TODAY) is None
    assert AreaPlan.objects.count() == 2
