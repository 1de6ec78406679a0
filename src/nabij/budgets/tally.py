"""The rules that turn approval ballots into a result, on any election (Nabij's rounds and
Pabulib files alike). Pure Python (with numpy for speed), exact arithmetic, no Django.

``tally(election, rule)`` with ``rule`` one of ``RULES`` returns an ``Outcome``:

- ``greedy``: most approvals first; a project that no longer fits in what is left of the budget
  is skipped and the next one is tried. Projects nobody voted for come last and are taken if
  they still fit (reason ``selected_leftover``); no group decided those. This is pabutools'
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
  again with every voter's budget one unit higher (one unit of the file: one euro for
  Nabij's rounds) until the result is *exhaustive* (no supported project left that would still
  fit in the budget) or *over the budget*; in the last case the result of the previous run is
  kept. There is **no greedy step after it** (pabutools has none in this function), so some
  budget can stay unspent. In cents that can be thousands of runs; ``mes_runs`` jumps over
  the increments that provably give the same result (see ``equal_shares(track=True)``).

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

import gc
import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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
# greedy: nobody voted for it, but it fitted in what was left (pabutools' greedy does the same)
LEFTOVER = "selected_leftover"

REASONS: dict[str, str] = {
    SELECTED: "Selected by the rule.",
    SELECTED_IN_COMPLETION: "Selected when the voters' shares were raised to spend the budget.",
    NOT_ENOUGH_LEFT: "Not enough budget was left when its turn came.",
    SUPPORTERS_RAN_OUT: "Its supporters had already spent their shares on other projects.",
    TOO_FEW_SUPPORTERS: "Its supporters' shares together were less than its cost.",
    NO_VOTES: "Nobody voted for it.",
    LEFTOVER: "Nobody voted for it, but it fitted in the money that was left.",
}

# np.bincount sums weights in float64: exact for counts below 2**53.
_MAX_WEIGHT = 2**52
# A float candidate is re-checked exactly when it lies within this relative distance.
_MARGIN = 1e-9


@dataclass(frozen=True)
class Election:
    budget: int  # in the file's unit (whole euros for Nabij's rounds: ``tally_euros``)
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
    with without_gc():
        prepared = _Prepared.of(election)
        if rule == "greedy":
            return _greedy(prepared)
        return _mes_outcome(prepared, rule)


@contextmanager
def without_gc() -> Iterator[None]:
    """The tally makes millions of short-lived numbers and no reference cycles; Python's cycle
    collector, woken by those allocations, would walk every object the caller holds (a read
    file of 100,000 ballots) again and again: a tenfold slowdown, measured."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    for j in order:  # projects without votes come last, and are taken if they still fit
        name = prepared.names[j]
        if prepared.cost[j] <= remaining:
            selected.append(j)
            remaining -= prepared.cost[j]
            reasons[name] = SELECTED if prepared.votes[j] else LEFTOVER
        else:
            reasons[name] = NOT_ENOUGH_LEFT if prepared.votes[j] else NO_VOTES
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
        voted = sum(prepared.cost[j] for j in selected if prepared.votes[j])
        decided = apportion(shares, voted)
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
    class_num: list[int]  # budget class -> what each of its voters has left, over ...
    denominator: int  # ... this common denominator
    # how much higher the voter budget could be with the same result (None: any; tracked runs)
    stable_for: Fraction | None = Fraction(0)

    def left(self, d: int) -> Fraction:
        return Fraction(self.class_num[int(self.class_of[d])], self.denominator)


class _Classes:
    """Voters grouped by what they have left. Two voters who approved the same bought projects
    always paid the same, so these classes stay few; class 0 holds the voters with nothing left
    (they take no part in any payment). Budgets are exact: integer numerators over one common
    denominator (integers are much faster than Fractions); ``approx`` holds them as floats,
    only to order them."""

    def __init__(self, n_distinct: int, start: Fraction, *, track: bool = False) -> None:
        self.class_of = np.ones(n_distinct, dtype=np.intp)
        self.denominator = start.denominator
        self.num: list[int] = [0, start.numerator]
        self.approx = np.zeros(64, dtype=np.float64)
        self.approx[1] = float(start)
        # with ``track``: how fast each class's budget grows when every voter's starting
        # budget does (slope numerators over ``slope_den``; 1 at the start, 0 for class 0)
        self.track = track
        self.slope: list[int] = [0, 1]
        self.slope_den = 1

    def __len__(self) -> int:
        return len(self.num)

    def scale(self, factor: int) -> None:
        if factor != 1:
            self.num = [x * factor for x in self.num]
            self.denominator *= factor

    def add(self, num: int, slope: int = 0) -> int:
        if num <= 0:
            return 0
        k = len(self.num)
        self.num.append(num)
        if self.track:
            self.slope.append(slope)
        if k >= len(self.approx):
            self.approx = np.concatenate([self.approx, np.zeros(len(self.approx))])
        self.approx[k] = num / self.denominator
        return k


@dataclass
class _Offer:
    """What it takes to buy a project now: every supporter pays ``top / (rest * D)`` (D the
    classes' denominator), or all they have if that is less; ``classes`` are the supporters'
    budget classes with their weights and numerators."""

    top: int
    rest: int
    classes: npt.NDArray[np.intp]
    weights: list[int]
    nums: list[int]
    poor: list[int]  # positions (in the lists above) of the supporters who pay all they have
    exact: bool  # a richer supporter has exactly the payment (and is left with nothing)


def _offer(prepared: _Prepared, classes: _Classes, j: int, cost: int) -> _Offer | None:
    """The exact payment for project ``j`` at the current budgets, or None if its supporters
    together cannot pay it (then they never will: budgets only go down).

    The payment x solves sum(w_u * min(b_u, x)) = cost; it is unique, so a guess of who pays
    less than x (found in floats) is proven exactly: everyone guessed poorer has less than x,
    everyone else at least x. If the proof fails, pabutools' walk is done exactly."""
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
    weights = [int(x) for x in w]
    nums = [classes.num[k] for k in nz.tolist()]
    cost_d = cost * classes.denominator
    too_close = available <= cost * (1 + _MARGIN)  # to call in floats
    if too_close and sum(a * b for a, b in zip(weights, nums, strict=True)) < cost_d:
        return None
    total = sum(weights)
    # the float walk: from the poorest up, until one can pay the share the poorer could not
    order = np.argsort(fb, kind="stable")
    fb_sorted = fb[order]
    w_sorted = w[order]
    contrib_before = np.concatenate(([0.0], np.cumsum(w_sorted * fb_sorted)[:-1]))
    rem_before = total - np.concatenate(([0.0], np.cumsum(w_sorted)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        pay_k = (cost - contrib_before) / rem_before
    fits = np.flatnonzero(pay_k <= fb_sorted)
    k = int(fits[0]) if len(fits) else len(order)
    poor = order[:k].tolist()
    rich = order[k:].tolist()
    paid = sum(weights[i] * nums[i] for i in poor)
    rest = total - sum(weights[i] for i in poor)
    top = cost_d - paid
    least_rich = min(nums[i] for i in rich) * rest if rich else None
    proven = (
        rest > 0
        and (not poor or max(nums[i] for i in poor) * rest < top)
        and (least_rich is None or least_rich >= top)
    )
    if not proven:
        walked = _walk(weights, nums, cost_d, total)
        if walked is None:
            return None
        top, rest, poor = walked
        least_rich = min(
            (nums[i] * rest for i in range(len(nums)) if nums[i] * rest >= top), default=None
        )
    return _Offer(top, rest, nz, weights, nums, poor, least_rich == top)


def _walk(
    weights: list[int], nums: list[int], cost_d: int, total: int
) -> tuple[int, int, list[int]] | None:
    """pabutools' walk, exactly: the supporters from poorest up; the first who can pay the
    share of the cost the poorer ones could not pay decides the payment."""
    paid = 0
    rest = total
    poor: list[int] = []
    for i in sorted(range(len(nums)), key=nums.__getitem__):
        if nums[i] * rest >= cost_d - paid:
            return cost_d - paid, rest, poor
        paid += weights[i] * nums[i]
        rest -= weights[i]
        poor.append(i)
    return None


def equal_shares(prepared: _Prepared, voter_budget: Fraction, *, track: bool = False) -> MesRun:
    """One run of MES with ``voter_budget`` for every voter (pabutools' ``mes_inner_algo``).

    With ``track``, also how much higher every voter's budget could start with the same
    projects bought in the same order (``MesRun.stable_for``): within one run every budget and
    payment is an affine function of that rise as long as every comparison the run made comes
    out the same; the smallest rise at which one could flip is the answer."""
    classes = _Classes(len(prepared.distinct), voter_budget, track=track)
    selected: list[int] = []
    paid: dict[int, Fraction] = {}
    limit: Fraction | None = None

    def tighten(bound: Fraction | None) -> None:
        nonlocal limit
        if bound is not None and (limit is None or bound < limit):
            limit = bound

    # (rho as a float, rho exact, name, index, slope of rho): floats order quickly, equal
    # floats fall back to the exact value, then to the name (pabutools' tie-breaking)
    heap: list[tuple[float, Fraction, str, int, Fraction]] = []
    for j, name in enumerate(prepared.names):
        if prepared.votes[j]:
            rho0 = Fraction(1, prepared.votes[j])
            heap.append((float(rho0), rho0, name, j, Fraction(0)))
    heapq.heapify(heap)
    while heap:
        best: Fraction | None = None
        tied: list[tuple[str, int, _Offer, Fraction]] = []
        evaluated: list[tuple[float, Fraction, str, int, Fraction]] = []
        # lazy: a stored rho is a lower bound (budgets only go down); stop past the best
        while heap and (best is None or heap[0][1] <= best):
            _, _, name, j, _ = heapq.heappop(heap)
            offer = _offer(prepared, classes, j, prepared.cost[j])
            if offer is None:  # unaffordable now, so for good
                if track:
                    tighten(_afford_bound(prepared, classes, j))
                continue
            rho = Fraction(offer.top, offer.rest * classes.denominator * prepared.cost[j])
            rho_slope = Fraction(0)
            if track:
                rho_slope, bound = _motion(classes, offer, prepared.cost[j])
                tighten(bound)
            evaluated.append((float(rho), rho, name, j, rho_slope))
            if best is None or rho < best:
                best = rho
                tied = [(name, j, offer, rho_slope)]
            elif rho == best:
                tied.append((name, j, offer, rho_slope))
        if best is None:
            break
        name, j, offer, best_slope = min(tied, key=lambda t: t[0])
        if track:  # every other project must stay behind: its (lower bound of) rho above
            for item in [*evaluated, *heap]:
                if item[3] != j and item[4] < best_slope:
                    tighten((item[1] - best) / (best_slope - item[4]))
        for item in evaluated:
            if item[3] != j:
                heapq.heappush(heap, item)
        selected.append(j)
        paid[j] = _buy(prepared, classes, j, offer)
    return MesRun(
        voter_budget=voter_budget,
        selected=selected,
        paid=paid,
        class_of=classes.class_of,
        class_num=classes.num,
        denominator=classes.denominator,
        stable_for=limit if track else Fraction(0),
    )


def _buy(prepared: _Prepared, classes: _Classes, j: int, offer: _Offer) -> Fraction:
    """Every supporter pays the offer's payment, or all they have if that is less."""
    g = math.gcd(offer.top, offer.rest)
    factor = offer.rest // g
    classes.scale(factor)  # the payment is now a whole number over the denominator
    pay = offer.top // g
    poor_slope = 0
    if classes.track:
        # rich budgets fall by the payment, whose slope is -(poor slopes) / rest
        poor_slope = sum(
            offer.weights[i] * classes.slope[int(offer.classes[i])] for i in offer.poor
        )
        classes.slope = [x * offer.rest for x in classes.slope]
        classes.slope_den *= offer.rest
    remap = np.arange(len(classes), dtype=np.intp)
    total = 0
    for k, wt, num in zip(offer.classes.tolist(), offer.weights, offer.nums, strict=True):
        budget = num * factor
        payment = min(budget, pay)
        total += wt * payment
        slope = classes.slope[k] + poor_slope if classes.track else 0
        remap[k] = classes.add(budget - payment, slope)
    supp = prepared.supporters[j]
    classes.class_of[supp] = remap[classes.class_of[supp]]
    return Fraction(total, classes.denominator)


def _motion(classes: _Classes, offer: _Offer, cost: int) -> tuple[Fraction, Fraction | None]:
    """How an offer moves when every voter's starting budget rises by d: the slope of its rho,
    and the d below which its split into poorer and richer supporters holds (None: always).
    Richer budgets grow faster than the payment, so only a poorer supporter can cross it;
    one with exactly the payment would have a little left at once: no room then."""
    top, rest = offer.top, offer.rest
    poor = [(offer.nums[i], classes.slope[int(offer.classes[i])]) for i in offer.poor]
    poor_slope = sum(
        offer.weights[i] * slope for i, (_, slope) in zip(offer.poor, poor, strict=True)
    )
    exact = offer.exact
    rho_slope = Fraction(-poor_slope, rest * classes.slope_den * cost)
    bound: Fraction | None = Fraction(0) if exact else None
    for num, slope in poor:
        crossing = Fraction(
            (top - num * rest) * classes.slope_den,
            classes.denominator * (slope * rest + poor_slope),
        )
        bound = crossing if bound is None else min(bound, crossing)
    return rho_slope, bound


def _afford_bound(prepared: _Prepared, classes: _Classes, j: int) -> Fraction | None:
    """The rise of every voter's starting budget from which project ``j``'s supporters could
    pay it (None: never)."""
    supp = prepared.supporters[j]
    wc = np.bincount(classes.class_of[supp], weights=prepared.weight[supp], minlength=len(classes))
    have = 0
    growth = 0
    for k in np.flatnonzero(wc).tolist():
        if k:
            have += int(wc[k]) * classes.num[k]
            growth += int(wc[k]) * classes.slope[k]
    if growth == 0:
        return None
    return Fraction(
        (prepared.cost[j] * classes.denominator - have) * classes.slope_den,
        classes.denominator * growth,
    )


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


def mes_runs(prepared: _Prepared, rule: str, *, skip: bool = True) -> tuple[MesRun, MesRun, int]:
    """The run that decides, the first run (no completion), and the number of increments.

    mes-add1 raises every voter's budget by 1 until the result is exhaustive or over the
    budget (then the run before counts), as pabutools does. With ``skip`` it jumps over
    increments that provably give the same result (``equal_shares(..., track=True)``): the
    same answer, without thousands of runs when amounts are in cents."""
    n = prepared.n_voters
    if n == 0:
        empty = MesRun(Fraction(0), [], {}, np.zeros(0, dtype=np.intp), [0], 1)
        return empty, empty, 0
    start = Fraction(prepared.election.budget, n)
    if rule == "mes":
        first = equal_shares(prepared, start)
        return first, first, 0
    first = equal_shares(prepared, start, track=skip)
    run = first
    step = 0
    while True:
        if _exhaustive(prepared, run):
            return run, first, step
        jump = 1
        if skip and run.stable_for is not None:
            jump = max(1, math.ceil(run.stable_for))
        step += jump
        following = equal_shares(prepared, start + step, track=skip)
        if _run_cost(prepared, following) > prepared.election.budget:
            # the run before counts: the same projects as ``run``, at one unit less
            before = run if jump == 1 else equal_shares(prepared, start + step - 1)
            return before, first, step - 1
        run = following


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
        n_classes = len(run.class_num)
        for label, gw in prepared.group_weight.items():
            per_class = np.bincount(run.class_of, weights=gw, minlength=n_classes)
            voters = 0
            left = 0
            for k in np.flatnonzero(per_class).tolist():
                voters += int(per_class[k])
                left += int(per_class[k]) * run.class_num[k]
            shares[label] = voters * run.voter_budget - Fraction(left, run.denominator)
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
