"""The exchange model in array form: every cycle and chain position as a column, built with numpy.

Python objects per arc or per cycle cost seconds at city scale (10,000 participants give some
800,000 arcs and four million three-cycles), so the graph, the enumerated cycles, the
position-indexed chain arcs (PICEF) and the constraint matrix are numpy arrays throughout.

Rows of the model (all ``<=``): one capacity row per participant (cycles they are in plus gifts
they receive), one per donor (chains started), one flow row per participant and chain position
k < max_chain (gifts passed on at position k + 1 minus gifts received at k), and, where both
ends may take part more than once, one row per arc so that one act of help is given once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

DENSE_LOOKUP_LIMIT = 40_000  # participants up to which arc membership is a bitset (n²/8 bytes)


@dataclass(frozen=True)
class Graph:
    """Arcs between participants and from donors, one per ordered pair (the heaviest), sorted
    by (giver, receiver); arcs touching someone with capacity zero are left out."""

    participants: int
    donors: int
    u: np.ndarray
    v: np.ndarray
    w: np.ndarray
    du: np.ndarray
    dv: np.ndarray
    dw: np.ndarray
    capacity: np.ndarray
    donor_capacity: np.ndarray

    def arc_index(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Index of arc a -> b in (u, v, w), or -1 where there is none."""
        n = max(self.participants, 1)
        code = np.asarray(a, dtype=np.int64) * n + np.asarray(b, dtype=np.int64)
        if len(self.u) == 0:
            return np.full(code.shape, -1, dtype=np.int64)
        keys = self.u * n + self.v  # sorted, by construction
        pos = np.minimum(np.searchsorted(keys, code), len(keys) - 1)
        return np.where(keys[pos] == code, pos, -1)


def _dedupe(
    a: np.ndarray, b: np.ndarray, w: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the heaviest arc per ordered pair, sorted by (a, b)."""
    code = a * width + b
    order = np.lexsort((-w, code))
    code = code[order]
    keep = np.ones(len(code), dtype=bool)
    keep[1:] = code[1:] != code[:-1]
    return a[order][keep], b[order][keep], w[order][keep]


def graph(
    participants: int,
    arcs: Sequence[tuple[int, int, float]],
    donors: int,
    donor_arcs: Sequence[tuple[int, int, float]],
    capacity: Sequence[int] | None,
    donor_capacity: Sequence[int] | None,
) -> Graph:
    """The arrays of a validated instance."""
    cap = (
        np.ones(participants, dtype=np.int64)
        if capacity is None
        else np.asarray(capacity, dtype=np.int64).reshape(participants)
    )
    dcap = (
        np.ones(donors, dtype=np.int64)
        if donor_capacity is None
        else np.asarray(donor_capacity, dtype=np.int64).reshape(donors)
    )
    a = np.asarray(arcs, dtype=np.float64).reshape(-1, 3)
    u, v, w = a[:, 0].astype(np.int64), a[:, 1].astype(np.int64), a[:, 2]
    keep = (cap[u] > 0) & (cap[v] > 0) if len(u) else np.zeros(0, dtype=bool)
    u, v, w = _dedupe(u[keep], v[keep], w[keep], max(participants, 1))
    d = np.asarray(donor_arcs, dtype=np.float64).reshape(-1, 3)
    du, dv, dw = d[:, 0].astype(np.int64), d[:, 1].astype(np.int64), d[:, 2]
    keep = (dcap[du] > 0) & (cap[dv] > 0) if len(du) else np.zeros(0, dtype=bool)
    du, dv, dw = _dedupe(du[keep], dv[keep], dw[keep], max(participants, 1))
    return Graph(participants, donors, u, v, w, du, dv, dw, cap, dcap)


def _csr(n: int, src: np.ndarray) -> np.ndarray:
    """Row starts for arcs sorted by ``src``."""
    return np.searchsorted(src, np.arange(n + 1))


def _bitset_lookup(g: Graph) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """A vectorised "is there an arc b -> c" test: a bitset for up to DENSE_LOOKUP_LIMIT
    participants (fast random access), binary search over the sorted arcs beyond."""
    n = g.participants
    if n <= DENSE_LOOKUP_LIMIT:
        bits = np.zeros((n, (n + 7) // 8), dtype=np.uint8)
        np.bitwise_or.at(bits, (g.u, g.v >> 3), (1 << (g.v & 7)).astype(np.uint8))

        def has(b: np.ndarray, c: np.ndarray) -> np.ndarray:
            return ((bits[b, c >> 3] >> (c & 7).astype(np.uint8)) & 1).astype(bool)

        return has

    def has_sorted(b: np.ndarray, c: np.ndarray) -> np.ndarray:
        return g.arc_index(b, c) >= 0

    return has_sorted


def cycles(g: Graph, max_cycle: int) -> tuple[np.ndarray, np.ndarray]:
    """Every simple cycle of 2..max_cycle participants once, starting at its smallest vertex,
    in giving order; as a (count, max_cycle) array padded with -1, and the cycle weights.

    Three-cycles a -> b -> c -> a (a smallest) come from one bitset block per a: out-neighbours
    b > a against in-neighbours c > a. Longer cycles by depth-first search (small instances)."""
    width = max(max_cycle, 2)
    empty = (np.zeros((0, width), dtype=np.int64), np.zeros(0))
    if max_cycle < 2 or len(g.u) == 0:
        return empty
    rev = g.arc_index(g.v, g.u)
    two = (g.u < g.v) & (rev >= 0)
    blocks = [np.stack([g.u[two], g.v[two]], 1)]
    weights = [g.w[two] + g.w[rev[two]]]
    if max_cycle >= 3:
        n = g.participants
        out_start = _csr(n, g.u)
        by_receiver = np.argsort(g.v, kind="stable")
        in_u, in_w = g.u[by_receiver], g.w[by_receiver]
        in_start = _csr(n, g.v[by_receiver])
        has = _bitset_lookup(g)
        found = []
        for a in range(n):
            lo, hi = out_start[a], out_start[a + 1]
            outs = g.v[lo:hi]
            keep_out = outs > a
            outs, out_w = outs[keep_out], g.w[lo:hi][keep_out]
            ins = in_u[in_start[a] : in_start[a + 1]]
            keep_in = ins > a
            ins, in_wa = ins[keep_in], in_w[in_start[a] : in_start[a + 1]][keep_in]
            if len(outs) == 0 or len(ins) == 0:
                continue
            bi, ci = np.nonzero(has(outs[:, None], ins[None, :]))
            if len(bi):
                found.append((a, outs[bi], ins[ci], out_w[bi] + in_wa[ci]))
        if found:
            a_arr = np.concatenate([np.full(len(b), a) for a, b, _c, _w in found])
            b_arr = np.concatenate([b for _a, b, _c, _w in found])
            c_arr = np.concatenate([c for _a, _b, c, _w in found])
            w_arr = np.concatenate([w for _a, _b, _c, w in found])
            blocks.append(np.stack([a_arr, b_arr, c_arr], 1))
            weights.append(w_arr + g.w[g.arc_index(b_arr, c_arr)])
    if max_cycle >= 4:
        longer, longer_w = _long_cycles(g, max_cycle)
        blocks.append(longer)
        weights.append(longer_w)
    padded = [np.pad(b, ((0, 0), (0, width - b.shape[1])), constant_values=-1) for b in blocks]
    return np.concatenate(padded).astype(np.int64), np.concatenate(weights)


def _long_cycles(g: Graph, max_cycle: int) -> tuple[np.ndarray, np.ndarray]:
    """Cycles of 4..max_cycle participants by depth-first search from each smallest vertex."""
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, w in zip(g.u.tolist(), g.v.tolist(), g.w.tolist(), strict=True):
        out[a].append((b, w))
    found: list[list[int]] = []
    weights: list[float] = []
    for start in range(g.participants):
        stack: list[tuple[int, tuple[int, ...], float]] = [(start, (start,), 0.0)]
        while stack:
            here, path, weight = stack.pop()
            for nxt, w in out.get(here, ()):
                if nxt == start and len(path) >= 4:
                    found.append([*path, *([-1] * (max_cycle - len(path)))])
                    weights.append(weight + w)
                elif nxt > start and nxt not in path and len(path) < max_cycle:
                    stack.append((nxt, (*path, nxt), weight + w))
    return np.array(found, dtype=np.int64).reshape(-1, max_cycle), np.array(weights)


def chain_positions(
    g: Graph, max_chain: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """PICEF variables (giver, receiver, position, from_donor, weight): donor arcs at position
    1, and an arc from participant u at position k only where u can receive at position k - 1."""
    if max_chain < 1 or len(g.du) == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, np.zeros(0, dtype=bool), np.zeros(0)
    givers, receivers, positions, donor, weights = [g.du], [g.dv], [np.ones_like(g.du)], [], [g.dw]
    donor.append(np.ones(len(g.du), dtype=bool))
    reached = np.zeros(g.participants, dtype=bool)
    reached[g.dv] = True
    for k in range(2, max_chain + 1):
        m = reached[g.u]
        givers.append(g.u[m])
        receivers.append(g.v[m])
        positions.append(np.full(int(m.sum()), k, dtype=np.int64))
        donor.append(np.zeros(int(m.sum()), dtype=bool))
        weights.append(g.w[m])
        reached = np.zeros(g.participants, dtype=bool)
        reached[g.v[m]] = True
    return (
        np.concatenate(givers),
        np.concatenate(receivers),
        np.concatenate(positions),
        np.concatenate(donor),
        np.concatenate(weights),
    )


def explicit_chains(g: Graph, max_cycle: int, max_chain: int) -> bool:
    """PICEF does not know which chain a gift belongs to: with capacities above one a chain
    may come back to someone, d -> a -> b -> a. Such a walk is a simple chain plus the cycles
    it closes (the same gifts, the same capacity), so it is fine while those cycles are within
    ``max_cycle``; beyond that, chains are enumerated as paths instead."""
    return bool((g.capacity > 1).any()) and max_chain - 1 > max(max_cycle, 1) and len(g.du) > 0


def _simple_chains(g: Graph, max_chain: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every simple path of 1..max_chain participants from a donor: vertices, weight, donor."""
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, w in zip(g.u.tolist(), g.v.tolist(), g.w.tolist(), strict=True):
        out[a].append((b, w))
    paths: list[list[int]] = []
    weights: list[float] = []
    donors: list[int] = []
    for a, v, w in zip(g.du.tolist(), g.dv.tolist(), g.dw.tolist(), strict=True):
        stack: list[tuple[tuple[int, ...], float]] = [((v,), w)]
        while stack:
            path, weight = stack.pop()
            paths.append([*path, *([-1] * (max_chain - len(path)))])
            weights.append(weight)
            donors.append(a)
            if len(path) < max_chain:
                stack.extend(
                    ((*path, b), weight + w2) for b, w2 in out.get(path[-1], ()) if b not in path
                )
    return (
        np.array(paths, dtype=np.int64).reshape(-1, max_chain),
        np.array(weights),
        np.array(donors, dtype=np.int64),
    )


@dataclass(frozen=True)
class Model:
    """Columns (cycles first, then chain positions) in compressed-column form; ``<=`` rows."""

    graph: Graph
    max_chain: int
    cycle_vertices: np.ndarray  # (cycles, width), -1 padded; explicit chains among them
    cycle_donor: np.ndarray  # -1 for a cycle, the donor for an explicit chain
    chain_giver: np.ndarray
    chain_receiver: np.ndarray
    chain_position: np.ndarray
    chain_from_donor: np.ndarray
    cost: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    row_upper: np.ndarray

    @property
    def n_cols(self) -> int:
        return len(self.cost)

    @property
    def n_cycles(self) -> int:
        return len(self.cycle_vertices)

    def reduced_costs(self, y: np.ndarray) -> np.ndarray:
        return self.cost - np.add.reduceat(y[self.index] * self.value, self.start[:-1])

    def bound(self, y: np.ndarray) -> tuple[float, np.ndarray]:
        """An upper bound on every integer solution from any row prices ``y >= 0``, and the
        reduced costs ``rc = cost - yA``.

        For a feasible x: cost·x <= y·b + Σ rc_j x_j. The positive part is at most Σ rc_j⁺
        (each x_j <= 1), and at most what the participants' capacity rows allow: a cycle's rc
        charged in equal shares to its members, a chain position's to its receiver, and a
        participant v in at most cap_v chosen columns takes at most its cap_v largest shares.
        With the LP's optimal prices this is the LP bound; with the master's prices after a
        round of column generation it is the Lagrangian bound of the round, valid as it is."""
        y = np.maximum(y, 0.0)
        rc = self.reduced_costs(y)
        k = self.n_cycles
        hot = np.nonzero(rc > 0)[0]
        cyc, chain = hot[hot < k], hot[hot >= k]
        members = self.cycle_vertices[cyc]
        size = (members >= 0).sum(1)
        who = np.concatenate([members.T.ravel(), self.chain_receiver[chain - k]])
        share = np.concatenate(
            [np.tile(rc[cyc] / np.maximum(size, 1), members.shape[1]), rc[chain]]
        )
        who, share = who[who >= 0], share[who >= 0]
        order = np.lexsort((-share, who))
        who, share = who[order], share[order]
        rank = np.arange(len(who)) - np.searchsorted(who, who)
        charged = share[rank < self.graph.capacity[who]].sum()
        positive = min(float(rc[hot].sum()), float(charged))
        return float(y @ self.row_upper) + positive, rc


def build(g: Graph, max_cycle: int, max_chain: int) -> Model:
    """Enumerate the columns and lay out the rows (see the module docstring)."""
    n, d = g.participants, g.donors
    cyc, cyc_w = cycles(g, max_cycle)
    cyc_donor = np.full(len(cyc), -1, dtype=np.int64)
    if explicit_chains(g, max_cycle, max_chain):
        paths, path_w, path_donor = _simple_chains(g, max_chain)
        width = max(cyc.shape[1], paths.shape[1])
        cyc = np.vstack(
            [
                np.pad(cyc, ((0, 0), (0, width - cyc.shape[1])), constant_values=-1),
                np.pad(paths, ((0, 0), (0, width - paths.shape[1])), constant_values=-1),
            ]
        )
        cyc_w = np.concatenate([cyc_w, path_w])
        cyc_donor = np.concatenate([cyc_donor, path_donor])
        giver, receiver, position, from_donor, chain_w = chain_positions(g, 0)
    else:
        giver, receiver, position, from_donor, chain_w = chain_positions(g, max_chain)
    flow_base = n + d
    arc_base = flow_base + max(max_chain - 1, 0) * n
    multi = (g.capacity[g.u] > 1) & (g.capacity[g.v] > 1)
    arc_row = np.where(multi, arc_base + np.cumsum(multi) - 1, -1)
    n_rows = arc_base + int(multi.sum())
    row_upper = np.concatenate(
        [
            g.capacity.astype(np.float64),
            g.donor_capacity.astype(np.float64),
            np.zeros(arc_base - flow_base),
            np.ones(n_rows - arc_base),
        ]
    )

    # Cycle columns: member capacity rows, then the arc rows of their arcs where present;
    # an explicit chain has its donor's row too, and no arc back to its start.
    cyc_rows = cyc
    if multi.any() and len(cyc):
        width = cyc.shape[1]
        members = (cyc >= 0).sum(1)
        later = np.arange(width)[None, :] + 1 < members[:, None]
        nxt = np.where(
            later, np.roll(cyc, -1, axis=1), np.where(cyc_donor[:, None] >= 0, -1, cyc[:, :1])
        )
        ids = g.arc_index(np.maximum(cyc, 0), np.maximum(nxt, 0))
        on_arc = (cyc >= 0) & (nxt >= 0) & (ids >= 0)
        cyc_rows = np.hstack([cyc, np.where(on_arc, arc_row[np.maximum(ids, 0)], -1)])
    if (cyc_donor >= 0).any():
        cyc_rows = np.hstack([cyc_rows, np.where(cyc_donor >= 0, n + cyc_donor, -1)[:, None]])
    cyc_vals = np.ones(cyc_rows.shape)

    # Chain columns: receiver's capacity, donor row or giver's flow row at k - 1 (+1),
    # receiver's flow row at k (-1, unless the last position), the arc row if any.
    m = len(giver)
    passes = position < max_chain
    ch_rows = np.stack(
        [
            receiver,
            np.where(from_donor, n + giver, flow_base + (position - 2) * n + giver),
            np.where(passes, flow_base + (position - 1) * n + receiver, -1),
        ],
        1,
    ).reshape(m, 3)
    ch_vals = np.stack([np.ones(m), np.ones(m), -np.ones(m)], 1).reshape(m, 3)
    if multi.any() and m:
        ids = g.arc_index(np.where(from_donor, 0, giver), receiver)
        rows = np.where(~from_donor & (ids >= 0), arc_row[np.maximum(ids, 0)], -1)
        ch_rows = np.hstack([ch_rows, rows[:, None]])
        ch_vals = np.hstack([ch_vals, np.ones((m, 1))])

    on_c, on_ch = cyc_rows >= 0, ch_rows >= 0
    counts = np.concatenate([on_c.sum(1), on_ch.sum(1)])
    start = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return Model(
        graph=g,
        max_chain=max_chain,
        cycle_vertices=cyc,
        cycle_donor=cyc_donor,
        chain_giver=giver,
        chain_receiver=receiver,
        chain_position=position,
        chain_from_donor=from_donor,
        cost=np.concatenate([cyc_w, chain_w]).astype(np.float64),
        start=start,
        index=np.concatenate([cyc_rows[on_c], ch_rows[on_ch]]).astype(np.int32),
        value=np.concatenate([cyc_vals[on_c], ch_vals[on_ch]]),
        row_upper=row_upper,
    )
