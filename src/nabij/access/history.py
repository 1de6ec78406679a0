"""Access-log rows with a time of their own, for setup code only: the demo's months of history
and the benchmarks' hundred thousand rows. Never called from a request: a request's rows are
written by the gate, at the time they happen.

The rows are built by the gate's one builder (``gate._entry``) and inserted as they are, so
``occurred_at`` keeps the time given instead of "now". The log stays append-only: nothing here
updates or deletes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection

from nabij.access import gate
from nabij.access.models import AccessLogEntry

# What ``entry_at`` builds, named for setup code outside ``access`` (which may not import the
# model itself: only access writes access-log rows).
LogRow = AccessLogEntry


def entry_at(at: dt.datetime, actor: gate.Actor, **fields: Any) -> AccessLogEntry:
    """One row as the gate would write it (``gate._entry``), dated ``at``."""
    entry = gate._entry(actor, **fields)
    entry.occurred_at = at
    return entry


def insert_dated(entries: Iterable[AccessLogEntry]) -> int:
    """Insert rows with their own ``occurred_at`` (``auto_now_add`` would set "now"), in
    batches that fit the database's parameter limit. Returns the number inserted."""
    fields = [f for f in AccessLogEntry._meta.concrete_fields if not f.primary_key]
    batch: list[AccessLogEntry] = []
    size = max(1, connection.ops.bulk_batch_size(fields, [None] * 10_000) or 1)
    size = min(size, 2_000)
    total = 0
    for entry in entries:
        if entry.occurred_at is None:
            raise ValueError("insert_dated needs rows with a time (entry_at).")
        batch.append(entry)
        if len(batch) >= size:
            total += _insert(batch, fields)
            batch = []
    if batch:
        total += _insert(batch, fields)
    return total


def _insert(batch: list[AccessLogEntry], fields: list[Any]) -> int:
    # ``raw=True``: the values as set (no ``pre_save``, so no auto_now_add); still prepared
    # for the database like any insert.
    AccessLogEntry.objects._insert(batch, fields=fields, raw=True)  # type: ignore[attr-defined]
    return len(batch)
