"""Published area accounts in the REST API, for any token: the same frozen texts and figures as
the public page. Drafts and accounts in review never leave the product through the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Path, Router, Schema

from nabij.core.problems import Problem
from nabij.reports import selectors
from nabij.reports.models import AreaAccount

router = Router(tags=["area accounts"])
ERRORS = {401: Problem, 404: Problem, 422: Problem}
Year = Annotated[int, Path(..., ge=2000, le=2100, examples=[2025])]
SUPPRESSED = (
    '"" when shown; "small" when it counts fewer than 10 households; "secondary" when it is '
    "hidden so that a total cannot reveal a small cell"
)


class AccountSummaryOut(Schema):
    year: int = Field(..., examples=[2025])
    version: int = Field(..., description="The account's version that was published")
    published_at: dt.datetime
    page_url: str = Field(..., description="The published account as a web page")
    pdf_url: str = Field(..., description="The published account as a PDF (A4)")


class AccountStoryOut(Schema):
    kind: str = Field(..., examples=["household"], description="household, resident, initiative")
    title: str
    text: str = Field(..., description="Checked against the register before publishing")
    consent: bool | None = Field(
        None, description="A household story: the household's consent was recorded"
    )


class AccountDistrictOut(Schema):
    code: str = Field(..., examples=["WK008050"])
    name: str
    inhabitants: int | None = Field(None, description="Inhabitants according to CBS")
    inhabitants_period: int | None = Field(None, description="The year CBS counted them")
    inhabitants_synthetic: bool = Field(False, description="Generated for the demo")
    municipality: str


class AccountCountOut(Schema):
    count: int | None = Field(None, description="null when suppressed")
    suppressed: str = Field("", description=SUPPRESSED)


class AccountIndicatorOut(Schema):
    code: str = Field(..., examples=["AantalInwoners"])
    name: str
    unit: str
    question: str = Field(..., description="school, work, finance, safety or context")
    direction: str
    value: str | None = Field(None, description="A decimal as text; null when CBS withholds it")
    period: int = Field(..., description="The year the value is about")
    quality: str = Field(..., description="final, provisional, estimated, secret or synthetic")
    synthetic: bool = Field(..., description="Generated for the demo: not real data")
    source: str = Field(..., examples=["CBS"])
    licence: str = Field(..., examples=["CC BY 4.0"])


class AccountStreamOut(Schema):
    stream: str = Field(..., examples=["wmo"])
    cents: int | None
    households: int | None
    suppressed: str = Field("", description=SUPPRESSED)


class AccountCostsOut(Schema):
    streams: list[AccountStreamOut]
    total_cents: int | None
    households: int | None
    suppressed: str = Field("", description=SUPPRESSED)


class AccountFundKindOut(Schema):
    kind: str = Field(..., examples=["loan"])
    count: int | None
    cents: int | None
    suppressed: str = Field("", description=SUPPRESSED)


class AccountFundOut(Schema):
    budget_cents: int
    balance_cents: int | None
    balance_on: dt.date
    balance_suppressed: str = Field("", description=SUPPRESSED)
    spent_cents: int | None
    households: int | None
    kinds: list[AccountFundKindOut]


class AccountRuleOut(Schema):
    rule: str
    count: int
    cost_cents: int


class AccountBreakthroughsOut(Schema):
    count: int | None
    cost_cents: int | None
    households: int | None
    suppressed: str = Field("", description=SUPPRESSED)
    by_rule: list[AccountRuleOut]
    rules_hidden: int = Field(..., description="Rules left out because they are small cells")


class AccountFiguresOut(Schema):
    year: int
    threshold: int = Field(..., description="Figures over fewer households are suppressed")
    computed_at: dt.datetime = Field(..., description="When the figures were frozen")
    district: AccountDistrictOut
    households: AccountCountOut
    indicators: list[AccountIndicatorOut]
    costs: AccountCostsOut
    fund: AccountFundOut | None
    breakthroughs: AccountBreakthroughsOut


class AccountOut(AccountSummaryOut):
    district_code: str = Field(..., examples=["WK008050"])
    district_name: str
    teams: list[str]
    intro: str
    lessons: str = Field(..., description="What the team learned")
    changes: str = Field(..., description="What the team will do differently")
    stories: list[AccountStoryOut]
    figures: AccountFiguresOut


def _urls(request: HttpRequest, account: AreaAccount) -> dict[str, Any]:
    args = [account.district.code, account.year]
    return {
        "year": account.year,
        "version": account.published_version or account.version,
        "published_at": account.published_at,
        "page_url": request.build_absolute_uri(reverse("reports:public", args=args)),
        "pdf_url": request.build_absolute_uri(reverse("reports:pdf", args=args)),
    }


@router.get(
    "/areas/{code}/accounts",
    response={200: list[AccountSummaryOut], **ERRORS},
    summary="The published accounts of a district",
)
def account_list(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """Every year with a published account (its last publication), newest first."""
    district = selectors.district_by_code(code)
    if district is None:
        raise Http404
    return [_urls(request, a) for a in selectors.published_accounts(district)]


@router.get(
    "/areas/{code}/accounts/{year}",
    response={200: AccountOut, **ERRORS},
    summary="A district's published account of a year",
)
def account_detail(request: HttpRequest, code: str, year: Year) -> dict[str, Any]:
    """The texts, the stories and the figures as they were frozen when it was published."""
    account = selectors.published_account(code, year)
    if account is None:
        raise Http404
    content = account.published_content or {}
    return {
        **_urls(request, account),
        "district_code": account.district.code,
        "district_name": account.district.name,
        "teams": content.get("teams", []),
        "intro": content.get("intro", ""),
        "lessons": content.get("lessons", ""),
        "changes": content.get("changes", ""),
        "stories": content.get("stories", []),
        "figures": account.published_figures,
    }
