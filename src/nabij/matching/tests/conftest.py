"""A small town for the broker: three neighbourhoods in a row (each touching the next, about
0.7 km between centres) and one 10 km away; and a helper that registers people through the
service, as the broker's form does."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from nabij.access.gate import Actor
from nabij.areas.models import District, Neighbourhood
from nabij.matching import services
from nabij.matching.models import Participant, Skill
from nabij.tests import factories as f

SIDE = 0.01  # degrees: about 0.7 km east-west and 1.1 km north-south at 53° N


def square(x: float, y: float) -> dict:
    ring = [[x, y], [x + SIDE, y], [x + SIDE, y + SIDE], [x, y + SIDE], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Town:
    district: District
    schieringen: Neighbourhood
    heechterp: Neighbourhood
    camminghaburen: Neighbourhood
    far: Neighbourhood
    far_district: District


@pytest.fixture
def town(db) -> Town:
    district = f.DistrictFactory(name="Heechterp & Schieringen")
    other = f.DistrictFactory(name="Ver weg")
    hoods = [
        f.NeighbourhoodFactory(district=district, name=name, boundary=square(5.80 + i * SIDE, 53.2))
        for i, name in enumerate(["Schieringen", "Heechterp", "Camminghaburen"])
    ]
    far = f.NeighbourhoodFactory(district=other, name="Ver weg", boundary=square(5.95, 53.2))
    return Town(district, *hoods, far=far, far_district=other)


def actor_of(professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def skill(code: str) -> Skill:
    return Skill.objects.get(code=code)


def register(
    professional,
    first: str,
    last: str,
    neighbourhood: Neighbourhood,
    *,
    offers: tuple[str, ...] = (),
    needs: tuple[tuple[str, int], ...] = (),
    **extra,
) -> Participant:
    data = services.ProfileInput(
        first_name=first,
        last_name=last,
        neighbourhood_id=neighbourhood.pk,
        languages=extra.pop("languages", ["nl"]),
        offers={skill(code).pk: Decimal("2") for code in offers},
        needs={skill(code).pk: (Decimal("2"), urgency) for code, urgency in needs},
        **{k: v for k, v in extra.items() if k in services.ProfileInput.__dataclass_fields__},
    )
    return services.participant_register(
        actor=actor_of(professional),
        data=data,
        consent_given=True,
        consent_by=Participant.ConsentBy.ORALLY,
        **{k: v for k, v in extra.items() if k not in services.ProfileInput.__dataclass_fields__},
    )


def willem_and_jesse(broker, neighbourhood: Neighbourhood) -> tuple[Participant, Participant]:
    """Seed 003's pair, neighbours: Willem (in a wheelchair, good at paperwork) needs help in
    house and garden; Jesse does odd jobs and his finances are a mess (urgent)."""
    willem = register(
        broker,
        "Willem",
        "Hiemstra",
        neighbourhood,
        offers=("administratie",),
        needs=(("tuin", 2), ("klussen", 2)),
        phone="06 11112222",
    )
    jesse = register(
        broker,
        "Jesse",
        "Postma",
        neighbourhood,
        offers=("klussen", "tuin"),
        needs=(("administratie", 3),),
        phone="06 33334444",
    )
    return willem, jesse
