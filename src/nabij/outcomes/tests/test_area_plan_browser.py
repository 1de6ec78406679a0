"""A team coordinator adds a goal to the district's area plan and agrees it, in Chromium; every
page passes axe-core (WCAG 2.1 AA) and fits a 390 px phone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.outcomes.models import AreaPlan
from nabij.outcomes.tests.plans_helpers import YEAR, area_world, value
from nabij.tests.browser import assert_accessible, browser_page, log_in, screenshot  # noqa: F401

PASSWORD = "correct-horse-battery"


def fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(50)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


@pytest.mark.browser
def test_a_coordinator_adds_a_goal_and_agrees_the_plan(browser_page, world):  # noqa: F811
    page = browser_page
    aw = area_world(world)
    code = aw.district.code
    value(aw.early_leavers, code, YEAR - 3, "4.2")
    value(aw.early_leavers, code, YEAR - 2, "3.9", quality="synthetic")
    log_in(page, "coordinator", PASSWORD)

    plan_url = reverse("outcomes:area_plan", args=[code, YEAR])
    page.goto(plan_url)
    assert_accessible(page, "the draft plan")
    page.get_by_role("link", name="Doel toevoegen").first.click()
    page.wait_for_url(re.compile(r".*/doelen/nieuw/$"))

    # Sent empty: the error summary at the top, linked to the fields, and axe still passes.
    page.locator("#plan-form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement"), "the summary has the focus"
    assert_accessible(page, "the goal form with errors")
    page.locator("[data-error-summary] a[href='#id_text']").click()
    assert page.evaluate("document.activeElement.id") == "id_text"

    page.locator("#id_text").fill("Meer jongeren maken school af met een diploma")
    page.locator("#id_indicator").select_option(label="Voortijdig schoolverlaters (%)")
    # choosing the indicator set its question and filled the district's newest figure
    assert page.locator("#id_question").input_value() == "school"
    assert page.locator("#id_baseline_value").input_value() == "3,9"
    assert page.locator("#id_baseline_period").input_value() == str(YEAR - 2)
    assert "synthetisch" in page.locator("#id_baseline_period_help").inner_text()
    page.locator("#id_target_value").fill("3")
    assert_accessible(page, "the goal form")
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plannen/\d{4}/#doel-\d+$"))
    goal = aw.plan.goals.get()
    assert page.url.endswith(f"#doel-{goal.pk}"), "back at the goal that was added"
    card = page.locator(f"#doel-{goal.pk}")
    assert "Meer jongeren maken school af" in card.inner_text()
    assert "synthetisch" in card.inner_text()

    page.get_by_role("link", name="Plan vaststellen").click()
    page.wait_for_url(re.compile(r".*/vaststellen/$"))
    assert "Meer jongeren maken school af" in page.locator("main").inner_text()
    page.locator("#id_agreed_with").fill("Bewonersavond 12 maart, woningcorporatie, school")
    assert_accessible(page, "the agree form")
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plannen/\d{4}/$"))
    assert "Vastgesteld op" in page.locator(".plan-state").inner_text()
    plan = AreaPlan.objects.get(pk=aw.plan.pk)
    assert plan.is_agreed and plan.agreed_by == world.coordinator.user
    assert_accessible(page, "the agreed plan")
    screenshot(page, "area-plan-1280")

    for url in (
        plan_url,
        reverse("outcomes:area_plans", args=[code]),
        reverse("outcomes:area_goal_add", args=[code, YEAR]),
        reverse("outcomes:area_action_add", args=[code, YEAR]),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        fits(page, 390)
        assert_accessible(page, f"{url} at 390 px")
    page.goto(plan_url)
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "area-plan-390")
