"""The rules register: who reads it, who keeps it, concurrency, retiring, and the seed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.learning.models import Rule
from nabij.learning.tests.helpers import a_rule


@pytest.mark.django_db
def test_the_register_ships_with_the_laws_teams_break_through():
    laws = {r.reference: r for r in Rule.objects.filter(kind=Rule.Kind.LAW)}
    assert "Participatiewet, art. 22a" in laws  # the kostendelersnorm
    assert "Participatiewet, art. 41 lid 4" in laws  # four weeks' search for under-27s
    assert "Wmo 2015, art. 2.3.2" in laws
    assert "Jeugdwet, art. 2.3" in laws
    assert laws["Participatiewet, art. 22a"].owner.name == (
        "Ministerie van Sociale Zaken en Werkgelegenheid"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["assigned", "coordinator", "broker", "analyst", "administrator"])
def test_every_professional_reads_the_register(world, login, who):
    a_rule("Geen nieuw huurcontract bij huurschuld")
    response = login(world.by_key(who)).get(reverse("learning:rules"))
    assert response.status_code == 200
    assert "Geen nieuw huurcontract bij huurschuld" in response.content.decode()
    may_keep = who in ("analyst", "administrator")
    assert (reverse("learning:rule_create") in response.content.decode()) is may_keep


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["assigned", "coordinator", "broker"])
def test_only_analysts_and_the_administrator_keep_it(world, login, who):
    rule = a_rule()
    client = login(world.by_key(who))
    assert client.get(reverse("learning:rule_create")).status_code == 403
    edit = client.post(reverse("learning:rule_edit", args=[rule.pk]), {"name": "X"})
    assert edit.status_code == 403
    retire = client.post(
        reverse("learning:rule_retire", args=[rule.pk]), {"version": 1, "active": "0"}
    )
    assert retire.status_code == 403
    rule.refresh_from_db()
    assert rule.active and rule.name == "Geen voorschot zonder uitkering"
    refused = AccessLogEntry.objects.filter(user=world.by_key(who).user, outcome="refused")
    assert {"rule.form", "rule.update", "rule.retire"} <= set(
        refused.values_list("event", flat=True)
    )


@pytest.mark.django_db
def test_an_analyst_adds_a_rule_owned_by_a_new_organisation_kind(world, login):
    from nabij.tests import factories as f

    owner = f.OrganisationFactory(name="Woonstichting Test")
    client = login(world.analyst)
    data = {
        "name": "Geen nieuw huurcontract bij huurschuld",
        "kind": "organisation",
        "owner": owner.pk,
        "reference": "Toewijzingsbeleid",
        "description": "Wie een huurschuld heeft, krijgt geen nieuw huurcontract.",
    }
    assert client.post(reverse("learning:rule_create"), data).status_code == 302
    rule = Rule.objects.get(name=data["name"])
    assert rule.owner == owner and rule.kind == "organisation" and rule.version == 1
    again = client.post(reverse("learning:rule_create"), data)
    assert again.status_code == 400 and "name" in again.context["form"].errors
    bad = client.post(reverse("learning:rule_create"), data | {"kind": "wet", "name": ""})
    assert bad.status_code == 400
    assert {"kind", "name"} <= set(bad.context["form"].errors)


@pytest.mark.django_db
def test_two_editors_second_save_refused_input_kept(world, login, client):
    rule = a_rule()
    url = reverse("learning:rule_edit", args=[rule.pk])
    data = {
        "version": 1,
        "name": "Geen voorschot zonder uitkering",
        "kind": "policy",
        "owner": rule.owner_id,
        "reference": "Beleidsregels bijzondere bijstand, art. 4",
        "description": "Eerste versie.",
    }
    first = login(world.analyst)
    assert first.post(url, data).status_code == 302
    second = client.__class__()
    second.force_login(world.administrator.user)
    clash = second.post(url, data | {"description": "Mijn eigen woorden."})
    assert clash.status_code == 409
    assert "Mijn eigen woorden." in clash.content.decode()
    rule.refresh_from_db()
    assert rule.description == "Eerste versie." and rule.version == 2


@pytest.mark.django_db
def test_a_retired_rule_is_no_longer_offered_but_keeps_its_breakthroughs(world, login):
    from nabij.learning.selectors_rules import grouped_choices

    rule = a_rule()
    client = login(world.administrator)
    stale = client.post(
        reverse("learning:rule_retire", args=[rule.pk]), {"version": 7, "active": "0"}
    )
    assert stale.status_code == 302
    rule.refresh_from_db()
    assert rule.active
    ok = client.post(reverse("learning:rule_retire", args=[rule.pk]), {"version": 1, "active": "0"})
    assert ok.status_code == 302
    rule.refresh_from_db()
    assert not rule.active and rule.version == 2
    offered = [pk for _kind, items in grouped_choices() for pk, _label in items]
    assert rule.pk not in offered
    back = client.post(
        reverse("learning:rule_retire", args=[rule.pk]), {"version": 2, "active": "1"}
    )
    assert back.status_code == 302
    rule.refresh_from_db()
    assert rule.active


@pytest.mark.django_db
def test_unknown_rule_is_a_404(world, login):
    client = login(world.analyst)
    assert client.get(reverse("learning:rule_edit", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_many_rules(
    world, login, django_assert_max_num_queries
):
    client = login(world.assigned)
    client.get(reverse("learning:rules"))  # warm the session
    for i in range(15):
        a_rule(f"Regel {i}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("learning:rules"))
    assert response.status_code == 200 and "Regel 14" in response.content.decode()


@pytest.mark.django_db
def test_a_small_count_of_breakthroughs_is_not_shown_on_the_register(world, login):
    from nabij.plans.models import Breakthrough

    rule = a_rule("Kostendelersnorm Test")
    Breakthrough.objects.create(
        household=world.household,
        blocked="x",
        rule=rule.name,
        rule_set_aside=rule,
        decision="y",
        decided_on=dt.date(2026, 1, 5),
        recorded_by=world.assigned.user,
    )
    html = login(world.broker).get(reverse("learning:rules")).content.decode()
    assert "minder dan 10 keer" in html or "fewer than 10 times" in html


@pytest.mark.django_db
def test_many_breakthroughs_of_one_household_still_count_as_small(world, login):
    """Small is counted in households, as the analysis counts it: ten breakthroughs of one
    household do not show as "10 times"."""
    from nabij.plans.models import Breakthrough

    rule = a_rule("Regiobinding Test")
    for day in range(1, 11):
        Breakthrough.objects.create(
            household=world.household,
            blocked="x",
            rule=rule.name,
            rule_set_aside=rule,
            decision="y",
            decided_on=dt.date(2026, 1, day),
            recorded_by=world.assigned.user,
        )
    html = login(world.broker).get(reverse("learning:rules")).content.decode()
    assert "minder dan 10 keer" in html or "fewer than 10 times" in html
    assert "10 keer" not in html.replace("minder dan 10 keer", "")
