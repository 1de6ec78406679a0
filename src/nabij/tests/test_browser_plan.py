"""The path a district-team professional clicks: open a household, add a goal with a network
action and a professional action side by side; and a colleague from another team refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.plans.models import Action, Goal
from nabij.tests import factories as f
from nabij.tests.browser import screenshot

PASSWORD = "correct-horse-battery"


def log_in(page, username: str) -> None:
    page.goto(reverse("core:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/huishoudens/$"))


@pytest.mark.browser
def test_goal_with_network_and_professional_action(browser_page, world):
    page = browser_page
    f.NetworkMemberFactory(
        household=world.household, name="Tante Fatima", relation="family", can_do="Oppassen op Noor"
    )
    from nabij.plans.services import threat_record

    threat_record(
        household=world.household, kind="eviction", deadline=dt.date.today() + dt.timedelta(days=21)
    )
    log_in(page, "assigned")
    page.get_by_role("link", name="Huishouden El Amrani").click()
    page.wait_for_url(re.compile(r".*/huishoudens/\d+/$"))
    assert re.search("familiegroepsplan|family group plan", page.locator("main").inner_text(), re.I)
    page.get_by_role("link", name=re.compile("Plan bewerken|Edit plan")).first.click()

    page.locator("#id_goal-text").fill("Een eigen huis voor mij en Noor")
    page.locator("#add-goal-heading ~ form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plan/$"))
    goal = Goal.objects.get()
    prefix = f"#id_action-{goal.pk}-"

    page.locator(f"#goal-{goal.pk} > details > summary").click()
    page.locator(prefix + "description").fill("Past op Noor tijdens bezichtigingen")
    page.locator(prefix + "actor_kind").select_option("network")
    page.locator(prefix + "network_member").select_option(label="Tante Fatima")
    page.locator(f"#goal-{goal.pk} > details form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plan/$"))

    page.locator(f"#goal-{goal.pk} > details > summary").click()
    page.locator(prefix + "description").fill("Urgentieaanvraag indienen")
    page.locator(prefix + "actor_kind").select_option("professional")
    page.locator(prefix + "professional").select_option(index=1)
    page.locator(f"#goal-{goal.pk} > details form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plan/$"))

    actions = page.locator(f"#goal-{goal.pk} ul.actions > li")
    assert actions.count() == 2
    text = actions.all_inner_texts()
    assert "Past op Noor tijdens bezichtigingen" in text[0] and "Tante Fatima" in text[0]
    assert "Urgentieaanvraag indienen" in text[1]
    assert list(Action.objects.order_by("position").values_list("actor_kind", flat=True)) == [
        "network",
        "professional",
    ]
    screenshot(page, "plan-editor")

    page.goto(reverse("people:household_detail", args=[world.household.pk]))
    screenshot(page, "dossier")
    page.goto(reverse("people:access_log", args=[world.resident.pk]))
    rows = page.locator("tbody tr")
    assert rows.count() >= 5
    screenshot(page, "access-log")


@pytest.mark.browser
def test_a_professional_of_another_team_is_refused(browser_page, world):
    page = browser_page
    log_in(page, "otherpro")
    assert "Huishouden El Amrani" not in page.locator("main").inner_text()
    response = page.goto(reverse("people:household_detail", args=[world.household.pk]))
    # the same answer as for a household that does not exist
    assert response is not None and response.status == 404
    assert "Karima" not in page.content()
    assert page.locator("h1").inner_text() in ("Pagina niet gevonden", "Page not found")
    screenshot(page, "refused")
    assert AccessLogEntry.objects.filter(
        username="otherpro", outcome="refused", resident_id=world.resident.pk
    ).exists()
