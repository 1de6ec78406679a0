"""Ons plan: Karima reads and changes her household's plan herself, on the page and over the
API, through the gate (the resident as actor, purpose own_data)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.enums import RESIDENT_ROLE
from nabij.access.gate import Actor
from nabij.access.models import AccessLogEntry
from nabij.assessment.models import Priority
from nabij.costs import selectors as costs_selectors
from nabij.costs import services as costs
from nabij.plans import services
from nabij.plans.models import ActionComment, Goal, GoalWording, Plan, PlanChange

pytestmark = pytest.mark.django_db

PLAN = "/mijn/plan/"
API = "/api/v1/me/plan"


def pro(professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def karima(world) -> Actor:
    return Actor(user=world.resident_user, professional=None, resident=world.resident)


def version(household) -> int:
    return Plan.objects.get(household=household).version


def signed_in(world) -> Client:
    client = Client()
    client.force_login(world.resident_user)
    return client


def api_call(client: Client, method: str, path: str, body: object = None, **extra):
    return getattr(client, method)(
        path, body if body is not None else {}, content_type="application/json", **extra
    )


def a_plan(world):
    """Karima's own goal with her action and the coordinator's; the coordinator's own goal."""
    h = world.household
    home = services.goal_add(actor=karima(world), household=h, expected_version=1, text="Een huis")
    mine = services.action_add(
        actor=pro(world.assigned),
        household=h,
        expected_version=2,
        goal_id=home.pk,
        description="Inschrijven als woningzoekende",
        actor_kind="household",
    )
    theirs = services.action_add(
        actor=pro(world.assigned),
        household=h,
        expected_version=3,
        goal_id=home.pk,
        description="Urgentie aanvragen",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    work = services.goal_add(
        actor=pro(world.assigned), household=h, expected_version=4, text="Werk zoeken"
    )
    return home, work, mine, theirs


def rows(event: str) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(event=event).order_by("pk"))


# --- Reading ------------------------------------------------------------------------------------


def test_karima_reads_her_plan_and_it_is_logged_as_her_own_data(world):
    home, work, mine, theirs = a_plan(world)
    response = signed_in(world).get(PLAN)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Een huis", "Werk zoeken", "Inschrijven als woningzoekende", "Urgentie"):
        assert text in html
    assert "In uw eigen woorden" in html and "Geschreven door een hulpverlener" in html
    assert reverse("portal:plan_action_done", args=[mine.pk]) in html  # her own action
    assert reverse("portal:plan_action_done", args=[theirs.pk]) not in html
    assert reverse("portal:plan_goal_text", args=[home.pk]) in html  # her own words
    assert reverse("portal:plan_goal_text", args=[work.pk]) not in html
    logged = rows("me.plan.view")
    assert {r.resident_id for r in logged} == {world.resident.pk, world.child.pk}
    assert {(r.role, r.outcome, r.purpose, r.username) for r in logged} == {
        (RESIDENT_ROLE, "granted", "own_data", world.resident_user.username)
    }


def test_the_page_reads_a_constant_number_of_queries(world):
    client = signed_in(world)
    a_plan(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PLAN).status_code == 200
        return len(queries)

    small = count()
    h = world.household
    for _ in range(4):  # more goals, actions, comments and proposals
        goal = services.goal_add(
            actor=karima(world), household=h, expected_version=version(h), text="g"
        )
        action = services.action_add(
            actor=pro(world.assigned),
            household=h,
            expected_version=version(h),
            goal_id=goal.pk,
            description="a",
            actor_kind="volunteer",
            actor_name="Ans",
        )
        services.action_comment_add(actor=karima(world), household=h, action_id=action.pk, text="c")
        services.wording_propose(
            actor=pro(world.assigned),
            household=h,
            expected_version=version(h),
            goal_id=goal.pk,
            text="w",
        )
    assert count() == small


def test_the_api_gives_the_same_plan(world):
    _home, _work, mine, theirs = a_plan(world)
    body = signed_in(world).get(API).json()
    assert body["version"] == 5
    assert [(g["text"], g["author"], g["in_own_words"]) for g in body["goals"]] == [
        ("Een huis", "household", True),
        ("Werk zoeken", "professional", False),
    ]
    actions = body["goals"][0]["actions"]
    assert [(a["id"], a["may_mark_done"]) for a in actions] == [(mine.pk, True), (theirs.pk, False)]
    assert actions[1]["who"] == str(world.assigned)
    assert body["history"][0]["event"] == "goal_added"


# --- Goals in her own words, in her own order -----------------------------------------------------


def test_karima_adds_a_goal_in_her_own_words(world):
    client = signed_in(world)
    response = client.post(
        reverse("portal:plan_goal_add"), {"goal-version": 1, "goal-text": "Rust in mijn hoofd"}
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.text, goal.author) == ("Rust in mijn hoofd", "household")
    change = PlanChange.objects.get()
    assert (change.changed_by, change.by_household) == (world.resident_user, True)
    assert rows("me.plan.goal.create")[0].purpose == "own_data"
    empty = client.post(reverse("portal:plan_goal_add"), {"goal-version": 2, "goal-text": ""})
    assert empty.status_code == 400
    created = api_call(client, "post", f"{API}/goals", {"version": 2, "text": "Werk"})
    assert created.status_code == 201
    assert created.json()["goals"][1]["author"] == "household"
    sneaky = api_call(
        client, "post", f"{API}/goals", {"version": 3, "text": "x", "author": "professional"}
    )
    assert sneaky.status_code == 422  # no author to choose: it is hers


def test_karima_changes_her_own_words_not_the_professionals(world):
    home, work, _mine, _theirs = a_plan(world)
    client = signed_in(world)
    ok = client.post(
        reverse("portal:plan_goal_text", args=[home.pk]),
        {f"text-{home.pk}-version": 5, f"text-{home.pk}-text": "Een huis voor mij en Noor"},
    )
    assert ok.status_code == 302
    home.refresh_from_db()
    assert (home.text, home.author) == ("Een huis voor mij en Noor", "household")
    refused = api_call(client, "put", f"{API}/goals/{work.pk}", {"version": 6, "text": "Geen werk"})
    assert refused.status_code == 422
    work.refresh_from_db()
    assert work.text == "Werk zoeken"


def test_karima_puts_her_goals_in_her_own_order(world):
    home, work, _mine, _theirs = a_plan(world)
    client = signed_in(world)
    moved = client.post(
        reverse("portal:plan_goal_move", args=[work.pk]), {"version": 5, "position": 1}
    )
    assert moved.status_code == 302
    assert list(Goal.objects.order_by("position").values_list("pk", flat=True)) == [
        work.pk,
        home.pk,
    ]
    third = services.goal_add(
        actor=karima(world), household=world.household, expected_version=6, text="C"
    )
    order = [third.pk, home.pk, work.pk]
    response = api_call(client, "put", f"{API}/goal-order", {"version": 7, "goal_ids": order})
    assert response.status_code == 200, response.content
    assert [g["id"] for g in response.json()["goals"]] == order
    for bad in ([third.pk, home.pk], [third.pk, home.pk, work.pk, work.pk]):
        wrong = api_call(client, "put", f"{API}/goal-order", {"version": 8, "goal_ids": bad})
        assert wrong.status_code == 422
    assert PlanChange.objects.filter(event="goals_ordered", by_household=True).count() == 1


# --- Actions: her own done, a comment on any ----------------------------------------------------


def test_karima_marks_her_own_action_done_not_anyone_elses(world):
    _home, _work, mine, theirs = a_plan(world)
    client = signed_in(world)
    done = client.post(reverse("portal:plan_action_done", args=[mine.pk]), {"version": 5})
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "done"
    page = client.post(reverse("portal:plan_action_done", args=[theirs.pk]), {"version": 6})
    assert page.status_code == 400
    api = api_call(client, "post", f"{API}/actions/{theirs.pk}/done", {"version": 6})
    assert api.status_code == 422
    again = api_call(client, "post", f"{API}/actions/{mine.pk}/done", {"version": 6})
    assert again.status_code == 422
    theirs.refresh_from_db()
    assert theirs.status == "todo" and version(world.household) == 6


def test_comments_from_both_sides_show_on_both_pages(world):
    _home, _work, _mine, theirs = a_plan(world)
    client = signed_in(world)
    response = client.post(
        reverse("portal:plan_action_comment", args=[theirs.pk]),
        {f"comment-{theirs.pk}-text": "Moet ik nog iets opsturen?"},
    )
    assert response.status_code == 302
    api = api_call(client, "post", f"{API}/actions/{theirs.pk}/comments", {"text": "Ik wacht"})
    assert api.status_code == 201
    services.action_comment_add(
        actor=pro(world.assigned), household=world.household, action_id=theirs.pk, text="Nee, klaar"
    )
    assert list(ActionComment.objects.values_list("by_household", flat=True)) == [True, True, False]
    assert version(world.household) == 5  # a comment is no change of the plan
    resident_page = client.get(PLAN).content.decode()
    professional = Client()
    professional.force_login(world.assigned.user)
    team_page = professional.get(
        reverse("plans:plan_edit", args=[world.household.pk])
    ).content.decode()
    for text in ("Moet ik nog iets opsturen?", "Ik wacht", "Nee, klaar"):
        assert text in resident_page and text in team_page
    assert rows("me.plan.action.comment")[0].role == RESIDENT_ROLE


# --- Signing ------------------------------------------------------------------------------------


def test_karima_signs_herself_and_the_signature_lapses_on_a_change(world):
    a_plan(world)
    client = signed_in(world)
    assert client.post(reverse("portal:plan_sign"), {"version": 5}).status_code == 302
    plan = Plan.objects.get(household=world.household)
    assert plan.is_signed_off and plan.signed_in_portal
    assert plan.signed_off_by == "Karima El Amrani"
    assert (plan.signed_off_resident, plan.signed_off_user) == (world.resident, world.resident_user)
    assert "Karima El Amrani heeft dit plan ondertekend" in client.get(PLAN).content.decode()
    services.goal_add(
        actor=pro(world.assigned), household=world.household, expected_version=6, text="Nieuw"
    )
    assert not Plan.objects.get(household=world.household).is_signed_off
    signed = api_call(client, "post", f"{API}/sign", {"version": 7})
    assert signed.status_code == 200 and signed.json()["signed_off"] is True
    assert signed.json()["signed_in_portal"] is True


# --- Proposals: she decides --------------------------------------------------------------------


def test_karima_accepts_or_declines_a_proposal(world):
    home, _work, _mine, _theirs = a_plan(world)
    h = world.household
    proposal = services.wording_propose(
        actor=pro(world.assigned), household=h, expected_version=5, goal_id=home.pk, text="Woning"
    )
    client = signed_in(world)
    html = client.get(PLAN).content.decode()
    assert "Woning" in html and reverse("portal:plan_wording", args=[proposal.pk]) in html
    declined = client.post(
        reverse("portal:plan_wording", args=[proposal.pk]), {"version": 6, "decision": "decline"}
    )
    assert declined.status_code == 302
    home.refresh_from_db()
    assert home.text == "Een huis"
    second = services.wording_propose(
        actor=pro(world.assigned), household=h, expected_version=7, goal_id=home.pk, text="Woning 2"
    )
    accepted = api_call(client, "post", f"{API}/wordings/{second.pk}/accept", {"version": 8})
    assert accepted.status_code == 200, accepted.content
    home.refresh_from_db()
    assert (home.text, home.author) == ("Woning 2", "household")
    assert list(GoalWording.objects.order_by("pk").values_list("status", flat=True)) == [
        "declined",
        "accepted",
    ]
    events = [c["event"] for c in accepted.json()["history"][:4]]
    assert events == [
        "wording_accepted",
        "wording_proposed",
        "wording_declined",
        "wording_proposed",
    ]
    answered = api_call(client, "post", f"{API}/wordings/{second.pk}/decline", {"version": 9})
    assert answered.status_code == 422


# --- What matters most --------------------------------------------------------------------------


def test_karima_answers_what_matters_most_herself(world):
    client = signed_in(world)
    response = client.post(
        reverse("portal:plan_priority"), {"priority-text": "Een huis voor mij en Noor"}
    )
    assert response.status_code == 302
    priority = Priority.objects.get()
    assert (priority.said_by, priority.recorded_by) == ("Karima El Amrani", world.resident_user)
    assert "Een huis voor mij en Noor" in client.get(PLAN).content.decode()
    created = api_call(client, "post", "/api/v1/me/priority", {"text": "Rust"})
    assert created.status_code == 201 and created.json()["said_by"] == "Karima El Amrani"
    listed = client.get("/api/v1/me/priority").json()
    assert [p["text"] for p in listed] == ["Rust", "Een huis voor mij en Noor"]
    assert api_call(client, "post", "/api/v1/me/priority", {"text": ""}).status_code == 422
    assert rows("me.priority.create")[0].purpose == "own_data"


# --- Conflicts ----------------------------------------------------------------------------------


def test_a_stale_version_is_a_409_with_the_input_kept(world):
    home, _work, _mine, _theirs = a_plan(world)
    client = signed_in(world)
    services.goal_add(
        actor=pro(world.assigned), household=world.household, expected_version=5, text="Tussendoor"
    )
    response = client.post(
        reverse("portal:plan_goal_add"), {"goal-version": 5, "goal-text": "Mijn eigen doel"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mijn eigen doel" in html and "Iemand anders heeft het plan net veranderd" in html
    assert 'name="goal-version" value="6"' in html  # saving again now works
    again = client.post(
        reverse("portal:plan_goal_add"), {"goal-version": 6, "goal-text": "Mijn eigen doel"}
    )
    assert again.status_code == 302
    api = api_call(client, "put", f"{API}/goals/{home.pk}", {"version": 5, "text": "Oud"})
    assert api.status_code == 409
    assert api_call(client, "post", f"{API}/sign", {"version": 1}).status_code == 409
    home.refresh_from_db()
    assert home.text == "Een huis"


# --- Another household's ids ---------------------------------------------------------------------


def test_ids_of_another_household_are_404_and_logged_refused(world):
    other = world.other_household
    their_goal = services.goal_add(
        actor=pro(world.other_professional), household=other, expected_version=1, text="Hun doel"
    )
    their_action = services.action_add(
        actor=pro(world.other_professional),
        household=other,
        expected_version=2,
        goal_id=their_goal.pk,
        description="Hun actie",
        actor_kind="household",
    )
    Goal.objects.filter(pk=their_goal.pk).update(author="household")
    their_wording = services.wording_propose(
        actor=pro(world.other_professional),
        household=other,
        expected_version=3,
        goal_id=their_goal.pk,
        text="Andere woorden",
    )
    client = signed_in(world)
    page_posts = [
        (reverse("portal:plan_goal_text", args=[their_goal.pk]), {"text-x": "x"}),
        (reverse("portal:plan_goal_move", args=[their_goal.pk]), {"version": 4, "position": 1}),
        (reverse("portal:plan_action_done", args=[their_action.pk]), {"version": 4}),
        (reverse("portal:plan_action_comment", args=[their_action.pk]), {}),
        (reverse("portal:plan_wording", args=[their_wording.pk]), {"decision": "accept"}),
        (reverse("portal:plan_goal_move", args=[999_999]), {"version": 1, "position": 1}),
    ]
    for url, body in page_posts:
        assert client.post(url, body).status_code == 404, url
    api_calls = [
        ("put", f"{API}/goals/{their_goal.pk}", {"version": 4, "text": "x"}),
        ("post", f"{API}/actions/{their_action.pk}/done", {"version": 4}),
        ("post", f"{API}/actions/{their_action.pk}/comments", {"text": "x"}),
        ("post", f"{API}/wordings/{their_wording.pk}/accept", {"version": 4}),
        ("post", f"{API}/wordings/{their_wording.pk}/decline", {"version": 4}),
    ]
    for method, path, body in api_calls:
        assert api_call(client, method, path, body).status_code == 404, path
    refused = AccessLogEntry.objects.filter(outcome="refused")
    assert refused.count() == len(page_posts) + len(api_calls)
    assert {(r.role, r.purpose, r.resident_id, r.username) for r in refused} == {
        (RESIDENT_ROLE, "own_data", world.resident.pk, world.resident_user.username)
    }
    their_goal.refresh_from_db()
    their_action.refresh_from_db()
    assert (their_goal.text, their_action.status) == ("Hun doel", "todo")
    assert GoalWording.objects.get().status == "proposed"
    assert not ActionComment.objects.exists()


# --- The team's cost scenario, in plain words -----------------------------------------------------


def test_a_cost_scenario_of_the_household_is_explained_with_computed_figures(world):
    a_plan(world)
    client = signed_in(world)
    assert "uitgerekend" not in client.get(PLAN).content.decode()
    scenario = costs.scenario_create(
        actor=pro(world.assigned),
        household=world.household,
        title="Schuld betalen en nu een huis",
        current_label="Wachten: de opvang loopt door",
        alternative_label="Schuld betalen en nu huisvesten",
        horizon_years=5,
        discount_rate_bp=0,
        price_year=2026,
    )
    costs.assumptions_add(
        actor=pro(world.assigned),
        scenario=scenario,
        expected_version=1,
        items=[
            costs.AssumptionInput(
                "current", "Opvang", "youth", "municipality", 6_000_000, until_year=3
            ),
            costs.AssumptionInput(
                "alternative", "Schuld", "debt", "municipality", 1_200_000, one_off=True
            ),
        ],
    )
    # computed by the engine, not typed here: 3 x 60,000 - 12,000 = 168,000 over 5 years
    saving = costs_selectors.scenario_view(scenario).result.net_saving_cents
    assert saving == 16_800_000
    html = client.get(PLAN).content.decode()
    assert "Schuld betalen en nu huisvesten" in html
    assert "ongeveer € 168.000 minder in 5 jaar" in html
    assert "ongeveer € 33.600 minder per jaar" in html
    body = client.get(API).json()
    assert body["cost_scenarios"][0]["saving_cents"] == saving
