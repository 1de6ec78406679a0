"""The outcomes API: indicator definitions and values for any token, profiles for professional
roles, with own figures null and ``suppressed: true`` where they would show a small cell."""

from __future__ import annotations

import pytest

from nabij.access import services as access_services
from nabij.outcomes.tests.conftest import improve, indicator, values
from nabij.tests.openapi import assert_matches_schema

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


@pytest.fixture
def api(client):
    def _get(professional, path: str, **params):
        token = access_services.api_token_create(user=professional.user, name="test")
        response = client.get(f"{BASE}{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")
        return response

    return _get


@pytest.fixture
def cbs(leeuwarden):
    work = indicator("Nettoarbeidsparticipatie", name="Nettoarbeidsparticipatie", unit="%")
    bijstand = indicator("PersonenPerSoortUitkeringBijstand", name="Personen met bijstand")
    inhabitants = indicator("AantalInwoners", name="Inwoners")
    for year in (2023, 2024):
        values(work, {"WK008010": 60 + year - 2023, "GM0080": 65, "NL00": 68}, period=year)
        values(inhabitants, {"WK008010": 5000, "GM0080": 100000}, period=year)
        values(bijstand, {"WK008010": 250, "GM0080": 4000}, period=year, quality="synthetic")
    return work


def test_indicator_definitions_with_their_periods(cbs, api, world):
    response = api(world.colleague, "/indicators")

    body = assert_matches_schema(response, "get", "/indicators")
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code["Nettoarbeidsparticipatie"]["periods"] == [2023, 2024]
    assert by_code["Nettoarbeidsparticipatie"]["question"] == "work"
    assert by_code["Nettoarbeidsparticipatie"]["direction"] == "higher_better"
    assert by_code["PersonenPerSoortUitkeringBijstand"]["per_thousand"] is True
    assert by_code["AantalInwoners"]["licence"] == "CC BY 4.0"


def test_values_of_an_area_latest_or_of_a_period(cbs, api, world):
    latest = assert_matches_schema(
        api(world.broker, "/areas/WK008010/indicators"), "get", "/areas/{code}/indicators"
    )
    assert latest["area"] == {"code": "WK008010", "name": "Binnenstad", "level": "district"}
    values_by_code = {v["code"]: v for v in latest["items"]}
    assert values_by_code["Nettoarbeidsparticipatie"] == {
        "code": "Nettoarbeidsparticipatie",
        "name": "Nettoarbeidsparticipatie",
        "unit": "%",
        "period": 2024,
        "value": 61.0,
        "quality": "final",
        "source": "CBS",
        "licence": "CC BY 4.0",
    }
    assert values_by_code["PersonenPerSoortUitkeringBijstand"]["value"] == 250.0  # as CBS
    assert values_by_code["PersonenPerSoortUitkeringBijstand"]["quality"] == "synthetic"

    earlier = api(world.broker, "/areas/WK008010/indicators", period=2023).json()
    assert {v["period"] for v in earlier["items"]} == {2023}
    country = api(world.broker, "/areas/NL00/indicators").json()
    assert country["area"]["level"] == "country"
    assert [v["value"] for v in country["items"]] == [68.0]


def test_unknown_areas_and_bad_periods(cbs, api, world):
    for code in ("WK999999", "nonsense", "BU00809999"):
        response = api(world.analyst, f"/areas/{code}/indicators")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert api(world.analyst, f"/areas/{code}/profile").status_code == 404
    assert api(world.analyst, "/areas/WK008010/indicators", period=1200).status_code == 422


def test_the_profile_with_own_figures_suppressed(cbs, api, world, place):
    for household in place("BU00801001", 10):
        improve(household)
    improve(place("BU00801002", 1)[0])

    response = api(world.analyst, "/areas/BU00801002/profile")

    body = assert_matches_schema(response, "get", "/areas/{code}/profile")
    assert body["area"]["level"] == "neighbourhood"
    assert body["district_code"] == "WK008010"
    assert body["threshold"] == 10
    finance = next(q for q in body["questions"] if q["question"] == "finance")
    own = next(o for o in finance["own"] if o["code"] == "nabij-zrm-financien")
    assert own["area"] == {"value": None, "suppressed": True, "reason": "small", "estimated": False}
    assert own["district"]["suppressed"] and own["district"]["value"] is None
    assert own["source"] == "Nabij"

    district = api(world.analyst, "/areas/WK008010/profile").json()
    work = next(q for q in district["questions"] if q["question"] == "work")
    participation = next(i for i in work["indicators"] if i["code"] == "Nettoarbeidsparticipatie")
    assert participation["latest"]["value"] == 61.0
    assert participation["vs_previous"] == "better"
    assert participation["municipality"]["value"] == 65.0
    assert participation["vs_municipality"] == "worse"
    assert participation["country"]["value"] == 68.0
    assert participation["source"] == "Bron: CBS 2024 (CC BY 4.0)"
    benefits = next(
        i for i in work["indicators"] if i["code"] == "PersonenPerSoortUitkeringBijstand"
    )
    assert benefits["latest"]["value"] == 50.0 and benefits["latest"]["marks"] == ["synthetic"]
    assert [q["question"] for q in district["questions"]][-1] == "context"


def test_without_a_token_nothing(cbs, client):
    for path in ("/indicators", "/areas/WK008010/indicators", "/areas/WK008010/profile"):
        assert client.get(f"{BASE}{path}").status_code == 401
