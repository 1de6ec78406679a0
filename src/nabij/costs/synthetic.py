"""Seeded synthetic cost lines with the concentration the domain brief describes.

Most households cost little or nothing; a small share carries most of the cost (Instituut voor
Publieke Waarden: 1% of households ~30% and 4% ~50% of social-domain spending). Each household
draws a tier, the tier a set of services (stream, payer, yearly amount), and every service is
declared in ``periods`` equal lines over the year. Deterministic per (seed, household id), so
the same household gets the same costs whatever else is generated, and the demo and the
benchmark share one generator. No personal data: the lines only point at household ids.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from nabij.costs.models import CostLine, FundingStream, Payer, Source, Unit

S = FundingStream
P = Payer


@dataclass(frozen=True)
class Service:
    """A kind of help and what it costs a household per year (euros, low..high)."""

    stream: str
    payer: str
    category: str
    low: int
    high: int
    description: str


LIGHT = (
    Service(S.WMO, P.MUNICIPALITY, "02", 900, 4_500, "Hulp bij het huishouden"),
    Service(S.YOUTH, P.MUNICIPALITY, "45", 1_000, 5_000, "Ambulante jeugdhulp"),
    Service(S.DEBT, P.MUNICIPALITY, "97", 800, 2_000, "Schuldhulpverlening"),
    Service(S.ZVW, P.INSURER, "71", 400, 2_500, "Praktijkondersteuning GGZ"),
    Service(S.HOUSING, P.CORPORATION, "91", 300, 1_500, "Achterstandsbegeleiding huur"),
    Service(S.WMO, P.MUNICIPALITY, "07", 600, 2_500, "Dagbesteding"),
)
MIDDLE = (
    Service(S.PARTICIPATION, P.MUNICIPALITY, "60", 12_000, 17_000, "Bijstandsuitkering"),
    Service(S.YOUTH, P.MUNICIPALITY, "43", 8_000, 25_000, "Specialistische jeugdhulp"),
    Service(S.WMO, P.MUNICIPALITY, "03", 9_000, 20_000, "Begeleid wonen"),
    Service(S.ZVW, P.INSURER, "72", 4_000, 14_000, "Specialistische GGZ"),
    Service(S.DEBT, P.MUNICIPALITY, "97", 1_500, 3_000, "Schuldhulpverlening"),
    Service(S.JUSTICE, P.STATE, "80", 3_000, 9_000, "Reclasseringstoezicht"),
)
STACKED = (
    Service(S.YOUTH, P.MUNICIPALITY, "40", 45_000, 95_000, "Jeugdhulp met verblijf"),
    Service(S.WMO, P.MUNICIPALITY, "05", 40_000, 62_000, "Maatschappelijke opvang"),
    Service(S.JUSTICE, P.STATE, "81", 20_000, 70_000, "Detentie en jeugdbescherming"),
    Service(S.WLZ, P.STATE, "30", 35_000, 80_000, "Wlz-zorg"),
    Service(S.ZVW, P.INSURER, "72", 10_000, 30_000, "Specialistische GGZ"),
    Service(S.PARTICIPATION, P.MUNICIPALITY, "60", 14_000, 17_000, "Bijstandsuitkering"),
    Service(S.HOUSING, P.CORPORATION, "92", 4_000, 15_000, "Huurachterstand en ontruiming"),
    Service(S.DEBT, P.MUNICIPALITY, "97", 1_500, 4_000, "Schuldhulpverlening"),
    Service(S.OTHER, P.OTHER, "99", 2_000, 8_000, "Overige ondersteuning"),
)
# (share of households from this tier up, services menu, how many services)
TIERS: tuple[tuple[float, tuple[Service, ...], tuple[int, int]], ...] = (
    (0.01, STACKED, (2, 4)),
    (0.04, MIDDLE, (1, 3)),
    (0.42, LIGHT, (1, 3)),
)


class SyntheticLine(NamedTuple):
    household_id: int
    provider_id: int
    stream: str
    payer: str
    product_category: str
    description: str
    period_start: dt.date
    period_end: dt.date
    amount_cents: int


def synthetic_lines(
    household_ids: Iterable[int],
    *,
    year: int,
    providers: Mapping[str, int],
    seed: int = 2026,
    periods: int = 12,
) -> Iterator[SyntheticLine]:
    """Lines for one year; ``providers`` maps each funding stream to an organisation id.

    A service's yearly amount is split into ``periods`` lines (12: monthly declarations; more
    for the benchmark's ten million lines); the parts add up to the yearly amount exactly.
    """
    if not 1 <= periods <= 365:
        raise ValueError("periods must be between 1 and 365")
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    bounds = [start + dt.timedelta(days=days * k // periods) for k in range(periods + 1)]
    spans = [(bounds[k], bounds[k + 1] - dt.timedelta(days=1)) for k in range(periods)]
    for household_id in household_ids:
        rng = random.Random(seed * 1_000_003 + household_id)
        tier = _tier(rng.random())
        if tier is None:
            continue  # no cost this year, like most households
        menu, (fewest, most) = tier
        for service in rng.sample(menu, rng.randint(fewest, min(most, len(menu)))):
            yearly = rng.randint(service.low, service.high) * 100
            part, rest = divmod(yearly, periods)
            provider = providers[service.stream]
            for k, (first, last) in enumerate(spans):
                yield SyntheticLine(
                    household_id,
                    provider,
                    service.stream,
                    service.payer,
                    service.category,
                    service.description,
                    first,
                    last,
                    part + (1 if k < rest else 0),
                )


def _tier(draw: float) -> tuple[tuple[Service, ...], tuple[int, int]] | None:
    for share, menu, counts in TIERS:
        if draw < share:
            return menu, counts
    return None


def cost_lines(lines: Iterable[SyntheticLine]) -> Iterator[CostLine]:
    """Unsaved ledger rows for ``bulk_create`` (the demo): euro-budget lines, estimates."""
    for line in lines:
        yield CostLine(
            household_id=line.household_id,
            provider_id=line.provider_id,
            stream=line.stream,
            payer=line.payer,
            product_category=line.product_category,
            description=line.description,
            period_start=line.period_start,
            period_end=line.period_end,
            volume=Decimal(line.amount_cents) / 100,
            unit=Unit.EURO,
            unit_price_cents=100,
            amount_cents=line.amount_cents,
            source=Source.ESTIMATE,
            note="synthetic",
        )


def write_lines(
    household_ids: Iterable[int],
    *,
    year: int,
    providers: Mapping[str, int],
    seed: int = 2026,
    periods: int = 12,
    batch: int = 5_000,
) -> int:
    """Write the synthetic lines with ``bulk_create`` in batches; returns how many."""
    written = 0
    pending: list[CostLine] = []
    lines = synthetic_lines(
        household_ids, year=year, providers=providers, seed=seed, periods=periods
    )
    for line in cost_lines(lines):
        pending.append(line)
        if len(pending) >= batch:
            CostLine.objects.bulk_create(pending)
            written += len(pending)
            pending = []
    if pending:
        CostLine.objects.bulk_create(pending)
        written += len(pending)
    return written


# Which demo organisation (``nabij.demo.world`` keys) declares each funding stream.
DEMO_PROVIDERS = {
    S.WMO: "thuiszorg",
    S.YOUTH: "jeugdhulp",
    S.PARTICIPATION: "gemeente",
    S.DEBT: "schuldhulp",
    S.ZVW: "ggz",
    S.WLZ: "thuiszorg",
    S.JUSTICE: "reclassering",
    S.HOUSING: "woonstichting",
    S.OTHER: "buurtkracht",
}


def demo_costs_load(
    organisations: Mapping[str, Any], household_ids: list[int], today: dt.date, *, seed: int
) -> int:
    """Monthly lines for the demo's synthetic households: last year, and this year to date."""
    providers = {str(stream): organisations[key].pk for stream, key in DEMO_PROVIDERS.items()}
    written = write_lines(household_ids, year=today.year - 1, providers=providers, seed=seed)
    this_year = [
        line
        for line in synthetic_lines(
            household_ids, year=today.year, providers=providers, seed=seed + 1
        )
        if line.period_start <= today
    ]
    CostLine.objects.bulk_create(cost_lines(this_year), batch_size=5_000)
    return written + len(this_year)
