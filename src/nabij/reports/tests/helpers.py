"""Shared set-up for the account tests: team A works in the district of ``world.household``,
team B in the other household's; an account written by ``assigned``, with Karima's consent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.gate import Actor
from nabij.access.models import Professional
from nabij.reports import services
from nabij.reports.models import AreaAccount, Story

YEAR = 2025


def actor_of(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def districts(world):
    district_a = world.household.neighbourhood.district
    district_b = world.other_household.neighbourhood.district
    world.coordinator.team.districts.add(district_a)
    world.other_coordinator.team.districts.add(district_b)
    return district_a, district_b


INTRO = "Heechterp is een wijk met veel jonge gezinnen."
LESSONS = "We leerden dat eerst het geld en het huis geregeld moeten zijn."
CHANGES = "We gaan vaker samen met het buurthuis werken."
HOUSEHOLD_STORY = "Een moeder met twee kinderen had schulden. Samen maakten we een plan."
INITIATIVE_STORY = "Bewoners koken elke week samen in het buurthuis."


def written_account(world, *, year: int = YEAR, consent: bool = True) -> AreaAccount:
    """A draft with its texts, a household story (with Karima's consent) and an initiative's
    story, all written by ``assigned``: ready to send for review."""
    district, _ = districts(world)
    writer = actor_of(world.assigned)
    account = services.account_start(actor=writer, district=district, year=year)
    services.sections_save(
        actor=writer,
        account=account,
        expected_version=account.version,
        intro=INTRO,
        lessons=LESSONS,
        changes=CHANGES,
    )
    story = services.story_add(
        actor=writer,
        account=account,
        expected_version=account.version,
        kind=Story.Kind.HOUSEHOLD,
        title="Eerst de schulden",
        text=HOUSEHOLD_STORY,
    )
    services.story_add(
        actor=writer,
        account=account,
        expected_version=account.version,
        kind=Story.Kind.INITIATIVE,
        title="Samen koken",
        text=INITIATIVE_STORY,
    )
    if consent:
        record_consent(world, account, story)
    return account


def record_consent(world, account: AreaAccount, story: Story, *, by=None) -> None:
    actor = actor_of(by or world.assigned)
    household = gate.household_for(actor, world.household.pk, event=Event.REPORTS_CONSENT_RECORD)
    services.consent_record(
        actor=actor,
        account=account,
        expected_version=account.version,
        story_id=story.pk,
        household=household,
        resident_id=world.resident.pk,
        given_on=timezone.localdate() - dt.timedelta(days=30),
        form=Story.ConsentForm.WRITTEN,
    )


def published_account(world, *, year: int = YEAR) -> AreaAccount:
    account = written_account(world, year=year)
    services.submit(
        actor=actor_of(world.assigned), account=account, expected_version=account.version
    )
    services.publish(
        actor=actor_of(world.coordinator), account=account, expected_version=account.version
    )
    account.refresh_from_db()
    return account
