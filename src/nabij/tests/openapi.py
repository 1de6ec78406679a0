"""Check API responses in tests against the committed ``openapi.json``.

Usage in any app's tests::

    from nabij.tests.openapi import assert_matches_schema

    response = client.get(f"/api/v1/households/{pk}", headers=auth)
    assert response.status_code == 200
    assert_matches_schema(response, "get", "/api/v1/households/{household_id}")

The committed file is what clients see, so validating against it (not against the live schema)
also catches an endpoint whose response drifted from what the document promises.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "openapi.json"
_DOCUMENT_URI = "urn:nabij:openapi"
API_PREFIX = "/api/v1"


@functools.cache
def committed_schema() -> dict[str, Any]:
    """The committed ``openapi.json``, read once per test run."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _pointer(*parts: str) -> str:
    """A URI fragment JSON pointer (RFC 6901, then percent-encoded for ``{`` and friends)."""
    escaped = "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + quote(escaped, safe="/~")


def _media_type(response: HttpResponse) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _operation(
    document: dict[str, Any], method: str, path_template: str
) -> tuple[str, dict[str, Any]]:
    """The ``paths`` key and the operation object; the ``/api/v1`` prefix may be left off."""
    paths = document.get("paths", {})
    template = path_template
    if template not in paths and API_PREFIX + template in paths:
        template = API_PREFIX + template
    if template not in paths:
        raise AssertionError(
            f"{path_template!r} is not in openapi.json; known paths: {sorted(paths)}"
        )
    operations = paths[template]
    if method.lower() not in operations:
        raise AssertionError(f"openapi.json has no {method.upper()} for {template}")
    return template, operations[method.lower()]


def _documented_response(
    operation: dict[str, Any], label: str, status: int
) -> tuple[str, dict[str, Any]]:
    """The response object for a status: exact code, then ``4XX``-style ranges, then default."""
    responses = operation.get("responses", {})
    for code in (str(status), f"{str(status)[0]}XX", "default"):
        if code in responses:
            return code, responses[code]
    raise AssertionError(
        f"{label} documents no {status} response (documented: {sorted(responses)})"
    )


def response_schema_pointer(
    document: dict[str, Any], method: str, path_template: str, status: int, media_type: str
) -> str:
    """Where the response schema for this operation, status and media type lives."""
    template, operation = _operation(document, method, path_template)
    label = f"{method.upper()} {template}"
    code, documented = _documented_response(operation, label, status)
    content = documented.get("content", {})
    if media_type in content:
        chosen = media_type
    elif media_type == "application/problem+json" and "application/json" in content:
        # Ninja labels every response application/json; problem+json is a JSON subtype.
        chosen = "application/json"
    else:
        raise AssertionError(
            f"{label} {status}: response is {media_type!r}, "
            f"documented: {sorted(content) or 'no body'}"
        )
    if "schema" not in content[chosen]:
        raise AssertionError(f"{label} {status}: no schema for {chosen}")
    return _pointer(
        "paths", template, method.lower(), "responses", code, "content", chosen, "schema"
    )


def assert_matches_schema(
    response: HttpResponse,
    method: str,
    path_template: str,
    *,
    document: dict[str, Any] | None = None,
) -> Any:
    """Fail unless the response's status, content type and JSON body match the document.

    ``path_template`` is the key in ``paths`` (``/api/v1/households/{household_id}``; the
    ``/api/v1`` prefix may be left off). ``$ref``s to ``#/components/schemas/...`` resolve in the
    whole document. Returns the parsed body. ``document`` replaces the committed schema (for
    testing this helper).
    """
    doc = committed_schema() if document is None else document
    status = response.status_code
    media_type = _media_type(response)
    # A streamed body (the resident's export) is read to its end, once.
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if not content:
        template, operation = _operation(doc, method, path_template)
        _, documented = _documented_response(operation, f"{method.upper()} {template}", status)
        if documented.get("content"):
            raise AssertionError(
                f"{method.upper()} {template} {status}: empty body, but the document promises "
                f"{sorted(documented['content'])}"
            )
        return None
    pointer = response_schema_pointer(doc, method, path_template, status, media_type)
    try:
        body = json.loads(content)
    except ValueError as exc:
        raise AssertionError(f"{method.upper()} {path_template}: body is not JSON: {exc}") from exc
    registry: Registry[Any] = Registry().with_resource(
        _DOCUMENT_URI, Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    validator = Draft202012Validator(
        {"$ref": _DOCUMENT_URI + pointer},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [
            f"  at {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in errors[:20]
        ]
        raise AssertionError(
            f"{method.upper()} {path_template} {status} does not match openapi.json:\n"
            + "\n".join(lines)
        )
    return body
