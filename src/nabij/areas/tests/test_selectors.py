"""Counts with disclosure control, and the map: projection, classes, the SVG partial."""

from __future__ import annotations

import re
from typing import cast

import pytest
from django.template.loader import render_to_string

from nabij.access.models import DistrictTeam
from nabij.areas import selectors
from nabij.areas.models import Municipality, Neighbourhood
from nabij.tests import factories as f

PATH_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


def _view_box(data: selectors.MapData) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in data.view_box.split())
    return width, height


@pytest.mark.django_db
def test_every_neighbourhood_gets_a_path_inside_the_view_box(leeuwarden):
    municipality = Municipality.objects.get(code="GM0080")

    data = selectors.municipality_map(municipality=municipality, counts={})

    assert len(data.neighbourhoods) == 134
    assert {a.code for a in data.neighbourhoods} == set(
        Neighbourhood.objects.values_list("code", flat=True)
    )
    assert len(data.districts) == 22
    width, height = _view_box(data)
    # Leeuwarden (Stiens to Grou) is taller than it is wide: the height gets the 800 units.
    assert height == 800
    assert 450 < width < 700
    for area in data.neighbourhoods + data.districts:
        assert area.path.startswith("M") and area.path.endswith("Z")
        numbers = [float(n) for n in PATH_NUMBERS.findall(area.path)]
        assert min(numbers) >= 0
        assert max(numbers[0::2]) <= width and max(numbers[1::2]) <= height
    assert {a.css_class for a in data.neighbourhoods} == {"map-c0"}
    assert [e.kind for e in data.legend] == ["none"]


@pytest.mark.django_db
def test_north_is_up(leeuwarden):
    municipality = Municipality.objects.get(code="GM0080")
    data = selectors.municipality_map(municipality=municipality, counts={})
    by_code = {a.code: a for a in data.neighbourhoods}

    def mean_y(code: str) -> float:
        numbers = [float(n) for n in PATH_NUMBERS.findall(by_code[code].path)]
        ys = numbers[1::2]
        return sum(ys) / len(ys)

    # Stiens (district 63, north of the city) above the Binnenstad, Grou (82, south) below.
    stiens = next(c for c in by_code if c.startswith("BU008063"))
    grou = next(c for c in by_code if c.startswith("BU008082"))
    assert mean_y(stiens) < mean_y("BU00801001") < mean_y(grou)


@pytest.mark.django_db
def test_suppressed_and_zero_cells_get_class_c0_and_counts_are_classed(leeuwarden):
    municipality = Municipality.objects.get(code="GM0080")
    codes = list(Neighbourhood.objects.order_by("code").values_list("code", flat=True))
    counts: dict[str, int | None] = {code: 10 + i for i, code in enumerate(codes)}
    counts[codes[0]] = None
    counts[codes[1]] = 0

    data = selectors.municipality_map(municipality=municipality, counts=counts, threshold=10)

    by_code = {a.code: a for a in data.neighbourhoods}
    assert by_code[codes[0]].css_class == "map-c0"
    assert by_code[codes[0]].suppressed
    assert by_code[codes[1]].css_class == "map-c0"
    assert by_code[codes[-1]].css_class == "map-c5"
    assert by_code[codes[2]].css_class == "map-c1"
    assert [e.kind for e in data.legend] == ["suppressed"] + ["range"] * 5
    assert data.legend[0].upper == 10
    assert data.legend[-1].upper == max(v for v in counts.values() if v)


def test_map_classes():
    assert selectors.map_classes([]) == []
    assert selectors.map_classes([0, 0]) == []
    assert selectors.map_classes([4, 4, 7]) == [(4, 4), (7, 7)]
    bounds = selectors.map_classes(list(range(1, 101)))
    assert bounds == [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
    skewed = selectors.map_classes([1] * 50 + [2, 3, 4, 5, 60])
    assert skewed[0] == (1, 1)
    assert skewed[-1][1] == 60


@pytest.mark.django_db
def test_neighbourhoods_without_boundary_are_counted_not_drawn():
    neighbourhood = cast(Neighbourhood, f.NeighbourhoodFactory(boundary=None))

    data = selectors.municipality_map(
        municipality=neighbourhood.district.municipality, counts={neighbourhood.code: 3}
    )

    assert not data.has_shapes
    assert data.without_boundary == 1


@pytest.mark.django_db
def test_map_partial_is_accessible_and_csp_clean(leeuwarden):
    municipality = Municipality.objects.get(code="GM0080")
    data = selectors.municipality_map(
        municipality=municipality, counts={"BU00801001": None, "BU00801002": 12}
    )

    html = render_to_string(
        "areas/_map.svg.html", {"map": data, "map_title": "Huishoudens per buurt"}
    )

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    # A group of named areas, each reached with Tab (no links here: named images).
    assert 'role="group"' in html
    assert html.count('tabindex="0" role="img" data-map-area') == 134
    assert '<title id="map-title">Huishoudens per buurt</title>' in html
    assert html.count('<path class="map-area') == 134
    assert html.count('<path class="map-district"') == 22
    assert " style=" not in html
    assert "<style" not in html
    # The one script is a file from 'self' (hover and focus labels): nothing inline.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/areas/map.js" defer>']
    assert "Bron: CBS, Kadaster/PDOK" in html
    assert "areas/areas.css" in html
    waag = re.search(
        r'<path class="map-area (map-c\d)"[^>]*data-code="BU00801001"><title>(.*?)</title>', html
    )
    assert waag is not None
    assert waag.group(1) == "map-c0"
    assert "De Waag" in waag.group(2)
    assert "12" not in waag.group(2)


@pytest.mark.django_db
def test_area_counts_suppress_small_cells_and_revealing_totals(leeuwarden):
    municipality = Municipality.objects.get(code="GM0080")
    exact = {
        "BU00801001": 3,  # Binnenstad: hidden cell
        "BU00801002": 12,
        "BU00801101": 25,  # Potmargezone: hidden cells sum to 0
        "BU00802001": 6,  # Oud-Oost: hidden cells sum to 6 + 5 = 11 ≥ 10
        "BU00802002": 5,
        "BU00802003": 40,
    }

    counts = selectors.area_counts(municipality=municipality, counts=exact, threshold=10)

    by_code = {n.code: n for n in counts.neighbourhoods}
    assert by_code["BU00801001"].count is None and by_code["BU00801001"].suppressed
    assert by_code["BU00801002"].count == 12
    assert by_code["BU00808001"].count is None  # zero is hidden too
    districts = {d.code: d for d in counts.districts}
    # 3 + 12 = 15 would give away the 3 behind "< 10".
    assert districts["WK008010"].count is None
    assert districts["WK008010"].suppression == "secondary"
    # Only zeros are hidden in Potmargezone: showing 25 would reveal "nobody else".
    assert districts["WK008011"].suppression == "secondary"
    assert districts["WK008020"].count == 51
    assert districts["WK008030"].suppression == "small"
    # The hidden remainders of the hidden districts sum to 3: the grand total stays hidden.
    assert counts.total is None
    assert counts.total_suppression == "secondary"


@pytest.mark.django_db
def test_area_counts_without_threshold_are_exact(leeuwarden):
    municipality = Municipality.objects.get(code="GM0080")

    counts = selectors.area_counts(
        municipality=municipality, counts={"BU00801001": 3}, threshold=None
    )

    assert counts.total == 3
    assert [n.code for n in counts.with_households] == ["BU00801001"]
    assert not counts.any_suppressed


@pytest.mark.django_db
def test_household_counts_is_one_query(leeuwarden, place_households, django_assert_num_queries):
    team = cast(DistrictTeam, f.TeamFactory())
    place_households("BU00801001", 3, team=team)
    place_households("BU00801002", 2, team=f.TeamFactory())
    municipality = Municipality.objects.get(code="GM0080")

    with django_assert_num_queries(1):
        everyone = selectors.household_counts(municipality=municipality)
    with django_assert_num_queries(1):
        own = selectors.household_counts(municipality=municipality, team_id=team.pk)

    assert everyone == {"BU00801001": 3, "BU00801002": 2}
    assert own == {"BU00801001": 3}
