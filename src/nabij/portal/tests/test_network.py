"""Ons netwerk: the household keeps its own network map; an entry kept "alleen voor mij" never
reaches another member; concurrent changes never overwrite; another household's ids are 404."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nabij.access.enums import RESIDENT_ROLE
from nabij.access.gate import Actor
from nabij.people import selectors as people_selectors
from nabij.people import services as people_services
from nabij.people.models import NetworkMember
from nabij.plans import services as plan_services
from nabij.portal.tests.together import add_partner, leave, rows, signed_in
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

NETWORK = "/mijn/netwerk/"
API = "/api/v1/me/network"


def entry(world, name: str, *, private_to=None, household=None) -> NetworkMember:
    return people_services.network_member_add(
        household=household or world.household,
        name=name,
        relation="friend",
        can_do="oppassen",
        private_to=private_to,
    )


def put(client, url: str, body: dict):
    return client.put(url, json.dumps(body), content_type="application/json")


def post_json(client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_page_lists_the_network_and_says_it_is_never_a_condition(world):
    entry(world, "Samira")
    client = signed_in(world.resident_user)
    response = client.get(NETWORK)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Samira" in html and "oppassen" in html
    assert "U krijgt hulp ook als u niemand kunt vragen." in html
    logged = rows("me.network.view")  # the household's network: a row per current member
    assert {r.resident_id for r in logged} == {world.resident.pk, world.child.pk}
    assert {(r.role, r.outcome, r.purpose, r.username, r.household_id) for r in logged} == {
        (RESIDENT_ROLE, "granted", "own_data", world.resident_user.username, world.household.pk)
    }


def test_a_member_adds_someone_in_their_own_words(world):
    client = signed_in(world.resident_user)
    assert client.get(reverse("portal:network_add")).status_code == 200
    response = client.post(
        reverse("portal:network_add"),
        {
            "name": "Lotte Bosma",
            "relation": "friend",
            "relation_detail": "vriendin van school",
            "can_do": "oppassen op Noor",
            "wants_to_do": "op schooldagen",
            "household_view": "Zij is er altijd.",
        },
    )
    assert response.status_code == 302
    lotte = NetworkMember.objects.get(name="Lotte Bosma")
    assert (lotte.household_id, lotte.private_to_id, lotte.version) == (world.household.pk, None, 1)
    assert lotte.household_view == "Zij is er altijd."
    assert rows("me.network.create", outcome="granted")


def test_bad_input_is_refused_with_a_message(world):
    client = signed_in(world.resident_user)
    response = client.post(reverse("portal:network_add"), {"name": "", "relation": "cousin"})
    assert response.status_code == 400
    assert not NetworkMember.objects.exists()
    response = post_json(client, API, {"name": "Lotte", "relation": "friend", "age": 30})
    assert response.status_code == 422


def test_a_private_entry_is_never_shown_to_another_member(world):
    partner, partner_user = add_partner(world)
    secret = entry(world, "Amal uit de opvang", private_to=world.resident)
    shared = entry(world, "Samira")
    karima, yusuf = signed_in(world.resident_user), signed_in(partner_user)

    assert "Amal uit de opvang" in karima.get(NETWORK).content.decode()
    html = yusuf.get(NETWORK).content.decode()
    assert "Samira" in html and "Amal" not in html
    listed = {e["name"]: e for e in yusuf.get(API).json()}
    assert set(listed) == {"Samira"}
    assert {e["name"]: e["private"] for e in karima.get(API).json()} == {
        "Samira": False,
        "Amal uit de opvang": True,
    }
    # Named by its id, it is as unknown to him as an id that does not exist.
    for response in (
        yusuf.get(reverse("portal:network_edit", args=[secret.pk])),
        yusuf.post(reverse("portal:network_end", args=[secret.pk]), {"version": 1}),
        put(yusuf, f"{API}/{secret.pk}", {"name": "x", "relation": "friend", "version": 1}),
        post_json(yusuf, f"{API}/{secret.pk}/end", {"version": 1}),
    ):
        assert response.status_code == 404
    secret.refresh_from_db()
    assert (secret.ended_on, secret.version, secret.name) == (None, 1, "Amal uit de opvang")
    refused = [
        r for r in rows("me.network.form") + rows("me.network.end") if r.outcome == "refused"
    ]
    assert refused and {r.username for r in refused} == {partner_user.username}
    # The selector the export uses says the same.
    assert list(people_selectors.network_visible_to(world.household.pk, partner.pk)) == [shared]
    # The row of a private entry is about its owner alone.
    karima.get(reverse("portal:network_edit", args=[secret.pk]))
    (row,) = rows("me.network.form", outcome="granted")
    assert row.resident_id == world.resident.pk


def test_another_households_entry_is_404_and_logged(world):
    theirs = entry(world, "Buurman Jan", household=world.other_household)
    client = signed_in(world.resident_user)
    assert client.get(reverse("portal:network_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:network_edit", args=[999_999])).status_code == 404
    response = put(client, f"{API}/{theirs.pk}", {"name": "x", "relation": "friend", "version": 1})
    assert response.status_code == 404
    assert post_json(client, f"{API}/{theirs.pk}/end", {"version": 1}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.ended_on) == ("Buurman Jan", None)
    refused = [
        r for r in rows("me.network.form") + rows("me.network.update") + rows("me.network.end")
    ]
    assert len(refused) == 4
    assert {(r.outcome, r.role, r.resident_id) for r in refused} == {
        ("refused", RESIDENT_ROLE, world.resident.pk)
    }


def test_two_members_changing_one_entry_never_overwrite_each_other(world):
    _partner, partner_user = add_partner(world)
    samira = entry(world, "Samira")
    karima, yusuf = signed_in(world.resident_user), signed_in(partner_user)
    url = reverse("portal:network_edit", args=[samira.pk])
    assert 'name="version" value="1"' in karima.get(url).content.decode()
    assert 'name="version" value="1"' in yusuf.get(url).content.decode()
    form = {"name": "Samira", "relation": "family", "version": "1"}
    assert karima.post(url, {**form, "can_do": "meegaan naar bezichtigingen"}).status_code == 302
    stale = yusuf.post(url, {**form, "can_do": "boodschappen"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "boodschappen" in html  # his input is kept
    assert 'name="version" value="2"' in html  # saving again is a choice made knowing it
    samira.refresh_from_db()
    assert (samira.can_do, samira.version) == ("meegaan naar bezichtigingen", 2)
    response = put(
        yusuf, f"{API}/{samira.pk}", {"name": "Samira", "relation": "family", "version": 1}
    )
    assert response.status_code == 409
    assert post_json(yusuf, f"{API}/{samira.pk}/end", {"version": 1}).status_code == 409
    samira.refresh_from_db()
    assert samira.ended_on is None


def test_the_api_adds_changes_shares_and_ends(world):
    _partner, partner_user = add_partner(world)
    karima = signed_in(world.resident_user)
    created = post_json(
        karima, API, {"name": "Amal", "relation": "friend", "can_do": "luisteren", "private": True}
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["private"], body["version"]) == (True, 1)
    yusuf = signed_in(partner_user)
    assert yusuf.get(API).json() == []
    changed = put(
        karima,
        f"{API}/{body['id']}",
        {"name": "Amal", "relation": "friend", "can_do": "luisteren", "version": 1, "share": True},
    )
    assert changed.status_code == 200
    assert (changed.json()["private"], changed.json()["version"]) == (False, 2)
    assert [e["name"] for e in yusuf.get(API).json()] == ["Amal"]
    ended = post_json(yusuf, f"{API}/{body['id']}/end", {"version": 2})
    assert ended.status_code == 200 and ended.json()["ended_on"] is not None
    # An entry that has ended is kept with its date, and no longer changes.
    again = put(karima, f"{API}/{body['id']}", {"name": "A", "relation": "friend", "version": 3})
    assert again.status_code == 422


def test_a_shared_entry_cannot_be_made_private_afterwards(world):
    samira = entry(world, "Samira")
    client = signed_in(world.resident_user)
    html = client.get(reverse("portal:network_edit", args=[samira.pk])).content.decode()
    assert 'name="share"' not in html
    response = put(
        client,
        f"{API}/{samira.pk}",
        {"name": "Samira", "relation": "family", "version": 1, "private": True},
    )
    assert response.status_code == 422  # no such field
    samira.refresh_from_db()
    assert samira.private_to_id is None


def test_a_private_entry_is_never_named_in_the_shared_plan(world):
    secret = entry(world, "Amal", private_to=world.resident)
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    goal = plan_services.goal_add(
        actor=actor, household=world.household, expected_version=1, text="Rust"
    )
    with pytest.raises(ValidationError):
        plan_services.action_add(
            actor=actor,
            household=world.household,
            expected_version=2,
            goal_id=goal.pk,
            description="Komt langs",
            actor_kind="network",
            network_member_id=secret.pk,
        )


def test_the_professional_sees_a_private_entry_marked_as_such(world, login):
    entry(world, "Amal", private_to=world.resident)
    html = (
        login(world.assigned)
        .get(reverse("people:household_detail", args=[world.household.pk]))
        .content.decode()
    )
    assert "Amal" in html and "alleen voor Karima" in html


def test_an_ex_partner_loses_the_network_and_their_private_entries_stay_theirs(world):
    partner, partner_user = add_partner(world)
    his = entry(world, "Zijn broer", private_to=partner)
    hers = entry(world, "Haar vriendin", private_to=world.resident)
    yusuf = signed_in(partner_user)
    assert "Zijn broer" in yusuf.get(NETWORK).content.decode()
    leave(partner)
    response = yusuf.get(NETWORK)
    assert response.status_code == 302 and "/mijn/inloggen/" in response["Location"]
    assert signed_in(partner_user).get(API).status_code == 401
    karima = signed_in(world.resident_user)
    html = karima.get(NETWORK).content.decode()
    assert "Haar vriendin" in html and "Zijn broer" not in html
    assert karima.get(reverse("portal:network_edit", args=[his.pk])).status_code == 404
    assert hers.private_to_id == world.resident.pk


def test_a_professional_is_refused_the_residents_pages(world, login):
    client = login(world.assigned)
    assert client.get(NETWORK).status_code == 403
    assert client.get(API).status_code == 403
    logged = rows("me.network.view")  # the page and the API
    assert [(r.outcome, r.username, r.channel) for r in logged] == [
        ("refused", "assigned", "web"),
        ("refused", "assigned", "api"),
    ]


def test_a_resident_of_another_household_sees_only_their_own(world):
    entry(world, "Samira")
    f.NetworkMemberFactory(household=world.other_household, name="Buurman Piet")
    from nabij.access.digid import resident_user_for_bsn

    gerrit = signed_in(resident_user_for_bsn(None, world.other_resident.bsn))
    html = gerrit.get(NETWORK).content.decode()
    assert "Buurman Piet" in html and "Samira" not in html
