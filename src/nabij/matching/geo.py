"""Where participants are, at the grain the broker works with: the neighbourhood.

No exact addresses: distance is measured between the centres of two neighbourhoods (zero
within one), and neighbourhoods whose outlines touch are adjacent. Read from the areas' CBS
boundaries once per process and again only when the set of neighbourhoods changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, Max

from nabij.areas import geometry
from nabij.areas.models import Neighbourhood


@dataclass(frozen=True)
class AreaGeometry:
    """Neighbourhood centres (lon, lat) and adjacency, keyed by neighbourhood id."""

    centres: dict[int, tuple[float, float]] = field(default_factory=dict)
    adjacent: dict[int, frozenset[int]] = field(default_factory=dict)

    def distance_km(self, a: int, b: int) -> float | None:
        """Between neighbourhood centres; ``None`` when either has no outline (then only the
        own neighbourhood counts as near)."""
        if a == b:
            return 0.0
        if a not in self.centres or b not in self.centres:
            return None
        return geometry.distance_km(self.centres[a], self.centres[b])

    def nearness(self, a: int, b: int) -> str:
        if a == b:
            return "same"
        return "adjacent" if b in self.adjacent.get(a, ()) else "nearby"


def area_geometry() -> AreaGeometry:
    signature = Neighbourhood.objects.filter(boundary__isnull=False).aggregate(
        n=Count("id"), last=Max("id")
    )
    return _build(signature["n"], signature["last"])


@lru_cache(maxsize=4)
def _build(count: int, last_id: int | None) -> AreaGeometry:
    shapes: dict[int, dict[str, Any]] = {
        pk: boundary
        for pk, boundary in Neighbourhood.objects.filter(boundary__isnull=False).values_list(
            "id", "boundary"
        )
        if boundary is not None and not geometry.geometry_error(boundary)
    }
    return AreaGeometry(
        centres={pk: geometry.centroid(shape) for pk, shape in shapes.items()},
        adjacent=geometry.touching(shapes) if shapes else {},
    )
