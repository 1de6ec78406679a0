"""The tally rules: hand-checked elections (ties included), properties, and pabutools as the
oracle on random small elections."""

from __future__ import annotations

import os
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nabij.budgets.tally import (
    LEFTOVER,
    NO_VOTES,
    NOT_ENOUGH_LEFT,
    RULES,
    SELECTED,
    SELECTED_IN_COMPLETION,
    SUPPORTERS_RAN_OUT,
    TOO_FEW_SUPPORTERS,
    Election,
    ElectionError,
    apportion,
    ballots_paid,
    election_of,
    mes_runs,
    prepare,
    tally,
)

# a: 60, b: 50, c: 40, d: 10; votes a 3, b 2, c 2, d 0
FOUR = election_of(
    100, {"a": 60, "b": 50, "c": 40, "d": 10}, [["a", "b"], ["a", "c"], ["a"], ["b", "c"]]
)
# four voters with 25 each under MES; a needs 60 from 2 supporters
SMALL = election_of(100, {"a": 60, "b": 50, "c": 40}, [["a"], ["a"], ["b", "c"], ["c"]])


def test_greedy_most_votes_first_skipping_what_no_longer_fits() -> None:
    outcome = tally(FOUR, "greedy")
    # a (3 votes) first, 40 left; b and c have 2 votes, b first by name: 50 does not fit;
    # c (40) does; d fits in nothing left and has no votes anyway
    assert outcome.selected == ["a", "c"]
    assert outcome.budget_used == 100
    assert outcome.votes == {"a": 3, "b": 2, "c": 2, "d": 0}
    assert outcome.reasons == {"a": SELECTED, "b": NOT_ENOUGH_LEFT, "c": SELECTED, "d": NO_VOTES}


def test_greedy_takes_a_project_without_votes_last_if_it_still_fits() -> None:
    # as pabutools' greedy_utilitarian_welfare with cost satisfaction does
    outcome = tally(election_of(100, {"a": 10, "b": 10, "c": 90}, [["a"]]), "greedy")
    assert outcome.selected == ["a", "b"]
    assert outcome.budget_used == 20
    assert outcome.reasons == {"a": SELECTED, "b": LEFTOVER, "c": NO_VOTES}


def test_greedy_tie_goes_to_the_first_id_in_string_order() -> None:
    # equal votes, room for one: "10" comes before "9" as strings (pabutools' lexico order)
    outcome = tally(election_of(50, {"9": 50, "10": 50}, [["9"], ["10"]]), "greedy")
    assert outcome.selected == ["10"]
    assert outcome.reasons == {"10": SELECTED, "9": NOT_ENOUGH_LEFT}


def test_mes_by_hand() -> None:
    outcome = tally(SMALL, "mes")
    # 25 each: a's two supporters have 50 < 60, b's one has 25 < 50; c's two pay 20 each
    assert outcome.selected == ["c"]
    assert outcome.budget_used == 40
    assert outcome.voter_budget == 25
    assert outcome.reasons == {"a": TOO_FEW_SUPPORTERS, "b": TOO_FEW_SUPPORTERS, "c": SELECTED}


def test_mes_the_poorer_pay_what_they_have_and_the_rest_share_the_remainder() -> None:
    # 4 voters, 30 each. q (60) by voters 1-3: 20 each, rho 1/3; r (38) by voters 3 and 4:
    # rho 1/2; t (30) by voter 4 alone: rho 1. So q; voter 3 keeps 10. Then r: 10 + x = 38,
    # x = 28 (voter 3 pays all it has), rho 28/38 < 1. Voter 4 keeps 2 < 30: no t.
    election = election_of(120, {"q": 60, "r": 38, "t": 30}, [["q"], ["q"], ["q", "r"], ["r", "t"]])
    prepared = prepare(election)
    run, _, _ = mes_runs(prepared, "mes")
    assert [prepared.names[j] for j in run.selected] == ["q", "r"]
    assert run.paid == {prepared.names.index("q"): 60, prepared.names.index("r"): 38}
    paid = ballots_paid(prepared, run)
    assert paid == {frozenset({"q"}): 20, frozenset({"q", "r"}): 30, frozenset({"r", "t"}): 28}
    assert tally(election, "mes").reasons["t"] == SUPPORTERS_RAN_OUT


def test_mes_tie_goes_to_the_first_id() -> None:
    # two voters, 30 each; "b" and "a" both cost 30 for their one supporter: equal rho
    outcome = tally(election_of(60, {"b": 30, "a": 30}, [["b"], ["a"]]), "mes")
    assert outcome.selected == ["a", "b"]


def test_mes_add1_raises_the_shares_until_the_result_is_exhaustive() -> None:
    outcome = tally(SMALL, "mes-add1")
    # at 30 each (5 increments) a becomes affordable: a and c both cost their supporters
    # half of... rho 30/60 = 20/40 = 1/2: a tie, a first; then c; 100 used: exhaustive
    assert outcome.increments == 5
    assert outcome.voter_budget == 30
    assert outcome.selected == ["a", "c"]
    assert outcome.budget_used == 100
    assert outcome.reasons["a"] == SELECTED_IN_COMPLETION
    assert outcome.reasons["c"] == SELECTED


def test_mes_add1_keeps_the_previous_result_when_the_next_is_over_the_budget() -> None:
    # 2 voters, budget 10 (5 each); x (6) and y (6), one supporter each: at 6 each both are
    # bought (12 > 10), so the result at 5 (nothing) stays: pabutools stops there too
    outcome = tally(election_of(10, {"x": 6, "y": 6}, [["x"], ["y"]]), "mes-add1")
    assert outcome.selected == []
    assert outcome.increments == 0
    assert outcome.budget_used == 0


def test_decided_by_group_greedy_splits_each_cost_over_its_supporters() -> None:
    election = Election(
        budget=FOUR.budget, costs=FOUR.costs, ballots=FOUR.ballots, groups=["n", "n", "z", "z"]
    )
    outcome = tally(election, "greedy")
    # a: 60 over 3 (two in n, one in z); c: 40 over voters 2 (n) and 4 (z)
    assert outcome.decided_by_group == {"n": 60, "z": 40}


def test_decided_by_group_mes_is_what_the_groups_paid() -> None:
    election = Election(
        budget=SMALL.budget, costs=SMALL.costs, ballots=SMALL.ballots, groups=["n", "n", "z", "z"]
    )
    assert tally(election, "mes").decided_by_group == {"n": 0, "z": 40}
    # at 30 each: a paid by the two n voters (30 each), c by the z voters (20 each)
    assert tally(election, "mes-add1").decided_by_group == {"n": 60, "z": 40}


def test_apportion_rounds_to_the_total_by_largest_remainder() -> None:
    third = Fraction(100, 3)
    assert apportion({"y": third, "x": third, "z": third}, 100) == {"x": 34, "y": 33, "z": 33}
    assert apportion({"a": Fraction(5, 2), "b": Fraction(15, 2)}, 10) == {"a": 3, "b": 7}


def test_an_election_without_ballots_selects_nothing_by_equal_shares() -> None:
    for rule in ("mes", "mes-add1"):
        outcome = tally(election_of(100, {"a": 10}, []), rule)
        assert outcome.selected == []
        assert outcome.reasons == {"a": NO_VOTES}
    # greedy takes what fits, votes or not (as pabutools does)
    outcome = tally(election_of(15, {"a": 10, "b": 10}, []), "greedy")
    assert outcome.selected == ["a"]
    assert outcome.reasons == {"a": LEFTOVER, "b": NO_VOTES}


def test_inconsistent_elections_are_refused() -> None:
    with pytest.raises(ElectionError):
        tally(election_of(100, {"a": 10}, [["b"]]), "mes")
    with pytest.raises(ElectionError):
        tally(election_of(100, {"a": 0}, [["a"]]), "mes")
    with pytest.raises(ValueError, match="unknown rule"):
        tally(FOUR, "borda")


# --- properties ---------------------------------------------------------------------------


@st.composite
def elections(draw: st.DrawFn) -> Election:
    names = draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=6, unique=True))
    costs = {n: draw(st.integers(1, 60)) for n in names}
    ballots = draw(st.lists(st.frozensets(st.sampled_from(names)), min_size=0, max_size=12))
    groups = [draw(st.sampled_from(["n1", "n2", "n3"])) for _ in ballots]
    return Election(budget=draw(st.integers(1, 150)), costs=costs, ballots=ballots, groups=groups)


@settings(max_examples=80, deadline=None)
@given(elections())
def test_the_result_never_exceeds_the_budget(election: Election) -> None:
    for rule in RULES:
        outcome = tally(election, rule)
        assert outcome.budget_used == sum(election.costs[p] for p in outcome.selected)
        assert outcome.budget_used <= election.budget
        assert len(set(outcome.selected)) == len(outcome.selected)
        voted = [p for p in outcome.selected if outcome.votes[p] > 0]
        if rule != "greedy":  # equal shares buys only what voters pay for
            assert voted == outcome.selected
        assert set(outcome.reasons) == set(election.costs)
        if election.ballots:
            decided = sum(election.costs[p] for p in voted)
            assert sum(outcome.decided_by_group.values()) == decided


@settings(max_examples=80, deadline=None)
@given(elections())
def test_under_mes_supporters_pay_every_cost_and_nobody_more_than_their_share(
    election: Election,
) -> None:
    prepared = prepare(election)
    counts = {b: election.ballots.count(b) for b in set(election.ballots)}
    for rule in ("mes", "mes-add1"):
        run, _, _ = mes_runs(prepared, rule)
        for j in run.selected:
            assert run.paid[j] == prepared.cost[j]
        paid = ballots_paid(prepared, run)
        chosen = {prepared.names[j] for j in run.selected}
        for ballot, amount in paid.items():
            assert 0 <= amount <= run.voter_budget
            if not ballot & chosen:
                assert amount == 0
        assert sum(paid[b] * counts[b] for b in counts) == sum(run.paid.values())


# --- pabutools as the oracle ----------------------------------------------------------------

ORACLE_RUNS = int(os.environ.get("NABIJ_ORACLE_RUNS", "80"))


def _pabutools(election: Election, rule: str) -> list[str]:
    pabutools = pytest.importorskip("pabutools")
    del pabutools
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    projects = {name: Project(name, cost) for name, cost in election.costs.items()}
    profile = ApprovalProfile(
        [ApprovalBallot([projects[n] for n in ballot]) for ballot in election.ballots]
    )
    instance = Instance(projects.values(), budget_limit=election.budget)
    if rule == "greedy":
        allocation = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        increment = 1 if rule == "mes-add1" else None
        allocation = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=increment
        )
    return [p.name for p in allocation]


def _random_election(rng: random.Random) -> Election:
    names = list(dict.fromkeys(str(rng.randint(1, 30)) for _ in range(rng.randint(1, 10))))
    costs = {n: rng.choice([10, 10, 20, 30, rng.randint(1, 50)]) for n in names}
    ballots = [[n for n in names if rng.random() < 0.4] for _ in range(rng.randint(0, 30))]
    return election_of(rng.randint(1, 120), costs, ballots)


@pytest.mark.parametrize("rule", RULES)
def test_equal_to_pabutools_on_random_small_elections(rule: str) -> None:
    rng = random.Random(f"oracle-{rule}")
    for _ in range(ORACLE_RUNS):
        election = _random_election(rng)
        ours = tally(election, rule).selected
        theirs = _pabutools(election, rule)
        if rule == "greedy":  # pabutools returns its allocation sorted by name
            assert sorted(ours) == sorted(theirs), election
        else:
            assert ours == theirs, election


def test_mes_add1_jumps_to_the_same_result_as_every_single_increment() -> None:
    rng = random.Random("skip")
    for _ in range(25):
        names = list(dict.fromkeys(str(rng.randint(1, 30)) for _ in range(rng.randint(1, 8))))
        costs = {n: rng.choice([10, 20, rng.randint(1, 50), rng.randint(100, 3000)]) for n in names}
        ballots = [[n for n in names if rng.random() < 0.4] for _ in range(rng.randint(1, 30))]
        prepared = prepare(election_of(rng.randint(1, 4000), costs, ballots))
        jumped, _, jumped_steps = mes_runs(prepared, "mes-add1", skip=True)
        stepped, _, steps = mes_runs(prepared, "mes-add1", skip=False)
        assert (jumped.selected, jumped_steps, jumped.voter_budget, jumped.paid) == (
            stepped.selected,
            steps,
            stepped.voter_budget,
            stepped.paid,
        )


def test_mes_add1_in_cents_needs_few_runs() -> None:
    # a neighbourhood round in cents: 300 voters, 15 projects, EUR 50,000; thousands of
    # increments of one cent, tallied in well under a second
    rng = random.Random(3)
    costs = {str(i): rng.randint(200, 1500) * 1000 + rng.randint(0, 99) for i in range(1, 16)}
    popularity = {k: rng.random() for k in costs}
    ballots = [[k for k in costs if rng.random() < popularity[k] * 0.6] for _ in range(300)]
    outcome = tally(election_of(5_000_000, costs, ballots), "mes-add1")
    assert outcome.increments == 2501
    assert outcome.selected == ["13", "11", "8", "1", "9"]
