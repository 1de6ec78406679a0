"""The exchange solver: the set of cycles and chains of help that maximises total weight.

A pure function over plain data, so it runs from the command line on public kidney-exchange
pools as well as on the broker's participants. Participants are vertices; an arc u → v with a
weight says "u can give v what v needs". Volunteers who need nothing are *donors* (the kidney
literature's non-directed donors): they can only start a chain.

Formulation (integer programme, solved exactly with HiGHS; arrays in ``solver_model``):

- **Cycles** of length 2..``max_cycle`` are enumerated and get one binary variable each: the
  cycle formulation, the strongest of the standard LP bounds (on the dense synthetic city
  still a few units above the optimum, hence the proof step below).
- **Chains** use the position-indexed chain-edge formulation (PICEF, Dickerson et al. 2016):
  a binary y(u, v, k) says arc u → v is the k-th gift of some chain, from a donor at k = 1, and
  from u at k only when u can receive at k - 1. A participant passes on at position k + 1 at
  most what they received at k. (With capacities above one a walk that comes back to someone
  is returned as its chain plus the cycles it closes; see ``solver_model.explicit_chains``.)
- **Capacity**: each participant takes part in at most ``capacity`` exchanges (cycles plus
  received gifts in chains); each donor starts at most ``capacity`` chains. With capacities
  above one, an arc is used at most once.

How it is solved (``solver_lp``), so that a city of 10,000 fits in seconds:

1. **Column generation** for the LP relaxation: a restricted master LP in HiGHS, all columns
   priced against its row prices in one vectorised pass. Any prices give a proven upper bound
   (``Model.bound``), so the bound holds whenever time runs out.
2. **A solution from the LP's optimal face**: the master's columns at 1 are fixed and an integer
   programme over the master's zero-reduced-cost columns fills in the rest.
3. **The proof**: a column whose reduced cost is below -(bound - incumbent - step) cannot be in
   any solution better than the incumbent (step = 1 when all weights are whole numbers, so a
   better solution is at least one more). The integer programme over the other columns, started
   from the incumbent, is solved to optimality when it fits in the time; its optimum is then
   the optimum. When far too many columns remain (a whole city), the time left goes to the
   master's integer programme instead, while the proven gap is above 0.25%.

``optimal`` is reported only when proven; ``gap`` is (bound - objective) / bound with the best
proven bound. When no integer solution is found in time, the greedy solution is returned and
marked as such.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from nabij.matching import solver_model
from nabij.matching.solver_greedy import GreedyChain, greedy
from nabij.matching.solver_lp import Relaxation, column_generation, solve_restricted
from nabij.matching.solver_model import Model

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
    arcs = np.asarray(instance.arcs, dtype=np.float64).reshape(-1, 3)
    u, v, w = arcs[:, 0], arcs[:, 1], arcs[:, 2]
    for bad, message in (
        (~((u >= 0) & (u < n) & (v >= 0) & (v < n)), "refers to a participant outside 0..{n}"),
        (u == v, "is a self-loop"),
        (~(w >= 0), "has a negative or missing weight"),  # also NaN
    ):
        if bad.any():
            a, b = (int(x) for x in arcs[bad][0, :2])
            raise InstanceError(f"arc {a} -> {b} " + message.format(n=n - 1))
    donor_arcs = np.asarray(instance.donor_arcs, dtype=np.float64).reshape(-1, 3)
    a_, v_, w_ = donor_arcs[:, 0], donor_arcs[:, 1], donor_arcs[:, 2]
    for bad, message in (
        (~((a_ >= 0) & (a_ < d) & (v_ >= 0) & (v_ < n)), "is out of range"),
        (~(w_ >= 0), "has a negative or missing weight"),
    ):
        if bad.any():
            a, b = (int(x) for x in donor_arcs[bad][0, :2])
            raise InstanceError(f"donor arc {a} -> {b} {message}")
    for caps, size in ((instance.capacity, n), (instance.donor_capacity, d)):
        if caps is not None and (len(caps) != size or any(c < 0 for c in caps)):
            raise InstanceError("capacities must be given for everyone and not be negative")


def _graph(instance: Instance) -> solver_model.Graph:
    return solver_model.graph(
        instance.participants,
        instance.arcs,
        instance.donors,
        instance.donor_arcs,
        instance.capacity,
        instance.donor_capacity,
    )


def enumerate_cycles(
    weights: dict[tuple[int, int], float], participants: int, max_cycle: int
) -> list[tuple[tuple[int, ...], float]]:
    """All simple cycles up to ``max_cycle``, each once, starting at its smallest vertex."""
    arcs = [(u, v, w) for (u, v), w in weights.items()]
    g = solver_model.graph(participants, arcs, 0, [], None, None)
    vertices, w = solver_model.cycles(g, max_cycle)
    return [
        (tuple(int(x) for x in row if x >= 0), float(c))
        for row, c in zip(vertices.tolist(), w.tolist(), strict=True)
    ]


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
    deadline = started + time_limit
    validate(instance)
    if max_cycle < 0 or max_chain < 0:
        raise InstanceError("limits cannot be negative")
    model = solver_model.build(_graph(instance), max_cycle, max_chain)
    stats = {
        "cycles": model.n_cycles,
        "chain_variables": model.n_cols - model.n_cycles,
        "arcs": len(model.graph.u),
        "ms_model": _ms(started),
    }
    if model.n_cols == 0:
        return Solution(0.0, True, 0.0, time.perf_counter() - started, [], "ip", stats)
    integral = bool(np.all(model.cost == np.round(model.cost)))
    step = 1.0 if integral else 0.0

    # 1. The LP bound by column generation, half the time at most.
    lap = time.perf_counter()
    relax = column_generation(model, started + time_limit / 2, threads)
    bound = relax.bound
    stats.update(master_columns=len(relax.master), lp_rounds=relax.rounds, ms_lp=_ms(lap))

    # 2. A solution from the LP's optimal face.
    best: np.ndarray | None = None
    best_value = -np.inf
    method = "ip"
    face = _face(model, relax)
    lap = time.perf_counter()
    if face is not None:
        cols, fixed = face
        found = solve_restricted(
            model,
            cols,
            fixed=fixed,
            start=None,
            time_limit=(deadline - time.perf_counter()) / 2,
            threads=threads,
            integral_objective=integral,
            rel_gap=FACE_GAP,
        )
        if found is not None:
            best, best_value = found.chosen, found.objective
        stats["ms_face"] = _ms(lap)
    # No time for the face, no solution on it, or a poor one (column generation cut short on
    # a very dense instance): the greedy solution, when it is better, is the incumbent.
    if best is None or _gap(bound, best_value) is None or bound - best_value > GREEDY_ABOVE * bound:
        lap = time.perf_counter()
        cycle_cols, chains = greedy(model, max_chain)
        quick = np.array(cycle_cols + [c for ch in chains for c in ch.columns], dtype=np.int64)
        quick_value = float(model.cost[quick].sum())
        stats["ms_greedy"] = _ms(lap)
        if best is None or quick_value > best_value:
            best, best_value, method = quick, quick_value, "greedy"
    assert best is not None  # the face's solution or greedy's

    # 3. The proof: only columns that could be in a better solution, started from the best.
    proven = _closed(bound, best_value, integral)
    if not proven and time.perf_counter() < deadline:
        incumbent = best_value
        threshold = bound - incumbent - step + 1e-6
        keep = relax.reduced >= -threshold
        keep[best] = True
        cols = np.nonzero(keep)[0]
        stats["proof_columns"] = len(cols)
        lap = time.perf_counter()
        if len(cols) <= EXACT_LIMIT:
            found = solve_restricted(
                model,
                cols,
                fixed=None,
                start=best,
                time_limit=deadline - time.perf_counter(),
                threads=threads,
                integral_objective=integral,
            )
            if found is not None:
                if found.objective > best_value:
                    best, best_value, method = found.chosen, found.objective, "ip"
                proven = found.optimal
                # A solution with a column left out is worth at most bound + its reduced cost,
                # less than incumbent + step: with whole weights, at most the incumbent.
                bound = min(bound, max(found.bound, incumbent))
            stats["ms_proof"] = _ms(lap)
        elif not np.isfinite(bound) or bound - best_value > IMPROVE_ABOVE * abs(bound):
            # Too many columns for a proof: the master's integer programme, started from the
            # incumbent, may still find a better solution in the time left.
            found = solve_restricted(
                model,
                np.unique(np.concatenate([relax.master, best])),
                fixed=None,
                start=best,
                time_limit=started + 0.9 * time_limit - time.perf_counter(),
                threads=threads,
                integral_objective=integral,
            )
            if found is not None and found.objective > best_value:
                best, best_value, method = found.chosen, found.objective, "ip"
            stats["ms_improve"] = _ms(lap)

    exchanges = _exchanges(model, best)
    objective = sum(e.weight for e in exchanges)
    proven = proven or _closed(bound, objective, integral)
    gap = 0.0 if proven else _gap(bound, objective)
    return Solution(
        objective=objective,
        optimal=proven,
        gap=gap,
        seconds=time.perf_counter() - started,
        exchanges=exchanges,
        method=method,
        stats=stats,
    )


def _gap(bound: float, value: float) -> float | None:
    """The proven relative gap, None without a finite bound."""
    if not np.isfinite(bound):
        return None
    return max(0.0, (bound - value) / max(abs(bound), 1e-9))


def _ms(since: float) -> int:
    return round(1000 * (time.perf_counter() - since))


FACE_GAP = 1e-4  # the face only supplies a solution; its own optimality is not needed
EXACT_LIMIT = 150_000  # columns beyond which the proof is not attempted in the time
IMPROVE_ABOVE = 0.0025  # a gap worth the rest of the time on the master's programme
GREEDY_ABOVE = 0.01  # a face solution this far from the bound is compared with greedy


def _closed(bound: float, value: float, integral: bool) -> bool:
    """Is ``value`` proven optimal by ``bound``? With whole-number weights any better solution
    is at least one more, so a bound less than one above proves it."""
    if integral:
        return bound - value < 1.0 - 1e-6
    return bound - value <= 1e-6 * max(1.0, abs(bound))


def _face(model: Model, relax: Relaxation) -> tuple[np.ndarray, np.ndarray] | None:
    """The master's columns of zero reduced cost, those at 1 in the LP fixed; a chain position
    only when as many gifts into its giver at the position before are fixed, so that fixing
    keeps the programme feasible."""
    if len(relax.master) == 0:
        return None
    order = np.argsort(relax.master)
    cols, x = relax.master[order], relax.x[order]
    keep = (relax.reduced[cols] >= -1e-6) | (x > 1e-6)
    at_one = x > 1 - 1e-6
    is_chain = cols >= model.n_cycles
    fixed = at_one & ~is_chain
    j = np.where(is_chain, cols - model.n_cycles, 0)
    if is_chain.any():
        position = np.where(is_chain, model.chain_position[j], 0)
        fixed |= at_one & is_chain & model.chain_from_donor[j]
        for k in range(2, model.max_chain + 1):
            into = model.chain_receiver[j[fixed & is_chain & (position == k - 1)]]
            received = np.bincount(into, minlength=model.graph.participants)
            here = np.nonzero(at_one & is_chain & (position == k))[0]
            givers = model.chain_giver[j[here]]
            o = np.argsort(givers, kind="stable")
            rank = np.empty(len(here), dtype=np.int64)
            rank[o] = np.arange(len(here)) - np.searchsorted(givers[o], givers[o])
            fixed[here[rank < received[givers]]] = True
    return cols[keep], fixed[keep]


def _exchanges(model: Model, chosen: np.ndarray) -> list[Exchange]:
    chosen = np.sort(chosen)
    exchanges = []
    for j in chosen[chosen < model.n_cycles].tolist():
        vertices = tuple(int(x) for x in model.cycle_vertices[j] if x >= 0)
        donor = int(model.cycle_donor[j])
        if donor >= 0:
            exchanges.append(Exchange(CHAIN, vertices, float(model.cost[j]), donor=donor))
        else:
            exchanges.append(Exchange(CYCLE, vertices, float(model.cost[j])))
    j = chosen[chosen >= model.n_cycles] - model.n_cycles
    used = list(
        zip(
            model.chain_giver[j].tolist(),
            model.chain_receiver[j].tolist(),
            model.chain_position[j].tolist(),
            model.chain_from_donor[j].tolist(),
            model.cost[j + model.n_cycles].tolist(),
            strict=True,
        )
    )
    exchanges.extend(_chains_from(used))
    return exchanges


def _chains_from(used: list[tuple[int, int, int, bool, float]]) -> list[Exchange]:
    """Follow the chosen position-indexed arcs from each donor gift to the chain's end; a walk
    that comes back to someone (capacity above one) is its simple chain plus the cycles it
    closes, with the same gifts."""
    by_start: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for u, v, k, is_donor, w in used:
        if not is_donor:
            by_start[(u, k)].append((v, w))
    exchanges = []
    for a, v, _k, is_donor, w in used:
        if not is_donor:
            continue
        path, gifts, position = [v], [w], 2  # gifts[i]: the weight of the gift to path[i]
        while by_start.get((path[-1], position)):
            nxt, w2 = by_start[(path[-1], position)].pop()
            if nxt in path:
                at = path.index(nxt)
                ring, ring_gifts = path[at:], [*gifts[at + 1 :], w2]
                exchanges.append(_cycle(ring, ring_gifts))
                del path[at + 1 :], gifts[at + 1 :]
            else:
                path.append(nxt)
                gifts.append(w2)
            position += 1
        exchanges.append(Exchange(CHAIN, tuple(path), sum(gifts), donor=a))
    return exchanges


def _cycle(ring: list[int], gifts: list[float]) -> Exchange:
    """A cycle in giving order from its smallest member; gifts[i] is the gift ring[i] gives."""
    at = ring.index(min(ring))
    return Exchange(CYCLE, tuple(ring[at:] + ring[:at]), sum(gifts))


def _greedy_solution(model: Model, max_chain: int) -> Solution:
    started = time.perf_counter()
    cycle_cols, chains = greedy(model, max_chain)
    exchanges = _exchanges(model, np.array(cycle_cols, dtype=np.int64))
    exchanges.extend(_chain_exchange(c) for c in chains)
    objective = sum(e.weight for e in exchanges)
    return Solution(objective, False, None, time.perf_counter() - started, exchanges, "greedy")


def _chain_exchange(chain: GreedyChain) -> Exchange:
    return Exchange(CHAIN, chain.path, chain.weight, donor=chain.donor)


def solve_greedy(instance: Instance, *, max_cycle: int = 3, max_chain: int = 3) -> Solution:
    """Fast and simple: heaviest cycles first, then each donor's chain grown by the heaviest
    free arc. A fallback, and a baseline the benchmarks compare against."""
    started = time.perf_counter()
    validate(instance)
    if max_cycle < 0 or max_chain < 0:
        raise InstanceError("limits cannot be negative")
    model = solver_model.build(_graph(instance), max_cycle, max_chain)
    solution = _greedy_solution(model, max_chain)
    solution.seconds = time.perf_counter() - started
    return solution
