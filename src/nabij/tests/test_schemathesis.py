"""Schemathesis over the whole API, in-process, with a team coordinator's token.

Every operation of the committed ``openapi.json`` is called with generated requests, valid and
invalid, against the Django WSGI application: no answer may be a 5xx, and no answer may carry a
status code that the schema does not document for that operation. A few examples per operation
keep the run short (it runs in the normal suite, on SQLite and on PostgreSQL); the seed is
fixed, so a failure reproduces.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from nabij.access.services import api_token_create
from nabij.tests.openapi import SCHEMA_PATH

schema = schemathesis.openapi.from_path(SCHEMA_PATH)
EXAMPLES_PER_OPERATION = 5


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The Django application inside the test's transaction.

    A real WSGI request closes "old" database connections when it starts and ends; inside the
    test's transaction that would close the connection the test data live on. Django's test
    client disconnects the same handlers.
    """
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_headers(world) -> dict[str, str]:
    token = api_token_create(user=world.coordinator.user, name="schemathesis")
    return {"Authorization": f"Bearer {token}", "Host": "testserver"}


@pytest.mark.django_db
@schema.parametrize()
@seed(9)
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(case, world, wsgi_app, coordinator_headers):
    # About half of the cases work on the coordinator's own household and resident, so the
    # generated bodies reach the services and not only the gate's 404.
    own = {"household_id": world.household.pk, "resident_id": world.resident.pk}
    if case.path_parameters and zlib.crc32(repr((case.query, case.body)).encode()) % 2 == 0:
        for name, value in own.items():
            if name in case.path_parameters:
                case.path_parameters[name] = value
    case.call_and_validate(
        app=wsgi_app,
        headers=coordinator_headers,
        checks=[not_a_server_error, status_code_conformance],
    )
