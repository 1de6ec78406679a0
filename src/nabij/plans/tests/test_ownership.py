"""Whose words are whose: who wrote a goal is the server's word, a goal in the household's
words changes only by the household, professionals propose other words, and in a family group
plan only the family writes goals (issue 10, "the goal_update loophole")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access.gate import Actor
from nabij.access.services import api_token_create
from nabij.core.errors import ConflictError, DomainError
from nabij.plans import services
from nabij.plans.models import ActionComment, Goal, GoalWording, Plan, PlanChange
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

HOME = "In ons eigen huis blijven wonen"
GRANDMA = "Tijdelijk bij oma intrekken"


def pro(professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def resident(world) -> Actor:
    return Actor(user=world.resident_user, professional=None, resident=world.resident)


def version(household) -> int:
    return Plan.objects.get(household=household).version


def api_for(professional) -> Client:
    token = api_token_create(user=professional.user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def family_group_with_household_goal(world) -> Goal:
    """The De Graaf case: a family group plan whose goal the family wrote itself."""
    h = world.household
    services.plan_set_kind(
        actor=pro(world.assigned), household=h, expected_version=1, kind="family_group"
    )
    return services.goal_add(actor=resident(world), household=h, expected_version=2, text=HOME)


# --- Who wrote it: the server decides ----------------------------------------------------------


def test_author_comes_from_the_actor_never_from_the_caller(world):
    h = world.household
    mine = services.goal_add(actor=resident(world), household=h, expected_version=1, text="Huis")
    theirs = services.goal_add(actor=pro(world.assigned), household=h, expected_version=2, text="W")
    network = services.goal_add(
        actor=pro(world.assigned), household=h, expected_version=3, text="N", author="network"
    )
    assert (mine.author, theirs.author, network.author) == ("household", "professional", "network")
    with pytest.raises(DomainError):
        services.goal_add(
            actor=pro(world.assigned), household=h, expected_version=4, text="x", author="household"
        )
    with pytest.raises(DomainError):
        services.goal_add(
            actor=resident(world), household=h, expected_version=4, text="x", author="professional"
        )
    assert version(h) == 4


def test_the_api_takes_no_household_author_and_no_unknown_field(world):
    api = api_for(world.assigned)
    url = f"/api/v1/households/{world.household.pk}/plan/goals"
    for body, field in [
        ({"version": 1, "text": "Huis", "author": "household"}, "author"),
        ({"version": 1, "text": "Huis", "written_by": "household"}, "written_by"),
    ]:
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 422, response.content
        assert field in {e["field"] for e in response.json()["errors"]}
    assert not Goal.objects.exists()
    response = api.post(url, {"version": 1, "text": "Werk"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["goals"][0]["author"] == "professional"


def test_the_page_offers_no_household_author(world, client):
    client.force_login(world.assigned.user)
    page = client.get(reverse("plans:plan_edit", args=[world.household.pk]))
    choices = dict(page.context["goal_form"].fields["author"].choices)
    assert set(choices) == {"professional", "network"}
    response = client.post(
        reverse("plans:goal_add", args=[world.household.pk]),
        {"goal-version": 1, "goal-text": "Huis", "goal-author": "household"},
    )
    assert response.status_code == 400
    assert "author" in response.context["goal_form"].errors
    assert not Goal.objects.exists()


# --- The goal_update loophole, closed --------------------------------------------------------


def test_de_graaf_a_professional_cannot_rewrite_the_familys_goal_on_the_page(world, client):
    goal = family_group_with_household_goal(world)
    client.force_login(world.assigned.user)
    url = reverse("plans:goal_edit", args=[world.household.pk, goal.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "text" not in form_page.context["form"].fields  # no field to write in
    response = client.post(
        url, {"version": 3, "text": GRANDMA, "status": "open"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400  # sent anyway: refused, never dropped silently
    assert "only the family" in " ".join(response.context["form"].non_field_errors())
    goal.refresh_from_db()
    assert (goal.text, goal.author) == (HOME, "household")
    assert version(world.household) == 3


def test_de_graaf_a_professional_cannot_rewrite_the_familys_goal_over_the_api(world):
    goal = family_group_with_household_goal(world)
    api = api_for(world.assigned)
    url = f"/api/v1/households/{world.household.pk}/plan/goals/{goal.pk}"
    response = api.put(
        url,
        {"version": 3, "text": GRANDMA, "status": "open"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "text"
    assert "only the family" in response.json()["detail"]
    goal.refresh_from_db()
    assert (goal.text, goal.author) == (HOME, "household")
    # the status is still the professional's to record, the words stay the family's
    ok = api.put(url, {"version": 3, "status": "in_progress"}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    goal.refresh_from_db()
    assert (goal.text, goal.status) == (HOME, "in_progress")


def test_in_a_standard_plan_the_households_words_change_only_by_the_household(world):
    h = world.household
    goal = services.goal_add(actor=resident(world), household=h, expected_version=1, text=HOME)
    with pytest.raises(DomainError, match="Stel andere woorden voor"):
        services.goal_update(
            actor=pro(world.assigned),
            household=h,
            expected_version=2,
            goal_id=goal.pk,
            text=GRANDMA,
            status="open",
            due_on=None,
            review_on=None,
        )
    with pytest.raises(DomainError):
        services.goal_text_set(
            actor=pro(world.assigned), household=h, expected_version=2, goal_id=goal.pk, text="x"
        )
    services.goal_text_set(
        actor=resident(world), household=h, expected_version=2, goal_id=goal.pk, text="Ons huis"
    )
    goal.refresh_from_db()
    assert (goal.text, goal.author) == ("Ons huis", "household")
    # a professional's own goal is still theirs to reword; not the household's to change
    own = services.goal_add(actor=pro(world.assigned), household=h, expected_version=3, text="A")
    services.goal_update(
        actor=pro(world.assigned),
        household=h,
        expected_version=4,
        goal_id=own.pk,
        text="B",
        status="open",
        due_on=None,
        review_on=None,
    )
    with pytest.raises(DomainError):
        services.goal_text_set(
            actor=resident(world), household=h, expected_version=5, goal_id=own.pk, text="C"
        )


# --- Proposals: the household decides ---------------------------------------------------------


def test_a_proposal_accepted_changes_the_words_and_keeps_them_the_households(world):
    h = world.household
    goal = services.goal_add(actor=resident(world), household=h, expected_version=1, text=HOME)
    services.plan_sign(actor=resident(world), household=h, expected_version=2)
    wording = services.wording_propose(
        actor=pro(world.assigned),
        household=h,
        expected_version=3,
        goal_id=goal.pk,
        text="Binnen drie maanden een huis",
    )
    goal.refresh_from_db()
    plan = Plan.objects.get(household=h)
    assert goal.text == HOME  # nothing changes until the household says yes
    assert plan.version == 4 and plan.is_signed_off  # a proposal is no change of the plan
    services.wording_decide(
        actor=resident(world), household=h, expected_version=4, wording_id=wording.pk, accept=True
    )
    goal.refresh_from_db()
    wording.refresh_from_db()
    assert (goal.text, goal.author) == ("Binnen drie maanden een huis", "household")
    assert wording.status == "accepted" and wording.decided_by == world.resident_user
    assert wording.text_before == HOME
    assert not Plan.objects.get(household=h).is_signed_off  # the words changed: sign again
    history = list(PlanChange.objects.filter(plan__household=h).order_by("version"))
    assert [(c.event, c.by_household) for c in history[-2:]] == [
        ("wording_proposed", False),
        ("wording_accepted", True),
    ]
    assert history[-2].detail == history[-1].detail == "Binnen drie maanden een huis"
    assert history[-1].snapshot["goals"][0]["text"] == "Binnen drie maanden een huis"


def test_a_proposal_declined_changes_nothing_but_the_history(world):
    h = world.household
    goal = services.goal_add(actor=resident(world), household=h, expected_version=1, text=HOME)
    wording = services.wording_propose(
        actor=pro(world.assigned), household=h, expected_version=2, goal_id=goal.pk, text=GRANDMA
    )
    with pytest.raises(DomainError):  # only the household decides
        services.wording_decide(
            actor=pro(world.coordinator),
            household=h,
            expected_version=3,
            wording_id=wording.pk,
            accept=True,
        )
    services.wording_decide(
        actor=resident(world), household=h, expected_version=3, wording_id=wording.pk, accept=False
    )
    goal.refresh_from_db()
    assert goal.text == HOME
    assert GoalWording.objects.get().status == "declined"
    events = list(
        PlanChange.objects.filter(plan__household=h).order_by("version").values_list("event")
    )
    assert events[-2:] == [("wording_proposed",), ("wording_declined",)]
    with pytest.raises(DomainError):  # answered once
        services.wording_decide(
            actor=resident(world),
            household=h,
            expected_version=4,
            wording_id=wording.pk,
            accept=True,
        )


def test_proposals_are_refused_where_they_do_not_belong(world):
    h = world.household
    goal = services.goal_add(actor=resident(world), household=h, expected_version=1, text=HOME)
    own = services.goal_add(actor=pro(world.assigned), household=h, expected_version=2, text="W")
    propose = dict(actor=pro(world.assigned), household=h)
    with pytest.raises(DomainError):  # a professional's own goal: change it directly
        services.wording_propose(**propose, expected_version=3, goal_id=own.pk, text="V")
    with pytest.raises(DomainError):  # the household changes its words itself
        services.wording_propose(
            actor=resident(world), household=h, expected_version=3, goal_id=goal.pk, text="V"
        )
    services.wording_propose(**propose, expected_version=3, goal_id=goal.pk, text="V")
    with pytest.raises(DomainError, match="wacht al een voorstel"):  # one proposal waits at a time
        services.wording_propose(**propose, expected_version=4, goal_id=goal.pk, text="W2")
    with pytest.raises(ConflictError):  # a stale version, as every change
        services.wording_propose(**propose, expected_version=3, goal_id=own.pk, text="V")
    assert GoalWording.objects.count() == 1


def test_no_proposals_in_a_family_group_plan(world):
    goal = family_group_with_household_goal(world)
    with pytest.raises(DomainError, match="alleen de familie"):
        services.wording_propose(
            actor=pro(world.assigned),
            household=world.household,
            expected_version=3,
            goal_id=goal.pk,
            text=GRANDMA,
        )


def test_propose_over_the_api_and_on_the_page(world, client):
    h = world.household
    goal = services.goal_add(actor=resident(world), household=h, expected_version=1, text=HOME)
    api = api_for(world.assigned)
    url = f"/api/v1/households/{h.pk}/plan/goals/{goal.pk}/wordings"
    stale = api.post(url, {"version": 1, "text": "V"}, content_type="application/json")
    assert stale.status_code == 409
    created = api.post(url, {"version": 2, "text": "V"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["goals"][0]["text"] == HOME
    assert body["goals"][0]["open_wording"]["text"] == "V"
    assert body["version"] == 3
    # the page: the proposal shows; a second one waits for the answer
    client.force_login(world.coordinator.user)
    plan_page = client.get(reverse("plans:plan_edit", args=[h.pk])).content.decode()
    assert "in de woorden van het huishouden" in plan_page
    assert "Voorstel wacht op het huishouden" in plan_page
    page_url = reverse("plans:goal_wording", args=[h.pk, goal.pk])
    again = client.post(page_url, {"version": 3, "text": "W"})
    assert again.status_code == 400
    services.wording_decide(
        actor=resident(world),
        household=h,
        expected_version=3,
        wording_id=GoalWording.objects.get().pk,
        accept=False,
    )
    assert client.get(page_url).status_code == 200
    sent = client.post(page_url, {"version": 4, "text": "W"})
    assert sent.status_code == 302
    assert GoalWording.objects.filter(status="proposed").get().text == "W"


# --- Family group plans: what professionals may still add -------------------------------------


def test_family_group_professionals_add_only_what_was_asked_or_a_safety_condition(world):
    goal = family_group_with_household_goal(world)
    h = world.household
    neighbour = f.NetworkMemberFactory(household=h)
    add = dict(actor=pro(world.assigned), household=h, goal_id=goal.pk)
    for kind, extra in [
        ("network", {"network_member_id": neighbour.pk}),
        ("household", {}),
        ("professional", {"professional_id": world.assigned.pk}),
    ]:
        with pytest.raises(DomainError):  # was: only professional actions were checked
            services.action_add(
                **add, expected_version=3, description="x", actor_kind=kind, **extra
            )
    services.action_add(
        **add,
        expected_version=3,
        description="Oma past op",
        actor_kind="network",
        network_member_id=neighbour.pk,
        requested_by_family=True,
    )
    services.action_add(
        **add,
        expected_version=4,
        description="De kinderen gaan elke dag naar school",
        actor_kind="professional",
        professional_id=world.assigned.pk,
        is_safety_condition=True,
    )
    assert goal.actions.count() == 2


def test_family_group_only_the_family_orders_the_goals(world):
    first = family_group_with_household_goal(world)
    h = world.household
    second = services.goal_add(actor=resident(world), household=h, expected_version=3, text="B")
    with pytest.raises(DomainError):
        services.goal_move(
            actor=pro(world.assigned),
            household=h,
            expected_version=4,
            goal_id=second.pk,
            to_position=1,
        )
    with pytest.raises(DomainError):
        services.goals_order(
            actor=pro(world.assigned),
            household=h,
            expected_version=4,
            goal_ids=[second.pk, first.pk],
        )
    services.goals_order(
        actor=resident(world), household=h, expected_version=4, goal_ids=[second.pk, first.pk]
    )
    assert list(Goal.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_family_group_page_shows_only_what_is_allowed(world, client):
    family_group_with_household_goal(world)
    client.force_login(world.assigned.user)
    page = client.get(reverse("plans:plan_edit", args=[world.household.pk]))
    html = page.content.decode()
    assert reverse("plans:goal_add", args=[world.household.pk]) not in html
    assert "/verplaatsen/" not in html
    assert "/formulering/" not in html
    refused = client.post(
        reverse("plans:goal_add", args=[world.household.pk]),
        {"goal-version": 3, "goal-text": GRANDMA, "goal-author": "network"},
    )
    assert refused.status_code == 400
    assert list(Goal.objects.values_list("text", flat=True)) == [HOME]


# --- Comments ---------------------------------------------------------------------------------


def test_a_professionals_comment_on_an_action(world, client):
    h = world.household
    goal = services.goal_add(actor=resident(world), household=h, expected_version=1, text=HOME)
    action = services.action_add(
        actor=pro(world.assigned),
        household=h,
        expected_version=2,
        goal_id=goal.pk,
        description="Urgentie aanvragen",
        actor_kind="professional",
        professional_id=world.assigned.pk,
    )
    client.force_login(world.assigned.user)
    url = reverse("plans:action_comment", args=[h.pk, action.pk])
    empty = client.post(url, {f"comment-{action.pk}-text": ""})
    assert empty.status_code == 400 and empty.context["comment_action_id"] == action.pk
    ok = client.post(url, {f"comment-{action.pk}-text": "Aanvraag is verstuurd."})
    assert ok.status_code == 302
    comment = ActionComment.objects.get()
    assert (comment.author, comment.by_household) == (world.assigned.user, False)
    assert version(h) == 3  # a comment is no change of the plan
    assert (
        "Aanvraag is verstuurd."
        in client.get(reverse("plans:plan_edit", args=[h.pk])).content.decode()
    )
