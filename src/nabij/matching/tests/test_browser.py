"""What the social broker clicks: register the wheelchair user and the handyman on their
behalf, find matches, and see their swap proposed with the reasons; then record both answers
and see the contact details appear."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.jobs.models import Job
from nabij.jobs.tests.worker import in_process_worker
from nabij.matching.models import Participant, Proposal, Skill
from nabij.tests.browser import axe_violations, browser_page, screenshot  # noqa: F401

PASSWORD = "correct-horse-battery"


def log_in(page, username: str) -> None:
    page.goto(reverse("core:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/buurthulp/$"))


def register(page, town, first: str, last: str, phone: str, offers: list[str], needs: list[str]):
    page.get_by_role("link", name=re.compile("Iemand aanmelden")).first.click()
    page.wait_for_url(re.compile(r".*/deelnemers/nieuw/$"))
    page.locator("#id_first_name").fill(first)
    page.locator("#id_last_name").fill(last)
    page.locator("#id_neighbourhood").select_option(label="Schieringen (Heechterp & Schieringen)")
    page.locator("#id_phone").fill(phone)
    for code in offers:
        page.locator(f"#id_offer_{Skill.objects.get(code=code).pk}").check()
    for code in needs:
        pk = Skill.objects.get(code=code).pk
        page.locator(f"#id_need_{pk}").check()
        page.locator(f"#id_need_urgency_{pk}").select_option("3")
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/deelnemers/\d+/$"))


@pytest.mark.browser
def test_the_broker_matches_the_wheelchair_user_and_the_handyman(browser_page, world, town):  # noqa: F811
    page = browser_page
    log_in(page, "broker")
    register(page, town, "Willem", "Hiemstra", "06 2223 3344", ["administratie"], ["tuin"])
    screenshot(page, "matching-profile")
    page.goto(reverse("matching:overview"))
    register(page, town, "Jesse", "Postma", "06 5556 6677", ["klussen", "tuin"], ["administratie"])
    assert Participant.objects.count() == 2

    page.goto(reverse("matching:overview"))
    screenshot(page, "matching-overview")
    page.get_by_role("link", name=re.compile("Koppelingen zoeken")).first.click()
    page.wait_for_url(re.compile(r".*/koppelen/$"))
    page.locator("main form button[type=submit]").click()
    # the run is a background job: its page shows a progress bar while no worker has it yet
    page.wait_for_url(re.compile(r".*/taken/\d+/$"))
    page.set_viewport_size({"width": 1366, "height": 800})
    assert page.locator("main progress").is_visible()
    assert "Wacht" in page.locator("#job").inner_text()
    assert not axe_violations(page)
    screenshot(page, "job-waiting")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "job-waiting-390")
    page.set_viewport_size({"width": 1366, "height": 800})
    with in_process_worker():
        # the page's script polls the status and reloads when the job is done
        result = page.get_by_role("link", name="Bekijk het resultaat")
        result.wait_for(timeout=60_000)
    assert Job.objects.get().state == Job.State.DONE
    assert not page.locator("main progress").count()
    assert "stelt 1 ruil voor" in page.locator("main").inner_text()
    assert not axe_violations(page)
    screenshot(page, "job-done")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "job-done-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    result.click()
    page.wait_for_url(re.compile(r".*/rondes/\d+/$"))
    screenshot(page, "matching-run")

    proposal = Proposal.objects.get()
    card = page.locator(".card", has=page.get_by_role("link", name=re.compile("Ruil")))
    text = card.inner_text()
    assert "Willem Hiemstra" in text and "Jesse Postma" in text
    assert "Tuin" in text and "Administratie en geldzaken" in text
    assert "zelfde buurt" in text and "helpen elkaar" in text

    card.get_by_role("link", name=re.compile("Ruil")).click()
    page.wait_for_url(re.compile(rf".*/voorstellen/{proposal.pk}/$"))
    assert "06 2223 3344" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Willem stemt in").click()
    page.wait_for_url(re.compile(rf".*/voorstellen/{proposal.pk}/$"))
    page.get_by_role("button", name="Jesse stemt in").click()
    page.wait_for_url(re.compile(rf".*/voorstellen/{proposal.pk}/$"))
    main = page.locator("main").inner_text()
    assert "06 2223 3344" in main and "06 5556 6677" in main
    screenshot(page, "matching-proposal")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.AGREED
