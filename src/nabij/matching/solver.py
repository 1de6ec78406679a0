"""The exchange solver: the set of cycles and chains of help that maximises total weight.

A pure function over plain data, so it runs from the command line on public kidney-exchange
pools as well as on the broker's participants. Participants are vertices; an arc u → v with a
weight says "u can give v what v needs". Volunteers who need nothing are *donors* (the kidney
literature's non-directed donors): they can only start a chain.

Formulation (integer programme, solved exactly with HiGHS):

- **Cycles** of length 2..``max_cycle`` are enumerated (vectorised joins over the arc list)
  and get one binary variable each: the cycle formulation, whose LP bound is tight.
- **Chains** use the position-indexed chain-edge formulation (PICEF, Dickerson et al. 2016):
  a binary y(u, v, k) says arc u → v is the k-th gift of some chain. Arcs from donors only at
  position 1; an arc from a participant u at position k only when u can receive at position
  k - 1 (reachability per position prunes the rest). Flow: a participant passes on at
  position k + 1 at most what they received at position k. This stays compact where enumerating
  chains would explode.
- **Capacity**: each participant takes part in at most ``capacity`` exchanges (cycles plus
  received gifts in chains); each donor starts at most ``capacity`` chains. With capacities
  above one, an arc is used at most once.

A time limit stops the search with the best solution found and its proven optimality gap. When
the solver finds no solution in time, a greedy solution is returned and marked as such.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

CYCLE = "cycle"
CHAIN = "chain"


@dataclass(frozen=True)
class Instance:
    """Participants 0..n-1, donors 0..d-1, and weighted arcs between them.

    ``arcs``: (giver, receiver, weight) among participants. ``donor_arcs``: (donor, receiver,
    weight). Capacities default to one exchange per person.
    """

    participants: int
    arcs: Sequence[tuple[int, int, float]]
    donors: int = 0
    donor_arcs: Sequence[tuple[int, int, float]] = ()
    capacity: Sequence[int] | None = None
    donor_capacity: Sequence[int] | None = None

    def participant_capacity(self, v: int) -> int:
        return 1 if self.capacity is None else self.capacity[v]

    def donor_cap(self, d: int) -> int:
        return 1 if self.donor_capacity is None else self.donor_capacity[d]


@dataclass(frozen=True)
class Exchange:
    """A cycle (participants in giving order, closing back to the first) or a chain
    (``donor`` gives to ``vertices[0]``, who gives to ``vertices[1]``, ...)."""

    kind: str
    vertices: tuple[int, ...]
    weight: float
    donor: int | None = None


@dataclass
class Solution:
    objective: float
    optimal: bool
    gap: float | None  # None: no bound known (greedy alone)
    seconds: float
    exchanges: list[Exchange] = field(default_factory=list)
    method: str = "ip"
    stats: dict[str, int] = field(default_factory=dict)


class InstanceError(ValueError):
    """The instance itself is malformed (ids out of range, negative weights, self-loops)."""


def validate(instance: Instance) -> None:
    n, d = instance.participants, instance.donors
    if n < 0 or d < 0:
        raise InstanceError("negative number of participants or donors")
    for u, v, w in instance.arcs:
        if not (0 <= u < n and 0 <= v < n):
            raise InstanceError(f"arc {u} -> {v} refers to a participant outside 0..{n - 1}")
        if u == v:
            raise InstanceError(f"arc {u} -> {v} is a self-loop")
        if not w >= 0:
            raise InstanceError(f"arc {u} -> {v} has a negative or missing weight")
    for a, v, w in instance.donor_arcs:
        if not (0 <= a < d and 0 <= v < n):
            raise InstanceError(f"donor arc {a} -> {v} is out of range")
        if not w >= 0:
            raise InstanceError(f"donor arc {a} -> {v} has a negative or missing weight")
    for caps, size in ((instance.capacity, n), (instance.donor_capacity, d)):
        if caps is not None and (len(caps) != size or any(c < 0 for c in caps)):
            raise InstanceError("capacities must be given for everyone and not be negative")


def _arc_weights(instance: Instance) -> dict[tuple[int, int], float]:
    """Best weight per ordered pair (parallel arcs collapse to the heaviest)."""
    best: dict[tuple[int, int], float] = {}
    for u, v, w in instance.arcs:
        if w > best.get((u, v), -1.0):
            best[(u, v)] = float(w)
    return best


def enumerate_cycles(
    weights: dict[tuple[int, int], float], participants: int, max_cycle: int
) -> list[tuple[tuple[int, ...], float]]:
    """All simple cycles up to ``max_cycle``, each once, starting at its smallest vertex.

    Lengths 2 and 3 by vectorised joins over the arc arrays; longer ones by a depth-first
    search from each smallest vertex.
    """
    if max_cycle < 2 or not weights:
        return []
    pairs = np.array(list(weights.keys()), dtype=np.int64)
    u, v = pairs[:, 0], pairs[:, 1]
    n = max(participants, 1)
    keys = np.sort(u * n + v)

    def has_arc(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        code = a * n + b
        pos = np.searchsorted(keys, code)
        pos[pos >= len(keys)] = 0
        return keys[pos] == code

    cycles: list[tuple[tuple[int, ...], float]] = []
    two = (u < v) & has_arc(v, u)
    for a, b in zip(u[two].tolist(), v[two].tolist(), strict=True):
        cycles.append(((a, b), weights[(a, b)] + weights[(b, a)]))
    if max_cycle >= 3:
        order = np.argsort(u, kind="stable")
        su, sv = u[order], v[order]
        starts = np.searchsorted(su, np.arange(n + 1))
        # paths a -> b -> c with a the smallest vertex of the three
        keep = su < sv
        a_arr, b_arr = su[keep], sv[keep]
        counts = starts[b_arr + 1] - starts[b_arr]
        a_rep = np.repeat(a_arr, counts)
        b_rep = np.repeat(b_arr, counts)
        idx = (
            np.concatenate([np.arange(starts[b], starts[b + 1]) for b in b_arr.tolist()])
            if len(b_arr)
            else np.array([], dtype=np.int64)
        )
        c_rep = sv[idx] if len(idx) else np.array([], dtype=np.int64)
        ok = (c_rep > a_rep) & (c_rep != b_rep)
        a_rep, b_rep, c_rep = a_rep[ok], b_rep[ok], c_rep[ok]
        closed = has_arc(c_rep, a_rep)
        for a, b, c in zip(
            a_rep[closed].tolist(), b_rep[closed].tolist(), c_rep[closed].tolist(), strict=True
        ):
            cycles.append(((a, b, c), weights[(a, b)] + weights[(b, c)] + weights[(c, a)]))
    if max_cycle >= 4:
        out: dict[int, list[int]] = defaultdict(list)
        for a, b in weights:
            out[a].append(b)
        for start in range(participants):
            stack: list[tuple[int, tuple[int, ...]]] = [(start, (start,))]
            while stack:
                here, path = stack.pop()
                for nxt in out.get(here, ()):
                    if nxt == start and len(path) >= 4:
                        w = sum(weights[(path[i], path[i + 1])] for i in range(len(path) - 1))
                        cycles.append((path, w + weights[(here, start)]))
                    elif nxt > start and nxt not in path and len(path) < max_cycle:
                        stack.append((nxt, (*path, nxt)))
    return cycles


@contextlib.contextmanager
def _banner_silenced() -> Iterator[None]:
    """HiGHS prints its banner on the C-level stdout when created, before any option can
    silence it; the command line promises one JSON object on stdout, so it goes to stderr."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def solve(
    instance: Instance,
    *,
    max_cycle: int = 3,
    max_chain: int = 3,
    time_limit: float = 30.0,
    threads: int | None = None,
) -> Solution:
    """The maximum-weight set of exchanges within the limits; see the module docstring."""
    started = time.perf_counter()
    validate(instance)
    if max_cycle < 0 or max_chain < 0:
        raise InstanceError("limits cannot be negative")
    import highspy

    weights = _arc_weights(instance)
    donor_weights: dict[tuple[int, int], float] = {}
    for a, v, w in instance.donor_arcs:
        if w > donor_weights.get((a, v), -1.0):
            donor_weights[(a, v)] = float(w)

    cycles = enumerate_cycles(weights, instance.participants, max_cycle)
    # Chain variables: (giver, receiver, position, is_donor)
    chain_vars: list[tuple[int, int, int, bool]] = []
    chain_weights: list[float] = []
    if max_chain >= 1 and donor_weights:
        out: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for (u, v), w in weights.items():
            out[u].append((v, w))
        receivers: set[int] = set()
        for (a, v), w in donor_weights.items():
            chain_vars.append((a, v, 1, True))
            chain_weights.append(w)
            receivers.add(v)
        # Position k only from someone who can receive at position k - 1: exact reachability
        # per position keeps the model small and every flow row meaningful.
        for k in range(2, max_chain + 1):
            reached: set[int] = set()
            for u in sorted(receivers):
                for v, w in out.get(u, ()):
                    chain_vars.append((u, v, k, False))
                    chain_weights.append(w)
                    reached.add(v)
            receivers = reached

    n_cols = len(cycles) + len(chain_vars)
    stats = {"cycles": len(cycles), "chain_variables": len(chain_vars), "arcs": len(weights)}
    if n_cols == 0:
        return Solution(0.0, True, 0.0, time.perf_counter() - started, [], "ip", stats)

    # Rows, built column-wise: (row index, coefficient) per column.
    rows_upper: list[float] = []
    cap_row: dict[int, int] = {}
    for v in range(instance.participants):
        cap_row[v] = len(rows_upper)
        rows_upper.append(float(instance.participant_capacity(v)))
    donor_row: dict[int, int] = {}
    for a in range(instance.donors):
        donor_row[a] = len(rows_upper)
        rows_upper.append(float(instance.donor_cap(a)))
    flow_row: dict[tuple[int, int], int] = {}  # (participant, position k): out(k+1) - in(k) <= 0
    for _, v, k, _is_donor in chain_vars:
        if k < max_chain and (v, k) not in flow_row:
            flow_row[(v, k)] = len(rows_upper)
            rows_upper.append(0.0)
    arc_row: dict[tuple[int, int], int] = {}
    if instance.capacity is not None and any(c > 1 for c in instance.capacity):
        for u, v in weights:
            if instance.participant_capacity(u) > 1 and instance.participant_capacity(v) > 1:
                arc_row[(u, v)] = len(rows_upper)
                rows_upper.append(1.0)

    col_rows: list[list[tuple[int, float]]] = []
    costs: list[float] = []
    for vertices, w in cycles:
        entries = [(cap_row[x], 1.0) for x in vertices]
        if arc_row:
            for i, x in enumerate(vertices):
                key = (x, vertices[(i + 1) % len(vertices)])
                if key in arc_row:
                    entries.append((arc_row[key], 1.0))
        col_rows.append(entries)
        costs.append(w)
    for (u, v, k, is_donor), w in zip(chain_vars, chain_weights, strict=True):
        entries = [(cap_row[v], 1.0)]
        if is_donor:
            entries.append((donor_row[u], 1.0))
        else:
            entries.append((flow_row[(u, k - 1)], 1.0))
            if (u, v) in arc_row:
                entries.append((arc_row[(u, v)], 1.0))
        if (v, k) in flow_row:
            entries.append((flow_row[(v, k)], -1.0))
        col_rows.append(entries)
        costs.append(w)

    starts = np.zeros(n_cols + 1, dtype=np.int32)
    starts[1:] = np.cumsum([len(e) for e in col_rows])
    index = np.fromiter((r for e in col_rows for r, _ in e), dtype=np.int32, count=int(starts[-1]))
    value = np.fromiter(
        (c for e in col_rows for _, c in e), dtype=np.float64, count=int(starts[-1])
    )

    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = len(rows_upper)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.array(costs, dtype=np.float64)
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.ones(n_cols)
    lp.row_lower_ = np.full(len(rows_upper), -highspy.kHighsInf)
    lp.row_upper_ = np.array(rows_upper, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols

    with _banner_silenced():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    remaining = max(0.1, time_limit - (time.perf_counter() - started))
    h.setOptionValue("time_limit", remaining)
    h.setOptionValue("mip_rel_gap", 1e-6)
    if threads:
        h.setOptionValue("threads", threads)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if not has_solution:
        greedy = solve_greedy(instance, max_cycle=max_cycle, max_chain=max_chain)
        greedy.seconds = time.perf_counter() - started
        greedy.stats = stats
        bound = info.mip_dual_bound
        if np.isfinite(bound) and bound > 0:
            greedy.gap = max(0.0, (bound - greedy.objective) / bound)
        return greedy
    values = np.asarray(h.getSolution().col_value)
    optimal = status == highspy.HighsModelStatus.kOptimal
    exchanges = [
        Exchange(CYCLE, vertices, w)
        for (vertices, w), val in zip(cycles, values[: len(cycles)], strict=True)
        if val > 0.5
    ]
    used = [var for var, val in zip(chain_vars, values[len(cycles) :], strict=True) if val > 0.5]
    exchanges.extend(_chains_from(used, weights, donor_weights))
    objective = sum(e.weight for e in exchanges)
    bound = info.mip_dual_bound
    gap = 0.0 if optimal else max(0.0, (bound - objective) / max(abs(bound), 1e-9))
    return Solution(
        objective=objective,
        optimal=optimal,
        gap=gap,
        seconds=time.perf_counter() - started,
        exchanges=exchanges,
        method="ip",
        stats=stats,
    )


def _chains_from(
    used: list[tuple[int, int, int, bool]],
    weights: dict[tuple[int, int], float],
    donor_weights: dict[tuple[int, int], float],
) -> list[Exchange]:
    """Follow the chosen position-indexed arcs from each donor gift to the chain's end."""
    by_start: dict[tuple[int, int], list[int]] = defaultdict(list)  # (giver, position) -> receivers
    for u, v, k, is_donor in used:
        if not is_donor:
            by_start[(u, k)].append(v)
    chains = []
    for a, v, _k, is_donor in used:
        if not is_donor:
            continue
        path = [v]
        weight = donor_weights[(a, v)]
        position = 2
        while by_start.get((path[-1], position)):
            nxt = by_start[(path[-1], position)].pop()
            weight += weights[(path[-1], nxt)]
            path.append(nxt)
            position += 1
        chains.append(Exchange(CHAIN, tuple(path), weight, donor=a))
    return chains


def solve_greedy(instance: Instance, *, max_cycle: int = 3, max_chain: int = 3) -> Solution:
    """Fast and simple: heaviest cycles first, then each donor's chain grown by the heaviest
    free arc. A fallback, and a baseline the benchmarks compare against."""
    started = time.perf_counter()
    validate(instance)
    weights = _arc_weights(instance)
    left = [instance.participant_capacity(v) for v in range(instance.participants)]
    used_arcs: set[tuple[int, int]] = set()
    exchanges: list[Exchange] = []
    for vertices, w in sorted(
        enumerate_cycles(weights, instance.participants, max_cycle), key=lambda c: -c[1]
    ):
        if all(left[x] > 0 for x in vertices):
            for x in vertices:
                left[x] -= 1
            exchanges.append(Exchange(CYCLE, vertices, w))
    out: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (a, b), w in weights.items():
        out[a].append((w, b))
    donor_out: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for a, v, w in instance.donor_arcs:
        donor_out[a].append((float(w), v))
    if max_chain >= 1:
        for a in range(instance.donors):
            for _ in range(instance.donor_cap(a)):
                options = [(w, v) for w, v in donor_out.get(a, []) if left[v] > 0]
                if not options:
                    break
                w, v = max(options)
                left[v] -= 1
                path, weight = [v], w
                while len(path) < max_chain:
                    nxt_options = [
                        (w2, b)
                        for w2, b in out.get(path[-1], [])
                        if left[b] > 0 and b not in path and (path[-1], b) not in used_arcs
                    ]
                    if not nxt_options:
                        break
                    w2, b = max(nxt_options)
                    left[b] -= 1
                    used_arcs.add((path[-1], b))
                    path.append(b)
                    weight += w2
                exchanges.append(Exchange(CHAIN, tuple(path), weight, donor=a))
    objective = sum(e.weight for e in exchanges)
    return Solution(objective, False, None, time.perf_counter() - started, exchanges, "greedy")
