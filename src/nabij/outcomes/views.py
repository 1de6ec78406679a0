"""Pages of area outcomes: the areas index, an area's profile, the indicator map (and its
printable SVG).

Aggregates and open data only, for every professional role (``routes.AREA_READ``); a refusal
(a resident, an account without a role) is logged by the gate. Reads in ``selectors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from nabij.access import gate, rules
from nabij.access.enums import STAFF_ROLES, Event
from nabij.access.web import actor_for, guarded
from nabij.core.params import parse_year
from nabij.initiatives import selectors as initiative_selectors
from nabij.outcomes import selectors

EVERY_ROLE = STAFF_ROLES  # a referrer sees none of it
LEVELS: dict[str, selectors.MapLevel] = {"buurt": "neighbourhood", "wijk": "district"}
LEVEL_PARAMS = {level: param for param, level in LEVELS.items()}


def _municipality(request: HttpRequest, actor: gate.Actor) -> Any:
    code = request.GET.get("gemeente") or None
    municipality = selectors.municipality_for(professional=actor.professional, code=code)
    if code and municipality is None:
        raise Http404
    return municipality


@require_GET
@guarded
def index(request: HttpRequest) -> HttpResponse:
    """The municipality's districts and their neighbourhoods, each linking to its profile."""
    actor = actor_for(request)
    gate.require_role(actor, EVERY_ROLE, event=Event.OUTCOMES_INDEX)
    municipality = _municipality(request, actor)
    context: dict[str, Any] = {"municipality": municipality, "districts": []}
    if municipality is not None:
        context["districts"] = selectors.area_index(municipality)
    return render(request, "outcomes/index.html", context)


@require_GET
@guarded
def profile(request: HttpRequest, code: str) -> HttpResponse:
    """One district's or neighbourhood's (or the municipality's) profile."""
    actor = actor_for(request)
    gate.require_role(actor, EVERY_ROLE, event=Event.OUTCOMES_PROFILE)
    area = selectors.area_by_code(code)
    if area is None:
        raise Http404
    year, invalid = parse_year(request.GET.get("jaar"))
    current = timezone.localdate().year
    if year is not None and year > current:
        year, invalid = None, True
    data = selectors.profile(area, own_year=year)
    context = {
        "area": area,
        "profile": data,
        "year_invalid": invalid,
        "own_years": list(range(current, current - 5, -1)),
        "areas_css_linked": True,
    }
    if area.level == "district" and area.district is not None:  # Buurtkracht: its initiatives
        context["initiatives"] = initiative_selectors.brief_in_district(area.district.pk)
        context["may_see_team_list"] = rules.works_in_district(actor.professional, area.district.pk)
    return render(request, "outcomes/profile.html", context, status=400 if invalid else 200)


def _map_data(request: HttpRequest) -> tuple[selectors.IndicatorMap | None, bool]:
    """The map asked for, and whether the year asked for was not a year (then the latest)."""
    actor = actor_for(request)
    gate.require_role(actor, EVERY_ROLE, event=Event.OUTCOMES_MAP)
    municipality = _municipality(request, actor)
    if municipality is None:
        return None, False
    year, invalid = parse_year(request.GET.get("jaar"))
    level = LEVELS.get(request.GET.get("niveau", ""))
    profile_url = reverse("outcomes:profile", args=["CODE"])  # one reverse for 134 links
    try:
        data = selectors.indicator_map(
            municipality,
            code=request.GET.get("indicator") or None,
            year=year,
            level=level,
            link=lambda code: profile_url.replace("CODE", code),
        )
    except selectors.UnknownIndicator:
        raise Http404 from None
    return data, invalid


@require_GET
@guarded
def indicator_map(request: HttpRequest) -> HttpResponse:
    """The municipality coloured by one indicator, with the table of its values."""
    data, invalid = _map_data(request)
    context = {
        "data": data,
        "year_invalid": invalid or (data is not None and data.year_invalid),
        "level_param": LEVEL_PARAMS.get(data.level, "buurt") if data else "buurt",
        "level_fallback": bool(
            data
            and data.code
            and request.GET.get("niveau") in LEVELS
            and LEVELS[request.GET["niveau"]] != data.level
        ),
        "areas_css_linked": True,
    }
    return render(request, "outcomes/map.html", context, status=400 if invalid else 200)


@dataclass(frozen=True)
class LegendRow:
    y: int
    text_y: int
    fill: str
    hatched: bool
    label: str


@dataclass(frozen=True)
class SvgLayout:
    """Where the parts of the stand-alone map go, in pixels."""

    width: int
    height: int
    map_y: int
    map_width: int
    map_height: int
    legend: list[LegendRow]
    boundary_y: int
    credit_y: int
    synthetic_y: int


SVG_WIDTH = 800


def svg_layout(data: selectors.IndicatorMap | None) -> SvgLayout:
    map_width = SVG_WIDTH - 48
    map_height = 700
    if data is not None and data.map is not None and data.map.has_shapes:
        # Keep the map's proportions: as wide as the page, at most 900 px tall.
        map_height = min(900, round(map_width * data.map.height / max(data.map.width, 1)))
    map_y = 84
    legend_y = map_y + map_height + 20
    entries = data.map.legend if data is not None and data.map is not None else []
    rows = [
        LegendRow(
            y=legend_y + 26 * i,
            text_y=legend_y + 26 * i + 14,
            fill=entry.fill,
            hatched=entry.kind == "suppressed",
            label=entry.label,
        )
        for i, entry in enumerate(entries)
    ]
    boundary_y = legend_y + 26 * len(rows) + 9
    credit_y = boundary_y + 37
    return SvgLayout(
        width=SVG_WIDTH,
        height=credit_y + 44,
        map_y=map_y,
        map_width=map_width,
        map_height=map_height,
        legend=rows,
        boundary_y=boundary_y,
        credit_y=credit_y,
        synthetic_y=credit_y + 20,
    )


@require_GET
@guarded
def map_svg(request: HttpRequest) -> HttpResponse:
    """The same map as a stand-alone SVG file to print or put in a report: its own title,
    legend and source, colours as attributes (no stylesheet)."""
    data, _invalid = _map_data(request)
    response = render(
        request,
        "outcomes/map.svg.html",
        {"data": data, "svg": svg_layout(data)},
        content_type="image/svg+xml; charset=utf-8",
    )
    name = f"kaart-{data.code or 'leeg'}-{data.year or ''}".rstrip("-") if data else "kaart"
    response["Content-Disposition"] = f'inline; filename="{name}.svg"'
    return response
