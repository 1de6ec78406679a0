"""Writes of area outcomes.

``indicators_import`` writes checked indicator tables: for each table one ``IndicatorImport``
batch, its definitions (``Indicator`` and ``IndicatorKey`` rows, created or updated) and its
values, all tables in ONE transaction. The reading and checking of CBS's files is in
``outcomes.imports``; nothing reaches this module before every file was checked clean.

Re-importing a table's period replaces that period's values: the earlier batch gets
``replaced_by`` and its values ``current=False``; they stay as history. A value of another
table (or of the demo) for the same indicator, area and period is retired the same way, so
the newest import is the current figure.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Max

from nabij.outcomes.catalogue import CATALOGUE
from nabij.outcomes.models import (
    Direction,
    Indicator,
    IndicatorImport,
    IndicatorKey,
    IndicatorValue,
    Quality,
    Question,
    area_level_of,
)

CHUNK = 20_000  # values per insert round
# "auto": COPY on PostgreSQL, executemany on SQLite; "bulk_create": Django's, for comparison
# (bench/indicators_import.py --bulk-create).
INSERT_WITH = "auto"
SQLITE_CACHE_KIB = 256 * 1024
# One value: the table's key, the stripped area code, the value (None only when secret), quality.
ValueRow = tuple[str, str, "int | float | Decimal | None", str]
_VALUE_COLUMNS = (
    "indicator_id",
    "area_code",
    "area_level",
    "period",
    "value",
    "quality",
    "batch_id",
    "current",
)


class Progress(Protocol):
    def start(self, label: str, total: int) -> None: ...

    def update(self, done: int) -> None: ...

    def finish(self) -> None: ...


class SilentProgress:
    def start(self, label: str, total: int) -> None:
        pass

    def update(self, done: int) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class Definition:
    """One field of one table and the indicator it measures (``code`` is stable over years)."""

    key: str
    code: str
    name: str
    unit: str = ""
    decimals: int = 0
    description: str = ""
    position: int = 0


@dataclass
class TableImport:
    """One checked table for one period, ready to be written."""

    table_id: str
    period: int
    format: str
    # Called once, while writing. Fastest key by key (all areas of one field, then the next):
    # the indexes on indicator then grow at a few places instead of everywhere.
    rows: Callable[[], Iterable[ValueRow]]
    count: int  # the number of rows ``rows`` yields (for the progress bar)
    definitions: list[Definition] = field(default_factory=list)
    # Keys defined by an earlier import of this table (a CSV has no definitions): key -> code.
    known_keys: dict[str, str] = field(default_factory=dict)
    table_title: str = ""
    source: str = "CBS"
    licence: str = "CC BY 4.0"
    modified: str = ""
    files: list[dict[str, Any]] = field(default_factory=list)
    # False for the demo: it only adds indicators that are missing, never renames CBS's.
    update_definitions: bool = True


@dataclass(frozen=True)
class ImportSummary:
    batch_id: int
    table_id: str
    period: int
    values: int
    areas: int
    indicators: int
    replaced: tuple[int, ...]
    retired: int  # values of other tables or the demo that this import made history


def indicators_import(
    tables: list[TableImport],
    *,
    user: User | None = None,
    progress: Progress | None = None,
) -> list[ImportSummary]:
    """Write every table in one transaction: all of them, or (on any error) none."""
    progress = progress or SilentProgress()
    with transaction.atomic(), _sqlite_cache(), without_gc():
        return [_import_one(table, user, progress) for table in tables]


@contextmanager
def without_gc() -> Iterator[None]:
    """Python's cycle collector off while millions of tuples are made: each full collection
    walks every object alive, the parsed file included (a quarter of the write's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """SQLite's page cache is 2 MB by default: two million values into a table with five
    indexes then read and write the same index pages over and over. A larger cache (a cap,
    not an allocation) for the import only, put back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _import_one(table: TableImport, user: User | None, progress: Progress) -> ImportSummary:
    indicator_of_key = _definitions_upsert(table)
    batch = IndicatorImport.objects.create(
        table_id=table.table_id,
        table_title=table.table_title[:300],
        period=table.period,
        format=table.format,
        source=table.source[:100],
        licence=table.licence[:100],
        modified=table.modified[:40],
        files=table.files,
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    replaced = list(
        IndicatorImport.objects.filter(
            table_id=table.table_id, period=table.period, replaced_by__isnull=True
        )
        .exclude(pk=batch.pk)
        .values_list("pk", flat=True)
    )
    if replaced:
        IndicatorValue.objects.filter(batch_id__in=replaced, current=True).update(current=False)
        IndicatorImport.objects.filter(pk__in=replaced).update(replaced_by=batch)
    # Current values of other tables for these indicators and this period: few (the demo's,
    # another table's); each is retired just before a value of this batch takes its place.
    others = {
        (indicator_id, area_code): pk
        for pk, indicator_id, area_code in IndicatorValue.objects.filter(
            indicator_id__in=set(indicator_of_key.values()), period=table.period, current=True
        )
        .exclude(batch__table_id=table.table_id)
        .values_list("pk", "indicator_id", "area_code")
    }
    progress.start(f"{table.table_id} {table.period}", table.count)
    written, areas, indicators, retired = _write_values(
        batch.pk, table.period, indicator_of_key, table.rows(), others, progress
    )
    progress.finish()
    batch.values_count = written
    batch.areas_count = len(areas)
    batch.save(update_fields=["values_count", "areas_count"])
    return ImportSummary(
        batch_id=batch.pk,
        table_id=table.table_id,
        period=table.period,
        values=written,
        areas=len(areas),
        indicators=len(indicators),
        replaced=tuple(replaced),
        retired=retired,
    )


def _definitions_upsert(table: TableImport) -> dict[str, int]:
    """Indicators and keys for the table's definitions; returns key -> indicator id."""
    codes = {d.code for d in table.definitions} | set(table.known_keys.values())
    existing = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    latest = _latest_period_by_indicator([i.pk for i in existing.values()])
    new: list[Indicator] = []
    changed: list[Indicator] = []
    for definition in table.definitions:
        indicator = existing.get(definition.code)
        if indicator is None:
            indicator = _new_indicator(definition, table)
            existing[definition.code] = indicator
            new.append(indicator)
        elif (
            table.update_definitions
            and table.period >= latest.get(indicator.pk, 0)
            and _refresh(indicator, definition)
        ):
            changed.append(indicator)
    Indicator.objects.bulk_create(new)
    if new and new[0].pk is None:  # backends without RETURNING on bulk inserts
        ids = dict(
            Indicator.objects.filter(code__in=[i.code for i in new]).values_list("code", "pk")
        )
        for indicator in new:
            indicator.pk = ids[indicator.code]
    if changed:
        Indicator.objects.bulk_update(
            changed, ["name", "unit", "decimals", "description", "source", "licence"]
        )
    keys = dict(
        IndicatorKey.objects.filter(table_id=table.table_id).values_list("key", "indicator_id")
    )
    missing = [
        IndicatorKey(table_id=table.table_id, key=d.key, indicator_id=existing[d.code].pk)
        for d in table.definitions
        if d.key not in keys
    ]
    IndicatorKey.objects.bulk_create(missing)
    for made in missing:
        keys[made.key] = made.indicator_id
    for key, code in table.known_keys.items():
        if key not in keys and code in existing:
            keys[key] = existing[code].pk
    return keys


def _latest_period_by_indicator(indicator_ids: list[int]) -> dict[int, int]:
    """The newest period any table defining each indicator was imported for."""
    if not indicator_ids:
        return {}
    newest_of_table = dict(
        IndicatorImport.objects.values("table_id")
        .annotate(newest=Max("period"))
        .values_list("table_id", "newest")
    )
    latest: dict[int, int] = {}
    for indicator_id, table_id in IndicatorKey.objects.filter(
        indicator_id__in=indicator_ids
    ).values_list("indicator_id", "table_id"):
        period = newest_of_table.get(table_id, 0)
        latest[indicator_id] = max(latest.get(indicator_id, 0), period)
    return latest


def _new_indicator(definition: Definition, table: TableImport) -> Indicator:
    entry = CATALOGUE.get(definition.code)
    position = definition.position
    if entry is not None:
        position = list(CATALOGUE).index(definition.code)
    return Indicator(
        code=definition.code,
        name=definition.name[:200],
        unit=definition.unit[:60],
        decimals=definition.decimals,
        description=definition.description,
        question=entry.question if entry else Question.CONTEXT,
        direction=entry.direction if entry else Direction.NEUTRAL,
        source=(entry.source if entry and table.format == "demo" else table.source)[:100],
        licence=(entry.licence if entry and table.format == "demo" else table.licence)[:100],
        position=position,
    )


def _refresh(indicator: Indicator, definition: Definition) -> bool:
    """Take the newest table's name, unit, decimals and description; True if any changed."""
    before = (indicator.name, indicator.unit, indicator.decimals, indicator.description)
    indicator.name = definition.name[:200]
    indicator.unit = definition.unit[:60]
    indicator.decimals = definition.decimals
    indicator.description = definition.description
    after = (indicator.name, indicator.unit, indicator.decimals, indicator.description)
    return before != after


class _Levels(dict[str, str]):
    """Area code -> level, worked out once per code."""

    def __missing__(self, code: str) -> str:
        level = self[code] = str(area_level_of(code))
        return level


def _write_values(
    batch_id: int,
    period: int,
    indicator_of_key: dict[str, int],
    rows: Iterable[ValueRow],
    others: dict[tuple[int, str], int],
    progress: Progress,
) -> tuple[int, set[str], set[int], int]:
    keys: set[str] = set()
    levels = _Levels()
    written = retired = 0
    insert = _inserter()
    iterator: Iterator[ValueRow] = iter(rows)
    while True:
        chunk = list(itertools.islice(iterator, CHUNK))
        if not chunk:
            break
        ids = indicator_of_key
        records = [
            (ids[key], area, levels[area], period, value, quality, batch_id, True)
            for key, area, value, quality in chunk
        ]
        keys.update({row[0] for row in chunk})
        if others:
            stale = [
                pk for record in records if (pk := others.get((record[0], record[1]))) is not None
            ]
            if stale:
                retired += IndicatorValue.objects.filter(pk__in=stale).update(current=False)
        insert(records)
        written += len(records)
        progress.update(written)
    return written, set(levels), {indicator_of_key[key] for key in keys}, retired


def _inserter() -> Callable[[list[tuple[Any, ...]]], None]:
    """Plain multi-row inserts, measured in bench/indicators_import.py: COPY on PostgreSQL,
    ``executemany`` on SQLite, ``bulk_create`` elsewhere."""
    table = IndicatorValue._meta.db_table
    columns = ", ".join(_VALUE_COLUMNS)
    if INSERT_WITH == "auto" and connection.vendor == "postgresql":

        def copy(records: list[tuple[Any, ...]]) -> None:
            with connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as pipe:  # type: ignore[attr-defined]
                    for record in records:
                        pipe.write_row(record)

        return copy
    if INSERT_WITH == "auto" and connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(_VALUE_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - fixed names

        def execute_many(records: list[tuple[Any, ...]]) -> None:
            with connection.cursor() as cursor:
                cursor.executemany(sql, records)

        return execute_many

    def bulk(records: list[tuple[Any, ...]]) -> None:
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator_id=r[0],
                    area_code=r[1],
                    area_level=r[2],
                    period=r[3],
                    value=None if r[4] is None else Decimal(str(r[4])),
                    quality=r[5],
                    batch_id=r[6],
                    current=r[7],
                )
                for r in records
            ],
            batch_size=2_000,
        )

    return bulk


QUALITIES = frozenset(Quality.values)
