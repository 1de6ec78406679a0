"""The issue's walk, in Chromium: Karima logs in through the DigiD demo, adds a goal, puts her
priorities in her own order, signs the plan, and sees her coach's read of the dossier in her
own access log. axe-core finds no WCAG 2.1 AA violation on any page she passes, at 320 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from nabij.access.gate import Actor
from nabij.plans import services
from nabij.plans.models import Goal, Plan
from nabij.tests.browser import (  # noqa: F401 - browser_page: the fixture `page` uses it
    assert_accessible,
    browser_page,
    resident_log_in,
    screenshot,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("browser_page")


def test_karima_adds_a_goal_reorders_signs_and_sees_her_coachs_read(page, live_server, world):
    h = world.household
    karima = Actor(user=world.resident_user, professional=None, resident=world.resident)
    services.goal_add(actor=karima, household=h, expected_version=1, text="Een eigen huis")
    # Her coach opens the dossier (a real page read, logged by the gate).
    coach = Client()
    coach.force_login(world.assigned.user)
    assert coach.get(f"/huishoudens/{h.pk}/").status_code == 200
    coach_name = world.assigned.user.get_full_name() or world.assigned.user.username

    page.set_viewport_size({"width": 320, "height": 800})
    resident_log_in(page, live_server.url, world.resident.bsn)
    assert_accessible(page, "home 320")

    page.goto(f"{live_server.url}/mijn/plan/")
    assert_accessible(page, "plan 320")
    page.locator("#id_goal-text").fill("Weer naar school")
    page.get_by_role("button", name="Mijn doel toevoegen").click()
    page.wait_for_url(re.compile(r"/mijn/plan/#goals$"))
    school = Goal.objects.get(plan__household=h, text="Weer naar school")
    assert school.author == Goal.Author.HOUSEHOLD

    page.get_by_role("button", name="Hoger (doel 2)").click()
    page.wait_for_url(re.compile(rf"/mijn/plan/#goal-{school.pk}$"))
    order = list(
        Goal.objects.filter(plan__household=h).order_by("position").values_list("text", flat=True)
    )
    assert order == ["Weer naar school", "Een eigen huis"]

    page.get_by_role("button", name="Ik onderteken het plan").click()
    page.wait_for_url(re.compile(r"/mijn/plan/#sign$"))
    plan = Plan.objects.get(household=h)
    assert plan.is_signed_off and plan.signed_off_resident == world.resident
    assert_accessible(page, "plan signed 320")
    screenshot(page, "karima-plan-signed-320")

    page.goto(f"{live_server.url}/mijn/inzage/")
    assert_accessible(page, "access log 320")
    log = page.locator("main").inner_text()
    assert coach_name in log, log[:600]
    screenshot(page, "karima-inzage-320")
