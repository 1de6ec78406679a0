"""Exact disclosure check of a table with margins, after the heuristic has hidden its cells.

The heuristic (``costs.analytics.table_hidden``) looks at one line at a time. Lines combine: a
district's total, its stream cells, the stream totals over the municipality and the grand total
are linked by sums, and a hidden cell can follow from several lines together even when no line
holds it alone. Here every sum is one linear equation over the hidden entries (the shown and
published ones are known numbers); a hidden cell is given away exactly when its unit vector lies
in the span of those equations. That is checked with Gaussian elimination over a large prime
field (the coefficients are 0 and ±1, so the rank is the rational rank in practice), and while a
small cell can be worked out, one more entry of a line it is in is hidden, the smallest first.

Small: at most a few dozen hidden entries and equations per municipality; far below a
millisecond.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

Key = tuple[str, str]
PRIME = (1 << 61) - 1


def table_lines(rows: Sequence[str], columns: Sequence[str]) -> list[list[Key]]:
    """Each sum of the table, its total last: rows, columns, and the two margins."""
    lines = [[(r, c) for c in columns] + [(r, "")] for r in rows]
    lines += [[(r, c) for r in rows] + [("", c)] for c in columns]
    lines.append([(r, "") for r in rows] + [("", "")])
    lines.append([("", c) for c in columns] + [("", "")])
    return lines


def _basis(equations: Iterable[dict[Key, int]]) -> list[tuple[Key, dict[Key, int]]]:
    """Row-reduced equations, each with its pivot (over GF(PRIME))."""
    basis: list[tuple[Key, dict[Key, int]]] = []
    for eq in equations:
        vector = {k: v % PRIME for k, v in eq.items() if v % PRIME}
        vector = _reduce(vector, basis)
        if not vector:
            continue
        pivot = min(vector)
        inverse = pow(vector[pivot], PRIME - 2, PRIME)
        vector = {k: v * inverse % PRIME for k, v in vector.items()}
        # Keep the basis reduced: clear this pivot from the rows already there.
        basis = [
            (p, _axpy(row, vector, -row[pivot])) if pivot in row else (p, row) for p, row in basis
        ]
        basis.append((pivot, vector))
    return basis


def _axpy(row: dict[Key, int], other: dict[Key, int], factor: int) -> dict[Key, int]:
    out = dict(row)
    for k, v in other.items():
        value = (out.get(k, 0) + factor * v) % PRIME
        if value:
            out[k] = value
        else:
            out.pop(k, None)
    return out


def _reduce(vector: dict[Key, int], basis: list[tuple[Key, dict[Key, int]]]) -> dict[Key, int]:
    for pivot, row in basis:
        if pivot in vector:
            vector = _axpy(vector, row, -vector[pivot])
    return vector


def determined(
    hidden: set[Key], lines: Sequence[Sequence[Key]], targets: Iterable[Key]
) -> set[Key]:
    """The hidden ``targets`` that follow from the sums, given every other entry."""
    equations = []
    for line in lines:
        eq: dict[Key, int] = {}
        for key in line[:-1]:
            if key in hidden:
                eq[key] = eq.get(key, 0) + 1
        if line[-1] in hidden:
            eq[line[-1]] = eq.get(line[-1], 0) - 1
        if eq:
            equations.append(eq)
    basis = _basis(equations)
    return {t for t in targets if t in hidden and not _reduce({t: 1}, basis)}


def make_safe(
    hidden: set[Key],
    households: Mapping[Key, int],
    lines: Sequence[Sequence[Key]],
    limit: int,
    fixed: frozenset[Key],
) -> set[Key]:
    """``hidden`` with as few more entries as the greedy choice finds, so that no entry of
    fewer than ``limit`` households (but some) can be worked out. ``fixed`` entries are known to
    the reader anyway (published elsewhere): never hidden here, always counted as known."""
    hidden = set(hidden) - fixed
    small = {k for k in hidden if 0 < households.get(k, 0) < limit}
    while True:
        leaked = determined(hidden, lines, small)
        if not leaked:
            return hidden
        candidates = {
            key
            for line in lines
            if leaked & set(line)
            for key in line
            if key not in hidden and key not in fixed and households.get(key, 0) > 0
        }
        if not candidates:  # nothing left that could cover it: hide all that may be hidden
            candidates = {k for k in households if k not in hidden and k not in fixed}
            if not candidates:
                return hidden
        large = [k for k in candidates if households.get(k, 0) >= limit]
        hidden.add(min(large or candidates, key=lambda k: (households.get(k, 0), k)))


def reveal_determined(
    hidden: set[Key], households: Mapping[Key, int], lines: Sequence[Sequence[Key]], limit: int
) -> set[Key]:
    """``hidden`` without the entries a reader works out from what is shown anyway (a total
    that is the sum of shown figures, say): showing them tells nothing more, and hiding them
    only makes the page look emptier. Never an entry of fewer than ``limit`` households."""
    candidates = {k for k in hidden if not 0 < households.get(k, 0) < limit}
    return hidden - determined(hidden, lines, candidates)
