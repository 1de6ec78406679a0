"""The area cost page: what households cost per district, neighbourhood and street, aggregates only.

For team coordinators and policy analysts. Everything shown comes from ``analytics.area_rollup``
with small cells suppressed, so the page holds no personal data; the visit is logged anyway,
like every read of cost data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.views.decorators.http import require_GET

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded
from nabij.areas import selectors as area_selectors
from nabij.core.params import parse_year
from nabij.costs import analytics

if TYPE_CHECKING:
    from nabij.areas.models import Municipality


MAP_LEVELS: dict[str, Literal["neighbourhood", "district"]] = {
    "buurt": "neighbourhood",
    "wijk": "district",
}
REFRESH_SECONDS = 2.0  # a new declaration shows within this (plus the refresh itself)
CHART = 100  # the curve is drawn in a 100 by 100 box, percent on both axes


@dataclass(frozen=True)
class AreaView:
    """Everything the page and the API show for one municipality and year."""

    municipality: Municipality
    year: int
    years: list[int]
    rollup: analytics.AreaRollup
    refreshed: analytics.RefreshResult | None


def area_view(*, actor: gate.Actor, municipality_code: str | None, year: int | None) -> AreaView:
    """Check the role, refresh the snapshot if it is stale, roll up; logged either way.

    Without a year: the latest year with costs (or the current year when there are none).
    """
    gate.require_role(actor, gate.AGGREGATE_ROLES, event=Event.COSTS_AREA)
    municipality = area_selectors.municipality_for(
        professional=actor.professional, code=municipality_code
    )
    if municipality is None:
        raise Http404
    snap = analytics.snapshot()
    refreshed = snap.refresh(max_age=REFRESH_SECONDS)
    years = snap.years(municipality_code=municipality.code)
    if year is None:
        year = years[0] if years else timezone.localdate().year
    rollup = analytics.area_rollup(snap, municipality=municipality, year=year)
    gate.log(
        actor,
        event=Event.COSTS_AREA,
        outcome=Outcome.GRANTED,
        purpose=Purpose.ADMINISTRATION,
        detail=f"{municipality.code} {year} (aggregates)",
    )
    return AreaView(
        municipality=municipality, year=year, years=years, rollup=rollup, refreshed=refreshed
    )


# --- presentation helpers -------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    css_class: str
    label: str
    suppressed: bool = False


def _euro(value: area_selectors.Number) -> str:
    return f"€\u00a0{number_format(value, decimal_pos=0, force_grouping=True)}"


def legend(map_data: area_selectors.MapData) -> list[LegendItem]:
    items: list[LegendItem] = []
    for entry in map_data.legend:
        if entry.kind == "range":
            label = (
                _euro(entry.lower)
                if entry.lower == entry.upper
                else f"{_euro(entry.lower)} \u2013 {_euro(entry.upper)}"
            )
            items.append(LegendItem(entry.css_class, label))
    return items


@dataclass(frozen=True)
class CurveGeometry:
    points: str  # SVG polyline points, x and y in 0..100 (y downwards)
    markers: list[tuple[float, float, int, float]]  # x, y, percent households, percent cost


def curve_geometry(concentration: analytics.Concentration) -> CurveGeometry:
    shown = [p for p in concentration.points if p.cost_percent is not None]
    points = " ".join(f"{p.households_percent:g},{CHART - (p.cost_percent or 0):g}" for p in shown)
    markers = [
        (float(f.households_percent), CHART - f.cost_percent, f.households_percent, f.cost_percent)
        for f in concentration.figures
        if f.cost_percent is not None
    ]
    return CurveGeometry(points=points, markers=markers)


@require_GET
@guarded
def area(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    year, year_invalid = parse_year(request.GET.get("jaar"))
    view = area_view(actor=actor, municipality_code=request.GET.get("gemeente") or None, year=year)
    rollup = view.rollup
    # The map per neighbourhood, or per district where neighbourhoods are too small to show
    # (fewer neighbourhoods than districts with a figure); ``niveau`` chooses either.
    chosen = MAP_LEVELS.get(request.GET.get("niveau", ""))
    level = chosen or rollup.map_level
    map_data = area_selectors.municipality_map(
        municipality=view.municipality,
        counts=rollup.per_household_by_district()
        if level == "district"
        else rollup.per_household_by_neighbourhood(),
        threshold=rollup.threshold,
        level=level,
    )
    context = {
        "map_level": level,
        "map_level_automatic": chosen is None and level != "neighbourhood",
        "view": view,
        "rollup": rollup,
        "map": map_data,
        "legend": legend(map_data),
        "curve": curve_geometry(rollup.concentration),
        "threshold": rollup.threshold,
        "with_streets": [n for n in rollup.neighbourhoods if n.streets],
        "year_invalid": year_invalid,
    }
    return render(request, "costs/area.html", context, status=400 if year_invalid else 200)
