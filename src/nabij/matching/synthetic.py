"""A seeded generator of offer/need participants over Leeuwarden's neighbourhoods.

The density the benchmarks promise (issue 4): 15 skill categories; 20% volunteers who offer 1-3
skills and need nothing; residents offer 1-3 and need 1-2; an offer fits a need of the same
skill in the own or an adjacent neighbourhood; weight 2 within the own neighbourhood, 1 next
door. Participants are spread over neighbourhoods by inhabitants (CBS per district, shared
equally among its neighbourhoods).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nabij.areas import geometry
from nabij.matching.solver import Instance

SKILLS = 15
VOLUNTEER_SHARE = 0.2
DATA = Path(__file__).resolve().parent.parent / "areas" / "data"
TOUCH_DEGREES = 0.00001  # outlines that touch (within about a metre) are adjacent


@dataclass(frozen=True)
class Person:
    neighbourhood: int
    offers: frozenset[int]
    needs: frozenset[int]

    @property
    def volunteer(self) -> bool:
        return not self.needs


ADJACENCY = ("touching", "district", "code-order")


@lru_cache(maxsize=3)
def leeuwarden_neighbourhoods(
    adjacency_kind: str = "touching",
) -> tuple[list[str], list[int], dict[int, frozenset[int]]]:
    """Codes, inhabitant weights and adjacency of the shipped neighbourhood outlines.

    ``touching`` (the benchmark's): outlines that touch. The sparser kinds exist to show how
    the solver's time depends on density: ``district``, touching within the same district
    only; ``code-order``, the previous and next CBS code within the same district.
    """
    features = json.loads((DATA / "leeuwarden-buurten-2022.geojson").read_text())["features"]
    features.sort(key=lambda f: f["properties"]["code"])
    codes = [f["properties"]["code"] for f in features]
    touching = geometry.touching(
        {i: f["geometry"] for i, f in enumerate(features)}, tolerance_degrees=TOUCH_DEGREES
    )
    districts = [f["properties"]["wijk_code"] for f in features]
    if adjacency_kind == "district":
        touching = {
            k: frozenset(j for j in v if districts[j] == districts[k]) for k, v in touching.items()
        }
    elif adjacency_kind == "code-order":
        touching = {
            i: frozenset(
                j for j in (i - 1, i + 1) if 0 <= j < len(codes) and districts[j] == districts[i]
            )
            for i in range(len(codes))
        }
    elif adjacency_kind != "touching":
        raise ValueError(f"adjacency is one of {', '.join(ADJACENCY)}")
    adjacency = {k: v for k, v in touching.items() if v}
    counts = json.loads((DATA / "cbs-kwb-2024-leeuwarden.json").read_text())
    weights = _inhabitant_weights(districts, counts)
    return codes, weights, adjacency


def _inhabitant_weights(districts: list[str], cbs: dict[str, dict[str, int]]) -> list[int]:
    """CBS counts inhabitants per district; each neighbourhood gets an equal share of its own."""
    per_district: dict[str, int] = defaultdict(int)
    for district in districts:
        per_district[district] += 1
    return [max(cbs.get(d, {}).get("AantalInwoners_5", 0) // per_district[d], 1) for d in districts]


def people(count: int, *, seed: int = 2026) -> list[Person]:
    _codes, weights, _adjacency = leeuwarden_neighbourhoods()
    rng = random.Random(seed)
    places = rng.choices(range(len(weights)), weights=weights, k=count)
    result = []
    for place in places:
        offers = frozenset(rng.sample(range(SKILLS), rng.randint(1, 3)))
        if rng.random() < VOLUNTEER_SHARE:
            needs: frozenset[int] = frozenset()
        else:
            needs = frozenset(rng.sample(range(SKILLS), rng.randint(1, 2)))
        result.append(Person(place, offers, needs))
    return result


def instance(
    count: int, *, seed: int = 2026, adjacency_kind: str = "touching"
) -> tuple[Instance, list[Person]]:
    """Residents become participants, volunteers donors; arcs where an offer fits a need."""
    crowd = people(count, seed=seed)
    _codes, _weights, adjacency = leeuwarden_neighbourhoods(adjacency_kind)
    residents = [i for i, p in enumerate(crowd) if not p.volunteer]
    volunteers = [i for i, p in enumerate(crowd) if p.volunteer]
    index = {person: k for k, person in enumerate(residents)}
    # who needs skill s in neighbourhood b
    needing: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, person_id in enumerate(residents):
        person = crowd[person_id]
        for skill in person.needs:
            needing[(person.neighbourhood, skill)].append(k)

    def arcs_from(person: Person, own: int | None) -> dict[int, float]:
        best: dict[int, float] = {}
        places = [(person.neighbourhood, 2.0)] + [
            (b, 1.0) for b in adjacency.get(person.neighbourhood, ())
        ]
        for place, weight in places:
            for skill in person.offers:
                for receiver in needing.get((place, skill), ()):
                    if receiver != own and best.get(receiver, 0.0) < weight:
                        best[receiver] = weight
        return best

    arcs = [
        (k, receiver, weight)
        for k, person_id in enumerate(residents)
        for receiver, weight in arcs_from(crowd[person_id], index[person_id]).items()
    ]
    donor_arcs = [
        (d, receiver, weight)
        for d, person_id in enumerate(volunteers)
        for receiver, weight in arcs_from(crowd[person_id], None).items()
    ]
    return Instance(len(residents), arcs, len(volunteers), donor_arcs), crowd
