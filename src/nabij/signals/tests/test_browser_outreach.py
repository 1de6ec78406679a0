"""A professional of the team works a signal case in the browser: the list, the case, an
attempt at the door, help accepted with the household's goal; an analyst sees only the
figures on the area profile. Screenshots at 1366 and 390 pixels wide."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from nabij.signals.models import Case
from nabij.signals.tests.helpers import a_case, close
from nabij.tests import factories as f
from nabij.tests.browser import assert_accessible, browser_page, screenshot  # noqa: F401

PASSWORD = "correct-horse-battery"


def log_in(page, username: str) -> None:
    page.goto(reverse("core:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
            " > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' '"
            " + Math.round(e.getBoundingClientRect().right))"
        )
        print("WIDE", wide)
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.browser
@override_settings(SMALL_CELL_THRESHOLD=2)
def test_a_professional_works_a_case_and_the_analyst_sees_figures(browser_page, world):  # noqa: F811
    page = browser_page
    today = timezone.localdate()
    team = world.household.team
    case = a_case(
        world.household, today=today - dt.timedelta(days=3), creditors=("Woonstad", "Vitens")
    )
    for i, days in enumerate((40, 30, 20)):
        other = f.HouseholdFactory(
            name=f"Huishouden {i}", team=team, neighbourhood=world.household.neighbourhood
        )
        opened = today - dt.timedelta(days=days)
        close(
            a_case(other, today=opened, arrears_cents=80_000 + i),
            "not_needed",
            closed_on=opened + dt.timedelta(days=3),
            first_contact_on=opened + dt.timedelta(days=2),
            by=world.assigned.user,
        )
    late = f.HouseholdFactory(name="Huishouden Laat", team=team)
    a_case(late, today=today - dt.timedelta(days=30))

    log_in(page, "assigned")
    page.get_by_role("link", name="Vroegsignalering").first.click()
    page.wait_for_url(re.compile(r".*/vroegsignalering/$"))
    text = page.locator("main").inner_text()
    assert "Huishouden El Amrani" in text and "te laat" in text
    assert_accessible(page, "outreach list")
    screenshot(page, "outreach-list-1366")
    page.set_viewport_size({"width": 390, "height": 800})
    no_sideways_scroll(page)
    screenshot(page, "outreach-list-390")
    page.set_viewport_size({"width": 1366, "height": 800})

    page.get_by_role("link", name="Huishouden El Amrani").click()
    page.wait_for_url(re.compile(r".*/vroegsignalering/\d+/$"))
    page.locator("#id_channel_1").check()  # at the door
    page.locator("#id_reached").check()
    page.locator("#id_note").fill("Karima thuis getroffen.")
    page.get_by_role("button", name="Poging opslaan").click()
    page.wait_for_url(re.compile(r".*/vroegsignalering/\d+/$"))
    page.locator("#id_close-outcome_1").check()  # help accepted
    page.locator("#id_close-goal_text").fill("Wij willen weer rust over de huur")
    screenshot(page, "outreach-case-1366")
    page.get_by_role("button", name="Zaak afsluiten").click()
    page.wait_for_url(re.compile(r".*/vroegsignalering/\d+/$"))
    assert "Wij willen weer rust over de huur" in page.locator("main").inner_text()
    assert_accessible(page, "closed case")
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.outcome == "accepted"
    assert case.goal is not None and case.goal.text == "Wij willen weer rust over de huur"
    page.set_viewport_size({"width": 390, "height": 800})
    no_sideways_scroll(page)
    screenshot(page, "outreach-case-closed-390")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 800})
    log_in(page, "analyst")
    page.goto(reverse("outcomes:profile", args=[world.household.neighbourhood.district.code]))
    block = page.get_by_test_id("area-signals")
    assert "Dagen tot eerste contact" in block.inner_text()
    assert "El Amrani" not in page.locator("main").inner_text()
    screenshot(page, "area-profile-1366")
    folder = os.environ.get("NABIJ_SCREENSHOT_DIR")
    if folder:
        block.screenshot(path=f"{folder}/area-profile-block-1366.png")
    page.set_viewport_size({"width": 390, "height": 800})
    no_sideways_scroll(page)
    screenshot(page, "area-profile-390")
    if folder:
        block.screenshot(path=f"{folder}/area-profile-block-390.png")
