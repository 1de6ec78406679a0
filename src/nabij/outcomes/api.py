"""Area outcomes in the REST API: indicators, profiles, area plans.

Indicator definitions and their values are open data (CBS, CC BY 4.0): any token reads them.
A profile adds Nabij's own figures, aggregates with small cells suppressed: any professional
role, a refusal logged. ``{code}`` is a municipality, district or neighbourhood code (and
``NL00``, the country, for its values); an unknown code is a 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from nabij.access import gate
from nabij.access.enums import STAFF_ROLES, Event
from nabij.core.ids import paginated
from nabij.core.problems import Problem
from nabij.outcomes import figures, selectors
from nabij.outcomes.models import COUNTRY_CODE, AreaLevel

router = Router(tags=["outcomes"])

ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
EVERY_ROLE = STAFF_ROLES  # a referrer sees none of it
PERIODS = (1900, 2100)

Compared = Literal["better", "worse", "higher", "lower", "same"]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class IndicatorOut(Schema):
    code: str = Field(..., examples=["PersonenPerSoortUitkeringBijstand"])
    name: str = Field(..., examples=["Personen met bijstand"])
    unit: str = Field(..., examples=["aantal"])
    decimals: int
    direction: Literal["higher_better", "lower_better", "neutral"]
    question: Literal["school", "work", "finance", "safety", "context"] = Field(
        ..., description="The outcome question it answers (seed 003), or context."
    )
    per_thousand: bool = Field(
        ..., description="Shown per 1,000 inhabitants on profiles and maps (the value is a count)."
    )
    description: str
    source: str = Field(..., examples=["CBS"])
    licence: str = Field(..., examples=["CC BY 4.0"])
    periods: list[int] = Field(..., description="Years with values.", examples=[[2022, 2023]])


class AreaOut(Schema):
    code: str = Field(..., examples=["WK008010"])
    name: str = Field(..., examples=["Binnenstad"])
    level: Literal["country", "municipality", "district", "neighbourhood"]


class ValueOut(Schema):
    code: str = Field(..., description="The indicator's code.", examples=["AantalInwoners"])
    name: str
    unit: str
    period: int = Field(..., examples=[2024])
    value: float | None = Field(
        ..., description="As CBS publishes it; null only when CBS keeps it secret."
    )
    quality: Literal["final", "provisional", "estimated", "secret", "synthetic"] = Field(
        ..., description="synthetic: generated for a demo, not a real figure."
    )
    source: str
    licence: str


class AreaIndicatorsOut(Schema):
    area: AreaOut
    period: int | None = Field(..., description="The period asked for; null: the latest each.")
    items: list[ValueOut]


class PointOut(Schema):
    period: int
    value: float | None = Field(..., description="As shown: per 1,000 inhabitants if so marked.")
    quality: str
    marks: list[Literal["synthetic", "provisional", "estimated"]]


class SimilarOut(Schema):
    value: float | None
    count: int = Field(..., description="How many areas of the same urbanity class.")


class ProfileIndicatorOut(Schema):
    code: str
    name: str
    unit: str = Field(..., description="The unit shown: 'per 1,000 inhabitants' for counts.")
    per_thousand: bool
    direction: str
    latest: PointOut | None
    previous: PointOut | None
    vs_previous: Compared | None
    municipality: PointOut | None = Field(..., description="The municipality, same period.")
    vs_municipality: Compared | None
    country: PointOut | None = Field(..., description="The Netherlands (NL00), same period.")
    similar: SimilarOut | None = Field(
        ..., description="Mean of the municipality's other areas of this level and urbanity."
    )
    trend: list[PointOut] = Field(..., description="Up to ten years, oldest first.")
    source: str = Field(..., examples=["Bron: CBS 2024 (CC BY 4.0)"])


class OwnCellOut(Schema):
    value: float | None = Field(..., description="null where suppressed or not available.")
    suppressed: bool
    reason: Literal["small", "secondary", "unavailable"] | None = Field(
        ...,
        description=(
            "small: fewer than the threshold of households; secondary: would give a small "
            "cell away by subtraction; unavailable: no figure for this year."
        ),
    )
    estimated: bool


class OwnFigureOut(Schema):
    code: str = Field(..., examples=["nabij-goals-achieved"])
    name: str
    unit: str
    question: str
    area: OwnCellOut
    district: OwnCellOut | None = Field(..., description="A neighbourhood's district.")
    municipality: OwnCellOut | None
    source: str = Field(..., examples=["Nabij"])


class QuestionOut(Schema):
    question: Literal["school", "work", "finance", "safety", "context"]
    label: str
    indicators: list[ProfileIndicatorOut]
    own: list[OwnFigureOut]


class ProfileOut(Schema):
    area: AreaOut
    municipality_code: str
    district_code: str | None
    urbanity_class: float | None = Field(..., description="CBS MateVanStedelijkheid, 1 to 5.")
    similar_areas: int
    threshold: int = Field(..., description="Own figures of fewer households are suppressed.")
    own_year: int
    questions: list[QuestionOut] = Field(
        ..., description="School, work, finance, safety, then context (who lives here)."
    )
    own_other: list[OwnFigureOut] = Field(
        ..., description="Nabij's own figures that answer none of the four questions."
    )


def _area_out(area: selectors.AreaRef) -> dict[str, Any]:
    return {"code": area.code, "name": area.name, "level": str(area.level)}


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    summary="List indicator definitions",
)
@paginated
def indicators(request: HttpRequest) -> Any:
    """Every indicator: what it measures, its unit, which way is better, the question it
    answers, source and licence, and the years with values."""
    return [
        {
            "code": d.indicator.code,
            "name": d.indicator.name,
            "unit": d.indicator.unit,
            "decimals": d.indicator.decimals,
            "direction": d.indicator.direction,
            "question": d.indicator.question,
            "per_thousand": selectors.per_thousand(d.indicator.code),
            "description": d.indicator.description,
            "source": d.indicator.source,
            "licence": d.indicator.licence,
            "periods": d.periods,
        }
        for d in selectors.indicator_definitions()
    ]


@router.get(
    "/areas/{code}/indicators",
    response={200: AreaIndicatorsOut, **ERRORS},
    summary="Indicator values of one area",
)
def area_indicators(
    request: HttpRequest,
    code: str,
    period: int | None = Query(None, ge=PERIODS[0], le=PERIODS[1]),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """The values of ``period``, or without it the latest value of each indicator."""
    if code == COUNTRY_CODE:
        area = {"code": code, "name": "Nederland", "level": str(AreaLevel.COUNTRY)}
    else:
        found = selectors.area_by_code(code)
        if found is None:
            raise Http404
        area = _area_out(found)
    return {
        "area": area,
        "period": period,
        "items": [
            {
                "code": v.indicator.code,
                "name": v.indicator.name,
                "unit": v.indicator.unit,
                "period": v.period,
                "value": _number(v.value),
                "quality": v.quality,
                "source": v.source or v.indicator.source,
                "licence": v.licence or v.indicator.licence,
            }
            for v in selectors.area_values(code, period=period)
        ],
    }


def _point(point: selectors.Point | None) -> dict[str, Any] | None:
    if point is None:
        return None
    return {
        "period": point.period,
        "value": _number(point.value),
        "quality": point.quality,
        "marks": [m for m in selectors.MARKED if m in point.marks],
    }


def _cell(cell: figures.Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {
        "value": _number(cell.value),
        "suppressed": cell.suppressed,
        "reason": cell.suppression or None,
        "estimated": cell.estimated,
    }


def _own(row: selectors.OwnRow) -> dict[str, Any]:
    return {
        "code": row.figure.code,
        "name": row.figure.name,
        "unit": row.figure.unit,
        "question": str(row.figure.question),
        "area": _cell(row.cell),
        "district": _cell(row.district),
        "municipality": _cell(row.municipality),
        "source": row.figure.source,
    }


def _indicator(item: selectors.IndicatorProfile) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.indicator.name,
        "unit": item.unit,
        "per_thousand": item.per_thousand,
        "direction": item.indicator.direction,
        "latest": _point(item.latest),
        "previous": _point(item.previous),
        "vs_previous": item.vs_previous.word or None,
        "municipality": _point(item.municipality),
        "vs_municipality": item.vs_municipality.word or None,
        "country": _point(item.country),
        "similar": None
        if item.similar is None
        else {"value": _number(item.similar.value), "count": item.similar.count},
        "trend": [_point(p) for p in item.trend],
        "source": item.source_line,
    }


@router.get(
    "/areas/{code}/profile",
    response={200: ProfileOut, **ERRORS},
    summary="The profile of one area",
)
def area_profile(request: HttpRequest, code: str) -> dict[str, Any]:
    """The four questions with their indicators and comparisons, and Nabij's own figures of
    the current year (suppressed ones ``null`` with ``suppressed: true``). Any professional
    role."""
    actor = gate.Actor.from_request(request, channel="api")
    gate.require_role(actor, EVERY_ROLE, event=Event.OUTCOMES_API_PROFILE)
    area = selectors.area_by_code(code)
    if area is None:
        raise Http404
    data = selectors.profile(area)
    return {
        "area": _area_out(area),
        "municipality_code": area.municipality_code,
        "district_code": area.district.code if area.district is not None else None,
        "urbanity_class": _number(data.urbanity),
        "similar_areas": data.similar_level_count,
        "threshold": data.threshold,
        "own_year": data.own_year,
        "questions": [
            {
                "question": str(q.question),
                "label": q.label,
                "indicators": [_indicator(i) for i in q.shown],
                "own": [_own(r) for r in q.own],
            }
            for q in [*data.questions, data.context]
        ],
        "own_other": [_own(r) for r in data.own_other],
    }
