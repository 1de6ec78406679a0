"""The demo's area accounts for Heechterp-Schieringen (WK008050), the district where the first
Dutch social district team started.

- Last year's account, published: the team's texts, an anonymised household story with the
  household's recorded consent (Gladys, written about as "een moeder met drie kinderen": no
  name, no street) and an initiative's story. Written by the wijkcoach, published by the
  teamleider, so the review step is a real one.
- This year's account, a draft: one story in which the wijkcoach planted the full name of a
  demo resident, so a visitor sees the story check at work (and the draft cannot be sent for
  review until the sentence is changed).

Written through the services, by the people who would do it on the pages. Deterministic: the
same texts every time, the years relative to today as everywhere in the demo.
"""

from __future__ import annotations

import datetime as dt

from nabij.access import gate
from nabij.access.enums import Event
from nabij.areas.models import District
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.people.models import Household
from nabij.reports import services
from nabij.reports.models import AreaAccount, Story

DEMO_DISTRICT = "WK008050"

INTRO = (
    "Heechterp en Schieringen zijn wijken met veel jonge gezinnen, veel huurwoningen en een "
    "sterke buurt. Het sociaal wijkteam werkt er met één plan per huishouden en één vaste "
    "wijkcoach. Dit is onze verantwoording over het jaar: wat we deden, wat bewoners "
    "vertellen, de cijfers, en wat we ervan leerden."
)
LESSONS = (
    "Eerst het geld en het huis, dan de rest. Zolang de post ongeopend bleef, hielp geen "
    "enkele cursus.\n\n"
    "Eén plan werkt alleen als alle hulpverleners het ook gebruiken. Waar vijf organisaties "
    "elk hun eigen plan hielden, ging de tijd naar overleg in plaats van naar het gezin.\n\n"
    "Bewoners doen veel zelf als wij ruimte maken: de kookavonden in het buurthuis zijn door "
    "bewoners bedacht en worden door bewoners gedragen."
)
CHANGES = (
    "We vragen bij elk nieuw huishouden eerst wat het belangrijkst is, en zetten dat bovenaan "
    "het plan.\n\n"
    "We maken afspraken met de organisaties in de wijk om met één plan te werken, en spreken "
    "elkaar daarop aan.\n\n"
    "We zetten het wijkbudget vaker in voor snelle, kleine oplossingen, en leggen elke "
    "doorbraak vast zodat we ervan kunnen leren."
)
HOUSEHOLD_STORY = (
    "Een moeder met drie kinderen had schulden en acht verschillende hulpverleners, die elk "
    "een eigen plan hadden. Ze maakte haar post niet meer open, uit angst voor wat erin zat.\n\n"
    "Op de vraag wat voor haar het belangrijkste was, zei ze: de schulden. Dat werd het eerste "
    "doel in één gezamenlijk plan. Een tante helpt nu elke week met de post. De schulden zijn "
    "in beeld en er is een regeling.\n\n"
    "Ze zegt er zelf over: \u201cIk kan weer een brief openmaken zonder bang te zijn.\u201d"
)
INITIATIVE_STORY = (
    "Elke woensdag koken bewoners samen in het buurthuis. Wie wil, schuift aan; wie kan, kookt "
    "mee. Het begon met een idee van een paar buren en is uitgegroeid tot een vaste avond.\n\n"
    "Voor sommige deelnemers is het de plek waar ze weer mee gaan doen: iemand die zelf hulp "
    "kreeg, kookt nu als tegenprestatie mee. Het wijkteam hielp met de eerste boodschappen uit "
    "het wijkbudget; de rest regelen de bewoners zelf."
)
DRAFT_INTRO = (
    "Dit jaar werkten we verder aan één plan per huishouden. Deze verantwoording is nog in "
    "bewerking."
)
# The planted name: the story check flags this sentence until the team rewrites it.
DRAFT_STORY = (
    "Een jonge moeder zocht een woning voor zichzelf en haar dochter. Karima El Amrani vertelde "
    "ons dat ze zonder huis ook haar schulden niet kon aanpakken. Samen met de "
    "woningcorporatie vonden we een oplossing."
)


def reports_demo_load(world: World, named: dict[str, Household], today: dt.date) -> None:
    """Last year's account published, this year's in draft (skipped without the district)."""
    district = District.objects.filter(code=DEMO_DISTRICT).first()
    gladys = named.get("gladys")
    if district is None or gladys is None:
        return
    coach = actor_for(world.staff["wijkcoach"])
    lead = actor_for(world.staff["teamleider"])
    published = services.account_start(actor=coach, district=district, year=today.year - 1)
    _texts(coach, published, INTRO, LESSONS, CHANGES)
    story = _story(coach, published, Story.Kind.HOUSEHOLD, "Eerst de schulden", HOUSEHOLD_STORY)
    _story(coach, published, Story.Kind.INITIATIVE, "Samen koken op woensdag", INITIATIVE_STORY)
    household = gate.household_for(coach, gladys.pk, event=Event.REPORTS_CONSENT_RECORD)
    mother = household.memberships.filter(resident__first_name="Gladys").get()
    services.consent_record(
        actor=coach,
        account=published,
        expected_version=published.version,
        story_id=story.pk,
        household=household,
        resident_id=mother.resident_id,
        given_on=today - dt.timedelta(days=20),
        form=Story.ConsentForm.WRITTEN,
    )
    services.submit(actor=coach, account=published, expected_version=published.version)
    services.publish(actor=lead, account=published, expected_version=published.version)

    draft = services.account_start(actor=coach, district=district, year=today.year)
    _texts(coach, draft, DRAFT_INTRO, "", "")
    _story(coach, draft, Story.Kind.RESIDENT, "Een huis voor moeder en dochter", DRAFT_STORY)


def _texts(actor: gate.Actor, account: AreaAccount, intro: str, lessons: str, changes: str) -> None:
    services.sections_save(
        actor=actor,
        account=account,
        expected_version=account.version,
        intro=intro,
        lessons=lessons,
        changes=changes,
    )


def _story(actor: gate.Actor, account: AreaAccount, kind: str, title: str, text: str) -> Story:
    return services.story_add(
        actor=actor,
        account=account,
        expected_version=account.version,
        kind=kind,
        title=title,
        text=text,
    )
