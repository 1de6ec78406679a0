"""The exact check behind the area budget's suppression, on random tables without a database:
the line-by-line heuristic alone sometimes lets a small cell follow from several sums together;
after ``make_safe`` none ever does."""

from __future__ import annotations

import random

from nabij.costs.analytics import table_hidden
from nabij.funds.models import BUDGET_STREAMS
from nabij.funds.selectors_budget import published_entries
from nabij.funds.suppression import determined, make_safe, table_lines

LIMIT = 10
STREAMS = list(BUDGET_STREAMS)


def _table(seed: int) -> tuple[list[str], dict]:
    rng = random.Random(seed)
    codes = [f"WK00800{i}" for i in range(rng.randint(2, 5))]
    values = {}
    for c in codes:
        for s in STREAMS:
            n = rng.choice([0, 0, 1, 3, 9, 10, 12, 25])
            values[(c, s)] = (n, n * rng.randint(1, 50))
    for c in codes:
        values[(c, "")] = tuple(sum(values[(c, s)][i] for s in STREAMS) for i in (0, 1))
    for s in STREAMS:
        values[("", s)] = tuple(sum(values[(c, s)][i] for c in codes) for i in (0, 1))
    values[("", "")] = tuple(sum(values[(c, "")][i] for c in codes) for i in (0, 1))
    return codes, values


def test_the_heuristic_can_leak_and_the_exact_check_closes_it():
    leaked_before = 0
    for seed in range(300):
        codes, values = _table(seed)
        fixed = published_entries(values, codes, LIMIT)
        lines = table_lines(codes, STREAMS)
        small = {k for k, (n, _c) in values.items() if 0 < n < LIMIT}
        heuristic = table_hidden(values, codes, STREAMS, LIMIT, fixed=fixed) - fixed
        leaked_before += bool(determined(heuristic, lines, small))
        households = {k: n for k, (n, _c) in values.items()}
        safe = make_safe(heuristic, households, lines, LIMIT, fixed)
        assert small <= safe, seed
        assert not determined(safe, lines, small), seed
        assert not safe & fixed  # what is published elsewhere is never pretended hidden
    assert leaked_before > 0  # the exact check is not idle


def test_determined_by_hand():
    """Two districts, one stream: A's cell hidden alone beside a shown total gives it away;
    with B's cell hidden too it does not."""
    lines = table_lines(["A", "B"], ["wmo"])
    assert determined({("A", "wmo")}, lines, [("A", "wmo")]) == {("A", "wmo")}
    both = {("A", "wmo"), ("B", "wmo"), ("A", ""), ("B", "")}
    assert determined(both, lines, [("A", "wmo")]) == set()
