"""The demo's area funds, and the fund pages in a real browser (screenshots to look at)."""

from __future__ import annotations

import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from nabij.demo.services import demo_load
from nabij.demo.world import DEMO_PASSWORD, TEAMS
from nabij.funds import services
from nabij.funds.models import Agreement, AreaFund, HoursRecord
from nabij.tests.browser import browser_page, screenshot  # noqa: F401

HEECHTERP_DISTRICT = "WK008050"
HAKAN = "Huishouden Y\u0131ld\u0131z"  # the dotless i of Hakan Yildiz


def _login(page, username: str) -> None:
    page.goto(reverse("core:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/huishoudens/$"))


@pytest.mark.django_db
def test_demo_funds_and_hakans_loan():
    assert demo_load(households=5)
    districts = {code for team in TEAMS for code in team.districts}
    funds = AreaFund.objects.select_related("district")
    assert {f.district.code for f in funds} <= districts
    assert funds.count() >= 4
    for fund in funds:
        allocation = fund.allocations.get()
        assert allocation.amount_cents == 10_00 * fund.district.inhabitants
    loan = Agreement.objects.get(household__name=HAKAN)
    assert (loan.kind, loan.amount_cents, loan.hours_agreed) == ("loan", 40_000, 40)
    assert loan.breakthrough is not None and loan.breakthrough.cost_cents == 40_000
    assert loan.fund.district.code == HEECHTERP_DISTRICT
    assert loan.account.entries.aggregate(t=Sum("amount_cents"))["t"] == 30_000
    assert HoursRecord.objects.filter(agreement=loan).aggregate(t=Sum("hours"))["t"] == 16
    fund = loan.fund
    assert services.balance_cents(fund) == fund.allocations.get().amount_cents - 30_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fund_pages_in_the_browser(browser_page):  # noqa: F811
    assert demo_load(households=5)
    page = browser_page
    _login(page, "teamleider")
    page.goto(reverse("funds:fund", args=[HEECHTERP_DISTRICT]))
    hakan = page.get_by_role("link", name=HAKAN)
    hakan.wait_for()
    screenshot(page, "funds_fund")
    hakan.click()
    page.wait_for_url(re.compile(r".*/wijkkas/afspraken/\d+/$"))
    assert re.search(r"16 (van|of) 40", page.get_by_test_id("hours").inner_text())
    assert "€ 100,00 / € 400,00" in page.get_by_test_id("repaid").inner_text()
    screenshot(page, "funds_agreement")
    form = page.get_by_test_id("repayment-form")
    form.locator("#id_amount").fill("25")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/wijkkas/afspraken/\d+/$"))
    assert "€ 125,00 / € 400,00" in page.get_by_test_id("repaid").inner_text()
    page.goto(reverse("funds:agreement_new", args=[HEECHTERP_DISTRICT]))
    screenshot(page, "funds_choose")
    page.goto(reverse("funds:index"))
    page.get_by_role("link", name=re.compile("Heechterp")).wait_for()
    screenshot(page, "funds_index")
    page.goto(reverse("funds:savings"))
    screenshot(page, "funds_savings")
    page.goto(reverse("costs:prices") + "?jaar=2024")
    page.get_by_text("Opvang tienermoeder met kind").wait_for()
    screenshot(page, "costs_prices")
