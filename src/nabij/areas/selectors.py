"""Reads for areas: household counts per area (with disclosure control) and the map.

Counts are aggregated in the database (``values().annotate(Count)``), so a page costs the same
handful of queries for ten households or four hundred thousand.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min, QuerySet, Sum

from nabij.access.models import Professional
from nabij.areas import geometry
from nabij.areas.models import District, Municipality, Neighbourhood

MAP_CLASSES = 5

SuppressionReason = Literal["", "small", "secondary"]


# --- which municipality ---------------------------------------------------------------------


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name")


def district_list(*, municipality_code: str | None = None) -> QuerySet[District]:
    districts = District.objects.select_related("municipality").defer("boundary")
    if municipality_code:
        districts = districts.filter(municipality__code=municipality_code)
    return districts.order_by("code")


def neighbourhood_list(
    *, district_code: str | None = None, municipality_code: str | None = None
) -> QuerySet[Neighbourhood]:
    neighbourhoods = Neighbourhood.objects.select_related("district").defer(
        "boundary", "district__boundary"
    )
    if district_code:
        neighbourhoods = neighbourhoods.filter(district__code=district_code)
    if municipality_code:
        neighbourhoods = neighbourhoods.filter(district__municipality__code=municipality_code)
    return neighbourhoods.order_by("code")


def municipality_for(
    *, professional: Professional | None, code: str | None = None
) -> Municipality | None:
    """The municipality asked for, else the one the team works in, else the first one."""
    if code:
        return Municipality.objects.filter(code=code).first()
    if professional is not None and professional.team_id is not None:
        own = Municipality.objects.filter(districts__teams=professional.team_id).first()
        if own is not None:
            return own
    return Municipality.objects.filter(districts__isnull=False).distinct().order_by("name").first()


# --- household counts -----------------------------------------------------------------------


def household_counts(*, municipality: Municipality, team_id: int | None = None) -> dict[str, int]:
    """Exact number of households per neighbourhood code, one aggregate query.

    Exact counts are personal-data adjacent: callers show them only to a team coordinator for
    the own team, or pass them through ``area_counts`` with a threshold.
    """
    from nabij.people.models import Household

    households = Household.objects.filter(neighbourhood__district__municipality=municipality)
    if team_id is not None:
        households = households.filter(team_id=team_id)
    rows = households.values("neighbourhood__code").annotate(n=Count("id")).order_by()
    return {row["neighbourhood__code"]: row["n"] for row in rows}


@dataclass(frozen=True)
class NeighbourhoodCount:
    code: str
    name: str
    district_code: str
    district_name: str
    inhabitants_estimate: int | None
    count: int | None  # None: suppressed
    suppressed: bool = False


@dataclass(frozen=True)
class DistrictCount:
    code: str
    name: str
    inhabitants: int | None
    count: int | None
    suppression: SuppressionReason
    neighbourhoods: list[NeighbourhoodCount]

    @property
    def per_thousand(self) -> float | None:
        """Households per 1,000 inhabitants (CBS), only where the count is shown."""
        if self.count is None or not self.inhabitants:
            return None
        return round(self.count * 1000 / self.inhabitants, 1)


@dataclass(frozen=True)
class AreaCounts:
    municipality: Municipality
    threshold: int | None  # None: exact counts, no suppression
    districts: list[DistrictCount]
    total: int | None
    total_suppression: SuppressionReason = ""
    neighbourhoods: list[NeighbourhoodCount] = field(default_factory=list)

    def by_neighbourhood(self) -> dict[str, int | None]:
        return {n.code: n.count for n in self.neighbourhoods}

    @property
    def with_households(self) -> list[NeighbourhoodCount]:
        """Neighbourhoods with a shown count above zero, most households first."""
        shown = [n for n in self.neighbourhoods if n.count]
        return sorted(shown, key=lambda n: (-(n.count or 0), n.name))

    @property
    def any_suppressed(self) -> bool:
        return any(n.suppressed for n in self.neighbourhoods)

    @property
    def any_secondary(self) -> bool:
        return self.total_suppression == "secondary" or any(
            d.suppression == "secondary" for d in self.districts
        )


def area_tree(municipality: Municipality) -> list[Neighbourhood]:
    """The municipality's neighbourhoods with their district (codes, names, inhabitants; no
    boundaries), in district and code order: one query, to pass to ``area_counts`` when it is
    called for several figures of the same municipality."""
    return list(
        Neighbourhood.objects.filter(district__municipality=municipality)
        .select_related("district")
        .only(
            "code",
            "name",
            "inhabitants_estimate",
            "district__code",
            "district__name",
            "district__inhabitants",
        )
        .order_by("district__code", "code")
    )


def area_counts(
    *,
    municipality: Municipality,
    counts: Mapping[str, int],
    threshold: int | None,
    tree: list[Neighbourhood] | None = None,
) -> AreaCounts:
    """Counts per neighbourhood and district, suppressed below ``threshold`` if one is given.

    A neighbourhood cell under the threshold is hidden (zero included: "nobody here" is also
    a disclosure). District and municipality totals are hidden as well when subtracting the
    shown cells would give away the sum of the hidden ones while that sum is itself a small
    cell (secondary suppression); a shown total therefore never reveals fewer than
    ``threshold`` households. ``tree``: the municipality's ``area_tree``, if already read.
    """
    neighbourhoods = area_tree(municipality) if tree is None else tree
    by_district: dict[str, list[NeighbourhoodCount]] = {}
    districts: dict[str, District] = {}
    for neighbourhood in neighbourhoods:
        exact = counts.get(neighbourhood.code, 0)
        hidden = threshold is not None and exact < threshold
        district = neighbourhood.district
        districts[district.code] = district
        by_district.setdefault(district.code, []).append(
            NeighbourhoodCount(
                code=neighbourhood.code,
                name=neighbourhood.name,
                district_code=district.code,
                district_name=district.name,
                inhabitants_estimate=neighbourhood.inhabitants_estimate,
                count=None if hidden else exact,
                suppressed=hidden,
            )
        )

    district_rows: list[DistrictCount] = []
    residual_of_hidden_districts = 0
    any_hidden_district = False
    for code, rows in by_district.items():
        exact_total = sum(counts.get(row.code, 0) for row in rows)
        residual = sum(counts.get(row.code, 0) for row in rows if row.suppressed)
        has_hidden = any(row.suppressed for row in rows)
        reason: SuppressionReason = ""
        if threshold is not None and has_hidden and residual < threshold:
            reason = "small" if exact_total < threshold else "secondary"
            any_hidden_district = True
            residual_of_hidden_districts += residual
        district = districts[code]
        district_rows.append(
            DistrictCount(
                code=code,
                name=district.name,
                inhabitants=district.inhabitants,
                count=None if reason else exact_total,
                suppression=reason,
                neighbourhoods=rows,
            )
        )

    grand_total = sum(counts.get(row.code, 0) for rows in by_district.values() for row in rows)
    total_reason: SuppressionReason = ""
    if threshold is not None and any_hidden_district and residual_of_hidden_districts < threshold:
        total_reason = "small" if grand_total < threshold else "secondary"
    return AreaCounts(
        municipality=municipality,
        threshold=threshold,
        districts=district_rows,
        total=None if total_reason else grand_total,
        total_suppression=total_reason,
        neighbourhoods=[row for rows in by_district.values() for row in rows],
    )


Scope = Literal["team", "municipality"]


def household_area_counts(
    *, professional: Professional | None, municipality: Municipality, scope: Scope
) -> AreaCounts:
    """Households per area for one of two audiences; the caller has checked the role.

    ``team``: the own team's households, exact (work planning for the coordinator, who may
    open each of these households anyway). ``municipality``: every household, with small
    cells suppressed (policy analysis, aggregates only). A coordinator without a team gets
    nothing rather than everything.
    """
    if scope == "team":
        team_id = professional.team_id if professional is not None else None
        exact = household_counts(municipality=municipality, team_id=team_id) if team_id else {}
        return area_counts(municipality=municipality, counts=exact, threshold=None)
    exact = household_counts(municipality=municipality)
    return area_counts(
        municipality=municipality, counts=exact, threshold=settings.SMALL_CELL_THRESHOLD
    )


# --- the map --------------------------------------------------------------------------------


Number = int | float | Decimal
MapLevel = Literal["neighbourhood", "district"]

# The fills of classes map-c0 … map-c5, as in areas/areas.css: for a map drawn outside a page
# (a stand-alone SVG file has no stylesheet, and the CSP forbids a <style> in it).
MAP_FILLS = {
    "map-c0": "#eceff0",
    "map-c1": "#d3ebe8",
    "map-c2": "#a1d2cc",
    "map-c3": "#63b0a9",
    "map-c4": "#2b8884",
    "map-c5": "#0a5c63",
}


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    district_name: str  # empty on a map of districts
    path: str
    count: Number | None  # None: suppressed, or (``missing``) no figure at all
    css_class: str
    missing: bool = False  # no figure for this area (not a suppressed one): never hatched
    label: str = ""  # the value as the caller words it (titles), instead of "n households"
    href: str = ""  # a page about the area, linked from its shape
    hatched: bool = False  # suppressed on a map that hatches suppressed areas

    @property
    def suppressed(self) -> bool:
        return self.count is None and not self.missing

    @property
    def fill(self) -> str:
        return MAP_FILLS.get(self.css_class, MAP_FILLS["map-c0"])


@dataclass(frozen=True)
class MapOutline:
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    kind: Literal["none", "suppressed", "missing", "range"]
    lower: Number = 0
    upper: Number = 0
    label: str = ""  # the caller's wording of the range (units, decimals), if any

    @property
    def fill(self) -> str:
        return MAP_FILLS.get(self.css_class, MAP_FILLS["map-c0"])


@dataclass(frozen=True)
class MapData:
    municipality_code: str
    municipality_name: str
    view_box: str
    neighbourhoods: list[MapArea]  # the coloured areas: neighbourhoods, or districts
    districts: list[MapOutline]
    legend: list[LegendEntry]
    threshold: int
    without_boundary: int = 0
    level: MapLevel = "neighbourhood"
    hatch_suppressed: bool = False  # suppressed areas hatched (``is-suppressed``), not grey

    @property
    def has_shapes(self) -> bool:
        return bool(self.neighbourhoods)

    @property
    def any_suppressed(self) -> bool:
        return any(a.suppressed for a in self.neighbourhoods)

    @property
    def has_links(self) -> bool:
        return any(a.href for a in self.neighbourhoods)

    @property
    def width(self) -> float:
        return float(self.view_box.split()[2])

    @property
    def height(self) -> float:
        return float(self.view_box.split()[3])


def map_classes(
    values: Sequence[Number], *, classes: int = MAP_CLASSES, positive_only: bool = True
) -> list[tuple[Number, Number]]:
    """Upper-inclusive class bounds: quantiles, merged where they tie.

    Quantiles suit skewed counts (a few neighbourhoods with many households) better than
    equal intervals; with few distinct values each value is its own class. Counts (the
    default) leave out zero and below; ``positive_only=False`` classes every value (a rate of
    0 % is a figure). Whole numbers give adjoining classes (1 to 20, 21 to 40); other
    values give each class the range of the values in it.
    """
    ordered = sorted(v for v in values if v > 0) if positive_only else sorted(values)
    if not ordered:
        return []
    distinct = sorted(set(ordered))
    if len(distinct) <= classes:
        return [(v, v) for v in distinct]
    uppers: list[Number] = []
    for k in range(1, classes + 1):
        upper = ordered[math.ceil(k * len(ordered) / classes) - 1]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    whole = all(v == int(v) for v in distinct)
    bounds: list[tuple[Number, Number]] = []
    lower = ordered[0]
    for upper in uppers:
        bounds.append((lower, upper))
        if whole:
            lower = upper + 1
        else:
            following = bisect.bisect_right(distinct, upper)
            lower = distinct[following] if following < len(distinct) else upper
    return bounds


def _class_indexes(n: int) -> list[int]:
    """Spread n classes over colours 1..5 so that few classes still contrast well."""
    if n == 1:
        return [3]
    return [round(1 + i * (MAP_CLASSES - 1) / (n - 1)) for i in range(n)]


@dataclass(frozen=True)
class _Shapes:
    """The projected areas of one map, drawn once and kept (see ``_shapes``)."""

    areas: list[tuple[str, str, str]]  # code, name, district name: every area of the level
    shaped: list[tuple[str, str, str, str]]  # code, name, district name, SVG path
    outlines: list[MapOutline]
    view_box: str | None  # None: nothing to draw
    without_boundary: int


SHAPES_MAX_AGE = 600.0  # seconds
_kept_shapes: dict[tuple[Any, ...], tuple[float, _Shapes]] = {}
_kept_shapes_lock = threading.Lock()


def forget_shapes() -> None:
    """Drop the kept projected shapes (after an import of boundaries; tests)."""
    with _kept_shapes_lock:
        _kept_shapes.clear()


def _shapes(municipality: Municipality, district: District | None, level: MapLevel) -> _Shapes:
    """The level's areas projected to SVG paths. Reading and projecting 156 GeoJSON shapes
    costs more than the rest of a map page, and boundaries change only with an import: they
    are kept per municipality, district and level for ``SHAPES_MAX_AGE`` seconds, while the
    areas (their number, ids, codes and how many have a boundary) stay the same;
    ``areas_import`` forgets them at once in its own process."""
    neighbourhoods_q = Neighbourhood.objects.filter(district__municipality=municipality)
    districts_q = District.objects.filter(municipality=municipality)
    if district is not None:
        neighbourhoods_q = neighbourhoods_q.filter(district=district)
        districts_q = districts_q.filter(pk=district.pk)
    measures = {
        "n": Count("id"),
        "top": Max("id"),
        "total": Sum("id"),
        "drawn": Count("boundary"),
        "first": Min("code"),
        "last": Max("code"),
    }
    fingerprint = (neighbourhoods_q.aggregate(**measures), districts_q.aggregate(**measures))
    key = (
        connection.settings_dict.get("NAME"),
        municipality.pk,
        district.pk if district is not None else None,
        level,
        repr(fingerprint),
    )
    with _kept_shapes_lock:
        kept = _kept_shapes.get(key)
    if kept is not None and time.monotonic() - kept[0] < SHAPES_MAX_AGE:
        return kept[1]
    districts = list(
        districts_q.filter(boundary__isnull=False).only("code", "name", "boundary").order_by("code")
    )
    outlines = [(d, boundary) for d in districts if (boundary := d.boundary)]
    areas: list[tuple[str, str, str, Any]]  # code, name, district name, boundary
    if level == "district":
        areas = [(d.code, d.name, "", boundary) for d, boundary in outlines]
        without_boundary = districts_q.filter(boundary__isnull=True).count()
        shaped = areas
    else:
        neighbourhoods = list(
            neighbourhoods_q.select_related("district")
            .only("code", "name", "boundary", "district__name")
            .order_by("code")
        )
        areas = [(n.code, n.name, n.district.name, n.boundary) for n in neighbourhoods]
        shaped = [a for a in areas if a[3]]
        without_boundary = len(areas) - len(shaped)
    projection = geometry.Projection.fit(
        geometry.positions([a[3] for a in shaped] + [b for _, b in outlines])
    )
    shapes = _Shapes(
        areas=[(code, name, district_name) for code, name, district_name, _ in areas],
        shaped=[]
        if projection is None
        else [(code, name, dn, projection.path(boundary)) for code, name, dn, boundary in shaped],
        outlines=[]
        if projection is None
        else [
            MapOutline(code=d.code, name=d.name, path=projection.path(boundary))
            for d, boundary in outlines
        ],
        view_box=None if projection is None else projection.view_box,
        without_boundary=without_boundary,
    )
    with _kept_shapes_lock:
        _kept_shapes[key] = (time.monotonic(), shapes)
    return shapes


def municipality_map(
    *,
    municipality: Municipality,
    counts: Mapping[str, Number | None],
    threshold: int | None = None,
    district: District | None = None,
    level: MapLevel = "neighbourhood",
    missing_is_zero: bool = True,
    labels: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    hatch_suppressed: bool = False,
) -> MapData:
    """Neighbourhoods as SVG paths coloured by count, district outlines on top; with
    ``district``, only that district's neighbourhoods, drawn to fill the frame.

    ``counts`` maps neighbourhood codes to a count, or to ``None`` for a suppressed cell; a
    neighbourhood missing from it counts as zero. Class ``map-c0`` is "none or suppressed",
    ``map-c1`` … ``map-c5`` are the count classes from light to dark. ``threshold`` is only
    used for the legend of suppressed cells (default: ``SMALL_CELL_THRESHOLD``).

    For other figures than counts (indicators): ``level="district"`` colours the districts
    (``counts`` by district code); ``missing_is_zero=False`` makes an area missing from
    ``counts`` one without a figure (grey, ``missing``) and classes every value, zero and
    below included; ``labels`` and ``links`` give each area's value in words and a page;
    ``hatch_suppressed`` hatches suppressed areas rather than greying them.
    """
    if threshold is None:
        threshold = settings.SMALL_CELL_THRESHOLD
    shapes = _shapes(municipality, district, level)
    areas = shapes.areas
    without_boundary = shapes.without_boundary

    def value_of(code: str) -> Number | None:
        return counts.get(code, 0) if missing_is_zero else counts.get(code)

    values = [value_of(code) for code, *_ in areas]
    present = [v for v in values if v is not None]
    bounds = map_classes(present, positive_only=missing_is_zero)
    indexes = _class_indexes(len(bounds)) if bounds else []

    def css_class(value: Number | None) -> str:
        if value is None or (missing_is_zero and value <= 0):
            return "map-c0"
        for (_, upper), index in zip(bounds, indexes, strict=True):
            if value <= upper:
                return f"map-c{index}"
        return f"map-c{indexes[-1]}"

    missing_codes = set() if missing_is_zero else {c for c, *_ in areas if c not in counts}
    suppressed = any(
        value is None and area[0] not in missing_codes
        for area, value in zip(areas, values, strict=True)
    )
    legend: list[LegendEntry] = [
        LegendEntry(
            css_class="map-c0", kind="suppressed" if suppressed else "none", upper=threshold
        )
    ]
    legend += [
        LegendEntry(css_class=f"map-c{index}", kind="range", lower=lower, upper=upper)
        for (lower, upper), index in zip(bounds, indexes, strict=True)
    ]
    labels = labels or {}
    links = links or {}
    if shapes.view_box is None:
        return MapData(
            municipality_code=municipality.code,
            municipality_name=municipality.name,
            view_box="0 0 0 0",
            neighbourhoods=[],
            districts=[],
            legend=legend,
            threshold=threshold,
            without_boundary=len(areas),
            level=level,
            hatch_suppressed=hatch_suppressed,
        )
    return MapData(
        municipality_code=municipality.code,
        municipality_name=municipality.name,
        view_box=shapes.view_box,
        neighbourhoods=[
            MapArea(
                code=code,
                name=name,
                district_name=district_name,
                path=path,
                count=value_of(code),
                css_class=css_class(value_of(code)),
                missing=code in missing_codes,
                label=labels.get(code, ""),
                href=links.get(code, ""),
                hatched=hatch_suppressed and code not in missing_codes and value_of(code) is None,
            )
            for code, name, district_name, path in shapes.shaped
        ],
        districts=shapes.outlines,
        legend=legend,
        threshold=threshold,
        without_boundary=without_boundary,
        level=level,
        hatch_suppressed=hatch_suppressed,
    )


def neighbourhood_by_code(code: str) -> Neighbourhood | None:
    return Neighbourhood.objects.filter(code=code).first()
