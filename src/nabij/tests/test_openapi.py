"""The committed openapi.json is current, is OpenAPI 3.1, and is served without a token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse, JsonResponse

from nabij.core.management.commands.openapi_export import (
    DEFAULT_PATH,
    REGENERATE_HINT,
    build_schema,
    diff_summary,
    render_schema,
)
from nabij.tests.openapi import SCHEMA_PATH, assert_matches_schema


def test_committed_schema_is_current():
    assert DEFAULT_PATH.exists(), f"openapi.json is missing; {REGENERATE_HINT}"
    committed = DEFAULT_PATH.read_text(encoding="utf-8")
    current = render_schema()
    assert committed == current, (
        f"openapi.json is not current; {REGENERATE_HINT}\n{diff_summary(committed, current)}"
    )


def test_helper_reads_the_file_the_command_writes():
    assert SCHEMA_PATH == DEFAULT_PATH


def test_schema_is_openapi_3_1():
    assert build_schema()["openapi"].startswith("3.1.")


def test_check_option_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "openapi.json"
    stale.write_text('{"openapi": "3.1.0", "paths": {"/api/v1/gone": {"get": {}}}}\n')
    with pytest.raises(CommandError) as excinfo:
        call_command("openapi_export", "--check", output=stale)
    assert excinfo.value.returncode == 1
    assert "uv run nabij manage openapi_export" in str(excinfo.value)
    assert "- GET /api/v1/gone" in str(excinfo.value)


def test_export_writes_sorted_json_with_trailing_newline(tmp_path):
    target = tmp_path / "openapi.json"
    call_command("openapi_export", output=target)
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    call_command("openapi_export", "--check", output=target)


@pytest.mark.django_db
def test_schema_is_served_without_a_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == build_schema()


# --- the helper itself, against a small document of its own --------------------------------

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/api/v1/households/{household_id}": {
            "get": {
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Household"}
                            }
                        },
                    },
                    "404": {
                        "description": "Not found",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    },
                }
            },
            "delete": {"responses": {"204": {"description": "Deleted"}}},
        }
    },
    "components": {
        "schemas": {
            "Household": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string", "maxLength": 20},
                    "members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}},
                },
                "required": ["id", "name"],
            },
            "Member": {
                "type": "object",
                "properties": {"born": {"type": "string", "format": "date"}},
                "required": ["born"],
            },
            "Problem": {
                "type": "object",
                "properties": {"status": {"type": "integer"}, "title": {"type": "string"}},
                "required": ["status", "title"],
            },
        }
    },
}
PATH = "/api/v1/households/{household_id}"


def test_helper_accepts_a_matching_response():
    response = JsonResponse({"id": 1, "name": "El Amrani", "members": [{"born": "1990-02-01"}]})
    body = assert_matches_schema(response, "GET", PATH, document=DOCUMENT)
    assert body["id"] == 1


def test_helper_accepts_the_path_without_prefix():
    response = JsonResponse({"id": 1, "name": "El Amrani"})
    assert_matches_schema(response, "get", "/households/{household_id}", document=DOCUMENT)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"name": "El Amrani"}, "'id' is a required property"),
        ({"id": "1", "name": "El Amrani"}, "is not of type 'integer'"),
        ({"id": 1, "name": "x" * 21}, "is too long"),
        # through two $refs: Household -> Member
        ({"id": 1, "name": "x", "members": [{}]}, "members/0"),
        ({"id": 1, "name": "x", "members": [{"born": "1990-13-45"}]}, "is not a 'date'"),
    ],
)
def test_helper_fails_a_response_that_violates_the_schema(body, fragment):
    with pytest.raises(AssertionError) as excinfo:
        assert_matches_schema(JsonResponse(body), "get", PATH, document=DOCUMENT)
    assert fragment in str(excinfo.value)


def test_helper_validates_problem_json_against_the_error_schema():
    good = JsonResponse(
        {"status": 404, "title": "Not found"}, status=404, content_type="application/problem+json"
    )
    assert_matches_schema(good, "get", PATH, document=DOCUMENT)
    bad = JsonResponse({"status": "404"}, status=404, content_type="application/problem+json")
    with pytest.raises(AssertionError, match="required property"):
        assert_matches_schema(bad, "get", PATH, document=DOCUMENT)


def test_helper_fails_an_undocumented_status_or_operation():
    with pytest.raises(AssertionError, match="documents no 500 response"):
        assert_matches_schema(JsonResponse({}, status=500), "get", PATH, document=DOCUMENT)
    with pytest.raises(AssertionError, match="no POST"):
        assert_matches_schema(JsonResponse({}), "post", PATH, document=DOCUMENT)
    with pytest.raises(AssertionError, match=r"not in openapi\.json"):
        assert_matches_schema(JsonResponse({}), "get", "/api/v1/nowhere", document=DOCUMENT)


def test_helper_checks_empty_bodies():
    assert_matches_schema(HttpResponse(status=204), "delete", PATH, document=DOCUMENT)
    with pytest.raises(AssertionError, match="empty body"):
        assert_matches_schema(HttpResponse(status=200), "get", PATH, document=DOCUMENT)


def test_helper_fails_a_wrong_content_type():
    response = HttpResponse('{"id": 1, "name": "x"}', content_type="text/html")
    with pytest.raises(AssertionError, match="text/html"):
        assert_matches_schema(response, "get", PATH, document=DOCUMENT)


# --- every GET of the real API, answered for a team coordinator, matches the document ------


def _get_operations() -> list[str]:
    from nabij.tests.openapi import committed_schema

    return sorted(path for path, item in committed_schema()["paths"].items() if "get" in item)


@pytest.mark.django_db
@pytest.mark.parametrize("template", _get_operations())
def test_every_get_matches_the_committed_schema(client, world, template):
    from nabij.access import services as access_services
    from nabij.tests import factories as f

    household = world.household
    f.NetworkMemberFactory(household=household)
    values = {
        "household_id": household.pk,
        "resident_id": world.resident.pk,
        "code": household.neighbourhood.code,
    }
    if "/districts/" in template or template.endswith("/budget"):  # a district's code
        values["code"] = household.neighbourhood.district.code
    if "/area-funds/" in template:
        from nabij.funds.tests.helpers import fund_world

        fund_world(world)
        values["code"] = household.neighbourhood.district.code
    if template.startswith("/api/v1/areas/{code}/plans"):
        from nabij.outcomes.tests.plans_helpers import YEAR as PLAN_YEAR
        from nabij.outcomes.tests.plans_helpers import add_goal, area_world

        aw = area_world(world)  # this year's area plan of district A, with a goal
        add_goal(aw, world.assigned)
        values["code"] = aw.district.code
        values["year"] = PLAN_YEAR
    if "/accounts" in template:
        from nabij.reports.tests.helpers import YEAR as ACCOUNT_YEAR
        from nabij.reports.tests.helpers import published_account

        published_account(world)
        values["code"] = household.neighbourhood.district.code
        values["year"] = ACCOUNT_YEAR
    if "{scenario_id}" in template:
        from nabij.access.gate import Actor
        from nabij.costs.services import scenario_create

        scenario = scenario_create(
            actor=Actor(user=world.assigned.user, professional=world.assigned),
            household=household,
            title="Schuld betalen",
            current_label="Wachten",
            alternative_label="Nu betalen",
            horizon_years=5,
            discount_rate_bp=225,
            price_year=2024,
        )
        values["scenario_id"] = scenario.pk
    reader = world.coordinator
    if template.startswith("/api/v1/matching/"):
        from nabij.matching.tests.helpers import sample_register

        values.update(sample_register(world))
        reader = world.broker  # the register is the broker's
    url = template
    for name, value in values.items():
        url = url.replace("{" + name + "}", str(value))
    assert "{" not in url, f"no sample value for a parameter of {template}"
    if template == "/api/v1/me" or template.startswith("/api/v1/me/"):
        client.force_login(world.resident_user)  # Mijn Nabij: the resident's session
        headers = {}
    else:
        secret = access_services.api_token_create(user=reader.user, name="test")
        headers = {"authorization": f"Bearer {secret}"}
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    assert_matches_schema(response, "get", template)
