"""Deterministic synthetic households, as plain data, before anything touches the database.

Kept pure so that determinism can be tested without a database, and so that the same
households can be written either through the real services (the demo's 300 households) or
with ``bulk_create`` (the benchmark city). Names, BSNs, addresses and structure depend only
on the seed; dates are relative to the ``today`` passed in.

The mix of households follows the WRR citizen typology (seed 004): dependent 25%,
detached 30%, waiting 25%, active 20%. Only the generator knows the type; nothing stores it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from nabij.demo import names
from nabij.demo.world import EXTERNAL_STAFF, team_case_workers, team_for_district

ZRM_DOMAINS = 11  # the default instrument, zrm-11

# A 4-digit postcode area per district. Synthetic: close to, not equal to, the real ones.
POSTCODE_AREAS: dict[str, str] = {
    "WK008010": "8911",
    "WK008011": "8912",
    "WK008020": "8913",
    "WK008030": "8917",
    "WK008031": "8915",
    "WK008032": "8919",
    "WK008040": "8932",
    "WK008041": "8933",
    "WK008050": "8924",
    "WK008051": "8925",
    "WK008060": "8926",
    "WK008061": "8921",
    "WK008062": "8929",
    "WK008063": "9051",
    "WK008070": "8934",
    "WK008071": "8935",
    "WK008072": "8936",
    "WK008073": "8938",
    "WK008074": "8939",
    "WK008080": "9088",
    "WK008081": "9022",
    "WK008082": "9001",
}
# Districts of villages: the place name is the neighbourhood's, not Leeuwarden.
VILLAGE_DISTRICTS = frozenset(
    {"WK008062", "WK008063", "WK008071", "WK008080", "WK008081", "WK008082"}
)
NOT_VILLAGES = frozenset({"Blitsaerd"})
HOUSE_NUMBERS_PER_POSTCODE = 40

# Postcode letter ranges keep the three sources of households apart, so that loading the
# demo after the city (or the other way round) never reuses an address. No S: real
# postcodes avoid SA, SD and SS.
SCENARIO_LETTERS = "A"
DEMO_LETTERS = "BCD"
CITY_LETTERS = "EFGHIJKLMNOPQRTUVWXYZ"
# BSN blocks (first digit) for the same reason.
SCENARIO_BSN_BLOCK = 1
DEMO_BSN_BLOCK = 2
CITY_BSN_BLOCK = 3
BSN_BLOCK_SIZE = 1_000_000

TYPOLOGY: tuple[str, ...] = ("dependent", "detached", "waiting", "active")
TYPOLOGY_WEIGHTS: tuple[int, ...] = (25, 30, 25, 20)


def bsn_for(block: int, serial: int) -> str:
    """A valid, unique BSN for (block, serial): block digit, six scrambled serial digits, one
    digit chosen so that the 11-test gives a check digit below ten, then the check digit."""
    if not 1 <= block <= 9 or not 0 <= serial < BSN_BLOCK_SIZE:
        raise ValueError(f"No BSN for block {block}, serial {serial}.")
    # An affine map with a multiplier coprime to 10**6 is a permutation: unique, not sequential.
    scrambled = (serial * 7919 + 104_729) % BSN_BLOCK_SIZE
    head7 = f"{block}{scrambled:06d}"
    for eighth in range(10):
        head = head7 + str(eighth)
        check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return head + str(check)
    raise AssertionError("unreachable: the eighth digit (weight 2) reaches ten residues")


@dataclass(frozen=True)
class Area:
    """A neighbourhood as the generator needs it."""

    code: str
    name: str
    district_code: str
    inhabitants: int


@dataclass(frozen=True)
class PersonSpec:
    first_name: str
    last_name: str
    date_of_birth: dt.date
    bsn: str
    role: str  # Membership.Role value


@dataclass(frozen=True)
class AddressSpec:
    postcode: str
    street: str
    house_number: int
    addition: str
    city: str
    neighbourhood_code: str


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    relation: str
    relation_detail: str
    can_do: str
    wants_to_do: str
    household_view: str = ""


@dataclass(frozen=True)
class ActionSpec:
    description: str
    actor_kind: str  # Action.ActorKind value
    network_index: int | None = None  # into HouseholdSpec.network
    professional: str | None = None  # username
    actor_name: str = ""
    status: str = "todo"


@dataclass(frozen=True)
class GoalSpec:
    text: str
    status: str
    due_in_days: int
    actions: tuple[ActionSpec, ...]


@dataclass(frozen=True)
class AssessmentSpec:
    days_ago: int
    levels: tuple[int, ...]  # one level per zrm-11 domain, in domain order


@dataclass(frozen=True)
class HouseholdSpec:
    name: str
    typology: str
    address: AddressSpec
    team: str  # TeamSpec.key
    coordinator: str  # username
    involved: tuple[tuple[str, bool], ...]  # (username, keeps its own plan)
    started_on: dt.date
    members: tuple[PersonSpec, ...]
    network: tuple[NetworkSpec, ...] = ()
    goals: tuple[GoalSpec, ...] = ()
    priority: str = ""
    assessments: tuple[AssessmentSpec, ...] = field(default=())  # of the first member


def apportion(count: int, areas: Sequence[Area]) -> list[int]:
    """Largest-remainder shares of ``count`` in proportion to inhabitants; sums to ``count``."""
    total = sum(a.inhabitants for a in areas)
    if total <= 0:
        raise ValueError("The areas have no inhabitants to spread households over.")
    exact = [count * a.inhabitants / total for a in areas]
    shares = [int(x) for x in exact]
    order = sorted(range(len(areas)), key=lambda i: (-(exact[i] - shares[i]), areas[i].code))
    for i in order[: count - sum(shares)]:
        shares[i] += 1
    return shares


def display_surname(last_name: str) -> str:
    """ "de Vries" is "De Vries" when it stands without a first name (Dutch spelling rule)."""
    return last_name[:1].upper() + last_name[1:]


class AddressBook:
    """Hands out unique addresses per district from a range of postcode letters."""

    def __init__(self, letters: str) -> None:
        self.pairs = [a + b for a in letters for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        self.used: dict[str, int] = {}

    def next(self, area: Area) -> AddressSpec:
        index = self.used.get(area.district_code, 0)
        self.used[area.district_code] = index + 1
        number = index % HOUSE_NUMBERS_PER_POSTCODE + 1
        pair_index = index // HOUSE_NUMBERS_PER_POSTCODE
        cycle, pair_index = divmod(pair_index, len(self.pairs))
        prefix = POSTCODE_AREAS.get(area.district_code, "8900")
        street_index = (pair_index * 7 + int(prefix) * 13) % len(names.STREETS)
        return AddressSpec(
            postcode=f"{prefix} {self.pairs[pair_index]}",
            street=names.STREETS[street_index],
            house_number=number,
            addition=str(cycle) if cycle else "",
            city=place_name(area),
            neighbourhood_code=area.code,
        )


def place_name(area: Area) -> str:
    if area.district_code not in VILLAGE_DISTRICTS or area.name in NOT_VILLAGES:
        return "Leeuwarden"
    words = area.name.split()
    return words[1] if words[0] == "Buitengebied" and len(words) > 1 else area.name


class _Serials:
    def __init__(self, block: int) -> None:
        self.block = block
        self.next = 0

    def bsn(self) -> str:
        block, serial = divmod(self.next, BSN_BLOCK_SIZE)
        self.next += 1
        if self.block + block > 9:
            raise ValueError("Out of synthetic BSNs: generate fewer households.")
        return bsn_for(self.block + block, serial)


def household_specs(
    *,
    areas: Sequence[Area],
    count: int,
    seed: int,
    today: dt.date,
    bsn_block: int = CITY_BSN_BLOCK,
    letters: str = CITY_LETTERS,
) -> Iterator[HouseholdSpec]:
    """``count`` households spread over ``areas`` by inhabitants, the same for the same seed."""
    rng = random.Random(seed)
    areas = sorted(
        (a for a in areas if a.district_code in team_for_district()), key=lambda a: a.code
    )
    placed = [
        area
        for area, share in zip(areas, apportion(count, areas), strict=True)
        for _ in range(share)
    ]
    rng.shuffle(placed)
    book = AddressBook(letters)
    serials = _Serials(bsn_block)
    teams = team_for_district()
    workers = {key: team_case_workers(key) for key in set(teams.values())}
    for area in placed:
        yield _household(rng, area, book.next(area), serials, today, teams, workers)


def _birth_date(rng: random.Random, today: dt.date, age: int) -> dt.date:
    return today - dt.timedelta(days=age * 365 + rng.randrange(365) + age // 4)


def _person(
    rng: random.Random, serials: _Serials, today: dt.date, *, age: int, last_name: str, role: str
) -> PersonSpec:
    pool = names.FIRST_NAMES_FEMALE if rng.random() < 0.5 else names.FIRST_NAMES_MALE
    return PersonSpec(
        first_name=rng.choice(pool),
        last_name=last_name,
        date_of_birth=_birth_date(rng, today, age),
        bsn=serials.bsn(),
        role=role,
    )


def _came_of_age(members: tuple[PersonSpec, ...]) -> dt.date:
    """The day the youngest head or partner turned 18: a household is not known to the team
    before its adults are adults (the database refuses heads and partners under 16)."""
    born = max(p.date_of_birth for p in members if p.role in ("head", "partner"))
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + 18, day=28)


def _members(rng: random.Random, serials: _Serials, today: dt.date) -> tuple[PersonSpec, ...]:
    size = rng.choices((1, 2, 3, 4, 5), weights=(38, 30, 14, 12, 6))[0]
    last_name = rng.choice(names.LAST_NAMES)
    if size == 1:
        return (
            _person(rng, serials, today, age=rng.randint(18, 92), last_name=last_name, role="head"),
        )
    couple = rng.random() < (0.6 if size == 2 else 0.65)
    head_age = rng.randint(21, 48) if (size > 2 or not couple) else rng.randint(20, 88)
    people = [_person(rng, serials, today, age=head_age, last_name=last_name, role="head")]
    if couple:
        partner_name = last_name if rng.random() < 0.5 else rng.choice(names.LAST_NAMES)
        partner_age = max(18, head_age + rng.randint(-6, 6))
        people.append(
            _person(rng, serials, today, age=partner_age, last_name=partner_name, role="partner")
        )
    while len(people) < size:
        child_age = rng.randint(0, min(17, max(0, head_age - 18)))
        people.append(
            _person(rng, serials, today, age=child_age, last_name=last_name, role="child")
        )
    return tuple(people)


NETWORK_CHANCE = {"dependent": 0.6, "detached": 0.25, "waiting": 0.5, "active": 0.9}
GOAL_CHANCE = {"dependent": 0.75, "detached": 0.35, "waiting": 0.55, "active": 0.45}
INVOLVED_CHANCE = {"dependent": 0.4, "detached": 0.05, "waiting": 0.15, "active": 0.05}
PRIORITY_CHANCE = {"dependent": 0.5, "detached": 0.25, "waiting": 0.5, "active": 0.3}
ASSESSMENT_CHANCE = {"dependent": 0.6, "detached": 0.2, "waiting": 0.4, "active": 0.1}
LEVEL_RANGE = {"dependent": (1, 3), "detached": (2, 4), "waiting": (2, 4), "active": (3, 5)}


def _network(rng: random.Random, typology: str) -> tuple[NetworkSpec, ...]:
    if rng.random() >= NETWORK_CHANCE[typology]:
        return ()
    people = []
    for _ in range(rng.randint(1, 4 if typology == "active" else 3)):
        relation, detail = rng.choice(names.NETWORK_RELATIONS)
        pool = names.FIRST_NAMES_FEMALE if rng.random() < 0.5 else names.FIRST_NAMES_MALE
        name = f"{rng.choice(pool)} {rng.choice(names.LAST_NAMES)}"
        people.append(
            NetworkSpec(
                name=name,
                relation=relation,
                relation_detail=detail,
                can_do=rng.choice(names.NETWORK_CAN_DO),
                wants_to_do=rng.choice(names.NETWORK_CAN_DO) if rng.random() < 0.7 else "",
            )
        )
    return tuple(people)


def _goals(
    rng: random.Random,
    typology: str,
    network: Sequence[NetworkSpec],
    coordinator: str,
    involved: Sequence[tuple[str, bool]],
) -> tuple[GoalSpec, ...]:
    if rng.random() >= GOAL_CHANCE[typology]:
        return ()
    goals = []
    for text in rng.sample(names.GOALS, rng.randint(1, 3)):
        actions = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choices(
                ("household", "network", "volunteer", "professional"),
                weights=(3, 3 if network else 0, 1, 3),
            )[0]
            if kind == "household":
                actions.append(ActionSpec(rng.choice(names.HOUSEHOLD_ACTIONS), kind))
            elif kind == "network":
                actions.append(
                    ActionSpec(
                        rng.choice(names.NETWORK_ACTIONS),
                        kind,
                        network_index=rng.randrange(len(network)),
                    )
                )
            elif kind == "volunteer":
                actions.append(
                    ActionSpec(
                        rng.choice(names.VOLUNTEER_ACTIONS),
                        kind,
                        actor_name=rng.choice(names.VOLUNTEER_NAMES),
                    )
                )
            else:
                who = rng.choice([coordinator, *[u for u, _ in involved]])
                actions.append(
                    ActionSpec(rng.choice(names.PROFESSIONAL_ACTIONS), kind, professional=who)
                )
        status = rng.choices(("open", "in_progress", "achieved"), weights=(5, 4, 1))[0]
        goals.append(
            GoalSpec(
                text=text, status=status, due_in_days=rng.randint(14, 180), actions=tuple(actions)
            )
        )
    return tuple(goals)


def _assessments(rng: random.Random, typology: str) -> tuple[AssessmentSpec, ...]:
    if rng.random() >= ASSESSMENT_CHANCE[typology]:
        return ()
    low, high = LEVEL_RANGE[typology]
    levels = [rng.randint(low, high) for _ in range(ZRM_DOMAINS)]
    count = rng.randint(1, 3)
    days_ago = rng.randint(60, 400)
    result = []
    for _ in range(count):
        result.append(AssessmentSpec(days_ago=days_ago, levels=tuple(levels)))
        days_ago = max(1, days_ago - rng.randint(45, 120))
        levels = [min(5, max(1, lv + rng.choice((-1, 0, 0, 1, 1)))) for lv in levels]
    return tuple(result)


def _household(
    rng: random.Random,
    area: Area,
    address: AddressSpec,
    serials: _Serials,
    today: dt.date,
    teams: dict[str, str],
    workers: dict[str, tuple[str, ...]],
) -> HouseholdSpec:
    typology = rng.choices(TYPOLOGY, weights=TYPOLOGY_WEIGHTS)[0]
    members = _members(rng, serials, today)
    team = teams[area.district_code]
    coordinator = rng.choice(workers[team])
    involved: tuple[tuple[str, bool], ...] = ()
    if rng.random() < INVOLVED_CHANCE[typology]:
        chosen = rng.sample(EXTERNAL_STAFF, rng.randint(1, 3))
        involved = tuple((username, rng.random() < 0.5) for username in chosen)
    network = _network(rng, typology)
    goals = _goals(rng, typology, network, coordinator, involved)
    priority = rng.choice(names.PRIORITIES) if rng.random() < PRIORITY_CHANCE[typology] else ""
    started_on = today - dt.timedelta(days=rng.randint(14, 3 * 365))
    return HouseholdSpec(
        name=f"Huishouden {display_surname(members[0].last_name)}",
        typology=typology,
        address=address,
        team=team,
        coordinator=coordinator,
        involved=involved,
        started_on=max(started_on, _came_of_age(members)),
        members=members,
        network=network,
        goals=goals,
        priority=priority,
        assessments=_assessments(rng, typology),
    )
