from decimal import Decimal

import pytest
from django.urls import reverse

from nabij.plans.models import Goal, Plan


@pytest.mark.django_db
def test_two_professionals_edit_the_same_plan_second_save_refused_input_kept(world, client):
    """Both opened the plan at version 1; the first save wins, the second gets a conflict
    message, sees their own text again in the form, and nothing is overwritten."""
    url = reverse("plans:goal_add", args=[world.household.pk])
    first, second = client, client.__class__()
    first.force_login(world.assigned.user)
    second.force_login(world.coordinator.user)
    assert first.get(reverse("plans:plan_edit", args=[world.household.pk])).status_code == 200
    assert second.get(reverse("plans:plan_edit", args=[world.household.pk])).status_code == 200

    ok = first.post(
        url, {"goal-version": 1, "goal-text": "Schulden eerst", "goal-author": "professional"}
    )
    assert ok.status_code == 302
    clash = second.post(
        url, {"goal-version": 1, "goal-text": "Een cursus opvoeden", "goal-author": "professional"}
    )
    assert clash.status_code == 409
    html = clash.content.decode()
    assert "Een cursus opvoeden" in html  # the second user's input is kept in the form
    assert clash.context["conflict"]
    assert list(Goal.objects.values_list("text", flat=True)) == ["Schulden eerst"]
    assert Plan.objects.get(household=world.household).version == 2


@pytest.mark.django_db
def test_goal_edit_conflict_keeps_input(world, client):
    from nabij.access.gate import Actor
    from nabij.plans import services

    actor = Actor(user=world.assigned.user, professional=world.assigned)
    goal = services.goal_add(actor=actor, household=world.household, expected_version=1, text="Oud")
    services.goal_add(actor=actor, household=world.household, expected_version=2, text="Ander")
    client.force_login(world.assigned.user)
    response = client.post(
        reverse("plans:goal_edit", args=[world.household.pk, goal.pk]),
        {"version": 2, "text": "Nieuwe woorden", "status": "in_progress"},
    )
    assert response.status_code == 409
    assert "Nieuwe woorden" in response.content.decode()
    goal.refresh_from_db()
    assert goal.text == "Oud"


@pytest.mark.django_db
def test_breakthrough_form_validates_and_saves_cents(world, client):
    from nabij.learning.tests.helpers import a_rule

    rule = a_rule()
    client.force_login(world.assigned.user)
    url = reverse("plans:breakthrough_create", args=[world.household.pk])
    data = {
        "blocked": "Geen paspoort",
        "rule_set_aside": str(rule.pk),
        "decision": "Voorschot",
        "decided_on": "2026-02-01",
        "cost": "400,00",
        "outcome": "pending",
    }
    bad = client.post(url, data | {"cost": "-5"})
    assert bad.status_code == 400 and "cost" in bad.context["form"].errors
    future = client.post(url, data | {"decided_on": "2999-01-01"})
    assert future.status_code == 400 and "decided_on" in future.context["form"].errors
    junk = client.post(url, data | {"cost": "vierhonderd"})
    assert junk.status_code == 400 and "cost" in junk.context["form"].errors
    ok = client.post(url, data | {"cost": "€ 400,00"})
    assert ok.status_code == 302
    assert world.household.breakthroughs.get().cost_cents == 40000
    # a chosen "mandated_by" is ignored: the professional's breakthrough awaits the mandate
    assert world.household.breakthroughs.get().mandated_by is None
    from nabij.plans.forms import EuroField

    parse = EuroField().clean
    assert [parse(v) for v in ("400", "1.200,50", "1,200.50", "12,5")] == [
        400,
        Decimal("1200.50"),
        Decimal("1200.50"),
        Decimal("12.5"),
    ]
    register = client.get(reverse("plans:breakthrough_register")).content.decode()
    assert "Geen voorschot zonder uitkering" in register


@pytest.mark.django_db
def test_move_goal_up(world, client):
    from nabij.access.gate import Actor
    from nabij.plans import services

    actor = Actor(user=world.assigned.user, professional=world.assigned)
    services.goal_add(actor=actor, household=world.household, expected_version=1, text="Cursus")
    second = services.goal_add(
        actor=actor, household=world.household, expected_version=2, text="Geld en wonen"
    )
    client.force_login(world.assigned.user)
    client.post(
        reverse("plans:goal_move", args=[world.household.pk, second.pk]),
        {"version": 3, "position": 1},
    )
    assert list(Goal.objects.order_by("position").values_list("text", flat=True)) == [
        "Geld en wonen",
        "Cursus",
    ]
