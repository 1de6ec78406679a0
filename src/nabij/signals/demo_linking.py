"""Demo: a few arrears signals the linker could not settle, for the Heechterp team to decide on
/signalen/koppelen/ (the demo's delivery of certain signals is the import's own demo).

Each is a realistic creditor's spelling of a scenario household's member that the linker itself
finds uncertain: a wrong initial (or a new partner's), two letters swapped with the year of
birth one off, the bare surname with that year. Only what the linker really rates uncertain is
written, so the page never shows a signal the import would have linked.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from nabij.demo.world import World
from nabij.people.models import Household, Membership
from nabij.signals.linking import Query, address_of, link
from nabij.signals.models import Creditor, Delivery, Signal
from nabij.signals.register import candidates_at

CREDITOR = "Woonbedrijf Leeuwarden (demo)"


def _variants(first: str, last: str, born: dt.date) -> list[tuple[str, dt.date | None]]:
    """A wrong initial; an initial, two letters swapped and the year of birth one off; the bare
    surname in capitals with that year."""
    core = last.split()[-1]
    wrong = "P" if first[:1].upper() != "P" else "K"
    swapped = core[:1] + core[2] + core[1] + core[3:] if len(core) >= 4 else core
    try:
        off = born.replace(year=born.year + 1)
    except ValueError:  # 29 February
        off = born + dt.timedelta(days=365)
    return [(f"{wrong}. {last}", None), (f"{first[:1]}. {swapped}", off), (core.upper(), off)]


def linking_demo_load(world: World, named: dict[str, Household], today: dt.date) -> list[Signal]:
    """Up to three uncertain signals at addresses of the wijkcoach's team."""
    team_id = world.staff["wijkcoach"].team_id
    households = sorted(
        (h for h in named.values() if h.address_id and h.team_id == team_id), key=lambda h: h.pk
    )
    if not households:
        return []
    creditor, _ = Creditor.objects.get_or_create(name=CREDITOR)
    delivery = Delivery.objects.create(file_name="demo-onzeker.csv", sha256="d" * 64)
    written: list[Signal] = []
    for index, household in enumerate(households[:3]):
        address = household.address
        assert address is not None
        member = (
            Membership.objects.filter(household=household, ended_on__isnull=True)
            .select_related("resident")
            .order_by("resident__date_of_birth", "pk")
            .first()
        )
        if member is None:
            continue
        key = address_of(address.postcode, address.house_number, address.addition)
        here = candidates_at([key])[key]
        resident = member.resident
        variants = _variants(resident.first_name, resident.last_name, resident.date_of_birth)
        for name, born in variants[index:] + variants[:index]:  # a different kind each
            query = Query(name, key[0], address.house_number, address.addition, born)
            result = link(query, here)
            if result.status != "uncertain":
                continue
            identity = hashlib.sha256(f"demo-linking|{household.pk}|{name}".encode()).hexdigest()
            written.append(
                Signal.objects.create(
                    delivery=delivery,
                    creditor=creditor,
                    kind=(Signal.Kind.RENT, Signal.Kind.ENERGY, Signal.Kind.WATER)[index],
                    name=name,
                    postcode=key[0],
                    house_number=address.house_number,
                    addition=address.addition,
                    arrears_cents=(62_500, 31_840, 12_975)[index],
                    months=(2, 3, 2)[index],
                    signalled_on=today - dt.timedelta(days=3 + index),
                    date_of_birth=born,
                    identity=identity,
                    link=Signal.Link.UNCERTAIN,
                    link_score=result.score,
                )
            )
            break
    Delivery.objects.filter(pk=delivery.pk).update(
        lines=len(written), added=len(written), uncertain=len(written)
    )
    return written
