"""API for one household's costs (summary, ledger lines) and its scenarios, through the gate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event
from nabij.core.api_schema import InputSchema
from nabij.core.errors import DomainError
from nabij.core.ids import BodyId, Id, paginated
from nabij.core.problems import Problem
from nabij.costs import selectors, services
from nabij.costs.models import Assumption, FundingStream, Payer, ReferencePrice, Scenario
from nabij.people import selectors as people_selectors
from nabij.plans import selectors as plans_selectors

if TYPE_CHECKING:
    from nabij.people.models import Household

router = Router(tags=["costs"])
ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
READ_ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


def actor(request: HttpRequest) -> gate.Actor:
    return gate.Actor.from_request(request, channel="api")


class Amount(Schema):
    key: str
    cents: int


class YearAmount(Schema):
    year: int
    cents: int


class CostsOut(Schema):
    household_id: int
    year: int = Field(description="The year shown: the latest with costs unless asked")
    total_cents: int
    municipality_cents: int
    municipality_share: float | None = Field(description="0..1; null without costs")
    by_stream: list[Amount]
    by_payer: list[Amount]
    by_year: list[YearAmount]
    organisation_count: int = Field(description="Organisations paid in the year (ledger)")
    organisations: list[str]
    professional_count: int = Field(description="Professionals assigned now")


class CostsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class LineOut(Schema):
    id: int
    provider: str
    stream: str
    payer: str
    product_category: str
    product_code: str
    description: str
    period_start: dt.date
    period_end: dt.date
    volume: Decimal
    unit: str
    unit_price_cents: int
    amount_cents: int
    source: str
    reference_price: str | None
    corrects_id: int | None = Field(description="Set on a counter-entry: the line it cancels")
    corrected: bool = Field(description="True when a counter-entry cancels this line")
    note: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_provider(obj: Any) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_reference_price(obj: Any) -> str | None:
        return obj.reference_price.key if obj.reference_price_id else None

    @staticmethod
    def resolve_corrected(obj: Any) -> bool:
        return hasattr(obj, "correction") and obj.correction is not None


@router.get("/households/{household_id}/costs", response={200: CostsOut, **READ_ERRORS})
def costs_summary(request: HttpRequest, household_id: Id, query: Query[CostsQuery]):
    """Yearly cost across all funding streams and payers, the municipality's share, the trend."""
    household = gate.household_for(actor(request), household_id, event=Event.COSTS_READ)
    costs = selectors.household_costs(household, year=query.year)
    involvement = people_selectors.involvement(list(household.assignments.all()))
    return Status(
        200,
        {
            "household_id": household.pk,
            "year": costs.year,
            "total_cents": costs.total_cents,
            "municipality_cents": costs.municipality_cents,
            "municipality_share": costs.municipality_share,
            "by_stream": [{"key": k, "cents": c} for k, c in costs.by_stream],
            "by_payer": [{"key": k, "cents": c} for k, c in costs.by_payer],
            "by_year": [{"year": y, "cents": c} for y, c in costs.by_year],
            "organisation_count": costs.organisation_count,
            "organisations": costs.organisations,
            "professional_count": involvement.professional_count,
        },
    )


@router.get("/households/{household_id}/costs/lines", response={200: list[LineOut], **READ_ERRORS})
@paginated
def costs_lines(request: HttpRequest, household_id: Id, **kwargs: Any):
    """The ledger, newest period first; counter-entries carry ``corrects_id``."""
    household = gate.household_for(actor(request), household_id, event=Event.COSTS_LINES_READ)
    return selectors.household_lines(household)


# --- scenarios --------------------------------------------------------------------------------


class AssumptionIn(InputSchema):
    """By hand (``amount_cents``) or from a reference price (``reference_price`` + quantity)."""

    branch: Assumption.Branch
    label: str = Field("", max_length=200)
    stream: FundingStream | None = None
    payer: Payer | None = None
    amount_cents: int | None = Field(None, ge=0, le=10_000_000_00)
    reference_price: str | None = Field(None, max_length=60, description="Its key")
    quantity: Decimal | None = Field(None, gt=0, le=1_000_000, decimal_places=2)
    one_off: bool = False
    from_year: int = Field(1, ge=1, le=30)
    until_year: int | None = Field(None, ge=1, le=30)
    note: str = Field("", max_length=300)


class ScenarioIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    current_label: str = Field("", max_length=200)
    alternative_label: str = Field("", max_length=200)
    horizon_years: int = Field(5, ge=1, le=30)
    discount_rate_bp: int | None = Field(
        None, ge=0, le=2000, description="Default: the reference price discount-rate"
    )
    price_year: int | None = Field(None, ge=2000, le=2100, description="Default: this year")
    breakthrough_id: BodyId | None = None
    assumptions: list[AssumptionIn] = Field(default_factory=list, max_length=200)


class ScenarioUpdateIn(InputSchema):
    version: int = Field(ge=1, description="The scenario version this change is based on")
    title: str = Field(min_length=1, max_length=200)
    current_label: str = Field("", max_length=200)
    alternative_label: str = Field("", max_length=200)
    horizon_years: int = Field(ge=1, le=30)
    discount_rate_bp: int = Field(ge=0, le=2000)
    price_year: int = Field(ge=2000, le=2100)


class AssumptionsAddIn(InputSchema):
    version: int = Field(ge=1, description="The scenario version this change is based on")
    assumptions: list[AssumptionIn] = Field(min_length=1, max_length=200)


class AssumptionOut(Schema):
    id: int
    branch: str
    label: str
    stream: str
    payer: str
    amount_cents: int
    one_off: bool
    from_year: int
    until_year: int | None
    reference_price: str | None
    note: str


class YearOut(Schema):
    year: int
    discount_factor: float
    current_cents: int
    alternative_cents: int
    difference_cents: int


class PvRow(Schema):
    stream: str | None = None
    payer: str | None = None
    current_pv_cents: int
    alternative_pv_cents: int
    difference_cents: int = Field(description="alternative - current: negative saves")


class ResultOut(Schema):
    current_pv_cents: int
    alternative_pv_cents: int
    net_saving_cents: int = Field(description="What society saves with the alternative")
    years: list[YearOut]
    by_payer: list[PvRow]
    by_stream: list[PvRow]
    by_stream_payer: list[PvRow]
    waterbed_payers: list[str] = Field(description="Payers paying more while others save")
    waterbed_streams: list[str]


class ScenarioOut(Schema):
    id: int
    household_id: int
    breakthrough_id: int | None
    title: str
    current_label: str
    alternative_label: str
    horizon_years: int
    discount_rate_bp: int
    price_year: int
    version: int
    assumptions: list[AssumptionOut]
    result: ResultOut


def _scenario_out(scenario: Scenario) -> dict[str, Any]:
    view = selectors.scenario_view(scenario)
    r = view.result

    def pv(row: Any, **keys: str | None) -> dict[str, Any]:
        return {
            **keys,
            "current_pv_cents": row.current_pv_cents,
            "alternative_pv_cents": row.alternative_pv_cents,
            "difference_cents": row.difference_cents,
        }

    return {
        "id": scenario.pk,
        "household_id": scenario.household_id,
        "breakthrough_id": scenario.breakthrough_id,
        "title": scenario.title,
        "current_label": scenario.current_label,
        "alternative_label": scenario.alternative_label,
        "horizon_years": scenario.horizon_years,
        "discount_rate_bp": scenario.discount_rate_bp,
        "price_year": scenario.price_year,
        "version": scenario.version,
        "assumptions": [
            {
                "id": a.pk,
                "branch": a.branch,
                "label": a.label,
                "stream": a.stream,
                "payer": a.payer,
                "amount_cents": a.amount_cents,
                "one_off": a.one_off,
                "from_year": a.from_year,
                "until_year": a.until_year,
                "reference_price": a.reference_price.key if a.reference_price else None,
                "note": a.note,
            }
            for a in view.current + view.alternative
        ],
        "result": {
            "current_pv_cents": r.current_pv_cents,
            "alternative_pv_cents": r.alternative_pv_cents,
            "net_saving_cents": r.net_saving_cents,
            "years": [
                {
                    "year": y.year,
                    "discount_factor": round(y.discount_factor, 6),
                    "current_cents": y.current_cents,
                    "alternative_cents": y.alternative_cents,
                    "difference_cents": y.difference_cents,
                }
                for y in r.years
            ],
            "by_payer": [pv(p, payer=p.payer) for p in r.by_payer],
            "by_stream": [pv(s, stream=s.stream) for s in view.by_stream],
            "by_stream_payer": [pv(x, stream=x.stream, payer=x.payer) for x in r.by_stream_payer],
            "waterbed_payers": [p.payer for p in r.waterbed],
            "waterbed_streams": [s.stream for s in view.stream_waterbed],
        },
    }


def _inputs(items: list[AssumptionIn], price_year: int) -> list[services.AssumptionInput]:
    """Turn API assumptions into service inputs; every problem is located by index."""
    keys = {i.reference_price for i in items if i.reference_price}
    prices = {p.key: p for p in ReferencePrice.objects.filter(key__in=keys)}
    indices = selectors.price_indices() if keys else {}
    out = []
    for n, item in enumerate(items):
        where = f"assumptions.{n}"
        if item.reference_price:
            price = prices.get(item.reference_price)
            if price is None:
                raise DomainError("Unknown reference price.", field=f"{where}.reference_price")
            try:
                out.append(
                    services.assumption_from_reference(
                        reference_price=price,
                        quantity=item.quantity or Decimal(1),
                        price_year=price_year,
                        branch=item.branch,
                        one_off=item.one_off,
                        from_year=item.from_year,
                        until_year=item.until_year,
                        label=item.label,
                        stream=item.stream or "",
                        payer=item.payer or "",
                        indices=indices,
                    )
                )
            except ValidationError as exc:
                raise DomainError(" ".join(exc.messages), field=f"{where}.quantity") from exc
            continue
        missing = [
            name for name in ("stream", "payer", "amount_cents") if getattr(item, name) is None
        ]
        if missing:
            raise DomainError(
                "Give stream, payer and amount_cents, or a reference_price.",
                field=f"{where}.{missing[0]}",
            )
        out.append(
            services.AssumptionInput(
                branch=item.branch,
                label=item.label,
                stream=str(item.stream),
                payer=str(item.payer),
                amount_cents=int(item.amount_cents or 0),
                one_off=item.one_off,
                from_year=item.from_year,
                until_year=item.until_year,
                note=item.note,
            )
        )
    return out


def _scenario(household: Household, scenario_id: int) -> Scenario:
    scenario = selectors.scenario_of(household, scenario_id)
    if scenario is None:
        raise Http404
    return scenario


@router.get(
    "/households/{household_id}/scenarios", response={200: list[ScenarioOut], **READ_ERRORS}
)
def scenario_list(request: HttpRequest, household_id: Id):
    household = gate.household_for(actor(request), household_id, event=Event.COSTS_SCENARIO_LIST)
    return Status(200, [_scenario_out(s) for s in selectors.household_scenarios(household)])


@router.post("/households/{household_id}/scenarios", response={201: ScenarioOut, **ERRORS})
def scenario_create(request: HttpRequest, household_id: Id, payload: ScenarioIn):
    """Create a scenario with its assumptions in one step; all or nothing."""
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.COSTS_SCENARIO_CREATE)
    breakthrough = None
    if payload.breakthrough_id is not None:
        breakthrough = plans_selectors.breakthrough_of(household, payload.breakthrough_id)
        if breakthrough is None:
            raise DomainError("Unknown breakthrough for this household.", field="breakthrough_id")
    price_year = payload.price_year or timezone.localdate().year
    items = _inputs(payload.assumptions, price_year)
    with transaction.atomic():
        scenario = services.scenario_create(
            actor=act,
            household=household,
            title=payload.title,
            current_label=payload.current_label,
            alternative_label=payload.alternative_label,
            horizon_years=payload.horizon_years,
            discount_rate_bp=(
                payload.discount_rate_bp
                if payload.discount_rate_bp is not None
                else selectors.discount_rate_default()
            ),
            price_year=price_year,
            breakthrough=breakthrough,
        )
        if items:
            services.assumptions_add(actor=act, scenario=scenario, expected_version=1, items=items)
    return Status(201, _scenario_out(scenario))


@router.get(
    "/households/{household_id}/scenarios/{scenario_id}",
    response={200: ScenarioOut, **READ_ERRORS},
)
def scenario_detail(request: HttpRequest, household_id: Id, scenario_id: Id):
    household = gate.household_for(actor(request), household_id, event=Event.COSTS_SCENARIO_READ)
    return Status(200, _scenario_out(_scenario(household, scenario_id)))


@router.put(
    "/households/{household_id}/scenarios/{scenario_id}", response={200: ScenarioOut, **ERRORS}
)
def scenario_update(
    request: HttpRequest, household_id: Id, scenario_id: Id, payload: ScenarioUpdateIn
):
    """Change the settings. 409 when ``version`` is not the scenario's current version."""
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.COSTS_SCENARIO_UPDATE)
    scenario = _scenario(household, scenario_id)
    services.scenario_update(
        actor=act,
        scenario=scenario,
        expected_version=payload.version,
        title=payload.title,
        current_label=payload.current_label,
        alternative_label=payload.alternative_label,
        horizon_years=payload.horizon_years,
        discount_rate_bp=payload.discount_rate_bp,
        price_year=payload.price_year,
    )
    return Status(200, _scenario_out(scenario))


@router.post(
    "/households/{household_id}/scenarios/{scenario_id}/assumptions",
    response={201: ScenarioOut, **ERRORS},
)
def assumptions_add(
    request: HttpRequest, household_id: Id, scenario_id: Id, payload: AssumptionsAddIn
):
    """Add assumptions. 409 when ``version`` is not the scenario's current version."""
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.COSTS_SCENARIO_UPDATE)
    scenario = _scenario(household, scenario_id)
    items = _inputs(payload.assumptions, scenario.price_year)
    services.assumptions_add(
        actor=act, scenario=scenario, expected_version=payload.version, items=items
    )
    return Status(201, _scenario_out(scenario))


class AssumptionUpdateIn(InputSchema):
    version: int = Field(ge=1, description="The scenario version this change is based on")
    branch: Assumption.Branch
    label: str = Field(min_length=1, max_length=200)
    stream: FundingStream
    payer: Payer
    amount_cents: int = Field(ge=0, le=10_000_000_00)
    one_off: bool = False
    from_year: int = Field(1, ge=1, le=30)
    until_year: int | None = Field(None, ge=1, le=30)
    note: str = Field("", max_length=300)


@router.put(
    "/households/{household_id}/scenarios/{scenario_id}/assumptions/{assumption_id}",
    response={200: ScenarioOut, **ERRORS},
)
def assumption_update(
    request: HttpRequest,
    household_id: Id,
    scenario_id: Id,
    assumption_id: Id,
    payload: AssumptionUpdateIn,
):
    """Change one assumption. 409 when ``version`` is not the scenario's current version; a
    changed amount drops the link to its reference price."""
    act = actor(request)
    household = gate.household_for(act, household_id, event=Event.COSTS_SCENARIO_UPDATE)
    scenario = _scenario(household, scenario_id)
    services.assumption_update(
        actor=act,
        scenario=scenario,
        expected_version=payload.version,
        assumption_id=assumption_id,
        data=services.AssumptionInput(
            branch=payload.branch,
            label=payload.label,
            stream=payload.stream,
            payer=payload.payer,
            amount_cents=payload.amount_cents,
            one_off=payload.one_off,
            from_year=payload.from_year,
            until_year=payload.until_year,
            note=payload.note,
        ),
    )
    return Status(200, _scenario_out(scenario))
