"""Secure headers on every page, a CSP the templates can live with, API errors as problem+json."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone

from nabij.access import services as access_services
from nabij.access.models import ApiToken
from nabij.core.ids import IdConverter
from nabij.core.management.commands.openapi_export import build_schema
from nabij.core.problems import PROBLEM_CONTENT_TYPE

SRC = Path(__file__).resolve().parents[3]

# --- headers --------------------------------------------------------------------------------


def _named_routes(
    patterns: list[Any], namespace: str = "", converters: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(``namespace:name``, converters) of every named page route; the API and admin aside."""
    for entry in patterns:
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if entry.namespace in {"api", "admin"}:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", found


def page_urls(sample_id: int, samples: dict[str, int] | None = None) -> list[str]:
    """A URL for every page route: numeric parameters from ``samples`` by name, else
    ``sample_id``."""
    urls = []
    for name, converters in _named_routes(get_resolver().url_patterns):
        kwargs: dict[str, Any] = {}
        for key, converter in converters.items():
            if isinstance(converter, (IntConverter, IdConverter)):
                kwargs[key] = (samples or {}).get(key, sample_id)
            elif isinstance(converter, UUIDConverter):
                kwargs[key] = uuid.uuid4()
            elif type(converter).__name__ == "YearConverter":  # the area plans' years
                kwargs[key] = (samples or {}).get(key, 2026)
            else:
                kwargs[key] = "x"
        urls.append(reverse(name, kwargs=kwargs))
    return sorted(set(urls))


def assert_secure_headers(response: Any, url: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, f"{url}: no Content-Security-Policy"
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "'unsafe-inline'" not in csp, f"{url}: CSP allows inline code: {csp}"
    assert "'unsafe-eval'" not in csp, f"{url}: CSP allows eval: {csp}"
    assert directives.get("script-src") == ["'self'"], f"{url}: script-src is not 'self': {csp}"
    assert directives.get("object-src") == ["'none'"], f"{url}: {csp}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{url}: {csp}"
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url


def _is_html(response: Any) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "assigned", "coordinator", "administrator"])
def test_every_html_page_carries_secure_headers(client, world, who):
    if who != "anonymous":
        client.force_login(world.by_key(who).user)
    samples = {"household_id": world.household.pk, "resident_id": world.resident.pk}
    urls = [*page_urls(world.household.pk, samples), "/api/v1/docs", "/bestaat-niet/", "/beheer/"]
    html_pages = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if _is_html(response):
            html_pages += 1
            assert_secure_headers(response, url)
    assert html_pages >= 3


@pytest.mark.django_db
def test_refused_page_carries_secure_headers(client):
    response = Client(enforce_csrf_checks=True).post(reverse("core:login"), {})
    assert response.status_code == 403
    assert_secure_headers(response, "csrf failure")


def test_routes_are_found():
    """The walker above must see the pages, or the header test proves nothing."""
    urls = page_urls(1)
    assert reverse("core:login") in urls
    assert reverse("core:home") in urls


# --- templates ------------------------------------------------------------------------------

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*)?>", re.DOTALL)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


def template_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*") if p.suffix in {".html", ".svg", ".txt"})


def csp_violations(text: str) -> list[str]:
    """What ``script-src 'self'; style-src 'self'`` would block in this template."""
    problems = []
    for match in SCRIPT_ELEMENT.finditer(text):
        attributes, body = match.group(1), match.group(2)
        is_data = re.search(r"type\s*=\s*[\"']application/(ld\+)?json[\"']", attributes)
        if body.strip() and not is_data:
            problems.append(f"inline <script>: {body.strip()[:60]!r}")
    for match in TAG.finditer(text):
        attributes = match.group(2) or ""
        if EVENT_ATTRIBUTE.search(attributes):
            problems.append(f"event handler attribute: {match.group(0)[:80]!r}")
        if STYLE_ATTRIBUTE.search(attributes):
            problems.append(f"style attribute: {match.group(0)[:80]!r}")
        if match.group(1).lower() == "style":
            problems.append("<style> element")
    if re.search(r"javascript:", text, re.IGNORECASE):
        problems.append("javascript: URL")
    return problems


def test_templates_are_found():
    names = {p.name for p in template_files()}
    assert {"base.html", "login.html"} <= names


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">x</button>',
        '<a href="#" onMouseOver = "go()">x</a>',
        '<div class="a" style="color: red">x</div>',
        "<style>p { color: red }</style>",
        '<a href="javascript:go()">x</a>',
        '<span\n  class="x"\n  style="width: {{ w }}%">x</span>',
    ],
)
def test_scanner_catches_inline_code(snippet):
    assert csp_violations(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/nabij/nabij.js" defer></script>',
        '<script type="application/json" id="data">{"a": 1}</script>',
        '<p data-confirm="Weet u het zeker?">one = two, the phrase "online"</p>',
        '<input name="stylesheet" value="on">',
    ],
)
def test_scanner_allows_external_code_and_data(snippet):
    assert csp_violations(snippet) == []


def test_no_template_has_inline_script_handlers_or_styles():
    problems = [
        f"{path.relative_to(SRC)}: {problem}"
        for path in template_files()
        for problem in csp_violations(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "The CSP would block these:\n" + "\n".join(problems)


# --- API errors -----------------------------------------------------------------------------


def protected_operations() -> list[tuple[str, str]]:
    """(method, path) of every API operation that needs a token, parameters filled with 1."""
    operations = []
    for path, item in build_schema()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and operation.get("security"):
                operations.append((method.upper(), re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(operations)


def _request(client: Client, method: str, path: str, **headers: str) -> Any:
    call = getattr(client, method.lower())
    if method in {"POST", "PUT", "PATCH"}:
        return call(path, data="{}", content_type="application/json", headers=headers)
    return call(path, headers=headers)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response.headers["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    return body


def test_the_api_has_protected_operations():
    assert protected_operations(), "no API operation requires a token"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), protected_operations())
def test_api_without_token_is_401_problem(client, method, path):
    response = _request(client, method, path)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), protected_operations())
def test_api_with_revoked_or_unknown_token_is_401(client, world, method, path):
    secret = access_services.api_token_create(user=world.assigned.user, name="laptop")
    ApiToken.objects.update(revoked_at=timezone.now())
    assert_problem(_request(client, method, path, authorization=f"Bearer {secret}"), 401)
    assert_problem(_request(client, method, path, authorization="Bearer nbj_made-up"), 401)


@pytest.mark.django_db
def test_api_token_of_an_inactive_user_is_401(client, world):
    gets = [op for op in protected_operations() if op[0] == "GET"]
    assert gets, "no GET operation requires a token"
    method, path = gets[0]
    secret = access_services.api_token_create(user=world.assigned.user, name="laptop")
    assert _request(client, method, path, authorization=f"Bearer {secret}").status_code != 401
    world.assigned.user.is_active = False
    world.assigned.user.save()
    assert_problem(_request(client, method, path, authorization=f"Bearer {secret}"), 401)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/api/v1/bestaat-niet", "/api/v1/households/1/nope/deeper/"])
def test_unknown_api_path_is_404_problem(client, method, path):
    body = assert_problem(_request(client, method, path), 404)
    assert body["instance"] == path
