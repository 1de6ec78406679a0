"""The demo's area plans: this year's gebiedsplan of Heechterp & Schieringen (WK008050), where the
first Dutch social district team started, agreed with residents and partners, and a draft for
Camminghaburen (WK008051), both districts of the Heechterp-Schieringen team.

Written through the services by the people who would do it on the pages (the wijkcoach writes,
the team coordinator agrees), so the version, the history and the access rules are as in real
use. Deterministic: the same plans every time, dated in the demo's year.

Indicators: the rows are taken by code, or made from the catalogue when the import's demo has
not made them yet (so the order of the demo loaders does not matter). Baselines come from the
district's figures where there are any (an older year where one exists, so the page shows
progress; a synthetic figure stays marked synthetic); without figures a goal gets no baseline
and its page says so, rather than inventing one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from nabij.areas.models import District
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.outcomes import services_plans as services
from nabij.outcomes.catalogue import CATALOGUE
from nabij.outcomes.models import AreaPlan, Indicator, IndicatorValue

AGREED_DISTRICT = "WK008050"  # Heechterp & Schieringen
DRAFT_DISTRICT = "WK008051"  # Camminghaburen e.o.


@dataclass(frozen=True)
class IndicatorSpec:
    """What the demo needs of an indicator when the import has not defined it (yet)."""

    name: str
    unit: str
    decimals: int


INDICATORS: dict[str, IndicatorSpec] = {
    "VoortijdigSchoolverlatersPercentage": IndicatorSpec(
        "Voortijdig schoolverlaters (percentage)", "%", 1
    ),
    "PercentageJongerenMetJeugdzorg": IndicatorSpec("Percentage jongeren met jeugdzorg", "%", 1),
    "PersonenPerSoortUitkeringBijstand": IndicatorSpec(
        "Personen per soort uitkering; Bijstand", "aantal", 0
    ),
    "Nettoarbeidsparticipatie": IndicatorSpec("Nettoarbeidsparticipatie", "%", 0),
    "HuishOnderOfRondSociaalMinimum": IndicatorSpec(
        "Huishoudens onder of rond sociaal minimum", "%", 1
    ),
    "GeregistreerdeMisdrijven": IndicatorSpec("Geregistreerde misdrijven", "aantal", 0),
}


@dataclass(frozen=True)
class ActionSpec:
    description: str
    by: str
    by_name: str = ""
    owner: str = ""
    due: tuple[int, int] | None = None  # (month, day) in the plan's year
    status: str = "planned"  # where it stands now


@dataclass(frozen=True)
class GoalSpec:
    question: str
    text: str
    indicator: str
    # The target as a share of the baseline (0.8: a fifth lower); without a baseline, ``target``.
    factor: Decimal
    target: Decimal
    actions: tuple[ActionSpec, ...] = field(default_factory=tuple)


WOON = "Woonstichting Nabij"
SCHOOL = "Brede school Heechterp"
COOP = "Buurtcoöperatie Heechterp-Schieringen"

HEECHTERP_GOALS: tuple[GoalSpec, ...] = (
    GoalSpec(
        "school",
        "Meer jongeren uit Heechterp en Schieringen maken hun school af met een diploma.",
        "VoortijdigSchoolverlatersPercentage",
        Decimal("0.75"),
        Decimal("2.0"),
        (
            ActionSpec(
                "Huiswerkbegeleiding en een vaste mentor voor leerlingen van groep 8 en de "
                "brugklas.",
                "partner",
                SCHOOL,
                "intern begeleider",
                (9, 1),
                "in_progress",
            ),
            ActionSpec(
                "Bij een melding van schoolverzuim gaat een wijkcoach binnen een week langs bij "
                "het gezin.",
                "team",
                owner="wijkcoach Sanne Hoekstra",
                status="in_progress",
            ),
        ),
    ),
    GoalSpec(
        "work",
        "Meer bewoners hebben betaald werk, of zijn op weg ernaartoe.",
        "Nettoarbeidsparticipatie",
        Decimal("1.05"),
        Decimal("62"),
        (
            ActionSpec(
                "Elke dinsdag een taalcafé en een sollicitatietafel in het buurthuis.",
                "initiative",
                COOP,
                "Jeltje, vrijwilliger",
                status="in_progress",
            ),
        ),
    ),
    GoalSpec(
        "work",
        "Minder bewoners zijn afhankelijk van een bijstandsuitkering.",
        "PersonenPerSoortUitkeringBijstand",
        Decimal("0.9"),
        Decimal("900"),
        (
            ActionSpec(
                "Leerwerkplekken bij bedrijven en de woningcorporatie voor bewoners met een "
                "uitkering.",
                "partner",
                WOON,
                "wijkconsulent",
                (12, 1),
            ),
        ),
    ),
    GoalSpec(
        "finance",
        "Minder huishoudens leven rond of onder het sociaal minimum; wie schulden heeft, krijgt "
        "snel hulp.",
        "HuishOnderOfRondSociaalMinimum",
        Decimal("0.9"),
        Decimal("15.0"),
        (
            ActionSpec(
                "Bij twee maanden huurachterstand belt de woningcorporatie het wijkteam, niet de "
                "deurwaarder.",
                "partner",
                WOON,
                "incasso en wijkconsulent",
                (4, 1),
                "done",
            ),
            ActionSpec(
                "Spreekuur geldzaken met Schuldhulp Leeuwarden in het wijkcentrum, elke donderdag.",
                "team",
                owner="wijkcoach Mirjam Dijkstra",
                status="in_progress",
            ),
        ),
    ),
    GoalSpec(
        "safety",
        "Bewoners voelen zich veilig in hun straat: minder inbraken en vernielingen.",
        "GeregistreerdeMisdrijven",
        Decimal("0.85"),
        Decimal("60"),
        (
            ActionSpec(
                "Buurtpreventie met avondrondes en een buurt-app.",
                "initiative",
                "Buurtpreventie Schieringen",
                status="in_progress",
            ),
            ActionSpec(
                "Betere verlichting en afsluitbare bergingen bij de portiekflats.",
                "partner",
                WOON,
                "projectleider",
                (10, 1),
            ),
        ),
    ),
)

# For the plan as a whole.
HEECHTERP_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "Elk kwartaal een wijkavond in het buurthuis: de voortgang van dit plan met bewoners "
        "bespreken.",
        "team",
        owner="teamcoördinator Jelle Wijnstra",
        status="in_progress",
    ),
)

HEECHTERP_SUMMARY = (
    "Heechterp en Schieringen willen een wijk waar kinderen hun school afmaken, waar werk "
    "binnen bereik is, waar geldzorgen vroeg op tafel komen en waar je 's avonds veilig over "
    "straat gaat. Bewoners, school, woningcorporatie en wijkteam doen dat samen."
)
HEECHTERP_AGREED_WITH = (
    "Bewonersavond in het buurthuis (12 maart), Buurtcoöperatie Heechterp-Schieringen, "
    "Woonstichting Nabij, Brede school Heechterp, Buurtpreventie Schieringen"
)

CAMMINGHABUREN_SUMMARY = (
    "Camminghaburen wil dat hulp eerder begint: bij geldzorgen, bij opvoeden, dichtbij huis."
)
CAMMINGHABUREN_GOALS: tuple[GoalSpec, ...] = (
    GoalSpec(
        "finance",
        "Geldzorgen komen eerder op tafel, voordat er schulden zijn.",
        "HuishOnderOfRondSociaalMinimum",
        Decimal("0.9"),
        Decimal("10.0"),
    ),
    GoalSpec(
        "school",
        "Minder jongeren hebben jeugdzorg nodig, omdat hulp eerder en dichtbij begint.",
        "PercentageJongerenMetJeugdzorg",
        Decimal("0.9"),
        Decimal("9.0"),
    ),
)


def demo_indicators() -> dict[str, Indicator]:
    """The indicators the demo plans use, by code: existing rows as they are, missing ones made
    from the catalogue (question, direction) and the names above."""
    found = {}
    for code, spec in INDICATORS.items():
        entry = CATALOGUE[code]
        indicator, _created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": spec.name,
                "unit": spec.unit,
                "decimals": spec.decimals,
                "question": entry.question,
                "direction": entry.direction,
            },
        )
        found[code] = indicator
    return found


def _baseline(indicator: Indicator, code: str, year: int) -> IndicatorValue | None:
    """The district's figure three years before the plan (or the nearest older one), else its
    newest; ``None`` without figures."""
    figures = IndicatorValue.objects.filter(
        indicator=indicator, area_code=code, current=True, value__isnull=False
    )
    older = figures.filter(period__lte=year - 3).order_by("-period").first()
    return older or figures.order_by("-period").first()


def _target(spec: GoalSpec, indicator: Indicator, baseline: Decimal | None) -> Decimal:
    if baseline is None:
        return spec.target
    step = Decimal(1).scaleb(-indicator.decimals)
    target = (baseline * spec.factor).quantize(step, rounding=ROUND_HALF_UP)
    return min(target, Decimal(100)) if indicator.unit.strip() == "%" else target


Written = list[tuple[ActionSpec, int]]


def _write_plan(
    world: World,
    district: District,
    year: int,
    summary: str,
    goals: tuple[GoalSpec, ...],
    loose: tuple[ActionSpec, ...] = (),
) -> tuple[AreaPlan, Written]:
    """The plan with its goals and actions, as the wijkcoach writes it (all planned)."""
    writer = actor_for(world.staff["wijkcoach"])
    indicators = demo_indicators()
    plan = services.plan_create(actor=writer, district=district, year=year, summary=summary)
    written: Written = []
    for spec in goals:
        indicator = indicators[spec.indicator]
        figure = _baseline(indicator, district.code, year)
        baseline = figure.value if figure is not None else None
        goal = services.goal_save(
            actor=writer,
            plan=plan,
            expected_version=plan.version,
            data=services.GoalData(
                question=spec.question,
                text=spec.text,
                indicator_id=indicator.pk,
                baseline_value=baseline,
                baseline_period=figure.period if figure is not None else None,
                target_value=_target(spec, indicator, baseline),
                target_year=year + 4,
            ),
        )
        written += [(a, _add_action(world, plan, a, goal.pk)) for a in spec.actions]
    written += [(a, _add_action(world, plan, a, None)) for a in loose]
    return plan, written


def _add_action(world: World, plan: AreaPlan, spec: ActionSpec, goal_id: int | None) -> int:
    return services.action_save(
        actor=actor_for(world.staff["wijkcoach"]),
        plan=plan,
        expected_version=plan.version,
        data=services.ActionData(
            description=spec.description,
            by=spec.by,
            by_name=spec.by_name,
            owner=spec.owner,
            due_on=dt.date(plan.year, *spec.due) if spec.due else None,
            goal_id=goal_id,
        ),
    ).pk


def _record_progress(world: World, plan: AreaPlan, written: Written) -> None:
    """Where the actions stand now: carrying out the agreed plan, which keeps it agreed."""
    team = actor_for(world.staff["wijkcoach"])
    for spec, action_id in written:
        steps = {"in_progress": ["in_progress"], "done": ["in_progress", "done"]}
        for status in steps.get(spec.status, []):
            services.action_status_set(
                actor=team,
                plan=plan,
                expected_version=plan.version,
                action_id=action_id,
                status=status,
            )


def area_plans_demo_load(world: World, today: dt.date) -> AreaPlan | None:
    """This year's agreed plan of Heechterp & Schieringen and a draft for Camminghaburen;
    returns the agreed plan (``None`` without the Leeuwarden districts, or when it exists)."""
    year = today.year
    heechterp = District.objects.filter(code=AGREED_DISTRICT).first()
    if heechterp is None or AreaPlan.objects.filter(district=heechterp, year=year).exists():
        return None
    plan, written = _write_plan(
        world, heechterp, year, HEECHTERP_SUMMARY, HEECHTERP_GOALS, HEECHTERP_ACTIONS
    )
    services.plan_agree(
        actor=actor_for(world.staff["teamleider"]),
        plan=plan,
        expected_version=plan.version,
        agreed_on=min(dt.date(year, 3, 12), today),
        agreed_with=HEECHTERP_AGREED_WITH,
    )
    _record_progress(world, plan, written)
    camminghaburen = District.objects.filter(code=DRAFT_DISTRICT).first()
    if camminghaburen is not None:
        _write_plan(world, camminghaburen, year, CAMMINGHABUREN_SUMMARY, CAMMINGHABUREN_GOALS)
    return plan
