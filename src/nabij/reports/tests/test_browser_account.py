"""A district team writes its account in the browser, the story check stops a planted name,
the household's consent is recorded, a coordinator publishes, and the PDF is an A4 document
with the stories, the sources and page numbers. Pages pass axe-core and fit at 390 px."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from nabij.reports.models import AreaAccount, Story
from nabij.reports.tests.helpers import CHANGES, INTRO, LESSONS, districts
from nabij.tests import factories as f
from nabij.tests.browser import assert_accessible, browser_page, screenshot  # noqa: F401
from nabij.tests.browser import log_in as browser_log_in

PASSWORD = "correct-horse-battery"
YEAR = 2025


def log_in(page, username: str) -> None:
    """A fresh session; a coordinator sets up and types a second factor, as the login asks."""
    page.context.clear_cookies()
    browser_log_in(page, username, PASSWORD)


def keep_pdf(body: bytes) -> None:
    """With $NABIJ_SCREENSHOT_DIR set: the PDF there, and its first page as a PNG when poppler's
    pdftoppm is installed (for a person to look at; the test itself reads the PDF with pypdf)."""
    folder = os.environ.get("NABIJ_SCREENSHOT_DIR")
    if not folder:
        return
    path = Path(folder) / "account.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "2",
                str(path),
                str(path.with_suffix("")),
            ],
            check=True,
        )


def fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at {width}px"


@pytest.mark.browser
def test_a_team_writes_and_a_coordinator_publishes_the_account_as_a_pdf(browser_page, world):  # noqa: F811
    page = browser_page
    district, _ = districts(world)
    f.IndicatorValueFactory(
        indicator=f.IndicatorFactory(code="Bijstand", name="Personen in de bijstand", unit="%"),
        area_code=district.code,
        period=2024,
        value="4.3",
    )
    log_in(page, "assigned")
    page.goto(reverse("reports:district", args=[district.code]))
    page.locator("#id_year").select_option(str(YEAR))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/verantwoording/{YEAR}/$"))

    page.locator("#id_intro").fill(INTRO)
    page.locator("#id_lessons").fill(LESSONS)
    page.locator("#id_changes").fill(CHANGES)
    page.get_by_role("button", name=re.compile("Teksten opslaan|Save texts")).click()
    page.wait_for_load_state()

    # A household story with a planted name: the check marks it in its sentence.
    page.locator("#id_kind").select_option("household")
    page.locator("#id_title").fill("Eerst de schulden")
    page.locator("#id_text").fill(
        "Een moeder met twee kinderen had schulden. Karima El Amrani vond samen met ons een plan."
    )
    page.get_by_role("button", name=re.compile("Verhaal toevoegen|Add story")).click()
    page.wait_for_load_state()
    marked = page.locator("mark.finding--name").first
    assert marked.inner_text() == "Karima El Amrani"
    assert_accessible(page, "account with a finding")
    screenshot(page, "account-finding-1366")
    fits(page, 390)
    screenshot(page, "account-finding-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    story = Story.objects.get()
    page.goto(reverse("reports:story_edit", args=[district.code, YEAR, story.pk]))
    page.locator("#id_text").fill(
        "Een moeder met twee kinderen had schulden. Samen maakten we een plan."
    )
    page.get_by_role("button", name=re.compile("Verhaal opslaan|Save story")).click()
    page.wait_for_load_state()
    assert page.locator("mark.finding").count() == 0

    # The household's consent: chosen from the households she works on, through the gate.
    page.get_by_role("link", name=re.compile("toestemming vastleggen|record consent", re.I)).click()
    page.locator("#id_household").select_option(str(world.household.pk))
    page.get_by_role("button", name=re.compile("Volgende|Next")).click()
    page.locator("#id_resident").select_option(str(world.resident.pk))
    page.locator("#id_given_on").fill("2026-01-15")
    page.locator("input[name=form][value=written]").check()
    assert_accessible(page, "consent form")
    screenshot(page, "account-consent-1366")
    page.get_by_role("button", name=re.compile("Toestemming vastleggen|Record consent")).click()
    page.wait_for_url(re.compile(rf".*/verantwoording/{YEAR}/#story-\d+$"))
    page.get_by_role(
        "button", name=re.compile("^(Ter beoordeling sturen|Send for review)$")
    ).click()
    page.wait_for_load_state()
    assert AreaAccount.objects.get().status == AreaAccount.Status.IN_REVIEW

    # The coordinator, who wrote nothing, publishes it.
    log_in(page, "coordinator")
    page.goto(reverse("reports:account", args=[district.code, YEAR]))
    assert_accessible(page, "account in review")
    page.get_by_role(
        "button", name=re.compile("Goedkeuren en publiceren|Approve and publish")
    ).click()
    page.wait_for_load_state()
    assert AreaAccount.objects.get().status == AreaAccount.Status.PUBLISHED

    # Anyone reads it; the PDF is A4 with the stories, the source and page numbers.
    page.context.clear_cookies()
    page.goto(reverse("reports:public", args=[district.code, YEAR]))
    main = page.locator("main").inner_text()
    assert "Eerst de schulden" in main and "Karima" not in main
    assert_accessible(page, "published account")
    screenshot(page, "account-public-1366")
    fits(page, 390)
    screenshot(page, "account-public-390")
    response = page.request.get(reverse("reports:pdf", args=[district.code, YEAR]))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    keep_pdf(response.body())
    reader = PdfReader(io.BytesIO(response.body()))
    assert len(reader.pages) >= 2
    assert [round(float(v)) for v in reader.pages[0].mediabox.upper_right] == [595, 842]
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Eerst de schulden" in text
    assert "Bron: CBS 2024" in text
    assert f"pagina 1 van {len(reader.pages)}" in text
    assert "Karima" not in text
