"""The demo's practice library: published stories a visitor can search and filter, and a draft
that the check stops.

- Hakan's passport and cooking story, drawn from his breakthrough (through the gate for his
  household), his consent recorded, published by the wijkcoach: written without his name.
- The mother facing eviction, written fresh by the wijkcoach: no name, no street.
- A story started from the published area account's initiative story.
- One story imported from ``data/sample-import.json``: a fictional "Gemeente Heerenveen",
  labelled as such, through the same import as ``nabij practices import``.
- A draft in which the coach wrote a resident's full name: the check shows where.

The rules they name are added to the rules register when it lacks them (by owner and name).
Called from ``nabij.demo.services`` after the area accounts (``practices_demo_load``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.models import Organisation
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.people.models import Household
from nabij.practices import exchange, selectors, services
from nabij.practices.models import PracticeStory

SAMPLE = Path(__file__).parent / "data" / "sample-import.json"

HAKAN_TITLE = "Een voorschot voor een paspoort, terugbetaald met koken"
HAKAN_TEXT = (
    "Een man van middelbare leeftijd, vroeger kok, had geen geldig paspoort meer. Zonder "
    "paspoort werd zijn verblijfsvergunning niet verlengd en kreeg hij geen uitkering. Zonder "
    "uitkering had hij geen geld voor een nieuw paspoort.\n\n"
    "Het wijkteam zette de regel opzij dat er geen voorschot komt zonder geldig "
    "identiteitsbewijs. De teamleider gaf met doorzettingsmacht een voorschot van € 400 uit de "
    "wijkkas voor het paspoort en de leges. Als tegenprestatie kookt hij 40 uur als "
    "vrijwilliger in het buurthuis.\n\n"
    "Het paspoort is binnen. De verlenging van de verblijfsvergunning loopt nog. Koken in het "
    "buurthuis gaf hem zijn ritme terug, en de buurt een warme maaltijd."
)
EVICTION_TITLE = "Een betalingsregeling in plaats van een ontruiming"
EVICTION_TEXT = (
    "Een moeder met een dochter had een huurachterstand. De woningcorporatie had de "
    "ontruiming al aangezegd, over drie weken. Voor schuldhulp gold een wachtlijst, en een "
    "traject begon pas als de ontruiming van tafel was.\n\n"
    "Het wijkteam belde dezelfde dag met de corporatie. Samen spraken we een "
    "betalingsregeling af en de ontruiming werd opgeschort. Moeder en dochter bleven in hun "
    "huis; de dochter bleef op haar eigen school.\n\n"
    "Een nacht in de maatschappelijke opvang kost veel meer dan een regeling. Wat we "
    "leerden: bel de corporatie bij de eerste aanmaning, niet bij de aanzegging."
)
COOKING_TITLE = "Samen koken op woensdag"
COOKING_TEXT = (
    "Bewoners koken elke woensdag samen in het buurthuis. Wie alleen woont eet mee, wie wil "
    "leert koken. Het begon met een vraag van het wijkteam en groeide uit tot een vaste "
    "avond met meer dan 20 vaste gasten. Het wijkfonds betaalt de boodschappen; de "
    "vrijwilligers zijn bewoners."
)
DRAFT_TITLE = "Concept: een huis voor een jongere zonder dak"
DRAFT_TEXT_START = "Dit verhaal is nog niet af. "


def _rules(world: World) -> dict[str, int]:
    """The rules the demo stories name, added to the register where missing."""
    from nabij.learning.models import Rule

    government, _ = Organisation.objects.get_or_create(
        name="Rijksoverheid", defaults={"kind": Organisation.Kind.OTHER}
    )
    specs = [
        (
            "passport",
            government,
            "Participatiewet: geen bijstand of voorschot zonder geldig identiteitsbewijs",
            Rule.Kind.LAW,
            "Participatiewet, art. 17",
        ),
        (
            "eviction",
            world.organisations["woonstichting"],
            "Ontruiming na drie maanden huurachterstand",
            Rule.Kind.ORGANISATION,
            "Incassobeleid huurachterstand",
        ),
        (
            "waiting",
            world.organisations["gemeente"],
            "Schuldhulp begint pas na de wachtlijst",
            Rule.Kind.POLICY,
            "Beleidsregels schuldhulpverlening Leeuwarden",
        ),
    ]
    out = {}
    for key, owner, name, kind, reference in specs:
        rule, _ = Rule.objects.get_or_create(
            owner=owner,
            name=name,
            defaults={"kind": kind, "reference": reference, "description": name},
        )
        out[key] = rule.pk
    return out


def practices_demo_load(world: World, named: dict[str, Household], today: dt.date) -> None:
    coach = actor_for(world.staff["wijkcoach"])
    rules = _rules(world)
    hakan = named.get("hakan")
    if hakan is not None:
        household = gate.household_for(coach, hakan.pk, event=Event.PRACTICES_DRAFT_START)
        breakthrough = household.breakthroughs.order_by("pk").first()
        if breakthrough is not None:
            story = services.draft_create(
                actor=coach,
                breakthrough=breakthrough,
                data=services.StoryData(
                    title=HAKAN_TITLE,
                    text=HAKAN_TEXT,
                    outcome=PracticeStory.Outcome.PARTLY,
                    domains=["financien", "justitie", "dagbesteding"],
                    rule_ids=[rules["passport"]],
                    cost_before_cents=1_850_000,
                    cost_after_cents=40_000,
                    area_type=PracticeStory.AreaType.CITY,
                ),
            )
            _consent_and_publish(coach, story, today)
    eviction = services.draft_create(
        actor=coach,
        data=services.StoryData(
            title=EVICTION_TITLE,
            text=EVICTION_TEXT,
            outcome=PracticeStory.Outcome.SOLVED,
            domains=["huisvesting", "financien", "huiselijke-relaties"],
            rule_ids=[rules["eviction"], rules["waiting"]],
            cost_before_cents=6_000_000,
            cost_after_cents=350_000,
            area_type=PracticeStory.AreaType.CITY,
        ),
    )
    services.publish(actor=coach, story=eviction, expected_version=eviction.version)
    from_account = next((s for s in selectors.account_stories() if s.title == COOKING_TITLE), None)
    cooking = services.draft_create(
        actor=coach,
        account_id=from_account.account_id if from_account else None,
        data=services.StoryData(
            title=COOKING_TITLE,
            text=COOKING_TEXT,
            outcome=PracticeStory.Outcome.SOLVED,
            domains=["sociaal-netwerk", "maatschappelijke-participatie"],
            area_type=PracticeStory.AreaType.CITY,
        ),
    )
    services.publish(actor=coach, story=cooking, expected_version=cooking.version)
    result = exchange.import_bytes(SAMPLE.read_bytes())
    assert result.ok, result.problems
    sandra = named.get("sandra")
    if sandra is not None:
        member = sandra.memberships.select_related("resident").order_by("pk").first()
        name = f"{member.resident.first_name} {member.resident.last_name}" if member else ""
        services.draft_create(
            actor=coach,
            data=services.StoryData(
                title=DRAFT_TITLE,
                text=DRAFT_TEXT_START
                + f"{name} belde ons op 06-12345678 toen haar zoon geen dak meer had.",
            ),
        )


def _consent_and_publish(coach: gate.Actor, story: PracticeStory, today: dt.date) -> None:
    story.refresh_from_db()
    services.draft_update(
        actor=coach,
        story=story,
        expected_version=story.version,
        data=services.StoryData(
            title=story.title,
            text=story.text,
            outcome=story.outcome,
            domains=[d.code for d in story.domains.all()],
            rule_ids=[r.pk for r in story.rules.all()],
            cost_before_cents=story.cost_before_cents,
            cost_after_cents=story.cost_after_cents,
            area_type=story.area_type,
        ),
        consent=services.ConsentData(today - dt.timedelta(days=10), "written"),
    )
    story.refresh_from_db()
    services.publish(actor=coach, story=story, expected_version=story.version)
