"""The area plans in the API: a district's plans and one plan with its figures and progress."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from nabij.access.models import AccessLogEntry
from nabij.access.services import api_token_create
from nabij.outcomes import services_plans as services
from nabij.outcomes.tests.plans_helpers import YEAR, actor_of, add_goal, area_world, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def aw(world):
    aw = area_world(world)
    value(aw.early_leavers, aw.district.code, YEAR - 3, "4.0")
    add_goal(aw, world.assigned, baseline_value=None, baseline_period=None,
             target_value=Decimal("2"))  # fmt: skip
    value(aw.early_leavers, aw.district.code, YEAR - 2, "3.5", quality="synthetic")
    services.action_save(
        actor=actor_of(world.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(
            description="Spreekuur van de woningcorporatie",
            by="partner",
            by_name="Woonstichting Nabij",
        ),
    )
    return aw


def api(professional) -> Client:
    token = api_token_create(user=professional.user, name="t")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_list_of_a_districts_plans(aw):
    response = api(aw.w.analyst).get(f"/api/v1/areas/{aw.district.code}/plans")
    assert response.status_code == 200
    (item,) = response.json()
    assert item["year"] == YEAR and item["status"] == "draft" and item["version"] == 3
    assert (item["goals"], item["actions"]) == (1, 1)


def test_one_plan_with_baseline_target_newest_figure_and_progress(aw):
    body = api(aw.w.broker).get(f"/api/v1/areas/{aw.district.code}/plans/{YEAR}").json()
    assert body["district_code"] == aw.district.code and body["year"] == YEAR
    (goal,) = body["goals"]
    assert goal["question"] == "school"
    assert goal["indicator"]["code"] == "VoortijdigSchoolverlaters"
    assert goal["indicator"]["direction"] == "lower_better"
    assert goal["baseline"] == {"value": "4.0000", "period": YEAR - 3, "quality": "final"}
    assert goal["target"] == {"value": "2.0000", "year": YEAR + 4}
    assert goal["latest"]["period"] == YEAR - 2 and goal["latest"]["synthetic"] is True
    assert goal["latest"]["source"] == "CBS"
    assert goal["progress"] == {"state": "toward", "toward_target": True, "share": "0.2500"}
    (action,) = body["actions"]
    assert action["by"] == "partner" and action["by_name"] == "Woonstichting Nabij"
    assert action["goal_id"] is None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/areas/BU00800001/plans", 404),
        ("/api/v1/areas/GM0080/plans", 404),
        ("/api/v1/areas/WK999999/plans", 404),
        ("/api/v1/areas/{code}/plans/" + str(YEAR + 1), 404),
        ("/api/v1/areas/{code}/plans/1999", 422),
        ("/api/v1/areas/{code}/plans/99999999999999999999", 422),
    ],
)
def test_unknown_areas_and_years(aw, path, status):
    response = api(aw.w.analyst).get(path.format(code=aw.district.code))
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_without_a_token_401(aw):
    assert Client().get(f"/api/v1/areas/{aw.district.code}/plans").status_code == 401


def test_the_plan_costs_the_same_queries_with_more_goals(aw, django_assert_max_num_queries):
    client = api(aw.w.analyst)
    url = f"/api/v1/areas/{aw.district.code}/plans/{YEAR}"
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for i in range(10):
        add_goal(aw, aw.w.assigned, text=f"Doel {i}", question="work",
                 indicator_id=aw.participation.pk, baseline_value=Decimal(50),
                 target_value=Decimal(60))  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(url).json()["goals"]) == 11


def test_no_refusal_rows_for_a_granted_read(aw):
    api(aw.w.analyst).get(f"/api/v1/areas/{aw.district.code}/plans/{YEAR}")
    assert not AccessLogEntry.objects.filter(outcome="refused").exists()
