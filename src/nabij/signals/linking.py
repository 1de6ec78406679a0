"""Linking an arrears signal to the register: which household (and resident) at the delivered
address carries the delivered name.

THE INTERFACE IS FIXED (the import and the decision page call it). This first version only
links exact matches (same address, same folded full name); helper C makes it tolerant of
spelling (diacritics, initials, "van der" prefixes) and measures it (bench/signal_linking.py).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Address = tuple[str, int, str]  # (postcode "8921 AB", house number, addition upper-cased)


@dataclass(frozen=True)
class Candidate:
    """A current member of a registered household living at an address."""

    household_id: int
    resident_id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    postcode: str
    house_number: int
    addition: str


@dataclass(frozen=True)
class Query:
    """What a creditor delivered about a person."""

    name: str  # as delivered: "J. van der Berg", "Jan van den Berg", "Berg, J. van den"
    postcode: str
    house_number: int
    addition: str
    date_of_birth: dt.date | None


@dataclass(frozen=True)
class LinkResult:
    status: Literal["certain", "uncertain", "none"]
    household_id: int | None = None
    resident_id: int | None = None
    score: float = 0.0
    # Residents a person chooses from when the link is uncertain, best first.
    candidates: tuple[int, ...] = ()


def normal_postcode(raw: str) -> str:
    """ "8921ab", "8921 AB" -> "8921 AB" (validation is the caller's)."""
    compact = "".join(raw.split()).upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else compact


def address_of(postcode: str, house_number: int, addition: str) -> Address:
    return (normal_postcode(postcode), house_number, addition.strip().upper())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def link(query: Query, candidates: Sequence[Candidate]) -> LinkResult:
    """Link one query against the candidates living at its address."""
    wanted = _fold(query.name)
    hits = [c for c in candidates if _fold(f"{c.first_name} {c.last_name}") == wanted]
    if len(hits) == 1:
        return LinkResult("certain", hits[0].household_id, hits[0].resident_id, 1.0)
    return LinkResult("none")


def link_many(queries: Iterable[Query]) -> list[LinkResult]:
    """Link many queries with one read of the register (the addresses they name)."""
    from nabij.signals.register import candidates_at

    queries = list(queries)
    at = candidates_at({address_of(q.postcode, q.house_number, q.addition) for q in queries})
    return [
        link(q, at.get(address_of(q.postcode, q.house_number, q.addition), [])) for q in queries
    ]
