"""The REST API per role: what it returns, what it refuses, and what it logs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.access.services import api_token_create
from nabij.assessment.models import Assessment, Priority
from nabij.core.management.commands.openapi_export import build_schema
from nabij.tests.openapi import assert_matches_schema

pytestmark = pytest.mark.django_db

ALLOWED = ["assigned", "coordinator"]
REFUSED = [
    "colleague",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
]
TODAY = timezone.localdate()
ASSESSMENTS = "/residents/{resident_id}/assessments"
PRIORITIES = "/households/{household_id}/priorities"


@pytest.fixture(scope="module")
def schema():
    """The live schema: responses must match what the document promises (the committed copy is
    checked against this one by ``nabij/tests/test_openapi.py``)."""
    return build_schema()


@pytest.fixture
def api(client, world):
    """``api(world.assigned).get(path)`` with that professional's bearer token."""

    class _Api:
        def __init__(self, professional):
            self.headers = {
                "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=professional.user, name='t')}"
            }

        def get(self, path):
            return client.get(path, **self.headers)

        def post(self, path, body):
            return client.post(
                path, data=json.dumps(body), content_type="application/json", **self.headers
            )

    return _Api


def _new_rows(after: int, professional, outcome):
    return AccessLogEntry.objects.filter(
        id__gt=after, username=professional.user.username, outcome=outcome, channel="api"
    )


def _last() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _assessment_body(**changes):
    body = {
        "instrument": "zrm-11",
        "assessed_on": "2025-02-01",
        "scores": [{"domain": "financien", "level": 2}, {"domain": "huisvesting", "level": 1}],
        "note": "Via de koppeling met het regiesysteem.",
    }
    return {**body, **changes}


def test_instruments_for_any_authenticated_user(world, api, client, schema):
    response = api(world.analyst).get("/api/v1/instruments")
    assert response.status_code == 200
    assert_matches_schema(response, "get", "/instruments", document=schema)
    by_code = {i["code"]: i for i in response.json()}
    assert len(by_code["zrm-11"]["domains"]) == 11
    assert len(by_code["zrm-2017"]["domains"]) == 13
    assert by_code["zrm-11"]["is_default"] is True
    assert by_code["zrm-11"]["levels"][0] == {"value": 1, "label": "Acute problematiek"}
    assert client.get("/api/v1/instruments").status_code == 401


@pytest.mark.parametrize("who", ALLOWED)
def test_case_roles_read_and_write_assessments(world, api, record, schema, who):
    professional = world.by_key(who)
    for day in (dt.date(2024, 1, 1), dt.date(2024, 6, 1), dt.date(2025, 1, 1)):
        record(world.resident, day, {"financien": 3})
    path = f"/api/v1/residents/{world.resident.pk}/assessments"
    caller = api(professional)

    last = _last()
    response = caller.get(path + "?limit=2")
    assert response.status_code == 200
    assert_matches_schema(response, "get", ASSESSMENTS, document=schema)
    body = response.json()
    assert body["count"] == 3
    assert [a["assessed_on"] for a in body["items"]] == ["2025-01-01", "2024-06-01"]
    assert body["items"][0]["scores"] == [
        {"domain": "financien", "domain_name": "Financiën", "level": 3}
    ]
    assert [r.resident_id for r in _new_rows(last, professional, "granted")] == [world.resident.pk]

    last = _last()
    response = caller.post(path, _assessment_body())
    assert response.status_code == 201, response.content
    assert_matches_schema(response, "post", ASSESSMENTS, document=schema)
    created = response.json()
    assert created["instrument"] == "zrm-11"
    assert {(s["domain"], s["level"]) for s in created["scores"]} == {
        ("financien", 2),
        ("huisvesting", 1),
    }
    assert Assessment.objects.get(pk=created["id"]).recorded_by == professional.user
    assert [(r.event, r.resident_id) for r in _new_rows(last, professional, "granted")] == [
        ("assessment.create", world.resident.pk)
    ]


@pytest.mark.parametrize("who", REFUSED)
def test_everyone_else_is_refused_and_logged(world, api, schema, who):
    professional = world.by_key(who)
    caller = api(professional)
    r, h = world.resident.pk, world.household.pk
    last = _last()
    calls = [
        caller.get(f"/api/v1/residents/{r}/assessments"),
        caller.post(f"/api/v1/residents/{r}/assessments", _assessment_body()),
        caller.get(f"/api/v1/households/{h}/priorities"),
        caller.post(
            f"/api/v1/households/{h}/priorities", {"text": "De schulden", "said_by": "Karima"}
        ),
    ]
    templates = [
        ("get", ASSESSMENTS),
        ("post", ASSESSMENTS),
        ("get", PRIORITIES),
        ("post", PRIORITIES),
    ]
    for response, (method, template) in zip(calls, templates, strict=True):
        assert response.status_code == 404  # not theirs to see: the answer to an unknown id
        assert response["Content-Type"] == "application/problem+json"
        assert_matches_schema(response, method, template, document=schema)
    refused = _new_rows(last, professional, "refused")
    assert refused.filter(resident_id=r).count() == 4
    assert refused.filter(resident_id=world.child.pk).count() == 2  # the household calls
    assert not _new_rows(last, professional, "granted").exists()
    assert not Assessment.objects.exists() and not Priority.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assessed_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "assessed_on"),
        ({"scores": [{"domain": "financien", "level": 6}]}, "scores"),
        ({"scores": [{"domain": "werk-en-opleiding", "level": 3}]}, "scores"),
        ({"scores": []}, "scores"),
        ({"instrument": "unknown"}, "instrument"),
    ],
)
def test_invalid_assessment_is_a_problem_with_the_field(world, api, schema, changes, field):
    response = api(world.assigned).post(
        f"/api/v1/residents/{world.resident.pk}/assessments", _assessment_body(**changes)
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert_matches_schema(response, "post", ASSESSMENTS, document=schema)
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("who", ALLOWED)
def test_case_roles_read_and_write_priorities(world, api, schema, who):
    professional = world.by_key(who)
    caller = api(professional)
    path = f"/api/v1/households/{world.household.pk}/priorities"
    members = {world.resident.pk, world.child.pk}

    last = _last()
    response = caller.post(path, {"text": "Eerst de schulden.", "said_by": "Karima"})
    assert response.status_code == 201, response.content
    assert_matches_schema(response, "post", PRIORITIES, document=schema)
    assert response.json()["recorded_on"] == TODAY.isoformat()
    assert {r.resident_id for r in _new_rows(last, professional, "granted")} == members

    last = _last()
    response = caller.get(path)
    assert response.status_code == 200
    assert_matches_schema(response, "get", PRIORITIES, document=schema)
    assert [p["text"] for p in response.json()["items"]] == ["Eerst de schulden."]
    assert {r.resident_id for r in _new_rows(last, professional, "granted")} == members


def test_empty_priority_is_a_problem(world, api):
    response = api(world.assigned).post(
        f"/api/v1/households/{world.household.pk}/priorities", {"text": " ", "said_by": "K"}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["text"]
