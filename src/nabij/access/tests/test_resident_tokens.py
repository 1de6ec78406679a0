"""Residents never get API tokens: their API (``/api/v1/me``) is their DigiD session."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access import services
from nabij.access.enums import RESIDENT_ROLE, Event
from nabij.access.models import AccessLogEntry, ApiToken
from nabij.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_the_tokens_page_refuses_a_residents_session(world, client):
    client.force_login(world.resident_user)
    assert client.get(reverse("access:tokens")).status_code == 403
    response = client.post(reverse("access:tokens"), {"name": "mijn app"})
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=world.resident_user).exists()
    refused = AccessLogEntry.objects.filter(event=Event.API_TOKENS, outcome="refused")
    assert refused.count() == 2
    assert {row.role for row in refused} == {RESIDENT_ROLE}


def test_revoking_is_refused_to_a_resident_too(world, client):
    token = services.api_token_create(user=world.assigned.user, name="koppeling")
    mine = ApiToken.objects.get(user=world.assigned.user)
    client.force_login(world.resident_user)
    response = client.post(reverse("access:token_revoke", args=[mine.pk]))
    assert response.status_code == 403
    assert services.api_token_user(token) == world.assigned.user  # still valid


def test_a_professional_still_has_the_tokens_page(world, client):
    client.force_login(world.assigned.user)
    response = client.post(reverse("access:tokens"), {"name": "koppeling"})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=world.assigned.user).count() == 1


def test_api_token_create_refuses_a_resident(world):
    with pytest.raises(DomainError):
        services.api_token_create(user=world.resident_user, name="app")
    assert not ApiToken.objects.filter(user=world.resident_user).exists()


def test_a_token_of_a_resident_opens_nothing(world):
    """Defence in depth: a token row that somehow belongs to a resident is ignored."""
    secret = "nbj_" + "x" * 43
    ApiToken.objects.create(
        user=world.resident_user,
        name="slipped through",
        digest=services._digest(secret),
        prefix=secret[4:12],
    )
    assert services.api_token_user(secret) is None
    for path in ("/api/v1/me", "/api/v1/areas/municipalities"):  # the latter: any token
        response = Client().get(path, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 401, path
