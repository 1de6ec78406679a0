"""Area costs in the REST API: the aggregates of the area page, small cells as null + a flag.

Team coordinators and policy analysts only; no personal data leaves here (see
``analytics.area_rollup`` for the suppression rules).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from nabij.access.gate import Actor
from nabij.core.params import YEAR_RANGE
from nabij.core.problems import Problem
from nabij.costs import analytics
from nabij.costs.views_area import area_view

router = Router(tags=["costs"])

ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}

CostSuppression = Literal["", "small", "secondary"]


class CostCellOut(Schema):
    cost_cents: int | None = Field(..., description="Total cost in cents; null when suppressed.")
    households: int | None = Field(..., description="Households in the area; null when suppressed.")
    households_with_cost: int | None = Field(
        ..., description="Households with a cost in the year; null when suppressed."
    )
    per_household_cents: int | None = Field(
        ..., description="Cost per household in the area, in cents; null when suppressed."
    )
    suppressed: bool
    suppression: CostSuppression = Field(
        ...,
        description="'small': fewer households with a cost than the threshold; 'secondary': "
        "hidden because it would reveal a small cell by subtraction.",
    )


class StreetCostOut(CostCellOut):
    name: str


class NeighbourhoodCostOut(CostCellOut):
    code: str
    name: str
    district_code: str
    streets: list[StreetCostOut] = Field(
        ..., description="Only streets with at least the threshold of households with a cost."
    )


class DistrictCostOut(CostCellOut):
    code: str
    name: str


class CostMatrixCellOut(Schema):
    payer: str | None = Field(..., description="null in a column total")
    stream: str | None = Field(..., description="null in a row total")
    cost_cents: int | None
    households: int | None = Field(..., description="Households with a cost in this cell.")
    suppressed: bool


class CostMatrixOut(Schema):
    cells: list[CostMatrixCellOut]
    payer_totals: list[CostMatrixCellOut]
    stream_totals: list[CostMatrixCellOut]
    total: CostMatrixCellOut


class CostCurvePointOut(Schema):
    households_percent: int
    cost_percent: float | None = Field(..., description="null when suppressed")


class CostConcentrationFigureOut(Schema):
    households_percent: int
    households: int | None
    cost_percent: float | None


class CostConcentrationOut(Schema):
    points: list[CostCurvePointOut] = Field(
        ..., description="Share of the cost carried by the costliest x% of households."
    )
    figures: list[CostConcentrationFigureOut]


class AreaCostsOut(Schema):
    municipality_code: str
    year: int
    years: list[int] = Field(..., description="Years with costs in the ledger, latest first.")
    threshold: int
    total: CostCellOut
    districts: list[DistrictCostOut]
    neighbourhoods: list[NeighbourhoodCostOut]
    matrix: CostMatrixOut
    concentration: CostConcentrationOut


def _cell(cell: analytics.Cell) -> dict[str, Any]:
    return {
        "cost_cents": cell.cost_cents,
        "households": cell.households,
        "households_with_cost": cell.with_cost,
        "per_household_cents": cell.per_household_cents,
        "suppressed": cell.suppressed,
        "suppression": cell.suppression,
    }


def _matrix_cell(
    cell: analytics.MatrixCell, payer: str | None, stream: str | None
) -> dict[str, Any]:
    return {
        "payer": payer,
        "stream": stream,
        "cost_cents": cell.cost_cents,
        "households": cell.households,
        "suppressed": cell.suppressed,
    }


@router.get(
    "/costs/area",
    response={200: AreaCostsOut, **ERRORS},
    summary="Cost per district, neighbourhood and street; payer by stream; concentration",
)
def area_costs(
    request: HttpRequest,
    year: int | None = Query(None, ge=YEAR_RANGE[0], le=YEAR_RANGE[1]),  # type: ignore[type-arg]
    municipality: str | None = None,
) -> dict[str, Any]:
    """Team coordinators and policy analysts only; logged.

    Without ``year``: the latest year with costs. Cells with fewer households with a cost than
    ``threshold`` are ``null`` with ``suppressed: true``, and so are totals that would reveal
    them by subtraction.
    """
    actor = Actor.from_request(request, channel="api")
    view = area_view(actor=actor, municipality_code=municipality, year=year)
    rollup = view.rollup
    matrix = rollup.matrix
    streams = [value for value, _ in matrix.streams]
    return {
        "municipality_code": view.municipality.code,
        "year": view.year,
        "years": view.years,
        "threshold": rollup.threshold or 0,
        "total": _cell(rollup.total),
        "districts": [{"code": d.code, "name": d.name, **_cell(d.cell)} for d in rollup.districts],
        "neighbourhoods": [
            {
                "code": n.code,
                "name": n.name,
                "district_code": n.district_code,
                **_cell(n.cell),
                "streets": [{"name": s.name, **_cell(s.cell)} for s in n.streets],
            }
            for n in rollup.neighbourhoods
        ],
        "matrix": {
            "cells": [
                _matrix_cell(cell, row.payer, stream)
                for row in matrix.rows
                for stream, cell in zip(streams, row.cells, strict=True)
            ],
            "payer_totals": [_matrix_cell(row.total, row.payer, None) for row in matrix.rows],
            "stream_totals": [
                _matrix_cell(cell, None, stream)
                for stream, cell in zip(streams, matrix.column_totals, strict=True)
            ],
            "total": _matrix_cell(matrix.total, None, None),
        },
        "concentration": {
            "points": [
                {"households_percent": p.households_percent, "cost_percent": p.cost_percent}
                for p in rollup.concentration.points
            ],
            "figures": [
                {
                    "households_percent": f.households_percent,
                    "households": f.households,
                    "cost_percent": f.cost_percent,
                }
                for f in rollup.concentration.figures
            ],
        },
    }
