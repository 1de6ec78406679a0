"""The area budget in the REST API: a district's budget per funding stream for a year, what was
realised, the difference and the area fund's balance. Aggregates only (small cells null, with
why), for every professional role but the social broker, as the page."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.core.problems import Problem
from nabij.funds import selectors_budget as budget
from nabij.funds.services_budget import FIRST_YEAR

router = Router(tags=["area budget"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}

Suppression = Literal["", "small", "secondary"]


class BudgetLineOut(Schema):
    stream: str = Field(
        ...,
        description="Funding stream (wmo, youth, participation, welfare, debt); '' for the total",
        examples=["wmo"],
    )
    label: str = Field(..., examples=["Wmo (social support)"])
    budget_cents: int | None = Field(
        ...,
        description="The area budget; null when none is set for the year",
        examples=[4250000000],
    )
    realised_cents: int | None = Field(
        ...,
        description="Paid by the municipality for the district's households (cost lines of the "
        "year); null when suppressed",
        examples=[3980012300],
    )
    suppressed: bool
    suppression: Suppression = Field(
        ...,
        description="'small': fewer households than the threshold; 'secondary': hidden because "
        "it would reveal a small cell by subtraction",
    )
    difference_cents: int | None = Field(
        ...,
        description="Budget minus realised (room left; negative: overspent); null when either is",
        examples=[269987700],
    )


class AreaBudgetOut(Schema):
    district_code: str = Field(..., examples=["WK008050"])
    district_name: str = Field(..., examples=["Heechterp en Schieringen"])
    year: int = Field(..., examples=[2026])
    inhabitants: int | None = Field(..., description="CBS inhabitants of the district")
    version: int = Field(..., description="The budget's version; 0 when none is set")
    synthetic: bool = Field(
        ..., description="The budget's amounts are made up (the demo), not a council's decision"
    )
    threshold: int = Field(..., description="Cells of fewer households are suppressed")
    lines: list[BudgetLineOut]
    total: BudgetLineOut
    fund_balance_cents: int | None = Field(
        ..., description="The district's area fund (wijkkas) now; null without a fund"
    )


def _line(figure: budget.BudgetFigure) -> BudgetLineOut:
    return BudgetLineOut(
        stream=figure.key,
        label=figure.label,
        budget_cents=figure.budget_cents,
        realised_cents=figure.realised.cents,
        suppressed=figure.realised.suppressed,
        suppression=figure.realised.suppression,
        difference_cents=figure.difference_cents,
    )


@router.get(
    "/areas/{code}/budget",
    response={200: AreaBudgetOut, **ERRORS},
    summary="A district's area budget per funding stream, realised spending and the difference",
)
def area_budget(
    request: HttpRequest,
    code: str,
    year: int | None = Query(None, ge=FIRST_YEAR, le=2100, description="Default: this year"),
) -> Status[AreaBudgetOut]:
    actor = gate.Actor.from_request(request, channel="api")
    gate.require(actor, rules.can_view_area_budgets, event=Event.FUNDS_API_AREA_BUDGET)
    district = budget.district_by_code(code)
    if district is None:
        raise gate.NotFound
    chosen = year if year is not None else timezone.localdate().year
    figures = budget.district_budget(district, chosen, total_label=_("Total"))
    return Status(
        200,
        AreaBudgetOut(
            district_code=figures.code,
            district_name=figures.name,
            year=figures.year,
            inhabitants=figures.inhabitants,
            version=figures.version,
            synthetic=figures.synthetic,
            threshold=settings.SMALL_CELL_THRESHOLD,
            lines=[_line(line) for line in figures.lines],
            total=_line(figures.total),
            fund_balance_cents=figures.fund_balance_cents,
        ),
    )
