"""The demo of living together in Mijn Nabij: Karima's message thread with her coach, an entry
in her network she keeps for herself, and Willem's neighbourhood help (his exchange with
Jesse, and a fresh proposal waiting for his answer). The scenario parents' parental authority
is set by ``residents_platform``.

Written through the services by the people who would do it (the coach on the dossier, the
resident in Mijn Nabij, the broker on their pages), so the access log reads as in real use.
Only the clock is moved afterwards: services stamp "now".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from nabij.access import gate
from nabij.access.digid import resident_user_for_bsn
from nabij.access.enums import Event
from nabij.access.gate import Actor
from nabij.conversations import services as conversations
from nabij.conversations.models import Message
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.matching import selectors as matching_selectors
from nabij.matching import services as matching
from nabij.matching.models import Participant, Skill
from nabij.people import services as people
from nabij.people.models import Household, Membership, Resident


def resident_actor(resident: Resident) -> Actor:
    """The resident as Mijn Nabij sees them after a DigiD login (their account is made then)."""
    user = resident_user_for_bsn(None, resident.bsn or "")
    assert user is not None, f"{resident} has no door to Mijn Nabij"
    return Actor(user=user, professional=None, resident=resident, channel="demo")


KARIMA_THREAD = (
    # (days ago, hour, from the coach?, private?, read?, text)
    (
        9,
        10,
        True,
        False,
        True,
        "Hoi Karima, de aanvraag voor urgentie is verstuurd. Binnen zes weken hoor ik iets. "
        "Zal ik je dan bellen?",
    ),
    (8, 15, False, False, True, "Ja graag. Na drie uur, dan is Noor wakker."),
    (
        3,
        11,
        True,
        False,
        True,
        "Goed. Denk je aan donderdag? Dan praten we met school over je opleiding.",
    ),
    (2, 16, False, False, True, "Ik ben er. Samira past op Noor."),
    (
        0,
        9,
        False,
        True,
        False,
        "Ik vind het moeilijk om over de schuld te praten als mijn tante erbij is. "
        "Kunnen we een keer met z'n tweeën praten?",
    ),
)


def karima_thread(world: World, karima: Household, today: dt.date) -> None:
    """Karima writes with her coach in Mijn Nabij; her last message, kept "alleen voor mij",
    waits for him unread (the dossier's Berichten panel shows it)."""
    resident = (
        Membership.objects.select_related("resident")
        .get(household=karima, role=Membership.Role.HEAD, ended_on__isnull=True)
        .resident
    )
    coach = actor_for(world.staff["wijkcoach"])
    for days_ago, hour, from_coach, private, read, text in KARIMA_THREAD:
        if from_coach:  # as on the dossier's Berichten page
            gate.household_for(coach, karima.pk, event=Event.MESSAGE_SEND)
            message = conversations.message_from_professional(
                actor=coach, household=karima, resident_id=resident.pk, body=text, private=private
            )
        else:  # as in Mijn Nabij
            actor = resident_actor(resident)
            gate.own_household_for(actor, event=Event.ME_MESSAGE_SEND, subjects=[resident.pk])
            message = conversations.message_from_resident(
                actor=actor, household=karima, body=text, private=private
            )
        sent = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, 5))
        )
        Message.objects.filter(pk=message.pk).update(
            sent_at=sent, read_at=sent + dt.timedelta(hours=2) if read else None
        )
    gate.own_household_for(
        resident_actor(resident), event=Event.ME_NETWORK_CREATE, subjects=[resident.pk]
    )
    people.network_member_add(
        household=karima,
        name="Amal",
        relation="friend",
        relation_detail="vriendin uit de opvang",
        can_do="luisteren, samen naar het consultatiebureau",
        wants_to_do="er voor Karima zijn",
        household_view="Bij Amal kan ik alles kwijt. Dat hoeft verder niemand te weten.",
        private_to=resident,
    )


def together_demo_load(world: World, households: dict[str, Household], today: dt.date) -> None:
    """Called at the end of ``scenarios_load``."""
    if "karima" in households:
        karima_thread(world, households["karima"], today)


def willem_waits_for_an_answer(world: World, households: dict[str, Household]) -> None:
    """Called after the neighbourhood help of the demo is loaded: Willem added in Mijn Nabij
    that he needs help with the shopping and can take a second exchange; Fenna, a volunteer
    in Schieringen, offers exactly that; the broker's run proposes her to him. The proposal
    waits for Willem's own yes or no (log in as Willem, *Buurthulp*)."""
    household = households.get("willem")
    if household is None:
        return
    resident = (
        Membership.objects.select_related("resident")
        .get(household=household, role=Membership.Role.HEAD, ended_on__isnull=True)
        .resident
    )
    willem = matching_selectors.own_participant(resident.pk)
    if willem is None:
        return
    skills = {s.code: s.pk for s in Skill.objects.filter(active=True)}
    actor = resident_actor(resident)  # as in Mijn Nabij, Buurthulp
    own = gate.own_household_for(actor, event=Event.ME_NEIGHBOURHOOD_UPDATE, subjects=[resident.pk])
    gate.log_participants(
        actor, [willem], event=Event.ME_NEIGHBOURHOOD_UPDATE, household_id=own.household.pk
    )
    matching.own_update(
        actor=actor,
        household=household,
        participant=willem,
        expected_version=willem.version,
        choices=matching.OwnChoices(
            offers=[o.skill_id for o in willem.offers.all()],
            needs={
                **{n.skill_id: n.urgency for n in willem.needs.filter(status="open")},
                skills["boodschappen"]: 3,
            },
            languages=list(willem.languages),
            reach=willem.reach,
            radius_km=willem.radius_km,
            capacity=2,
            phone=willem.phone,
            email=willem.email,
        ),
        plan_consent=willem.plan_consent,
    )
    broker = actor_for(world.staff["makelaar"])
    fenna = matching.participant_register(
        actor=broker,
        data=matching.ProfileInput(
            first_name="Fenna",
            last_name="de Boer",
            neighbourhood_id=household.neighbourhood_id,
            languages=["nl", "fy"],
            offers={skills["boodschappen"]: Decimal(2)},
            phone="06 4445 5566",
            reach="neighbourhood",
        ),
        consent_given=True,
        consent_by=Participant.ConsentBy.IN_WRITING,
        not_a_duplicate=True,
    )
    matching.run_matching(actor=broker, only=[willem.pk, fenna.pk])
