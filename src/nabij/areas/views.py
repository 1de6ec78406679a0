"""The area overview: households per neighbourhood on a map, for planning and policy."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nabij.access.enums import Event, Role
from nabij.access.gate import AGGREGATE_ROLES, require_role
from nabij.access.web import actor_for, guarded
from nabij.areas import selectors


@require_GET
@guarded
def overview(request: HttpRequest) -> HttpResponse:
    """Coordinators see their own team's exact counts; analysts see suppressed totals."""
    actor = actor_for(request)
    require_role(actor, AGGREGATE_ROLES, event=Event.AREAS_OVERVIEW)
    scope: selectors.Scope = "team" if actor.role == Role.TEAM_COORDINATOR else "municipality"
    code = request.GET.get("gemeente") or None
    municipality = selectors.municipality_for(professional=actor.professional, code=code)
    if code and municipality is None:
        raise Http404
    context: dict[str, object] = {
        "scope": scope,
        "municipality": municipality,
        "areas_css_linked": True,
    }
    if municipality is not None:
        counts = selectors.household_area_counts(
            professional=actor.professional, municipality=municipality, scope=scope
        )
        context["counts"] = counts
        context["map"] = selectors.municipality_map(
            municipality=municipality, counts=counts.by_neighbourhood(), threshold=counts.threshold
        )
    context["team"] = actor.professional.team if actor.professional else None
    return render(request, "areas/overview.html", context)
