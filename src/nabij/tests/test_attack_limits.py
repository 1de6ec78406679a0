"""Attack classes of issue 9 about limits: resource exhaustion, and ids beyond 64 bits.

The probes are generated from the URLconf and the committed ``openapi.json``, so a new page or
operation is probed without anyone remembering to add it.
"""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from nabij import cli
from nabij.access import gate
from nabij.access.models import AccessLogEntry, Outcome
from nabij.access.services import api_token_create
from nabij.core.ids import MAX_ID, MAX_OFFSET, IdConverter
from nabij.costs.imports import ImportRefused, import_files
from nabij.costs.models import CostLine, ImportBatch
from nabij.jobs.models import Job
from nabij.jobs.services import jobs_run_waiting
from nabij.server import server_options
from nabij.tests.openapi import committed_schema

MB = 1024 * 1024
TWENTY_DIGITS = "99999999999999999999"  # > 2**64
JUST_PAST = str(MAX_ID + 1)  # 2**63: one past the largest id the database holds
NOT_IDS = [TWENTY_DIGITS, JUST_PAST, "-1", "0"]

# --------------------------------------------------------------------------- crafted XLSX

HEADER = ["BSN", "Provider", "Stream", "Payer", "Period start", "Period end", "Amount"]


def workbook() -> bytes:
    """A real, small XLSX (one header row, one line) as openpyxl writes it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["188000100", "Thuiszorg", "wmo", "municipality", "2026-01-01", "2026-01-31", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_parts(
    base: bytes, parts: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """``base`` with ``parts`` replaced or added, each part compressed as asked."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info.filename), zipfile.ZIP_DEFLATED)
        for name, content in parts.items():
            target.writestr(name, content, compression)
    return out.getvalue()


def shared_strings(size: int) -> bytes:
    """One shared string of ``size`` repeated characters: compresses about 1000:1."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>' + b"A" * size + b"</t></si></sst>"
    )


SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>'
)


def bomb(size: int = 8 * MB) -> bytes:
    """The workbook with a shared-strings part (declared, so openpyxl reads it whole)."""
    base = workbook()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        types = archive.read("[Content_Types].xml").replace(b"</Types>", SHARED_STRINGS_TYPE)
    return with_parts(
        base, {"[Content_Types].xml": types, "xl/sharedStrings.xml": shared_strings(size)}
    )


def understated(size: int = 8 * MB) -> bytes:
    """A bomb whose directory claims its shared strings unpack to 1 KB: the sizes lie."""
    content = bytearray(bomb(size))
    name = b"xl/sharedStrings.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := content.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if content[name_at : name_at + len(name)] == name:
                content[start + offset : start + offset + 4] = struct.pack("<I", 1024)
            start += 4
    return bytes(content)


def data(name: str, content: bytes) -> tuple[str, Any, int]:
    return (name, lambda: io.BytesIO(content), len(content))


@pytest.fixture
def importer(world):
    world.actor = gate.Actor(user=world.coordinator.user, professional=world.coordinator)
    return world


def refused_import(actor: gate.Actor, content: bytes) -> str:
    with translation.override("en"), pytest.raises(ImportRefused) as info:
        import_files(actor, [data("kosten.xlsx", content)])
    assert not CostLine.objects.exists()
    assert not ImportBatch.objects.exists()
    [finding] = info.value.findings
    return str(finding)


@pytest.mark.django_db
class TestResourceExhaustion:
    """A small upload that unpacks to a huge one is refused before it is unpacked."""

    def test_the_crafted_bomb_is_what_the_issue_describes(self):
        content = bomb(8 * MB)
        assert len(content) < 64 * 1024  # a few KB on disk ...
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("xl/sharedStrings.xml")
        assert info.file_size > 8 * MB  # ... 8 MB unpacked
        assert info.file_size / info.compress_size > 500

    def test_openpyxl_would_read_the_bomb_whole(self):
        """Without the check, the bomb is unpacked: openpyxl loads every shared string."""
        from openpyxl.reader.excel import ExcelReader

        reader = ExcelReader(io.BytesIO(bomb(2 * MB)), read_only=True)
        reader.read_manifest()
        reader.read_strings()
        assert len(reader.shared_strings[0]) == 2 * MB

    def test_a_well_formed_workbook_passes_the_check(self, importer):
        """The limits do not refuse an ordinary XLSX: its line is checked, not the archive."""
        with translation.override("en"), pytest.raises(ImportRefused) as info:
            import_files(importer.actor, [data("kosten.xlsx", workbook())])
        assert "zip" not in str(info.value.findings[0]).lower()

    def test_a_compression_bomb_is_refused_by_its_ratio(self, importer):
        finding = refused_import(importer.actor, bomb())
        assert "xl/sharedStrings.xml" in finding
        assert "zip bomb" in finding

    def test_the_ratio_is_a_setting(self, importer, settings):
        settings.UPLOAD_MAX_ZIP_RATIO = 10_000
        settings.UPLOAD_MAX_MEMBER_MB = 4
        finding = refused_import(importer.actor, bomb(8 * MB))
        assert "unpacks to 8 MB; at most 4 MB" in finding

    def test_too_much_unpacked_in_total_is_refused(self, importer, settings):
        settings.UPLOAD_MAX_UNCOMPRESSED_MB = 2
        sheet = b"<worksheet>" + bytes(range(256)) * (12 * 1024) + b"</worksheet>"  # 3 MB
        content = with_parts(
            workbook(), {"xl/worksheets/sheet2.xml": sheet}, compression=zipfile.ZIP_STORED
        )
        assert "unpacks to 3 MB; at most 2 MB" in refused_import(importer.actor, content)

    def test_a_streamed_worksheet_is_held_to_the_total_not_to_the_part_limit(self, settings):
        from nabij.core.uploads import check_archive, xlsx_streamed

        settings.UPLOAD_MAX_MEMBER_MB = 1
        sheet = b"<worksheet>" + bytes(range(256)) * (8 * 1024) + b"</worksheet>"  # 2 MB
        content = with_parts(
            workbook(), {"xl/worksheets/sheet2.xml": sheet}, compression=zipfile.ZIP_STORED
        )
        check_archive(io.BytesIO(content), streamed=xlsx_streamed)  # no exception

    def test_too_many_parts_are_refused(self, importer, settings):
        settings.UPLOAD_MAX_ZIP_MEMBERS = 20
        parts = {f"customXml/item{n}.xml": b"<x/>" for n in range(30)}
        assert "at most 20 are accepted" in refused_import(
            importer.actor, with_parts(workbook(), parts)
        )

    def test_sizes_that_lie_do_not_unpack_more_than_they_claim(self):
        """What the check relies on: zipfile stops at the declared size, then fails the CRC."""
        with zipfile.ZipFile(io.BytesIO(understated())) as archive:
            assert archive.getinfo("xl/sharedStrings.xml").file_size == 1024
            unpacked = 0
            with (
                pytest.raises(zipfile.BadZipFile),
                archive.open("xl/sharedStrings.xml") as member,
            ):
                while chunk := member.read(64 * 1024):
                    unpacked += len(chunk)
        assert unpacked <= 1024

    @pytest.mark.parametrize("make", [bomb, understated])
    def test_refusing_a_bomb_allocates_next_to_nothing(self, importer, make):
        content = make(32 * MB)
        tracemalloc.start()
        try:
            with pytest.raises(ImportRefused):
                import_files(importer.actor, [data("kosten.xlsx", content)])
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 4 * MB, f"peak {peak / MB:.1f} MB for a {len(content) / 1024:.0f} KB file"

    def test_the_cli_refuses_a_bomb_as_unreadable_and_writes_nothing(
        self, importer, tmp_path: Path, capsys
    ):
        path = tmp_path / "kosten.xlsx"
        path.write_bytes(bomb())
        with translation.override("en"):
            assert cli.main(["import", "costs", str(path), "--user", "coordinator"]) == 2
        err = capsys.readouterr().err
        assert f"{path}: cannot be read: " in err and "zip bomb" in err
        assert not CostLine.objects.exists() and not ImportBatch.objects.exists()

    def test_the_page_refuses_a_bomb_in_dutch_and_writes_nothing(self, importer, login):
        client = login(importer.coordinator)
        upload = SimpleUploadedFile("kosten.xlsx", bomb())
        response = client.post("/kosten/importeren/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="nl")
        # The upload becomes a background job; the worker refuses the bomb, and the job's page
        # says why.
        assert response.status_code == 302 and "/taken/" in response.url
        jobs_run_waiting()
        job = Job.objects.get()
        assert job.state == Job.State.FAILED
        page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="nl")
        assert page.status_code == 200 and "zipbom" in page.content.decode()
        assert not CostLine.objects.exists() and not ImportBatch.objects.exists()

    def test_workers_are_recycled(self):
        """Memory a parser once took is given back: each worker is replaced after a while."""
        options = server_options(host="127.0.0.1", port=8000)
        assert options["max_requests"] >= 100
        assert 0 < options["max_requests_jitter"] < options["max_requests"]


# --------------------------------------------------------------------------- page patterns


def page_routes() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every page route of the URLconf, as (route, converters); the API and admin excluded."""

    def walk(patterns: list[Any], prefix: str, converters: dict[str, Any]) -> Iterator[Any]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            found = {**converters, **getattr(pattern.pattern, "converters", {})}
            if isinstance(pattern, URLResolver):
                if route.startswith(("api/", "^api/", "beheer/", "i18n/")):
                    continue
                yield from walk(pattern.url_patterns, route, found)
            elif isinstance(pattern, URLPattern):
                yield route, found

    yield from walk(get_resolver().url_patterns, "", {})


def id_routes() -> list[str]:
    return [route for route, _converters in page_routes() if re.search(r"\w_id>", route)]


def fill_route(route: str, value: str) -> str:
    """The route with every id set to ``value`` and every other parameter to a plain word."""
    url = re.sub(r"<(?:\w+:)?\w+_id>", value, route)
    url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
    return "/" + url


def quiet(client: Client, method: str, url: str, **kwargs: Any) -> int:
    """The status code; a crash is a 500 here, and does not break the test's transaction."""
    client.raise_request_exception = False
    with transaction.atomic():
        response = getattr(client, method)(url, **kwargs)
        status = response.status_code
        transaction.set_rollback(True)
    return status


# --------------------------------------------------------------------------- API operations


def api_operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, operations in committed_schema()["paths"].items()
        for method, operation in operations.items()
    ]


def _id_parameters(operation: dict[str, Any]) -> list[str]:
    return [
        p["name"]
        for p in operation.get("parameters", [])
        if p["in"] == "path" and p["schema"].get("type") == "integer"
    ]


def fill_path(path: str, operation: dict[str, Any], ids: dict[str, str]) -> str:
    integers = _id_parameters(operation)
    return re.sub(
        r"\{(\w+)\}",
        lambda m: ids.get(m.group(1), "1") if m.group(1) in integers else "X",
        path,
    )


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        node: Any = committed_schema()
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return _resolve(node)
    return schema


def body_id_properties() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(method, path, property, its schema) for every ``*_id`` property of a request body."""
    found = []
    for method, path, operation in api_operations():
        content = operation.get("requestBody", {}).get("content", {})
        for media in content.values():
            schema = _resolve(media["schema"])
            for name, prop in schema.get("properties", {}).items():
                if name.endswith("_id"):
                    found.append((method, path, name, prop))
    return found


def _integer_branch(prop: dict[str, Any]) -> dict[str, Any]:
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "integer":
            return branch
    raise AssertionError(f"no integer in {prop}")


@pytest.fixture
def coordinator_api(world) -> Client:
    token = api_token_create(user=world.coordinator.user, name="limits")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def resident_api(world) -> Client:
    """``/api/v1/me/...`` takes the resident's session, never a token (a token gets 401)."""
    client = Client()
    client.force_login(world.resident_user)
    return client


@pytest.mark.django_db
class TestIdsBeyond64Bits:
    """Ids and offsets past what a 64-bit primary key holds: 404 or 422, never a 500."""

    def test_the_generators_see_the_routes(self):
        routes = id_routes()
        assert "huishoudens/<id:household_id>/" in routes
        assert len(routes) >= 25
        assert len([op for op in api_operations() if _id_parameters(op[2])]) >= 30
        assert len(body_id_properties()) >= 5

    def test_every_page_id_uses_the_range_checked_converter(self):
        for route, converters in page_routes():
            for name, converter in converters.items():
                if name.endswith("_id"):
                    assert isinstance(converter, IdConverter), f"{route}: {name} is unchecked"

    def test_the_converter_refuses_what_the_database_cannot_hold(self):
        converter = IdConverter()
        assert converter.to_python(str(MAX_ID)) == MAX_ID
        with pytest.raises(ValueError):
            converter.to_python(JUST_PAST)
        assert not re.fullmatch(converter.regex, "0")
        assert not re.fullmatch(converter.regex, "-1")
        assert not re.fullmatch(converter.regex, TWENTY_DIGITS)

    @pytest.mark.parametrize("value", NOT_IDS)
    def test_every_page_with_an_id_answers_404(self, world, login, value):
        client = login(world.coordinator)
        for route in id_routes():
            url = fill_route(route, value)
            for method in ("get", "post"):
                status = quiet(client, method, url)
                assert status == 404, f"{method.upper()} {url}: {status}"

    @pytest.mark.parametrize("value", [TWENTY_DIGITS, JUST_PAST, "-1"])
    def test_numbers_past_64_bits_in_a_page_query_never_give_a_500(self, world, login, value):
        """Every query parameter a page reads (page numbers, years, areas, filters)."""
        names = [
            "page", "boekingen", "jaar", "year", "gebied", "gemeente", "household", "instrument",
            "status", "q", "bsn", "district", "wijk", "buurt",
        ]  # fmt: skip
        query = "&".join(f"{name}={value}" for name in names)
        own = {"household_id": world.household.pk, "resident_id": world.resident.pk}
        client = login(world.coordinator)
        for route, _converters in page_routes():
            url = re.sub(r"<(?:\w+:)?(\w+_id)>", lambda m: str(own.get(m.group(1), 1)), route)
            url = "/" + re.sub(r"<(?:\w+:)?\w+>", "x", url)
            status = quiet(client, "get", f"{url}?{query}")
            assert status < 500, f"GET {url}?{query}: {status}"

    @pytest.mark.parametrize("value", NOT_IDS)
    def test_every_api_id_answers_404_or_422(self, coordinator_api, resident_api, value):
        for method, path, operation in api_operations():
            names = _id_parameters(operation)
            client = resident_api if path.startswith("/api/v1/me/") else coordinator_api
            for name in names:
                url = fill_path(path, operation, {name: value})
                status = quiet(client, method, url, content_type="application/json")
                assert status in (404, 422), f"{method.upper()} {url}: {status}"

    @pytest.mark.parametrize("value", [TWENTY_DIGITS, JUST_PAST, str(MAX_OFFSET + 1), "-1"])
    def test_every_offset_out_of_range_answers_422(self, coordinator_api, resident_api, value):
        probed = 0
        for method, path, operation in api_operations():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            if "offset" not in names:
                continue
            url = fill_path(path, operation, {})
            client = resident_api if path.startswith("/api/v1/me/") else coordinator_api
            status = quiet(client, method, f"{url}?offset={value}")
            assert status == 422, f"{method.upper()} {url}?offset={value}: {status}"
            status = quiet(client, method, f"{url}?limit={value}")
            assert status == 422, f"{method.upper()} {url}?limit={value}: {status}"
            probed += 1
        assert probed >= 10

    def test_an_offset_past_the_end_is_an_empty_page(self, coordinator_api):
        response = coordinator_api.get(f"/api/v1/households?offset={MAX_OFFSET}")
        assert response.status_code == 200
        assert response.json()["items"] == []

    def test_every_id_in_a_body_is_range_checked_in_the_schema(self):
        for method, path, name, prop in body_id_properties():
            branch = _integer_branch(prop)
            label = f"{method.upper()} {path} {name}"
            assert branch.get("minimum") == 1, label
            assert branch.get("maximum") == MAX_ID, label

    @pytest.mark.parametrize("value", [10**20, MAX_ID + 1, -1, 0])
    def test_an_id_in_a_body_answers_422(self, world, value):
        token = api_token_create(user=world.coordinator.user, name="limits")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = api.post(
            f"/api/v1/households/{world.household.pk}/assignments",
            {"professional_id": value, "kind": "involved"},
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "professional_id"

    def test_an_id_in_every_body_never_gives_a_500(self, coordinator_api, world):
        for method, path, name, _prop in body_id_properties():
            operation = committed_schema()["paths"][path][method]
            url = fill_path(path, operation, {"household_id": str(world.household.pk)})
            for value in (10**20, MAX_ID + 1, -1):
                status = quiet(
                    coordinator_api,
                    method,
                    url,
                    data={name: value},
                    content_type="application/json",
                )
                assert 400 <= status < 500, f"{method.upper()} {url} {name}={value}: {status}"

    @pytest.mark.parametrize("value", [10**20, MAX_ID + 1, -(2**70)])
    def test_the_gate_logs_a_refusal_for_an_id_it_cannot_store(self, world, value):
        """If an out-of-range id reaches the gate anyway, the probe still leaves its trace."""
        actor = gate.Actor(user=world.coordinator.user, professional=world.coordinator)
        with pytest.raises(gate.NotFound):
            gate.household_for(actor, value, event="test.probe")
        with pytest.raises(gate.NotFound):
            gate.resident_for(actor, value, event="test.probe")
        rows = AccessLogEntry.objects.filter(event="test.probe", outcome=Outcome.REFUSED)
        assert rows.count() == 2
        household_row = rows.get(detail__contains="household")
        assert household_row.household_id is None
        assert str(value) in household_row.detail
        assert str(value) in rows.exclude(pk=household_row.pk).get().detail
