"""Karima in Chromium: she logs in with the DigiD mock, opens Ons plan, adds a goal, puts it
first, says yes to proposed words and signs; on a 320 px phone nothing is wider than the
screen. Screenshots at 320, 390 and 1366 px when NABIJ_SCREENSHOT_DIR is set."""

from __future__ import annotations

import re

import pytest

from nabij.access.gate import Actor
from nabij.plans import services
from nabij.plans.models import Goal, Plan
from nabij.tests.browser import browser_page, screenshot  # noqa: F401

WIDTHS = (320, 390, 1366)


def digid_log_in(page, bsn: str, next_url: str) -> None:
    """The DigiD mock's steps with the browser's own cookies: the start and the mock IdP are
    fetched (their markup carries inline styles the CSP refuses, a matter of the library's
    mock only), the return to Nabij (the ACS) is followed in the page."""
    page.goto(f"/mijn/inloggen/?next={next_url}")
    digid = page.get_by_role("link", name=re.compile("DigiD")).get_attribute("href")
    start = page.request.get(digid, max_redirects=0)
    assert start.status == 302 and "/digid/idp/" in start.headers["location"]
    assert page.request.get(start.headers["location"]).ok
    page.goto(f"/digid/acs/?bsn={bsn}&next={next_url}")
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def wider_than_the_screen(page) -> list[str]:
    """Elements whose right edge lies past the viewport (a sideways scroll on a phone)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [];
          for (const el of document.querySelectorAll('main *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1) wide.push(el.tagName + '.' + el.className);
          }
          if (document.documentElement.scrollWidth > width) wide.push('document');
          return wide;
        }"""
    )


@pytest.mark.browser
def test_karima_adds_a_goal_puts_it_first_answers_a_proposal_and_signs(browser_page, world):  # noqa: F811
    page = browser_page
    h = world.household
    coordinator = Actor(user=world.assigned.user, professional=world.assigned)
    karima = Actor(user=world.resident_user, professional=None, resident=world.resident)
    home = services.goal_add(actor=karima, household=h, expected_version=1, text="Een eigen huis")
    action = services.action_add(
        actor=coordinator,
        household=h,
        expected_version=2,
        goal_id=home.pk,
        description="Urgentie aanvragen bij de woningcorporatie, met de brief van de opvang",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    services.action_comment_add(
        actor=coordinator, household=h, action_id=action.pk, text="Aanvraag is verstuurd."
    )
    services.wording_propose(
        actor=coordinator,
        household=h,
        expected_version=3,
        goal_id=home.pk,
        text="Binnen drie maanden een eigen huis voor mij en Noor",
    )

    page.set_viewport_size({"width": 320, "height": 800})
    digid_log_in(page, world.resident.bsn, "/mijn/plan/")
    assert page.locator("h1").inner_text() == "Ons plan"
    assert not wider_than_the_screen(page)
    screenshot(page, "ons-plan-320")

    page.locator("#id_goal-text").fill("Mijn opleiding afmaken")
    page.get_by_role("button", name="Mijn doel toevoegen").click()
    page.wait_for_url(re.compile(r"/mijn/plan/#goals$"))
    new = Goal.objects.get(text="Mijn opleiding afmaken")
    assert new.author == "household"

    page.get_by_role("button", name="Hoger (doel 2)").click()
    page.wait_for_url(re.compile(rf"/mijn/plan/#goal-{new.pk}$"))
    first = Goal.objects.order_by("position").first()
    assert first is not None and first.pk == new.pk

    page.get_by_role("button", name="Ja, gebruik deze woorden").click()
    page.wait_for_url(re.compile(rf"/mijn/plan/#goal-{home.pk}$"))
    home.refresh_from_db()
    assert home.text == "Binnen drie maanden een eigen huis voor mij en Noor"

    page.get_by_role("button", name="Ik onderteken het plan").click()
    page.wait_for_url(re.compile(r"/mijn/plan/#sign$"))
    plan = Plan.objects.get(household=h)
    assert plan.is_signed_off and plan.signed_off_resident == world.resident
    assert "Karima El Amrani heeft dit plan ondertekend" in page.locator("main").inner_text()

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/mijn/plan/")
        assert not wider_than_the_screen(page), width
        screenshot(page, f"ons-plan-{width}-signed")
