"""The rules from profiles to proposals, against an oracle written out the long way.

Neighbourhoods lie on a line here: neighbourhood k is k km from 0, next to k - 1 and k + 1.
"""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nabij.matching.compatibility import (
    FIT_POINTS,
    NEARNESS_POINTS,
    RECIPROCITY_POINTS,
    URGENCY_POINTS,
    NeedItem,
    Profile,
    propose,
)

GROUPS = {1: "house", 2: "house", 3: "papers", 4: "papers", 5: "papers"}


def where(a: int, b: int) -> tuple[float | None, str]:
    distance = float(abs(a - b))
    return distance, "same" if a == b else ("adjacent" if abs(a - b) == 1 else "nearby")


def oracle_weight(giver: Profile, receiver: Profile, need: NeedItem, blocked) -> int | None:
    """The weight of giver helping receiver with this need, or None when any rule forbids it."""
    if giver.id == receiver.id or not giver.active or not receiver.active:
        return None
    if frozenset((giver.id, receiver.id)) in blocked:
        return None
    distance = abs(giver.neighbourhood - receiver.neighbourhood)
    for side in (giver, receiver):
        if side.radius_km is None and distance != 0:
            return None
        if side.radius_km is not None and distance > side.radius_km:
            return None
    if not set(giver.languages) & set(receiver.languages):
        return None
    if giver.prefers_gender and receiver.gender != giver.prefers_gender:
        return None
    if receiver.prefers_gender and giver.gender != receiver.prefers_gender:
        return None
    fits = []
    for offer in giver.offers:
        if offer == need.skill:
            fits.append(FIT_POINTS["exact"])
        elif GROUPS[offer] == GROUPS[need.skill]:
            fits.append(FIT_POINTS["related"])
    if not fits:
        return None
    near = where(giver.neighbourhood, receiver.neighbourhood)[1]
    return max(fits) + URGENCY_POINTS[need.urgency] + NEARNESS_POINTS[near]


def oracle_arcs(profiles, blocked) -> dict[tuple[int, int], int]:
    arcs: dict[tuple[int, int], int] = {}
    for g, r in itertools.permutations(profiles, 2):
        weights = [oracle_weight(g, r, need, blocked) for need in r.needs]
        weights = [w for w in weights if w is not None]
        if weights and g.capacity > 0 and r.capacity > 0:
            arcs[(g.id, r.id)] = max(weights)
    return {
        key: w + (RECIPROCITY_POINTS if (key[1], key[0]) in arcs else 0) for key, w in arcs.items()
    }


def brute_force(profiles, blocked, max_cycle: int, max_chain: int) -> int:
    """Everyone in at most one exchange (capacity 1): try every set of disjoint exchanges."""
    arcs = oracle_arcs(profiles, blocked)
    ids = [p.id for p in profiles]
    donors = [p.id for p in profiles if not p.needs]
    options: list[tuple[int, frozenset[int]]] = []
    for length in range(2, max_cycle + 1):
        for perm in itertools.permutations(ids, length):
            if perm[0] != min(perm):
                continue
            pairs = [(perm[i], perm[(i + 1) % length]) for i in range(length)]
            if all(pair in arcs for pair in pairs):
                options.append((sum(arcs[p] for p in pairs), frozenset(perm)))
    for donor in donors:
        paths = [((donor,), 0)]
        while paths:
            path, weight = paths.pop()
            if len(path) > 1:
                options.append((weight, frozenset(path)))
            if len(path) <= max_chain:
                for nxt in ids:
                    if nxt not in path and nxt not in donors and (path[-1], nxt) in arcs:
                        paths.append(((*path, nxt), weight + arcs[(path[-1], nxt)]))
    best = 0

    def search(i: int, used: frozenset[int], total: int) -> None:
        nonlocal best
        best = max(best, total)
        for j in range(i, len(options)):
            weight, people = options[j]
            if not people & used:
                search(j + 1, used | people, total + weight)

    search(0, frozenset(), 0)
    return best


@st.composite
def profiles(draw, max_people: int = 7, capacity: int | None = 1):
    """Dense enough that most examples have exchanges to choose between (rings included),
    with every rule present: languages, gender preferences, radius, consent."""
    count = draw(st.integers(3, max_people))
    people = []
    need_id = itertools.count(1)
    for pid in range(1, count + 1):
        offers = draw(st.frozensets(st.integers(1, 5), min_size=1, max_size=2))
        volunteer = draw(st.integers(0, 4)) == 4
        need_skills = (
            []
            if volunteer
            else draw(st.lists(st.integers(1, 5), min_size=1, max_size=2, unique=True))
        )
        need_skills = [s for s in need_skills if s not in offers]
        people.append(
            Profile(
                id=pid,
                neighbourhood=draw(st.integers(0, 2)),
                offers=offers,
                needs=tuple(
                    NeedItem(next(need_id), s, draw(st.integers(1, 3))) for s in need_skills
                ),
                languages=draw(
                    st.sampled_from(
                        [frozenset({"nl"})] * 3 + [frozenset({"nl", "ar"}), frozenset({"ar"})]
                    )
                ),
                gender=draw(st.sampled_from(["", "woman", "man"])),
                prefers_gender=draw(st.sampled_from([""] * 6 + ["woman", "man"])),
                radius_km=draw(st.sampled_from([5.0, 2.0, 1.0, None])),
                capacity=capacity if capacity is not None else draw(st.integers(0, 3)),
                active=draw(st.integers(0, 7)) < 7,
            )
        )
    return people


blocked_pairs = st.sets(
    st.tuples(st.integers(1, 6), st.integers(1, 6)).filter(lambda t: t[0] != t[1]).map(frozenset),
    max_size=3,
)


def check_feasible(people, result, blocked, max_cycle, max_chain) -> None:
    by_id = {p.id: p for p in people}
    uses: Counter[int] = Counter()
    needs_used: Counter[int] = Counter()
    for exchange in result.exchanges:
        gifts = exchange.gifts
        if exchange.kind == "chain":
            assert 1 <= len(gifts) <= max_chain
            assert not by_id[gifts[0].giver].needs, "a chain starts with someone who needs nothing"
            for a, b in itertools.pairwise(gifts):
                assert a.receiver == b.giver
        else:
            assert 2 <= len(gifts) <= max_cycle
            assert (exchange.kind == "swap") == (len(gifts) == 2)
            for i, gift in enumerate(gifts):
                assert gift.receiver == gifts[(i + 1) % len(gifts)].giver
        people_in = exchange.participants
        assert len(set(people_in)) == len(people_in), "nobody twice in one exchange"
        uses.update(people_in)
        for gift in gifts:
            giver, receiver = by_id[gift.giver], by_id[gift.receiver]
            need = next(n for n in receiver.needs if n.id == gift.need)
            weight = oracle_weight(giver, receiver, need, blocked)
            assert weight is not None, f"{gift} breaks a rule"
            assert gift.offer_skill in giver.offers
            needs_used[gift.need] += 1
    for pid, count in uses.items():
        assert count <= by_id[pid].capacity, f"{pid} over capacity"
        assert by_id[pid].active
    assert all(count == 1 for count in needs_used.values()), "a need met twice"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=profiles(), blocked=blocked_pairs, limits=st.sampled_from([(2, 0), (3, 2), (3, 3)]))
def test_objective_equals_brute_force(people, blocked, limits):
    max_cycle, max_chain = limits
    result = propose(
        people, GROUPS, where, blocked=blocked, max_cycle=max_cycle, max_chain=max_chain
    )
    check_feasible(people, result, blocked, max_cycle, max_chain)
    assert result.objective == brute_force(people, blocked, max_cycle, max_chain)
    assert result.optimal


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=profiles(max_people=8, capacity=None), blocked=blocked_pairs, exact=st.booleans())
def test_every_exchange_is_feasible_with_capacities(people, blocked, exact):
    result = propose(people, GROUPS, where, blocked=blocked, max_cycle=3, max_chain=3, exact=exact)
    check_feasible(people, result, blocked, 3, 3)


def test_wheelchair_user_and_handyman_swap_both_ways():
    willem = Profile(1, 0, frozenset({3}), (NeedItem(10, 1, 2),), frozenset({"nl"}))
    jesse = Profile(2, 0, frozenset({1}), (NeedItem(20, 3, 3),), frozenset({"nl"}))
    result = propose([willem, jesse], GROUPS, where)
    (swap,) = result.exchanges
    assert swap.kind == "swap"
    assert {(g.giver, g.receiver, g.offer_skill) for g in swap.gifts} == {(1, 2, 3), (2, 1, 1)}
    assert all(g.reciprocal and g.nearness == "same" and g.fit == "exact" for g in swap.gifts)


def test_withdrawn_consent_is_never_proposed():
    a = Profile(1, 0, frozenset({3}), (NeedItem(10, 1, 2),), frozenset({"nl"}))
    b = Profile(2, 0, frozenset({1}), (NeedItem(20, 3, 3),), frozenset({"nl"}), active=False)
    assert propose([a, b], GROUPS, where).exchanges == []


def test_a_volunteer_starts_a_chain():
    volunteer = Profile(1, 0, frozenset({1}), (), frozenset({"nl"}))
    resident = Profile(2, 1, frozenset({5}), (NeedItem(20, 1, 1),), frozenset({"nl"}))
    (chain,) = propose([volunteer, resident], GROUPS, where).exchanges
    assert chain.kind == "chain" and chain.participants == (1, 2)
    assert chain.gifts[0].nearness == "adjacent" and not chain.gifts[0].reciprocal


def test_the_same_need_is_never_met_twice_with_capacity_two():
    # 3 needs garden only; 1 and 2 both can help with it, and both need what 3 offers.
    three = Profile(
        3,
        0,
        frozenset({3}),
        (NeedItem(30, 2, 3), NeedItem(31, 5, 1)),
        frozenset({"nl"}),
        capacity=2,
    )
    one = Profile(1, 0, frozenset({2}), (NeedItem(10, 3, 3),), frozenset({"nl"}))
    two = Profile(2, 0, frozenset({2}), (NeedItem(20, 3, 3),), frozenset({"nl"}))
    result = propose([one, two, three], GROUPS, where)
    met = [g.need for e in result.exchanges for g in e.gifts]
    assert len(met) == len(set(met))
    assert result.dropped == 1 and len(result.exchanges) == 1
