"""The CBS import: the shipped files, idempotence, and refusal of bad input without writes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from nabij.areas import geometry, services
from nabij.areas.models import Address, District, Municipality, Neighbourhood
from nabij.tests import factories as f

KWB = json.loads(services.LEEUWARDEN_KWB.read_text())


def _shipped() -> dict[str, Any]:
    return {
        "districts": json.loads(services.LEEUWARDEN_DISTRICTS.read_text()),
        "neighbourhoods": json.loads(services.LEEUWARDEN_NEIGHBOURHOODS.read_text()),
        "kwb": copy.deepcopy(KWB),
    }


def _import(data: dict[str, Any]) -> services.ImportResult:
    return services.areas_import(
        municipality_code="GM0080",
        municipality_name="Leeuwarden",
        districts_geojson=data["districts"],
        neighbourhoods_geojson=data["neighbourhoods"],
        kwb_json=data["kwb"],
    )


def _nothing_written() -> None:
    assert Municipality.objects.count() == 0
    assert District.objects.count() == 0
    assert Neighbourhood.objects.count() == 0


def test_shipped_files_are_inside_the_package():
    for path in (
        services.LEEUWARDEN_DISTRICTS,
        services.LEEUWARDEN_NEIGHBOURHOODS,
        services.LEEUWARDEN_KWB,
    ):
        assert path.is_file()
        assert "shared" not in path.parts
    assert set(KWB) == {"GM0080"} | {c for c in KWB if c.startswith("WK0080")}
    assert len(KWB) == 23
    readme = (services.DATA_DIR / "README.md").read_text()
    assert "Bron: CBS, Kadaster/PDOK" in readme
    assert "CC BY 4.0" in readme


@pytest.mark.django_db
def test_leeuwarden_load_imports_22_districts_and_134_neighbourhoods():
    result = services.leeuwarden_load()

    assert (result.districts_created, result.neighbourhoods_created) == (22, 134)
    assert result.warnings == []
    municipality = Municipality.objects.get(code="GM0080")
    assert municipality.name == "Leeuwarden"
    assert municipality.inhabitants == KWB["GM0080"]["AantalInwoners_5"] == 128810
    assert District.objects.filter(municipality=municipality).count() == 22
    assert Neighbourhood.objects.filter(district__municipality=municipality).count() == 134
    binnenstad = District.objects.get(code="WK008010")
    assert binnenstad.name == "Binnenstad"
    assert binnenstad.boundary is not None
    assert binnenstad.boundary["type"] == "Polygon"
    assert Neighbourhood.objects.get(code="BU00801001").name == "De Waag"


@pytest.mark.django_db
def test_district_inhabitants_match_cbs_and_estimates_add_up():
    services.leeuwarden_load()

    for district in District.objects.prefetch_related("neighbourhoods"):
        assert district.inhabitants == KWB[district.code]["AantalInwoners_5"]
        assert district.dwellings == KWB[district.code]["Woningvoorraad_35"]
        estimates = [n.inhabitants_estimate for n in district.neighbourhoods.all()]
        assert None not in estimates
        assert sum(e or 0 for e in estimates) == district.inhabitants


@pytest.mark.django_db
def test_estimates_follow_polygon_area():
    services.leeuwarden_load()
    # Wijk WK008031 has two neighbourhoods: the larger one gets the larger share.
    pair = list(Neighbourhood.objects.filter(district__code="WK008031"))
    assert len(pair) == 2
    big, small = sorted(pair, key=lambda n: -geometry.area_km2(n.boundary or {}))
    assert big.inhabitants_estimate is not None and small.inhabitants_estimate is not None
    assert big.inhabitants_estimate > small.inhabitants_estimate


@pytest.mark.django_db
def test_reimport_updates_and_adds_nothing():
    services.leeuwarden_load()
    Neighbourhood.objects.filter(code="BU00801001").update(name="Verkeerd", boundary=None)

    result = services.leeuwarden_load()

    assert (result.districts_created, result.neighbourhoods_created) == (0, 0)
    assert (result.districts_updated, result.neighbourhoods_updated) == (22, 134)
    assert District.objects.count() == 22
    assert Neighbourhood.objects.count() == 134
    waag = Neighbourhood.objects.get(code="BU00801001")
    assert waag.name == "De Waag"
    assert waag.boundary is not None


@pytest.mark.django_db
def test_reimport_keeps_neighbourhoods_households_point_at():
    services.leeuwarden_load()
    stray = cast(
        Neighbourhood,
        f.NeighbourhoodFactory(code="BU00809999", district=District.objects.get(code="WK008010")),
    )
    f.HouseholdFactory(address__neighbourhood=stray)

    result = services.leeuwarden_load()

    assert Neighbourhood.objects.filter(pk=stray.pk).exists()
    assert any("BU00809999" in w for w in result.warnings)


@pytest.mark.django_db
def test_unknown_wijk_code_is_refused_and_nothing_written():
    data = _shipped()
    feature = data["neighbourhoods"]["features"][5]
    feature["properties"]["wijk_code"] = "WK008099"

    with pytest.raises(services.AreaImportError) as caught:
        _import(data)

    message = str(caught.value)
    assert "feature 6" in message
    assert feature["properties"]["code"] in message
    assert "WK008099" in message
    _nothing_written()


@pytest.mark.django_db
def test_broken_json_file_is_refused_with_its_name(tmp_path: Path):
    broken = tmp_path / "buurten.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')

    with pytest.raises(services.AreaImportError, match=r"buurten\.geojson: not valid JSON"):
        services.areas_import(
            municipality_code="GM0080",
            municipality_name="Leeuwarden",
            districts_geojson=services.LEEUWARDEN_DISTRICTS,
            neighbourhoods_geojson=broken,
            kwb_json=services.LEEUWARDEN_KWB,
        )
    _nothing_written()


@pytest.mark.django_db
def test_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(services.AreaImportError, match=r"missing\.json: file not found"):
        services.areas_import(
            municipality_code="GM0080",
            municipality_name="Leeuwarden",
            districts_geojson=services.LEEUWARDEN_DISTRICTS,
            neighbourhoods_geojson=services.LEEUWARDEN_NEIGHBOURHOODS,
            kwb_json=tmp_path / "missing.json",
        )
    _nothing_written()


def _break_ring(data: dict[str, Any]) -> None:
    data["neighbourhoods"]["features"][0]["geometry"]["coordinates"][0].pop()


def _foreign_code(data: dict[str, Any]) -> None:
    data["districts"]["features"][0]["properties"]["code"] = "WK036310"


def _duplicate(data: dict[str, Any]) -> None:
    features = data["neighbourhoods"]["features"]
    features.append(copy.deepcopy(features[0]))


def _negative_inhabitants(data: dict[str, Any]) -> None:
    data["kwb"]["WK008010"]["AantalInwoners_5"] = -5


def _no_municipality_record(data: dict[str, Any]) -> None:
    del data["kwb"]["GM0080"]


def _count_mismatch(data: dict[str, Any]) -> None:
    data["neighbourhoods"]["features"].pop(0)


def _point_geometry(data: dict[str, Any]) -> None:
    data["districts"]["features"][3]["geometry"] = {"type": "Point", "coordinates": [5.8, 53.2]}


def _not_wgs84(data: dict[str, Any]) -> None:
    ring = data["districts"]["features"][1]["geometry"]["coordinates"][0]
    ring[1] = [182000.0, 579000.0]  # RD New metres, not degrees


def _not_a_feature_collection(data: dict[str, Any]) -> None:
    data["districts"] = {"type": "Feature"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (_break_ring, r"feature 1 \(BU00801001\): a ring is not closed"),
        (_foreign_code, r"feature 1 \(WK036310\): code does not belong to GM0080"),
        (_duplicate, r"feature 135 \(BU00801001\): code occurs more than once"),
        (_negative_inhabitants, r"record WK008010: AantalInwoners_5 is -5"),
        (_no_municipality_record, r"has no record for GM0080"),
        (_count_mismatch, r"feature WK008010: buurt_count is 8, but .* has 7"),
        (_point_geometry, r"feature 4 \(WK008030\): geometry type 'Point'"),
        (_not_wgs84, r"feature 2 \(WK008011\): position .* is not WGS84"),
        (_not_a_feature_collection, r"districts GeoJSON: not a GeoJSON FeatureCollection"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(spoil, expected):
    data = _shipped()
    spoil(data)

    with pytest.raises(services.AreaImportError, match=expected):
        _import(data)
    _nothing_written()


@pytest.mark.django_db
def test_failed_reimport_leaves_the_previous_import_untouched():
    services.leeuwarden_load()
    data = _shipped()
    data["districts"]["features"][0]["properties"]["name"] = "Nieuwe naam"
    data["neighbourhoods"]["features"][-1]["properties"]["wijk_code"] = "WK008099"

    with pytest.raises(services.AreaImportError):
        _import(data)

    assert District.objects.get(code="WK008010").name == "Binnenstad"


@pytest.mark.django_db
def test_bad_municipality_code_is_refused():
    with pytest.raises(services.AreaImportError, match="not like GM0080"):
        services.areas_import(
            municipality_code="0080",
            municipality_name="Leeuwarden",
            districts_geojson=services.LEEUWARDEN_DISTRICTS,
            neighbourhoods_geojson=services.LEEUWARDEN_NEIGHBOURHOODS,
            kwb_json=services.LEEUWARDEN_KWB,
        )


@pytest.mark.django_db
def test_missing_district_record_is_a_warning_with_empty_counts():
    data = _shipped()
    del data["kwb"]["WK008074"]

    result = _import(data)

    assert any("WK008074" in w for w in result.warnings)
    assert District.objects.get(code="WK008074").inhabitants is None
    assert set(
        Neighbourhood.objects.filter(district__code="WK008074").values_list(
            "inhabitants_estimate", flat=True
        )
    ) == {None}


@pytest.mark.django_db
def test_the_national_kwb_file_can_be_given_as_is():
    data = _shipped()
    data["kwb"]["GM1680"] = {"AantalInwoners_5": 25845}
    data["kwb"]["WK168000"] = {"AantalInwoners_5": 3590}

    result = _import(data)

    assert result.warnings == []
    assert Municipality.objects.count() == 1


@given(
    total=st.integers(min_value=0, max_value=200_000),
    weights=st.lists(st.floats(min_value=0.001, max_value=1e4), min_size=1, max_size=20),
)
def test_apportion_sums_exactly_and_stays_near_the_quota(total, weights):
    keyed = {f"k{i:02d}": w for i, w in enumerate(weights)}

    parts = geometry.apportion(total, keyed)

    assert sum(parts.values()) == total
    weight_sum = sum(weights)
    for key, weight in keyed.items():
        assert abs(parts[key] - total * weight / weight_sum) < 1 + 1e-6


def test_area_of_a_polygon_with_a_hole():
    outer = [[5.0, 53.0], [5.1, 53.0], [5.1, 53.1], [5.0, 53.1], [5.0, 53.0]]
    hole = [[5.02, 53.02], [5.04, 53.02], [5.04, 53.04], [5.02, 53.04], [5.02, 53.02]]
    full = geometry.area_km2({"type": "Polygon", "coordinates": [outer]})
    holed = geometry.area_km2({"type": "Polygon", "coordinates": [outer, hole]})

    # About 6.7 km by 11.1 km at this latitude; the hole takes 4% of it.
    assert 73 < full < 75
    assert holed == pytest.approx(full * 0.96, rel=1e-3)


@pytest.mark.django_db
def test_address_get_or_create_normalises_and_does_not_duplicate():
    neighbourhood = cast(Neighbourhood, f.NeighbourhoodFactory())

    first, created = services.address_get_or_create(
        neighbourhood=neighbourhood,
        postcode="8921ab",
        house_number=12,
        addition="a",
        street="Heechterp",
        city="Leeuwarden",
    )
    again, created_again = services.address_get_or_create(
        neighbourhood=neighbourhood,
        postcode="8921 AB",
        house_number=12,
        addition="A",
        street="Heechterp",
        city="Leeuwarden",
    )

    assert created and not created_again
    assert first.pk == again.pk
    assert first.postcode == "8921 AB"
    assert first.addition == "A"
    assert Address.objects.count() == 1


@pytest.mark.django_db
def test_address_get_or_create_refuses_a_bad_postcode():
    with pytest.raises(ValidationError):
        services.address_get_or_create(
            neighbourhood=cast(Neighbourhood, f.NeighbourhoodFactory()),
            postcode="0921 AB",
            house_number=1,
            street="Heechterp",
            city="Leeuwarden",
        )
    assert Address.objects.count() == 0
