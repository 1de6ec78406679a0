"""A breakthrough's story (issue 14): the rule picked from the register, outcome updates, its
close and a reopen, through the gate and with optimistic concurrency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.learning.tests.helpers import a_rule
from nabij.plans.models import Breakthrough, GoalHeld


def _record(world, client, rule) -> Breakthrough:
    response = client.post(
        reverse("plans:breakthrough_create", args=[world.household.pk]),
        {
            "blocked": "Paspoort verlopen, geen uitkering",
            "rule_set_aside": str(rule.pk),
            "decision": "Voorschot van €400 uit de wijkkas",
            "decided_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
            "cost": "400",
            "outcome": "pending",
        },
    )
    assert response.status_code == 302
    return world.household.breakthroughs.get()


@pytest.mark.django_db
def test_the_form_offers_rules_in_force_grouped_with_their_owner(world, login):
    in_force = a_rule("Geen voorschot zonder uitkering")
    retired = a_rule("Oude regel", active=False)
    client = login(world.assigned)
    html = client.get(reverse("plans:breakthrough_create", args=[world.household.pk]))
    text = html.content.decode()
    assert in_force.owner.name in text and '<optgroup label="' in text
    assert "Oude regel" not in text
    bad = client.post(
        reverse("plans:breakthrough_create", args=[world.household.pk]),
        {
            "blocked": "x",
            "rule_set_aside": str(retired.pk),
            "decision": "y",
            "decided_on": "2026-01-01",
            "cost": "0",
            "outcome": "pending",
        },
    )
    assert bad.status_code == 400 and "rule_set_aside" in bad.context["form"].errors
    b = _record(world, client, in_force)
    assert b.rule_set_aside == in_force
    assert b.rule.startswith("Geen voorschot zonder uitkering")  # the words of the day


@pytest.mark.django_db
def test_updates_then_close_then_no_more_updates_until_reopened(world, login):
    rule = a_rule()
    client = login(world.assigned)
    b = _record(world, client, rule)
    story = reverse("plans:breakthrough_detail", args=[world.household.pk, b.pk])
    add = reverse("plans:breakthrough_update_add", args=[world.household.pk, b.pk])
    close = reverse("plans:breakthrough_close", args=[world.household.pk, b.pk])
    today = timezone.localdate().isoformat()
    update = {
        "update-version": 1,
        "update-on_date": today,
        "update-text": "Paspoort ontvangen",
        "update-real_cost": "450",
        "update-saving": "5000",
        "update-saving_basis": "",
        "update-goal_held": "partly",
    }
    no_basis = client.post(add, update)
    assert no_basis.status_code == 400
    assert "saving_basis" in no_basis.context["update_form"].errors
    update["update-saving_basis"] = "Een maand opvang minder tegen de kengetalprijs"
    assert client.post(add, update).status_code == 302
    b.refresh_from_db()
    assert (b.real_cost_cents, b.saving_cents, b.goal_held, b.version) == (
        45_000,
        500_000,
        GoalHeld.PARTLY,
        2,
    )
    stale = client.post(add, update | {"update-text": "Mijn verhaal"})
    assert stale.status_code == 409 and "Mijn verhaal" in stale.content.decode()

    closing = {"close-version": 2, "close-closed_on": today, "close-outcome": "solved"}
    assert client.post(close, closing | {"close-outcome": "pending"}).status_code == 400
    assert client.post(close, closing).status_code == 302
    b.refresh_from_db()
    assert b.is_closed and b.outcome == "solved" and b.closed_on == timezone.localdate()
    late = client.post(add, update | {"update-version": 3})
    assert late.status_code == 409
    assert b.updates.count() == 1

    # Only the team coordinator opens it again.
    reopen = reverse("plans:breakthrough_reopen", args=[world.household.pk, b.pk])
    assert client.post(reopen, {"reopen-version": 3}).status_code == 403
    coordinator = login(world.coordinator)
    assert coordinator.post(reopen, {"reopen-version": 3}).status_code == 302
    b.refresh_from_db()
    assert not b.is_closed and b.closed_on is None and b.version == 4
    page = coordinator.get(story).content.decode()
    assert "Paspoort ontvangen" in page and "Een maand opvang minder" in page


@pytest.mark.django_db
def test_the_story_is_reached_through_the_gate_and_logged(world, login):
    rule = a_rule()
    b = _record(world, login(world.assigned), rule)
    story = reverse("plans:breakthrough_detail", args=[world.household.pk, b.pk])
    for who in ("colleague", "other_coordinator", "broker", "analyst", "administrator"):
        response = login(world.by_key(who)).get(story)
        assert response.status_code in (403, 404), who
        assert AccessLogEntry.objects.filter(
            user=world.by_key(who).user, event="breakthrough.view", outcome="refused"
        ).exists(), who
    assert login(world.assigned).get(story).status_code == 200
    granted = AccessLogEntry.objects.filter(
        user=world.assigned.user, event="breakthrough.view", outcome="granted"
    )
    assert set(granted.values_list("resident_id", flat=True)) == {
        world.resident.pk,
        world.child.pk,
    }
    # another household's breakthrough id in this household's path: not found
    other = reverse("plans:breakthrough_detail", args=[world.other_household.pk, b.pk])
    assert login(world.other_professional).get(other).status_code == 404


@pytest.mark.django_db
def test_a_stale_update_keeps_the_input_and_goes_through_when_sent_again(world, login):
    client = login(world.assigned)
    b = _record(world, client, a_rule())
    add = reverse("plans:breakthrough_update_add", args=[world.household.pk, b.pk])
    today = timezone.localdate()
    update = {
        "update-version": 1,
        "update-on_date": today.isoformat(),
        "update-text": "Paspoort ontvangen",
        "update-goal_held": "yes",
    }
    assert client.post(add, update).status_code == 302
    stale = client.post(add, update | {"update-text": "Werk gevonden"})
    assert stale.status_code == 409
    form = stale.context["update_form"]
    assert form["version"].value() == "2" and form["text"].value() == "Werk gevonden"
    assert client.post(add, dict(form.data)).status_code == 302
    assert b.updates.count() == 2


@pytest.mark.django_db
def test_an_update_dated_before_the_newest_one_is_refused(world, login):
    client = login(world.assigned)
    b = _record(world, client, a_rule())
    add = reverse("plans:breakthrough_update_add", args=[world.household.pk, b.pk])
    today = timezone.localdate()
    first = {
        "update-version": 1,
        "update-on_date": today.isoformat(),
        "update-text": "Het doel houdt stand",
        "update-goal_held": "yes",
    }
    assert client.post(add, first).status_code == 302
    older = first | {
        "update-version": 2,
        "update-on_date": (today - dt.timedelta(days=7)).isoformat(),
        "update-goal_held": "no",
    }
    refused = client.post(add, older)
    assert refused.status_code == 400
    assert "on_date" in refused.context["update_form"].errors
    b.refresh_from_db()
    assert (b.goal_held, b.updates.count()) == (GoalHeld.YES, 1)
