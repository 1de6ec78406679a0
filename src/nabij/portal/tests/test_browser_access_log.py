"""The access-log pages in Chromium (issue 13): the resident's "Wie keek in ons dossier" and the
professionals' log of a resident, with list showings among the reads, axe-clean and no wider
than the screen at 390 and 1366 px; the API docs page with a language and a way back.
Screenshots with ``NABIJ_SCREENSHOT_DIR``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.history import entry_at, insert_dated
from nabij.tests.browser import axe_violations, browser_page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _history(world) -> None:
    now = timezone.now()
    rows = []
    for days, minutes, pro, event in (
        (0, 0, world.assigned, Event.DOSSIER_VIEW),
        (0, 5, world.assigned, Event.PLAN_VIEW),
        *((0, 10 + n, world.assigned, Event.CASELOAD_LIST) for n in range(14)),
        (1, 0, world.coordinator, Event.COSTS_READ),
        *((1, 5 + n, world.coordinator, Event.CASELOAD_LIST) for n in range(3)),
    ):
        rows.append(
            entry_at(
                now - dt.timedelta(days=days, minutes=minutes),
                gate.Actor(user=pro.user, professional=pro),
                event=event,
                outcome=Outcome.GRANTED,
                purpose=Purpose.CARE,
                resident_id=world.resident.pk,
                household_id=world.household.pk,
            )
        )
    insert_dated(rows)


def _sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _fits(page, url: str, width: int) -> None:
    wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"{url} is {wide}px wider than the screen at {width}px"
    assert axe_violations(page) == [], url


@pytest.mark.parametrize("width", [390, 1366])
def test_the_residents_log_reads_first_and_lists_apart(world, browser_page, live_server, width):  # noqa: F811
    _history(world)
    _sign_in(browser_page, live_server, world.resident_user)
    browser_page.set_viewport_size({"width": width, "height": 800})
    browser_page.goto("/mijn/inzage/")
    _fits(browser_page, "/mijn/inzage/", width)
    lists = browser_page.locator(".log-lists li")
    assert lists.count() == 2
    assert "14 keer in de werklijst van" in lists.first.inner_text()
    assert browser_page.locator(".log-person").count() >= 2
    screenshot(browser_page, f"access-log-resident-{width}")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_professionals_log_is_in_words(world, browser_page, live_server, width):  # noqa: F811
    _history(world)
    _sign_in(browser_page, live_server, world.assigned.user)
    browser_page.set_viewport_size({"width": width, "height": 800})
    url = reverse("people:access_log", args=[world.resident.pk])
    browser_page.goto(url)
    _fits(browser_page, url, width)
    body = browser_page.locator("main").inner_text()
    assert "caseload.list" not in body
    assert "14 keer" in body
    screenshot(browser_page, f"access-log-staff-{width}")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_api_docs_have_a_language_and_a_way_back(browser_page, width):  # noqa: F811
    browser_page.set_viewport_size({"width": width, "height": 800})
    browser_page.goto("/api/v1/docs")
    assert browser_page.evaluate("document.documentElement.lang") == "nl"
    back = browser_page.get_by_role("link", name="← Terug naar Nabij")
    assert back.is_visible()
    assert browser_page.locator("#swagger-ui").count() == 1
    screenshot(browser_page, f"api-docs-{width}")
    back.click()
    browser_page.wait_for_load_state()
    assert "/inloggen/" in browser_page.url
