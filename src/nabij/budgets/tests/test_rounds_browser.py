"""The public round page (anonymous) and the team's check of a proposal, in Chromium: axe-core
finds nothing (WCAG 2.1 AA), the map's markers take the keyboard focus and show their names,
and every page fits a 390 px phone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.budgets.models import BudgetProposal, Phase
from nabij.budgets.tests.rounds_world import (
    private_media,  # noqa: F401 - autouse
    proposal,
    rounds_world,
)
from nabij.tests.browser import assert_accessible, browser_page, log_in, screenshot  # noqa: F401

PASSWORD = "correct-horse-battery"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.80, 53.20], [5.82, 53.20], [5.82, 53.21], [5.80, 53.21], [5.80, 53.20]]],
}


def fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(50)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


@pytest.mark.browser
def test_public_round_and_the_teams_check(browser_page, world):  # noqa: F811
    page = browser_page
    rw = rounds_world(world, phase=Phase.CHECKING)
    hood = world.household.neighbourhood
    type(hood).objects.filter(pk=hood.pk).update(boundary=SQUARE)
    proposal(
        rw.round,
        1,
        status="feasible",
        cost_cents=1_250_000,
        check_reason="Kan.",
        neighbourhood=hood,
        latitude="53.205",
        longitude="5.81",
        title="Bankjes bij de speeltuin",
        author=world.resident,
        author_name_public=True,
    )
    proposal(
        rw.round,
        2,
        status="rejected",
        check_reason="Te duur.",
        neighbourhood=hood,
        title="Een zwembad",
    )
    waiting = proposal(rw.round, 3, neighbourhood=hood, title="Moestuin achter het buurthuis")

    page.goto(reverse("budgets:round", args=[rw.round.pk]))
    assert_accessible(page, "the public round")
    marker = page.locator("a.round-marker").first
    marker.focus()
    assert marker.locator(".round-marker__label").is_visible()
    for width in (1366, 390):
        fits(page, width)
        screenshot(page, f"budgets-round-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#voorstel-1 h3 a").click()
    page.wait_for_url(re.compile(r".*/voorstellen/\d+/$"))
    assert_accessible(page, "a proposal")
    assert "Karima El Amrani" in page.content()

    log_in(page, "colleague", PASSWORD)
    page.goto(reverse("budgets:round_manage", args=[rw.district.code, rw.round.pk]))
    assert_accessible(page, "the team's round page")
    for width in (1366, 390):
        fits(page, width)
        screenshot(page, f"budgets-round-manage-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(reverse("budgets:proposal_check", args=[rw.district.code, rw.round.pk, waiting.pk]))
    page.locator("#round-form button[type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    assert_accessible(page, "the check with errors")
    page.locator("input[name=feasible][value=yes]").check()
    page.locator("#id_cost").fill("4.000")
    page.locator("#id_reason").fill("Kan, op grond van de gemeente.")
    assert_accessible(page, "the check form")
    for width in (1366, 390):
        fits(page, width)
        screenshot(page, f"budgets-check-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#round-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/buurtbudget/\d+/#voorstel-3$"))
    waiting = BudgetProposal.objects.get(pk=waiting.pk)
    assert (waiting.status, waiting.cost_cents) == ("feasible", 400_000)
    page.goto(reverse("budgets:manage", args=[rw.district.code]))
    assert_accessible(page, "the team's overview")
    for width in (1366, 390):
        fits(page, width)
        screenshot(page, f"budgets-manage-{width}")
