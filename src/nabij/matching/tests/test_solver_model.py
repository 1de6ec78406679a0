"""The pieces of the exact solver against brute force: the bound, reduced-cost filtering,
column generation, warm starts and fixings must never cut off the optimum or break a row."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nabij.matching import solver, solver_lp, solver_model, synthetic
from nabij.matching.solver import Instance, solve
from nabij.matching.solver_greedy import greedy
from nabij.matching.tests.test_solver import assert_feasible, brute_force, instances

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextlib.contextmanager
def small_master() -> Iterator[None]:
    """Column generation from a small master even on tiny instances."""
    saved = solver_lp.FULL_MASTER
    solver_lp.FULL_MASTER = 0
    try:
        yield
    finally:
        solver_lp.FULL_MASTER = saved


def model_of(inst: Instance, max_cycle: int = 3, max_chain: int = 3) -> solver_model.Model:
    return solver_model.build(solver._graph(inst), max_cycle, max_chain)


def row_activity(model: solver_model.Model, cols: np.ndarray) -> np.ndarray:
    """A·x for x the indicator of ``cols``."""
    activity = np.zeros(len(model.row_upper))
    for j in cols.tolist():
        lo, hi = model.start[j], model.start[j + 1]
        np.add.at(activity, model.index[lo:hi], model.value[lo:hi])
    return activity


@SETTINGS
@given(instances(with_capacity=True), st.data())
def test_any_prices_give_an_upper_bound(inst, data):
    model = model_of(inst)
    optimum = brute_force(inst, 3, 3)
    prices = np.array(
        data.draw(
            st.lists(st.floats(0, 4), min_size=len(model.row_upper), max_size=len(model.row_upper))
        )
    )
    bound, rc = model.bound(prices)
    assert bound >= optimum - 1e-9
    assert np.allclose(rc, model.reduced_costs(prices))


@SETTINGS
@given(instances(with_capacity=True))
def test_reduced_cost_filtering_keeps_the_optimum(inst):
    """The proof step with the weakest incumbent (nothing): every column that could be in a
    solution better than zero is kept, and the programme over them finds the optimum."""
    model = model_of(inst)
    if model.n_cols == 0:
        return
    relax = solver_lp.column_generation(model, float("inf"), None)
    optimum = brute_force(inst, 3, 3)
    assert relax.bound >= optimum - 1e-6
    for incumbent in (0.0, max(0.0, optimum - 1)):
        keep = np.nonzero(relax.reduced >= -(relax.bound - incumbent - 1 + 1e-6))[0]
        if len(keep) == 0:
            assert optimum <= incumbent
            continue
        found = solver_lp.solve_restricted(
            model,
            keep,
            fixed=None,
            start=None,
            time_limit=10,
            threads=None,
            integral_objective=True,
        )
        assert found is not None
        assert max(found.objective, incumbent) == pytest.approx(max(optimum, incumbent))


@SETTINGS
@given(instances(with_capacity=True), st.integers(2, 3), st.integers(0, 3))
def test_column_generation_reaches_the_full_lp(inst, max_cycle, max_chain):
    model = model_of(inst, max_cycle, max_chain)
    if model.n_cols == 0:
        return
    with small_master():
        relax = solver_lp.column_generation(model, float("inf"), None)
    full = solver_lp.new_highs(None)
    full.passModel(solver_lp.lp_of(model, np.arange(model.n_cols), integral=False))
    full.run()
    assert relax.converged
    assert relax.lp_value == pytest.approx(full.getInfo().objective_function_value, abs=1e-6)
    assert relax.bound == pytest.approx(relax.lp_value, abs=1e-6)


@SETTINGS
@given(instances(with_capacity=True))
def test_column_generation_path_matches_brute_force(inst):
    with small_master():
        solution = solve(inst, max_cycle=3, max_chain=3, time_limit=10)
    assert solution.optimal
    assert_feasible(inst, solution, 3, 3)
    assert solution.objective == pytest.approx(brute_force(inst, 3, 3))


@SETTINGS
@given(instances(with_capacity=True))
def test_greedy_start_and_face_fixings_fit_every_row(inst):
    model = model_of(inst)
    cycle_cols, chains = greedy(model, 3)
    start = np.array(cycle_cols + [c for chain in chains for c in chain.columns], dtype=np.int64)
    assert len(set(start.tolist())) == len(start)
    assert (row_activity(model, start) <= model.row_upper + 1e-9).all()
    if model.n_cols:
        relax = solver_lp.column_generation(model, float("inf"), None)
        face = solver._face(model, relax)
        assert face is not None
        cols, fixed = face
        assert (row_activity(model, cols[fixed]) <= model.row_upper + 1e-9).all()


@pytest.mark.parametrize("seed", [1, 2])
def test_sorted_lookup_finds_the_same_cycles_as_the_bitset(seed, monkeypatch):
    inst, _ = synthetic.instance(400, seed=seed)
    g = solver._graph(inst)
    dense = solver_model.cycles(g, 3)
    monkeypatch.setattr(solver_model, "DENSE_LOOKUP_LIMIT", 0)
    sparse = solver_model.cycles(g, 3)
    assert len(dense[0]) > 100
    assert np.array_equal(dense[0], sparse[0]) and np.array_equal(dense[1], sparse[1])


def test_synthetic_city_is_proven_through_column_generation(monkeypatch):
    """A few hundred synthetic participants, the master starting small: still proven, still
    feasible, and never below greedy."""
    inst, _ = synthetic.instance(250, seed=7)
    monkeypatch.setattr(solver_lp, "FULL_MASTER", 0)
    solution = solve(inst, time_limit=60)
    assert solution.optimal and solution.gap == 0.0
    assert_feasible(inst, solution, 3, 3)
    assert solution.objective >= solver.solve_greedy(inst).objective


def test_no_time_still_gives_a_feasible_answer():
    inst, _ = synthetic.instance(300, seed=3)
    solution = solve(inst, time_limit=1e-3)
    assert_feasible(inst, solution, 3, 3)
    assert solution.gap is None or 0.0 <= solution.gap <= 1.0
    assert not solution.optimal or solution.gap == 0.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    instances(max_people=5, with_capacity=True),
    st.sampled_from([0, 2, 3]),
    st.sampled_from([2, 3, 4]),
)
def test_chains_that_come_back_are_never_cheaper_than_the_rules(inst, max_cycle, max_chain):
    """With capacities above one a position-indexed chain may return to someone; it is split
    into a chain and cycles, or chains are enumerated as paths when those cycles would be too
    long. Either way: feasible under the limits, and the brute-force optimum."""
    solution = solve(inst, max_cycle=max_cycle, max_chain=max_chain, time_limit=10)
    assert solution.optimal
    assert_feasible(inst, solution, max_cycle, max_chain)
    assert solution.objective == pytest.approx(brute_force(inst, max_cycle, max_chain))


def test_without_room_for_a_proof_the_master_programme_improves_feasibly(monkeypatch):
    inst, _ = synthetic.instance(250, seed=7)
    optimum = solve(inst, time_limit=60)
    assert optimum.optimal
    monkeypatch.setattr(solver, "EXACT_LIMIT", 0)
    monkeypatch.setattr(solver, "IMPROVE_ABOVE", 0.0)
    monkeypatch.setattr(solver_lp, "FULL_MASTER", 0)
    solution = solve(inst, time_limit=30)
    assert_feasible(inst, solution, 3, 3)
    assert solution.objective <= optimum.objective
    assert solution.gap is not None
    assert solution.objective >= (1 - solution.gap) * optimum.objective - 1e-6
    assert solution.optimal == (solution.gap == 0.0)
    assert solution.optimal or "ms_improve" in solution.stats


@SETTINGS
@given(instances(with_capacity=True), st.sampled_from([0.37, 1.5, 2.25]))
def test_weights_with_fractions_are_solved_to_optimality_too(inst, scale):
    """No step of one then: the filter and the bound work with the incumbent itself."""
    scaled = Instance(
        inst.participants,
        [(u, v, w * scale) for u, v, w in inst.arcs],
        inst.donors,
        [(a, v, w * scale) for a, v, w in inst.donor_arcs],
        capacity=inst.capacity,
    )
    with small_master():
        solution = solve(scaled, time_limit=10)
    assert solution.optimal
    assert_feasible(scaled, solution, 3, 3)
    assert solution.objective == pytest.approx(brute_force(scaled, 3, 3))


def test_a_poor_face_solution_gives_way_to_greedy(monkeypatch):
    """When column generation is cut short and the face yields little, the exact path is
    never worse than the greedy fallback."""
    inst, _people = synthetic.instance(400, seed=7)

    def poor_face(*args, **kwargs):
        if kwargs.get("fixed") is not None:  # the face: a feasible but empty solution
            return solver_lp.MipResult(np.array([], dtype=np.int64), 0.0, np.inf, False)
        return original(*args, **kwargs)

    original = solver.solve_restricted
    monkeypatch.setattr(solver, "solve_restricted", poor_face)
    monkeypatch.setattr(solver, "EXACT_LIMIT", 0)  # no proof either
    result = solve(inst, time_limit=5)
    assert_feasible(inst, result, 3, 3)
    assert result.objective >= solver.solve_greedy(inst).objective
    assert result.stats.get("ms_greedy") is not None


def test_the_sparser_adjacencies_are_sparser():
    _c, _w, touching = synthetic.leeuwarden_neighbourhoods()
    _c, _w, district = synthetic.leeuwarden_neighbourhoods("district")
    _c, _w, code_order = synthetic.leeuwarden_neighbourhoods("code-order")
    assert all(v <= touching[k] for k, v in district.items())  # touching, same district
    assert all(len(v) <= 2 for v in code_order.values())  # previous and next code only
    sizes = [sum(map(len, a.values())) for a in (touching, district, code_order)]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[2]
    with pytest.raises(ValueError):
        synthetic.leeuwarden_neighbourhoods("everywhere")
