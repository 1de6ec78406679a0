"""Plain-Python geometry for WGS84 GeoJSON polygons: checks, areas, SVG paths.

The shipped boundaries are coarse (vertices hundreds of metres apart), so an equirectangular
projection around the area's own latitude is accurate enough for area shares and overview maps,
and it keeps GDAL/PostGIS out of a product that must install with ``uv sync`` alone.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

EARTH_RADIUS_KM = 6371.0088

Position = tuple[float, float]  # (lon, lat)
Ring = list[Position]
Polygon = list[Ring]  # exterior ring first, then holes


def geometry_error(geometry: Any) -> str | None:
    """Why this is not a usable Polygon/MultiPolygon in WGS84, or ``None`` if it is."""
    if not isinstance(geometry, Mapping):
        return "geometry is missing"
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            return "MultiPolygon has no polygons"
        polygons = coordinates
    else:
        return f"geometry type {kind!r} is not Polygon or MultiPolygon"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "polygon has no rings"
        for ring in polygon:
            problem = _ring_error(ring)
            if problem:
                return problem
    if area_km2(geometry) <= 0:
        return "polygon has no area"
    return None


def _ring_error(ring: Any) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return "a ring needs at least four positions"
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(_is_number(v) for v in position[:2])
        ):
            return f"position {position!r} is not [longitude, latitude]"
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return f"position {position!r} is not WGS84 longitude/latitude"
    if list(ring[0][:2]) != list(ring[-1][:2]):
        return "a ring is not closed (first and last position differ)"
    return None


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    )


def polygons(geometry: Mapping[str, Any]) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon, as lists of (lon, lat) rings."""
    raw = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in polygon] for polygon in raw]


def positions(geometries: Iterable[Mapping[str, Any]]) -> Iterable[Position]:
    for geometry in geometries:
        for polygon in polygons(geometry):
            for ring in polygon:
                yield from ring


def _shoelace(points: list[tuple[float, float]]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def area_km2(geometry: Mapping[str, Any], *, reference_latitude: float | None = None) -> float:
    """Area in km², equirectangular around ``reference_latitude`` (default: the shape's own)."""
    shape = polygons(geometry)
    if reference_latitude is None:
        lats = [lat for polygon in shape for ring in polygon for _, lat in ring]
        reference_latitude = (min(lats) + max(lats)) / 2
    k = math.radians(1) * EARTH_RADIUS_KM
    cos_ref = math.cos(math.radians(reference_latitude))
    total = 0.0
    for polygon in shape:
        rings = [_shoelace([(lon * k * cos_ref, lat * k) for lon, lat in ring]) for ring in polygon]
        total += rings[0] - sum(rings[1:])
    return max(total, 0.0)


def apportion(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Share a whole number out by weight so the parts sum exactly to it (largest remainder).

    Ties in the remainder go to the key that sorts first, so the result is deterministic.
    """
    if not weights:
        return {}
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        raise ValueError("weights must sum to more than zero")
    quotas = {key: total * weight / weight_sum for key, weight in weights.items()}
    parts = {key: math.floor(quota) for key, quota in quotas.items()}
    left = total - sum(parts.values())
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - parts[key]), key))
    for key in by_remainder[:left]:
        parts[key] += 1
    return parts


@dataclass(frozen=True)
class Projection:
    """Equirectangular lon/lat → SVG user units: x scaled by cos(latitude), y flipped."""

    min_lon: float
    max_lat: float
    cos_lat: float
    scale: float
    margin: float
    width: float
    height: float

    @classmethod
    def fit(
        cls, points: Iterable[Position], *, size: float = 800.0, margin: float = 8.0
    ) -> Projection | None:
        """A projection whose drawing of ``points`` has ``size`` units on its longer side.

        The view box hugs the drawing (plus ``margin``), so the map fills its frame.
        """
        lons: list[float] = []
        lats: list[float] = []
        for lon, lat in points:
            lons.append(lon)
            lats.append(lat)
        if not lons:
            return None
        cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = (max(lons) - min(lons)) * cos_lat
        span_y = max(lats) - min(lats)
        scale = (size - 2 * margin) / max(span_x, span_y, 1e-9)
        return cls(
            min_lon=min(lons),
            max_lat=max(lats),
            cos_lat=cos_lat,
            scale=scale,
            margin=margin,
            width=span_x * scale + 2 * margin,
            height=span_y * scale + 2 * margin,
        )

    @property
    def view_box(self) -> str:
        return f"0 0 {math.ceil(self.width)} {math.ceil(self.height)}"

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.margin + (lon - self.min_lon) * self.cos_lat * self.scale
        y = self.margin + (self.max_lat - lat) * self.scale
        return x, y

    def path(self, geometry: Mapping[str, Any]) -> str:
        """SVG path data; holes are separate subpaths, drawn with fill-rule evenodd."""
        parts: list[str] = []
        for polygon in polygons(geometry):
            for ring in polygon:
                coords = [self.point(lon, lat) for lon, lat in ring[:-1]]
                head, *tail = coords
                parts.append(
                    f"M{head[0]:.1f} {head[1]:.1f}"
                    + "".join(f"L{x:.1f} {y:.1f}" for x, y in tail)
                    + "Z"
                )
        return "".join(parts)
