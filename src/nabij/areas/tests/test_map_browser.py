"""In a real browser: a district or neighbourhood on a map is reached with the keyboard, shows
its name when focused or hovered, and (on a map with links) Enter opens its page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.demo.services import demo_load
from nabij.demo.world import DEMO_PASSWORD
from nabij.tests.browser import axe_violations, browser_page, log_in, screenshot  # noqa: F401


def tab_into_map(page, skip_link) -> str:
    """Focus the map's skip link, Tab once: the first area has the focus. Its name."""
    skip_link.focus()
    page.keyboard.press("Tab")
    return page.evaluate(
        """() => { const area = document.activeElement;
            return area.getAttribute("aria-label") || area.querySelector("title").textContent; }"""
    )


@pytest.mark.browser
def test_a_map_area_shows_its_name_on_focus_and_hover(browser_page):  # noqa: F811
    page = browser_page
    assert demo_load(households=5)
    log_in(page, "analist", DEMO_PASSWORD)
    page.goto(reverse("areas:overview"))
    figure = page.locator("figure.area-map").first
    tooltip = figure.locator(".map-tooltip")
    assert not tooltip.is_visible()

    name = tab_into_map(page, figure.locator(".map-skip"))
    focused = page.evaluate("document.activeElement.dataset.code")
    assert focused and re.match(r"BU\d+", focused)
    assert tooltip.is_visible()
    assert tooltip.inner_text() == name and "(" in name  # "De Waag (Binnenstad): …"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus ring
    screenshot(page, "map-focus")
    page.keyboard.press("Tab")  # the next area, the next name
    assert tooltip.inner_text() != name
    page.keyboard.press("Escape")
    assert not tooltip.is_visible()

    other = figure.locator("path.map-area").nth(20)
    other.hover()
    assert tooltip.is_visible()
    assert tooltip.inner_text() == other.locator("title").text_content()
    assert axe_violations(page) == []


@pytest.mark.browser
def test_enter_on_a_linked_map_area_opens_its_page(browser_page):  # noqa: F811
    page = browser_page
    assert demo_load(households=5)
    log_in(page, "analist", DEMO_PASSWORD)
    page.goto(reverse("outcomes:map"))
    figure = page.locator("figure.area-map").first
    if figure.locator("svg a[data-map-area]").count() == 0:
        pytest.fail("the indicator map links its areas to their profiles")
    name = tab_into_map(page, figure.locator(".map-skip"))
    assert figure.locator(".map-tooltip").inner_text() == name
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    assert axe_violations(page) == []
