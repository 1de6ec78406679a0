"""In a real browser: an analyst opens a district's profile and the indicator map; both pass
axe-core (WCAG 2.1 AA) and fit a phone's width without scrolling sideways."""

from __future__ import annotations

import re

import pytest

from nabij.areas.models import District, Neighbourhood
from nabij.areas.services import leeuwarden_load
from nabij.outcomes.tests.conftest import improve, indicator, values
from nabij.tests import factories as f
from nabij.tests.browser import assert_accessible, browser_page, log_in, screenshot  # noqa: F401

PASSWORD = "correct-horse-battery"


def _figures() -> None:
    leeuwarden_load()
    districts = list(District.objects.values_list("code", flat=True))
    hoods = list(Neighbourhood.objects.values_list("code", flat=True))
    participation = indicator(
        "Nettoarbeidsparticipatie", name="Nettoarbeidsparticipatie", unit="%", decimals=1
    )
    bijstand = indicator("PersonenPerSoortUitkeringBijstand", name="Personen met bijstand")
    inhabitants = indicator("AantalInwoners", name="Aantal inwoners")
    urbanity = indicator("MateVanStedelijkheid", name="Mate van stedelijkheid", unit="code")
    for year in range(2019, 2025):
        quality = "synthetic" if year == 2024 else "final"
        everywhere = {code: 60 + n % 9 + (year - 2019) / 2 for n, code in enumerate(districts)}
        values(
            participation,
            everywhere | {"GM0080": 64.5, "NL00": 68.2},
            period=year,
            quality=quality,
        )
        values(inhabitants, {code: 4000 + 100 * n for n, code in enumerate(districts)}, period=year)
        values(
            bijstand,
            {code: 20 + n for n, code in enumerate(hoods)} | {"GM0080": 6000},
            period=year,
            quality=quality,
        )
    values(urbanity, {code: 1 + n % 3 for n, code in enumerate(districts)})
    team = f.TeamFactory()
    waag = Neighbourhood.objects.get(code="BU00801001")
    for _ in range(10):
        improve(f.HouseholdFactory(address__neighbourhood=waag, team=team))


def _fits(page, width: int, label: str) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{label} is {scroll} px wide at {width}"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_an_analyst_opens_a_district_profile_and_the_map(browser_page, world, width):  # noqa: F811
    _figures()
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "analyst", PASSWORD)

    page.goto("/gebieden/")
    page.get_by_role("link", name="Binnenstad", exact=True).click()
    page.wait_for_url(re.compile(r".*/gebieden/WK008010/$"))
    assert page.locator("h1").inner_text().startswith("Binnenstad")
    main = page.locator("main").inner_text()
    assert "Hebben ze werk?" in main and "Is de buurt veilig?" in main
    assert "synthetisch" in main
    assert "Bron: CBS 2024" in main
    assert page.locator("svg.trend").count() >= 2
    page.locator("#i-Nettoarbeidsparticipatie details.trend-table summary").click()
    assert "2019" in page.locator("#i-Nettoarbeidsparticipatie table").inner_text()
    assert_accessible(page, f"profile at {width}")
    _fits(page, width, "the profile")
    screenshot(page, f"outcomes-profile-{width}")

    page.get_by_role("link", name="Kaart per indicator").first.click()
    page.wait_for_url(re.compile(r".*/gebieden/kaart/.*"))
    page.locator("#map-indicator").select_option("PersonenPerSoortUitkeringBijstand")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state()
    areas = page.locator("svg.area-map__svg path.map-area")
    assert areas.count() == 134
    assert "De Waag (Binnenstad)" in (areas.first.locator("title").text_content() or "")
    assert page.locator("table.map-table tbody tr").count() == 134 + 2  # the world's two
    assert "synthetisch" in page.locator("main").inner_text()
    assert_accessible(page, f"map at {width}")
    _fits(page, width, "the map")
    screenshot(page, f"outcomes-map-{width}")
