"""The area cost page and its API: who may see them, what is logged, what is (not) shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.models import AccessLogEntry, Outcome
from nabij.access.services import api_token_create
from nabij.costs import analytics
from nabij.costs.models import FundingStream, Payer
from nabij.costs.tests.test_analytics import YEAR, add_lines, everyone, make_town

ROLES = [
    "assigned",
    "colleague",
    "coordinator",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
]
ALLOWED = {"coordinator", "other_coordinator", "analyst"}
URL = "/kosten/gebieden/"
API = "/api/v1/costs/area"


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    analytics.forget_snapshots()
    yield
    analytics.forget_snapshots()


@pytest.fixture
def town(world):
    """60 households in the world's municipality with costs; the world's own two have costs too."""
    town = make_town()
    for i, household in enumerate(everyone(town)):
        add_lines(town, household, 100_000 + i * 1_000)
        if i < 12:
            add_lines(town, household, 40_000, stream=FundingStream.ZVW, payer=Payer.INSURER)
    add_lines(town, world.household, 7_777_777)
    add_lines(town, world.other_household, 8_888_888)
    return town


def _refused(user_name: str, event: str) -> int:
    return AccessLogEntry.objects.filter(
        username=user_name, event=event, outcome=Outcome.REFUSED
    ).count()


def _granted(user_name: str, event: str) -> int:
    return AccessLogEntry.objects.filter(
        username=user_name, event=event, outcome=Outcome.GRANTED
    ).count()


def test_url_name():
    assert reverse("costs:area") == URL


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_page_access_for_every_role(world, town, login, role):
    professional = world.by_key(role)
    client = login(professional)
    response = client.get(URL, {"jaar": YEAR})
    name = professional.user.username
    if role in ALLOWED:
        assert response.status_code == 200
        assert _granted(name, "costs.area") == 1
        body = response.content.decode()
        assert "Dokkumer Ee" in body  # a street with enough households
        for secret in ("El Amrani", "Karima", "De Vries", "Gerrit", world.resident.bsn):
            assert secret not in body
        assert "77.777" not in body and "88.888" not in body  # no single household's cost
    else:
        assert response.status_code == 403
        assert _refused(name, "costs.area") == 1
        assert _granted(name, "costs.area") == 0


@pytest.mark.django_db
def test_page_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_access_for_every_role(world, town, client, role):
    professional = world.by_key(role)
    token = api_token_create(user=professional.user, name="test")
    response = client.get(API, {"year": YEAR}, HTTP_AUTHORIZATION=f"Bearer {token}")
    name = professional.user.username
    if role in ALLOWED:
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["year"] == YEAR and data["threshold"] == 10
        text = response.content.decode()
        assert "El Amrani" not in text and world.resident.bsn not in text
        assert 7_777_777 not in [n["cost_cents"] for n in data["neighbourhoods"]]
        assert _granted(name, "costs.area") == 1
    else:
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/problem+json")
        assert _refused(name, "costs.area") == 1


@pytest.mark.django_db
def test_api_suppressed_cells_are_null_with_a_flag(world, town, client):
    token = api_token_create(user=world.analyst.user, name="test")
    data = client.get(API, {"year": YEAR}, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    cells = {n["code"]: n for n in data["neighbourhoods"]}
    assert cells["BUT0000001"]["cost_cents"] == sum(100_000 + i * 1_000 for i in range(30)) + (
        12 * 40_000
    )
    assert [s["name"] for s in cells["BUT0000001"]["streets"]] == ["Dokkumer Ee"]
    small = cells["BUT0000002"]
    assert small["suppressed"] and small["cost_cents"] is None and small["households"] is None
    # The world's households live in neighbourhoods of their own: one household each.
    lone = [n for n in data["neighbourhoods"] if n["code"] not in cells or n["households"] == 1]
    assert not lone
    zvw = next(
        c for c in data["matrix"]["cells"] if c["payer"] == "insurer" and c["stream"] == "zvw"
    )
    assert zvw["cost_cents"] == 12 * 40_000 and not zvw["suppressed"]
    assert len(data["concentration"]["points"]) == 101


@pytest.mark.django_db
def test_api_rejects_a_year_out_of_range(world, client):
    token = api_token_create(user=world.analyst.user, name="test")
    response = client.get(API, {"year": 1850}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.django_db
def test_page_with_a_bad_year_says_so(world, town, login):
    response = login(world.analyst).get(URL, {"jaar": "twintig"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert response.context["view"].year == YEAR  # the latest year is shown instead


@pytest.mark.django_db
def test_page_sees_a_new_line_and_reads_in_a_fixed_number_of_queries(world, town, login):
    client = login(world.analyst)
    client.get(URL, {"jaar": YEAR})  # builds the snapshot
    analytics.snapshot()._refreshed_at = 0.01  # as if the last refresh were long ago
    add_lines(town, everyone(town)[0], 123_400)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"jaar": YEAR})
    assert response.status_code == 200
    rollup = response.context["rollup"]
    n1 = next(n for n in rollup.neighbourhoods if n.code == "BUT0000001")
    assert n1.cell.cost_cents == sum(100_000 + i * 1_000 for i in range(30)) + 12 * 40_000 + (
        123_400
    )
    # session, user, professional, municipality, the ledger's max id, households fingerprint,
    # the new lines, neighbourhoods for suppression, map (2), access log: none per household.
    assert len(queries) <= 12, [q["sql"][:80] for q in queries.captured_queries]


@pytest.mark.django_db
def test_page_for_a_year_without_costs(world, town, login):
    response = login(world.coordinator).get(URL, {"jaar": 2011})
    assert response.status_code == 200
    assert response.context["rollup"].total.suppressed


@pytest.mark.django_db
def test_demo_gives_its_synthetic_households_costs(client):
    from nabij.costs.models import CostLine
    from nabij.demo.services import demo_load
    from nabij.demo.world import DEMO_PASSWORD

    assert demo_load(households=60)
    synthetic_lines = CostLine.objects.filter(note="synthetic")
    assert synthetic_lines.exists()
    assert synthetic_lines.values("household").distinct().count() < 60  # most cost nothing
    assert not synthetic_lines.filter(household__name="Huishouden El Amrani").exists()
    assert client.login(username="analist", password=DEMO_PASSWORD)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["rollup"].year in response.context["view"].years


@pytest.mark.django_db
def test_api_answer_matches_the_live_schema(world, town, client):
    from nabij.core.management.commands.openapi_export import build_schema
    from nabij.tests.openapi import assert_matches_schema

    token = api_token_create(user=world.analyst.user, name="test")
    response = client.get(API, {"year": YEAR}, HTTP_AUTHORIZATION=f"Bearer {token}")
    schema = build_schema()
    assert_matches_schema(response, "get", API, document=schema)
    # Our schema names must not replace another app's components (ninja keys them by name).
    assert "households_with_cost" not in str(schema["components"]["schemas"]["DistrictOut"])


@pytest.mark.django_db
def test_map_shows_districts_when_neighbourhoods_are_too_small(world, login):
    """Two neighbourhoods of 6 households each are hidden; their district of 12 is not: the map
    shows districts, as strict as before (nothing under the threshold is coloured)."""
    town = make_town({"BUT0000001": {"A": 6}, "BUT0000002": {"B": 6}, "BUT0000003": {"C": 12}})
    for i, household in enumerate(everyone(town)):
        add_lines(town, household, 100_000 + i * 1_000)
    client = login(world.analyst)
    response = client.get(URL, {"jaar": YEAR})
    assert response.status_code == 200
    assert response.context["map_level"] == "district"
    assert response.context["map"].level == "district"
    rollup = response.context["rollup"]
    by_district = rollup.per_household_by_district()
    assert by_district["WKT00001"] is not None and by_district["WKT00002"] is not None
    by_code = rollup.per_household_by_neighbourhood()
    assert by_code["BUT0000001"] is None and by_code["BUT0000002"] is None
    assert "Per wijk" in response.content.decode() or "Per district" in response.content.decode()
    by_neighbourhood = client.get(URL, {"jaar": YEAR, "niveau": "buurt"}).context
    assert by_neighbourhood["map_level"] == by_neighbourhood["map"].level == "neighbourhood"
