"""Every page of Mijn Nabij a resident can open, in Chromium at 320 and 1366 px: axe-core finds
no WCAG 2.1 AA violation, and nothing is wider than the screen. Karima's demo-like household:
a plan with a goal, a proposal and a comment, a network entry, a message, a correction request.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from nabij.access.gate import Actor
from nabij.plans import services as plans
from nabij.portal.views import NAV
from nabij.tests.browser import (  # noqa: F401 - browser_page: the fixture `page` uses it
    assert_accessible,
    browser_page,
    resident_log_in,
    screenshot,
)

pytestmark = pytest.mark.browser

# Pages without an object in their path that a resident opens (GET), besides the navigation.
MORE_PAGES = ("portal:correction_new", "portal:export")


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("browser_page")


def _karimas_plan(world: Any) -> None:
    h = world.household
    karima = Actor(user=world.resident_user, professional=None, resident=world.resident)
    coach = Actor(user=world.assigned.user, professional=world.assigned)
    goal = plans.goal_add(actor=karima, household=h, expected_version=1, text="Een eigen huis")
    action = plans.action_add(
        actor=coach,
        household=h,
        expected_version=2,
        goal_id=goal.pk,
        description="Urgentie aanvragen",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    plans.action_comment_add(actor=coach, household=h, action_id=action.pk, text="Verstuurd.")
    plans.wording_propose(
        actor=coach, household=h, expected_version=3, goal_id=goal.pk, text="Een woning"
    )


@pytest.mark.parametrize("width", [320, 1366])
def test_every_resident_page_passes_axe_and_fits(page, live_server, world, width):
    _karimas_plan(world)
    page.set_viewport_size({"width": width, "height": 900})
    resident_log_in(page, live_server.url, world.resident.bsn)
    names = [name for name, _label in NAV] + list(MORE_PAGES)
    for name in names:
        page.goto(f"{live_server.url}{reverse(name)}")
        page.wait_for_load_state()
        assert page.url.rstrip("/").endswith(reverse(name).rstrip("/")), (name, page.url)
        assert_accessible(page, f"{name} at {width}")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} is {scroll} px wide at {width}"
        screenshot(page, f"axe-{name.split(':')[1]}-{width}")
