"""Every write endpoint in the OpenAPI document, fed junk: never a 500, always problem+json,
and nothing written."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from nabij.access.services import api_token_create
from nabij.tests.openapi import committed_schema

JUNK_BODIES = [
    "",
    "{",
    "[]",
    "null",
    '"text"',
    '{"version": "NaN", "text": 12}',
    '{"version": 1e309}',
    '{"version": -1, "text": "' + "x" * 20000 + '"}',
    '{"kind": {"$gt": ""}, "deadline": "2026-02-30"}',
    '{"first_member": {"bsn": "123456789", "date_of_birth": "3000-01-01"}}',
]


def write_operations() -> list[tuple[str, str]]:
    operations = []
    for path, methods in committed_schema()["paths"].items():
        for method in methods:
            if method in ("post", "put", "patch"):
                operations.append((method, path))
    return operations


def fill(path: str, world, ids: dict[str, int] | None = None) -> str:
    ids = {"household_id": world.household.pk, "resident_id": world.resident.pk, **(ids or {})}
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 999999)), path)


def counts() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label
        in {"people", "plans", "assessment", "areas", "costs", "funds", "matching"}
    }


@pytest.mark.django_db
def test_junk_never_gives_a_500(world):
    token = api_token_create(user=world.assigned.user, name="fuzz")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    operations = write_operations()
    assert len(operations) >= 10
    before = counts()
    for method, path in operations:
        url = fill(path, world)
        for body in JUNK_BODIES:
            response = getattr(api, method)(url, body, content_type="application/json")
            label = f"{method.upper()} {url} with {body[:40]!r}"
            assert response.status_code < 500, label
            assert response.status_code >= 400, label
            assert response["Content-Type"] == "application/problem+json", label
    assert counts() == before


@pytest.mark.django_db
def test_junk_to_the_register_never_gives_a_500(world):
    """The same junk from a social broker, against real participants and proposals."""
    from nabij.matching.tests.helpers import sample_register

    ids = sample_register(world)
    token = api_token_create(user=world.broker.user, name="fuzz")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    before = counts()
    paths = committed_schema()["paths"]
    for method, path in write_operations():
        # An operation that takes no body (consent withdrawal) has no body to get wrong.
        if not path.startswith("/api/v1/matching/") or "requestBody" not in paths[path][method]:
            continue
        url = fill(path, world, ids)
        for body in JUNK_BODIES:
            response = getattr(api, method)(url, body, content_type="application/json")
            label = f"{method.upper()} {url} with {body[:40]!r}"
            assert 400 <= response.status_code < 500, label
            assert response["Content-Type"] == "application/problem+json", label
    assert counts() == before
