"""The cost snapshot on a city of 1,000,000 inhabitants: build it, refresh it, see a declaration.

``--setup`` creates the database (default ``nabij_bench_costs`` on 127.0.0.1), migrates it and
writes ~450,000 households over Leeuwarden's neighbourhoods and invented streets, and ~10,000,000
cost lines for one year from ``nabij.costs.synthetic`` straight into PostgreSQL with COPY (the
schema's own tables). Then it measures, in one run:

1. full snapshot rebuilds: the product's way (grain "service", COPY to CSV read by DuckDB;
   median of ``--full-runs``), the same grain fetched through the cursor, and with
   ``--line-grain`` one row per line;
2. one new declaration (``--declaration-lines`` lines in one transaction) visible in the
   rollups: incremental refresh + full rollup, median of ``--runs``, checked against the sum.

Prints a Markdown section (also written to ``--out``). Only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "nabij_bench_costs"
YEAR = 2025


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def django_setup(name: str) -> None:
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = int(line.split()[1]) // (1024 * 1024)
    import duckdb

    return (
        f"{os.cpu_count()} cores {cpu}, {memory} GiB, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}, PostgreSQL {pg_version()}"
    )


def pg_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def median_of(runs: int, action: Callable[[], Any]) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


# --- set-up ------------------------------------------------------------------------------


STREET_FIRST = (
    "Berken",
    "Eiken",
    "Linden",
    "Wilgen",
    "Essen",
    "Beuken",
    "Iepen",
    "Populieren",
    "Hazel",
    "Vlier",
    "Meidoorn",
    "Lijster",
    "Merel",
    "Zwaluw",
    "Kievit",
    "Grutto",
    "Reiger",
    "Fuut",
    "Tjalk",
    "Skûtsje",
    "Terp",
    "Dobbe",
    "Mieden",
    "Feart",
    "Wielen",
    "Pôle",
    "Hellinga",
    "Sminia",
    "Camstra",
    "Harinxma",
    "Walta",
    "Aylva",
    "Burmania",
    "Cammingha",
    "Roorda",
)
STREET_LAST = ("straat", "laan", "weg", "hof", "plein", "pad", "kade", "singel", "dyk", "wei")


def street_name(k: int) -> str:
    first = STREET_FIRST[k % len(STREET_FIRST)]
    last = STREET_LAST[(k // len(STREET_FIRST)) % len(STREET_LAST)]
    round_ = k // (len(STREET_FIRST) * len(STREET_LAST))
    return f"{first}{last}" + (f" {round_ + 1}" if round_ else "")


def create_database(name: str, *, fresh: bool) -> None:
    env = {**os.environ, "PGHOST": "127.0.0.1", "PGUSER": "postgres"}
    if fresh:
        subprocess.run(["dropdb", "--if-exists", name], check=True, env=env)
    exists = subprocess.run(
        ["psql", "-tA", "-v", f"name={name}"],
        input="SELECT 1 FROM pg_database WHERE datname = :'name';",
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", name], check=True, env=env)


def migrate(name: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    subprocess.run(
        ["uv", "run", "nabij", "manage", "migrate", "--verbosity", "0"],
        check=True,
        env=env,
        cwd=ROOT,
    )


def _copy_text(rows: Iterator[str], sql: str, *, chunk: int = 1 << 22) -> None:
    """Stream tab-separated text rows into ``COPY ... FROM STDIN``."""
    from django.db import connection

    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        buffer = io.StringIO()
        size = 0
        for row in rows:
            buffer.write(row)
            size += len(row)
            if size >= chunk:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
                size = 0
        copy.write(buffer.getvalue())


def setup(households: int, target_lines: int, seed: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from nabij.access.models import DistrictTeam, Organisation
    from nabij.areas.models import Neighbourhood
    from nabij.areas.services import LEEUWARDEN_CODE, leeuwarden_load
    from nabij.costs.models import CostLine, FundingStream
    from nabij.costs.synthetic import TIERS, synthetic_lines
    from nabij.people.models import Household

    if Household.objects.exists():
        return {
            "skipped": True,
            "households": Household.objects.count(),
            "lines": CostLine.objects.count(),
        }
    started = time.perf_counter()
    with transaction.atomic():
        leeuwarden_load()
        organisation = Organisation.objects.create(name="Bench gemeente", kind="municipality")
        team = DistrictTeam.objects.create(name="Bench wijkteam", organisation=organisation)
        providers = {
            stream: Organisation.objects.create(name=f"Bench {stream}").pk
            for stream in FundingStream.values
        }
    areas = list(
        Neighbourhood.objects.filter(district__municipality__code=LEEUWARDEN_CODE)
        .order_by("code")
        .values_list("id", "inhabitants_estimate")
    )
    weights = [max(inhabitants or 0, 50) for _, inhabitants in areas]
    total_weight = sum(weights)
    shares = [households * w // total_weight for w in weights]
    shares[0] += households - sum(shares)

    def addresses() -> Iterator[str]:
        for index, ((neighbourhood_id, _), count) in enumerate(zip(areas, shares, strict=True)):
            streets = max(1, math.ceil(count / 60))
            for k in range(count):
                street = k % streets
                letters = f"{chr(65 + street // 26 % 26)}{chr(65 + street % 26)}"
                postcode = f"{1000 + index:04d} {letters}"
                number = k // streets + 1
                name = street_name(index * 7 + street)
                yield f"{neighbourhood_id}\t{postcode}\t{name}\t{number}\t\tLeeuwarden\n"

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM areas_address")
            first_address = cursor.fetchone()[0] + 1
        _copy_text(
            addresses(),
            "COPY areas_address (neighbourhood_id, postcode, street, "
            "house_number, addition, city) FROM STDIN",
        )
        now = dt.datetime.now(dt.UTC).isoformat()

        def household_rows() -> Iterator[str]:
            address_id = first_address
            for (neighbourhood_id, _), count in zip(areas, shares, strict=True):
                for _ in range(count):
                    yield (
                        f"Huishouden {address_id}\t{address_id}\t{neighbourhood_id}\t"
                        f"{team.pk}\t{now}\n"
                    )
                    address_id += 1

        _copy_text(
            household_rows(),
            "COPY people_household (name, address_id, neighbourhood_id, "
            "team_id, created_at) FROM STDIN",
        )
    household_ids = list(Household.objects.order_by("id").values_list("id", flat=True))
    with_cost = sum(1 for _ in household_ids) * TIERS[-1][0]
    services_estimate = with_cost * 2  # about two services per household with a cost
    periods = max(1, min(365, round(target_lines / services_estimate)))

    def line_rows() -> Iterator[str]:
        for line in synthetic_lines(
            household_ids, year=YEAR, providers=providers, seed=seed, periods=periods
        ):
            euros, cents = divmod(line.amount_cents, 100)
            yield (
                f"{line.household_id}\t{line.provider_id}\t{line.stream}\t{line.payer}\t"
                f"{line.product_category}\t\t{line.description}\t{line.period_start}\t"
                f"{line.period_end}\t{euros}.{cents:02d}\t83\t100\t{line.amount_cents}\t"
                f"estimate\t\tsynthetic\t{now}\n"
            )

    with transaction.atomic():
        with connection.cursor() as cursor:
            # Bulk load of a benchmark database: skip the per-row foreign-key triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
        _copy_text(
            line_rows(),
            "COPY costs_costline (household_id, provider_id, stream, payer, "
            "product_category, product_code, description, period_start, period_end, "
            "volume, unit, unit_price_cents, amount_cents, source, external_ref, note, "
            "recorded_at) FROM STDIN",
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE costs_costline")
        cursor.execute("ANALYZE")
    return {
        "skipped": False,
        "households": len(household_ids),
        "lines": CostLine.objects.count(),
        "periods": periods,
        "seconds": time.perf_counter() - started,
    }


# --- measurements ------------------------------------------------------------------------


def insert_declaration(lines: int, counter: int) -> None:
    """One declaration: ``lines`` lines for random households, committed at once."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO costs_costline (household_id, provider_id, stream, payer, "
            "product_category, product_code, description, period_start, period_end, volume, "
            "unit, unit_price_cents, amount_cents, source, external_ref, note, recorded_at) "
            "SELECT h.id, (SELECT MIN(id) FROM access_organisation), 'youth', 'municipality', "
            "'45', '', 'Declaratie', %s, %s, 10, '04', 9500, 95000, 'declaration', "
            "'bench-' || %s || '-' || g, '', now() "
            "FROM generate_series(1, %s) g "
            "JOIN people_household h ON h.id = (SELECT MIN(id) FROM people_household) "
            "+ (g * 997) %% (SELECT COUNT(*) FROM people_household)",
            [dt.date(YEAR, 11, 1), dt.date(YEAR, 11, 30), counter, lines],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--setup", action="store_true", help="create and fill the database")
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    parser.add_argument("--households", type=int, default=450_000)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full-runs", type=int, default=3)
    parser.add_argument("--line-grain", action="store_true", help="also rebuild per line")
    parser.add_argument("--declaration-lines", type=int, default=300)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.setup:
        create_database(args.database, fresh=args.fresh)
        migrate(args.database)
    django_setup(args.database)
    from nabij.areas.models import Municipality
    from nabij.costs import analytics

    report: list[str] = []
    if args.setup:
        made = setup(args.households, args.lines, args.seed)
        print(f"set-up: {made}", flush=True)
        if not made["skipped"]:
            report.append(
                f"Set-up: {made['households']:,} households, {made['lines']:,} cost lines "
                f"({made['periods']} declarations per service per year) written with COPY in "
                f"{made['seconds']:.0f} s."
            )
    # Rebuilds taken in rounds (each variant once per round), so a warming cache or other
    # work on the machine weighs on every variant alike.
    candidates = [
        ("grain service, COPY → CSV → read_csv (used)", analytics.Snapshot()),
        (
            "grain service, cursor fetch → CSV → read_csv",
            analytics.Snapshot(grain="service", copy=False),
        ),
    ]
    if args.line_grain:
        candidates.append(("grain line, COPY → CSV → read_csv", analytics.Snapshot(grain="line")))
    times: dict[str, list[float]] = {label: [] for label, _ in candidates}
    for _ in range(args.full_runs):
        for label, candidate in candidates:
            started = time.perf_counter()
            candidate.rebuild()
            times[label].append(time.perf_counter() - started)
            print(f"full rebuild {label}: {times[label][-1]:.2f} s", flush=True)
    variants = [
        (label, statistics.median(times[label]), times[label], c.row_count(), c.line_count())
        for label, c in candidates
    ]
    snap = candidates[0][1]  # the one the product uses goes on to the declarations
    del candidates[1:]  # free the other snapshots' memory
    lines = snap.line_count()
    full, full_times = variants[0][1], variants[0][2]

    municipality = Municipality.objects.get(code="GM0080")
    counter = int(time.time())
    visible: list[float] = []
    refresh_only: list[float] = []
    before = analytics.ledger_total_cents(snap, municipality_code="GM0080", year=YEAR)
    for run in range(args.runs):
        insert_declaration(args.declaration_lines, counter + run)
        started = time.perf_counter()
        result = snap.refresh()
        refreshed = time.perf_counter() - started
        rollup = analytics.area_rollup(snap, municipality=municipality, year=YEAR, suppress=False)
        visible.append(time.perf_counter() - started)
        refresh_only.append(refreshed)
        assert result is not None and result.lines_added == args.declaration_lines, result
        expected = before + (run + 1) * args.declaration_lines * 95_000
        assert rollup.total.cost_cents == expected, (rollup.total.cost_cents, expected)
    print(f"declaration visible: {visible}", flush=True)

    section = [
        "## Area cost analytics (DuckDB snapshot)",
        "",
        f"Machine: {machine()}; a shared machine (other work may run alongside).",
        f"City: {lines:,} cost lines in the snapshot, year {YEAR}. "
        "Commands: `uv run python bench/costs_refresh.py --setup` then "
        "`uv run python bench/costs_rollup.py`.",
        "",
        *report,
        "",
        "| measurement | result | target |",
        "| --- | --- | --- |",
        f"| full snapshot rebuild from PostgreSQL ({lines:,} lines + households) | "
        f"median {full:.1f} s of {len(full_times)} ({', '.join(f'{t:.1f}' for t in full_times)}) "
        f"| < 20 s |",
        f"| one declaration of {args.declaration_lines} lines visible in the rollups "
        f"(incremental refresh + full rollup) | median {statistics.median(visible):.2f} s of "
        f"{len(visible)} (refresh alone {statistics.median(refresh_only):.2f} s) | < 5 s |",
        "",
        "Ways of loading the snapshot (full rebuild, seconds; rows in DuckDB):",
        "",
        "| variant | median (runs) | rows | lines |",
        "| --- | --- | --- | --- |",
        *(
            f"| {label} | {took:.1f} s ({', '.join(f'{t:.1f}' for t in times)}) | {rows:,} | "
            f"{n:,} |"
            for label, took, times, rows, n in variants
        ),
        "",
        "Cursor fetch into DuckDB with `executemany` was tried first and dropped: about 1,000 "
        "lines per second. No Arrow/NumPy path: neither is a dependency of the project.",
    ]
    text = "\n".join(section) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
