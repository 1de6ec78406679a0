"""The demo's area funds, and the fund pages in a real browser (screenshots to look at)."""

from __future__ import annotations

import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from nabij.access.models import DistrictTeam
from nabij.conftest import PASSWORD
from nabij.demo.services import demo_load
from nabij.demo.world import DEMO_PASSWORD, TEAMS
from nabij.funds import services
from nabij.funds.models import (
    Agreement,
    AreaBudget,
    AreaBudgetChange,
    AreaFund,
    HoursRecord,
    SavingReturn,
)
from nabij.tests.browser import browser_page, log_in, screenshot  # noqa: F401

HEECHTERP_DISTRICT = "WK008050"
HAKAN = "Huishouden Y\u0131ld\u0131z"  # the dotless i of Hakan Yildiz


def _login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    log_in(page, username, password)  # the team coordinator types the app's code too
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
    # Issue 11: the wijkcoach's frontline grant to Dylan and Jesse's returned saving are in the
    # same fund (Dylan's saving was refused: nothing booked).
    frontline = Agreement.objects.filter(fund=fund, frontline=True).get()
    assert (frontline.amount_cents, frontline.kind) == (85_00, "grant")
    returned = SavingReturn.objects.filter(fund=fund, status="booked").get()
    assert returned.returned_cents > 0
    assert SavingReturn.objects.filter(fund=fund, status="refused", returned_cents=0).exists()
    assert services.balance_cents(fund) == (
        fund.allocations.get().amount_cents - 30_000 - 85_00 + returned.returned_cents
    )
    assert (returned.outcome_basis, returned.approval_met) == ("self_reliance", True)
    refused = SavingReturn.objects.get(status="refused")
    assert (refused.outcome_met, refused.approval_met) == (False, True)
    assert refused.outcome_detail["self_reliance"]["lower"]  # Dylan fell back
    assert refused.approval.approved_by.user.username == "analist"
    # This year's area budget for every district a team works in, with its history.
    assert AreaBudget.objects.filter(version=1, synthetic=True).count() == len(districts)
    assert AreaBudgetChange.objects.count() == len(districts)
    limits = dict(DistrictTeam.objects.values_list("name", "frontline_limit_cents"))
    assert limits["Sociaal wijkteam Binnenstad-Oost"] == 250_00
    assert limits["Sociaal wijkteam Heechterp-Schieringen"] == 400_00


def _browser_world() -> str:
    """Hakan's loan in a fund of its own, built with factories and the services only.

    The rows data migrations load are put back by the ``_seed_rows`` fixture (conftest).
    """
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from nabij.access.models import Assignment
    from nabij.funds.tests.helpers import actor_of
    from nabij.plans.models import Breakthrough
    from nabij.tests import factories as f

    team = f.TeamFactory(name="Sociaal wijkteam Heechterp-Schieringen")
    household = f.HouseholdFactory(name=HAKAN, team=team)
    f.MembershipFactory(household=household, resident=f.ResidentFactory(first_name="Hakan"))
    district = household.neighbourhood.district
    team.districts.add(district)
    leader = f.ProfessionalFactory(user__username="teamleider", team=team, coordinator=True)
    f.AssignmentFactory(household=household, professional=leader,
                        kind=Assignment.Kind.COORDINATOR)  # fmt: skip
    admin = f.ProfessionalFactory(user__username="beheerder", administrator=True)
    services.budget_allocate(
        actor=actor_of(admin),
        district=district,
        year=timezone.localdate().year,
        cents_per_inhabitant=10_00,
    )
    today = timezone.localdate()
    breakthrough = Breakthrough.objects.create(
        household=household,
        blocked="Paspoort verlopen",
        rule="Participatiewet: geen voorschot zonder geldig identiteitsbewijs",
        decision="Voorschot van €400; 40 uur koken in buurthuis De Skalm",
        mandated_by=leader,
        decided_on=today - dt.timedelta(days=60),
        cost_cents=40_000,
        recorded_by=leader.user,
    )
    actor = actor_of(leader)
    loan = services.agreement_create(
        actor=actor,
        household=household,
        kind=Agreement.Kind.LOAN,
        amount_cents=40_000,
        purpose="Voorschot voor paspoort en leges",
        reciprocity="40 uur vrijwillig koken in buurthuis De Skalm",
        hours_agreed=Decimal(40),
        decided_on=breakthrough.decided_on,
        breakthrough=breakthrough,
    )
    for days in (30, 5):
        services.repayment_record(
            actor=actor,
            agreement=loan,
            household=household,
            amount_cents=5_000,
            paid_on=today - dt.timedelta(days=days),
            version=loan.version,
        )
    for days in (40, 20):
        services.hours_record(
            actor=actor,
            agreement=loan,
            household=household,
            hours=Decimal(8),
            done_on=today - dt.timedelta(days=days),
            note="Twee kookavonden",
            version=loan.version,
        )
    return district.code


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_fund_pages_in_the_browser(browser_page):  # noqa: F811
    code = _browser_world()
    page = browser_page
    _login(page, "teamleider", password=PASSWORD)
    page.goto(reverse("funds:fund", args=[code]))
    hakan = page.get_by_role("link", name=HAKAN)
    hakan.wait_for()
    screenshot(page, "funds_fund")
    hakan.click()
    page.wait_for_url(re.compile(r".*/wijkkas/afspraken/\d+/$"))
    assert re.search(r"16 (van|of) 40", page.get_by_test_id("hours").inner_text())
    assert "€\u00a0100,00 / €\u00a0400,00" in page.get_by_test_id("repaid").inner_text()
    screenshot(page, "funds_agreement")
    form = page.get_by_test_id("repayment-form")
    form.locator("#id_amount").fill("25")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/wijkkas/afspraken/\d+/$"))
    assert "€\u00a0125,00 / €\u00a0400,00" in page.get_by_test_id("repaid").inner_text()
    page.goto(reverse("funds:agreement_new", args=[code]))
    screenshot(page, "funds_choose")
    page.goto(reverse("funds:index"))
    page.locator(f"a[href$='/wijkkas/{code}/']").wait_for()
    screenshot(page, "funds_index")
    page.goto(reverse("funds:savings"))
    screenshot(page, "funds_savings")
    page.goto(reverse("costs:prices") + "?jaar=2024")
    page.get_by_text("Opvang tienermoeder met kind").wait_for()
    screenshot(page, "costs_prices")
