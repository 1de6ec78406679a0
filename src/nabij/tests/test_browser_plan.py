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
from nabij.tests.browser import assert_accessible, axe_violations, screenshot

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
    page.wait_for_url(re.compile(r".*/plan/#doel-\d+$"))
    goal = Goal.objects.get()
    prefix = f"#id_action-{goal.pk}-"

    page.locator(f"#doel-{goal.pk} > details > summary").click()
    page.locator(prefix + "description").fill("Past op Noor tijdens bezichtigingen")
    page.locator(prefix + "actor_kind").select_option("network")
    page.locator(prefix + "network_member").select_option(label="Tante Fatima")
    page.locator(f"#doel-{goal.pk} > details form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plan/#doel-\d+$"))

    page.locator(f"#doel-{goal.pk} > details > summary").click()
    page.locator(prefix + "description").fill("Urgentieaanvraag indienen")
    page.locator(prefix + "actor_kind").select_option("professional")
    page.locator(prefix + "professional").select_option(index=1)
    page.locator(f"#doel-{goal.pk} > details form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plan/#doel-\d+$"))

    actions = page.locator(f"#doel-{goal.pk} ul.actions > li")
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


# What axe only asks a person to review ("incomplete"), not fails: an aria-describedby to an id
# that is not there, and a section labelled by itself (its name cannot be computed). Both were
# found on these pages once; here they fail the test.
_AXE_REVIEW = """async () => {
  const result = await axe.run(document, {resultTypes: ["incomplete"]});
  const found = result.incomplete
    .filter((r) => r.id !== "color-contrast")
    .map((r) => r.id + ": " + r.nodes.map((n) => n.html.slice(0, 120)).join(" | "));
  for (const el of document.querySelectorAll("[aria-labelledby], [aria-describedby]")) {
    for (const attr of ["aria-labelledby", "aria-describedby"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) found.push(attr + " to a missing #" + id);
        if (id === el.id) found.push(attr + " to itself: #" + id);
      }
    }
  }
  return found;
}"""


def assert_no_aria_to_review(page, label: str) -> None:
    assert_accessible(page, label)
    axe_violations(page)  # loads axe into the page
    found = page.evaluate(_AXE_REVIEW)
    assert not found, f"{label}: " + "\n".join(found)


def _goal(world, text: str = "Een eigen huis") -> Goal:
    from nabij.access.gate import Actor
    from nabij.plans import services

    actor = Actor(user=world.assigned.user, professional=world.assigned)
    plan = world.household.plan
    plan.refresh_from_db()
    return services.goal_add(
        actor=actor, household=world.household, expected_version=plan.version, text=text
    )


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.browser
def test_error_summary_takes_the_focus_and_leads_to_the_field(browser_page, world):
    """An empty goal: the summary at the top of the goal form has the focus, its link moves the
    focus to the field, the title says "Fout:", axe finds nothing; a save returns to the goal."""
    page = browser_page
    log_in(page, "assigned")
    page.goto(reverse("plans:plan_edit", args=[world.household.pk]))
    assert_no_aria_to_review(page, "the plan editor")  # the plan-kind section: by its heading

    page.locator("#add-goal-heading ~ form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement"), "the summary has the focus"
    assert page.title().startswith("Fout: ")
    assert "Er is" in summary.inner_text()
    assert_no_aria_to_review(page, "the plan editor with an error")
    screenshot(page, "plan-goal-error")
    summary.locator("a[href='#id_goal-text']").click()
    assert _focused_id(page) == "id_goal-text"

    page.locator("#id_goal-text").fill("Rust in huis")
    page.locator("#add-goal-heading ~ form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plan/#doel-\d+$"))
    goal = Goal.objects.get(text="Rust in huis")
    assert _focused_id(page) == f"doel-{goal.pk}", "back at the goal just saved, with the focus"
    assert not page.title().startswith("Fout")


@pytest.mark.browser
def test_action_form_shows_only_the_fields_of_who_does_it(browser_page, world):
    page = browser_page
    f.NetworkMemberFactory(household=world.household, name="Tante Fatima", relation="family")
    goal = _goal(world)
    log_in(page, "assigned")
    page.goto(reverse("plans:plan_edit", args=[world.household.pk]))
    page.locator(f"#doel-{goal.pk} > details > summary").click()
    prefix = f"#id_action-{goal.pk}-"
    kind = page.locator(prefix + "actor_kind")

    def shown() -> set[str]:
        return {
            name
            for name in ("network_member", "professional", "actor_name")
            if page.locator(prefix + name).is_visible()
        }

    assert kind.input_value() == "household"
    assert shown() == set()
    assert not page.locator(prefix + "actor_kind_help").is_visible(), "the hint is for no-JS"
    kind.select_option("network")
    assert shown() == {"network_member"}
    kind.select_option("volunteer")
    assert shown() == {"actor_name"}
    kind.select_option("professional")
    assert shown() == {"professional", "actor_name"}
    assert_accessible(page, "the action form")
    screenshot(page, "plan-action-form")

    # A network action without the member: the server refuses it, the field shows its error.
    page.locator(prefix + "description").fill("Oppassen")
    kind.select_option("network")
    page.locator(f"#doel-{goal.pk} > details form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement")
    summary.locator(f"a[href='{prefix}network_member']").click()
    assert _focused_id(page) == prefix[1:] + "network_member"
    assert shown() == {"network_member"}
    assert_no_aria_to_review(page, "the action form with an error")

    # Without JavaScript every field shows, with the hint; the server still decides.
    context = page.context.browser.new_context(
        base_url=page.url.split("/huishoudens")[0], locale="nl-NL", java_script_enabled=False
    )
    plain = context.new_page()
    log_in(plain, "assigned")
    plain.goto(reverse("plans:plan_edit", args=[world.household.pk]))
    plain.locator(f"#doel-{goal.pk} > details > summary").click()
    for name in ("network_member", "professional", "actor_name", "actor_kind_help"):
        assert plain.locator(prefix + name).is_visible(), name
    context.close()


@pytest.mark.browser
def test_caseload_filters_and_sort(browser_page, world):
    import datetime as dt

    from django.utils import timezone

    from nabij.plans import services

    page = browser_page
    today = timezone.localdate()
    for name, review in (("Huishouden Bakker", 12), ("Huishouden Cohen", -2)):
        h = f.HouseholdFactory(name=name, team=world.household.team)
        f.MembershipFactory(household=h)
        f.AssignmentFactory(household=h, professional=world.assigned, kind="coordinator")
        from nabij.access.gate import Actor

        services.goal_add(
            actor=Actor(user=world.assigned.user, professional=world.assigned),
            household=h,
            expected_version=1,
            text="Werk",
            review_on=today + dt.timedelta(days=review),
        )
    log_in(page, "assigned")
    rows = page.locator("main tbody tr th[scope=row] > a")
    assert rows.all_inner_texts() == [
        "Huishouden Bakker",
        "Huishouden Cohen",
        "Huishouden El Amrani",
    ]
    assert_no_aria_to_review(page, "the caseload")

    page.locator("#id_review").select_option("overdue")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url(re.compile(r".*review=overdue.*"))
    assert rows.all_inner_texts() == ["Huishouden Cohen"]
    assert "te laat" in page.locator("main tbody").inner_text()

    page.get_by_role("link", name="Filters wissen").first.click()
    page.get_by_role("link", name="Volgende evaluatie").click()
    page.wait_for_url(re.compile(r".*sort=review.*"))
    assert rows.all_inner_texts()[:2] == ["Huishouden Cohen", "Huishouden Bakker"]
    header = page.locator("th[aria-sort=ascending]")
    assert "Volgende evaluatie" in header.inner_text()
    screenshot(page, "caseload-sorted")

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "no sideways"
    assert_accessible(page, "the caseload on a phone")
    screenshot(page, "caseload-phone")


@pytest.mark.browser
def test_new_assessment_form_passes_axe(browser_page, world):
    """The note's help and a field's error are where aria-describedby points (axe once found
    an id that was not there)."""
    page = browser_page
    log_in(page, "assigned")
    url = reverse("assessment:assessment_create", args=[world.resident.pk])
    page.goto(url)
    assert_no_aria_to_review(page, "the new-assessment form")  # the note's help is there
    page.locator("#id_assessed_on").fill("")
    page.locator("main form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement")
    assert page.title().startswith("Fout: ")
    assert_no_aria_to_review(page, "the new-assessment form with an error")
