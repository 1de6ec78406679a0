"""The analytic snapshot of the cost ledger in DuckDB, and the area rollups computed from it.

Why a snapshot: area pages aggregate millions of cost lines; a columnar engine in the process
does that in a fraction of a second, the ORM or PostgreSQL would take many. The ledger is
append-only, so the snapshot only ever needs the lines with an id it has not seen yet
(``Snapshot.refresh``); a full rebuild (``Snapshot.rebuild``) is for a first load or a changed
database.

The snapshot holds no names, no BSNs and no addresses beyond the street name: per household,
year (of the period start), stream, payer and provider the sum of the lines and their number
(grain "service", the default; grain "line" keeps a row per line, for comparison); per
household its street, neighbourhood, district and municipality codes. Everything leaving this
module is an aggregate; ``area_rollup`` suppresses cells under ``settings.SMALL_CELL_THRESHOLD``
households (see its docstring for the rules).

Loading: PostgreSQL streams ``COPY (SELECT ...) TO STDOUT (FORMAT csv)`` into a temporary file
that DuckDB reads with its parallel CSV reader (bench/costs_refresh.py compares the ways we
tried); SQLite is fetched in batches into the same file format. No DuckDB extensions are used.

Thread safety: one in-memory DuckDB database per Django database; writes (refresh) hold a lock,
reads use their own cursor (a DuckDB connection to the same database), so a gunicorn thread can
read while another refreshes, and sees either the old or the new snapshot, never half of one.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
from django.conf import settings
from django.db import connections

from nabij.areas import selectors as area_selectors
from nabij.areas.models import Municipality
from nabij.costs.models import FundingStream, Payer

Suppression = Literal["", "small", "secondary"]

CURVE_POINTS = 100  # the curve has a point at every whole percent of households
CONCENTRATION_FIGURES = (1, 3, 5, 10)  # "x% of households carry y% of the cost"
FETCH_BATCH = 20_000

LINES_DDL = """
CREATE TABLE IF NOT EXISTS lines (
    id BIGINT NOT NULL,
    household_id BIGINT NOT NULL,
    year SMALLINT NOT NULL,
    stream VARCHAR NOT NULL,
    payer VARCHAR NOT NULL,
    amount BIGINT NOT NULL,
    provider_id BIGINT NOT NULL,
    n INTEGER NOT NULL
)"""
HOUSEHOLDS_DDL = """
CREATE TABLE IF NOT EXISTS households (
    household_id BIGINT NOT NULL,
    street VARCHAR,
    neighbourhood VARCHAR NOT NULL,
    district VARCHAR NOT NULL,
    municipality VARCHAR NOT NULL
)"""
HOUSEHOLDS_INSERT = """
INSERT INTO households SELECT * FROM read_csv(?, header = false, nullstr = '', columns = {
    'household_id': 'BIGINT', 'street': 'VARCHAR', 'neighbourhood': 'VARCHAR',
    'district': 'VARCHAR', 'municipality': 'VARCHAR'})
"""
LINES_INSERT = """
INSERT INTO lines SELECT * FROM read_csv(?, header = false, columns = {
    'id': 'BIGINT', 'household_id': 'BIGINT', 'year': 'SMALLINT', 'stream': 'VARCHAR',
    'payer': 'VARCHAR', 'amount': 'BIGINT', 'provider_id': 'BIGINT', 'n': 'INTEGER'})
"""
# One row per line, or (grain "service") one row per household, year, stream, payer and
# provider with the sum of its lines and the highest line id in it: the rollups only ever sum,
# so both give the same figures, and the second is ~25 times smaller for monthly declarations.
LINES_SQL = {
    "line": (
        "SELECT id, household_id, {year}, stream, payer, amount_cents, provider_id, 1 "
        "FROM costs_costline WHERE id > {floor} AND id <= {upper}"
    ),
    "service": (
        "SELECT MAX(id), household_id, {year}, stream, payer, SUM(amount_cents), provider_id, "
        "COUNT(*) FROM costs_costline WHERE id > {floor} AND id <= {upper} "
        "GROUP BY household_id, {year}, stream, payer, provider_id"
    ),
}
YEAR_OF = {
    "postgresql": "CAST(EXTRACT(YEAR FROM period_start) AS INTEGER)",
    "sqlite": "CAST(strftime('%Y', period_start) AS INTEGER)",
}
Grain = Literal["line", "service"]
HOUSEHOLDS_SQL = (
    "SELECT h.id, a.street, n.code, d.code, m.code FROM people_household h "
    "JOIN areas_neighbourhood n ON n.id = h.neighbourhood_id "
    "JOIN areas_district d ON d.id = n.district_id "
    "JOIN areas_municipality m ON m.id = d.municipality_id "
    "LEFT JOIN areas_address a ON a.id = h.address_id"
)
HOUSEHOLDS_FINGERPRINT_SQL = (
    "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(neighbourhood_id), 0), "
    "COALESCE(SUM(address_id), 0) FROM people_household"
)
# On PostgreSQL an id is allocated when a row is inserted, not when it commits: a transaction
# still running may commit a lower id than one already seen. The floor (all ids at or below it
# are final) only moves up when every other transaction running at this statement's snapshot is
# still running and holds no insert lock on the ledger; otherwise what was loaded above the old
# floor is dropped and fetched again next time. Each refresh fetches up to the MAX(id) seen
# here, never beyond, so a row of the snapshot never mixes lines below and above the floor.
PG_FLOOR_SQL = """
SELECT (SELECT COALESCE(MAX(id), 0) FROM costs_costline),
       NOT EXISTS (
           SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()) AS x(xid)
           WHERE NOT EXISTS (
               SELECT 1 FROM pg_locks t
               WHERE t.locktype = 'transactionid' AND t.transactionid::text = x.xid::text
                 AND NOT EXISTS (
                     SELECT 1 FROM pg_locks r
                     WHERE r.pid = t.pid AND r.relation = 'costs_costline'::regclass
                       AND r.database = (
                           SELECT oid FROM pg_database WHERE datname = current_database()
                       )
                       AND r.mode = 'RowExclusiveLock'
                 )
           )
       )
"""


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did, for the page footer and the benchmarks."""

    full: bool
    lines_added: int
    households_reloaded: bool
    seconds: float
    line_count: int


class Snapshot:
    """An in-memory DuckDB copy of the ledger's narrow columns for one Django database."""

    def __init__(
        self, alias: str = "default", *, grain: Grain = "service", copy: bool = True
    ) -> None:
        """``grain``: one row per line, or per household/year/stream/payer/provider (default,
        far fewer rows: faster refreshes and rollups). ``copy``: on PostgreSQL stream with
        COPY (default) rather than fetch rows through the cursor; the benchmark compares both."""
        self.alias = alias
        self.grain: Grain = grain
        self.copy = copy
        self._db = duckdb.connect(":memory:", config={"threads": max(1, os.cpu_count() or 1)})
        self._lock = threading.RLock()
        self._floor = 0  # every line with an id at or below this is loaded and final
        self._household_fingerprint: tuple[Any, ...] | None = None
        self._refreshed_at = 0.0
        self._db.execute(LINES_DDL)
        self._db.execute(HOUSEHOLDS_DDL)

    # --- loading ------------------------------------------------------------------------------

    @property
    def refreshed_at(self) -> float:
        return self._refreshed_at

    def rebuild(self) -> RefreshResult:
        """Drop everything and load the whole ledger again."""
        with self._lock:
            self._db.execute("DROP TABLE IF EXISTS lines")
            self._db.execute("DROP TABLE IF EXISTS households")
            self._db.execute(LINES_DDL)
            self._db.execute(HOUSEHOLDS_DDL)
            self._floor = 0
            self._household_fingerprint = None
            return self._refresh(full=True)

    def refresh(self, *, max_age: float = 0.0) -> RefreshResult | None:
        """Load the lines added since the last refresh (and households, if they changed).

        With ``max_age``, skip when the last refresh is younger than that many seconds, so a
        busy page does not ask the database on every request. Returns None when skipped.
        """
        if max_age and time.monotonic() - self._refreshed_at < max_age:
            return None
        with self._lock:
            if max_age and time.monotonic() - self._refreshed_at < max_age:
                return None  # another thread refreshed while this one waited
            return self._refresh(full=self._refreshed_at == 0.0)

    def _refresh(self, *, full: bool) -> RefreshResult:
        started = time.monotonic()
        connection = connections[self.alias]
        vendor = connection.vendor
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(PG_FLOOR_SQL)
                max_id, settled = cursor.fetchone()
            else:
                # SQLite has one writer at a time, so ids become visible in commit order.
                cursor.execute("SELECT COALESCE(MAX(id), 0) FROM costs_costline")
                (max_id,) = cursor.fetchone()
                settled = True
            if max_id < self._floor:
                # The database was replaced (or rolled back under a test): start afresh.
                return self.rebuild()
            cursor.execute(HOUSEHOLDS_FINGERPRINT_SQL)
            fingerprint = tuple(cursor.fetchone())
        floor, upper = int(self._floor), int(max_id)
        reload_households = fingerprint != self._household_fingerprint
        lines_sql = LINES_SQL[self.grain].format(
            year=YEAR_OF.get(vendor, YEAR_OF["sqlite"]), floor=floor, upper=upper
        )
        cur = self._db.cursor()
        try:
            before = self._count(cur)
            cur.execute("BEGIN TRANSACTION")
            if reload_households:
                with self._csv_of(HOUSEHOLDS_SQL) as path:
                    cur.execute("DELETE FROM households")
                    if Path(path).stat().st_size:  # DuckDB cannot read an empty CSV file
                        cur.execute(HOUSEHOLDS_INSERT, [path])
            # What an unsettled refresh loaded above the floor is fetched again in full.
            cur.execute("DELETE FROM lines WHERE id > ?", [floor])
            if upper > floor:
                with self._csv_of(lines_sql) as path:
                    cur.execute(LINES_INSERT, [path])
            cur.execute("COMMIT")
            after = self._count(cur)
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()
        if settled:
            self._floor = max(upper, floor)
        self._household_fingerprint = fingerprint
        self._refreshed_at = time.monotonic()
        return RefreshResult(
            full=full,
            lines_added=after - before,
            households_reloaded=reload_households,
            seconds=time.monotonic() - started,
            line_count=after,
        )

    @staticmethod
    def _count(cur: duckdb.DuckDBPyConnection) -> int:
        """Ledger lines in the snapshot (a row of grain "service" stands for ``n`` lines)."""
        row = cur.execute("SELECT COALESCE(SUM(n), 0) FROM lines").fetchone()
        return int(row[0]) if row else 0

    def row_count(self) -> int:
        with self.reader() as cur:
            row = cur.execute("SELECT COUNT(*) FROM lines").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def _csv_of(self, sql: str) -> Iterator[str]:
        """The rows of ``sql`` in a temporary CSV file, removed afterwards."""
        connection = connections[self.alias]
        handle, path = tempfile.mkstemp(prefix="nabij-costs-", suffix=".csv")
        try:
            with os.fdopen(handle, "wb") as out, connection.cursor() as cursor:
                if connection.vendor == "postgresql" and self.copy:
                    raw = cursor.cursor
                    with raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
                        while data := copy.read():
                            out.write(data)
                else:
                    _fetch_to_csv(cursor, sql, out)
            yield path
        finally:
            Path(path).unlink()

    # --- reading ------------------------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one read (safe beside a refresh in another thread)."""
        cur = self._db.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def years(self, *, municipality_code: str) -> list[int]:
        with self.reader() as cur:
            rows = cur.execute(
                "SELECT DISTINCT l.year FROM lines l JOIN households h USING (household_id) "
                "WHERE h.municipality = ? ORDER BY 1 DESC",
                [municipality_code],
            ).fetchall()
        return [int(r[0]) for r in rows]

    def line_count(self) -> int:
        with self.reader() as cur:
            return self._count(cur)


def _fetch_to_csv(cursor: Any, sql: str, out: Any) -> None:
    import io

    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    cursor.execute(sql)
    while rows := cursor.fetchmany(FETCH_BATCH):
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    text.flush()
    text.detach()


_snapshots: dict[tuple[str, str], Snapshot] = {}
_snapshots_lock = threading.Lock()


def snapshot(alias: str = "default") -> Snapshot:
    """The process's snapshot of this database (created empty; call ``refresh``)."""
    key = (alias, str(connections[alias].settings_dict.get("NAME")))
    with _snapshots_lock:
        found = _snapshots.get(key)
        if found is None:
            found = _snapshots[key] = Snapshot(alias)
        return found


def warm(alias: str = "default") -> threading.Thread:
    """Build this process's snapshot in a background thread (call it when a worker starts).

    A full build of ten million lines takes seconds; without this the first area page of each
    worker waits for it. A page opened meanwhile waits on the snapshot's lock, not on a second
    build.
    """

    def build() -> None:
        try:
            snapshot(alias).refresh()
        finally:
            connections.close_all()

    thread = threading.Thread(target=build, name="nabij-costs-snapshot", daemon=True)
    thread.start()
    return thread


def forget_snapshots() -> None:
    """Drop every snapshot (tests, after a database is replaced)."""
    with _snapshots_lock:
        _snapshots.clear()


# --- rollups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One aggregate: cost, households in the area, households with cost; None where hidden."""

    cost_cents: int | None
    households: int | None
    with_cost: int | None
    suppression: Suppression = ""

    @property
    def suppressed(self) -> bool:
        return bool(self.suppression)

    @property
    def per_household_cents(self) -> int | None:
        if self.cost_cents is None or not self.households:
            return None
        return round(self.cost_cents / self.households)


HIDDEN_SMALL = Cell(None, None, None, "small")
HIDDEN_SECONDARY = Cell(None, None, None, "secondary")


@dataclass(frozen=True)
class StreetCost:
    name: str
    cell: Cell


@dataclass(frozen=True)
class NeighbourhoodCost:
    code: str
    name: str
    district_code: str
    district_name: str
    cell: Cell
    streets: list[StreetCost] = field(default_factory=list)


@dataclass(frozen=True)
class DistrictCost:
    code: str
    name: str
    cell: Cell
    neighbourhoods: list[NeighbourhoodCost] = field(default_factory=list)


@dataclass(frozen=True)
class MatrixCell:
    cost_cents: int | None
    households: int | None  # households with a cost in this cell
    suppression: Suppression = ""

    @property
    def empty(self) -> bool:
        return self.households == 0

    @property
    def suppressed(self) -> bool:
        return bool(self.suppression)


@dataclass(frozen=True)
class MatrixRow:
    payer: str
    label: str
    cells: list[MatrixCell]
    total: MatrixCell


@dataclass(frozen=True)
class StreamRow:
    stream: str
    label: str
    cells: list[MatrixCell]  # one per payer
    total: MatrixCell


@dataclass(frozen=True)
class Matrix:
    streams: list[tuple[str, str]]  # (value, label)
    rows: list[MatrixRow]
    column_totals: list[MatrixCell]
    total: MatrixCell

    @property
    def by_stream(self) -> list[StreamRow]:
        """The same table turned: a row per stream, a column per payer (fits a page better)."""
        return [
            StreamRow(value, label, [row.cells[i] for row in self.rows], self.column_totals[i])
            for i, (value, label) in enumerate(self.streams)
        ]


@dataclass(frozen=True)
class CurvePoint:
    households_percent: int
    cost_percent: float | None  # None: this point would show fewer than the threshold


@dataclass(frozen=True)
class ConcentrationFigure:
    households_percent: int
    households: int | None
    cost_percent: float | None


@dataclass(frozen=True)
class Concentration:
    households: int | None  # None: the municipal total is hidden, and this would give it
    points: list[CurvePoint]
    figures: list[ConcentrationFigure]

    @property
    def available(self) -> bool:
        return any(p.cost_percent is not None for p in self.points[1:-1])


@dataclass(frozen=True)
class AreaRollup:
    municipality_code: str
    municipality_name: str
    year: int
    threshold: int | None
    total: Cell
    districts: list[DistrictCost]
    neighbourhoods: list[NeighbourhoodCost]
    streets_shown: int
    matrix: Matrix
    concentration: Concentration

    def per_household_by_neighbourhood(self) -> dict[str, int | None]:
        """Whole euros per household per neighbourhood for the map; None where hidden."""
        out: dict[str, int | None] = {}
        for n in self.neighbourhoods:
            cents = n.cell.per_household_cents
            out[n.code] = None if n.cell.suppressed or cents is None else round(cents / 100)
        return out

    def per_household_by_district(self) -> dict[str, int | None]:
        """The same per district (their cells follow the same suppression rules)."""
        out: dict[str, int | None] = {}
        for d in self.districts:
            cents = d.cell.per_household_cents
            out[d.code] = None if d.cell.suppressed or cents is None else round(cents / 100)
        return out

    @property
    def map_level(self) -> Literal["neighbourhood", "district"]:
        """The level a map shows more areas with a figure on: neighbourhoods unless so few
        are shown (small cells hidden) that the districts show more."""

        def shown(values: dict[str, int | None]) -> int:
            return sum(1 for v in values.values() if v is not None)

        by_district = shown(self.per_household_by_district())
        return (
            "district"
            if by_district > shown(self.per_household_by_neighbourhood())
            else ("neighbourhood")
        )

    @property
    def any_suppressed(self) -> bool:
        return any(n.cell.suppressed for n in self.neighbourhoods)


ROLLUP_SETUP = """
CREATE OR REPLACE TEMP TABLE r_hh AS
SELECT h.household_id, h.street, h.neighbourhood, h.district,
       COALESCE(c.cost, 0)::BIGINT AS cost, c.household_id IS NOT NULL AS with_cost
FROM households h
LEFT JOIN (
    SELECT household_id, SUM(amount) AS cost FROM lines WHERE year = $year GROUP BY 1
) c USING (household_id)
WHERE h.municipality = $municipality
"""
ROLLUP_MATRIX = """
SELECT payer, stream, COUNT(DISTINCT household_id) AS n, SUM(amount)::BIGINT AS cost,
       GROUPING(payer, stream) AS g
FROM lines l SEMI JOIN r_hh h USING (household_id)
WHERE l.year = $year
GROUP BY GROUPING SETS ((payer, stream), (payer), (stream), ())
"""
ROLLUP_AREAS = """
SELECT district, neighbourhood, street, COUNT(*) AS n,
       COUNT(*) FILTER (WHERE with_cost) AS with_cost, SUM(cost)::BIGINT AS cost,
       GROUPING(district, neighbourhood, street) AS g
FROM r_hh
GROUP BY GROUPING SETS ((district, neighbourhood, street), (district, neighbourhood), ())
"""
ROLLUP_CURVE = """
SELECT n, cum FROM (
    SELECT ROW_NUMBER() OVER w AS n, SUM(cost) OVER w AS cum
    FROM r_hh WINDOW w AS (ORDER BY cost DESC, household_id ROWS UNBOUNDED PRECEDING)
) WHERE n IN (SELECT UNNEST($ranks::BIGINT[]))
"""


@dataclass
class _Raw:
    households: int
    with_cost: int
    cost: int


def area_rollup(
    snap: Snapshot,
    *,
    municipality: Municipality,
    year: int,
    threshold: int | None = None,
    suppress: bool = True,
) -> AreaRollup:
    """Cost per household, street, neighbourhood and district, payer-by-stream, concentration.

    Four DuckDB queries over the snapshot, whatever its size. ``threshold`` defaults to
    ``SMALL_CELL_THRESHOLD``; ``suppress=False`` gives exact figures (tests and benchmarks
    only, never a page). Suppression rules, all counting *households with a cost* in the cell:

    - neighbourhoods and districts: ``areas.selectors.area_counts`` with those counts, so the
      same primary and secondary rules as the household map (a district or municipal total is
      hidden when it would give away the sum of hidden neighbourhoods of fewer households);
    - streets: shown only from the threshold up; when the streets left out of a neighbourhood
      hold some but fewer than threshold households with a cost, the next smallest shown
      streets are left out as well, so neighbourhood minus streets never reveals them;
    - payer-by-stream: a cell or total under the threshold is hidden, and more entries along
      its row and column until no line reveals a small cell by subtraction (``_matrix_hidden``);
      an empty cell (nobody) is a fact of funding, not of a person, and is shown as empty;
    - the concentration curve: a point is hidden when it covers fewer than threshold
      households, or leaves fewer than threshold (but some) outside it.
    """
    limit = settings.SMALL_CELL_THRESHOLD if threshold is None else threshold
    limit = limit if suppress else 0
    params: dict[str, Any] = {"year": year, "municipality": municipality.code}
    with snap.reader() as cur:
        cur.execute(ROLLUP_SETUP, params)
        area_rows = cur.execute(ROLLUP_AREAS).fetchall()
        matrix_rows = cur.execute(ROLLUP_MATRIX, {"year": year}).fetchall()
        total_households = next((int(r[3]) for r in area_rows if r[6] == 7), 0)
        ranks = _curve_ranks(total_households)
        curve_rows = (
            cur.execute(ROLLUP_CURVE, {"ranks": sorted(set(ranks.values()) - {0})}).fetchall()
            if total_households
            else []
        )
        cur.execute("DROP TABLE IF EXISTS r_hh")

    streets_raw: dict[str, list[tuple[str | None, _Raw]]] = defaultdict(list)
    neighbourhoods_raw: dict[str, _Raw] = {}
    total = _Raw(0, 0, 0)
    for _district, neighbourhood, street, n, with_cost, cost, grouping in area_rows:
        raw = _Raw(int(n), int(with_cost), int(cost or 0))
        if grouping == 0:
            streets_raw[neighbourhood].append((street, raw))
        elif grouping == 1:
            neighbourhoods_raw[neighbourhood] = raw
        else:
            total = raw

    decided = area_selectors.area_counts(
        municipality=municipality,
        counts={code: raw.with_cost for code, raw in neighbourhoods_raw.items()},
        threshold=limit if suppress else None,
    )
    empty = _Raw(0, 0, 0)
    neighbourhoods: list[NeighbourhoodCost] = []
    by_code: dict[str, NeighbourhoodCost] = {}
    for row in decided.neighbourhoods:
        raw = neighbourhoods_raw.get(row.code, empty)
        item = NeighbourhoodCost(
            code=row.code,
            name=row.name,
            district_code=row.district_code,
            district_name=row.district_name,
            cell=HIDDEN_SMALL if row.suppressed else _cell(raw),
            streets=[] if row.suppressed else _streets(streets_raw.get(row.code, []), limit),
        )
        neighbourhoods.append(item)
        by_code[row.code] = item
    districts: list[DistrictCost] = []
    for d in decided.districts:
        members = [by_code[n.code] for n in d.neighbourhoods]
        raw = _sum(neighbourhoods_raw.get(n.code, empty) for n in d.neighbourhoods)
        cell = (
            HIDDEN_SMALL
            if d.suppression == "small"
            else HIDDEN_SECONDARY
            if d.suppression
            else _cell(raw)
        )
        districts.append(DistrictCost(code=d.code, name=d.name, cell=cell, neighbourhoods=members))
    total_cell = (
        HIDDEN_SMALL
        if decided.total_suppression == "small"
        else HIDDEN_SECONDARY
        if decided.total_suppression
        else _cell(total)
    )
    return AreaRollup(
        municipality_code=municipality.code,
        municipality_name=municipality.name,
        year=year,
        threshold=limit if suppress else None,
        total=total_cell,
        districts=districts,
        neighbourhoods=neighbourhoods,
        streets_shown=sum(len(n.streets) for n in neighbourhoods),
        matrix=_matrix(matrix_rows, limit),
        concentration=_concentration(
            total_households,
            total.cost,
            ranks,
            curve_rows,
            limit,
            show_counts=not total_cell.suppressed,
        ),
    )


def _cell(raw: _Raw) -> Cell:
    return Cell(cost_cents=raw.cost, households=raw.households, with_cost=raw.with_cost)


def _sum(raws: Any) -> _Raw:
    out = _Raw(0, 0, 0)
    for raw in raws:
        out.households += raw.households
        out.with_cost += raw.with_cost
        out.cost += raw.cost
    return out


def _streets(rows: Sequence[tuple[str | None, _Raw]], limit: int) -> list[StreetCost]:
    """Streets of one neighbourhood with enough households with a cost, largest cost first."""
    named = [(name, raw) for name, raw in rows if name]
    shown = sorted(
        ((name, raw) for name, raw in named if raw.with_cost >= limit),
        key=lambda item: (item[1].with_cost, item[0]),
    )
    left_out = sum(raw.with_cost for name, raw in rows if not name or raw.with_cost < limit)
    # Households without a street (no address) are part of what the streets do not show.
    while shown and 0 < left_out < limit:
        _, raw = shown.pop(0)
        left_out += raw.with_cost
    return [
        StreetCost(name=name, cell=_cell(raw))
        for name, raw in sorted(shown, key=lambda item: (-item[1].cost, item[0]))
    ]


Entry = tuple[str, str]  # (payer or "", stream or ""): "" marks a total


def _matrix(rows: Sequence[tuple[Any, ...]], limit: int) -> Matrix:
    """Payer-by-stream with row, column and grand totals, suppressed as ``area_rollup`` says."""
    values: dict[Entry, tuple[int, int]] = {}  # entry -> (households, cost)
    for payer, stream, n, cost, _grouping in rows:
        values[(payer or "", stream or "")] = (int(n), int(cost or 0))
    streams = list(FundingStream.choices)
    payers = list(Payer.choices)
    hidden = _matrix_hidden(values, [p for p, _ in payers], [s for s, _ in streams], limit)

    def entry(key: Entry) -> MatrixCell:
        n, cost = values.get(key, (0, 0))
        if n == 0:
            return MatrixCell(0, 0)
        if key in hidden:
            return MatrixCell(None, None, "small" if n < limit else "secondary")
        return MatrixCell(cost, n)

    return Matrix(
        streams=[(value, str(label)) for value, label in streams],
        rows=[
            MatrixRow(
                payer=payer,
                label=str(label),
                cells=[entry((payer, stream)) for stream, _ in streams],
                total=entry((payer, "")),
            )
            for payer, label in payers
        ],
        column_totals=[entry(("", stream)) for stream, _ in streams],
        total=entry(("", "")),
    )


def _matrix_hidden(
    values: Mapping[Entry, tuple[int, int]],
    payers: list[str],
    streams: list[str],
    limit: int,
    fixed: frozenset[Entry] = frozenset({("", "")}),
) -> set[Entry]:
    """Which entries of the table with its margins to hide.

    Primary: every non-empty entry under ``limit`` households. Then, line by line (each row,
    each column, the row of column totals and the column of row totals, each with its total
    last), as long as a line holds exactly one hidden entry (it follows from the others), or
    a shown total with hidden entries that all stay under ``limit`` (total minus the shown
    entries would reveal a small group), the smallest shown entry of that line is hidden as
    well, preferably one of ``limit`` or more. The grand total is never hidden for this: it
    equals the ledger total the page shows anyway (nor is anything else in ``fixed``: figures
    another page publishes). Households recur across cells, so the rule
    looks at single entries, never at sums of counts. (A heuristic in the spirit of the
    hypercube method, not an exact audit of every linear combination.)
    """

    def households(key: Entry) -> int:
        return values.get(key, (0, 0))[0]

    lines: list[list[Entry]] = [[(p, s) for s in streams] + [(p, "")] for p in payers]
    lines += [[(p, s) for p in payers] + [("", s)] for s in streams]
    lines.append([("", s) for s in streams] + [("", "")])
    lines.append([(p, "") for p in payers] + [("", "")])
    hidden = {key for line in lines for key in line if 0 < households(key) < limit}
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [key for key in line if key in hidden]
            total_hidden = line[-1] in hidden
            if not inside or (
                len(inside) > 1 and (total_hidden or max(map(households, inside)) >= limit)
            ):
                continue
            shown = [k for k in line if k not in hidden and k not in fixed and households(k) > 0]
            if not shown:
                continue
            large = [k for k in shown if households(k) >= limit]
            pick = min(large or shown, key=households)
            hidden.add(pick)
            changed = True
    return hidden


def table_hidden(
    values: Mapping[Entry, tuple[int, int]],
    rows: list[str],
    columns: list[str],
    limit: int,
    *,
    fixed: frozenset[Entry] = frozenset({("", "")}),
) -> set[Entry]:
    """The suppression of ``_matrix_hidden`` for any table with margins: ``values`` maps
    (row, column) to (households, cents), with "" for a total (row totals (row, ""), column
    totals ("", column), the grand total ("", "")). ``fixed``: entries the reader knows anyway
    (published elsewhere), never hidden to protect another. Used by the area budget (funds) for
    districts x funding streams, which checks the result exactly afterwards."""
    return _matrix_hidden(values, rows, columns, limit, fixed)


def _curve_ranks(households: int) -> dict[int, int]:
    """Households covered by the top ``p`` percent, for every percent 0..100."""
    return {p: math.ceil(households * p / 100) for p in range(0, CURVE_POINTS + 1)}


def _concentration(
    households: int,
    total_cost: int,
    ranks: Mapping[int, int],
    rows: Sequence[tuple[Any, ...]],
    limit: int,
    *,
    show_counts: bool,
) -> Concentration:
    """Shares only; household numbers too when the municipal total is shown (they give it)."""
    cumulative = {int(n): int(cum) for n, cum in rows}
    cumulative[0] = 0

    def share(percent: int) -> float | None:
        n = ranks[percent]
        if total_cost <= 0 or households == 0:
            return None
        if 0 < n < limit or 0 < households - n < limit:
            return None
        return round(cumulative[n] * 100 / total_cost, 1)

    points = [CurvePoint(p, share(p)) for p in range(0, CURVE_POINTS + 1)]
    figures = [
        ConcentrationFigure(
            households_percent=p,
            households=ranks[p] if share(p) is not None and show_counts else None,
            cost_percent=share(p),
        )
        for p in CONCENTRATION_FIGURES
    ]
    return Concentration(
        households=households if show_counts else None, points=points, figures=figures
    )


def ledger_total_cents(snap: Snapshot, *, municipality_code: str, year: int) -> int:
    """The plain sum of the snapshot's lines for a year (for tests and benchmarks)."""
    with snap.reader() as cur:
        row = cur.execute(
            "SELECT COALESCE(SUM(amount), 0)::BIGINT FROM lines l "
            "JOIN households h USING (household_id) WHERE h.municipality = ? AND l.year = ?",
            [municipality_code, year],
        ).fetchone()
    return int(row[0]) if row else 0
