"""The story check: before an account is sent for review or published, every sentence of its
texts is checked against the register. Nothing here touches the database: the caller loads the
register once per check (``reports.selectors.check_register``) and hands it in, so a story of a
thousand words costs a few thousand set look-ups, never a query per word.

What is found (``Kind``), each finding pointing at its sentence:

- **BSN**: a run of 8 or 9 digits, written together or with dots or spaces between them. A
  9-digit run is always flagged (a possible BSN, even when it fails the 11-test: a BSN with a
  typing error is still one); an 8-digit run only when it passes the 11-test (an older BSN
  written without its leading zero). Not flagged: an amount (``€`` before it, ``euro`` after
  it) and a date (``12.03.2025``).
- **Names** of registered residents, compared case- and diacritic-insensitively as whole words
  (``Karima El Amrani`` = ``karima el amrani`` = ``Karíma El-Amrani``):
  1. a first name followed by a registered last name (with or without its prefix);
  2. an initial or a title followed by a registered last name (``K. El Amrani``, ``mevrouw
     El Amrani``, ``dhr. De Vries``, ``familie Postma``);
  3. a last name alone (with its prefix as registered, ``El Amrani``, ``van der Meer``) when
     it is *rare*: held by at most ``RARE_NAME_MAX`` residents of the register. A common last
     name alone (``de Vries`` in a large register) identifies nobody and passes;
  4. the same last name without its prefix (``Amrani``), or a rare first name alone (``Hakan``),
     only when written with a capital: in running Dutch text that is how a name shows;
  5. in a household story, every first or last name of a member of that household, alone,
     whether rare or not: it is their story, so their first name alone points at them.
  A name that is also an ordinary Dutch word (``de Boer``, ``Smit``, ``Roos``, ``Ben``) counts
  alone only when it is written with a capital letter, so "de boer" and "ik ben" pass. Single
  words shorter than three letters never count alone. A common first name alone is never
  enough (rule 4 needs it rare).
- **Addresses**: a street of the register followed by a house number (a year such as 2025 is
  not a house number); any street-like name (``…straat``, ``…weg``, ``…laan`` …) followed by a
  house number; a postcode (``8921 AB``, ``8921ab``).
- **Small figures**: a number below ten, in digits or in Dutch words (``3 gezinnen``, ``zeven
  huishoudens``, ``twee families``, ``drie jonge gezinnen``), counting households. ``een
  gezin`` is an article, not a figure; ``één gezin`` is a figure.
- **Contact details**: a Dutch phone number or an e-mail address (not asked for by the issue,
  but just as identifying).
"""

# Dutch and Turkish text: dotless i (U+0131) and typographic quotes are meant, not typos.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from nabij.people.bsn import bsn_is_valid

# A last or first name held by at most this many residents identifies someone on its own.
RARE_NAME_MAX = 3
# Shorter single words never count alone (initials, "El", "Li").
MIN_ALONE_LENGTH = 3


class Kind(StrEnum):
    BSN = "bsn"
    NAME = "name"
    ADDRESS = "address"
    POSTCODE = "postcode"
    SMALL_FIGURE = "small_figure"
    CONTACT = "contact"


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int  # in the whole text
    end: int


@dataclass(frozen=True)
class Finding:
    kind: Kind
    sentence_index: int
    sentence: str
    fragment: str
    start: int  # of the fragment, within the sentence
    end: int
    detail: str = ""


# --- Normalising and words ------------------------------------------------------------------


# Letters that Unicode does not decompose into a base letter and a diacritic.
_PLAIN = str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower case without diacritics: ``Karíma`` and ``KARIMA`` both become ``karima``, and
    ``Yıldız`` (dotless i) is ``yildiz``."""
    if text.isascii():  # most names and words: no diacritics to remove
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Token:
    folded: str
    start: int
    end: int
    capital: bool


def tokens_of(text: str) -> list[Token]:
    """Words of letters only; hyphens, apostrophes and spaces separate them alike, so
    ``El-Amrani``, ``'t Hart`` and ``El Amrani`` tokenise the way the register does."""
    return [
        Token(fold(m.group()), m.start(), m.end(), m.group()[:1].isupper())
        for m in WORD.finditer(text)
    ]


# ASCII: every character that is not a letter separates words (as WORD does), in C speed.
_ASCII_WORDS = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not ("a" <= c <= "z" or "A" <= c <= "Z")}
)


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name as the text's tokens compare with them (no offsets needed)."""
    if name.isascii():
        return tuple(name.lower().translate(_ASCII_WORDS).split())
    return tuple(WORD.findall(fold(name)))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Dutch name prefixes (tussenvoegsels) and Arabic/Berber particles written like them.
PREFIXES = _words(
    """
    van der den de het ter ten te t in op aan bij uit over la le du da di del della des el
    al ben bin ould von zu dos das do
    """
)
# Titles and words that make a following last name a reference to a person.
TITLES = _words(
    """
    meneer mevrouw mevr mw dhr heer familie fam gezin juffrouw mr mrs mejuffrouw buurman
    buurvrouw opa oma tante oom
    """
)
# Names that are also ordinary Dutch words: alone they count only when capitalised.
COMMON_WORDS = _words(
    """
    aal baan bakker bal bas beek beer ben berg blauw bloem boer boom bos bosch bouwer bron
    brood brouwer brug bruin dag dam dekker dijk duif engel fleur geel god goud graaf
    groen groot haan haas hart heer hoek hof hoop huis iris jade jong jonge kaas kamp kat
    keizer kerk klein kleine kok koning koster kort kraai kramer kroon lang leeuw lente man
    mark maan max meer mees mens mol molen molenaar muis noor paus post prins regen ridder
    rijn roos rood schaap schilder schipper school slager smid smit steen ster storm valk
    veen vink visser vos vrouw wal wil wind winter wit wolf zee zomer zon zwaan zwart
    """
)
MAX_NAME_WORDS = 6


# --- The register -------------------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    """What the check compares with, built once per check from the register's rows.

    Keys are a name's folded words joined by one space (``"el amrani"``): strings cache their
    hash, so a register of 100,000 residents is built and looked up quickly."""

    full_names: frozenset[str]  # first name + last name, with and without prefix
    last_names: dict[str, int]  # as registered (prefix included) -> residents
    cores: dict[str, int]  # last name without its prefix -> residents
    first_names: dict[str, int]
    streets: frozenset[str]
    lengths: tuple[int, ...] = field(default=())  # word counts that occur, longest first


def core_of(words: tuple[str, ...]) -> tuple[str, ...]:
    """``("el", "amrani")`` -> ``("amrani",)``; a name of prefixes only stays as it is."""
    i = 0
    while i < len(words) - 1 and words[i] in PREFIXES:
        i += 1
    return words[i:]


def name_key(name: str) -> str:
    return " ".join(name_words(name))


def register_from(
    names: Iterable[tuple[str, str] | tuple[str, str, int]], streets: Iterable[str] = ()
) -> Register:
    """``names``: (first name, last name) of every registered resident, or (first name, last
    name, how many residents have it) when the database counted them; ``streets``: the street
    names of the register's addresses."""
    full: set[str] = set()
    last: dict[str, int] = {}
    cores: dict[str, int] = {}
    first: dict[str, int] = {}
    lengths: set[int] = set()
    keys: dict[str, str] = {}  # names repeat (first names above all): fold each once
    for row in names:
        n = row[2] if len(row) > 2 else 1  # type: ignore[misc]
        f = keys.get(row[0])
        if f is None:
            f = keys[row[0]] = name_key(row[0])
        surname = keys.get(row[1])
        if surname is None:
            surname = keys[row[1]] = name_key(row[1])
        if not surname:
            continue
        head = surname.split(" ", 1)[0]
        core = " ".join(core_of(tuple(surname.split()))) if head in PREFIXES else surname
        if f:
            full.add(f"{f} {surname}")
            full.add(f"{f} {core}")
            first[f] = first.get(f, 0) + n
        last[surname] = last.get(surname, 0) + n
        cores[core] = cores.get(core, 0) + n
    for key in (*full, *last):
        lengths.add(key.count(" ") + 1)
    street_keys = frozenset(k for k in map(name_key, streets) if k)
    lengths.update(k.count(" ") + 1 for k in street_keys)
    return Register(
        full_names=frozenset(full),
        last_names=last,
        cores=cores,
        first_names=first,
        streets=street_keys,
        lengths=tuple(sorted((n for n in lengths if n <= MAX_NAME_WORDS), reverse=True)),
    )


@dataclass(frozen=True)
class Household:
    """The members' names of the household a story is about (rule 5)."""

    names: frozenset[str]

    @classmethod
    def of(cls, names: Iterable[tuple[str, str]]) -> Household:
        found: set[str] = set()
        for first_name, last_name in names:
            for words in (name_words(first_name), name_words(last_name)):
                if words:
                    found.add(" ".join(words))
                    found.add(" ".join(core_of(words)))
                    found.update(w for w in words if w not in PREFIXES)
        return cls(frozenset(found))


NO_HOUSEHOLD = Household(frozenset())


# --- Sentences ----------------------------------------------------------------------------

ABBREVIATIONS = _words(
    """
    o.a bijv bv dhr mevr mw m.b.t i.p.v e.d enz etc nl ca d.w.z jl a.s blz nr incl excl evt
    mr dr drs ing ir prof st vs e.a t.a.v m.n resp jr sr z.s.m i.v.m n.a.v o.b.v p.p tel afd
    gem max min ong vgl zgn m.i w.o a.u.b s.v.p v.d fam ned mln mld
    """
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_LINE = re.compile(r"\n+")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    if "." not in mark or any(c in mark for c in "!?…"):
        return True
    before = text[: match.start()]
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    word = word.lstrip("(\"'“‘").lower()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False  # "o.a.", "dhr.", the initial in "K. El Amrani"
    if re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", word):
        return False  # "m.b.t.", "d.w.z." and any such run of letters and dots
    following = text[match.end() :].lstrip()
    return not following[:1].islower()  # "ca. tien gezinnen" goes on


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a Dutch text: after ``.``, ``!``, ``?`` or a line break, but not after an
    abbreviation (``o.a.``, ``bijv.``, ``dhr.``) or an initial."""
    out: list[Sentence] = []
    for line in _LINE.split(text) if text else []:
        offset = text.find(line, out[-1].end if out else 0) if line else 0
        start = 0
        for match in _END.finditer(line):
            if _ends_sentence(line, match):
                _append(out, line, offset, start, match.end())
                start = match.end()
        _append(out, line, offset, start, len(line))
    return out


def _append(out: list[Sentence], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = offset + start + lead
    out.append(Sentence(len(out), stripped, begin, begin + len(stripped)))


# --- The patterns -------------------------------------------------------------------------

_BSN = re.compile(r"(?<![\w.,/-])\d(?:[ .]?\d){7,8}(?![\w/-]|[.,]\d)")
_DATE = re.compile(r"\d{1,2}[. ]\d{1,2}[. ]\d{4}")
_AMOUNT_BEFORE = re.compile(r"€\s*$|\beur\s*$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"^\s*(?:euro|eur\b|,-)", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})\b")
_POSTCODE_NEVER = frozenset({"SA", "SD", "SS"})  # letter pairs PostNL never issues
_HOUSE_NUMBER = re.compile(r"\s+(\d{1,5})(?:\s?[a-zA-Z](?![^\W\d_])|-\d{1,4})?(?!\d)")
_STREET_LIKE = re.compile(
    r"\b[A-Z][^\W\d_]*(?:straat|weg|laan|plein|kade|dijk|pad|singel|gracht|hof|dreef|steeg|"
    r"markt|plantsoen|wal|erf|baan|ring|dwinger|leane|wei|dyk|strjitte)"
    r"\s+\d{1,5}(?:\s?[a-zA-Z](?![^\W\d_])|-\d{1,4})?(?!\d)"
)
_NUMBER_WORDS = r"[1-9]|één|éen|eén|twee|drie|vier|vijf|zes|zeven|acht|negen"
_HOUSEHOLD_WORDS = r"gezinnen|gezin|huishoudens|huishouden|huishoudingen|families|familie"
# Between the number and the household word: up to two adjectives ("drie jonge gezinnen"), or
# "van de" ("twee van de gezinnen"); a preposition or conjunction ends it ("één plan per
# huishouden" counts plans, not households).
_NOT_BETWEEN = (
    rf"(?:{_HOUSEHOLD_WORDS}|per|van|met|voor|uit|in|op|bij|naar|om|over|zonder|tot|door|aan|"
    r"de|het|een|en|of|maar|dan|als|die|dat|elk|elke|ieder|iedere)\b"
)
_SMALL_FIGURE = re.compile(
    rf"(?<![\w,.])(?:{_NUMBER_WORDS})\s+(?:van\s+(?:de|onze|deze|die|alle|hun)\s+)?"
    rf"(?:(?!{_NOT_BETWEEN})[^\W\d_]+\s+){{0,2}}(?:{_HOUSEHOLD_WORDS})\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+31[ -]?|0031[ -]?|0)(?:\d[ -]?){8}\d(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _is_year(number: str) -> bool:
    return len(number) == 4 and 1900 <= int(number) <= 2100


# --- The check ----------------------------------------------------------------------------


def check_text(
    text: str, register: Register, *, household: Household = NO_HOUSEHOLD
) -> list[Finding]:
    """Every finding in ``text``, in the order of its sentences."""
    findings: list[Finding] = []
    for sentence in split_sentences(text):
        findings.extend(check_sentence(sentence, register, household))
    return findings


def check_sentence(sentence: Sentence, register: Register, household: Household) -> list[Finding]:
    s = sentence.text
    found: list[Finding] = []

    def add(kind: Kind, start: int, end: int, detail: str = "") -> None:
        found.append(
            Finding(kind, sentence.index, s, s[start:end], start, end, detail),
        )

    taken: list[tuple[int, int]] = []
    for m in _PHONE.finditer(s):
        add(Kind.CONTACT, m.start(), m.end(), "phone")
        taken.append(m.span())
    for m in _EMAIL.finditer(s):
        add(Kind.CONTACT, m.start(), m.end(), "email")
    for m in _BSN.finditer(s):
        if any(a <= m.start() < b for a, b in taken):
            continue
        _bsn(m, s, add)
    for m in _POSTCODE.finditer(s):
        if m.group()[-2:].upper() not in _POSTCODE_NEVER:
            add(Kind.POSTCODE, m.start(), m.end())
    for m in _SMALL_FIGURE.finditer(s):
        add(Kind.SMALL_FIGURE, m.start(), m.end())
    words = tokens_of(s)
    street_spans = _streets(s, words, register, add)
    for m in _STREET_LIKE.finditer(s):
        if not any(a <= m.start() < b for a, b in street_spans):
            add(Kind.ADDRESS, m.start(), m.end(), "street")
    _names(words, s, register, household, add)
    return sorted(found, key=lambda f: (f.start, f.end))


def _bsn(m: re.Match[str], s: str, add: _Add) -> None:
    raw = m.group()
    digits = re.sub(r"\D", "", raw)
    if _DATE.fullmatch(raw) or _AMOUNT_BEFORE.search(s[: m.start()]):
        return
    if _AMOUNT_AFTER.match(s[m.end() :]):
        return
    if len(digits) == 9:
        add(Kind.BSN, m.start(), m.end(), "11-test" if bsn_is_valid(digits) else "nine digits")
    elif bsn_is_valid("0" + digits):
        add(Kind.BSN, m.start(), m.end(), "11-test")


class _Add(Protocol):
    def __call__(self, kind: Kind, start: int, end: int, detail: str = "") -> None: ...


def _streets(
    s: str, words: Sequence[Token], register: Register, add: _Add
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if not register.streets:
        return spans
    for i in range(len(words)):
        for n in register.lengths:
            span = words[i : i + n]
            if len(span) != n or _key(span) not in register.streets:
                continue
            end = words[i + n - 1].end
            number = _HOUSE_NUMBER.match(s, end)
            if number and not _is_year(number.group(1)):
                add(Kind.ADDRESS, words[i].start, number.end(), "register")
                spans.append((words[i].start, number.end()))
            break
    return spans


def _names(
    words: Sequence[Token], s: str, register: Register, household: Household, add: _Add
) -> None:
    i = 0
    while i < len(words):
        matched = _name_at(words, i, s, register, household)
        if matched is None:
            i += 1
            continue
        end, detail = matched
        add(Kind.NAME, words[i].start, words[end - 1].end, detail)
        i = end


def _key(tokens: Sequence[Token]) -> str:
    return " ".join(t.folded for t in tokens)


def _alone_ok(tokens: Sequence[Token]) -> bool:
    """A name alone counts: long enough, and capitalised when it is also an ordinary word."""
    last = tokens[-1]
    if len("".join(t.folded for t in tokens)) < MIN_ALONE_LENGTH:
        return False
    return last.capital or last.folded not in COMMON_WORDS


def _name_at(
    words: Sequence[Token], i: int, s: str, register: Register, household: Household
) -> tuple[int, str] | None:
    """The end (exclusive, in words) of a name starting at word ``i``, and which rule."""
    for n in register.lengths:
        span = words[i : i + n]
        if len(span) == n and n >= 2 and _key(span) in register.full_names:
            return i + n, "full name"
    # An initial or a title, then a registered last name.
    first = words[i]
    initial = len(first.folded) == 1 and s[first.end : first.end + 1] == "."
    if initial or first.folded in TITLES:
        for n in register.lengths:
            span = words[i + 1 : i + 1 + n]
            key = _key(span)
            if len(span) == n and (key in register.last_names or key in register.cores):
                return i + 1 + n, "title" if not initial else "initial"
    # A last name alone (rare), with or without its prefix; a rare first name alone.
    for n in register.lengths:
        span = words[i : i + n]
        if len(span) != n:
            continue
        key = _key(span)
        if key in household.names and _alone_ok(span):
            return i + n, "household member"
        if 0 < register.last_names.get(key, 0) <= RARE_NAME_MAX and _alone_ok(span):
            return i + n, "rare last name"
        if not (span[0].capital and span[0].folded not in PREFIXES and _alone_ok(span)):
            continue
        if 0 < register.cores.get(key, 0) <= RARE_NAME_MAX:
            return i + n, "rare last name"
        if 0 < register.first_names.get(key, 0) <= RARE_NAME_MAX:
            return i + n, "rare first name"
    return None
