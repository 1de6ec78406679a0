"""The full area rollup against hand-written DuckDB queries on the same in-memory data.

Run after ``bench/costs_refresh.py --setup`` (database ``nabij_bench_costs``). Loads the
snapshot once, then times, in turns and in the same run:

- ``analytics.area_rollup`` with suppression, as the page calls it: household → street →
  neighbourhood → district, payer-by-stream matrix with row/column totals, concentration curve
  (101 points and the 1/3/5/10% figures), plus the Python suppression and the neighbourhood
  names from the Django database;
- hand-written DuckDB SQL computing the same totals straight from the lines (one query per
  level, a CUBE for the matrix, a window for the curve), no suppression, nothing else.

Checks that both give the same totals, prints median of ``--runs`` and the ratio, and writes
a Markdown section to ``--out``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from costs_refresh import DEFAULT_DB, YEAR, django_setup, machine

HAND_AREAS = """
WITH hh AS (SELECT household_id, SUM(amount) AS cost FROM lines WHERE year = $year GROUP BY 1)
SELECT h.district, h.neighbourhood, h.street, COUNT(*) AS households,
       COUNT(hh.household_id) AS with_cost, SUM(COALESCE(hh.cost, 0)) AS cost
FROM households h LEFT JOIN hh USING (household_id)
WHERE h.municipality = $municipality
GROUP BY ROLLUP (h.district, h.neighbourhood, h.street)
"""
HAND_MATRIX = """
SELECT l.payer, l.stream, COUNT(DISTINCT l.household_id) AS households, SUM(l.amount) AS cost
FROM lines l JOIN households h USING (household_id)
WHERE l.year = $year AND h.municipality = $municipality
GROUP BY CUBE (l.payer, l.stream)
"""
HAND_CURVE = """
WITH hh AS (
    SELECT h.household_id, COALESCE(SUM(l.amount), 0) AS cost
    FROM households h LEFT JOIN lines l ON l.household_id = h.household_id AND l.year = $year
    WHERE h.municipality = $municipality GROUP BY 1
), ranked AS (
    SELECT ROW_NUMBER() OVER w AS n, SUM(cost) OVER w AS cum
    FROM hh WINDOW w AS (ORDER BY cost DESC ROWS UNBOUNDED PRECEDING)
)
SELECT n, cum FROM ranked
WHERE n IN (
    SELECT CEIL(c * p / 100)::BIGINT FROM (SELECT COUNT(*) AS c FROM hh), range(1, 101) t(p)
)
"""


def hand_written(db: Any, municipality: str) -> dict[str, Any]:
    params = {"year": YEAR, "municipality": municipality}
    areas = db.execute(HAND_AREAS, params).fetchall()
    matrix = db.execute(HAND_MATRIX, params).fetchall()
    curve = db.execute(HAND_CURVE, params).fetchall()
    total = next(int(r[5]) for r in areas if r[0] is None)
    grand = next(int(r[3]) for r in matrix if r[0] is None and r[1] is None)
    return {"total": total, "matrix_total": grand, "curve": len(curve), "areas": len(areas)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--grain", choices=["service", "line"], default="service")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    django_setup(args.database)
    from nabij.areas.models import Municipality
    from nabij.costs import analytics

    snap = analytics.Snapshot(grain=args.grain)
    started = time.perf_counter()
    snap.rebuild()
    loaded = time.perf_counter() - started
    municipality = Municipality.objects.get(code="GM0080")
    households = snap._db.execute("SELECT COUNT(*) FROM households").fetchone()[0]
    lines = snap.line_count()

    exact = analytics.area_rollup(snap, municipality=municipality, year=YEAR, suppress=False)
    with snap.reader() as cur:
        reference = hand_written(cur, municipality.code)
    assert exact.total.cost_cents == reference["total"] == reference["matrix_total"], (
        exact.total.cost_cents,
        reference,
    )
    assert exact.total.cost_cents == analytics.ledger_total_cents(
        snap, municipality_code=municipality.code, year=YEAR
    )

    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.runs):  # in turns, so other load on the machine weighs on both alike
        t0 = time.perf_counter()
        rollup = analytics.area_rollup(snap, municipality=municipality, year=YEAR)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with snap.reader() as cur:
            hand_written(cur, municipality.code)
        theirs.append(time.perf_counter() - t0)
    ours_median = statistics.median(ours)
    theirs_median = statistics.median(theirs)
    figures = ", ".join(
        f"{f.households_percent}% → {f.cost_percent}%" for f in rollup.concentration.figures
    )
    text = "\n".join(
        [
            "### Full rollup: `area_rollup` against hand-written DuckDB queries "
            f"(grain {args.grain})",
            "",
            f"Machine: {machine()}. Snapshot: {lines:,} cost lines in {snap.row_count():,} rows, "
            f"{households:,} households "
            f"(loaded from PostgreSQL in {loaded:.1f} s), year {YEAR}. "
            f"Command: `uv run python bench/costs_rollup.py --grain {args.grain}`.",
            "",
            f"| | median of {args.runs} | runs (s) |",
            "| --- | --- | --- |",
            f"| `analytics.area_rollup` (all levels, matrix, curve, suppression) | "
            f"{ours_median:.3f} s | {', '.join(f'{t:.3f}' for t in ours)} |",
            f"| hand-written DuckDB queries, same totals | {theirs_median:.3f} s | "
            f"{', '.join(f'{t:.3f}' for t in theirs)} |",
            f"| ratio | {ours_median / theirs_median:.2f} | target ≤ 2, and ≤ 1 s |",
            "",
            f"Both give the ledger total ({exact.total.cost_cents:,} cents). Concentration in the "
            f"synthetic city: {figures} (brief: 1% → ~30%, 4% → ~50%). Streets shown: "
            f"{rollup.streets_shown:,}.",
        ]
    )
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
