"""HiGHS over the model's columns: column generation for the LP bound, and restricted integer
programmes for solutions and for the proof of optimality.

At city scale the full model has millions of columns, too many for one LP in seconds, but only
a few percent carry any weight in the LP optimum. Column generation keeps a restricted master
LP in HiGHS (hot-started as columns arrive) and prices all columns against its row prices with
one vectorised pass; ``Model.bound`` turns any prices into a proven upper bound, so the bound is
valid at every round, not only at convergence.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import highspy
import numpy as np

from nabij.matching.solver_model import Model

FULL_MASTER = 60_000  # columns up to which the master starts with all of them (one LP)
BATCH = 30_000  # columns added per pricing round at most
PER_VERTEX = 4  # of those, at most this many charged to one participant
PRIMAL_BELOW = 3_000  # fewer new columns than this: primal simplex from the previous basis
TOLERANCE = 1e-9


_banner_done = False


@contextlib.contextmanager
def banner_silenced() -> Iterator[None]:
    """HiGHS prints its banner on the C-level stdout when the first instance of a process is
    created, before any option can silence it. The command line promises one JSON object on
    stdout and ``nabij serve`` prints its URL and logins there, so that one time stdout points
    at /dev/null; later instances print nothing and stdout is left alone."""
    global _banner_done
    if _banner_done:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    quiet = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(quiet)
        _banner_done = True


def new_highs(threads: int | None) -> highspy.Highs:
    with banner_silenced():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if threads:
        h.setOptionValue("threads", threads)
    return h


def _columns(model: Model, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Compressed-column arrays (starts, row indices, values) of a subset of columns."""
    counts = model.start[cols + 1] - model.start[cols]
    starts = np.zeros(len(cols) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    take = np.repeat(model.start[cols] - starts[:-1], counts) + np.arange(int(starts[-1]))
    return starts, model.index[take], model.value[take]


def lp_of(
    model: Model, cols: np.ndarray, *, integral: bool, fixed: np.ndarray | None = None
) -> highspy.HighsLp:
    """The model restricted to ``cols``; ``fixed`` (a mask over ``cols``) forces them to 1."""
    starts, index, value = _columns(model, cols)
    lp = highspy.HighsLp()
    lp.num_col_ = len(cols)
    lp.num_row_ = len(model.row_upper)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = model.cost[cols]
    lp.col_lower_ = np.zeros(len(cols)) if fixed is None else fixed.astype(np.float64)
    lp.col_upper_ = np.ones(len(cols))
    lp.row_lower_ = np.full(len(model.row_upper), -highspy.kHighsInf)
    lp.row_upper_ = model.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts.astype(np.int32)
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    if integral:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * len(cols)
    return lp


@dataclass
class Relaxation:
    """What column generation leaves: the best proven bound and the prices that gave it, and
    the restricted master's columns with their LP values."""

    bound: float
    reduced: np.ndarray  # reduced costs of all columns at the bound's prices
    lp_value: float
    master: np.ndarray  # column ids in the restricted master
    x: np.ndarray  # their LP values
    converged: bool
    rounds: int


def _pick(rc: np.ndarray, key: np.ndarray, skip: np.ndarray, limit: int) -> np.ndarray:
    """Columns with positive reduced cost, the best first, at most PER_VERTEX per charged
    participant (diverse columns make fewer rounds) and ``limit`` in all."""
    cand = np.nonzero((rc > TOLERANCE) & ~skip)[0]
    if len(cand) > 8 * limit:
        cand = cand[np.argpartition(-rc[cand], 8 * limit)[: 8 * limit]]
    order = cand[np.lexsort((-rc[cand], key[cand]))]
    keys = key[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    chosen = order[np.arange(len(order)) - group_start < PER_VERTEX]
    if len(chosen) > limit:
        chosen = chosen[np.argpartition(-rc[chosen], limit)[:limit]]
    return np.sort(chosen)


def column_generation(model: Model, deadline: float, threads: int | None) -> Relaxation:
    """Solve the LP relaxation by column generation until no column prices out, or until the
    deadline; the bound is proven at every round."""
    n_rows = len(model.row_upper)
    h = new_highs(threads)
    empty = highspy.HighsLp()
    empty.num_row_ = n_rows
    empty.sense_ = highspy.ObjSense.kMaximize
    empty.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    empty.row_upper_ = model.row_upper
    empty.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    empty.a_matrix_.start_ = np.zeros(1, dtype=np.int32)
    h.passModel(empty)
    key = model.index[model.start[:-1]]  # the first row of a column: its smallest or receiver
    in_master = np.zeros(model.n_cols, dtype=bool)
    master: list[np.ndarray] = []

    def add(cols: np.ndarray) -> None:
        starts, index, value = _columns(model, cols)
        h.addCols(
            len(cols),
            model.cost[cols],
            np.zeros(len(cols)),
            np.ones(len(cols)),
            len(index),
            starts[:-1].astype(np.int32),
            index,
            value,
        )
        in_master[cols] = True
        master.append(cols)

    if model.n_cols <= FULL_MASTER:
        add(np.arange(model.n_cols))
    else:
        per_member = model.cost / np.diff(model.start)
        add(_pick(per_member, key, in_master, max(3 * model.graph.participants, BATCH)))
    best = np.inf
    best_rc = model.cost
    converged = False
    rounds = 0
    lp_value = 0.0
    x = np.zeros(0)  # the last optimal LP solution, over the master's columns at that time
    added = model.n_cols
    while True:
        rounds += 1
        h.setOptionValue("simplex_strategy", 4 if rounds > 1 and added < PRIMAL_BELOW else 1)
        # HiGHS's clock runs on over the rounds: the limit is on its total run time.
        h.setOptionValue("time_limit", h.getRunTime() + max(0.05, deadline - time.perf_counter()))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break  # out of time: keep the bound of the last round
        lp_value = h.getInfo().objective_function_value
        x = np.asarray(h.getSolution().col_value)
        prices = np.asarray(h.getSolution().row_dual)
        bound, rc = model.bound(prices)
        if bound < best:
            best, best_rc = bound, rc
        if best - lp_value <= 1e-9 * max(1.0, abs(best)):
            converged = True
            break
        new = _pick(rc, key, in_master, BATCH)
        if len(new) == 0:  # only tolerance-level prices left
            converged = True
            break
        if time.perf_counter() >= deadline:
            break
        added = len(new)
        add(new)
    cols = np.concatenate(master)
    x = np.concatenate([x, np.zeros(len(cols) - len(x))])  # columns added since are at 0
    return Relaxation(best, best_rc, lp_value, cols, x, converged, rounds)


@dataclass
class MipResult:
    chosen: np.ndarray  # column ids at 1
    objective: float
    bound: float  # HiGHS's dual bound for the restricted programme
    optimal: bool


def solve_restricted(
    model: Model,
    cols: np.ndarray,
    *,
    fixed: np.ndarray | None,
    start: np.ndarray | None,
    time_limit: float,
    threads: int | None,
    integral_objective: bool,
    rel_gap: float = 0.0,
) -> MipResult | None:
    """The integer programme over ``cols`` (``fixed`` forced to 1), started from the columns
    in ``start`` when given, to optimality or within ``rel_gap`` of it; None when HiGHS found
    no solution in time."""
    h = new_highs(threads)
    h.passModel(lp_of(model, cols, integral=True, fixed=fixed))
    h.setOptionValue("time_limit", max(0.05, time_limit))
    if integral_objective:
        # Weights are whole numbers: a bound less than one above a solution proves it optimal.
        h.setOptionValue("mip_abs_gap", 1.0 - 1e-6)
    h.setOptionValue("mip_rel_gap", rel_gap if rel_gap or integral_objective else 1e-6)
    if start is not None and len(start):
        values = np.zeros(len(cols))
        values[np.searchsorted(cols, np.sort(start))] = 1.0
        h.setSolution(len(cols), np.arange(len(cols), dtype=np.int32), values)
    h.run()
    info = h.getInfo()
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        return None
    values = np.asarray(h.getSolution().col_value)
    chosen = cols[values > 0.5]
    return MipResult(
        chosen=chosen,
        objective=float(model.cost[chosen].sum()),
        bound=float(info.mip_dual_bound),
        optimal=h.getModelStatus() == highspy.HighsModelStatus.kOptimal,
    )
