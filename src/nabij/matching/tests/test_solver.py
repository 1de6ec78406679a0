"""The exchange solver against brute force on small instances, and its feasibility."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nabij.matching.solver import (
    CHAIN,
    CYCLE,
    Instance,
    InstanceError,
    Solution,
    enumerate_cycles,
    solve,
    solve_greedy,
)


def all_exchanges(inst: Instance, max_cycle: int, max_chain: int):
    """Every cycle and chain as (weight, participants used, donor used, arcs), by brute force."""
    w = {}
    for u, v, x in inst.arcs:
        w[(u, v)] = max(w.get((u, v), 0), x)
    found = []
    for length in range(2, max_cycle + 1):
        for perm in itertools.permutations(range(inst.participants), length):
            if perm[0] != min(perm):
                continue
            arcs = [(perm[i], perm[(i + 1) % length]) for i in range(length)]
            if all(a in w for a in arcs):
                found.append((sum(w[a] for a in arcs), perm, None, arcs))
    dw = {}
    for d, v, x in inst.donor_arcs:
        dw[(d, v)] = max(dw.get((d, v), 0), x)
    for (d, v), x in dw.items():
        if max_chain < 1:
            break
        paths = [((v,), x, [])]
        while paths:
            path, weight, arcs = paths.pop()
            found.append((weight, path, d, arcs))
            if len(path) < max_chain:
                for nxt in range(inst.participants):
                    if (path[-1], nxt) in w and nxt not in path:
                        arc = (path[-1], nxt)
                        paths.append(((*path, nxt), weight + w[arc], [*arcs, arc]))
    return found


def brute_force(inst: Instance, max_cycle: int, max_chain: int) -> float:
    options = all_exchanges(inst, max_cycle, max_chain)
    best = 0.0

    def search(i: int, used: Counter, donors: Counter, arcs: set, total: float) -> None:
        nonlocal best
        best = max(best, total)
        for j in range(i, len(options)):
            weight, people, donor, these = options[j]
            if any(used[p] + 1 > inst.participant_capacity(p) for p in people):
                continue
            if donor is not None and donors[donor] + 1 > inst.donor_cap(donor):
                continue
            if arcs.intersection(these):  # one act of help is given once
                continue
            used.update(people)
            if donor is not None:
                donors[donor] += 1
            search(j + 1, used, donors, arcs | set(these), total + weight)
            used.subtract(people)
            if donor is not None:
                donors[donor] -= 1

    search(0, Counter(), Counter(), set(), 0.0)
    return best


def assert_feasible(inst: Instance, solution: Solution, max_cycle: int, max_chain: int) -> None:
    arcs = {(u, v): w for u, v, w in inst.arcs}
    donor_arcs = {(d, v): w for d, v, w in inst.donor_arcs}
    used: Counter = Counter()
    donors: Counter = Counter()
    arcs_used: Counter = Counter()
    total = 0.0
    for exchange in solution.exchanges:
        vs = exchange.vertices
        steps = len(vs) if exchange.kind == CYCLE else len(vs) - 1
        arcs_used.update((vs[i], vs[(i + 1) % len(vs)]) for i in range(steps))
        assert len(set(vs)) == len(vs), "nobody twice in one exchange"
        if exchange.kind == CYCLE:
            assert 2 <= len(vs) <= max_cycle
            weight = sum(arcs[(vs[i], vs[(i + 1) % len(vs)])] for i in range(len(vs)))
        else:
            assert exchange.kind == CHAIN
            assert 1 <= len(vs) <= max_chain
            weight = donor_arcs[(exchange.donor, vs[0])]
            weight += sum(arcs[(vs[i], vs[i + 1])] for i in range(len(vs) - 1))
            donors[exchange.donor] += 1
        assert weight == pytest.approx(exchange.weight)
        used.update(vs)
        total += weight
    assert all(used[p] <= inst.participant_capacity(p) for p in used)
    assert all(donors[d] <= inst.donor_cap(d) for d in donors)
    assert all(count == 1 for count in arcs_used.values()), "an act of help is given once"
    assert total == pytest.approx(solution.objective)


@st.composite
def instances(draw, max_people: int = 6, with_capacity: bool = False):
    n = draw(st.integers(min_value=0, max_value=max_people))
    d = draw(st.integers(min_value=0, max_value=2)) if n else 0
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=14)) if pairs else []
    arcs = [(u, v, draw(st.integers(min_value=1, max_value=3))) for u, v in chosen]
    donor_pairs = [(a, v) for a in range(d) for v in range(n)]
    donor_chosen = (
        draw(st.lists(st.sampled_from(donor_pairs), unique=True, max_size=4)) if donor_pairs else []
    )
    donor_arcs = [(a, v, draw(st.integers(min_value=1, max_value=3))) for a, v in donor_chosen]
    capacity = (
        [draw(st.integers(min_value=0, max_value=2)) for _ in range(n)] if with_capacity else None
    )
    return Instance(n, arcs, d, donor_arcs, capacity=capacity)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(min_value=2, max_value=3), st.integers(min_value=0, max_value=3))
def test_solver_matches_brute_force(inst, max_cycle, max_chain):
    solution = solve(inst, max_cycle=max_cycle, max_chain=max_chain, time_limit=10)
    assert solution.optimal
    assert_feasible(inst, solution, max_cycle, max_chain)
    assert solution.objective == pytest.approx(brute_force(inst, max_cycle, max_chain))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_people=5, with_capacity=True))
def test_capacities_are_respected(inst):
    solution = solve(inst, max_cycle=3, max_chain=2, time_limit=10)
    assert_feasible(inst, solution, 3, 2)
    assert solution.objective == pytest.approx(brute_force(inst, 3, 2))


@settings(max_examples=40, deadline=None)
@given(instances())
def test_greedy_is_feasible_and_never_beats_the_optimum(inst):
    greedy = solve_greedy(inst, max_cycle=3, max_chain=3)
    assert_feasible(inst, greedy, 3, 3)
    assert greedy.objective <= solve(inst, time_limit=10).objective + 1e-9


def test_wheelchair_user_and_handyman_swap():
    # 0 = the wheelchair user (paperwork; needs house and garden), 1 = the handyman (odd jobs;
    # needs his finances sorted), 2 = a neighbour who only needs company.
    inst = Instance(3, [(0, 1, 2.0), (1, 0, 2.0), (1, 2, 1.0)])
    solution = solve(inst)
    assert solution.optimal
    assert [(e.kind, e.vertices) for e in solution.exchanges] == [(CYCLE, (0, 1))]


def test_rings_of_three_and_chains_beat_swaps_only():
    ring = Instance(3, [(0, 1, 1), (1, 2, 1), (2, 0, 1)])
    assert solve(ring, max_cycle=2, max_chain=0).objective == 0
    assert solve(ring, max_cycle=3).objective == 3
    chain = Instance(2, [(0, 1, 1)], donors=1, donor_arcs=[(0, 0, 1)])
    result = solve(chain, max_chain=2)
    assert [(e.kind, e.donor, e.vertices) for e in result.exchanges] == [(CHAIN, 0, (0, 1))]
    assert solve(chain, max_chain=1).objective == 1


def test_longer_cycles_are_enumerated_once():
    square = {(0, 1): 1.0, (1, 2): 1.0, (2, 3): 1.0, (3, 0): 1.0, (1, 0): 1.0}
    cycles = sorted(v for v, _ in enumerate_cycles(square, 4, 4))
    assert cycles == [(0, 1), (0, 1, 2, 3)]
    assert solve(Instance(4, [(*a, w) for a, w in square.items()]), max_cycle=4).objective == 4


@pytest.mark.parametrize(
    "inst",
    [
        Instance(2, [(0, 2, 1.0)]),
        Instance(2, [(0, 0, 1.0)]),
        Instance(2, [(0, 1, -1.0)]),
        Instance(2, [(0, 1, float("nan"))]),
        Instance(1, [], donors=1, donor_arcs=[(1, 0, 1.0)]),
        Instance(2, [(0, 1, 1.0)], capacity=[1]),
    ],
)
def test_malformed_instances_are_refused(inst):
    with pytest.raises(InstanceError):
        solve(inst)


def test_zero_capacity_means_no_exchange():
    inst = Instance(2, [(0, 1, 1.0), (1, 0, 1.0)], capacity=[0, 1])
    assert solve(inst).exchanges == []
