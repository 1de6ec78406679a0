"""The synthetic household generator, without a database: determinism, BSNs, spread."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from nabij.demo import generator as g
from nabij.demo.world import TEAMS, team_case_workers
from nabij.people.bsn import bsn_is_valid

TODAY = dt.date(2026, 11, 23)
# A small stand-in for Leeuwarden: one neighbourhood per district, varied sizes.
AREAS = [
    g.Area(
        code=f"BU{district[2:]}01",
        name=f"Buurt {i}",
        district_code=district,
        inhabitants=500 + 250 * (i % 7),
    )
    for i, district in enumerate(d for team in TEAMS for d in team.districts)
]


def specs(count: int, seed: int) -> list[g.HouseholdSpec]:
    return list(g.household_specs(areas=AREAS, count=count, seed=seed, today=TODAY))


@given(st.integers(1, 9), st.integers(0, g.BSN_BLOCK_SIZE - 1))
def test_bsn_for_passes_the_eleven_test(block: int, serial: int) -> None:
    bsn = g.bsn_for(block, serial)
    assert bsn_is_valid(bsn)
    assert bsn.startswith(str(block))


def test_bsns_are_unique_within_a_block() -> None:
    bsns = {g.bsn_for(3, serial) for serial in range(20_000)}
    assert len(bsns) == 20_000


def test_same_seed_same_households() -> None:
    assert specs(150, seed=7) == specs(150, seed=7)


def test_other_seed_other_households() -> None:
    first, second = specs(50, seed=7), specs(50, seed=8)
    assert [h.members for h in first] != [h.members for h in second]


def test_households_are_plausible() -> None:
    households = specs(400, seed=2026)
    residents = [p for h in households for p in h.members]
    assert all(bsn_is_valid(p.bsn) for p in residents)
    assert len({p.bsn for p in residents}) == len(residents)
    assert all(1 <= len(h.members) <= 5 for h in households)
    assert all(h.members[0].role == "head" for h in households)
    assert all(p.date_of_birth <= TODAY for p in residents)
    addresses = [
        (h.address.postcode, h.address.house_number, h.address.addition) for h in households
    ]
    assert len(set(addresses)) == len(addresses)
    for h in households:
        assert h.coordinator in team_case_workers(h.team)
        for goal in h.goals:
            for action in goal.actions:
                if action.network_index is not None:
                    assert action.network_index < len(h.network)
    # All four WRR types occur, the largest (detached, 30%) most often of all.
    types = Counter(h.typology for h in households)
    assert set(types) == set(g.TYPOLOGY)
    assert types.most_common(1)[0][0] == "detached"


def test_households_follow_inhabitants() -> None:
    shares = g.apportion(1000, AREAS)
    assert sum(shares) == 1000
    biggest = max(range(len(AREAS)), key=lambda i: AREAS[i].inhabitants)
    smallest = min(range(len(AREAS)), key=lambda i: AREAS[i].inhabitants)
    assert shares[biggest] > shares[smallest]
    placed = Counter(h.address.neighbourhood_code for h in specs(1000, seed=1))
    assert [placed[a.code] for a in AREAS] == shares


def test_scenario_demo_and_city_never_share_an_address_or_bsn() -> None:
    demo = list(
        g.household_specs(
            areas=AREAS,
            count=300,
            seed=2026,
            today=TODAY,
            bsn_block=g.DEMO_BSN_BLOCK,
            letters=g.DEMO_LETTERS,
        )
    )
    city = specs(300, seed=2026)
    assert not {h.address.postcode for h in demo} & {h.address.postcode for h in city}
    assert not {p.bsn for h in demo for p in h.members} & {p.bsn for h in city for p in h.members}
    assert all(h.address.postcode[5] in g.DEMO_LETTERS for h in demo)
    assert all(h.address.postcode[5] in g.CITY_LETTERS for h in city)


def test_address_book_overflows_into_additions() -> None:
    book = g.AddressBook("E")
    area = AREAS[0]
    addresses = [book.next(area) for _ in range(26 * g.HOUSE_NUMBERS_PER_POSTCODE + 1)]
    keys = {(a.postcode, a.house_number, a.addition) for a in addresses}
    assert len(keys) == len(addresses)
    assert addresses[-1].addition == "1"


def test_display_surname() -> None:
    assert g.display_surname("de Vries") == "De Vries"
    assert g.display_surname("Hoekstra") == "Hoekstra"
