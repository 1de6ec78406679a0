import pytest
from django.test import Client

from nabij.access.services import api_token_create
from nabij.plans.models import Goal
from nabij.tests import factories as f
from nabij.tests.openapi import assert_matches_schema

PLAN = "/api/v1/households/{household_id}/plan"
GOALS = "/api/v1/households/{household_id}/plan/goals"
ACTIONS = "/api/v1/households/{household_id}/plan/goals/{goal_id}/actions"


def api_for(professional) -> Client:
    token = api_token_create(user=professional.user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db
def test_goal_with_network_and_professional_action_over_the_api(world):
    api = api_for(world.assigned)
    h = world.household.pk
    neighbour = f.NetworkMemberFactory(household=world.household)
    plan = assert_matches_schema(api.get(f"/api/v1/households/{h}/plan"), "get", PLAN)
    assert plan["version"] == 1
    response = api.post(
        f"/api/v1/households/{h}/plan/goals",
        {"version": 1, "text": "Een eigen huis"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = assert_matches_schema(response, "post", GOALS)
    goal_id = body["goals"][0]["id"]
    for version, action in [
        (2, {"actor_kind": "network", "network_member_id": neighbour.pk}),
        (3, {"actor_kind": "professional", "professional_id": world.assigned.pk}),
    ]:
        response = api.post(
            f"/api/v1/households/{h}/plan/goals/{goal_id}/actions",
            {"version": version, "description": "Hulp"} | action,
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        body = assert_matches_schema(response, "post", ACTIONS)
    kinds = [a["actor_kind"] for a in body["goals"][0]["actions"]]
    assert kinds == ["network", "professional"]
    assert body["version"] == 4


@pytest.mark.django_db
def test_stale_version_gives_409_problem_and_changes_nothing(world):
    api = api_for(world.assigned)
    h = world.household.pk
    api.post(
        f"/api/v1/households/{h}/plan/goals",
        {"version": 1, "text": "Eerst"},
        content_type="application/json",
    )
    response = api.post(
        f"/api/v1/households/{h}/plan/goals",
        {"version": 1, "text": "Ook"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = assert_matches_schema(response, "post", GOALS)
    assert problem["status"] == 409 and problem["title"] == "Conflict"
    assert list(Goal.objects.values_list("text", flat=True)) == ["Eerst"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"version": 1, "text": ""}, "text"),
        ({"version": 1, "text": "x" * 1001}, "text"),
        ({"version": "een", "text": "x"}, "version"),
        ({"version": 1, "text": "x", "due_on": "morgen"}, "due_on"),
        ({"version": 1, "text": "x", "author": "de buurman"}, "author"),
        ({"text": "x"}, "version"),
    ],
)
def test_bad_goal_input_is_a_422_problem_naming_the_field(world, payload, field):
    api = api_for(world.assigned)
    response = api.post(
        f"/api/v1/households/{world.household.pk}/plan/goals",
        payload,
        content_type="application/json",
    )
    assert response.status_code == 422
    problem = assert_matches_schema(response, "post", GOALS)
    assert field in {e["field"] for e in problem["errors"]}
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_malformed_json_is_a_problem_not_a_500(world):
    api = api_for(world.assigned)
    response = api.post(
        f"/api/v1/households/{world.household.pk}/plan/goals",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_family_group_rule_is_a_422_problem(world):
    api = api_for(world.assigned)
    h = world.household.pk
    api.put(
        f"/api/v1/households/{h}/plan/kind",
        {"version": 1, "kind": "family_group"},
        content_type="application/json",
    )
    response = api.post(
        f"/api/v1/households/{h}/plan/goals",
        {"version": 2, "text": "x", "author": "professional"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "family group" in response.json()["detail"]


@pytest.mark.django_db
def test_household_dossier_shows_family_group_right_over_the_api(world):
    import datetime as dt

    api = api_for(world.assigned)
    h = world.household.pk
    deadline = (dt.date.today() + dt.timedelta(days=21)).isoformat()
    response = api.post(
        f"/api/v1/households/{h}/threats",
        {"kind": "eviction", "deadline": deadline},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = assert_matches_schema(
        api.get(f"/api/v1/households/{h}"), "get", "/api/v1/households/{household_id}"
    )
    assert body["family_group_plan_right"] is True
    assert body["family_group_plan_deadline"] == deadline


@pytest.mark.django_db
def test_breakthrough_register_over_the_api(world):
    api = api_for(world.assigned)
    h = world.household.pk
    response = api.post(
        f"/api/v1/households/{h}/breakthroughs",
        {
            "blocked": "Paspoort verlopen, geen uitkering",
            "rule": "Geen voorschot zonder inkomen",
            "decision": "€400 voorschot uit de wijkkas, 40 uur koken als tegenprestatie",
            "decided_on": "2026-03-01",
            "cost_cents": 40000,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert_matches_schema(response, "post", "/api/v1/households/{household_id}/breakthroughs")
    listing = assert_matches_schema(
        api.get("/api/v1/breakthroughs"), "get", "/api/v1/breakthroughs"
    )
    assert listing["count"] == 1 and listing["items"][0]["cost_cents"] == 40000
    other = api_for(world.other_coordinator).get("/api/v1/breakthroughs").json()
    assert other["count"] == 0


@pytest.mark.django_db
def test_only_team_coordinator_assigns(world):
    h = world.household.pk
    payload = {"professional_id": world.colleague.pk, "kind": "involved"}
    response = api_for(world.assigned).post(
        f"/api/v1/households/{h}/assignments", payload, content_type="application/json"
    )
    assert response.status_code == 403
    response = api_for(world.coordinator).post(
        f"/api/v1/households/{h}/assignments", payload, content_type="application/json"
    )
    assert response.status_code == 201
    assert api_for(world.colleague).get(f"/api/v1/households/{h}").status_code == 200
