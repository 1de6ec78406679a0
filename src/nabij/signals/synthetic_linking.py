"""A seeded synthetic register and arrears signals with the spelling creditors use, with ground
truth: what the linker is measured on (bench/signal_linking.py at 50,000 households) and tested
on (tests/test_linking.py at 2,000).

Pure Python, in memory, no database: the linker is pure, so the register is a dict from
(postcode, house number) to the ``Candidate`` rows ``register.candidates_at`` would read.

The register: households of 1-5 members (one or two adults, partners often with different
surnames, children with a parent's or a double surname), Dutch names with prefixes, Frisian,
Turkish, Moroccan, Surinamese, Polish and Eritrean names with their diacritics; addresses with
additions; some addresses shared by two households (upstairs and downstairs, or a grown-up son
in his own household at his parents' address: namesakes at one address); common surnames make
namesakes across addresses.

The signals: mostly about an adult in the register, the name spelled as creditors do (one
variant class per signal, recorded), the addition written differently or left out, the date of
birth given for some. And signals about people NOT in the register: a new tenant not yet
registered at an address where someone else lives, and a registered person delivered at an
address where they do not live (a wrong or old address). Both must not be linked.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from nabij.demo import names
from nabij.signals.linking import _TRANSLATE, Candidate, Query

EXTRA_LAST_NAMES: tuple[str, ...] = (
    "van den Berg",
    "van der Berg",
    "van Beek",
    "van der Linden",
    "van Leeuwen",
    "ten Brink",
    "ter Horst",
    "in 't Veld",
    "de Graaf",
    "van 't Hof",
    "Öztürk",
    "Yılmaz",  # noqa: RUF001 (a Turkish dotless i, on purpose)
    "Aydın",  # noqa: RUF001
    "Doğan",
    "Koç",
    "El Amrani",
    "El Khattabi",
    "Aït Taleb",
    "Benali",
    "Boukhari",
    "Zaïdi",
    "Mulder",
    "Schouten",
    "van Wijk",
    "Postma",
    "Sjoerdsma",
    "Dijkema",
    "Wijbenga",
    "Nijholt",
    "Brouwers",
    "Müller",
    "Lewandowski",
)
EXTRA_FIRST_NAMES: tuple[str, ...] = (
    "Mohammed",
    "Muhammad",
    "Mustafa",
    "Hüseyin",
    "Gülşen",
    "Özlem",
    "Şükrü",
    "Khadija",
    "Hafsa",
    "Rachid",
    "Abdelkader",
    "Siebe",
    "Tsjalling",
    "Gerbrich",
    "Jan Willem",
    "Anne Marie",
    "Christiaan",
    "Catharina",
    "Wilhelmina",
    "Johanna",
)
# Spelling a creditor may use for a registered first name.
FIRST_NAME_VARIANTS: dict[str, tuple[str, ...]] = {
    "Mohamed": ("Mohammed", "Mohamad"),
    "Mohammed": ("Mohamed",),
    "Muhammad": ("Mohammad",),
    "Youssef": ("Yousef", "Jousef"),
    "Said": ("Saïd", "Saeed"),
    "Ahmed": ("Ahmad", "Achmed"),
    "Christiaan": ("Christian",),
    "Catharina": ("Catherina",),
    "Aisha": ("Aicha", "Aischa"),
    "Fatima": ("Fatma",),
}
LAST_NAMES = names.LAST_NAMES + EXTRA_LAST_NAMES
FIRST_FEMALE = names.FIRST_NAMES_FEMALE + EXTRA_FIRST_NAMES[5:8] + EXTRA_FIRST_NAMES[11:14]
FIRST_FEMALE += ("Anne Marie", "Catharina", "Wilhelmina", "Johanna")
FIRST_MALE = names.FIRST_NAMES_MALE + EXTRA_FIRST_NAMES[:5] + EXTRA_FIRST_NAMES[8:11]
FIRST_MALE += ("Siebe", "Tsjalling", "Jan Willem", "Christiaan")

TODAY = dt.date(2026, 12, 1)
PREFIX_SWAP = {"van den": "van der", "van der": "van den", "van de": "van der", "ten": "ter"}


@dataclass(frozen=True)
class Person:
    resident_id: int
    household_id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    adult: bool


@dataclass(frozen=True)
class Register:
    """Candidates by (postcode, house number), as ``candidates_at`` returns them (all
    additions), and the adults (who receive arrears signals)."""

    at: dict[tuple[str, int], list[Candidate]]
    adults: list[Candidate]
    households: int


@dataclass(frozen=True)
class Planted:
    query: Query
    household_id: int | None  # None: the person does not live in the register at this address
    resident_id: int | None
    variant: str


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    return f"{rng.randint(1000, 9999)} {rng.choice(letters)}{rng.choice(letters)}"


def _born(rng: random.Random, low: int, high: int) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randint(low * 365, high * 365))


def _last(rng: random.Random) -> str:
    # Common names are commoner (namesakes): a skewed draw over the list.
    return (
        LAST_NAMES[min(int(rng.paretovariate(1.1)) - 1, len(LAST_NAMES) - 1)]
        if (rng.random() < 0.25)
        else rng.choice(LAST_NAMES)
    )


def register(households: int, *, seed: int = 14) -> Register:
    """A register of ``households`` households with their members at their addresses."""
    rng = random.Random(seed)
    at: dict[tuple[str, int], list[Candidate]] = {}
    adults: list[Candidate] = []
    resident_id = 0
    addresses: list[tuple[str, int, str]] = []
    for household_id in range(1, households + 1):
        share = rng.random()
        if addresses and share < 0.04:
            # A second household at an existing address (same or the other addition).
            postcode, number, addition = rng.choice(addresses[-500:])
            if share < 0.02:
                addition = {"": "A", "A": "B", "B": "A", "1": "2", "2": "1"}.get(addition, "")
        else:
            postcode, number = _postcode(rng), rng.randint(1, 250)
            addition = rng.choices(["", "A", "B", "1", "2", "bis"], [70, 10, 8, 6, 5, 1])[0]
        addresses.append((postcode, number, addition))
        members: list[tuple[str, str, dt.date, bool]] = []
        here = at.get((postcode, number), [])
        if here and share < 0.01:
            # A grown-up son in his own household at his parents' address: a namesake.
            parent = rng.choice(here)
            members.append((parent.first_name, parent.last_name, _born(rng, 18, 30), True))
        else:
            woman = rng.random() < 0.55
            own = _last(rng)
            first = rng.choice(FIRST_FEMALE if woman else FIRST_MALE)
            members.append((first, own, _born(rng, 18, 90), True))
            if rng.random() < 0.5:
                partner_last = own if rng.random() < 0.3 else _last(rng)
                partner_first = rng.choice(FIRST_MALE if woman else FIRST_FEMALE)
                members.append((partner_first, partner_last, _born(rng, 18, 90), True))
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
                surname = rng.choice([m[1] for m in members])
                if len(members) > 1 and rng.random() < 0.05:
                    surname = f"{members[0][1]}-{members[1][1]}"
                if rng.random() < 0.15:
                    child = (
                        rng.choice(FIRST_FEMALE + FIRST_MALE),
                        surname,
                        _born(rng, 18, 26),
                        True,
                    )
                else:
                    child = (
                        rng.choice(FIRST_FEMALE + FIRST_MALE),
                        surname,
                        _born(rng, 0, 17),
                        False,
                    )
                members.append(child)
        rows = at.setdefault((postcode, number), [])
        for first, last, born, adult in members:
            resident_id += 1
            c = Candidate(household_id, resident_id, first, last, born, postcode, number, addition)
            rows.append(c)
            if adult:
                adults.append(c)
    return Register(at, adults, households)


def _strip_diacritics(text: str) -> str:
    """Diacritics dropped ("Öztürk" -> "Ozturk"), case kept (a creditor's ASCII system)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _split_last(last: str) -> tuple[str, str]:
    """ "van den Berg" -> ("van den", "Berg"); "Jansen" -> ("", "Jansen")."""
    words = last.split(" ")
    prefix = [w for w in words[:-1] if w[:1].islower() or w in ("'t",)]
    return " ".join(prefix), " ".join(words[len(prefix) :])


def _typo(rng: random.Random, word: str, edits: int) -> str:
    letters = "abcdefghijklmnoprstuvwz"
    for _ in range(edits):
        if len(word) < 4:
            return word
        i = rng.randint(1, len(word) - 2)
        kind = rng.randrange(4)
        if kind == 0:
            word = word[:i] + rng.choice(letters) + word[i + 1 :]
        elif kind == 1:
            word = word[:i] + word[i + 1 :]
        elif kind == 2:
            word = word[:i] + rng.choice(letters) + word[i:]
        else:
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


def _initials(first: str) -> str:
    return "".join(f"{w[0].upper()}." for w in first.split())


def _variants(
    rng: random.Random, person: Candidate, household: list[Candidate]
) -> dict[str, Callable[[], str]]:
    first, last = person.first_name, person.last_name
    prefix, core = _split_last(last)
    partners = [
        m.last_name
        for m in household
        if m.resident_id != person.resident_id and m.last_name != last and "-" not in m.last_name
    ]

    def prefix_swapped() -> str:
        return f"{_initials(first)} {PREFIX_SWAP.get(prefix, prefix)} {core}".replace("  ", " ")

    def married() -> str:
        if not partners:
            return f"{_initials(first)} {last}"
        return f"{_initials(first)} {rng.choice(partners)}-{last}"

    def partner_only() -> str:
        return f"{first} {rng.choice(partners)}" if partners else f"{first} {last}"

    def first_variant() -> str:
        spelled = FIRST_NAME_VARIANTS.get(first)
        return f"{rng.choice(spelled) if spelled else first} {last}"

    return {
        "exact": lambda: f"{first} {last}",
        "initials": lambda: f"{_initials(first)} {last}",
        "surname first": lambda: f"{core}, {_initials(first)} {prefix}".strip(),
        "upper case": lambda: f"{last} {_initials(first).replace('.', '')}".upper(),
        "prefix swapped": prefix_swapped,
        "no diacritics": lambda: _strip_diacritics(f"{first} {last}"),
        "typo 1": lambda: f"{first} {prefix} {_typo(rng, core, 1)}".replace("  ", " "),
        "typo 2": lambda: (
            f"{_typo(rng, first, 1)} {prefix} {_typo(rng, core, 2 if len(core) >= 8 else 1)}"
        ).replace("  ", " "),
        "first name partly": lambda: f"{first.split()[0][: max(3, len(first) // 2)]} {last}",
        "first name spelled": first_variant,
        "married name": married,
        "partner's surname": partner_only,
    }


VARIANT_WEIGHTS = {
    "exact": 10,
    "initials": 14,
    "surname first": 8,
    "upper case": 8,
    "prefix swapped": 6,
    "no diacritics": 8,
    "typo 1": 10,
    "typo 2": 5,
    "first name partly": 5,
    "first name spelled": 6,
    "married name": 6,
    "partner's surname": 4,
}


def _addition_variant(rng: random.Random, addition: str) -> str:
    if not addition:
        return ""
    r = rng.random()
    if r < 0.6:
        return addition
    if r < 0.7:
        return addition.lower()
    if r < 0.8:
        return f"-{addition.lower()}"
    if r < 0.9:
        return ""
    letter = {"A": "1", "B": "2", "1": "A", "2": "B"}
    return letter.get(addition, addition)


def signals(reg: Register, count: int, *, seed: int = 14, outside: float = 0.12) -> list[Planted]:
    """``count`` signals: a share ``outside`` about people not in the register at the delivered
    address (half new tenants, half registered people at a wrong address), the rest about a
    registered adult, spelled by one variant class."""
    rng = random.Random(seed + 1)
    classes = list(VARIANT_WEIGHTS)
    weights = list(VARIANT_WEIGHTS.values())
    keys = list(reg.at)
    out: list[Planted] = []
    for _ in range(count):
        person = rng.choice(reg.adults)
        household = [
            c
            for c in reg.at[(person.postcode, person.house_number)]
            if c.household_id == person.household_id
        ]
        born = person.date_of_birth if rng.random() < 0.5 else None
        r = rng.random()
        if r < outside / 2:
            # A new tenant, not yet registered, where someone else lives.
            woman = rng.random() < 0.5
            name = f"{rng.choice(FIRST_FEMALE if woman else FIRST_MALE)} {_last(rng)}"
            if rng.random() < 0.5:
                name = f"{_initials(name.split()[0])} {name.split(' ', 1)[1]}"
            query = Query(
                name,
                person.postcode.replace(" ", ""),
                person.house_number,
                person.addition,
                _born(rng, 18, 80) if born else None,
            )
            out.append(Planted(query, None, None, "new tenant"))
            continue
        variant = rng.choices(classes, weights)[0]
        name = _variants(rng, person, household)[variant]()
        if r < outside:
            # A registered person delivered at an address where they do not live.
            postcode, number = rng.choice(keys)
            elsewhere = reg.at[(postcode, number)][0]
            if elsewhere.household_id == person.household_id:
                continue
            query = Query(name, postcode, number, elsewhere.addition, born)
            out.append(Planted(query, None, None, "wrong address"))
            continue
        postcode = person.postcode if rng.random() < 0.5 else person.postcode.replace(" ", "")
        addition = _addition_variant(rng, person.addition)
        query = Query(name, postcode, person.house_number, addition, born)
        out.append(Planted(query, person.household_id, person.resident_id, variant))
    return out
