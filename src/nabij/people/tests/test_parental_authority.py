"""Parental authority is set by the household's professionals (page and API), for members of
16 and over only, and then decides who sees the children's data in Mijn Nabij."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access.services import api_token_create
from nabij.people.models import Membership
from nabij.portal.tests.together import make_child

pytestmark = pytest.mark.django_db


def api_for(professional) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=professional.user, name='t')}")


def membership(resident) -> Membership:
    return Membership.objects.get(resident=resident, ended_on__isnull=True)


def test_the_dossier_gives_and_takes_parental_authority(world, login):
    client = login(world.assigned)
    url = reverse("people:member_authority", args=[world.household.pk])
    mine = membership(world.resident)
    html = client.get(reverse("people:household_detail", args=[world.household.pk])).content
    assert b"Gezag geven" in html
    client.post(url, {"membership": mine.pk, "parental_authority": "on"})
    assert membership(world.resident).parental_authority is True
    client.post(url, {"membership": mine.pk})
    assert membership(world.resident).parental_authority is False


def test_a_child_under_16_cannot_be_given_parental_authority(world, login):
    make_child(world, years=12)
    client = login(world.assigned)
    url = reverse("people:member_authority", args=[world.household.pk])
    response = client.post(
        url, {"membership": membership(world.child).pk, "parental_authority": "1"}, follow=True
    )
    assert "16 jaar of ouder" in response.content.decode()
    assert membership(world.child).parental_authority is False
    response = api_for(world.assigned).put(
        f"/api/v1/households/{world.household.pk}/members/{membership(world.child).pk}",
        json.dumps({"parental_authority": True}),
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_api_sets_parental_authority_and_shows_it(world):
    client = api_for(world.assigned)
    url = f"/api/v1/households/{world.household.pk}/members/{membership(world.resident).pk}"
    response = client.put(
        url, json.dumps({"parental_authority": True}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["parental_authority"] is True
    members = client.get(f"/api/v1/households/{world.household.pk}").json()["members"]
    assert {m["resident"]["first_name"]: m["parental_authority"] for m in members} == {
        "Karima": True,
        "Noor": False,
    }


def test_a_new_member_is_added_with_parental_authority(world, login):
    client = login(world.assigned)
    response = client.post(
        reverse("people:member_add", args=[world.household.pk]),
        {
            "first_name": "Yusuf",
            "last_name": "El Amrani",
            "date_of_birth": "1990-04-01",
            "role": "partner",
            "parental_authority": "on",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(resident__first_name="Yusuf").parental_authority is True
    body = {
        "resident": {
            "first_name": "Ilham",
            "last_name": "El Amrani",
            "date_of_birth": "1960-02-02",
        },
        "role": "parent",
        "parental_authority": True,
    }
    response = api_for(world.assigned).post(
        f"/api/v1/households/{world.household.pk}/members",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["parental_authority"] is True


def test_someone_not_working_on_the_household_cannot_set_it(world, login):
    client = login(world.colleague)
    url = reverse("people:member_authority", args=[world.household.pk])
    response = client.post(
        url, {"membership": membership(world.resident).pk, "parental_authority": "on"}
    )
    assert response.status_code == 404
    assert membership(world.resident).parental_authority is False
