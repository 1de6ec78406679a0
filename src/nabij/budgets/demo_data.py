"""The demo's neighbourhood budget rounds in Heechterp & Schieringen (WK008050).

- Last year's round, closed: residents' proposals, the team's check (one not feasible, one
  withdrawn by its author), ballots, the vote closed through ``services_voting.voting_close`` by
  the teamleider (both rules computed), and the deciding rule's projects in execution: one
  delivered, one in progress, each with updates and a photo.
- This year's round, in its voting phase: proposals by demo residents (Karima, Gladys, Sandra,
  Willem and neighbours, only those living in the district and 16 or over), checked (some not
  feasible, one withdrawn, with their reasons), supported, and ballots cast. Karima can still
  change her ballot when a visitor logs in as her.

Written through the services, by the people who would do it on the pages; the photos are small
PNGs drawn here with Pillow. Deterministic; dates relative to today.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from PIL import Image, ImageDraw

from nabij.access.digid import resident_user_for_bsn
from nabij.access.gate import Actor
from nabij.areas import geometry
from nabij.areas.models import District, Neighbourhood
from nabij.budgets import selectors_voting
from nabij.budgets import services_rounds as rounds
from nabij.budgets import services_voting as voting
from nabij.budgets.models import BudgetProposal, BudgetRound, ExecutionStatus, Phase
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.people.models import Household, Resident

DEMO_DISTRICT = "WK008050"
NAMED = ("karima", "gladys", "sandra", "willem", "hakan", "jesse")
RULES_TEXT = (
    "Een voorstel is voor iedereen in de wijk, kost minstens € 1.000 en past binnen het "
    "budget. De gemeente toetst of het kan en wat het echt kost."
)


@dataclass(frozen=True)
class Idea:
    title: str
    description: str
    cost: int  # euros
    hood: int  # index of the district's neighbourhood (by code)
    # the check: None stays on the ballot at the estimate; else (feasible, cost, reason)
    check: tuple[bool, int | None, str]
    withdraw: str = ""
    name_public: bool = True


THIS_YEAR = [
    Idea(
        "Bankjes en schaduw bij de speeltuin",
        "Drie bankjes en twee bomen bij de speeltuin aan de Heechterpstraat, zodat ouders en "
        "ouderen kunnen zitten.",
        9_000,
        0,
        (True, 9_800, "Kan. De bomen komen in het plantseizoen; de gemeente onderhoudt ze."),
    ),
    Idea(
        "Moestuin voor de buurt",
        "Een gezamenlijke moestuin op het grasveld achter het buurthuis, met bakken op hoogte "
        "zodat ook mensen in een rolstoel mee kunnen doen.",
        14_000,
        1,
        (True, 12_500, "Kan, op grond van de gemeente. Het buurthuis beheert de sleutel."),
    ),
    Idea(
        "Kookavonden voor alle leeftijden",
        "Eén keer per week samen koken en eten in het buurthuis, voor jong en oud.",
        6_000,
        0,
        (True, 6_000, "Kan. De kookgroep van het buurthuis organiseert het."),
    ),
    Idea(
        "Verlichting op het fietspad",
        "Lantaarns langs het fietspad tussen Heechterp en het station: het is er 's avonds "
        "donker en onveilig.",
        22_000,
        1,
        (True, 24_000, "Kan. De kosten zijn hoger door de kabel die nodig is."),
    ),
    Idea(
        "Huiswerkklas in de bibliotheek",
        "Twee middagen per week hulp bij huiswerk voor kinderen van groep 7 tot de brugklas.",
        8_000,
        0,
        (True, 7_500, "Kan. De bibliotheek stelt de ruimte gratis beschikbaar."),
    ),
    Idea(
        "Skatebaan op het parkeerterrein",
        "Een skatebaan op het parkeerterrein bij de sporthal.",
        40_000,
        1,
        (
            False,
            55_000,
            "Kan niet: het parkeerterrein is nodig voor de sporthal, en een skatebaan kost "
            "meer dan het hele budget.",
        ),
    ),
    Idea(
        "Hondenveldje met hek",
        "Een omheind veldje waar honden los mogen lopen.",
        5_000,
        0,
        (
            False,
            None,
            "Kan niet hier: de gemeente legt dit jaar al een hondenveld aan in de "
            "wijk ernaast, op vijf minuten lopen.",
        ),
        name_public=False,
    ),
    Idea(
        "Buurtfeest in de zomer",
        "Een groot feest op het plein, met muziek en eten uit alle landen.",
        3_000,
        1,
        (True, 3_000, ""),
        withdraw="We organiseren het feest zelf met de buurtvereniging; het geld is niet nodig.",
    ),
]

LAST_YEAR = [
    Idea(
        "Speeltoestellen voor kleine kinderen",
        "Een glijbaan en een zandbak voor kinderen tot zes jaar op het pleintje in Schieringen.",
        18_000,
        1,
        (True, 17_500, "Kan. De toestellen voldoen aan de veiligheidseisen."),
    ),
    Idea(
        "Bloembakken in de winkelstraat",
        "Grote bloembakken met vaste planten, onderhouden door bewoners.",
        6_000,
        0,
        (True, 6_500, "Kan, als bewoners het water geven; de gemeente plant."),
    ),
    Idea(
        "Buurtbus naar het ziekenhuis",
        "Een busje met vrijwilligers dat ouderen naar het ziekenhuis brengt.",
        30_000,
        0,
        (True, 28_000, "Kan, met vrijwillige chauffeurs van de buurtvereniging."),
    ),
    Idea(
        "Kunstgrasveld",
        "Een kunstgrasveld voor voetbal op het schoolplein.",
        45_000,
        1,
        (False, None, "Kan niet: het schoolplein is van de school, en de school wil het niet."),
    ),
    Idea(
        "Repair café",
        "Een maandelijkse middag waar vrijwilligers spullen repareren.",
        4_000,
        0,
        (True, 4_000, ""),
        withdraw="Het repair café is er al, in het wijkcentrum: ik wist het niet.",
    ),
]


def _demo_residents(district: District, named: dict[str, Household]) -> list[Resident]:
    """The named demo residents who live in the district and are 16 or over, then neighbours
    (real register residents of the district) so that there are enough authors."""
    today_round = BudgetRound(district=district, neighbourhood=None, min_age=16)
    eligible = selectors_voting.eligible_residents(today_round)
    people: list[Resident] = []
    for key in NAMED:
        household = named.get(key)
        if household is None:
            continue
        people += list(eligible.filter(memberships__household=household).order_by("pk"))
    people += [r for r in eligible.order_by("pk")[:40] if r not in people]
    return people


def _resident_actor(resident: Resident) -> Actor:
    user = resident_user_for_bsn(None, resident.bsn or "")
    assert user is not None, resident.pk
    return Actor(user=user, professional=None, resident=resident, channel="demo")


def _place(hood: Neighbourhood, index: int) -> tuple[Decimal | None, Decimal | None]:
    """A point inside the neighbourhood: its centre moved part of the way to one of its
    corners, so that markers do not stack."""
    if not hood.boundary:
        return None, None
    lon, lat = geometry.centroid(hood.boundary)
    ring = geometry.polygons(hood.boundary)[0][0]
    corner = ring[(index * 7) % max(len(ring) - 1, 1)]
    share = 0.35
    return (
        Decimal(f"{lat + (corner[1] - lat) * share:.6f}"),
        Decimal(f"{lon + (corner[0] - lon) * share:.6f}"),
    )


def _photo(colour: str, accent: str) -> rounds.Photo:
    """A small drawn picture (no download): sky, grass and a shape in the project's colour."""
    image = Image.new("RGB", (640, 400), "#cfe6f2")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 260, 640, 400), fill="#7fb069")
    draw.rectangle((180, 170, 460, 300), fill=colour)
    draw.ellipse((480, 40, 560, 120), fill="#f6d155")
    draw.rectangle((200, 140, 440, 170), fill=accent)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return rounds.read_photo(buffer.getvalue())


def _round(
    district: District, coordinator: Actor, year: int, start: dt.date, title: str, amount: int
) -> BudgetRound:
    day = dt.timedelta(days=1)
    return rounds.round_create(
        actor=coordinator,
        district=district,
        data=rounds.RoundData(
            year=year,
            title=title,
            description="Bewoners van Heechterp en Schieringen kiezen samen waar dit geld naartoe "
            "gaat.",
            amount_cents=amount * 100,
            proposals_from=start,
            proposals_until=start + 25 * day,
            checking_until=start + 46 * day,
            voting_from=start + 53 * day,
            voting_until=start + 74 * day,
            results_on=start + 81 * day,
            rules_text=RULES_TEXT,
        ),
    )


def _advance(budget_round: BudgetRound, coordinator: Actor) -> None:
    to = {p: n for p, n in zip(Phase.values, Phase.values[1:], strict=False)}[budget_round.phase]
    rounds.round_advance(
        actor=coordinator, budget_round=budget_round, expected_version=budget_round.version, to=to
    )


def _propose_and_check(
    budget_round: BudgetRound,
    ideas: list[Idea],
    people: list[Resident],
    hoods: list[Neighbourhood],
    coach: Actor,
    coordinator: Actor,
) -> list[BudgetProposal]:
    goals = selectors_voting.round_area_goals(budget_round)
    proposals = []
    for i, idea in enumerate(ideas):
        author = people[i % len(people)]
        hood = hoods[idea.hood % len(hoods)]
        lat, lon = _place(hood, i) if i % 3 != 2 else (None, None)
        proposals.append(
            voting.proposal_submit(
                actor=_resident_actor(author),
                budget_round=budget_round,
                data=voting.ProposalData(
                    title=idea.title,
                    description=idea.description,
                    cost_estimate_cents=idea.cost * 100,
                    neighbourhood=hood,
                    latitude=lat,
                    longitude=lon,
                    area_goal=goals[i % len(goals)] if goals and i % 2 == 0 else None,
                    name_public=idea.name_public,
                ),
            )
        )
    # Neighbours support the ideas they like (before the check).
    for i, proposal in enumerate(proposals):
        for supporter in people[1 : 2 + (i * 5) % 9]:
            if supporter.pk != proposal.author_id:
                voting.proposal_support(
                    actor=_resident_actor(supporter), budget_round=budget_round, proposal=proposal
                )
    _advance(budget_round, coordinator)  # proposals -> checking
    for proposal, idea in zip(proposals, ideas, strict=True):
        if idea.withdraw:
            voting.proposal_withdraw(
                actor=_resident_actor(people[ideas.index(idea) % len(people)]),
                budget_round=budget_round,
                proposal=proposal,
                reason=idea.withdraw,
                expected_version=proposal.version,
            )
            continue
        feasible, cost, reason = idea.check
        rounds.proposal_check(
            actor=coach,
            proposal=proposal,
            expected_version=proposal.version,
            feasible=feasible,
            cost_cents=cost * 100 if cost else None,
            reason=reason,
        )
    _advance(budget_round, coordinator)  # checking -> voting
    return proposals


def budgets_rounds_demo_load(world: World, named: dict[str, Household], today: dt.date) -> None:
    """Both rounds, once (nothing when the district is missing or already has rounds)."""
    district = District.objects.filter(code=DEMO_DISTRICT).first()
    if district is None or BudgetRound.objects.filter(district=district).exists():
        return
    coordinator = actor_for(world.staff["teamleider"])
    coach = actor_for(world.staff["wijkcoach"])
    hoods = list(Neighbourhood.objects.filter(district=district).order_by("code"))
    people = _demo_residents(district, named)
    if not hoods or len(people) < 3:
        return

    # Last year's round: closed, two projects carried out.
    year = today.year - 1
    last = _round(district, coordinator, year, dt.date(year, 3, 1), f"Buurtbudget {year}", 50_000)
    _advance(last, coordinator)  # draft -> proposals
    _propose_and_check(last, LAST_YEAR, people, hoods, coach, coordinator)
    voting.voting_demo(budget_round=last, ballots=60, seed=year)
    _advance(last, coordinator)  # voting -> results: voting_close, by the teamleider
    _advance(last, coordinator)  # results -> execution
    _carry_out(last, coach, world)

    # This year's round: in its voting phase.
    start = today - dt.timedelta(days=60)
    current = _round(district, coordinator, today.year, start, f"Buurtbudget {today.year}", 60_000)
    _advance(current, coordinator)
    _propose_and_check(current, THIS_YEAR, people, hoods, coach, coordinator)
    voting.voting_demo(budget_round=current, ballots=45, seed=today.year)


def _carry_out(budget_round: BudgetRound, coach: Actor, world: World) -> None:
    """Two selected projects: one delivered, one under way; each with updates and a photo."""
    projects = list(
        BudgetProposal.objects.filter(round=budget_round)
        .exclude(execution_status="")
        .order_by("number")[:2]
    )
    initiatives = list(rounds.selectors.district_initiatives(budget_round.district)[:1])
    steps = [
        [
            ("Opdracht gegeven; de leverancier komt in het voorjaar.", 0, None),
            ("Het werk is begonnen. Bewoners hielpen met de grond.", 40, ("#b5651d", "#8c4a12")),
            ("Klaar! Op de opening kwamen zestig buren.", 55, ("#d9534f", "#a94442")),
        ],
        [
            ("De eerste afspraken zijn gemaakt met de vrijwilligers.", 10, None),
            ("Het eerste deel is klaar.", 35, ("#5bc0de", "#31708f")),
        ],
    ]
    for index, (project, plan) in enumerate(zip(projects, steps, strict=False)):
        line = project.budget_line_cents or project.ballot_cost_cents
        owner_name = "" if (initiatives and index == 1) else "Gemeente Leeuwarden, wijkbeheer"
        for step, (text, percent, colours) in enumerate(plan):
            last_step = index == 0 and step == len(plan) - 1
            rounds.execution_record(
                actor=coach,
                proposal=project,
                expected_version=project.version,
                data=rounds.ExecutionData(
                    owner_name=owner_name,
                    owner_initiative_id=initiatives[0].pk if not owner_name else None,
                    budget_line_cents=line,
                    status=ExecutionStatus.DELIVERED if last_step else ExecutionStatus.IN_PROGRESS,
                    update_text=text,
                    photo=_photo(*colours) if colours else None,
                    photo_alt=f"Foto van het werk aan {project.title.lower()}" if colours else "",
                    spent_cents=line * percent // 100,
                    delivered=(
                        f"{project.title}: opgeleverd en in gebruik. De buurt onderhoudt het "
                        "samen met de gemeente."
                        if last_step
                        else ""
                    ),
                ),
            )
