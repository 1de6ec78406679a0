"""The area plan pages: who may read, write and agree; forms that keep what was typed, with an
error summary; the return to the changed goal; the number of queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.outcomes import services_plans as services
from nabij.outcomes.models import AreaPlan, AreaPlanAction
from nabij.outcomes.tests.plans_helpers import YEAR, actor_of, add_goal, area_world, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def aw(world):
    return area_world(world)


def url(name, aw, *args):
    return reverse(f"outcomes:{name}", args=[aw.district.code, *args])


def goal_post(aw, **overrides):
    data = {
        "version": aw.plan.version,
        "question": "school",
        "text": "Meer jongeren halen een diploma",
        "indicator": aw.early_leavers.pk,
        "baseline_value": "3,1",
        "baseline_period": YEAR - 2,
        "target_value": "2,5",
        "target_year": YEAR + 4,
    }
    data.update(overrides)
    return data


# --- Access -------------------------------------------------------------------------------------

READERS = ["assigned", "colleague", "coordinator", "other_coordinator", "other_professional",
           "broker", "analyst", "administrator"]  # fmt: skip


@pytest.mark.parametrize("role", READERS)
def test_any_professional_reads_the_plans(aw, login, role):
    client = login(aw.w.by_key(role))
    assert client.get(url("area_plans", aw)).status_code == 200
    page = client.get(url("area_plan", aw, YEAR))
    assert page.status_code == 200
    writes = role in ("assigned", "colleague", "coordinator")
    assert (reverse("outcomes:area_goal_add", args=[aw.district.code, YEAR]) in
            page.content.decode()) is writes  # fmt: skip


def test_a_resident_is_refused_and_the_refusal_logged(aw, client):
    client.force_login(aw.w.resident_user)
    assert client.get(url("area_plan", aw, YEAR)).status_code == 403
    assert AccessLogEntry.objects.filter(event="outcomes.plan.view", outcome="refused").exists()


def test_signed_out_goes_to_the_login(aw, client):
    response = client.get(url("area_plan", aw, YEAR))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


@pytest.mark.parametrize("code", ["BU00800001", "GM0080", "WK999999", "nonsense"])
def test_only_districts_have_plans(aw, login, code):
    client = login(aw.w.analyst)
    assert client.get(reverse("outcomes:area_plans", args=[code])).status_code == 404


def test_a_year_without_a_plan_is_a_404(aw, login):
    assert login(aw.w.analyst).get(url("area_plan", aw, YEAR + 1)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("colleague", 302), ("other_coordinator", 403), ("analyst", 403), ("broker", 403)],
)
def test_writing_is_for_teams_working_in_the_district(aw, login, role, status):
    client = login(aw.w.by_key(role))
    response = client.post(url("area_goal_add", aw, YEAR), goal_post(aw))
    assert response.status_code == status
    assert aw.plan.goals.exists() is (status == 302)
    if status == 403:
        refused = AccessLogEntry.objects.filter(
            event="outcomes.plan.change",
            outcome="refused",
            username=aw.w.by_key(role).user.username,
        )
        assert refused.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("colleague", 403), ("assigned", 403), ("other_coordinator", 403)],
)
def test_agreeing_is_for_the_districts_coordinator(aw, login, role, status):
    add_goal(aw, aw.w.assigned)
    assert login(aw.w.by_key(role)).get(url("area_plan_agree", aw, YEAR)).status_code == status


# --- Forms --------------------------------------------------------------------------------------


def test_after_adding_a_goal_the_plan_opens_at_it(aw, login):
    response = login(aw.w.colleague).post(url("area_goal_add", aw, YEAR), goal_post(aw))
    goal = aw.plan.goals.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/plannen/{YEAR}/#doel-{goal.pk}")
    assert goal.baseline_value == Decimal("3.1"), "typed the Dutch way, with a comma"


def test_an_error_keeps_what_was_typed_with_a_summary_linked_to_the_field(aw, login):
    typed = "Minder jongeren verlaten school zonder diploma"
    response = login(aw.w.colleague).post(
        url("area_goal_add", aw, YEAR),
        goal_post(aw, text=typed, target_value="9", target_year=""),  # 9 > baseline: refused
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r'<div class="form-errors error-summary".*?</div>', html, re.S)
    assert summary, "an error summary at the top"
    assert 'href="#id_target_year"' in summary.group(0)
    assert typed in html, "what was typed is still in the form"
    assert 'value="3,1"' in html
    assert not aw.plan.goals.exists()


def test_a_service_refusal_lands_on_its_field_in_the_summary(aw, login):
    response = login(aw.w.colleague).post(
        url("area_goal_add", aw, YEAR), goal_post(aw, target_value="9")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_target_value"' in html
    assert "is lager beter" in html, "the refusal in plain Dutch"


def test_a_stale_form_comes_back_with_the_input_and_the_current_version(aw, login):
    stale = goal_post(aw, text="Mijn doel, niet kwijtraken")
    add_goal(aw, aw.w.assigned)  # someone else saves first: version 2
    response = login(aw.w.colleague).post(url("area_goal_add", aw, YEAR), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mijn doel, niet kwijtraken" in html
    assert 'name="version" value="2"' in html, "saving again, after a look, goes through"
    assert aw.plan.goals.count() == 1


def test_edit_a_goal_and_return_to_it(aw, login):
    goal = add_goal(aw, aw.w.assigned)
    client = login(aw.w.colleague)
    page = client.get(url("area_goal_edit", aw, YEAR, goal.pk))
    assert "Meer jongeren halen een diploma" in page.content.decode()
    aw.plan.refresh_from_db()
    response = client.post(
        url("area_goal_edit", aw, YEAR, goal.pk), goal_post(aw, text="Elke jongere een diploma")
    )
    assert response["Location"].endswith(f"#doel-{goal.pk}")
    goal.refresh_from_db()
    assert goal.text == "Elke jongere een diploma"


def test_action_progress_from_the_plan_page(aw, login):
    action = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(
            description="Huiswerkklas", by="initiative", by_name="Buurtcoöperatie"
        ),
    )
    client = login(aw.w.colleague)
    prefix = f"status-{action.pk}-"
    post = {prefix + "version": aw.plan.version, prefix + "status": "in_progress"}
    response = client.post(url("area_action_status", aw, YEAR, action.pk), post)
    assert response["Location"].endswith(f"#actie-{action.pk}")
    assert AreaPlanAction.objects.get(pk=action.pk).status == "in_progress"
    again = client.post(url("area_action_status", aw, YEAR, action.pk), post)  # stale now
    assert again.status_code == 409


def test_agree_on_the_page(aw, login):
    add_goal(aw, aw.w.assigned)
    aw.plan.refresh_from_db()
    client = login(aw.w.coordinator)
    form = client.get(url("area_plan_agree", aw, YEAR)).content.decode()
    assert "Meer jongeren halen een diploma" in form, "the page shows what is agreed"
    response = client.post(
        url("area_plan_agree", aw, YEAR),
        {
            "version": aw.plan.version,
            "agreed_on": "2026-01-15" if YEAR == 2026 else f"{YEAR}-01-15",
            "agreed_with": "Bewonersavond 12 maart, woningcorporatie, school",
        },
    )
    assert response.status_code == 302
    plan = AreaPlan.objects.get(pk=aw.plan.pk)
    assert plan.is_agreed
    page = client.get(url("area_plan", aw, YEAR)).content.decode()
    assert "Vastgesteld op" in page and "woningcorporatie" in page


def test_remove_an_action(aw, login):
    action = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(description="Huiswerkklas", by="team"),
    )
    client = login(aw.w.colleague)
    assert (
        "Huiswerkklas"
        in client.get(url("area_action_remove", aw, YEAR, action.pk)).content.decode()
    )
    client.post(url("area_action_remove", aw, YEAR, action.pk), {"version": aw.plan.version})
    assert not AreaPlanAction.objects.filter(pk=action.pk).exists()


def test_create_a_plan_for_next_year(aw, login):
    client = login(aw.w.colleague)
    form = client.get(url("area_plan_create", aw)).content.decode()
    assert f'value="{YEAR + 1}"' in form, "the first year without a plan is proposed"
    response = client.post(url("area_plan_create", aw), {"year": YEAR + 1, "summary": ""})
    assert response["Location"] == url("area_plan", aw, YEAR + 1)
    twice = client.post(url("area_plan_create", aw), {"year": YEAR + 1})
    assert twice.status_code == 400 and "al een gebiedsplan" in twice.content.decode()


# --- What the page shows ------------------------------------------------------------------------


def test_the_page_shows_baseline_target_newest_figure_source_and_synthetic(aw, login):
    code = aw.district.code
    add_goal(aw, aw.w.assigned, baseline_value=Decimal("4"), baseline_period=YEAR - 3,
             target_value=Decimal("2"))  # fmt: skip
    value(aw.early_leavers, code, YEAR - 2, "3.5", quality="synthetic")
    html = login(aw.w.analyst).get(url("area_plan", aw, YEAR)).content.decode()
    assert "4,0%" in html and "2,0%" in html and "3,5%" in html
    assert f"Bron: CBS {YEAR - 2}" in html
    assert "synthetisch" in html
    assert "25% van de weg" in html


def test_no_figure_yet_is_said(aw, login):
    add_goal(aw, aw.w.assigned)
    html = login(aw.w.analyst).get(url("area_plan", aw, YEAR)).content.decode()
    assert "nog geen cijfer voor deze wijk" in html.lower()


def test_an_amended_plan_shows_its_last_agreement(aw, login):
    add_goal(aw, aw.w.assigned)
    aw.plan.refresh_from_db()
    services.plan_agree(
        actor=actor_of(aw.w.coordinator),
        plan=aw.plan,
        expected_version=aw.plan.version,
        agreed_on=aw.plan.created_at.date(),
        agreed_with="Bewoners",
    )
    add_goal(aw, aw.w.assigned, text="Tweede doel")
    html = login(aw.w.analyst).get(url("area_plan", aw, YEAR)).content.decode()
    assert "Gewijzigd sinds de vaststelling" in html
    assert "vaststelling vervalt" in html.lower() or "vervallen" in html.lower()


def test_the_plan_page_needs_the_same_queries_for_a_large_plan(
    aw, login, django_assert_max_num_queries
):
    client = login(aw.w.analyst)
    client.get(url("area_plan", aw, YEAR))  # warm up the session and the actor
    add_goal(aw, aw.w.assigned)
    with django_assert_max_num_queries(12) as small:
        client.get(url("area_plan", aw, YEAR))
    for i in range(12):
        goal = add_goal(aw, aw.w.assigned, text=f"Doel {i}")
        value(aw.early_leavers, aw.district.code, 2000 + i, "3")
        for j in range(3):
            services.action_save(
                actor=actor_of(aw.w.assigned),
                plan=aw.plan,
                expected_version=aw.plan.version,
                data=services.ActionData(
                    description=f"Actie {i}.{j}", by="partner", by_name="School", goal_id=goal.pk
                ),
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("area_plan", aw, YEAR))
    assert response.content.decode().count('class="card goal"') == 13


def test_the_list_counts_goals_and_actions_in_one_query(aw, login, django_assert_max_num_queries):
    add_goal(aw, aw.w.assigned)
    services.plan_create(actor=actor_of(aw.w.assigned), district=aw.district, year=YEAR + 1)
    client = login(aw.w.analyst)
    client.get(url("area_plans", aw))
    with django_assert_max_num_queries(8):
        html = client.get(url("area_plans", aw)).content.decode()
    assert f"Gebiedsplan {YEAR + 1}" in html and f"Gebiedsplan {YEAR}" in html


def test_the_pages_links_are_the_routes(aw, login):
    """The plan page writes its many links from the plan's address; they are the routes."""
    goal = add_goal(aw, aw.w.assigned)
    action = services.action_save(
        actor=actor_of(aw.w.assigned),
        plan=aw.plan,
        expected_version=aw.plan.version,
        data=services.ActionData(description="Huiswerkklas", by="team", goal_id=goal.pk),
    )
    html = login(aw.w.colleague).get(url("area_plan", aw, YEAR)).content.decode()
    for name, pk in (
        ("area_goal_edit", goal.pk),
        ("area_goal_remove", goal.pk),
        ("area_action_edit", action.pk),
        ("area_action_remove", action.pk),
        ("area_action_status", action.pk),
    ):
        assert f'"{url(name, aw, YEAR, pk)}"' in html, name
    assert f'"{url("area_action_add", aw, YEAR)}?doel={goal.pk}"' in html
