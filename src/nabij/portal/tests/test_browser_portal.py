"""Mijn Nabij in Chromium: the login page, the DigiD demo walked as Karima, her home page, log
out everywhere. axe-core finds no WCAG 2.1 AA violation on any of these pages, at 320, 390 and
1366 px, and no page is wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from digid_eherkenning.models.digid import MockDigidUser
from django.utils import timezone

from nabij.tests.browser import (  # noqa: F401 - browser_page: the fixture `page` uses it
    assert_accessible,
    axe_violations,
    browser_page,
    resident_log_in,
    screenshot,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Any:
    """Chromium on the live server (``nabij.tests.browser.browser_page``)."""
    return request.getfixturevalue("browser_page")


def fits(page, label: str) -> None:
    """Nothing sticks out sideways: no horizontal scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{label} is {width} px wide"


def check(page, label: str) -> None:
    page.wait_for_load_state()
    assert_accessible(page, label)
    fits(page, label)
    screenshot(page, f"portal-{label}")


@pytest.mark.parametrize("width", [320, 390, 1366])
def test_karima_walks_in_through_the_digid_demo_and_out_everywhere(page, live_server, world, width):
    page.set_viewport_size({"width": width, "height": 800})
    MockDigidUser.objects.create(name="Karima El Amrani", bsn=world.resident.bsn)
    MockDigidUser.objects.create(name="Gerrit de Vries", bsn=world.other_resident.bsn)

    page.goto("/mijn/")
    page.wait_for_url(re.compile(r".*/mijn/inloggen/\?next=/mijn/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen bij Mijn Nabij"
    check(page, f"login-{width}")

    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.wait_for_url(re.compile(r".*/digid/idp/inloggen/"))
    assert "Dit is niet de echte DigiD." in page.locator("main").inner_text()
    check(page, f"digid-demo-{width}")

    page.get_by_role("link", name="Kies een demo-inwoner").click()
    page.wait_for_url(re.compile(r".*/digid/idp/inloggen_bsn/"))
    check(page, f"digid-demo-list-{width}")
    page.get_by_role("button", name="Inloggen").click()  # nobody chosen yet
    assert page.get_by_role("alert").inner_text() == "Kies een demo-inwoner."
    check(page, f"digid-demo-error-{width}")
    page.get_by_role("radio", name=re.compile("Karima El Amrani")).check()
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(re.compile(r".*/mijn/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Hallo Karima"
    check(page, f"home-{width}")

    page.get_by_role("button", name="Uitloggen op alle apparaten").click()
    page.wait_for_url(re.compile(r".*/mijn/inloggen/$"))
    assert "U bent uitgelogd op alle apparaten." in page.locator("main").inner_text()
    check(page, f"logged-out-{width}")
    page.goto("/mijn/")
    page.wait_for_url(re.compile(r".*/mijn/inloggen/"))


def test_a_child_is_told_plainly_why_not(page, live_server, world):
    page.set_viewport_size({"width": 320, "height": 800})
    today = timezone.localdate()
    world.child.date_of_birth = today.replace(year=today.year - 15)
    world.child.save()
    with pytest.raises(AssertionError, match="refused"):
        resident_log_in(page, live_server.url, world.child.bsn)
    refusal = "Met deze DigiD kunt u niet inloggen bij Mijn Nabij."
    assert refusal in page.locator("main").inner_text()
    check(page, "refused-320")


def test_resident_log_in_types_a_bsn_when_there_is_no_list(page, live_server, world):
    resident_log_in(page, live_server.url, world.resident.bsn)
    assert page.get_by_role("heading", level=1).inner_text() == "Hallo Karima"


def test_the_accessibility_check_can_fail(page, live_server):
    """axe really runs in the page: an image without a text alternative is found."""
    page.goto("/mijn/inloggen/")
    assert axe_violations(page) == []
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img src=\"/static/nabij/favicon.svg\">')"
    )
    found = {v["id"] for v in axe_violations(page)}
    assert "image-alt" in found
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
