"""The map page per role: exact team counts, suppressed municipal counts, refusals logged."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.models import AccessLogEntry, Outcome
from nabij.areas import services

URL = "/kaart/"


@pytest.fixture
def placed(world, place_households):
    """Leeuwarden imported after the world, with households in two real neighbourhoods."""
    services.leeuwarden_load()
    team_a = world.coordinator.team
    team_b = world.other_coordinator.team
    place_households("BU00801001", 3, team=team_a)  # De Waag
    place_households("BU00801002", 12, team=team_b)  # Nieuwestad
    return world


def _row(html: str, code: str) -> str:
    match = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S)
    assert match, f"no table row for {code}"
    return match.group(1)


def _map_title(html: str, code: str) -> str:
    match = re.search(rf'data-code="{code}"><title>(.*?)</title>', html, re.S)
    assert match, f"no map path for {code}"
    return match.group(1)


def test_url_name():
    assert reverse("areas:overview") == URL


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_coordinator_sees_exact_counts_of_the_own_team_only(placed, login):
    response = login(placed.coordinator).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html
    assert 'class="lead"' in html
    assert "areas/areas.css" in html
    table = html[html.index("<table") : html.index("</table>")]
    assert "<caption>" in table
    assert 'scope="col"' in table and 'scope="row"' in table
    assert re.search(
        r'<th scope="row">De Waag</th>\s*<td>Binnenstad</td>\s*<td class="num">3</td>', table
    )
    assert "Nieuwestad" not in table  # the other team's households
    assert "De Waag (Binnenstad): 3 " in _map_title(html, "BU00801001")
    nieuwestad = re.search(r'class="map-area (map-c\d)"[^>]*data-code="BU00801002"', html)
    assert nieuwestad and nieuwestad.group(1) == "map-c0"
    # The team's own world household (in a factory neighbourhood) counts in the total too.
    assert re.search(r'<td class="num">4</td>\s*</tr>\s*</tfoot>', table)


def test_analyst_sees_suppressed_municipal_counts(placed, login):
    response = login(placed.analyst).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    waag = _row(html, "BU00801001")
    assert "&lt; 10" in waag
    assert not re.search(r">\s*3\s*<", waag)
    assert ": 3 " not in _map_title(html, "BU00801001")
    nieuwestad = _row(html, "BU00801002")
    assert re.search(r'<td class="num">12</td>', nieuwestad)
    district_table = html[html.index("<table") : html.index("</table>")]
    assert "<caption>" in district_table
    binnenstad = re.search(r"Binnenstad.*?</tr>", district_table, re.S)
    assert binnenstad
    # 3 + 12 = 15 would give the hidden 3 away: the district total is not shown.
    assert ">15<" not in binnenstad.group(0)
    assert "Bron: CBS, Kadaster/PDOK" in html


@pytest.mark.parametrize("key", ["assigned", "broker", "administrator"])
def test_other_roles_are_refused_and_logged(world, login, key):
    professional = world.by_key(key)

    response = login(professional).get(URL)

    assert response.status_code == 403
    refused = AccessLogEntry.objects.filter(
        event="areas.overview", outcome=Outcome.REFUSED, user=professional.user
    )
    assert refused.count() == 1


@pytest.mark.django_db
def test_page_without_imported_areas(login):
    from nabij.tests import factories as f

    analyst = f.ProfessionalFactory(analyst=True)

    response = login(analyst).get(URL)

    assert response.status_code == 200
    assert b"import_cbs_areas" in response.content


@pytest.mark.parametrize("key", ["coordinator", "analyst"])
def test_query_count_does_not_grow_with_households(placed, login, place_households, key):
    client = login(placed.by_key(key))
    client.get(URL)  # warm up sessions, content types and the like
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    place_households("BU00801003", 25, team=placed.coordinator.team)
    place_households("BU00803001", 25, team=placed.other_coordinator.team)
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL)

    assert response.status_code == 200
    assert len(after) == len(before)
    assert len(after) <= 12


def test_unknown_municipality_is_404(placed, login):
    response = login(placed.analyst).get(URL, {"gemeente": "GM9999"})
    assert response.status_code == 404
