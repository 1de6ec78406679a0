"""The public page of an initiative and its funding ledger in a browser: axe finds nothing,
the picture and its table are there, and a contact books and corrects a line. Screenshots at
1366 and 390 px when NABIJ_SCREENSHOT_DIR is set."""

from __future__ import annotations

import pytest
from django.utils import timezone

from nabij.initiatives.models import FundingEntry
from nabij.initiatives.tests.helpers import add_hours, add_money, initiative_world, pro, resident
from nabij.tests.browser import assert_accessible, browser_page, resident_log_in, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _funded(world):
    item = initiative_world(world)
    last = timezone.localdate().year - 1
    for year, fees, hours in ((last, 18_000, "200"), (None, 24_000, "120")):
        add_money(resident(world), item, fees, "member_fees", year=year)
        add_money(resident(world), item, 35_000, "funds", year=year)
        add_money(pro(world.coordinator), item, 50_000, "subsidy", year=year)
        add_hours(resident(world), item, hours, year=year)
    return item


def test_public_page_and_funding_ledger(browser_page, live_server, world):  # noqa: F811
    page = browser_page
    item = _funded(world)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/initiatieven/{item.pk}/")
        assert page.locator("svg.funding-chart rect").count() == 8
        assert page.get_by_role("table").first.is_visible()
        assert "Karima El Amrani" in page.locator("main").inner_text()
        assert_accessible(page, f"public page at {width}")
        screenshot(page, f"initiative-detail-{width}")
        page.goto("/initiatieven/")
        assert_accessible(page, f"register at {width}")
        screenshot(page, f"initiatives-index-{width}")

    resident_log_in(page, live_server.url, world.resident.bsn)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/initiatieven/{item.pk}/financiering/")
        assert_accessible(page, f"funding at {width}")
        screenshot(page, f"initiative-funding-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#id_source").select_option("donations")
    page.locator("#id_amount").fill("75,50")
    page.locator("#id_description").fill("Gift van de buurtsuper")
    page.get_by_role("button", name="Regel toevoegen").click()
    page.wait_for_url(f"**/initiatieven/{item.pk}/financiering/#ledger")
    line = FundingEntry.objects.get(amount_cents=7_550)
    row = page.locator("tr", has_text="Gift van de buurtsuper")
    row.locator("summary").click()
    row.locator("input[name=reason]").fill("Dubbel ingevoerd")
    row.get_by_role("button").click()
    page.wait_for_url(f"**/initiatieven/{item.pk}/financiering/#ledger")
    assert FundingEntry.objects.filter(reverses=line, amount_cents=-7_550).exists()
    assert_accessible(page, "funding after a correction")
    page.goto(f"/initiatieven/{item.pk}/beheren/")
    assert_accessible(page, "manage")
    screenshot(page, "initiative-manage-1366")
    page.goto("/mijn/initiatieven/")
    assert_accessible(page, "mine")
