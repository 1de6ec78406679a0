"""The areas API: reference data for any token, household counts for aggregate roles only."""

from __future__ import annotations

import functools

import pytest

from nabij.access import services as access_services
from nabij.access.models import AccessLogEntry, Outcome
from nabij.areas import services
from nabij.core.management.commands.openapi_export import build_schema
from nabij.tests.openapi import assert_matches_schema

BASE = "/api/v1/areas"


@functools.cache
def _schema() -> dict:
    return build_schema()


def _matches(response, path: str):
    """Validate against the live schema; the project's drift test ties it to openapi.json."""
    return assert_matches_schema(response, "get", f"{BASE}{path}", document=_schema())


@pytest.fixture
def api(client):
    """``api(professional).get(path)`` with a bearer token for that professional's user."""

    class _Api:
        def __init__(self, professional):
            token = access_services.api_token_create(user=professional.user, name="test")
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

        def get(self, path: str, **params):
            return client.get(f"{BASE}{path}", params, **self.headers)

    return _Api


@pytest.fixture
def placed(world, place_households):
    services.leeuwarden_load()
    place_households("BU00801001", 3, team=world.coordinator.team)
    place_households("BU00801002", 12, team=world.other_coordinator.team)
    return world


@pytest.mark.django_db
def test_reference_data_needs_a_token(client, leeuwarden):
    response = client.get(f"{BASE}/districts")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    _matches(response, "/districts")


def test_districts_are_paginated_and_filtered(world, leeuwarden, api):
    response = api(world.broker).get("/districts", municipality="GM0080", limit=5, offset=5)

    assert response.status_code == 200
    body = _matches(response, "/districts")
    assert set(body) == {"items", "count"}
    assert len(body["items"]) == 5
    real = [d for d in body["items"] if d["code"] >= "WK008010"]
    assert real, body
    assert set(body["items"][0]) == {
        "code",
        "name",
        "municipality_code",
        "inhabitants",
        "dwellings",
    }
    assert body["items"][0]["municipality_code"] == "GM0080"


@pytest.mark.django_db
def test_municipalities_and_neighbourhoods(leeuwarden, api):
    from nabij.tests import factories as f

    reader = f.ProfessionalFactory()  # any role may read reference data
    municipalities = _matches(api(reader).get("/municipalities"), "/municipalities")
    assert municipalities == {
        "items": [{"code": "GM0080", "name": "Leeuwarden", "inhabitants": 128810}],
        "count": 1,
    }

    response = api(reader).get("/neighbourhoods", district="WK008010")

    body = _matches(response, "/neighbourhoods")
    assert body["count"] == 8
    assert body["items"][0] == {
        "code": "BU00801001",
        "name": "De Waag",
        "district_code": "WK008010",
        "inhabitants_estimate": body["items"][0]["inhabitants_estimate"],
    }
    assert sum(n["inhabitants_estimate"] for n in body["items"]) == 6710
    everything = api(reader).get("/neighbourhoods", municipality="GM0080", limit=100).json()
    assert everything["count"] == 134
    assert len(everything["items"]) == 100


@pytest.mark.django_db
def test_detail_with_boundary_and_404(leeuwarden, api):
    from nabij.tests import factories as f

    reader = f.ProfessionalFactory()

    district = _matches(api(reader).get("/districts/WK008010"), "/districts/{code}")
    neighbourhood = _matches(
        api(reader).get("/neighbourhoods/BU00801001"), "/neighbourhoods/{code}"
    )
    missing = api(reader).get("/neighbourhoods/BU00809999")
    _matches(missing, "/neighbourhoods/{code}")

    assert district["boundary"]["type"] == "Polygon"
    assert neighbourhood["boundary"]["type"] == "Polygon"
    assert missing.status_code == 404


def test_household_counts_for_analyst_are_suppressed(placed, api):
    response = api(placed.analyst).get("/household-counts", municipality="GM0080")

    assert response.status_code == 200
    body = _matches(response, "/household-counts")
    assert body["scope"] == "municipality"
    assert body["threshold"] == 10
    items = {item["code"]: item for item in body["items"]}
    assert items["BU00801001"]["count"] is None
    assert items["BU00801001"]["suppressed"] is True
    assert items["BU00801002"]["count"] == 12
    assert items["BU00801002"]["suppressed"] is False


def test_household_counts_for_coordinator_team_scope_are_exact(placed, api):
    response = api(placed.coordinator).get("/household-counts", scope="team")

    assert response.status_code == 200
    body = _matches(response, "/household-counts")
    assert body["threshold"] is None
    items = {item["code"]: item for item in body["items"]}
    assert items["BU00801001"] == {
        "code": "BU00801001",
        "name": "De Waag",
        "district_code": "WK008010",
        "count": 3,
        "suppressed": False,
    }
    assert items["BU00801002"]["count"] == 0  # the other team's households are not counted


@pytest.mark.parametrize(
    ("key", "scope"),
    [
        ("assigned", "municipality"),
        ("broker", "municipality"),
        ("administrator", "municipality"),
        ("analyst", "team"),
    ],
)
def test_household_counts_refused_and_logged(placed, api, key, scope):
    professional = placed.by_key(key)

    response = api(professional).get("/household-counts", scope=scope)

    assert response.status_code == 403
    _matches(response, "/household-counts")
    entry = AccessLogEntry.objects.get(
        event="areas.household_counts", outcome=Outcome.REFUSED, user=professional.user
    )
    assert entry.channel == "api"


def test_household_counts_unknown_municipality(placed, api):
    response = api(placed.analyst).get("/household-counts", municipality="GM9999")
    assert response.status_code == 404


@pytest.mark.django_db
def test_openapi_lists_the_area_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("municipalities", "districts", "neighbourhoods", "household-counts"):
        assert f"{BASE}/{path}" in paths
