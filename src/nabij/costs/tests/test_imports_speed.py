"""What the import remembers to be fast must never change what it finds or writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from nabij.costs.imports import import_files, tabular
from nabij.costs.imports.tabular import CellReader, header_map
from nabij.costs.models import CostLine
from nabij.costs.tests import test_imports
from nabij.costs.tests.test_imports import CSV_HEADER, GERRIT, csv_line, data, refused

ledger = test_imports.ledger  # the same fixture: the world with the messages' BSNs


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_a_bad_cell_that_repeats_is_reported_on_every_line_it_is_on(ledger):
    content = "\n".join(
        [
            CSV_HEADER,
            csv_line(ref="R1", start="2026-13-01"),
            csv_line(ref="R2"),  # the good values in between are remembered
            csv_line(ref="R3", start="2026-13-01"),
            csv_line(ref="R4", amount="95O,00"),
            csv_line(ref="R5", amount="95O,00"),
            csv_line(ref="R6", amount="951,00"),  # a remembered volume and tariff
            csv_line(ref="R7", tariff="95,00", amount="950,00"),
            "",
        ]
    )
    findings = refused(ledger.actor, data("repeats.csv", content.encode()))
    assert findings == [
        "repeats.csv:2: van: “2026-13-01” is not a date (use 2026-03-31).",
        "repeats.csv:4: van: “2026-13-01” is not a date (use 2026-03-31).",
        "repeats.csv:5: bedrag: “95O,00” is not an amount in euros (such as 1250,00; "
        "no thousands separators).",
        "repeats.csv:6: bedrag: “95O,00” is not an amount in euros (such as 1250,00; "
        "no thousands separators).",
        "repeats.csv:7: The amount €951,00 is not volume × tariff (10 × €95,00 = €950,00).",  # noqa: RUF001
    ]


@pytest.mark.django_db
def test_remembered_values_are_written_as_the_file_states_them(ledger):
    content = "\n".join(
        [
            CSV_HEADER,
            csv_line(ref="R1"),
            csv_line(ref="R2", start="01-02-2026", end="28-02-2026", volume="10,00"),
            csv_line(bsn=GERRIT, ref="R3", start=" 2026-01-01 ", volume=" 10"),
            # A short row: the missing last column (reference) is empty, not the previous one.
            ";".join(csv_line(ref="R4").split(";")[:-1]),
            "",
        ]
    )
    [result] = import_files(ledger.actor, [data("good.csv", content.encode())])
    assert result.lines == 4
    rows = list(
        CostLine.objects.order_by("id").values_list(
            "period_start", "period_end", "volume", "amount_cents", "external_ref", "unit"
        )
    )
    january, february = (
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (
            dt.date(2026, 2, 1),
            dt.date(2026, 2, 28),
        ),
    )
    assert rows == [
        (*january, Decimal("10.00"), 95_000, "R1", "04"),
        (*february, Decimal("10.00"), 95_000, "R2", "04"),
        (*january, Decimal("10.00"), 95_000, "R3", "04"),
        (*january, Decimal("10.00"), 95_000, "", "04"),
    ]


def test_the_reader_starts_afresh_past_its_limit_and_stays_right(monkeypatch):
    monkeypatch.setattr(tabular, "MEMO_LIMIT", 3)
    positions = header_map(CSV_HEADER.split(";"), "1")
    reader = CellReader(positions, strings=True)
    for day in range(1, 29):
        line = reader(str(day), csv_line(start=f"2026-02-{day:02d}", end="2026-02-28").split(";"))
        assert line.period_start == dt.date(2026, 2, day)
        assert line.problems == []
        assert len(reader.dates) <= 3
    bad = reader("30", csv_line(start="2026-02-30").split(";"))
    assert bad.period_start is None
    assert [key for key, _message in bad.problems] == ["period_start"]


@pytest.mark.django_db
def test_sqlite_gets_its_page_cache_back_after_the_write(ledger):
    if connection.vendor != "sqlite":
        pytest.skip("the page cache is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        content = "\n".join([CSV_HEADER, csv_line(), ""])
        import_files(ledger.actor, [data("one.csv", content.encode())])
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone() == (before,)


@pytest.mark.django_db
def test_every_ledger_foreign_key_is_checked_by_the_database_and_leads_an_index():
    """Fewer indexes for the import (migration 0006), yet no key loses its check or its index."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, CostLine._meta.db_table)
    keys = {
        field.column
        for field in CostLine._meta.concrete_fields
        if field.is_relation and field.db_constraint  # type: ignore[attr-defined]
    }
    assert keys == {
        "household_id",
        "resident_id",
        "provider_id",
        "batch_id",
        "reference_price_id",
        "corrects_id",
        "recorded_by_id",
    }
    checked = {
        info["columns"][0] for info in constraints.values() if info["foreign_key"] is not None
    }
    assert checked == keys
    leading = {
        info["columns"][0] for info in constraints.values() if info["index"] or info["unique"]
    }
    assert keys <= leading
    by_name = {name: info["columns"] for name, info in constraints.items()}
    assert by_name["costline_household"] == ["household_id", "period_start"]
    assert by_name["costline_provider_ref"] == ["provider_id", "external_ref"]
    assert by_name["costline_reference_price"] == ["reference_price_id"]
    single = [info["columns"] for info in constraints.values() if info["index"]]
    assert ["household_id"] not in single
    assert ["provider_id"] not in single
