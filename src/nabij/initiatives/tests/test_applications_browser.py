"""In Chromium: the contact person applies (DigiD), the district's coordinator decides, and the
initiative's public page shows the decision; a challenge's public page. Every page passes
axe-core (WCAG 2.1 AA) and fits a 390 px phone; screenshots at 1366 and 390 px."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.initiatives.models import Application
from nabij.initiatives.services_applications import challenge_step
from nabij.initiatives.tests.helpers_applications import actor_of, challenge, initiative_world
from nabij.tests.browser import (  # noqa: F401 - browser_page: the fixture
    assert_accessible,
    browser_page,
    log_in,
    resident_log_in,
    screenshot,
)

PASSWORD = "correct-horse-battery"


def fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(50)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "w => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect()"
        ".right > w).slice(0, 5).map(e => e.tagName + '.' + e.className)",
        width,
    )
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px: {wide}"


def shots(page, name: str) -> None:
    for width in (1366, 390):
        fits(page, width)
        screenshot(page, f"applications-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.mark.browser
def test_the_contact_applies_the_coordinator_decides_the_public_sees_it(
    browser_page,  # noqa: F811
    live_server,
    world,
):
    page = browser_page
    s = initiative_world(world, name_public=True)
    initiative = s.initiative

    page.goto(reverse("portal:login"), timeout=60_000)  # the live server's first, slow load
    resident_log_in(page, live_server.url, world.resident.bsn)
    page.goto(reverse("initiatives:apply", args=[initiative.pk]))
    assert_accessible(page, "the application form")
    page.locator("main form button[type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    assert_accessible(page, "the application form with errors")
    page.locator("label[for=id_kind_0]").click()
    page.locator("#id_amount").fill("450")
    page.locator("#id_purpose").fill("Pannen en borden voor de kookavond.")
    shots(page, "apply")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/aanvragen/\d+/$"))
    application = Application.objects.get()
    assert application.amount_cents == 45_000
    assert_accessible(page, "the application, as its contact person sees it")
    shots(page, "application-contact")

    page.context.clear_cookies()
    log_in(page, "coordinator", PASSWORD)
    page.goto(reverse("initiatives:decide", args=[initiative.pk, application.pk]))
    assert_accessible(page, "the decision form")
    page.locator("label[for=id_grant_1]").click()  # a part
    page.locator("#id_granted").fill("300")
    page.locator("#id_reason").fill("Voor de pannen; borden leent het buurthuis uit.")
    shots(page, "decide")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/aanvragen/\d+/$"))
    application.refresh_from_db()
    assert (application.status, application.granted_cents) == ("granted", 30_000)

    page.context.clear_cookies()
    page.goto(reverse("initiatives:detail", args=[initiative.pk]))
    main = page.locator("main").inner_text()
    assert "borden leent het buurthuis uit" in main
    assert "300,00" in main
    assert_accessible(page, "the initiative's public page")
    shots(page, "public-detail")


@pytest.mark.browser
def test_a_challenge_in_talks_is_public(browser_page, live_server, world):  # noqa: F811
    page = browser_page
    s = initiative_world(world)
    c = challenge(s)
    c = challenge_step(
        actor=actor_of(world.coordinator),
        challenge=c,
        expected_version=1,
        to="in_review",
        note="De wijkbeheerder kijkt mee.",
    )
    challenge_step(
        actor=actor_of(world.coordinator),
        challenge=c,
        expected_version=2,
        to="in_talks",
        note="Eerste gesprek gehad.",
    )
    page.goto(reverse("initiatives:challenges"), timeout=60_000)  # the first, slow load
    assert_accessible(page, "the list of challenges")
    shots(page, "challenges")
    page.goto(reverse("initiatives:challenge", args=[c.pk]))
    assert "Eerste gesprek gehad." in page.locator("main").inner_text()
    assert "El Amrani" not in page.content()  # no consent to her name
    assert_accessible(page, "a challenge's public page")
    shots(page, "challenge")
    log_in(page, "coordinator", PASSWORD)
    page.goto(reverse("initiatives:challenge_step", args=[c.pk]))
    assert_accessible(page, "the step form")
    shots(page, "challenge-step")
