"""The plan editor after an error and after a save: an error summary at the top of the form
that failed, linked to its fields; "Error:" in the title; back at the goal just saved."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nabij.access.gate import Actor
from nabij.plans import services
from nabij.plans.models import Action, Goal, Plan


def _summary(html: str) -> str:
    match = re.search(r'<div class="form-errors error-summary".*?</div>', html, re.S)
    assert match, "an error summary"
    return match.group(0)


def _title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return match.group(1).strip()


@pytest.mark.django_db
def test_after_adding_a_goal_the_editor_opens_at_it(world, login):
    response = login(world.assigned).post(
        reverse("plans:goal_add", args=[world.household.pk]),
        {"goal-version": 1, "goal-text": "Schulden eerst", "goal-author": "professional"},
    )
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/plan/#doel-{goal.pk}")
    page = login(world.assigned).get(reverse("plans:plan_edit", args=[world.household.pk]))
    assert f'id="doel-{goal.pk}" tabindex="-1" data-focus-on-arrival' in page.content.decode()


@pytest.mark.django_db
def test_an_empty_goal_comes_back_with_a_summary_linked_to_its_field(world, login):
    response = login(world.assigned).post(
        reverse("plans:goal_add", args=[world.household.pk]),
        {"goal-version": 1, "goal-text": "", "goal-author": "professional"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert 'href="#id_goal-text"' in summary
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert re.match(r"(Fout|Error): ", _title(html))
    # the field's own message sits next to it, and the field points at it
    assert 'id="id_goal-text_error"' in html
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_goal-text_error', html)
    # the summary is in the goal form, not in the other forms of the page
    form = html[html.index('id="add-goal-heading"') :]
    assert form.index("data-error-summary") < form.index("</form>")


@pytest.mark.django_db
def test_a_page_without_errors_has_no_error_title(world, login):
    html = login(world.assigned).get(reverse("plans:plan_edit", args=[world.household.pk]))
    assert not re.match(r"(Fout|Error): ", _title(html.content.decode()))
    assert "data-error-summary" not in html.content.decode()


@pytest.mark.django_db
def test_a_conflict_keeps_the_input_and_a_second_save_goes_through(world, login):
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    services.goal_add(actor=actor, household=world.household, expected_version=1, text="Eerst")
    client = login(world.assigned)
    url = reverse("plans:goal_add", args=[world.household.pk])
    sent = {"goal-version": 1, "goal-text": "Mijn eigen doel", "goal-author": "professional"}
    clash = client.post(url, sent)
    assert clash.status_code == 409
    html = clash.content.decode()
    assert "Mijn eigen doel" in html
    assert 'href="#id_goal-text"' in _summary(html), "the conflict is in the form's summary"
    assert re.search(r'name="goal-version" value="2"', html), "the version brought up to date"
    again = client.post(url, sent | {"goal-version": 2})
    assert again.status_code == 302
    assert Goal.objects.filter(text="Mijn eigen doel").exists()


@pytest.mark.django_db
def test_an_action_error_lands_on_its_field_in_its_own_form(world, login):
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    goal = services.goal_add(actor=actor, household=world.household, expected_version=1, text="A")
    prefix = f"action-{goal.pk}"
    response = login(world.assigned).post(
        reverse("plans:action_add", args=[world.household.pk, goal.pk]),
        {
            f"{prefix}-version": 2,
            f"{prefix}-description": "Oppassen",
            f"{prefix}-actor_kind": "network",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_{prefix}-network_member"' in _summary(html)
    assert "<details open>" in html, "the action form stays open"
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_the_action_form_says_which_fields_belong_to_which_choice(world, login):
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    goal = services.goal_add(actor=actor, household=world.household, expected_version=1, text="A")
    html = login(world.assigned).get(reverse("plans:plan_edit", args=[world.household.pk]))
    html = html.content.decode()
    prefix = f"id_action-{goal.pk}-"
    assert re.search(rf'<select[^>]*data-reveals="{prefix}actor_kind_help"', html)
    assert f'id="{prefix}actor_kind_help"' in html, "the hint for pages without the script"
    assert re.search(rf'<select[^>]*data-shown-for="network"[^>]*id="{prefix}network_member"', html)
    assert re.search(rf'data-shown-for="professional"[^>]*id="{prefix}professional"', html)
    assert re.search(rf'data-shown-for="volunteer professional"[^>]*id="{prefix}actor_name"', html)


@pytest.mark.django_db
def test_a_refused_status_is_summed_up_at_the_top_linked_to_its_select(world, login):
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    goal = services.goal_add(actor=actor, household=world.household, expected_version=1, text="A")
    action = services.action_add(
        actor=actor,
        household=world.household,
        expected_version=2,
        goal_id=goal.pk,
        description="Bellen",
        actor_kind="household",
    )
    response = login(world.assigned).post(
        reverse("plans:action_status", args=[world.household.pk, action.pk]),
        {"version": 3, "status": "nonsense"},
    )
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert f'href="#status-{action.pk}"' in summary
    assert f'id="status-{action.pk}"' in response.content.decode()


@pytest.mark.django_db
def test_after_a_status_change_the_editor_opens_at_the_action(world, login):
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    goal = services.goal_add(actor=actor, household=world.household, expected_version=1, text="A")
    action = services.action_add(
        actor=actor,
        household=world.household,
        expected_version=2,
        goal_id=goal.pk,
        description="Bellen",
        actor_kind="household",
    )
    response = login(world.assigned).post(
        reverse("plans:action_status", args=[world.household.pk, action.pk]),
        {"version": Plan.objects.get(household=world.household).version, "status": "doing"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#actie-{action.pk}")


@pytest.mark.django_db
def test_goal_edit_saves_back_to_the_goal_and_errors_come_with_a_summary(world, login):
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    goal = services.goal_add(actor=actor, household=world.household, expected_version=1, text="A")
    url = reverse("plans:goal_edit", args=[world.household.pk, goal.pk])
    client = login(world.assigned)
    bad = client.post(url, {"version": 2, "text": "A", "status": "open", "review_on": "gisteren"})
    assert bad.status_code == 400
    assert 'href="#id_review_on"' in _summary(bad.content.decode())
    assert re.match(r"(Fout|Error): ", _title(bad.content.decode()))
    ok = client.post(url, {"version": 2, "text": "A", "status": "open"})
    assert ok["Location"].endswith(f"/plan/#doel-{goal.pk}")
