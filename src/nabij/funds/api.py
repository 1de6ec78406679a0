"""API of the area fund: a district's balance, its entries and its agreements (read only).

Same rule as the fund page: members of a team working in the district. Household names only
for households the caller may work on; those shown are logged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from nabij.access import gate
from nabij.access.enums import Event
from nabij.core.ids import MAX_OFFSET
from nabij.core.problems import Problem
from nabij.funds import selectors, services
from nabij.funds.models import AreaFund

router = Router(tags=["area fund"])
ERRORS = {401: Problem, 403: Problem, 404: Problem}


def _fund(request: HttpRequest, code: str, event: Event) -> tuple[gate.Actor, AreaFund]:
    actor = gate.Actor.from_request(request, channel="api")
    fund = gate.fund_for(actor, code, load=selectors.fund_for_district, event=event, log_grant=True)
    return actor, fund


class BalanceOut(Schema):
    district_code: str
    district_name: str
    balance_cents: int = Field(description="Money available now; below zero only by override")
    year: int
    budget_cents: int = Field(description="The area budget allocated for this year")


class EntryOut(Schema):
    transaction_id: int
    occurred_on: dt.date
    kind: str
    description: str | None = Field(description="Only for households you may work on")
    amount_cents: int = Field(description="Into the fund positive, out of it negative")
    balance_after_cents: int
    agreement_id: int | None
    reverses_id: int | None
    override_reason: str


class AgreementOut(Schema):
    id: int
    kind: str
    household_id: int | None = Field(description="Only for households you may work on")
    household_name: str | None
    breakthrough_id: int | None
    decided_on: dt.date
    amount_cents: int
    purpose: str | None
    reciprocity: str | None
    repaid_cents: int
    outstanding_cents: int
    hours_agreed: Decimal
    hours_done: Decimal
    version: int


@router.get(
    "/area-funds/{code}/balance",
    response={200: BalanceOut, **ERRORS},
    summary="A district's area-fund balance",
)
def fund_balance(request: HttpRequest, code: str) -> Status[BalanceOut]:
    _actor, fund = _fund(request, code, Event.FUNDS_API_BALANCE)
    year = timezone.localdate().year
    return Status(
        200,
        BalanceOut(
            district_code=fund.district.code,
            district_name=fund.district.name,
            balance_cents=services.balance_cents(fund),
            year=year,
            budget_cents=selectors.budget_cents(fund, year),
        ),
    )


class EntriesOut(Schema):
    items: list[EntryOut]
    count: int


@router.get(
    "/area-funds/{code}/entries",
    response={200: EntriesOut, **ERRORS, 422: Problem},
    summary="The entries of a district's area fund, newest first",
)
def fund_entries(
    request: HttpRequest,
    code: str,
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Status[EntriesOut]:
    """One page of entries; the households whose agreements it describes are logged."""
    actor, fund = _fund(request, code, Event.FUNDS_API_ENTRIES)
    count, rows = selectors.fund_entries(fund, actor.professional, offset=offset, limit=limit)
    gate.log_listed(actor, selectors.shown_households(rows), event=Event.FUNDS_API_ENTRIES)
    items = [
        EntryOut(
            transaction_id=e.transaction.pk,
            occurred_on=e.transaction.occurred_on,
            kind=e.transaction.kind,
            description=e.description,
            amount_cents=e.amount_cents,
            balance_after_cents=e.running_cents,
            agreement_id=e.transaction.agreement_id,
            reverses_id=e.transaction.reverses_id,
            override_reason=e.transaction.override_reason,
        )
        for e in rows
    ]
    return Status(200, EntriesOut(items=items, count=count))


@router.get(
    "/area-funds/{code}/agreements",
    response={200: list[AgreementOut], **ERRORS},
    summary="Grants and loans from a district's area fund, with repayments and hours",
)
def fund_agreements(request: HttpRequest, code: str) -> Status[list[AgreementOut]]:
    actor, fund = _fund(request, code, Event.FUNDS_API_AGREEMENTS)
    agreements = selectors.fund_agreements(fund, actor.professional)
    shown = {
        r.agreement.household_id: r.agreement.household for r in agreements if r.household_name
    }
    gate.log_listed(actor, shown.values(), event=Event.FUNDS_API_AGREEMENTS)
    rows = [
        AgreementOut(
            id=r.agreement.pk,
            kind=r.agreement.kind,
            household_id=r.agreement.household_id if r.household_name else None,
            household_name=r.household_name,
            breakthrough_id=r.agreement.breakthrough_id if r.household_name else None,
            decided_on=r.agreement.decided_on,
            amount_cents=r.agreement.amount_cents,
            purpose=r.agreement.purpose if r.household_name else None,
            reciprocity=r.agreement.reciprocity if r.household_name else None,
            repaid_cents=r.repaid_cents,
            outstanding_cents=r.outstanding_cents,
            hours_agreed=r.agreement.hours_agreed,
            hours_done=r.hours_done,
            version=r.agreement.version,
        )
        for r in agreements
    ]
    return Status(200, rows)
