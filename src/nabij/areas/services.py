"""Writes for areas: the CBS open-data import and addresses.

The import reads everything, checks everything, and only then writes in one transaction, so a
bad file never leaves a half-imported municipality behind. Re-running it updates rows by CBS
code; it never duplicates them and never deletes areas that households may still point at.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from nabij.areas import geometry, selectors
from nabij.areas.models import Address, District, Municipality, Neighbourhood

logger = logging.getLogger("nabij.areas")

DATA_DIR = Path(__file__).resolve().parent / "data"
LEEUWARDEN_CODE = "GM0080"
LEEUWARDEN_NAME = "Leeuwarden"
LEEUWARDEN_DISTRICTS = DATA_DIR / "leeuwarden-wijken-2022.geojson"
LEEUWARDEN_NEIGHBOURHOODS = DATA_DIR / "leeuwarden-buurten-2022.geojson"
LEEUWARDEN_KWB = DATA_DIR / "cbs-kwb-2024-leeuwarden.json"

KWB_INHABITANTS = "AantalInwoners_5"
KWB_DWELLINGS = "Woningvoorraad_35"

MUNICIPALITY_CODE = re.compile(r"^GM[0-9]{4}$")
DISTRICT_CODE = re.compile(r"^WK[0-9]{6}$")
NEIGHBOURHOOD_CODE = re.compile(r"^BU[0-9]{8}$")

# A path to a JSON file, or JSON already parsed (handy in tests and for callers with bytes).
Source = str | os.PathLike[str] | Mapping[str, Any]


class AreaImportError(ValueError):
    """The input cannot be imported; the message names the file and the feature. Nothing written."""


@dataclass(frozen=True)
class ImportResult:
    municipality_code: str
    municipality_name: str
    districts_created: int
    districts_updated: int
    neighbourhoods_created: int
    neighbourhoods_updated: int
    warnings: list[str] = field(default_factory=list)

    @property
    def districts(self) -> int:
        return self.districts_created + self.districts_updated

    @property
    def neighbourhoods(self) -> int:
        return self.neighbourhoods_created + self.neighbourhoods_updated

    def summary(self) -> str:
        return (
            f"{self.municipality_code} {self.municipality_name}: "
            f"{self.districts} districts ({self.districts_created} new), "
            f"{self.neighbourhoods} neighbourhoods ({self.neighbourhoods_created} new)"
        )


@dataclass(frozen=True)
class _Area:
    code: str
    name: str
    parent_code: str
    boundary: dict[str, Any]


@dataclass(frozen=True)
class _Counts:
    inhabitants: int | None
    dwellings: int | None


def _load_json(source: Source, label: str) -> tuple[Any, str]:
    """Parsed JSON and a name for messages: the file name, or the label for parsed input."""
    if isinstance(source, Mapping):
        return source, label
    path = Path(source)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AreaImportError(f"{name}: file not found ({path}).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AreaImportError(f"{name}: cannot read the file ({exc}).") from None
    try:
        return json.loads(text), name
    except json.JSONDecodeError as exc:
        raise AreaImportError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None


def _features(data: Any, name: str) -> list[Any]:
    if not isinstance(data, Mapping) or data.get("type") != "FeatureCollection":
        raise AreaImportError(f"{name}: not a GeoJSON FeatureCollection.")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise AreaImportError(f"{name}: the FeatureCollection has no features.")
    return features


def _parse_areas(
    data: Any,
    name: str,
    *,
    municipality_code: str,
    code_pattern: re.Pattern[str],
    parent_key: str,
) -> list[_Area]:
    """Check every feature; the first problem found is reported with file and feature."""
    areas: list[_Area] = []
    seen: set[str] = set()
    for index, feature in enumerate(_features(data, name), start=1):
        properties = feature.get("properties") if isinstance(feature, Mapping) else None
        if not isinstance(properties, Mapping):
            raise AreaImportError(f"{name}, feature {index}: has no properties.")
        code = properties.get("code")
        where = f"{name}, feature {index} ({code})" if code else f"{name}, feature {index}"
        if not isinstance(code, str) or not code_pattern.match(code):
            raise AreaImportError(f"{where}: code {code!r} is not a CBS code of this level.")
        if code[2:6] != municipality_code[2:]:
            raise AreaImportError(f"{where}: code does not belong to {municipality_code}.")
        if code in seen:
            raise AreaImportError(f"{where}: code occurs more than once.")
        seen.add(code)
        gemeente_code = properties.get("gemeente_code", municipality_code)
        if gemeente_code != municipality_code:
            raise AreaImportError(
                f"{where}: gemeente_code {gemeente_code!r} is not {municipality_code}."
            )
        area_name = properties.get("name")
        if not isinstance(area_name, str) or not area_name.strip() or len(area_name) > 100:
            raise AreaImportError(f"{where}: name is missing or longer than 100 characters.")
        parent = properties.get(parent_key, municipality_code)
        if not isinstance(parent, str):
            raise AreaImportError(f"{where}: {parent_key} is missing.")
        problem = geometry.geometry_error(feature.get("geometry"))
        if problem:
            raise AreaImportError(f"{where}: {problem}.")
        areas.append(
            _Area(
                code=code,
                name=area_name.strip(),
                parent_code=parent,
                boundary=dict(feature["geometry"]),
            )
        )
    return areas


def _count(record: Mapping[str, Any], key: str, where: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AreaImportError(f"{where}: {key} is {value!r}, not a whole number ≥ 0 or null.")
    return value


def _parse_kwb(
    data: Any, name: str, *, municipality_code: str, district_codes: list[str]
) -> tuple[_Counts, dict[str, _Counts], list[str]]:
    """Counts for the municipality and for each district; missing districts are warnings."""
    if not isinstance(data, Mapping):
        raise AreaImportError(f"{name}: not a JSON object keyed by CBS area code.")
    if not isinstance(data.get(municipality_code), Mapping):
        raise AreaImportError(f"{name}: has no record for {municipality_code}.")
    warnings: list[str] = []
    counts: dict[str, _Counts] = {}
    for code in [municipality_code, *district_codes]:
        record = data.get(code)
        if record is None:
            warnings.append(f"{name}: no CBS record for district {code}; inhabitants left empty.")
            counts[code] = _Counts(inhabitants=None, dwellings=None)
            continue
        if not isinstance(record, Mapping):
            raise AreaImportError(f"{name}, record {code}: not a JSON object.")
        where = f"{name}, record {code}"
        counts[code] = _Counts(
            inhabitants=_count(record, KWB_INHABITANTS, where),
            dwellings=_count(record, KWB_DWELLINGS, where),
        )
    prefix = "WK" + municipality_code[2:]
    unknown = sorted(c for c in data if c.startswith(prefix) and c not in set(district_codes))
    if unknown:
        warnings.append(f"{name}: districts without a boundary, skipped: {', '.join(unknown)}.")
    return counts.pop(municipality_code), counts, warnings


def neighbourhood_estimates(
    *, district_inhabitants: int | None, boundaries: Mapping[str, Mapping[str, Any]]
) -> dict[str, int | None]:
    """The district's inhabitants shared over its neighbourhoods by polygon area.

    CBS publishes no neighbourhood counts in the shipped file; an area share is crude (a park
    counts like a housing estate), which is why the result is always labelled an estimate.
    """
    if district_inhabitants is None:
        return dict.fromkeys(boundaries)
    if not boundaries:
        return {}
    lats = [lat for _, lat in geometry.positions(boundaries.values())]
    reference = (min(lats) + max(lats)) / 2
    areas = {
        code: geometry.area_km2(boundary, reference_latitude=reference)
        for code, boundary in boundaries.items()
    }
    return dict(geometry.apportion(district_inhabitants, areas))


def areas_import(
    *,
    municipality_code: str,
    municipality_name: str,
    districts_geojson: Source,
    neighbourhoods_geojson: Source,
    kwb_json: Source,
) -> ImportResult:
    """Import one municipality's districts and neighbourhoods with CBS key figures.

    Raises ``AreaImportError`` (a ``ValueError``) before writing anything if any input is off.
    """
    if not MUNICIPALITY_CODE.match(municipality_code or ""):
        raise AreaImportError(f"Municipality code {municipality_code!r} is not like GM0080.")
    if not municipality_name or not municipality_name.strip() or len(municipality_name) > 100:
        raise AreaImportError("Municipality name is missing or longer than 100 characters.")
    municipality_name = municipality_name.strip()

    data, name = _load_json(districts_geojson, "districts GeoJSON")
    districts = _parse_areas(
        data,
        name,
        municipality_code=municipality_code,
        code_pattern=DISTRICT_CODE,
        parent_key="gemeente_code",
    )
    districts_file = name
    district_codes = {d.code for d in districts}
    declared_sizes = {
        f["properties"]["code"]: f["properties"].get("buurt_count") for f in data["features"]
    }

    data, name = _load_json(neighbourhoods_geojson, "neighbourhoods GeoJSON")
    neighbourhoods = _parse_areas(
        data,
        name,
        municipality_code=municipality_code,
        code_pattern=NEIGHBOURHOOD_CODE,
        parent_key="wijk_code",
    )
    for index, area in enumerate(neighbourhoods, start=1):
        where = f"{name}, feature {index} ({area.code})"
        if area.parent_code not in district_codes:
            raise AreaImportError(
                f"{where}: wijk_code {area.parent_code!r} is not a district in {districts_file}."
            )
        if area.code[2:8] != area.parent_code[2:]:
            raise AreaImportError(
                f"{where}: code does not lie in district {area.parent_code} "
                f"(BU{area.parent_code[2:]}nn expected)."
            )
    members: dict[str, list[_Area]] = {d.code: [] for d in districts}
    for area in neighbourhoods:
        members[area.parent_code].append(area)
    for district in districts:
        declared = declared_sizes.get(district.code)
        if isinstance(declared, int) and declared != len(members[district.code]):
            raise AreaImportError(
                f"{districts_file}, feature {district.code}: buurt_count is "
                f"{declared}, but the neighbourhoods file has {len(members[district.code])}."
            )

    data, name = _load_json(kwb_json, "CBS key figures JSON")
    municipality_counts, district_counts, warnings = _parse_kwb(
        data,
        name,
        municipality_code=municipality_code,
        district_codes=[d.code for d in districts],
    )
    for district in districts:
        if not members[district.code]:
            warnings.append(f"District {district.code} has no neighbourhoods.")

    estimates: dict[str, int | None] = {}
    for district in districts:
        estimates.update(
            neighbourhood_estimates(
                district_inhabitants=district_counts[district.code].inhabitants,
                boundaries={a.code: a.boundary for a in members[district.code]},
            )
        )

    result = _write(
        municipality_code=municipality_code,
        municipality_name=municipality_name,
        municipality_counts=municipality_counts,
        districts=districts,
        district_counts=district_counts,
        neighbourhoods=neighbourhoods,
        estimates=estimates,
        warnings=warnings,
    )
    logger.info(
        "areas.imported municipality=%s districts=%d neighbourhoods=%d created=%d warnings=%d",
        municipality_code,
        result.districts,
        result.neighbourhoods,
        result.districts_created + result.neighbourhoods_created,
        len(result.warnings),
    )
    return result


@transaction.atomic
def _write(
    *,
    municipality_code: str,
    municipality_name: str,
    municipality_counts: _Counts,
    districts: list[_Area],
    district_counts: dict[str, _Counts],
    neighbourhoods: list[_Area],
    estimates: dict[str, int | None],
    warnings: list[str],
) -> ImportResult:
    municipality, _ = Municipality.objects.select_for_update().update_or_create(
        code=municipality_code,
        defaults={"name": municipality_name, "inhabitants": municipality_counts.inhabitants},
    )

    existing_districts = District.objects.select_for_update().in_bulk(
        [d.code for d in districts], field_name="code"
    )
    new_districts: list[District] = []
    for area in districts:
        counts = district_counts[area.code]
        district = existing_districts.get(area.code) or District(code=area.code)
        district.municipality = municipality
        district.name = area.name
        district.inhabitants = counts.inhabitants
        district.dwellings = counts.dwellings
        district.boundary = area.boundary
        if district.pk is None:
            new_districts.append(district)
    District.objects.bulk_create(new_districts)
    District.objects.bulk_update(
        list(existing_districts.values()),
        ["municipality", "name", "inhabitants", "dwellings", "boundary"],
    )
    district_by_code = {**existing_districts, **{d.code: d for d in new_districts}}

    existing = Neighbourhood.objects.select_for_update().in_bulk(
        [n.code for n in neighbourhoods], field_name="code"
    )
    new_neighbourhoods: list[Neighbourhood] = []
    for area in neighbourhoods:
        neighbourhood = existing.get(area.code) or Neighbourhood(code=area.code)
        neighbourhood.district = district_by_code[area.parent_code]
        neighbourhood.name = area.name
        neighbourhood.inhabitants_estimate = estimates[area.code]
        neighbourhood.boundary = area.boundary
        if neighbourhood.pk is None:
            new_neighbourhoods.append(neighbourhood)
    Neighbourhood.objects.bulk_create(new_neighbourhoods)
    Neighbourhood.objects.bulk_update(
        list(existing.values()), ["district", "name", "inhabitants_estimate", "boundary"]
    )

    stale = list(
        Neighbourhood.objects.filter(district__municipality=municipality)
        .exclude(code__in=[n.code for n in neighbourhoods])
        .values_list("code", flat=True)
    )
    if stale:
        warnings = [
            *warnings,
            f"Kept {len(stale)} neighbourhoods that are not in the file (households may "
            f"refer to them): {', '.join(stale[:10])}{'…' if len(stale) > 10 else ''}.",
        ]
    selectors.forget_shapes()  # the map draws the new boundaries
    return ImportResult(
        municipality_code=municipality.code,
        municipality_name=municipality.name,
        districts_created=len(new_districts),
        districts_updated=len(existing_districts),
        neighbourhoods_created=len(new_neighbourhoods),
        neighbourhoods_updated=len(existing),
        warnings=warnings,
    )


def leeuwarden_load() -> ImportResult:
    """Import the Leeuwarden files shipped in ``areas/data`` (demo loader, ``nabij serve``)."""
    return areas_import(
        municipality_code=LEEUWARDEN_CODE,
        municipality_name=LEEUWARDEN_NAME,
        districts_geojson=LEEUWARDEN_DISTRICTS,
        neighbourhoods_geojson=LEEUWARDEN_NEIGHBOURHOODS,
        kwb_json=LEEUWARDEN_KWB,
    )


def postcode_normalise(postcode: str) -> str:
    """``8921ab`` and ``8921 AB`` are one postcode; store the PostNL form ``8921 AB``."""
    compact = re.sub(r"\s+", "", postcode or "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else compact


def address_get_or_create(
    *,
    neighbourhood: Neighbourhood,
    postcode: str,
    house_number: int,
    addition: str = "",
    street: str,
    city: str,
) -> tuple[Address, bool]:
    """The address with this postcode, number and addition, created (validated) if new.

    A known address keeps its stored street and neighbourhood: postcode and number identify
    it, and changing it here would silently move every household that lives there.
    """
    postcode = postcode_normalise(postcode)
    addition = (addition or "").strip().upper()
    lookup = {"postcode": postcode, "house_number": house_number, "addition": addition}
    found = Address.objects.filter(**lookup).first()
    if found is not None:
        return found, False
    address = Address(
        neighbourhood=neighbourhood, street=street.strip(), city=city.strip(), **lookup
    )
    address.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            address.save()
    except IntegrityError:
        # Someone saved the same address a moment ago: theirs is the one.
        return Address.objects.get(**lookup), False
    return address, True
