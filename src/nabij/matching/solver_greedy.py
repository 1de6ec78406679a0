"""The greedy fallback on the array model: heaviest cycles first, then each donor's chain grown
by the heaviest free arc. A baseline for the benchmarks, a start for the exact solver, and the
answer when the exact solver runs out of time without a solution of its own.

Cycles are taken in blocks in order of weight; after each block one vectorised pass drops the
cycles that no longer fit, so the Python loop only sees cycles that still might (at city scale
most of the four million are gone after the first blocks).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nabij.matching.solver_model import Model

BLOCK = 20_000


@dataclass(frozen=True)
class GreedyChain:
    donor: int
    path: tuple[int, ...]
    weight: float
    columns: tuple[int, ...]  # the chain-position columns it uses, for a warm start


def greedy(model: Model, max_chain: int) -> tuple[list[int], list[GreedyChain]]:
    """Cycle columns chosen (with explicit chains, see ``explicit_chains``, those too) and
    chains grown; every row's capacity respected."""
    left = model.row_upper.copy()
    chosen: list[int] = []
    order = np.argsort(-model.cost[: model.n_cycles], kind="stable")
    start, index = model.start, model.index
    while len(order):
        block, order = order[:BLOCK], order[BLOCK:]
        for j in block.tolist():
            rows = index[start[j] : start[j + 1]]
            if (left[rows] >= 1).all():
                left[rows] -= 1
                chosen.append(j)
        if len(order):  # drop the cycles that no longer fit
            counts = start[order + 1] - start[order]
            take = np.repeat(start[order], counts) + (
                np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            )
            full = (left[index[take]] < 1).astype(np.int64)
            blocked = np.add.reduceat(full, np.cumsum(counts) - counts) > 0
            order = order[~blocked]
    return chosen, _chains(model, left, max_chain)


def _chains(model: Model, left: np.ndarray, max_chain: int) -> list[GreedyChain]:
    g = model.graph
    n, d = g.participants, g.donors
    if max_chain < 1 or len(model.chain_giver) == 0:  # no donors, or chains explicit
        return []
    out_start = np.searchsorted(g.u, np.arange(n + 1))
    donor_start = np.searchsorted(g.du, np.arange(d + 1))
    multi = (g.capacity[g.u] > 1) & (g.capacity[g.v] > 1)
    arc_row = np.where(multi, n + d + max(max_chain - 1, 0) * n + np.cumsum(multi) - 1, -1)
    key = _chain_keys(model)
    chains = []
    donor_used = np.zeros(len(g.du), dtype=bool)  # a donor gives one person once
    for a in range(d):
        lo, hi = donor_start[a], donor_start[a + 1]
        for _ in range(int(g.donor_capacity[a])):
            ok = (left[g.dv[lo:hi]] >= 1) & ~donor_used[lo:hi]
            if not ok.any():
                break
            pick = lo + _heaviest(g.dw[lo:hi], g.dv[lo:hi], ok)
            donor_used[pick] = True
            first = int(g.dv[pick])
            left[first] -= 1
            path, weight = [first], float(g.dw[pick])
            arcs: list[tuple[int, int, int]] = [(a, first, 1)]
            while len(path) < max_chain:
                here = path[-1]
                lo2, hi2 = out_start[here], out_start[here + 1]
                to = g.v[lo2:hi2]
                rows = arc_row[lo2:hi2]
                ok2 = (left[to] >= 1) & ~np.isin(to, path) & ((rows < 0) | (left[rows] >= 1))
                if not ok2.any():
                    break
                step = lo2 + _heaviest(g.w[lo2:hi2], to, ok2)
                nxt = int(g.v[step])
                left[nxt] -= 1
                if arc_row[step] >= 0:
                    left[arc_row[step]] -= 1
                arcs.append((here, nxt, len(path) + 1))
                path.append(nxt)
                weight += float(g.w[step])
            columns = tuple(int(c) for c in _chain_columns(model, key, arcs))
            chains.append(GreedyChain(a, tuple(path), weight, columns))
    return chains


def _heaviest(weights: np.ndarray, ids: np.ndarray, ok: np.ndarray) -> int:
    """Position of the heaviest allowed option, ties to the largest id."""
    masked = np.where(ok, weights, -np.inf)
    top = masked == masked.max()
    return int(np.nonzero(top)[0][np.argmax(ids[top])])


def _chain_keys(model: Model) -> np.ndarray:
    """Sorted keys (position, giver, receiver) of the chain columns, as built."""
    g = model.graph
    width = max(g.participants, g.donors, 1)
    return (model.chain_position * width + model.chain_giver) * width + model.chain_receiver


def _chain_columns(model: Model, key: np.ndarray, arcs: list[tuple[int, int, int]]) -> np.ndarray:
    width = max(model.graph.participants, model.graph.donors, 1)
    a = np.array(arcs, dtype=np.int64).reshape(-1, 3)
    code = (a[:, 2] * width + a[:, 0]) * width + a[:, 1]
    return model.n_cycles + np.searchsorted(key, code)
