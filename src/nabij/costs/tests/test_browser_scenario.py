"""In a real browser: the demo's wijkcoach opens Karima's dossier, follows the cost panel to the
scenarios, opens "pay the debt and house her now" and sees the saving the engine computes; and
Gladys' cost page shows about €168,000 a year."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.costs import selectors
from nabij.costs.models import Scenario
from nabij.demo.services import demo_load
from nabij.demo.world import DEMO_PASSWORD
from nabij.tests.browser import browser_page, screenshot  # noqa: F401


def dutch_euros(cents: int) -> str:
    """€ 122.680,12 as the page prints it in Dutch (a no-break space after €)."""
    whole, frac = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"€\u00a0{sign}{whole:,}".replace(",", ".") + f",{frac:02d}"


def log_in(page, username: str) -> None:
    page.goto(reverse("core:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/huishoudens/$"))


@pytest.mark.browser
def test_wijkcoach_sees_the_saving_of_karimas_scenario(browser_page):  # noqa: F811
    page = browser_page
    assert demo_load(households=5)
    karima = Scenario.objects.get(household__name="Huishouden El Amrani")
    result = selectors.scenario_view(karima).result
    assert result.net_saving_cents > 0

    log_in(page, "wijkcoach")
    page.get_by_role("link", name="Huishouden El Amrani").click()
    page.wait_for_url(re.compile(r".*/huishoudens/\d+/$"))
    panel = page.locator("section[aria-labelledby=costs-heading]")
    assert "€" in panel.inner_text()
    screenshot(page, "dossier-karima")
    panel.get_by_role("link", name=re.compile("Scenario")).click()
    page.wait_for_url(re.compile(r".*/scenarios/$"))
    page.get_by_role("link", name=karima.title).click()
    page.wait_for_url(re.compile(r".*/scenarios/\d+/$"))

    headline = page.get_by_test_id("headline").inner_text()
    assert dutch_euros(result.net_saving_cents) in headline, headline
    assert re.search("bespaart|saves", headline)
    balance = page.get_by_test_id("net-balance").inner_text()
    assert dutch_euros(result.net_saving_cents) in balance
    # Who pays more: the state (rent allowance) while the municipality saves.
    waterbed = page.locator("section[aria-labelledby=waterbed-heading]").inner_text()
    assert re.search("Rijk|State", waterbed), waterbed
    # The formulas and the sources are written out, weak ones flagged.
    assert "d(t) = 1 / (1 + r)^(t \u2212 1)" in page.locator("main").inner_text()
    assert page.locator("section[aria-labelledby=sources-heading] .badge--warn").count() >= 1
    screenshot(page, "scenario-karima")


@pytest.mark.browser
def test_cost_page_and_hakans_scenario_look_right(browser_page):  # noqa: F811
    page = browser_page
    assert demo_load(households=5)
    log_in(page, "wijkcoach")
    page.get_by_role("link", name="Huishouden Martina").click()
    page.wait_for_url(re.compile(r".*/huishoudens/\d+/$"))
    page.locator("section[aria-labelledby=costs-heading]").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/kosten/$"))
    assert page.locator("svg rect").count() >= 2  # the trend over years
    assert page.locator(".cost-lines__counter").count() >= 1  # the corrected double
    screenshot(page, "costs-gladys")
    page.get_by_role("link", name=re.compile("Add a cost line|Kostenregel toevoegen")).click()
    page.wait_for_url(re.compile(r".*/kosten/regel/$"))
    page.locator("#id_estimate-quantity").fill("0,5")
    page.locator("#id_estimate-reference_price").select_option(index=1)
    page.locator("#id_estimate-provider").select_option(index=1)
    page.locator("#id_estimate-period_start").fill("2026-01-01")
    page.locator("#id_estimate-period_end").fill("2025-01-01")  # inverted: refused, kept
    page.locator("#estimate-heading ~ form button[type=submit]").click()
    assert page.locator("#id_estimate-period_end_error").is_visible()
    assert page.locator("#id_estimate-quantity").input_value() == "0,5"
    screenshot(page, "costs-line-form")

    hakan = Scenario.objects.get(household__name__startswith="Huishouden Y")
    page.goto(reverse("costs:scenario_detail", args=[hakan.household_id, hakan.pk]))
    text = page.locator("main").inner_text()
    assert hakan.breakthrough is not None and hakan.breakthrough.rule in text
    screenshot(page, "scenario-hakan")


@pytest.mark.browser
def test_scenario_page_fits_a_phone_and_shows_the_difference_in_its_card(browser_page):  # noqa: F811
    """The key result is never off to the side: at 1366 px every "Difference" cell lies inside
    its card; at 390 px the page does not scroll sideways and each row shows its difference."""
    page = browser_page
    assert demo_load(households=5)
    karima = Scenario.objects.get(household__name="Huishouden El Amrani")
    log_in(page, "wijkcoach")
    url = reverse("costs:scenario_detail", args=[karima.household_id, karima.pk])

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    outside = page.evaluate(
        """() => [...document.querySelectorAll("section.card table")].flatMap(table => {
            const card = table.closest("section.card").getBoundingClientRect();
            return [...table.querySelectorAll("th, td")]
              .filter(cell => cell.getBoundingClientRect().right > card.right + 0.5)
              .map(cell => cell.textContent.trim());
        })"""
    )
    assert outside == []
    who = page.get_by_test_id("who-pays")
    differences = who.locator("td.difference")
    assert differences.count() >= 4
    assert differences.first.is_visible()
    assert re.search("bespaart|saves", who.inner_text())
    screenshot(page, "scenario-karima-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"
    box = differences.first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport
    assert "Verschil" in differences.first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    screenshot(page, "scenario-karima-390")
