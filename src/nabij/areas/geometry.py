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
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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


def centroid(geometry: Mapping[str, Any]) -> Position:
    """The area-weighted centre (lon, lat) of a Polygon or MultiPolygon, holes subtracted.

    Equirectangular around the shape's own latitude, which is exact enough for distances
    between neighbourhoods of one municipality.
    """
    shape = polygons(geometry)
    lats = [lat for polygon in shape for ring in polygon for _, lat in ring]
    cos_ref = math.cos(math.radians((min(lats) + max(lats)) / 2))
    total = sx = sy = 0.0
    for polygon in shape:
        for index, ring in enumerate(polygon):
            sign = 1.0 if index == 0 else -1.0
            a = cx = cy = 0.0
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                cross = x1 * cos_ref * y2 - x2 * cos_ref * y1
                a += cross
                cx += (x1 + x2) * cos_ref * cross
                cy += (y1 + y2) * cross
            if a:
                # the signed terms already carry the ring's orientation; weight by its size
                sx += sign * math.copysign(1.0, a) * cx
                sy += sign * math.copysign(1.0, a) * cy
                total += sign * abs(a)
    if total == 0:  # degenerate outline: the mean of its first ring
        ring = shape[0][0]
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (sx / (3 * total) / cos_ref, sy / (3 * total))


def distance_km(a: Position, b: Position) -> float:
    """Great-circle distance between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def touching(
    geometries: Mapping[int, Mapping[str, Any]], *, tolerance_degrees: float = 0.00001
) -> dict[int, frozenset[int]]:
    """Which shapes share a border: a vertex of one lies within ``tolerance_degrees`` (about a
    metre) of an edge of the other. Bounding boxes first, then a vectorised check per pair."""
    import numpy as np

    keys = sorted(geometries)
    segments = {}
    for key in keys:
        rows = []
        for polygon in polygons(geometries[key]):
            for ring in polygon:
                points = np.asarray(ring, dtype=float)
                rows.append(np.hstack([points[:-1], points[1:]]))
        segments[key] = np.vstack(rows)
    boxes = {
        key: (s[:, [0, 2]].min(), s[:, [1, 3]].min(), s[:, [0, 2]].max(), s[:, [1, 3]].max())
        for key, s in segments.items()
    }

    def near(points: np.ndarray, edges: np.ndarray) -> bool:
        p = points[:, None, :]
        start, end = edges[None, :, :2], edges[None, :, 2:]
        d = end - start
        length2 = np.maximum((d**2).sum(-1), 1e-18)
        t = np.clip(((p - start) * d).sum(-1) / length2, 0.0, 1.0)
        gap = p - (start + t[..., None] * d)
        return bool(((gap**2).sum(-1) <= tolerance_degrees**2).any())

    found: dict[int, set[int]] = {key: set() for key in keys}
    tol = tolerance_degrees
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            ba, bb = boxes[a], boxes[b]
            apart = (
                ba[0] - tol > bb[2]
                or bb[0] - tol > ba[2]
                or ba[1] - tol > bb[3]
                or bb[1] - tol > ba[3]
            )
            if apart:
                continue
            sa, sb = segments[a], segments[b]
            if near(sa[:, :2], sb) or near(sb[:, :2], sa):
                found[a].add(b)
                found[b].add(a)
    return {key: frozenset(value) for key, value in found.items()}
