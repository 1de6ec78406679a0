"""Import speed: a national *Kerncijfers wijken en buurten* through ``nabij import indicators``.

Creates a fresh database (PostgreSQL ``nabij_bench_indicators`` on the server of
``DATABASE_URL`` with ``--backend postgresql``, or an SQLite file in a temporary directory),
creates 342 municipalities, 3,393 districts and ``--neighbourhoods`` (14,500) neighbourhoods,
and writes a synthetic ``TypedDataSet`` of all of them (and NL00) with ``--fields`` (100)
measures of 85984NED, about 3% of them null, beside the real 85984NED ``DataProperties`` and
``TableInfos`` shipped in ``outcomes/data``. Then, in the same run:

- baseline: ``json.load`` of the same file and a plain loop over every cell (the floor for any
  import of that file written in Python);
- the import through the real code path (``read``, ``prepare``: every check; then
  ``indicators_import``: definitions, batch, values, one transaction), ``--runs`` times. The
  first run is a first import; later runs re-import the same table and period, so they also
  mark the previous ~1.8 million values as history.
- with ``--bulk-create``, one more run writing the values with Django's ``bulk_create``
  instead of COPY/``executemany``, for comparison.

Prints a Markdown section and writes it to ``--out``.

    uv run python bench/indicators_import.py --backend sqlite --out /tmp/ind_sqlite.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        uv run python bench/indicators_import.py --backend postgresql --out /tmp/ind_pg.md
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from import_csv import database_version, machine  # bench/ is on the path when run

ROOT = Path(__file__).resolve().parent.parent
PG_DB = "nabij_bench_indicators"


def setup(backend: str, workdir: Path) -> None:
    if backend == "postgresql":
        import psycopg

        server = urlparse(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/")
        admin = server._replace(path="/postgres", scheme="postgresql").geturl()
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            c.execute(f"CREATE DATABASE {PG_DB}")
        os.environ["DATABASE_URL"] = server._replace(path=f"/{PG_DB}").geturl()
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["NABIJ_DATA_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def create_areas(neighbourhoods: int) -> list[str]:
    """342 municipalities, 3,393 districts, the neighbourhoods spread over them; their codes."""
    from nabij.areas.models import District, Municipality, Neighbourhood

    municipalities = Municipality.objects.bulk_create(
        Municipality(code=f"GM{n:04d}", name=f"Gemeente {n}") for n in range(1, 343)
    )
    districts = []
    for number in range(3_393):
        municipality = municipalities[number % len(municipalities)]
        districts.append(
            District(
                municipality=municipality,
                code=f"WK{municipality.code[2:]}{number // len(municipalities):02d}",
                name=f"Wijk {number}",
            )
        )
    districts = District.objects.bulk_create(districts)
    areas = [
        Neighbourhood(
            district=districts[number % len(districts)],
            code=f"BU{districts[number % len(districts)].code[2:]}{number // len(districts):02d}",
            name=f"Buurt {number}",
        )
        for number in range(neighbourhoods)
    ]
    Neighbourhood.objects.bulk_create(areas, batch_size=5_000)
    return (
        ["NL00"]
        + [m.code for m in municipalities]
        + [d.code for d in districts]
        + [a.code for a in areas]
    )


def write_files(workdir: Path, codes: list[str], fields: int, seed: int) -> list[Path]:
    from nabij.outcomes.imports.metadata import parse_properties
    from nabij.outcomes.imports.tables import DATA_DIR

    properties_path = DATA_DIR / "cbs-85984NED-DataProperties.json"
    infos_path = DATA_DIR / "cbs-85984NED-TableInfos.json"
    measures = list(parse_properties(json.loads(properties_path.read_text())).measures.values())
    chosen = measures[:fields]
    rng = random.Random(seed)
    rows = []
    for number, code in enumerate(codes):
        row: dict[str, object] = {"ID": number, "WijkenEnBuurten": code.ljust(10)}
        for topic in chosen:
            if rng.random() < 0.03:
                row[topic.key] = None
            elif topic.decimals:
                row[topic.key] = round(rng.uniform(0, 100), topic.decimals)
            else:
                row[topic.key] = rng.randrange(0, 20_000)
        rows.append(row)
    typed = workdir / "TypedDataSet.json"
    typed.write_text(
        json.dumps(
            {
                "odata.metadata": "https://opendata.cbs.nl/ODataApi/OData/85984NED/"
                "$metadata#Cbs.OData.TypedDataSet",
                "value": rows,
            }
        )
    )
    return [typed, properties_path, infos_path]


def baseline(path: Path) -> float:
    started = time.perf_counter()
    rows = json.loads(path.read_bytes())["value"]
    cells = 0
    for row in rows:
        for value in row.values():
            if value is not None:
                cells += 1
    return time.perf_counter() - started


def import_once(paths: list[Path]) -> tuple[float, float, float, int, float]:
    """Seconds to read, to check and to write; the values written; this process's CPU seconds
    (on a shared machine the wall time also holds the time other processes had the CPU)."""
    from nabij.outcomes.imports.tables import prepare, read
    from nabij.outcomes.services import indicators_import

    cpu = time.process_time()
    started = time.perf_counter()
    files = [read(str(p)) for p in paths]
    read_at = time.perf_counter()
    tables = prepare(files)
    checked_at = time.perf_counter()
    [summary] = indicators_import(tables)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    return read_at - started, checked_at - read_at, done - checked_at, summary.values, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    default = "postgresql" if on_postgres else "sqlite"
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default=default)
    parser.add_argument("--neighbourhoods", type=int, default=14_500)
    parser.add_argument("--fields", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--bulk-create", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nabij-bench-indicators-"))
    setup(args.backend, workdir)

    from nabij.outcomes import services
    from nabij.outcomes.models import IndicatorValue

    codes = create_areas(args.neighbourhoods)
    paths = write_files(workdir, codes, args.fields, args.seed)
    size_mb = paths[0].stat().st_size / 1e6

    base_times = [baseline(paths[0]) for _ in range(args.runs)]
    runs = [import_once(paths) for _ in range(args.runs)]
    values = runs[0][3]
    bulk = None
    if args.bulk_create:
        services.INSERT_WITH = "bulk_create"
        bulk = import_once(paths)
        services.INSERT_WITH = "auto"
    assert IndicatorValue.objects.filter(current=True).count() == values

    version = database_version()

    def total(run: tuple[float, float, float, int, float]) -> float:
        return run[0] + run[1] + run[2]

    base = statistics.median(base_times)
    first = total(runs[0])
    again = [total(r) for r in runs[1:]] or [first]
    took = statistics.median([total(r) for r in runs])
    median_phase = [statistics.median(r[i] for r in runs) for i in range(3)]
    text = f"""#### {version}

Machine: {machine()}.
File: {len(codes):,} areas (NL00, 342 municipalities, 3,393 districts, \
{args.neighbourhoods:,} neighbourhoods) x {args.fields} fields of 85984NED, about 3% null: \
{values:,} values, {size_mb:.0f} MB of JSON. Runs: {args.runs} (the first a first import, \
the others re-imports of the same period, which also turn the previous values into history).

| measure | median | runs (s) |
| --- | ---: | --- |
| baseline: `json.load` + a loop over every cell | {base:.1f} s | \
{", ".join(f"{t:.1f}" for t in base_times)} |
| import (read, check, write; one transaction) | **{took:.1f} s** | \
{", ".join(f"{total(r):.1f}" for r in runs)} |
| of which: read / check / write | {median_phase[0]:.1f} / {median_phase[1]:.1f} / \
{median_phase[2]:.1f} s | |
| first import / re-import | {first:.1f} s / {statistics.median(again):.1f} s | |
| CPU time of this process (import) | {statistics.median(r[4] for r in runs):.1f} s | \
{", ".join(f"{r[4]:.1f}" for r in runs)} |
| load average of the machine (1 min) at the end | {os.getloadavg()[0]:.1f} | |
| values per second | **{values / took:,.0f}** | |
| ratio import / baseline | {took / base:.1f}x | |
"""
    if bulk is not None:
        text += (
            f"| the same write with Django's `bulk_create` (re-import) | {total(bulk):.1f} s "
            f"(write {bulk[2]:.1f} s) | |\n"
        )
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
