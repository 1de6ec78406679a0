"""Cost lines and scenarios for the demo's named households, drawn from the domain brief.

- Gladys: about €168,000 a year across eight kinds of helpers and the benefit, medical care not
  included; the municipality carries about 90%. One duplicated declaration is corrected.
- Karima: the teen-mother shelter at €60,000 a year; debt counselling estimated from the
  reference price. Scenario: "pay the €12,000 debt and house her now" against "wait".
- Hakan: no income; the €400 advance from the area fund. Scenario: the advance and a year of
  benefit against his situation continuing (a night shelter once his friend's couch ends).
- Sandra, Willem, Jesse, Dylan: smaller ledgers (benefit, home help, debt help, youth shelter).

Scenario assumptions are specs (``karima_spec``, ``hakan_spec``) costed from the reference
prices in the database, so the README section (``readme_section``) prints exactly what the
engine computes for the demo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from nabij.access.gate import Actor
from nabij.access.models import Organisation
from nabij.costs import scenarios as engine
from nabij.costs import selectors, services
from nabij.costs.models import (
    Assumption,
    CostLine,
    FundingStream,
    Payer,
    ReferencePrice,
    Scenario,
    Source,
    Unit,
)
from nabij.people.models import Household
from nabij.plans.models import Breakthrough

# Scenario prices are stated in this year (the latest year of the shipped CPI), whatever the day
# the demo is loaded, so the README's figures stay put.
DEMO_PRICE_YEAR = 2024
HORIZON = 5

CUR = Assumption.Branch.CURRENT
ALT = Assumption.Branch.ALTERNATIVE
S = FundingStream
P = Payer


@dataclass(frozen=True)
class Helper:
    """A monthly cost: ``volume`` units at ``price_cents`` each, for ``months`` months."""

    org: str
    stream: str
    payer: str
    description: str
    unit: str
    volume: str
    price_cents: int
    months: int | None = None  # None: from January two years ago up to this month


GLADYS: tuple[Helper, ...] = (
    Helper(
        "jeugdhulp",
        S.YOUTH,
        P.MUNICIPALITY,
        "Jeugdhulp ambulant, Jayden en Naomi",
        Unit.HOUR,
        "80",
        64_58,
    ),
    Helper(
        "ynsjoch",
        S.WMO,
        P.MUNICIPALITY,
        "Begeleiding licht verstandelijke beperking",
        Unit.HOUR,
        "40",
        54_17,
    ),
    Helper("thuiszorg", S.WMO, P.MUNICIPALITY, "Hulp bij het huishouden", Unit.HOUR, "32", 36_46),
    Helper("schuldhulp", S.DEBT, P.MUNICIPALITY, "Schuldhulpverlening", Unit.MONTH, "1", 500_00),
    Helper("smw", S.YOUTH, P.MUNICIPALITY, "Schoolmaatschappelijk werk", Unit.HOUR, "8", 83_33),
    Helper("ggz", S.ZVW, P.INSURER, "Ambulante ggz Gladys", Unit.HOUR, "10", 100_00),
    Helper(
        "woonstichting",
        S.HOUSING,
        P.CORPORATION,
        "Woonbegeleiding en achterstandsbeheer",
        Unit.MONTH,
        "1",
        416_67,
    ),
    Helper(
        "wijkteams",
        S.WMO,
        P.MUNICIPALITY,
        "Wijkcoach en gezinsondersteuning",
        Unit.HOUR,
        "20",
        80_41,
    ),
    Helper(
        "gemeente",
        S.PARTICIPATION,
        P.MUNICIPALITY,
        "Bijstand alleenstaande ouder",
        Unit.MONTH,
        "1",
        1308_45,
    ),
)

KARIMA: tuple[Helper, ...] = (
    Helper(
        "jeugdhulp",
        S.YOUTH,
        P.MUNICIPALITY,
        "Opvang tienermoeder met kind",
        Unit.MONTH,
        "1",
        5000_00,
        10,
    ),
    Helper("wijkteams", S.WMO, P.MUNICIPALITY, "Wijkcoach", Unit.HOUR, "6", 80_41, 4),
)

HAKAN: tuple[Helper, ...] = (
    Helper("wijkteams", S.WMO, P.MUNICIPALITY, "Wijkcoach", Unit.HOUR, "8", 80_41, 3),
)

SANDRA: tuple[Helper, ...] = (
    Helper(
        "gemeente",
        S.PARTICIPATION,
        P.MUNICIPALITY,
        "Bijstand alleenstaande ouder",
        Unit.MONTH,
        "1",
        1308_45,
        14,
    ),
    Helper(
        "wijkteams",
        S.WMO,
        P.MUNICIPALITY,
        "Wijkcoach, familiegroepsplan",
        Unit.HOUR,
        "10",
        80_41,
        1,
    ),
)

WILLEM: tuple[Helper, ...] = (
    Helper(
        "thuiszorg", S.WMO, P.MUNICIPALITY, "Hulp bij het huishouden", Unit.HOUR, "16", 36_46, 18
    ),
)

JESSE: tuple[Helper, ...] = (
    Helper("schuldhulp", S.DEBT, P.MUNICIPALITY, "Schuldhulpverlening", Unit.MONTH, "1", 500_00, 6),
)

DYLAN: tuple[Helper, ...] = (
    Helper("wijkteams", S.WMO, P.MUNICIPALITY, "Wijkcoach", Unit.HOUR, "6", 80_41, 2),
)


def months_back(today: dt.date, count: int | None) -> list[tuple[dt.date, dt.date]]:
    """Calendar months ending with this one: ``count`` of them, or since January two years ago."""
    first = dt.date(today.year - 2, 1, 1)
    if count is not None:
        y, m = today.year, today.month - (count - 1)
        while m < 1:
            y, m = y - 1, m + 12
        first = dt.date(y, m, 1)
    periods = []
    start = first
    while start <= today:
        nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        periods.append((start, nxt - dt.timedelta(days=1)))
        start = nxt
    return periods


def _ledger(
    actor: Actor,
    household: Household,
    helpers: tuple[Helper, ...],
    orgs: Mapping[str, Organisation],
    today: dt.date,
) -> list[CostLine]:
    lines = []
    for h in helpers:
        volume = Decimal(h.volume)
        for start, end in months_back(today, h.months):
            lines.append(
                services.cost_line_record(
                    actor=actor,
                    household=household,
                    provider=orgs[h.org],
                    stream=h.stream,
                    payer=h.payer,
                    period_start=start,
                    period_end=end,
                    volume=volume,
                    unit=h.unit,
                    unit_price_cents=h.price_cents,
                    amount_cents=round(volume * h.price_cents),
                    source=Source.MANUAL,
                    description=h.description,
                )
            )
    return lines


# --- scenarios as specs -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioSpec:
    key: str
    title: str
    current_label: str
    alternative_label: str
    assumptions: list[services.AssumptionInput]


Prices = Mapping[str, ReferencePrice]


def _ref(
    prices: Prices, indices: dict[int, float], key: str, quantity: str, branch: str, **kw: object
) -> services.AssumptionInput:
    return services.assumption_from_reference(
        reference_price=prices[key],
        quantity=Decimal(quantity),
        price_year=DEMO_PRICE_YEAR,
        branch=branch,
        indices=indices,
        **kw,  # type: ignore[arg-type]
    )


def karima_spec(prices: Prices, indices: dict[int, float]) -> ScenarioSpec:
    """Wait (the shelter runs until a three-year debt arrangement is done) or pay and house."""
    hand = services.AssumptionInput
    return ScenarioSpec(
        key="karima",
        title="Schuld betalen en Karima nu een huis geven",
        current_label="Wachten: de opvang loopt door",
        alternative_label="Schuld van €12.000 betalen en nu huisvesten",
        assumptions=[
            _ref(prices, indices, "teen-mother-shelter", "1", CUR, one_off=False, until_year=3,
                 label="Opvang tienermoeder met kind, tot de schuldregeling (drie jaar) klaar is"),
            _ref(prices, indices, "debt-counselling-case", "1", CUR, one_off=True,
                 label="Schuldhulpverlening (traject)"),
            hand(ALT, "Schuld van €12.000 in één keer betalen (doorbraak)", S.DEBT,
                 P.MUNICIPALITY, 12_000_00, one_off=True,
                 note="Het bedrag van de schuld uit het dossier; de gemeente neemt de "
                 "vordering over en spreekt een aflossing naar draagkracht af."),
            _ref(prices, indices, "debt-counselling-case", "1", ALT, one_off=True,
                 label="Schuldhulpverlening (traject)"),
            _ref(prices, indices, "teen-mother-shelter", "0.25", ALT, one_off=True,
                 label="Opvang tot de sleutel: drie maanden"),
            hand(ALT, "Ambulante begeleiding thuis (wijkteam en jeugdhulp)", S.YOUTH,
                 P.MUNICIPALITY, 7_500_00, until_year=2,
                 note="Schatting van het wijkteam: zes uur per week, twee jaar lang."),
            hand(ALT, "Huurtoeslag voor de eigen woning", S.OTHER, P.STATE, 3_000_00,
                 note="Schatting: sociale huurwoning, eenoudergezin."),
        ],
    )  # fmt: skip


def hakan_spec(prices: Prices, indices: dict[int, float]) -> ScenarioSpec:
    """Nothing done (a night shelter once his friend's couch ends) or the €400 advance."""
    hand = services.AssumptionInput
    return ScenarioSpec(
        key="hakan",
        title="Voorschot van €400 voor Hakans paspoort",
        current_label="Niets doen: geen paspoort, geen uitkering",
        alternative_label="€400 uit de wijkkas, 40 uur koken terug",
        assumptions=[
            _ref(prices, indices, "rough-sleeper-shelter", "1", CUR, one_off=False, from_year=2,
                 label="Nachtopvang zodra hij niet meer bij Emre kan logeren"),
            hand(ALT, "Voorschot uit de wijkkas voor paspoort en leges", S.OTHER,
                 P.MUNICIPALITY, 400_00, one_off=True,
                 note="Doorbraak met mandaat van de teamleider; de tegenprestatie (40 uur "
                 "koken) is niet in euro's gerekend."),
            _ref(prices, indices, "social-assistance-single", "12", ALT, one_off=False,
                 until_year=1, label="Bijstand tot hij weer werkt (een jaar)"),
        ],
    )  # fmt: skip


SPECS: tuple[Callable[[Prices, dict[int, float]], ScenarioSpec], ...] = (karima_spec, hakan_spec)


def demo_prices() -> dict[str, ReferencePrice]:
    return {p.key: p for p in ReferencePrice.objects.all()}


def spec_result(spec: ScenarioSpec, rate_bp: int) -> engine.ScenarioResult:
    flows = [
        engine.Flow(
            branch=a.branch,
            label=a.label,
            stream=a.stream,
            payer=a.payer,
            amount_cents=a.amount_cents,
            one_off=a.one_off,
            from_year=a.from_year,
            until_year=a.until_year,
        )
        for a in spec.assumptions
    ]
    return engine.evaluate(flows, horizon_years=HORIZON, discount_rate_bp=rate_bp)


def _scenario_write(
    actor: Actor,
    household: Household,
    spec: ScenarioSpec,
    rate_bp: int,
    breakthrough: Breakthrough | None = None,
) -> Scenario:
    scenario = services.scenario_create(
        actor=actor,
        household=household,
        title=spec.title,
        current_label=spec.current_label,
        alternative_label=spec.alternative_label,
        horizon_years=HORIZON,
        discount_rate_bp=rate_bp,
        price_year=DEMO_PRICE_YEAR,
        breakthrough=breakthrough,
    )
    services.assumptions_add(
        actor=actor, scenario=scenario, expected_version=1, items=spec.assumptions
    )
    return scenario


def costs_demo_load(
    actor: Actor, households: Mapping[str, Household], today: dt.date
) -> dict[str, Scenario]:
    """Ledgers for the named households and the scenarios of Karima and Hakan."""
    orgs = _orgs()
    by_key = {
        "gladys": GLADYS,
        "karima": KARIMA,
        "hakan": HAKAN,
        "sandra": SANDRA,
        "willem": WILLEM,
        "jesse": JESSE,
        "dylan": DYLAN,
    }
    for key, helpers in by_key.items():
        if key in households:
            _ledger(actor, households[key], helpers, orgs, today)
    _gladys_correction(actor, households.get("gladys"), orgs, today)
    _estimates(actor, households, orgs, today)

    prices, indices = demo_prices(), selectors.price_indices()
    rate = selectors.discount_rate_default()
    scenarios = {}
    if "karima" in households:
        scenarios["karima"] = _scenario_write(
            actor, households["karima"], karima_spec(prices, indices), rate
        )
    if "hakan" in households:
        hakan = households["hakan"]
        scenarios["hakan"] = _scenario_write(
            actor,
            hakan,
            hakan_spec(prices, indices),
            rate,
            breakthrough=hakan.breakthroughs.order_by("decided_on").first(),
        )
    return scenarios


def _orgs() -> dict[str, Organisation]:
    """The demo world's organisations by their key (``jeugdhulp``, ``gemeente``, ...)."""
    from nabij.demo.world import ORGANISATIONS

    names = {spec.name: spec.key for spec in ORGANISATIONS}
    return {names[o.name]: o for o in Organisation.objects.filter(name__in=names)}


def _gladys_correction(
    actor: Actor, household: Household | None, orgs: Mapping[str, Organisation], today: dt.date
) -> None:
    """A youth-care month declared twice, and the counter-entry that cancels the double."""
    if household is None:
        return
    start, end = months_back(today, 3)[0]
    double = services.cost_line_record(
        actor=actor,
        household=household,
        provider=orgs["jeugdhulp"],
        stream=S.YOUTH,
        payer=P.MUNICIPALITY,
        period_start=start,
        period_end=end,
        volume=Decimal(80),
        unit=Unit.HOUR,
        unit_price_cents=64_58,
        amount_cents=80 * 64_58,
        description="Jeugdhulp ambulant, Jayden en Naomi",
    )
    services.cost_line_correct(
        actor=actor, line=double, reason="Dubbel gedeclareerd: dezelfde maand staat er al in."
    )


def _estimates(
    actor: Actor,
    households: Mapping[str, Household],
    orgs: Mapping[str, Organisation],
    today: dt.date,
) -> None:
    """Costs without a declaration yet, estimated from reference prices."""
    prices, indices = demo_prices(), selectors.price_indices()
    by_key = orgs
    for key in ("karima", "sandra"):
        if key in households:
            services.cost_line_estimate(
                actor=actor,
                household=households[key],
                provider=by_key["schuldhulp"],
                reference_price=prices["debt-counselling-case"],
                quantity=Decimal(1),
                period_start=today - dt.timedelta(days=10),
                period_end=today + dt.timedelta(days=355),
                indices=indices,
                note="Schuldhulp gestart; nog geen declaratie.",
            )
    if "dylan" in households:
        services.cost_line_estimate(
            actor=actor,
            household=households["dylan"],
            provider=by_key["wijkteams"],
            reference_price=prices["youth-shelter-amsterdam"],
            quantity=Decimal("0.12"),
            period_start=today - dt.timedelta(days=44),
            period_end=today,
            indices=indices,
            note="Jongerenopvang, 44 nachten (0,12 jaar).",
        )
    if "hakan" in households:
        services.cost_line_record(
            actor=actor,
            household=households["hakan"],
            provider=by_key["gemeente"],
            stream=S.OTHER,
            payer=P.MUNICIPALITY,
            period_start=today - dt.timedelta(days=60),
            period_end=today - dt.timedelta(days=60),
            volume=Decimal(400),
            unit=Unit.EURO,
            unit_price_cents=100,
            amount_cents=400_00,
            description="Voorschot wijkkas: paspoort en leges (doorbraak)",
        )


# --- README -----------------------------------------------------------------------------------


def _eur(cents: int) -> str:
    sign = "−" if cents < 0 else ""  # noqa: RUF001 - a real minus sign in the README
    return f"{sign}€{abs(cents) / 100:,.2f}"


def readme_section(prices: Prices | None = None, indices: dict[int, float] | None = None) -> str:
    """The README section with Karima's and Hakan's scenarios, figures from the engine."""
    with translation.override("en"):
        return _readme(prices, indices)


def _readme(prices: Prices | None, indices: dict[int, float] | None) -> str:
    prices = prices if prices is not None else demo_prices()
    indices = indices if indices is not None else selectors.price_indices()
    rate = selectors.discount_rate_default()
    out = [
        "## Scenarios from the demo: Karima and Hakan",
        "",
        "Loaded with the demo (`wijkcoach` → the household → *Kosten* → *Scenario's*). Figures "
        f"are computed by the scenario engine: horizon {HORIZON} years, discount rate "
        f"{rate / 100:.2f}% a year (the Dutch standard), prices of {DEMO_PRICE_YEAR}: reference "
        "prices are indexed with the price index (CBS CPI) where it covers their year, and "
        "used as published otherwise. Present values; a negative difference means that payer "
        "saves. Every figure is printed by `nabij.costs.demo_data.readme_section()`, and a test "
        "checks that this section matches it.",
    ]
    for make in SPECS:
        spec = make(prices, indices)
        result = spec_result(spec, rate)
        out += [
            "",
            f"### {spec.title}",
            "",
            f"*Current trajectory*: {spec.current_label}. *Alternative*: {spec.alternative_label}.",
            "",
            "| | current | alternative | difference |",
            "| --- | ---: | ---: | ---: |",
        ]
        for row in result.by_payer:
            out.append(
                f"| {Payer(row.payer).label} | {_eur(row.current_pv_cents)} | "
                f"{_eur(row.alternative_pv_cents)} | {_eur(row.difference_cents)} |"
            )
        out.append(
            f"| **society** | {_eur(result.current_pv_cents)} | "
            f"{_eur(result.alternative_pv_cents)} | {_eur(-result.net_saving_cents)} |"
        )
        out += ["", f"Net societal balance: the alternative saves {_eur(result.net_saving_cents)}."]
        for payer in result.waterbed:
            out.append(
                f"Waterbed effect: {Payer(payer.payer).label} pays "
                f"{_eur(payer.difference_cents)} more while others save."
            )
        out += ["", "Assumptions:", ""]
        for a in spec.assumptions:
            when = (
                f"once in year {a.from_year}"
                if a.one_off
                else f"a year, years {a.from_year} to {a.until_year or HORIZON}"
            )
            note = a.note.replace("\u00a0", " ")  # the page's no-break spaces, plain in text
            source = f"{a.reference_price.source}; {note}" if a.reference_price else "set by hand"
            out.append(
                f"- {a.branch}: {a.label}: {_eur(a.amount_cents)} {when}; "
                f"{FundingStream(a.stream).label}, {Payer(a.payer).label}; {source}"
            )
    return "\n".join(out) + "\n"
