"""Indicators for the demo municipality Leeuwarden: the real figures first, then synthetic ones.

1. The real CBS files shipped in ``outcomes/data`` (85984NED, 2024: inhabitants, men, women,
   density, dwellings and area of GM0080 and its 22 districts, and NL00 derived as the sum of
   the 342 municipalities) go through the importer exactly as a municipality's own files would.
2. Neighbourhood inhabitants 2024: CBS's district count shared out by land area when the areas
   were imported (``Neighbourhood.inhabitants_estimate``), stored with quality ``estimated``
   in a batch of format ``estimate``.
3. Every indicator of the catalogue (``catalogue.CATALOGUE``) that has no real value for an
   area and year gets a plausible **synthetic** value, quality ``synthetic``, in a batch of
   format ``demo`` whose source is "Nabij demo (synthetisch)": GM0080, its 22 districts and 134
   neighbourhoods and NL00, for 2015-2024, so profiles have a trend and a comparison.

How the synthetic figures are made (deterministic, seed ``SEED``): each neighbourhood gets a
fixed "pressure" score; an indicator's rate per neighbourhood is Leeuwarden's rate (chosen near
national ratios, e.g. bijstand about 25-30 per 1,000 inhabitants) scaled up or down by that
score, normalised so the municipality lands on its rate; a yearly trend and a little noise
follow. District counts are the sums of their neighbourhoods, district percentages their
population-weighted means, and the municipality is built from its districts the same way.
NL00 has the national rates. Neighbourhoods under 100 inhabitants get no figures (CBS
withholds them too), except inhabitants, dwellings, density and urbanity.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User

from nabij.areas.models import District, Municipality, Neighbourhood
from nabij.outcomes.catalogue import CATALOGUE
from nabij.outcomes.imports.tables import DATA_DIR, prepare, read
from nabij.outcomes.models import (
    COUNTRY_CODE,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    Quality,
)
from nabij.outcomes.services import (
    Definition,
    ImportSummary,
    TableImport,
    ValueRow,
    indicators_import,
)

SEED = 11
YEARS = tuple(range(2015, 2025))
REAL_YEAR = 2024
MUNICIPALITY = "GM0080"
DEMO_TABLE = "nabij-demo"
DEMO_SOURCE = "Nabij demo (synthetisch)"
DEMO_LICENCE = "n.v.t. (synthetisch)"
ESTIMATE_TABLE = "nabij-schatting"
ESTIMATE_SOURCE = "Nabij: schatting uit CBS-wijkcijfers 85984NED"
SHIPPED_FILES = (
    "cbs-85984NED-TypedDataSet-leeuwarden.json",
    "cbs-85984NED-DataProperties.json",
    "cbs-85984NED-TableInfos.json",
)
SMALL = 100  # inhabitants below which an area gets no synthetic figures
NATIONAL_INHABITANTS_2024 = 17_942_942  # the shipped NL00 row (sum of municipalities)
YOUTH_SHARE = 0.24  # share of inhabitants under 23, for the youth-care percentage
PUPIL_SHARE = 0.12  # share of inhabitants aged 12-23 in school, for early school leaving


@dataclass(frozen=True)
class Spec:
    """How one indicator is made up: its rate in Leeuwarden and the Netherlands in 2024.

    ``kind``: "per1000" (a count: rate per 1,000 inhabitants), "percent" or "amount" (a level,
    averaged over areas). ``pressure``: how strongly the neighbourhood score moves it (negative
    when a higher value is better). ``drift``: yearly change, as a fraction.
    """

    kind: str
    municipality: float
    nation: float
    pressure: float
    drift: float
    decimals: int = 0


SPECS: dict[str, Spec] = {
    "PersonenPerSoortUitkeringBijstand": Spec("per1000", 28, 22, 0.9, -0.02),
    "PersonenPerSoortUitkeringWW": Spec("per1000", 9, 8, 0.4, -0.01),
    "PersonenPerSoortUitkeringAO": Spec("per1000", 52, 46, 0.5, 0.01),
    "JongerenMetJeugdzorgInNatura": Spec("per1000", 28, 24, 0.5, 0.02),
    "BasisonderwijsVmboMbo1": Spec("per1000", 190, 170, 0.5, -0.015),
    "WmoClienten": Spec("per1000", 95, 80, 0.3, 0.03),
    "GeregistreerdeMisdrijven": Spec("per1000", 55, 45, 0.5, -0.02),
    "Nettoarbeidsparticipatie": Spec("percent", 66.0, 69.0, -0.08, 0.004, 0),
    "HuishOnderOfRondSociaalMinimum": Spec("percent", 9.5, 6.9, 0.7, -0.02, 1),
    "HuishoudensMetEenLaagInkomen": Spec("percent", 10.5, 7.6, 0.7, -0.02, 1),
    "ProblematischeSchulden": Spec("percent", 11.0, 8.8, 0.8, -0.02, 1),
    "VoortijdigSchoolverlatersPercentage": Spec("percent", 2.6, 2.1, 0.5, -0.01, 1),
    "GemiddeldInkomenPerInwoner": Spec("amount", 30.1, 34.2, -0.2, 0.03, 1),
    "GemGestandaardiseerdInkomenVanHuish": Spec("amount", 33.0, 37.5, -0.2, 0.03, 1),
}
# Made from the figures above rather than on their own: see ``_derived``.
DERIVED = (
    "PercentageJongerenMetJeugdzorg",
    "WmoClientenRelatief",
    "VoortijdigSchoolverlaters",
    "HuishoudensTotaal",
)
HOUSEHOLD_SIZE = {"municipality": 1.95, "country": 2.13}
GROWTH = 0.004  # inhabitants per year, backwards from 2024


@dataclass
class Area:
    code: str
    level: str  # "neighbourhood", "district", "municipality", "country"
    parent: str
    inhabitants: float  # 2024
    density: float | None = None
    dwellings: float | None = None
    score: float = 0.0


def outcomes_demo_load(user: User | None = None) -> list[ImportSummary]:
    """Import the shipped real files, the estimated neighbourhood inhabitants and the
    synthetic figures; returns what each batch holds."""
    summaries = shipped_import(user=user)
    areas = _areas()
    estimate = _estimate_table(areas)
    synthetic = _synthetic_tables(areas, estimated=estimate.rows())
    summaries += indicators_import([estimate, *synthetic], user=user)
    return summaries


def shipped_import(user: User | None = None) -> list[ImportSummary]:
    """The real files of ``outcomes/data``, through the same reading, checks and write."""
    files = [read(str(Path(DATA_DIR) / name)) for name in SHIPPED_FILES]
    return indicators_import(prepare(files), user=user)


def _areas() -> list[Area]:
    """GM0080, its districts and neighbourhoods (CBS's 2024 figures where they exist) and NL00."""
    municipality = Municipality.objects.get(code=MUNICIPALITY)
    real = _real_values()
    areas = [
        Area(COUNTRY_CODE, "country", "", NATIONAL_INHABITANTS_2024),
        Area(
            municipality.code,
            "municipality",
            COUNTRY_CODE,
            float(municipality.inhabitants or 0),
            real.get(("Bevolkingsdichtheid", municipality.code)),
            real.get(("Woningvoorraad", municipality.code)),
        ),
    ]
    districts = list(District.objects.filter(municipality=municipality).order_by("code"))
    for district in districts:
        areas.append(
            Area(
                district.code,
                "district",
                municipality.code,
                float(district.inhabitants or 0),
                real.get(("Bevolkingsdichtheid", district.code)),
                float(district.dwellings) if district.dwellings else None,
            )
        )
    rng = random.Random(SEED)
    for neighbourhood in Neighbourhood.objects.filter(district__in=districts).order_by("code"):
        areas.append(
            Area(
                neighbourhood.code,
                "neighbourhood",
                districts[[d.pk for d in districts].index(neighbourhood.district_id)].code,
                float(neighbourhood.inhabitants_estimate or 0),
                score=max(-1.0, min(1.0, rng.gauss(0, 0.45))),
            )
        )
    return areas


def _real_values() -> dict[tuple[str, str], float]:
    rows = IndicatorValue.objects.filter(
        current=True, period=REAL_YEAR, value__isnull=False
    ).exclude(quality=Quality.SYNTHETIC)
    return {
        (code, area): float(value or 0)
        for code, area, value in rows.values_list("indicator__code", "area_code", "value")
    }


def _estimate_table(areas: list[Area]) -> TableImport:
    rows: list[ValueRow] = [
        ("AantalInwoners", a.code, round(a.inhabitants), Quality.ESTIMATED)
        for a in areas
        if a.level == "neighbourhood"
    ]
    return TableImport(
        table_id=ESTIMATE_TABLE,
        period=REAL_YEAR,
        format=IndicatorImport.Format.ESTIMATE,
        rows=lambda: rows,
        count=len(rows),
        known_keys={"AantalInwoners": "AantalInwoners"},
        table_title="Inwoners per buurt, geschat naar landoppervlakte",
        source=ESTIMATE_SOURCE,
        licence="CC BY 4.0",
        update_definitions=False,
    )


def _synthetic_tables(areas: list[Area], estimated: Iterable[ValueRow]) -> list[TableImport]:
    """Per year a batch of synthetic values, where no real (or estimated) value exists."""
    taken = {
        (code, area, period)
        for code, area, period in IndicatorValue.objects.filter(current=True).values_list(
            "indicator__code", "area_code", "period"
        )
    }
    taken |= {(key, area, REAL_YEAR) for key, area, _value, _quality in estimated}
    definitions = _definitions()
    by_year: dict[int, list[ValueRow]] = defaultdict(list)
    for period, code, area, value in _generate(areas):
        if value is not None and (code, area, period) not in taken:
            by_year[period].append((code, area, value, Quality.SYNTHETIC))
    return [
        TableImport(
            table_id=DEMO_TABLE,
            period=period,
            format=IndicatorImport.Format.DEMO,
            rows=_fixed(rows),
            count=len(rows),
            definitions=definitions,
            table_title="Synthetische indicatoren voor de demo",
            source=DEMO_SOURCE,
            licence=DEMO_LICENCE,
            update_definitions=False,
        )
        for period, rows in sorted(by_year.items())
    ]


def _fixed(rows: list[ValueRow]) -> Callable[[], list[ValueRow]]:
    return lambda: rows


def _definitions() -> list[Definition]:
    """One key per catalogue indicator (its code); names of indicators CBS's metadata already
    defined are kept, the others come from the catalogue."""
    known = dict(Indicator.objects.values_list("code", "name"))
    return [
        Definition(
            key=code,
            code=code,
            name=known.get(code) or entry.name or code,
            unit=entry.unit,
            decimals=entry.decimals,
        )
        for code, entry in CATALOGUE.items()
    ]


def _generate(areas: list[Area]) -> Iterator[tuple[int, str, str, float | int | None]]:
    """(period, indicator code, area code, value) for every year, indicator and area."""
    rng = random.Random(SEED + 1)
    neighbourhoods = [a for a in areas if a.level == "neighbourhood"]
    districts = [a for a in areas if a.level == "district"]
    by_code = {a.code: a for a in areas}
    children: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        children[area.parent].append(area)
    growth = {a.code: 1 + GROWTH + rng.uniform(-0.004, 0.006) for a in neighbourhoods}
    for year in YEARS:
        population = _population(areas, children, growth, year)
        yield from ((year, "AantalInwoners", code, round(p)) for code, p in population.items())
        yield from _housing(areas, population, year)
        base: dict[str, dict[str, float]] = {}
        for code, spec in SPECS.items():
            values = _indicator(spec, neighbourhoods, population, year, rng)
            _aggregate(values, spec, districts, children, population, by_code)
            values[COUNTRY_CODE] = _national(spec, population[COUNTRY_CODE], year)
            base[code] = values
            for area_code, value in values.items():
                small = population.get(area_code, 0) < SMALL
                yield year, code, area_code, None if small else _rounded(spec, value)
        yield from _derived(areas, population, base, year)


def _population(
    areas: list[Area], children: dict[str, list[Area]], growth: dict[str, float], year: int
) -> dict[str, float]:
    back = REAL_YEAR - year
    population: dict[str, float] = {}
    for area in areas:
        if area.level == "neighbourhood":
            population[area.code] = area.inhabitants / growth[area.code] ** back
    for area in areas:
        if area.level == "district":
            population[area.code] = sum(population[c.code] for c in children[area.code])
    municipality = next(a for a in areas if a.level == "municipality")
    population[municipality.code] = sum(population[c.code] for c in children[municipality.code])
    population[COUNTRY_CODE] = NATIONAL_INHABITANTS_2024 / 1.006**back
    return population


def _housing(
    areas: list[Area], population: dict[str, float], year: int
) -> Iterator[tuple[int, str, str, float | int | None]]:
    """Dwellings and density follow the inhabitants; urbanity follows density."""
    by_code = {a.code: a for a in areas}
    for area in areas:
        share = population[area.code] / area.inhabitants if area.inhabitants else 1.0
        parent = by_code.get(area.parent)
        if area.level == "neighbourhood" and parent is not None:
            part = area.inhabitants / parent.inhabitants if parent.inhabitants else 0
            dwellings = (parent.dwellings or 0) * part * share
            density = (parent.density or 0) * math.exp(0.35 * area.score) * share
        elif area.level == "country":
            dwellings = 8_204_049 * share
            density = 533 * share
        else:
            dwellings = (area.dwellings or 0) * share
            density = (area.density or 0) * share
        yield year, "Woningvoorraad", area.code, round(dwellings)
        if area.level != "country":
            yield year, "Bevolkingsdichtheid", area.code, round(density)
            yield year, "MateVanStedelijkheid", area.code, _urbanity(area, density)


def _urbanity(area: Area, density: float) -> int:
    """CBS's classes 1 (very strongly urban) to 5 (not urban), from density as a stand-in for
    CBS's address density; the municipality as a whole is strongly urban (2)."""
    if area.level == "municipality":
        return 2
    for limit, klass in ((2500, 1), (1500, 2), (1000, 3), (500, 4)):
        if density >= limit:
            return klass
    return 5


def _indicator(
    spec: Spec,
    neighbourhoods: list[Area],
    population: dict[str, float],
    year: int,
    rng: random.Random,
) -> dict[str, float]:
    """Per neighbourhood: a count (per1000) or a level, normalised to Leeuwarden's rate."""
    weights = {a.code: math.exp(spec.pressure * a.score) for a in neighbourhoods}
    total = sum(population[a.code] for a in neighbourhoods) or 1.0
    mean = sum(weights[a.code] * population[a.code] for a in neighbourhoods) / total
    trend = (1 + spec.drift) ** (year - REAL_YEAR) * _shock(spec, year)
    values = {}
    for area in neighbourhoods:
        rate = spec.municipality * weights[area.code] / mean * trend * rng.uniform(0.95, 1.05)
        if spec.kind == "per1000":
            values[area.code] = population[area.code] * rate / 1000
        else:
            values[area.code] = rate
    return values


def _shock(spec: Spec, year: int) -> float:
    """Unemployment benefits rose in the pandemic years."""
    if spec is SPECS["PersonenPerSoortUitkeringWW"] and year in (2020, 2021):
        return 1.3
    return 1.0


def _aggregate(
    values: dict[str, float],
    spec: Spec,
    districts: list[Area],
    children: dict[str, list[Area]],
    population: dict[str, float],
    by_code: dict[str, Area],
) -> None:
    """Districts from their neighbourhoods, the municipality from its districts."""
    municipality = by_code[MUNICIPALITY]
    for parents in (districts, [municipality]):
        for parent in parents:
            parts = [c.code for c in children[parent.code] if c.code in values]
            if spec.kind == "per1000":
                values[parent.code] = sum(values[c] for c in parts)
            else:
                weight = sum(population[c] for c in parts) or 1.0
                values[parent.code] = sum(values[c] * population[c] for c in parts) / weight


def _national(spec: Spec, inhabitants: float, year: int) -> float:
    trend = (1 + spec.drift) ** (year - REAL_YEAR) * _shock(spec, year)
    if spec.kind == "per1000":
        return inhabitants * spec.nation * trend / 1000
    return spec.nation * trend


def _rounded(spec: Spec, value: float) -> float | int:
    if spec.kind == "per1000":
        return _count(value)
    return round(value, spec.decimals) if spec.decimals else round(value)


def _derived(
    areas: list[Area],
    population: dict[str, float],
    base: dict[str, dict[str, float]],
    year: int,
) -> Iterator[tuple[int, str, str, float | int | None]]:
    """Figures CBS computes from others, computed here from the same synthetic figures: Wmo
    clients per 1,000, the youth-care percentage, early school leavers as a count, households."""
    rng = random.Random(f"{SEED}-{year}")
    for area in areas:
        inhabitants = population[area.code]
        size = HOUSEHOLD_SIZE["country" if area.level == "country" else "municipality"]
        households = round(inhabitants / size * rng.uniform(0.97, 1.03))
        yield year, "HuishoudensTotaal", area.code, households
        if inhabitants < SMALL:
            continue
        wmo = base["WmoClienten"][area.code] / inhabitants * 1000
        yield year, "WmoClientenRelatief", area.code, round(wmo)
        youth = base["JongerenMetJeugdzorgInNatura"][area.code] / (YOUTH_SHARE * inhabitants)
        yield year, "PercentageJongerenMetJeugdzorg", area.code, round(youth * 100, 1)
        share = base["VoortijdigSchoolverlatersPercentage"][area.code] / 100
        leavers = share * PUPIL_SHARE * inhabitants
        yield year, "VoortijdigSchoolverlaters", area.code, _count(leavers)


def _count(value: float) -> int:
    """Counts of 10 and more rounded to 5, as CBS rounds district figures."""
    return round(value / 5) * 5 if value >= 10 else round(value)
