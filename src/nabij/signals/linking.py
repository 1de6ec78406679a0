"""Linking an arrears signal to the register: which household (and resident) at the delivered
address carries the delivered name.

THE INTERFACE IS FIXED (the import, the decision page and referrals call it): ``Candidate``,
``Query``, ``LinkResult``, ``link()``, ``link_many()``, ``address_of()``, ``normal_postcode()``.

Why it works the way it does
----------------------------
Creditors deliver names as their own systems hold them: "J. van der Berg", "Berg, J. van den",
"VAN DER BERG J", "Jansen-de Vries", without diacritics, with a typo, with the partner's surname.
The register (BRP) holds first names and the birth surname with its prefix. So:

* The **address narrows** the candidates to the few people living there (``candidates_at`` reads
  every addition at the postcode and house number); a different house number is a different
  address and is never a candidate. The addition is compared tolerantly ("A", "a", "-a", "1",
  missing) and only weighs the score.
* Names are **folded** (case, diacritics, "ij"/"y", doubled letters) and split into tokens; the
  order of the tokens does not matter, so "Berg, J. van den" and "J. van den Berg" are the same
  query. **Prefixes** ("van", "der", "de", "ten", "el", ...) carry no weight: creditors drop,
  swap and abbreviate them, while the core surname ("berg") is what identifies.
* Each token is compared to the candidate's surname parts (a double surname counts with either
  part), to the **surnames of the other members of the household** (a partner's surname, at a
  small discount) and to the first names (full, typo, the start of the name, or an initial).
  One or two wrong letters are allowed by a bounded edit distance, scaled by length so that
  short names do not match everything.
* A **contradicting first name** ("Piet" for "Jan") keeps the score below the certain threshold:
  a different person at the same address must be decided by a person, never linked silently.
* A **date of birth** that matches raises the score; one that does not lowers it strongly
  (a swapped day and month, a common keying error, lowers it less).
* Certainty is decided **per household**: the best household must score above ``CERTAIN`` and
  lead the next *household* at the address by ``MARGIN``. Two members of the same household
  both matching (father and son "J. de Boer") is still certain for the household; the best
  resident is picked. Below that, but above ``CONSIDER``, a person decides, candidates best
  first; otherwise there is no link.

Cost: O(candidates at the address x tokens), pure Python with small caches; no dependency
(a bounded edit distance on names of a dozen letters is cheaper than a C extension's call
overhead would save, see bench/signal_linking.py).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
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


# Thresholds, measured on bench/signal_linking.py (50,000 households; docs/benchmarks.md).
CERTAIN = 0.72  # the best household's score must reach this ...
MARGIN = 0.2  # ... and lead the next household at the address by this much
CONSIDER = 0.35  # below this nobody at the address is worth showing to a person
SHOW = 0.2  # residents shown to the person deciding score at least this (or all, if none does)
PARTNER = 0.9  # a surname matched on another member of the household (a partner's name)

# Surname prefixes (tussenvoegsels) and their foreign kin: they carry no weight.
PREFIXES = frozenset(
    {
        *("van", "de", "der", "den", "het", "t", "te", "ter", "ten", "in", "op", "uit", "aan"),
        *("bij", "voor", "onder", "over", "vd", "v", "d", "vande", "vander", "von", "zu"),
        *("la", "le", "du", "des", "di", "da", "dos", "del", "della", "el", "al", "bin", "ibn"),
    }
)

# Letters NFKD does not decompose: o-slash, l-stroke, dotless i, d-stroke, sharp s, ligatures.
_TRANSLATE = str.maketrans(
    {
        "\u00f8": "o",
        "\u00d8": "o",
        "\u0142": "l",
        "\u0141": "l",
        "\u0131": "i",
        "\u0111": "d",
        "\u00df": "ss",
        "\u00e6": "ae",
        "\u0153": "oe",
    }
)
# Punctuation between name parts, quotes and apostrophes included ('t, d', O'Neill).
_SPLIT = str.maketrans({c: " " for c in ".,;:/()-_\"'`\u00b4\u2019\u2018\u00b7"})


def _fold(text: str) -> str:
    """Lower case without diacritics: "Öztürk" -> "ozturk", "Łukasz" -> "lukasz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _skeleton(token: str) -> str:
    """What survives common spelling variation: "ij"/"y", doubled letters ("Mohammed" /
    "Mohamed", "Bakker" / "Baker"), "ph"/"f", "ck"/"k", "oe"/"o" and "ue"/"u"."""
    token = token.replace("ij", "y").replace("ph", "f").replace("ck", "k")
    # German-style transliteration of umlauts ("Oeztuerk" for "Öztürk") in some systems.
    token = token.replace("oe", "o").replace("ue", "u").replace("ae", "a")
    out: list[str] = []
    for c in token:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours counts once), giving up above
    ``limit``: names are short, so the quadratic table is a few dozen cells."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> float:
    """How alike two folded name tokens are, 0..1. Exact: 1; same skeleton: 0.95; one edit where
    the longer has 4+ letters ("Smit"/"Smt"): 0.85; two edits where both have 7+: 0.75;
    anything else 0 (three-letter names such as "Bos" and "Vos" are too alike to allow one)."""
    if a == b:
        return 1.0
    sa, sb = _skeleton(a), _skeleton(b)
    if sa == sb:
        return 0.95
    limit = 2 if min(len(a), len(b)) >= 7 else 1 if max(len(a), len(b)) >= 4 else 0
    if limit == 0:
        return 0.0
    # On the letters as written and on the skeletons: a typo inside "ij" ("Mejier") is one
    # edit of the letters, while "Meyer"/"Meijer" is none of the skeleton.
    d = min(_distance(a, b, limit), _distance(sa, sb, limit))
    if d > limit:
        return 0.0
    return 0.85 if d == 1 else 0.75


def _given_similar(query: str, name: str) -> float:
    """A delivered first name against a registered one: as ``_similar``, or the start of the
    name ("Moh" for "Mohamed", "Chris" for "Christiaan") from three letters on."""
    sim = _similar(query, name)
    if sim < 0.8 and len(query) >= 3 and name.startswith(query):
        return max(sim, 0.8)
    return sim


# "v.d.", "v/d", "v. d." (van de, van der, van den) before the split makes initials of them.
_VD = re.compile(r"\bv\s*[./]\s*d\b\.?")
# The elided prefixes "'t" (in 't Veld) and "d'" (d'Souza), so that "t" and "d" stay initials.
_ELIDED = re.compile(r"(?:(?<=\s)|^)['\u2019]t\b|\bd['\u2019](?=\w)")


@dataclass(frozen=True)
class _Name:
    initials: tuple[str, ...]  # single letters as delivered ("J.A." -> ("j", "a"))
    words: tuple[str, ...]  # the other tokens, prefixes left out


@lru_cache(maxsize=65536)
def _parse(raw: str) -> _Name:
    """Tokens of a delivered name, in any order: "Berg, J. van den" -> initials ("j",),
    words ("berg",). A dotted cluster "J.A." gives two initials."""
    initials: list[str] = []
    words: list[str] = []
    folded = _ELIDED.sub(" ", _VD.sub(" ", _fold(raw)))
    for token in folded.translate(_SPLIT).split():
        if token in PREFIXES and len(token) > 1:
            continue
        if len(token) == 1:
            if token.isalpha():
                initials.append(token)
            continue
        words.append(token)
    return _Name(tuple(initials), tuple(words))


@lru_cache(maxsize=65536)
def _surname_parts(last_name: str) -> tuple[str, ...]:
    """Core parts of a registered surname: "van den Berg" -> ("berg",), "Jansen-de Vries" ->
    ("jansen", "vries"), "El Idrissi" -> ("idrissi",)."""
    parts = tuple(
        t for t in _fold(last_name).translate(_SPLIT).split() if t not in PREFIXES and len(t) > 1
    )
    return parts or tuple(_fold(last_name).split())


@lru_cache(maxsize=65536)
def _given_parts(first_name: str) -> tuple[str, ...]:
    return tuple(t for t in _fold(first_name).translate(_SPLIT).split() if t)


def _addition_key(addition: str) -> str:
    """ "A", "a", "-a", " a " -> "A"; "1" and "I" and "bis" stay themselves."""
    return "".join(c for c in addition.upper() if c.isalnum())


def addition_weight(delivered: str, registered: str) -> float:
    """How much a difference in the addition weighs: same 1.0; one of them missing 0.95 (many
    creditors drop it); a letter for its floor number ("1" for "A") 0.9; otherwise 0.8 (two
    dwellings in one building, but the same house number: a person may have moved upstairs)."""
    a, b = _addition_key(delivered), _addition_key(registered)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.95
    for x, y in ((a, b), (b, a)):
        if x.isdigit() and len(y) == 1 and y.isalpha() and int(x) == ord(y) - ord("A") + 1:
            return 0.9
    return 0.8


def date_weight(delivered: dt.date | None, registered: dt.date) -> float:
    """A matching date of birth makes a weak name match strong; a different one makes a strong
    match weak. Day and month swapped (a keying error) or one of the three parts off is a
    milder doubt."""
    if delivered is None:
        return 1.0
    if delivered == registered:
        return 1.25
    swapped = (delivered.day, delivered.month) == (registered.month, registered.day)
    off = sum(
        (
            delivered.year != registered.year,
            delivered.month != registered.month,
            delivered.day != registered.day,
        )
    )
    if (swapped and delivered.year == registered.year) or off == 1:
        return 0.8
    return 0.35


def _as_initials(word: str, given: tuple[str, ...]) -> bool:
    """A short unexplained token that spells the first names' initials ("jw", "am")."""
    return (
        2 <= len(word) <= 3
        and len(given) >= len(word)
        and all(w == g[0] for w, g in zip(word, given, strict=False))
    )


def name_score(name: _Name, candidate: Candidate, household_surnames: tuple[str, ...]) -> float:
    """How well a delivered name fits one resident, 0..1 (before address and date).

    The best token on the surname (own, or a household member's at ``PARTNER``) gives S; the
    other tokens and initials must fit the first names (G, 0.5 when only a surname was
    delivered, 0 when a first name contradicts); score = S * (0.5 + 0.5 * G)."""
    own = _surname_parts(candidate.last_name)
    given = _given_parts(candidate.first_name)
    words = name.words
    surname_of: list[float] = []
    given_of: list[float] = []
    for w in words:
        s = max((_similar(w, p) for p in own), default=0.0)
        if s < 1.0:
            s = max(s, PARTNER * max((_similar(w, p) for p in household_surnames), default=0.0))
        surname_of.append(s if s >= 0.7 else 0.0)
        given_of.append(max((_given_similar(w, g) for g in given), default=0.0))
    if not words:
        return 0.0
    best = max(range(len(words)), key=lambda i: (surname_of[i], -given_of[i]))
    surname = surname_of[best]
    if surname == 0.0:
        return 0.0
    fits: list[float] = []
    contradiction = False
    for i in range(len(words)):
        if i == best:
            continue
        if given_of[i] >= 0.75 and given_of[i] >= surname_of[i]:
            fits.append(given_of[i])
        elif surname_of[i] > 0.0:
            continue  # the other half of a double surname, or the partner's name beside one's own
        elif _as_initials(words[i], given):
            fits.append(0.85)  # "JW" for Jan Willem: initials without dots
        else:
            contradiction = True
    if name.initials and given:
        first_letters = [g[0] for g in given]
        if name.initials[0] == first_letters[0]:
            matched = sum(1 for a, b in zip(name.initials, first_letters, strict=False) if a == b)
            fits.append(0.75 if matched < 2 else 0.85)
        elif name.initials[0] in first_letters:
            fits.append(0.5)
        else:
            contradiction = True
    if contradiction:
        g = 0.0
    elif fits:
        g = max(fits)
    else:
        g = 0.5
    return surname * (0.5 + 0.5 * g)


def link(query: Query, candidates: Sequence[Candidate]) -> LinkResult:
    """Link one query against the candidates living at its address (all additions at the
    postcode and house number; candidates at another house number are ignored).

    Certain: one household clearly best (score >= CERTAIN, lead >= MARGIN over the next
    household); its best-fitting resident is named. Uncertain: someone fits somewhat; the
    residents are listed best first for a person to decide. None: nobody fits."""
    name = _parse(query.name)
    if not name.words:
        return LinkResult("none")
    surnames: dict[int, set[str]] = {}
    for c in candidates:
        if c.house_number == query.house_number:
            surnames.setdefault(c.household_id, set()).update(_surname_parts(c.last_name))
    scored: list[tuple[float, Candidate]] = []
    for c in candidates:
        if c.house_number != query.house_number:
            continue
        own = set(_surname_parts(c.last_name))
        others = tuple(sorted(surnames[c.household_id] - own))
        score = name_score(name, c, others)
        if score > 0.0:
            score *= addition_weight(query.addition, c.addition)
            score *= date_weight(query.date_of_birth, c.date_of_birth)
        scored.append((min(score, 1.0), c))
    if not scored:
        return LinkResult("none")
    scored.sort(key=lambda sc: (-sc[0], sc[1].household_id, sc[1].resident_id))
    best_score, best = scored[0]
    runner_up = next((s for s, c in scored if c.household_id != best.household_id), 0.0)
    if best_score >= CERTAIN and best_score - runner_up >= MARGIN:
        return LinkResult("certain", best.household_id, best.resident_id, round(best_score, 3))
    if best_score >= CONSIDER:
        shown = [c.resident_id for s, c in scored if s >= SHOW] or [
            c.resident_id for _, c in scored
        ]
        return LinkResult("uncertain", score=round(best_score, 3), candidates=tuple(shown))
    return LinkResult("none", score=round(best_score, 3))


def link_many(queries: Iterable[Query]) -> list[LinkResult]:
    """Link many queries with one read of the register (the addresses they name)."""
    from nabij.signals.register import candidates_at

    queries = list(queries)
    at = candidates_at({address_of(q.postcode, q.house_number, q.addition) for q in queries})
    return [
        link(q, at.get(address_of(q.postcode, q.house_number, q.addition), [])) for q in queries
    ]
