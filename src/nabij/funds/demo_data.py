"""The demo's area funds: this year's budget for every district a demo team works in, and
Hakan's breakthrough paid from the Heechterp-Schieringen fund (a €400 loan, 40 hours of
volunteer cooking, two repayments and 16 hours so far). Written through the services, by the
people who would do it on the pages, so the ledger and the access log are as in real use.

Issue 11 (``area_demo_load``): this year's area budget per funding stream for every district a
team works in (amounts per inhabitant made up for the demo, and said so in the history); the
frontline room of two teams and one frontline grant; and last year's savings of two projections
approved by the policy analyst: Jesse's returns (debt help now instead of eviction: his
self-reliance held), Dylan's is refused (help stopped, so cost fell, but his self-reliance fell
too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nabij.access import gate
from nabij.access import services as access_services
from nabij.access.enums import Event
from nabij.areas.models import District
from nabij.assessment import selectors as assessment_selectors
from nabij.assessment.services import assessment_record
from nabij.costs import services as costs
from nabij.costs.models import FundingStream, Payer, Scenario, Unit
from nabij.demo.scenarios import ZRM
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.funds import services, services_budget
from nabij.funds.models import BUDGET_STREAMS, Agreement, SavingReturn
from nabij.people.models import Household

DEMO_CENTS_PER_INHABITANT = services.DEFAULT_CENTS_PER_INHABITANT  # €10 per inhabitant


def funds_demo_load(world: World, named: dict[str, Household], today: dt.date) -> Agreement | None:
    """Budgets for this year, then Hakan's loan; returns the loan (None without Hakan)."""
    services.budgets_allocate_all(
        actor=actor_for(world.staff["beheerder"]),
        year=today.year,
        cents_per_inhabitant=DEMO_CENTS_PER_INHABITANT,
    )
    area_demo_load(world, named, today)
    hakan = named.get("hakan")
    if hakan is None:
        return None
    breakthrough = hakan.breakthroughs.order_by("-decided_on").first()
    decided_on = breakthrough.decided_on if breakthrough else today - dt.timedelta(days=60)
    loan = services.agreement_create(
        actor=actor_for(world.staff["teamleider"]),
        household=hakan,
        kind=Agreement.Kind.LOAN,
        amount_cents=40_000,
        purpose="Voorschot voor paspoort en leges",
        reciprocity="40 uur vrijwillig koken in buurthuis De Skalm",
        hours_agreed=Decimal("40"),
        decided_on=decided_on,
        breakthrough=breakthrough,
    )
    coach = actor_for(world.staff["wijkcoach"])
    for days_ago, cents in ((30, 5_000), (5, 5_000)):
        services.repayment_record(
            actor=coach,
            agreement=loan,
            household=hakan,
            amount_cents=cents,
            paid_on=max(decided_on, today - dt.timedelta(days=days_ago)),
            version=loan.version,
        )
    for days_ago, hours, note in ((40, "8", "Twee kookavonden"), (20, "8", "Twee kookavonden")):
        services.hours_record(
            actor=coach,
            agreement=loan,
            household=hakan,
            hours=Decimal(hours),
            done_on=max(decided_on, today - dt.timedelta(days=days_ago)),
            note=note,
            version=loan.version,
        )
    return loan


# --- Issue 11: area budgets, frontline room, savings for outcomes ----------------------------

# Made up for the demo (euros per inhabitant per year), in the order of ``BUDGET_STREAMS``:
# Wmo, youth care, participation, welfare work, debt help.
DEMO_PER_INHABITANT: dict[str, int] = {
    FundingStream.WMO: 180,
    FundingStream.YOUTH: 220,
    FundingStream.PARTICIPATION: 380,
    FundingStream.WELFARE: 50,
    FundingStream.DEBT: 15,
}
DEMO_BUDGET_REASON = "Demobegroting: bedragen per inwoner verzonnen voor de demo (synthetisch)."


def area_demo_load(world: World, named: dict[str, Household], today: dt.date) -> None:
    area_budgets_demo(world, today.year)
    frontline_demo(world, named, today)
    savings_demo(world, named, today)


def area_budgets_demo(world: World, year: int) -> None:
    """This year's budget per stream for every district a demo team works in."""
    admin = actor_for(world.staff["beheerder"])
    districts = District.objects.filter(teams__isnull=False).distinct().order_by("code")
    for district in districts.defer("boundary"):
        if not district.inhabitants:
            continue
        services_budget.area_budget_set(
            actor=admin,
            district=district,
            year=year,
            lines={
                stream: DEMO_PER_INHABITANT[stream] * 100 * district.inhabitants
                for stream in BUDGET_STREAMS
            },
            expected_version=0,
            reason=DEMO_BUDGET_REASON,
            synthetic=True,
        )


def frontline_demo(world: World, named: dict[str, Household], today: dt.date) -> None:
    """Binnenstad-Oost keeps its professionals' room smaller (€250); Heechterp-Schieringen has
    the default €400, and the wijkcoach pays Dylan's ID card and a week of bus fare herself."""
    coordinator = world.staff.get("r.visser")
    if coordinator is not None and coordinator.team is not None:
        access_services.team_frontline_limit_set(
            actor=actor_for(coordinator),
            limit_cents=250_00,
            expected_cents=coordinator.team.frontline_limit_cents,
        )
    dylan = named.get("dylan")
    if dylan is None:
        return
    services.agreement_create(
        actor=actor_for(world.staff["wijkcoach"]),
        household=dylan,
        kind=Agreement.Kind.GRANT,
        amount_cents=85_00,
        purpose="Identiteitskaart en een week busvervoer naar de kamer en de sollicitaties",
        decided_on=today - dt.timedelta(days=3),
    )


def _assess(world: World, household: Household, on: dt.date, *levels: int) -> None:
    instrument = assessment_selectors.default_instrument()
    member = household.memberships.filter(ended_on__isnull=True).order_by("started_on").first()
    if instrument is None or member is None:
        return
    codes = {d.code: d.pk for d in instrument.domains.all()}
    assessment_record(
        actor=actor_for(world.staff["wijkcoach"]),
        resident=member.resident,
        instrument=instrument,
        assessed_on=on,
        scores={codes[c]: level for c, level in zip(ZRM, levels, strict=True) if c in codes},
    )


def _scenario(
    world: World, household: Household, title: str, labels: tuple[str, str], year: int, flows: list
) -> Scenario:
    coach = actor_for(world.staff["wijkcoach"])
    scenario = costs.scenario_create(
        actor=coach,
        household=household,
        title=title,
        current_label=labels[0],
        alternative_label=labels[1],
        horizon_years=3,
        discount_rate_bp=225,
        price_year=year,
    )
    costs.assumptions_add(actor=coach, scenario=scenario, expected_version=1, items=flows)
    scenario.refresh_from_db()
    return scenario


def _approve(world: World, scenario: Scenario, note: str) -> None:
    analyst = actor_for(world.staff["analist"])
    household = gate.household_for_review(
        analyst, scenario.household_id, event=Event.FUNDS_PROJECTION_APPROVE
    )
    services.projection_approve(
        actor=analyst, household=household, scenario=scenario, version=scenario.version, note=note
    )


def savings_demo(world: World, named: dict[str, Household], today: dt.date) -> list[SavingReturn]:
    """Last year's savings of two approved projections: one returned, one refused."""
    year = today.year - 1
    jesse, dylan = named.get("jesse"), named.get("dylan")
    if jesse is None or dylan is None:
        return []
    hand = costs.AssumptionInput
    muni, S = Payer.MUNICIPALITY, FundingStream
    coach = actor_for(world.staff["wijkcoach"])
    lead = actor_for(world.staff["teamleider"])
    made = []

    # Jesse: debt help now, instead of arrears, eviction and a night shelter.
    jesse_plan = _scenario(
        world,
        jesse,
        "Schuldhulp nu in plaats van beslag en uitzetting",
        ("Huurachterstand loopt op: uitzetting, opvang, later schuldhulp", "Nu schuldhulp en "
         "budgetcoaching"),
        year,
        [
            hand("current", "Opvang na uitzetting, een half jaar", S.WMO, muni, 11_600_00,
                 until_year=1),
            hand("current", "Schuldhulpverlening na de uitzetting", S.DEBT, muni, 1_500_00,
                 one_off=True),
            hand("alternative", "Schuldhulpverlening nu (traject)", S.DEBT, muni, 1_500_00,
                 one_off=True),
            hand("alternative", "Budgetcoaching, een jaar", S.DEBT, muni, 1_200_00,
                 until_year=1),
        ],
    )  # fmt: skip
    schuldhulp = world.organisations["schuldhulp"]
    for start, end, cents, what in (
        (dt.date(year, 2, 1), dt.date(year, 7, 31), 1_500_00, "Schuldhulpverlening (traject)"),
        (dt.date(year, 3, 1), dt.date(year, 12, 31), 1_000_00, "Budgetcoaching"),
    ):
        costs.cost_line_record(
            actor=coach,
            household=jesse,
            provider=schuldhulp,
            stream=S.DEBT,
            payer=muni,
            period_start=start,
            period_end=end,
            volume=Decimal(1),
            unit=Unit.CASE,
            unit_price_cents=cents,
            amount_cents=cents,
            description=what,
        )
    _assess(world, jesse, dt.date(year, 2, 10), 1, 2, 3, 3, 3, 5, 4, 5, 3, 2, 4)
    _assess(world, jesse, dt.date(year, 11, 20), 1, 2, 3, 3, 4, 5, 4, 5, 3, 3, 4)
    _approve(world, jesse_plan, "Kengetallen gecontroleerd; opvangduur aannemelijk.")
    made.append(
        services.saving_return_record(
            actor=lead, household=jesse, scenario_id=jesse_plan.pk, year=year
        )
    )

    # Dylan: a room with support instead of the night shelter. He stopped coming in autumn:
    # no cost, so on cost alone a large "saving"; but he was worse off, so nothing returns.
    dylan_plan = _scenario(
        world,
        dylan,
        "Kamer met begeleiding in plaats van de nachtopvang",
        ("Nachtopvang", "Kamer met ambulante begeleiding"),
        year,
        [
            hand("current", "Nachtopvang", S.WMO, muni, 23_236_00),
            hand("alternative", "Kamer met ambulante begeleiding", S.WMO, muni, 12_000_00),
        ],
    )
    _assess(world, dylan, dt.date(year, 3, 5), 2, 2, 2, 2, 3, 3, 3, 4, 2, 2, 4)
    _assess(world, dylan, dt.date(year, 10, 15), 1, 2, 1, 2, 3, 3, 3, 4, 2, 2, 4)
    _approve(world, dylan_plan, "Bedragen volgen de kengetallen van Cebeon.")
    made.append(
        services.saving_return_record(
            actor=lead, household=dylan, scenario_id=dylan_plan.pk, year=year
        )
    )
    return made
