"""Areas in the REST API: reference data for any token, household counts for aggregate roles.

Names, codes and boundaries are public open data, not personal data. Household counts are:
only coordinators and analysts get them, and then suppressed below the disclosure threshold.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from nabij.access.enums import Event, Role
from nabij.access.gate import AGGREGATE_ROLES, Actor, require_role
from nabij.areas import selectors
from nabij.areas.models import District, Municipality, Neighbourhood
from nabij.core.ids import paginated
from nabij.core.problems import Problem

router = Router(tags=["areas"])

ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


class MunicipalityOut(Schema):
    code: str = Field(..., examples=["GM0080"])
    name: str
    inhabitants: int | None = Field(None, description="Inhabitants according to CBS.")


class DistrictOut(Schema):
    code: str = Field(..., examples=["WK008010"])
    name: str
    municipality_code: str = Field(..., alias="municipality.code")
    inhabitants: int | None = Field(None, description="Inhabitants according to CBS.")
    dwellings: int | None = Field(None, description="Dwellings according to CBS.")


class NeighbourhoodOut(Schema):
    code: str = Field(..., examples=["BU00801001"])
    name: str
    district_code: str = Field(..., alias="district.code")
    inhabitants_estimate: int | None = Field(
        None,
        description="Estimate: the district's CBS inhabitants shared out by land area.",
    )


class DistrictDetailOut(DistrictOut):
    boundary: dict[str, Any] | None = Field(None, description="GeoJSON geometry in WGS84.")


class NeighbourhoodDetailOut(NeighbourhoodOut):
    boundary: dict[str, Any] | None = Field(None, description="GeoJSON geometry in WGS84.")


class NeighbourhoodCountOut(Schema):
    code: str
    name: str
    district_code: str
    count: int | None = Field(..., description="Households; null when suppressed.")
    suppressed: bool


class HouseholdCountsOut(Schema):
    municipality_code: str
    scope: Literal["team", "municipality"]
    threshold: int | None = Field(
        ..., description="Counts under this number are suppressed; null for exact team counts."
    )
    items: list[NeighbourhoodCountOut]


@router.get(
    "/municipalities",
    response={200: list[MunicipalityOut], **ERRORS},
    summary="List municipalities",
)
@paginated
def municipalities(request: HttpRequest) -> Any:
    return selectors.municipality_list()


@router.get("/districts", response={200: list[DistrictOut], **ERRORS}, summary="List districts")
@paginated
def districts(request: HttpRequest, municipality: str | None = None) -> Any:
    """Filter with ``municipality=GM0080``."""
    return selectors.district_list(municipality_code=municipality)


@router.get(
    "/districts/{code}",
    response={200: DistrictDetailOut, **ERRORS},
    summary="One district with boundary",
)
def district(request: HttpRequest, code: str) -> District:
    found = District.objects.select_related("municipality").filter(code=code).first()
    if found is None:
        raise Http404
    return found


@router.get(
    "/neighbourhoods",
    response={200: list[NeighbourhoodOut], **ERRORS},
    summary="List neighbourhoods",
)
@paginated
def neighbourhoods(
    request: HttpRequest, district: str | None = None, municipality: str | None = None
) -> Any:
    """Filter with ``district=WK008010`` or ``municipality=GM0080``."""
    return selectors.neighbourhood_list(district_code=district, municipality_code=municipality)


@router.get(
    "/neighbourhoods/{code}",
    response={200: NeighbourhoodDetailOut, **ERRORS},
    summary="One neighbourhood with boundary",
)
def neighbourhood(request: HttpRequest, code: str) -> Neighbourhood:
    found = Neighbourhood.objects.select_related("district").filter(code=code).first()
    if found is None:
        raise Http404
    return found


@router.get(
    "/household-counts",
    response={200: HouseholdCountsOut, **ERRORS},
    summary="Households per neighbourhood, small cells suppressed",
)
def household_counts(
    request: HttpRequest,
    municipality: str | None = None,
    scope: Literal["municipality", "team"] = "municipality",
) -> dict[str, Any]:
    """Team coordinators and policy analysts only.

    ``scope=municipality``: every household, counts under the threshold are ``null`` with
    ``suppressed: true``. ``scope=team`` (coordinators): the own team's exact counts.
    """
    actor = Actor.from_request(request, channel="api")
    roles = (Role.TEAM_COORDINATOR,) if scope == "team" else AGGREGATE_ROLES
    require_role(actor, roles, event=Event.AREAS_HOUSEHOLD_COUNTS)
    found: Municipality | None = selectors.municipality_for(
        professional=actor.professional, code=municipality
    )
    if found is None:
        raise Http404
    counts = selectors.household_area_counts(
        professional=actor.professional, municipality=found, scope=scope
    )
    return {
        "municipality_code": found.code,
        "scope": scope,
        "threshold": counts.threshold,
        "items": [
            {
                "code": row.code,
                "name": row.name,
                "district_code": row.district_code,
                "count": row.count,
                "suppressed": row.suppressed,
            }
            for row in counts.neighbourhoods
        ],
    }
