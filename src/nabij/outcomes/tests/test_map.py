"""The indicator map: classes and legend, the table beside it, suppressed cells hatched, and the
printable SVG with its own title, legend and source."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from nabij.areas.models import Neighbourhood
from nabij.outcomes.tests.conftest import improve, indicator, values

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def crime(leeuwarden):
    """Registered crime per 1,000 for every neighbourhood of Binnenstad (2023, 2024), and
    benefits (a count) for two districts."""
    crime = indicator("GeregistreerdeMisdrijvenPer1000", name="Misdrijven per 1.000", decimals=1)
    hoods = [f"BU0080100{i}" for i in range(1, 9)]
    values(crime, {code: 20 + i for i, code in enumerate(hoods)} | {"GM0080": 40}, period=2023)
    values(
        crime,
        {code: 30 + i for i, code in enumerate(hoods)} | {"GM0080": 45},
        period=2024,
        quality="synthetic",
    )
    bijstand = indicator("PersonenPerSoortUitkeringBijstand", name="Personen met bijstand")
    inhabitants = indicator("AantalInwoners", name="Inwoners")
    values(inhabitants, {"WK008010": 5000, "WK008011": 8000})
    values(bijstand, {"WK008010": 250, "WK008011": 160})
    return crime


def _get(client, world, name: str = "outcomes:map", **params):
    client.force_login(world.analyst.user)
    return client.get(reverse(name), params)


def test_the_map_colours_neighbourhoods_and_lists_them_beside_it(crime, client, world):
    response = _get(client, world, indicator="GeregistreerdeMisdrijvenPer1000")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Misdrijven per 1.000, per buurt, Leeuwarden, 2024" in html
    # Each area: a path with its name and value in a <title>, linked to its profile.
    waag = re.search(
        r'<a href="/gebieden/BU00801001/"[^>]*><path class="map-area (map-c\d)[^"]*"[^>]*>'
        r"<title>(.*?)</title>",
        html,
    )
    assert waag is not None
    assert waag.group(1) == "map-c1"
    assert waag.group(2) == "De Waag (Binnenstad): 30,0 (synthetisch)"
    assert 'data-code="BU00801008"' in html
    # Neighbourhoods without a figure are grey, never hatched: nothing is suppressed here.
    assert "is-suppressed" not in html
    assert "geen cijfer" in html
    # The table beside it, the municipality below, the year chooser, the source and the mark.
    assert html.count('<a href="/gebieden/BU0080') >= 2 * 134
    assert "Bron: CBS 2024" in html
    assert 'data-testid="synthetic-notice"' in html
    assert '<option value="2023">' in html


def test_an_earlier_year_and_the_district_level(crime, client, world):
    html = _get(
        client, world, indicator="GeregistreerdeMisdrijvenPer1000", jaar="2023"
    ).content.decode()
    assert "Bron: CBS 2023" in html and "synthetisch" not in html

    # Benefits exist for districts only: shown per district, per 1,000 inhabitants.
    response = _get(client, world, indicator="PersonenPerSoortUitkeringBijstand", niveau="buurt")
    html = response.content.decode()
    assert "per wijk" in html
    assert "per 1.000 inwoners" in html
    assert "50,0" in html and "20,0" in html  # 250 of 5,000 and 160 of 8,000
    assert "Deze indicator heeft in dit jaar geen cijfers op dat niveau" in html


def test_own_figures_hatch_suppressed_cells(leeuwarden, place, client, world):
    for household in place("BU00801001", 10):
        improve(household)
    improve(place("BU00801002", 1)[0])

    response = _get(client, world, indicator="nabij-zrm-financien")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="BU00801002"><title>Nieuwestad (Binnenstad): minder dan 10' in html
    assert re.search(r'class="map-area map-c0 is-suppressed"[^>]*data-code="BU00801002"', html)
    assert '<pattern id="map-hatch"' in html
    assert "map-swatch--hatched" in html
    assert "Bron: Nabij" in html


def test_the_svg_has_its_own_title_legend_and_source(crime, client, world):
    response = _get(client, world, "outcomes:map_svg", indicator="GeregistreerdeMisdrijvenPer1000")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Misdrijven per 1.000, per buurt, Leeuwarden, 2024"
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert any(t.startswith("Bron: CBS 2024") for t in texts)
    assert any("Synthetisch" in t for t in texts)
    assert "30,0 \u2013 31,0" in texts or any("\u2013" in t for t in texts)  # a legend range
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "De Waag (Binnenstad): 30,0 (synthetisch)" in titles
    # No stylesheet in the file (the CSP would block it when opened): colours are attributes.
    assert b"<style" not in response.content and b"class=" not in response.content
    fills = {p.get("fill") for p in root.iter(f"{SVG}path")}
    assert "#eceff0" in fills and len(fills) > 2


def test_the_svg_of_a_real_year_has_no_synthetic_line(crime, client, world):
    response = _get(
        client, world, "outcomes:map_svg", indicator="GeregistreerdeMisdrijvenPer1000", jaar="2023"
    )
    assert b"ynthetisch" not in response.content


def test_bad_input_is_never_a_500(crime, client, world):
    assert _get(client, world, indicator="NoSuchThing").status_code == 404
    assert _get(client, world, "outcomes:map_svg", indicator="nabij-nothing").status_code == 404
    bad_year = _get(client, world, indicator="GeregistreerdeMisdrijvenPer1000", jaar="twee")
    assert bad_year.status_code == 400
    missing_year = _get(client, world, indicator="GeregistreerdeMisdrijvenPer1000", jaar="2001")
    assert missing_year.status_code == 200
    assert "het laatste jaar wordt getoond" in missing_year.content.decode()
    assert _get(client, world, niveau="galaxy").status_code == 200
    assert _get(client, world, gemeente="GM9999").status_code == 404


def test_the_households_map_of_the_areas_page_still_works(crime, client, world):
    client.force_login(world.analyst.user)
    response = client.get(reverse("areas:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Huishoudens per buurt" in html
    assert "is-suppressed" not in html


def test_the_map_takes_the_same_queries_for_a_few_or_all_areas(
    crime, client, world, django_assert_max_num_queries
):
    client.force_login(world.analyst.user)
    url = reverse("outcomes:map") + "?indicator=GeregistreerdeMisdrijvenPer1000"
    client.get(url)
    with django_assert_max_num_queries(24):
        client.get(url)
    codes = Neighbourhood.objects.values_list("code", flat=True)
    values(crime, {code: n for n, code in enumerate(codes)}, period=2025)
    with django_assert_max_num_queries(24):
        response = client.get(url)
    assert response.content.decode().count("geen cijfer") <= 2  # the two factory ones
