"""In a real browser: the demo's wijkcoach opens the signals to link, sees who lives at the
address of one, says who it is about, and the signal leaves the list (1366 and 390 px)."""

from __future__ import annotations

import re

import pytest

from nabij.costs.tests.test_browser_scenario import log_in
from nabij.demo.services import demo_load
from nabij.signals.models import Signal
from nabij.tests.browser import axe_violations, browser_page, screenshot  # noqa: F401


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_wijkcoach_decides_an_uncertain_signal(browser_page, width):  # noqa: F811
    page = browser_page
    assert demo_load(households=5)
    waiting = Signal.objects.filter(link="uncertain").count()
    assert waiting >= 2
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "wijkcoach")
    page.goto("/signalen/koppelen/")
    rows = page.locator("main tbody tr")
    assert rows.count() == waiting
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    screenshot(page, f"signals-linking-list-{width}")

    rows.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/signalen/koppelen/\d+/$"))
    assert "Over wie gaat dit signaal?" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    screenshot(page, f"signals-linking-decide-{width}")
    choose = page.get_by_role("button", name=re.compile(r"^Dit is "))
    assert choose.count() >= 1
    choose.first.click()
    page.wait_for_url(re.compile(r".*/signalen/koppelen/$"))
    assert "Opgeslagen" in page.content()
    assert page.locator("main tbody tr").count() == waiting - 1
    assert Signal.objects.filter(link="confirmed", case__isnull=False).count() == 1
