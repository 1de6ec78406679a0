"""The rights pages in Chromium at 320, 390 and 1366 px: nothing wider than the screen, touch
targets of 44 px, and the print style hides the navigation. Screenshots with
``NABIJ_SCREENSHOT_DIR``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.history import entry_at, insert_dated
from nabij.portal.models import CorrectionRequest, one_month_after
from nabij.tests.browser import browser_page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "inzage": "/mijn/inzage/",
    "rechten": "/mijn/rechten/",
    "correctie": "/mijn/rechten/correctie/",
    "export": "/mijn/export/",
}


def _history(world) -> None:
    """Reads by two professionals on a few days, one refused, and an answered correction."""
    now = timezone.now()
    rows = []
    for days, pro, event, outcome in (
        (0, world.assigned, Event.DOSSIER_VIEW, Outcome.GRANTED),
        (0, world.assigned, Event.DOSSIER_VIEW, Outcome.GRANTED),
        (1, world.coordinator, Event.COSTS_READ, Outcome.GRANTED),
        (2, world.colleague, Event.DOSSIER_VIEW, Outcome.REFUSED),
        (5, world.assigned, Event.RESIDENT_BSN_VIEW, Outcome.GRANTED),
    ):
        rows.append(
            entry_at(
                now - dt.timedelta(days=days, minutes=days * 7),
                gate.Actor(user=pro.user, professional=pro),
                event=event,
                outcome=outcome,
                purpose=Purpose.CARE,
                resident_id=world.resident.pk,
                household_id=world.household.pk,
            )
        )
    insert_dated(rows)
    received = now - dt.timedelta(days=3)
    CorrectionRequest.objects.create(
        resident=world.resident,
        household=world.household,
        what_is_wrong="Mijn achternaam is verkeerd gespeld in het plan: El Amrani met een spatie.",
        should_be="El Amrani",
        received_at=received,
        due_on=one_month_after(timezone.localdate(received)),
    )


@pytest.mark.parametrize("width", [320, 390, 1366])
def test_the_rights_pages_fit_the_screen(world, browser_page, live_server, width):  # noqa: F811
    _history(world)
    client = Client()
    client.force_login(world.resident_user)
    browser_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    browser_page.set_viewport_size({"width": width, "height": 800})
    for name, url in PAGES.items():
        response = browser_page.goto(url)
        assert response is not None and response.status == 200, url
        wide = browser_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert wide <= 0, f"{url} is {wide}px wider than the screen at {width}px"
        small = browser_page.evaluate(
            """[...document.querySelectorAll('main a.button, main button')]
                 .filter(e => e.offsetParent && e.getBoundingClientRect().height < 44)
                 .map(e => e.textContent.trim())"""
        )
        assert small == [], f"{url}: touch targets under 44px at {width}px: {small}"
        screenshot(browser_page, f"rights-{name}-{width}")
    browser_page.goto(PAGES["inzage"])
    assert "Geweigerd" in browser_page.content()
    browser_page.emulate_media(media="print")
    browser_page.goto(PAGES["export"])
    assert not browser_page.locator(".portal-nav").is_visible()
