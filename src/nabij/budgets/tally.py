"""The rules that turn approval ballots into a result, on any election (Nabij's rounds and
Pabulib files alike). Pure Python (with numpy for speed), exact arithmetic, no Django.

``tally(election, rule)`` with ``rule`` one of ``RULES`` returns an ``Outcome``:

- ``greedy``: most approvals first; a project that no longer fits in what is left of the budget
  is skipped and the next one is tried. A project nobody voted for is never selected (reason
  ``no_votes``), even when it would fit. Otherwise this is pabutools'
  ``greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)`` (cost satisfaction makes
  the welfare per unit of cost equal to the number of votes).
- ``mes``: the Method of Equal Shares (Peters & Skowron) with cost utilities, no completion:
  pabutools' ``method_of_equal_shares(instance, profile, sat_class=Cost_Sat)``. Every voter
  gets ``budget / number of ballots`` (empty ballots count); a project is bought when its
  supporters can pay its cost; each round the project is bought for which the largest
  payment asked of one supporter, relative to its cost (rho), is smallest; supporters who have
  less than that pay all they have left.
- ``mes-add1``: MES with pabutools' add-one completion,
  ``method_of_equal_shares(..., sat_class=Cost_Sat, voter_budget_increment=1)``: MES is run
  again with every voter's budget one unit higher (one unit of the file: one cent for
  Nabij's rounds) until the result is *exhaustive* (no supported project left that would still
  fit in the budget) or *over the budget*; in the last case the result of the previous run is
  kept. There is **no greedy step after it** (pabutools has none in this function), so some
  budget can stay unspent.

Ties are broken as pabutools does by default (``lexico_tie_breaking``): the project whose id
is first in plain string order wins (``"10"`` before ``"9"``). Under greedy: equal votes;
under MES: equal rho, compared exactly.

Money is exact: costs (above 0, as in Pabulib's files and Nabij's rounds; under cost utilities
a free project would give nobody anything) and the budget are integers, every share and
payment a ``Fraction``.
numpy only finds candidates quickly (in float64); each decision is then taken, or checked, on
the exact values.

``Outcome.reasons`` gives one code of ``REASONS`` per project. ``Outcome.decided_by_group``
(with ``Election.groups``): per group label, the part of the budget its voters effectively
decided: under MES what that group's voters paid, under greedy each selected project's cost
split equally over its supporters. Exact shares are rounded to whole units by the largest
remainder (ties to the first label in sort order), so the parts add up to ``budget_used``.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

RULES = ("greedy", "mes", "mes-add1")

# Why a project won or lost (``Outcome.reasons``); the result page words them plainly.
SELECTED = "selected"  # chosen by the rule itself
SELECTED_IN_COMPLETION = "selected_in_completion"  # mes-add1: only thanks to the completion
NOT_ENOUGH_LEFT = "not_enough_left"  # greedy: had votes, but did not fit in what was left
SUPPORTERS_RAN_OUT = "supporters_ran_out"  # MES: supporters spent their shares elsewhere first
TOO_FEW_SUPPORTERS = "too_few_supporters"  # MES: even all their shares together were too little
NO_VOTES = "no_votes"  # nobody voted for it

REASONS: dict[str, str] = {
    SELECTED: "Selected by the rule.",
    SELECTED_IN_COMPLETION: "Selected when the voters' shares were raised to spend the budget.",
    NOT_ENOUGH_LEFT: "Not enough budget was left when its turn came.",
    SUPPORTERS_RAN_OUT: "Its supporters had already spent their shares on other projects.",
    TOO_FEW_SUPPORTERS: "Its supporters' shares together were less than its cost.",
    NO_VOTES: "Nobody voted for it.",
}

# np.bincount sums weights in float64: exact for counts below 2**53.
_MAX_WEIGHT = 2**52
# A float candidate is re-checked exactly when it lies within this relative distance.
_MARGIN = 1e-9


@dataclass(frozen=True)
class Election:
    budget: int  # in the smallest unit of the file (cents for Nabij's rounds)
    costs: dict[str, int]  # project id (as in the file) -> cost
    ballots: list[frozenset[str]]  # one approval set per voter
    # an optional label per ballot (a neighbourhood): for what each group effectively decided
    groups: list[str] | None = None


@dataclass(frozen=True)
class Outcome:
    rule: str
    selected: list[str]  # project ids, in the order selected
    budget_used: int
    votes: dict[str, int] = field(default_factory=dict)
    # project id -> a reason code, for the plain-words explanation on the result page
    reasons: dict[str, str] = field(default_factory=dict)
    # group label -> the part of the budget its voters effectively decided (``groups`` given)
    decided_by_group: dict[str, int] = field(default_factory=dict)
    # MES: each voter's share in the run that decided (budget / ballots, plus the increments)
    voter_budget: Fraction | None = None
    # mes-add1: how many times every voter's share was raised by one unit
    increments: int = 0


class ElectionError(ValueError):
    """The election itself is inconsistent (a vote for an unknown project, a negative cost)."""


def tally(election: Election, rule: str) -> Outcome:
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; one of {', '.join(RULES)}")
    prepared = _Prepared.of(election)
    if rule == "greedy":
        return _greedy(prepared)
    return _mes_outcome(prepared, rule)


# --- preparation: identical ballots merged into weights --------------------------------------


@dataclass
class _Prepared:
    election: Election
    names: list[str]  # project ids, sorted as strings (the tie-breaking order)
    cost: list[int]
    votes: list[int]
    distinct: list[frozenset[str]]  # distinct ballots
    weight: npt.NDArray[np.int64]  # how many voters cast each distinct ballot
    supporters: list[npt.NDArray[np.intp]]  # per project: indices of distinct ballots
    # per group label: per distinct ballot, how many of its voters are in the group
    group_weight: dict[str, npt.NDArray[np.int64]]

    @property
    def n_voters(self) -> int:
        return len(self.election.ballots)

    @classmethod
    def of(cls, election: Election) -> _Prepared:
        if election.budget < 0:
            raise ElectionError("the budget is negative")
        for name, cost in election.costs.items():
            if not isinstance(cost, int) or cost <= 0:
                raise ElectionError(f"project {name}: the cost must be a whole number above 0")
        if election.groups is not None and len(election.groups) != len(election.ballots):
            raise ElectionError("groups must give one label per ballot")
        if len(election.ballots) >= _MAX_WEIGHT:
            raise ElectionError("too many ballots")
        names = sorted(election.costs)
        index = {name: i for i, name in enumerate(names)}
        counts = Counter(election.ballots)
        distinct = list(counts)
        weight = np.fromiter((counts[b] for b in distinct), dtype=np.int64, count=len(distinct))
        members: list[int] = []
        projects: list[int] = []
        for d, ballot in enumerate(distinct):
            for name in ballot:
                j = index.get(name)
                if j is None:
                    raise ElectionError(f"a ballot approves project {name}, which is not on it")
                members.append(d)
                projects.append(j)
        member_arr = np.asarray(members, dtype=np.intp)
        project_arr = np.asarray(projects, dtype=np.intp)
        order = np.argsort(project_arr, kind="stable")
        bounds = np.searchsorted(project_arr[order], np.arange(len(names) + 1))
        supporters = [member_arr[order[bounds[j] : bounds[j + 1]]] for j in range(len(names))]
        votes = [int(weight[s].sum()) for s in supporters]
        group_weight: dict[str, npt.NDArray[np.int64]] = {}
        if election.groups is not None:
            position = {ballot: d for d, ballot in enumerate(distinct)}
            which = np.fromiter(
                (position[b] for b in election.ballots), dtype=np.intp, count=len(election.ballots)
            )
            labels = sorted(set(election.groups))
            label_index = {label: g for g, label in enumerate(labels)}
            group_of = np.fromiter(
                (label_index[g] for g in election.groups), dtype=np.intp, count=len(election.groups)
            )
            for g, label in enumerate(labels):
                group_weight[label] = np.bincount(
                    which[group_of == g], minlength=len(distinct)
                ).astype(np.int64)
        return cls(
            election=election,
            names=names,
            cost=[election.costs[name] for name in names],
            votes=votes,
            distinct=distinct,
            weight=weight,
            supporters=supporters,
            group_weight=group_weight,
        )

    def votes_by_name(self) -> dict[str, int]:
        return dict(zip(self.names, self.votes, strict=True))


def apportion(shares: dict[str, Fraction], total: int) -> dict[str, int]:
    """Exact shares rounded to whole units that add up to ``total`` (largest remainder; equal
    remainders go to the first label in sort order)."""
    floors = {label: share.numerator // share.denominator for label, share in shares.items()}
    left = total - sum(floors.values())
    by_remainder = sorted(shares, key=lambda label: (-(shares[label] - floors[label]), label))
    for label in by_remainder[: max(left, 0)]:
        floors[label] += 1
    return dict(sorted(floors.items()))


# --- greedy -------------------------------------------------------------------------------


def _greedy(prepared: _Prepared) -> Outcome:
    remaining = prepared.election.budget
    selected: list[int] = []
    reasons: dict[str, str] = {}
    order = sorted(
        range(len(prepared.names)), key=lambda j: (-prepared.votes[j], prepared.names[j])
    )
    for j in order:
        name = prepared.names[j]
        if prepared.votes[j] == 0:
            reasons[name] = NO_VOTES
        elif prepared.cost[j] <= remaining:
            selected.append(j)
            remaining -= prepared.cost[j]
            reasons[name] = SELECTED
        else:
            reasons[name] = NOT_ENOUGH_LEFT
    used = prepared.election.budget - remaining
    decided: dict[str, int] = {}
    if prepared.group_weight:
        shares: dict[str, Fraction] = {}
        for label, gw in prepared.group_weight.items():
            share = Fraction(0)
            for j in selected:
                in_group = int(gw[prepared.supporters[j]].sum())
                if in_group:
                    share += Fraction(prepared.cost[j] * in_group, prepared.votes[j])
            shares[label] = share
        decided = apportion(shares, used)
    return Outcome(
        rule="greedy",
        selected=[prepared.names[j] for j in selected],
        budget_used=used,
        votes=prepared.votes_by_name(),
        reasons=dict(sorted(reasons.items())),
        decided_by_group=decided,
    )


# --- the Method of Equal Shares ------------------------------------------------------------


@dataclass
class MesRun:
    """One run of MES at one per-voter budget (exact), with what everyone paid."""

    voter_budget: Fraction
    selected: list[int]  # project indices, in the order bought
    paid: dict[int, Fraction]  # project index -> what its supporters paid together
    class_of: npt.NDArray[np.intp]  # distinct ballot -> budget class
    class_budget: list[Fraction]  # budget class -> what each of its voters has left

    def left(self, d: int) -> Fraction:
        return self.class_budget[int(self.class_of[d])]


class _Classes:
    """Voters grouped by what they have left. Two voters who approved the same bought projects
    always paid the same, so these classes stay few; class 0 holds the voters with nothing left
    (they take no part in any payment)."""

    def __init__(self, n_distinct: int, start: Fraction) -> None:
        self.class_of = np.ones(n_distinct, dtype=np.intp)
        self.exact: list[Fraction] = [Fraction(0), start]
        self.approx = np.zeros(64, dtype=np.float64)
        self.approx[1] = float(start)

    def __len__(self) -> int:
        return len(self.exact)

    def add(self, budget: Fraction) -> int:
        if budget <= 0:
            return 0
        k = len(self.exact)
        self.exact.append(budget)
        if k >= len(self.approx):
            self.approx = np.concatenate([self.approx, np.zeros(len(self.approx))])
        self.approx[k] = float(budget)
        return k


@dataclass
class _Offer:
    """What it takes to buy a project now: the payment of every supporter who can pay it
    whole (the others pay what they have), and the classes involved with their weights."""

    pay: Fraction
    classes: npt.NDArray[np.intp]
    weights: npt.NDArray[np.float64]


def _offer(prepared: _Prepared, classes: _Classes, j: int, cost: int) -> _Offer | None:
    """The exact payment for project ``j`` at the current budgets, or None if its supporters
    together cannot pay it (then they never will: budgets only go down)."""
    supp = prepared.supporters[j]
    wc = np.asarray(
        np.bincount(classes.class_of[supp], weights=prepared.weight[supp], minlength=len(classes)),
        dtype=np.float64,
    )
    wc[0] = 0.0
    nz = np.flatnonzero(wc)
    if len(nz) == 0:
        return None
    w = wc[nz]
    fb = classes.approx[nz]
    available = float(np.dot(w, fb))
    if available < cost * (1 - _MARGIN):
        return None
    if available <= cost * (1 + _MARGIN):  # too close to call in floats
        exact_available = sum(
            (int(wt) * classes.exact[int(k)] for k, wt in zip(nz, w, strict=True)), Fraction(0)
        )
        if exact_available < cost:
            return None
    total = int(w.sum())
    # float walk: the supporters from poorest to richest, until one can pay the rest's share
    order = np.argsort(fb, kind="stable")
    fb_sorted = fb[order]
    w_sorted = w[order]
    contrib_before = np.concatenate(([0.0], np.cumsum(w_sorted * fb_sorted)[:-1]))
    rem_before = total - np.concatenate(([0.0], np.cumsum(w_sorted)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        pay_k = (cost - contrib_before) / rem_before
    fits = np.flatnonzero(pay_k <= fb_sorted * (1 + _MARGIN))
    pay_f = float(pay_k[fits[0]]) if len(fits) else float(fb_sorted[-1])
    # exact walk over the classes that may be poorer than the payment
    limit = pay_f * (1 + 1e-6) + 1e-300
    poorer = fb < limit
    pay = _walk(classes, nz[poorer], w[poorer], cost, total)
    # the others must all be able to pay it whole; checked in floats with room to spare
    rest = fb[~poorer]
    if pay is None or (len(rest) and float(rest.min()) < float(pay) * (1 + 1e-9)):
        pay = _walk(classes, nz, w, cost, total)
        if pay is None:
            return None
    return _Offer(pay=pay, classes=nz, weights=w)


def _walk(
    classes: _Classes,
    candidates: npt.NDArray[np.intp],
    weights: npt.NDArray[np.float64],
    cost: int,
    total: int,
) -> Fraction | None:
    """pabutools' walk over the supporters from poorest up: the first who can pay the share
    of the cost that the poorer ones could not pay decides the payment."""
    contrib = Fraction(0)
    rem = total
    pairs = sorted(
        ((classes.exact[int(k)], int(wt)) for k, wt in zip(candidates, weights, strict=True)),
        key=lambda pair: pair[0],
    )
    for budget, wt in pairs:
        pay = (cost - contrib) / rem
        if pay <= budget:
            return pay
        contrib += wt * budget
        rem -= wt
    if rem == 0:
        return None
    return (cost - contrib) / rem


def equal_shares(prepared: _Prepared, voter_budget: Fraction) -> MesRun:
    """One run of MES with ``voter_budget`` for every voter (pabutools' ``mes_inner_algo``)."""
    classes = _Classes(len(prepared.distinct), voter_budget)
    selected: list[int] = []
    paid: dict[int, Fraction] = {}
    heap: list[tuple[Fraction, str, int]] = []
    for j, name in enumerate(prepared.names):
        if prepared.votes[j] == 0:
            continue
        heap.append((Fraction(1, prepared.votes[j]), name, j))
    heapq.heapify(heap)
    while heap:
        best: Fraction | None = None
        tied: list[tuple[str, int, _Offer]] = []
        evaluated: list[tuple[Fraction, str, int]] = []
        # lazy: a stored rho is a lower bound (budgets only go down); stop past the best
        while heap and (best is None or heap[0][0] <= best):
            _, name, j = heapq.heappop(heap)
            offer = _offer(prepared, classes, j, prepared.cost[j])
            if offer is None:
                continue  # unaffordable now, so for good
            rho = offer.pay / prepared.cost[j]
            evaluated.append((rho, name, j))
            if best is None or rho < best:
                best = rho
                tied = [(name, j, offer)]
            elif rho == best:
                tied.append((name, j, offer))
        if best is None:
            break
        name, j, offer = min(tied, key=lambda t: t[0])
        for item in evaluated:
            if item[2] != j:
                heapq.heappush(heap, item)
        selected.append(j)
        paid[j] = _buy(prepared, classes, j, offer)
    return MesRun(
        voter_budget=voter_budget,
        selected=selected,
        paid=paid,
        class_of=classes.class_of,
        class_budget=classes.exact,
    )


def _buy(prepared: _Prepared, classes: _Classes, j: int, offer: _Offer) -> Fraction:
    """Every supporter pays ``offer.pay``, or all they have if that is less."""
    remap = np.arange(len(classes), dtype=np.intp)
    total = Fraction(0)
    for k, wt in zip(offer.classes, offer.weights, strict=True):
        budget = classes.exact[int(k)]
        payment = min(budget, offer.pay)
        total += int(wt) * payment
        remap[int(k)] = classes.add(budget - payment)
    supp = prepared.supporters[j]
    classes.class_of[supp] = remap[classes.class_of[supp]]
    return total


def _run_cost(prepared: _Prepared, run: MesRun) -> int:
    return sum(prepared.cost[j] for j in run.selected)


def _exhaustive(prepared: _Prepared, run: MesRun) -> bool:
    """pabutools' ``is_exhaustive(outcome, available_projects=...)``: only projects with votes
    count."""
    used = _run_cost(prepared, run)
    chosen = set(run.selected)
    return all(
        used + prepared.cost[j] > prepared.election.budget
        for j in range(len(prepared.names))
        if j not in chosen and prepared.votes[j] > 0
    )


def mes_runs(prepared: _Prepared, rule: str) -> tuple[MesRun, MesRun, int]:
    """The run that decides, the first run (no completion), and the number of increments."""
    n = prepared.n_voters
    if n == 0:
        empty = MesRun(Fraction(0), [], {}, np.zeros(0, dtype=np.intp), [Fraction(0)])
        return empty, empty, 0
    start = Fraction(prepared.election.budget, n)
    first = equal_shares(prepared, start)
    if rule == "mes":
        return first, first, 0
    previous = first
    run = first
    step = 0
    while True:
        if _run_cost(prepared, run) > prepared.election.budget:
            return previous, first, step - 1
        if _exhaustive(prepared, run):
            return run, first, step
        step += 1
        previous = run
        run = equal_shares(prepared, start + step)


def _mes_outcome(prepared: _Prepared, rule: str) -> Outcome:
    run, first, steps = mes_runs(prepared, rule)
    chosen = set(run.selected)
    in_first = set(first.selected)
    reasons: dict[str, str] = {}
    for j, name in enumerate(prepared.names):
        if j in chosen:
            reasons[name] = SELECTED if j in in_first else SELECTED_IN_COMPLETION
        elif prepared.votes[j] == 0:
            reasons[name] = NO_VOTES
        elif prepared.votes[j] * run.voter_budget < prepared.cost[j]:
            reasons[name] = TOO_FEW_SUPPORTERS
        else:
            reasons[name] = SUPPORTERS_RAN_OUT
    used = _run_cost(prepared, run)
    decided: dict[str, int] = {}
    if prepared.group_weight and prepared.n_voters:
        shares: dict[str, Fraction] = {}
        n_classes = len(run.class_budget)
        for label, gw in prepared.group_weight.items():
            per_class = np.bincount(run.class_of, weights=gw, minlength=n_classes)
            share = Fraction(0)
            for k in np.flatnonzero(per_class):
                share += int(per_class[k]) * (run.voter_budget - run.class_budget[int(k)])
            shares[label] = share
        decided = apportion(shares, used)
    return Outcome(
        rule=rule,
        selected=[prepared.names[j] for j in run.selected],
        budget_used=used,
        votes=prepared.votes_by_name(),
        reasons=dict(sorted(reasons.items())),
        decided_by_group=decided,
        voter_budget=run.voter_budget,
        increments=steps,
    )


def prepare(election: Election) -> _Prepared:
    """The election with identical ballots merged (for tests and benchmarks of the runs)."""
    return _Prepared.of(election)


def ballots_paid(prepared: _Prepared, run: MesRun) -> dict[frozenset[str], Fraction]:
    """What one voter with each distinct ballot paid in a run, in total."""
    return {ballot: run.voter_budget - run.left(d) for d, ballot in enumerate(prepared.distinct)}


def project_names(prepared: _Prepared, indices: Iterable[int]) -> list[str]:
    return [prepared.names[j] for j in indices]


def election_of(budget: int, costs: dict[str, int], ballots: Sequence[Iterable[str]]) -> Election:
    """A small election from plain lists (tests, examples)."""
    return Election(budget=budget, costs=dict(costs), ballots=[frozenset(b) for b in ballots])
