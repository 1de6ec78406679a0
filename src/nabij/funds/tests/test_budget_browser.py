"""Issue 11 in a real browser: the area budgets (an analyst), the savings page with both
conditions (the team coordinator), the projections to approve (the analyst) and the
frontline room (a professional); axe-core finds nothing, and screenshots at 1366 and 390 px."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.conftest import PASSWORD
from nabij.costs.models import FundingStream
from nabij.funds import services, services_budget
from nabij.funds.models import BUDGET_STREAMS
from nabij.funds.tests.helpers import actor_of, approve, assess, fund_world
from nabij.funds.tests.test_area_budget import costs, households_in
from nabij.funds.tests.test_saving_return import karima_scenario, realised_year
from nabij.tests.browser import assert_accessible, browser_page, log_in, screenshot  # noqa: F401

WIDTHS = (1366, 390)


def _world(world) -> str:
    fund_a, _b = fund_world(world)
    district = fund_a.district
    year = timezone.localdate().year
    services_budget.area_budget_set(
        actor=actor_of(world.administrator),
        district=district,
        year=year,
        lines={s: 1_000_000_00 + i * 250_000_00 for i, s in enumerate(BUDGET_STREAMS)},
        expected_version=0,
        reason="Begroting",
    )
    many = households_in(district, 14)
    costs(many, FundingStream.WMO, 3_400_00, year=year)
    costs(many[:12], FundingStream.YOUTH, 8_900_00, year=year)
    costs(many[:2], FundingStream.DEBT, 1_500_00, year=year)  # a small cell, hidden
    last = year - 1
    held = karima_scenario(world, price_year=last)
    realised_year(world, last)
    assess(world, world.resident, dt.date(last, 1, 1), 2)
    assess(world, world.resident, dt.date(last, 11, 1), {"financien": 1})
    approve(world, held)
    services.saving_return_record(
        actor=actor_of(world.coordinator),
        household=world.household,
        scenario_id=held.pk,
        year=last,
    )
    karima_scenario(world, price_year=last)  # a second one, waiting for approval
    return district.code


def _look(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # Nothing sticks out sideways: tables scroll in their own box, amounts do not wrap.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} at {width}px is {overflow}px too wide"
        screenshot(page, f"{name}_{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert_accessible(page, name)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_budget_savings_projections_and_frontline_in_the_browser(browser_page, world):  # noqa: F811
    code = _world(world)
    page = browser_page

    log_in(page, "analyst", PASSWORD)
    page.goto(reverse("funds:area_budgets"))
    page.get_by_role("link", name=re.compile(r"Wijk \d+")).first.wait_for()
    _look(page, "budget_overview")
    page.goto(reverse("funds:area_budget", args=[code]))
    main = page.locator("main").inner_text()
    assert "< 10 huishoudens" in main and "€\u00a047.600,00" in main  # 14 x €3.400 shown
    _look(page, "budget_district")
    page.goto(reverse("funds:projections"))
    page.get_by_role("button", name=re.compile("goedkeuren")).first.wait_for()
    assert "El Amrani" not in page.locator("main").inner_text()
    _look(page, "projections")

    page.context.clear_cookies()
    log_in(page, "coordinator", PASSWORD)
    page.goto(reverse("funds:savings"))
    main = page.locator("main").inner_text()
    assert "Resultaat niet gehouden" in main and "Financiën" in main
    assert "Prognose goedgekeurd" in main
    _look(page, "savings")

    page.context.clear_cookies()
    log_in(page, "assigned", PASSWORD)
    page.goto(reverse("funds:fund", args=[code]))
    assert "Vrije ruimte" in page.locator("main").inner_text()
    page.goto(reverse("funds:agreement_new", args=[code]) + f"?household={world.household.pk}")
    assert "€\u00a0400,00" in page.locator("main").inner_text()
    _look(page, "frontline_form")
