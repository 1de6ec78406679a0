"""The demo's deliveries of arrears signals, written from the demo world and read in through the
same import as any creditor's file (``services.signals_import``).

- Karima (€12,000 of debt, in the teen-mother shelter): the energy company and the health
  insurer both signal arrears, so her case has two creditors (a stronger signal).
- Sandra (eviction in three weeks): the housing corporation signals four months of rent, and
  again in the next month's delivery (already known: it adds nothing) with the water company.
- Households of the synthetic city: some named as the register has them (linked), some spelt
  otherwise (initials, no diacritics, "van der" written after the name: a person decides once
  the tolerant linker is in), and some at addresses the register does not know (not found).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from typing import IO

from nabij.access.gate import Actor
from nabij.people.models import Household, Membership
from nabij.signals.imports import COLUMNS
from nabij.signals.services import DeliveryResult, signals_import

HOUSING = "Woonstichting Nabij"
ENERGY = "Energie Noord"
WATER = "Waterbedrijf Fryslân-Noord"  # fictional, as the other demo creditors
INSURER = "Zorgverzekeraar Zilverzee"
SYNTHETIC_LINKED = 6
SYNTHETIC_VARIANTS = 4


def _first_adult(household: Household) -> Membership | None:
    members = sorted(
        (m for m in household.memberships.all() if m.ended_on is None),
        key=lambda m: (m.role != Membership.Role.HEAD, m.started_on, m.pk),
    )
    return members[0] if members else None


def _line(
    creditor: str,
    kind: str,
    name: str,
    household: Household | None,
    cents: int,
    months: int,
    day: dt.date,
    *,
    address: tuple[str, int, str] | None = None,
) -> str:
    if household is not None and household.address is not None:
        a = household.address
        postcode, number, addition = a.postcode, a.house_number, a.addition
    else:
        assert address is not None
        postcode, number, addition = address
    return ";".join(
        [creditor, kind, name, postcode, str(number), addition, "", str(cents), str(months),
         day.isoformat()]
    )  # fmt: skip


def variant(first: str, last: str, n: int) -> str:
    """A creditor's way of writing a name: initial, surname first, no diacritics."""
    if n % 3 == 0:
        return f"{first[:1]}. {last}"
    if n % 3 == 1:
        return f"{last}, {first}"
    return f"{first} {last}".replace("é", "e").replace("ë", "e").replace("ï", "i").upper()


def demo_deliveries(named: Mapping[str, Household], today: dt.date) -> list[tuple[str, str]]:
    """(file name, CSV text) of the demo's deliveries, oldest first."""
    header = ";".join(COLUMNS)
    first_day = today - dt.timedelta(days=34)
    second_day = today - dt.timedelta(days=4)
    karima, sandra = named.get("karima"), named.get("sandra")
    november: list[str] = []
    december: list[str] = []
    if sandra is not None:
        rent = _line(HOUSING, "huur", "Sandra de Graaf", sandra, 320_000, 4, first_day)
        november.append(rent)
        december.append(rent)  # delivered again: already known
        december.append(_line(WATER, "water", "S. de Graaf", sandra, 18_400, 3, second_day))
    if karima is not None:
        december.append(_line(ENERGY, "energie", "Karima El Amrani", karima, 84_000, 3, second_day))
        december.append(
            _line(INSURER, "zorgverzekering", "Karima El Amrani", karima, 115_000, 4, second_day)
        )
    skip = {h.pk for h in named.values()}
    synthetic = (
        Household.objects.filter(address__isnull=False)
        .exclude(pk__in=skip)
        .select_related("address")
        .prefetch_related("memberships__resident")
        .order_by("pk")[: SYNTHETIC_LINKED + SYNTHETIC_VARIANTS]
    )
    kinds = [(HOUSING, "huur"), (ENERGY, "energie"), (WATER, "water"), (INSURER, "zorgverzekering")]
    for n, household in enumerate(synthetic):
        member = _first_adult(household)
        if member is None:
            continue
        first, last = member.resident.first_name, member.resident.last_name
        name = f"{first} {last}" if n < SYNTHETIC_LINKED else variant(first, last, n)
        creditor, kind = kinds[n % len(kinds)]
        cents = 25_000 + 13_700 * n
        target = november if n % 2 == 0 else december
        day = first_day if target is november else second_day
        target.append(_line(creditor, kind, name, household, cents, 2 + n % 4, day))
    for n, (postcode, number) in enumerate([("8921 ZZ", 998), ("8932 ZY", 997), ("8911 ZX", 996)]):
        creditor, kind = kinds[n]
        december.append(
            _line(creditor, kind, f"Onbekend {n + 1}", None, 40_000, 2, second_day,
                  address=(postcode, number, ""))
        )  # fmt: skip
    return [
        (f"signalen-{first_day:%Y-%m}.csv", "\n".join([header, *november]) + "\n"),
        (f"signalen-{second_day:%Y-%m-%d}.csv", "\n".join([header, *december]) + "\n"),
    ]


def signals_demo_load(
    actor: Actor, named: Mapping[str, Household], today: dt.date
) -> list[DeliveryResult]:
    """Both deliveries, one import each (as two months would bring them)."""
    results: list[DeliveryResult] = []
    for name, text in demo_deliveries(named, today):
        results += signals_import(actor, [(name, _opener(text.encode("utf-8")))], today=today)
    return results


def _opener(data: bytes) -> Callable[[], IO[bytes]]:
    return lambda: io.BytesIO(data)
