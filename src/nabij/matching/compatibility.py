"""From offer/need profiles to proposed exchanges: the pure part of the broker's matching.

No database here: profiles in, exchanges with their gifts and explanations out, so the rules
(fit, reach, preferences, consent, capacity, earlier refusals) are tested exhaustively with
generated profiles and the solver stays a function of weighted arcs.

An arc giver → receiver exists when one of the giver's offers fits one of the receiver's open
needs (the same skill, or a skill of the same group), both can reach each other (the own
neighbourhood only, or within each one's radius between neighbourhood centres), they share a
language, neither's gender preference excludes the other, and the pair was not refused before.
Its weight, in whole points so the solver can prove optimality exactly:

- fit: 4 for the very skill asked for, 2 for related help;
- urgency of the need: 0 can wait, 2 within weeks, 4 urgent;
- nearness: 3 in the same neighbourhood, 2 next door, 1 further within reach;
- reciprocity: 1 when the receiver could also help the giver.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from nabij.matching.solver import CHAIN, Instance, solve, solve_greedy

FIT_POINTS = {"exact": 4, "related": 2}
URGENCY_POINTS = {1: 0, 2: 2, 3: 4}
NEARNESS_POINTS = {"same": 3, "adjacent": 2, "nearby": 1}
RECIPROCITY_POINTS = 1


@dataclass(frozen=True)
class NeedItem:
    id: int
    skill: int
    urgency: int


@dataclass(frozen=True)
class Profile:
    """What matching may know of a participant. ``capacity`` is what is left after their live
    proposals; ``needs`` only the open needs not already being met in one."""

    id: int
    neighbourhood: int
    offers: frozenset[int]
    needs: tuple[NeedItem, ...]
    languages: frozenset[str]
    gender: str = ""
    prefers_gender: str = ""
    radius_km: float | None = 2.0  # None: own neighbourhood only
    capacity: int = 1
    active: bool = True  # consent given and not paused


@dataclass(frozen=True)
class Gift:
    giver: int
    receiver: int
    need: int
    offer_skill: int
    fit: str
    distance_km: float
    nearness: str
    urgency: int
    reciprocal: bool

    @property
    def weight(self) -> int:
        return (
            FIT_POINTS[self.fit]
            + URGENCY_POINTS[self.urgency]
            + NEARNESS_POINTS[self.nearness]
            + (RECIPROCITY_POINTS if self.reciprocal else 0)
        )


@dataclass(frozen=True)
class ProposedExchange:
    kind: str  # swap, ring or chain
    gifts: tuple[Gift, ...]

    @property
    def weight(self) -> int:
        return sum(g.weight for g in self.gifts)

    @property
    def participants(self) -> tuple[int, ...]:
        """In giving order; a chain starts with its volunteer."""
        if self.kind == "chain":
            return (self.gifts[0].giver, *(g.receiver for g in self.gifts))
        return tuple(g.giver for g in self.gifts)


@dataclass
class Result:
    exchanges: list[ProposedExchange]
    objective: float
    optimal: bool
    gap: float | None
    seconds: float
    method: str
    participants: int  # who can receive
    volunteers: int  # who can only give
    arcs: int
    dropped: int = 0  # exchanges left out because a receiver's needs could not all be met
    stats: dict[str, int] = field(default_factory=dict)


Geometry = Callable[[int, int], tuple[float | None, str]]  # (distance km or None, nearness)


def pair_allowed(giver: Profile, receiver: Profile, distance: float | None) -> bool:
    """Everything but the fit: consent, reach both ways, language, gender preferences."""
    if giver.id == receiver.id or not (giver.active and receiver.active):
        return False
    same = giver.neighbourhood == receiver.neighbourhood
    for side in (giver, receiver):
        if side.radius_km is None and not same:
            return False
        if (
            side.radius_km is not None
            and not same
            and (distance is None or distance > side.radius_km)
        ):
            return False
    if not giver.languages & receiver.languages:
        return False
    if giver.prefers_gender and receiver.gender != giver.prefers_gender:
        return False
    return not (receiver.prefers_gender and giver.gender != receiver.prefers_gender)


def fit(offer_skill: int, need_skill: int, group: dict[int, str]) -> str | None:
    if offer_skill == need_skill:
        return "exact"
    if group.get(offer_skill) is not None and group.get(offer_skill) == group.get(need_skill):
        return "related"
    return None


def _pair_key(a: int, b: int) -> frozenset[int]:
    return frozenset((a, b))


def gift_options(
    profiles: Sequence[Profile],
    group: dict[int, str],
    where: Geometry,
    blocked: Iterable[frozenset[int]] = (),
) -> dict[tuple[int, int], list[Gift]]:
    """Every feasible (giver, receiver) pair with its possible gifts, heaviest first.

    Work grows with the arcs found, not with all pairs: needs are indexed by neighbourhood
    and skill, and a giver looks only in the neighbourhoods within their own reach.
    """
    by_id = {p.id: p for p in profiles if p.active}
    refused = set(blocked)
    skills_of_group: dict[str, set[int]] = defaultdict(set)
    for skill, name in group.items():
        skills_of_group[name].add(skill)
    needing: dict[tuple[int, int], list[tuple[Profile, NeedItem]]] = defaultdict(list)
    for p in by_id.values():
        if p.capacity > 0:
            for need in p.needs:
                needing[(p.neighbourhood, need.skill)].append((p, need))
    hoods = sorted({p.neighbourhood for p in by_id.values()})
    between = {(a, b): where(a, b) for a in hoods for b in hoods}
    within: dict[tuple[int, float | None], list[int]] = {}
    for giver in by_id.values():
        key = (giver.neighbourhood, giver.radius_km)
        if key not in within:
            within[key] = [
                b
                for b in hoods
                if b == giver.neighbourhood
                or (
                    giver.radius_km is not None
                    and (d := between[(giver.neighbourhood, b)][0]) is not None
                    and d <= giver.radius_km
                )
            ]
    raw: dict[tuple[int, int], list[tuple[str, int, NeedItem, float, str]]] = defaultdict(list)
    allowed_cache: dict[tuple[int, int], bool] = {}
    for giver in by_id.values():
        if giver.capacity <= 0:
            continue
        reachable = within[(giver.neighbourhood, giver.radius_km)]
        for offer in giver.offers:
            related = skills_of_group.get(group.get(offer, ""), set()) | {offer}
            for need_skill in related:
                how = fit(offer, need_skill, group)
                for hood in reachable:
                    distance, nearness = between[(giver.neighbourhood, hood)]
                    for receiver, need in needing.get((hood, need_skill), ()):
                        pair = (giver.id, receiver.id)
                        ok = allowed_cache.get(pair)
                        if ok is None:
                            ok = pair_allowed(giver, receiver, distance) and not (
                                refused and _pair_key(*pair) in refused
                            )
                            allowed_cache[pair] = ok
                        if ok and how is not None:
                            raw[pair].append((how, offer, need, distance or 0.0, nearness))
    options: dict[tuple[int, int], list[Gift]] = {}
    for (g, r), found in raw.items():
        mutual = (r, g) in raw
        best: dict[int, Gift] = {}  # per need the best fit; ties go to the lowest skill id
        for how, offer, need, dist, near in found:
            gift = Gift(g, r, need.id, offer, how, round(dist, 2), near, need.urgency, mutual)
            current = best.get(need.id)
            if current is None or (gift.weight, -offer) > (current.weight, -current.offer_skill):
                best[need.id] = gift
        gifts = list(best.values())
        options[(g, r)] = (
            gifts if len(gifts) == 1 else sorted(gifts, key=lambda x: (-x.weight, x.need))
        )
    return options


def propose(
    profiles: Sequence[Profile],
    group: dict[int, str],
    where: Geometry,
    *,
    blocked: Iterable[frozenset[int]] = (),
    max_cycle: int = 3,
    max_chain: int = 3,
    time_limit: float = 10.0,
    exact: bool = True,
) -> Result:
    """The best set of exchanges the rules allow; see the module docstring."""
    active = [p for p in profiles if p.active and p.capacity > 0]
    options = gift_options(active, group, where, blocked)
    receivers = sorted({r for _, r in options})
    receiver_ids = {pid: index for index, pid in enumerate(receivers)}
    by_id = {p.id: p for p in active}
    # Chains start with someone who needs nothing now: a volunteer, or a resident whose needs
    # are all met or being met.
    givers_only = sorted({g for g, _ in options if not by_id[g].needs})
    donor_ids = {pid: index for index, pid in enumerate(givers_only)}
    arcs = [
        (receiver_ids[g], receiver_ids[r], float(gifts[0].weight))
        for (g, r), gifts in options.items()
        if g in receiver_ids
    ]
    donor_arcs = [
        (donor_ids[g], receiver_ids[r], float(gifts[0].weight))
        for (g, r), gifts in options.items()
        if g in donor_ids
    ]
    # Every exchange gives each receiver one gift: no more exchanges than open needs.
    capacity = [min(by_id[pid].capacity, len(by_id[pid].needs)) for pid in receivers]
    instance = Instance(
        participants=len(receivers),
        arcs=arcs,
        donors=len(givers_only),
        donor_arcs=donor_arcs,
        capacity=capacity,
        donor_capacity=[by_id[pid].capacity for pid in givers_only],
    )
    run = solve if exact else solve_greedy
    kwargs = {"time_limit": time_limit} if exact else {}
    solution = run(instance, max_cycle=max_cycle, max_chain=max_chain, **kwargs)
    exchanges: list[ProposedExchange] = []
    for found in solution.exchanges:
        people = [receivers[v] for v in found.vertices]
        if found.kind == CHAIN:
            assert found.donor is not None
            chain = [givers_only[found.donor], *people]
            pairs = list(itertools.pairwise(chain))
            kind = "chain"
        else:
            pairs = [(people[i], people[(i + 1) % len(people)]) for i in range(len(people))]
            kind = "swap" if len(people) == 2 else "ring"
        exchanges.append(ProposedExchange(kind, tuple(options[pair][0] for pair in pairs)))
    kept, dropped = _distinct_needs(exchanges, options)
    return Result(
        exchanges=kept,
        objective=float(sum(e.weight for e in kept)),
        optimal=solution.optimal and not dropped,
        gap=solution.gap,
        seconds=solution.seconds,
        method=solution.method,
        participants=len(receivers),
        volunteers=len(givers_only),
        arcs=len(arcs) + len(donor_arcs),
        dropped=dropped,
        stats=dict(solution.stats),
    )


def _distinct_needs(
    exchanges: list[ProposedExchange], options: dict[tuple[int, int], list[Gift]]
) -> tuple[list[ProposedExchange], int]:
    """Someone in two exchanges gets two different needs met, never the same one twice.

    The solver sees one arc per pair; with capacities above one, two of a person's gifts
    could point at the same need. Heavier exchanges choose first; an exchange whose receiver
    has no fitting need left is dropped (and counted), so what is proposed is always feasible.
    """
    taken: set[int] = set()
    kept: list[ProposedExchange] = []
    dropped = 0
    for exchange in sorted(exchanges, key=lambda e: -e.weight):
        chosen: list[Gift] = []
        for gift in exchange.gifts:
            pick = next(
                (
                    g
                    for g in options[(gift.giver, gift.receiver)]
                    if g.need not in taken and all(c.need != g.need for c in chosen)
                ),
                None,
            )
            if pick is None:
                break
            chosen.append(pick)
        if len(chosen) < len(exchange.gifts):
            dropped += 1
            continue
        taken.update(g.need for g in chosen)
        kept.append(ProposedExchange(exchange.kind, tuple(chosen)))
    return kept, dropped
