"""Import speed: 1,000,000 CSV cost lines through ``nabij import costs``'s pipeline.

Creates a fresh database (PostgreSQL ``nabij_bench_imports`` on 127.0.0.1, or an SQLite file in
a temporary directory), generates a synthetic city with ``demo_city_generate`` and a seeded CSV
whose lines name that city's residents (BSN), twenty providers and the demo product codes, then
measures in the same run:

- baseline: reading the same file with ``csv.reader`` and nothing else (the floor for any
  import written in Python);
- the import: detection, both validation passes, the spool, COPY (PostgreSQL) or executemany
  (SQLite) and the access log, in one transaction: median of ``--runs`` (each run on a file with
  fresh reference numbers, since a re-import of the same file adds nothing).

Prints a Markdown section and writes it to ``--out``.

    uv run python bench/import_csv.py --backend postgresql --out /tmp/bench_imports_pg.md
    uv run python bench/import_csv.py --backend sqlite --out /tmp/bench_imports_sqlite.md
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_DB = "nabij_bench_imports"  # --pg-database overrides (helpers sharing one server)


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores {cpu}, Python {platform.python_version()}"


def database_version() -> str:
    """``PostgreSQL 15.20 …`` or ``SQLite 3.40.1``: the database Django is connected to."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def setup(backend: str, workdir: Path, database: str = PG_DB) -> None:
    if backend == "postgresql":
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{database}"')
            c.execute(f'CREATE DATABASE "{database}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["NABIJ_DATA_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def write_csv(path: Path, lines: int, seed: int, run: int) -> None:
    """Seeded lines for residents with a current membership, in the month they were members."""
    from nabij.access.models import Organisation
    from nabij.costs.models import Product
    from nabij.people.models import Membership

    rng = random.Random(seed + run)
    members = list(
        Membership.objects.filter(ended_on__isnull=True, resident__bsn__isnull=False)
        .order_by("id")
        .values_list("resident__bsn", "started_on")
    )
    providers = [f"Bench aanbieder {n}" for n in range(1, 21)]
    for name in providers:
        Organisation.objects.get_or_create(name=name)
    products = [
        (p.category, p.code, p.stream)
        for p in Product.objects.exclude(code="").order_by("category", "code")
    ]
    units = {"14": 25_000, "16": 4_500, "04": 9_500, "01": 160}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "bsn",
                "provider",
                "stream",
                "payer",
                "product_category",
                "product_code",
                "period_start",
                "period_end",
                "volume",
                "unit",
                "unit_price",
                "amount",
                "reference",
            ]
        )
        for number in range(lines):
            bsn, started = members[rng.randrange(len(members))]
            first = started.month if started.year == 2026 else 1
            month = rng.randint(first, max(first, 11))
            start = max(dt.date(2026, month, 1), started)
            next_month = (dt.date(2026, month, 28) + dt.timedelta(days=4)).replace(day=1)
            end = next_month - dt.timedelta(days=1)
            category, code, stream = products[rng.randrange(len(products))]
            unit = rng.choice(list(units))
            price = units[unit]
            volume = rng.randint(1, 40)
            writer.writerow(
                [
                    bsn,
                    providers[number % len(providers)],
                    stream,
                    "municipality",
                    category,
                    code,
                    start.isoformat(),
                    end.isoformat(),
                    volume,
                    unit,
                    f"{price // 100},{price % 100:02d}",
                    f"{volume * price // 100},{volume * price % 100:02d}",
                    f"B{run}-{number}",
                ]
            )


def baseline(path: Path) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for _row in csv.reader(handle, delimiter=";"):
            pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--pg-database", default=PG_DB, help="PostgreSQL database to (re)create")
    parser.add_argument(
        "--fk-checks",
        choices=["commit", "copy", "both"],
        default="commit",
        help="PostgreSQL: foreign keys checked at COMMIT, during COPY, or alternately per run",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nabij-bench-imports-"))
    setup(args.backend, workdir, args.pg_database)
    # The pipeline's own phase timings (import.checked/streamed/written), on stderr.
    phases = logging.getLogger("nabij.costs.imports")
    phases.setLevel(logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("  phases: %(message)s"))
    phases.addHandler(handler)
    from django.contrib.auth.models import AnonymousUser

    from nabij.access.gate import Actor
    from nabij.costs.imports import ImportRefused, import_files
    from nabij.costs.models import CostLine
    from nabij.demo.services import demo_city_generate

    started = time.perf_counter()
    demo_city_generate(households=args.households, seed=args.seed)
    city_seconds = time.perf_counter() - started
    actor = Actor(user=AnonymousUser(), professional=None, channel="cli", os_user="bench")

    base_times: list[float] = []
    import_times: list[float] = []
    from nabij.costs.imports import pipeline

    fk_times: dict[str, list[float]] = {"commit": [], "copy": []}
    loads: list[float] = []
    for run in range(args.runs):
        mode = args.fk_checks if args.fk_checks != "both" else ("commit", "copy")[run % 2]
        pipeline.FK_CHECKS_DURING_COPY = mode == "copy"
        print(f"run {run}: foreign keys checked at {mode}", file=sys.stderr)
        path = workdir / f"costs-{run}.csv"
        write_csv(path, args.lines, args.seed, run)
        loads.append(os.getloadavg()[0])
        base_times.append(baseline(path))
        size = path.stat().st_size
        started = time.perf_counter()
        try:
            [result] = import_files(actor, [(str(path), lambda p=path: p.open("rb"), size)])
        except ImportRefused as refused:
            for finding in refused.findings[:10]:
                print(finding, file=sys.stderr)
            raise
        import_times.append(time.perf_counter() - started)
        fk_times[mode].append(import_times[-1])
        assert result.lines == args.lines, result
        path.unlink()
    assert CostLine.objects.count() == args.lines * args.runs
    version = database_version()

    base = statistics.median(base_times)
    took = statistics.median(import_times)
    rate = args.lines / took
    base_runs = ", ".join(f"{t:.1f}" for t in base_times)
    import_runs = ", ".join(f"{t:.1f}" for t in import_times)
    city = f"{args.households:,} households (`demo_city_generate`, {city_seconds:.0f} s)"
    text = f"""### Import of {args.lines:,} CSV cost lines ({version})

Machine: {machine()}. City: {city}.
File: {args.lines:,} seeded lines, twenty providers, demo product codes, a reference number per
line; runs: {args.runs} (each a new file; the ledger grows by {args.lines:,} lines per run).
Load average (1 min) as each run started: {", ".join(f"{x:.1f}" for x in loads)}; \
{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.

| measure | median | runs (s) |
| --- | ---: | --- |
| baseline: `csv.reader` over the file, nothing else | {base:.1f} s | {base_runs} |
| `import_files`: both passes, lookups, spool, write, access log, one transaction \
| {took:.1f} s | {import_runs} |
| lines per second | **{rate:,.0f}** | |
| ratio import / baseline | {took / base:.1f}x | |
"""
    if args.backend == "postgresql" and args.fk_checks == "both":
        for mode, times in fk_times.items():
            median = statistics.median(times)
            runs = ", ".join(f"{t:.1f}" for t in times)
            text += f"| foreign keys checked at {mode} | {median:.1f} s | {runs} |\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
