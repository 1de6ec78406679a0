"""The rules that turn approval ballots into a result, on any election (Nabij's rounds and
Pabulib files alike). Pure Python, exact arithmetic, no Django.

Interface (issue 12's helper ``tally`` fills in the rules; nothing else changes):
``tally(election, rule)`` with ``rule`` one of ``RULES`` returns an ``Outcome``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RULES = ("greedy", "mes", "mes-add1")


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


def tally(election: Election, rule: str) -> Outcome:
    raise NotImplementedError(rule)
