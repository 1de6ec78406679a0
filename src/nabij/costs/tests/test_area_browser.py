"""In a real browser: a policy analyst opens the area cost page of a generated Leeuwarden."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.access.models import Organisation
from nabij.areas.models import Address, Neighbourhood
from nabij.areas.services import leeuwarden_load
from nabij.costs import analytics, synthetic
from nabij.costs.models import FundingStream
from nabij.people.models import Household
from nabij.tests import factories as f
from nabij.tests.browser import browser_page, screenshot  # noqa: F401

YEAR = 2025
PASSWORD = "analyst-password-2026"


def generated_city(households: int) -> list[int]:
    """Households over Leeuwarden's neighbourhoods by inhabitants, on invented streets."""
    leeuwarden_load()
    team = f.TeamFactory()
    areas = list(Neighbourhood.objects.order_by("code"))
    weights = [max(n.inhabitants_estimate or 0, 100) for n in areas]
    total = sum(weights)
    ids: list[int] = []
    for index, (neighbourhood, weight) in enumerate(zip(areas, weights, strict=True)):
        count = max(1, households * weight // total)
        addresses = Address.objects.bulk_create(
            Address(
                neighbourhood=neighbourhood,
                postcode=f"{1000 + index:04d} A{chr(65 + k % 3)}",
                street=f"{neighbourhood.name}straat {k % 3 + 1}",
                house_number=k + 1,
                city="Leeuwarden",
            )
            for k in range(count)
        )
        ids += [
            h.pk
            for h in Household.objects.bulk_create(
                Household(name="H", address=a, neighbourhood=neighbourhood, team=team)
                for a in addresses
            )
        ]
    return ids


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_analyst_sees_map_curve_and_matrix(browser_page):  # noqa: F811
    analytics.forget_snapshots()
    ids = generated_city(6_000)
    providers = {s: Organisation.objects.create(name=f"Aanbieder {s}").pk for s in FundingStream}
    assert synthetic.write_lines(ids, year=YEAR, providers=providers) > 10_000
    analyst = f.ProfessionalFactory(user__username="beleid", analyst=True)
    analyst.user.set_password(PASSWORD)
    analyst.user.save()

    page = browser_page
    page.goto(reverse("core:login"))
    page.locator("#id_username").fill("beleid")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(reverse("costs:area") + f"?jaar={YEAR}")
    assert re.search(str(YEAR), page.locator("h1").inner_text())

    areas = page.locator("svg.area-map__svg path.map-area")
    assert areas.count() == Neighbourhood.objects.count()
    coloured = page.locator("svg.area-map__svg path.map-area:not(.is-suppressed)").count()
    hatched = page.locator("svg.area-map__svg path.map-area.is-suppressed").count()
    assert coloured > 50 and hatched > 0
    fill = areas.first.evaluate("el => getComputedStyle(el).fill")
    assert fill and fill != "none"

    figures = page.locator(".cost-figures").inner_text()
    assert re.search(r"1% van de huishoudens|1% of households", figures), figures
    assert page.locator("polyline.cost-curve__line").get_attribute("points")
    matrix = page.locator("table.cost-matrix").inner_text()
    assert "€" in matrix
    shot = screenshot(page, "costs-area")

    # The year picker goes to another year, which has nothing yet.
    page.locator("#jaar").select_option(str(YEAR))
    page.locator("form.cost-year-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("svg.area-map__svg").count() == 1
    if shot is not None:
        page.set_viewport_size({"width": 420, "height": 900})
        screenshot(page, "costs-area-narrow")
