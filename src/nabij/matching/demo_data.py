"""The demo's neighbourhood help: Willem and Jesse (registered by their district team, their
swap introduced two months ago), and about sixty synthetic neighbours and volunteers in the
districts of the Heechterp-Schieringen team, with eight months of exchanges behind them and
a fresh run of proposals waiting for the broker.

Everything is written through the services, by the people who would do it on the pages, so
the register, the proposals and the access log are as in real use. Only the clock is moved
afterwards (introduction and end dates spread over past months), since services stamp "now".
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from nabij.areas.models import Neighbourhood
from nabij.demo import names
from nabij.demo.world import TEAMS, World
from nabij.demo.writers import actor_for
from nabij.matching import services
from nabij.matching.models import Need, Participant, Proposal, ProposalParty, Skill
from nabij.people.models import Household

DEMO_SEED = 4
VOLUNTEER_SHARE = 0.2
PAST_NEIGHBOURS = 40
WAITING_NEIGHBOURS = 24
LANGUAGES = (["nl"], ["nl"], ["nl", "fy"], ["nl", "fy"], ["nl", "en"], ["nl", "ar"], ["nl", "tr"])
FEEDBACK = (
    ("good", "Fijn contact, we gaan gewoon door."),
    ("good", "Precies wat ik nodig had."),
    ("mixed", "Goed, maar de tijden pasten lastig."),
    ("good", "Eindelijk iemand die meedenkt."),
    ("poor", "Het klikte niet."),
)


def _skills() -> dict[str, Skill]:
    return {s.code: s for s in Skill.objects.filter(active=True)}


def _profile(
    rng: random.Random, place: Neighbourhood, skills: list[Skill]
) -> services.ProfileInput:
    female = rng.random() < 0.55
    first = rng.choice(names.FIRST_NAMES_FEMALE if female else names.FIRST_NAMES_MALE)
    offers = rng.sample(skills, rng.randint(1, 3))
    needs: list[Skill] = []
    if rng.random() >= VOLUNTEER_SHARE:
        needs = rng.sample([s for s in skills if s not in offers], rng.randint(1, 2))
    return services.ProfileInput(
        first_name=first,
        last_name=rng.choice(names.LAST_NAMES),
        neighbourhood_id=place.pk,
        languages=list(rng.choice(LANGUAGES)),
        offers={s.pk: Decimal(rng.choice((1, 2, 2, 3, 4))) for s in offers},
        needs={s.pk: (Decimal(rng.choice((1, 2, 3))), rng.choice((1, 2, 2, 3))) for s in needs},
        phone=f"06 {rng.randint(10_000_000, 99_999_999)}",
        gender="woman" if female else "man",
        radius_km=Decimal(rng.choice(("1.5", "2.0", "3.0", "5.0"))),
        capacity=1 if rng.random() < 0.85 else 2,
    )


def _register_crowd(
    world: World, rng: random.Random, count: int, places: list[Neighbourhood]
) -> list[Participant]:
    broker = actor_for(world.staff["makelaar"])
    skills = list(_skills().values())
    crowd = []
    for _ in range(count):
        data = _profile(rng, rng.choice(places), skills)
        crowd.append(
            services.participant_register(
                actor=broker,
                data=data,
                consent_given=True,
                consent_by=rng.choice(["orally", "in_writing", "self"]),
                not_a_duplicate=True,
            )
        )
    return crowd


def _agree(world: World, proposal: Proposal) -> Proposal:
    broker = actor_for(world.staff["makelaar"])
    for party in proposal.parties.all():
        proposal = services.proposal_respond(
            actor=broker,
            proposal=proposal,
            expected_version=proposal.version,
            participant_id=party.participant_id,
            agrees=True,
        )
    return proposal


def _introduce(world: World, proposal: Proposal, today: dt.date) -> Proposal:
    agreed = _agree(world, proposal)
    return services.proposal_introduce(
        actor=actor_for(world.staff["makelaar"]),
        proposal=agreed,
        expected_version=agreed.version,
        follow_up_on=today + dt.timedelta(days=28),
    )


def _backdate(proposal: Proposal, introduced: dt.datetime, ended: dt.datetime | None) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=introduced - dt.timedelta(days=6),
        agreed_at=introduced - dt.timedelta(days=2),
        introduced_at=introduced,
        follow_up_on=(introduced + dt.timedelta(days=28)).date(),
        closed_at=ended,
    )


def willem_and_jesse(world: World, named: dict[str, Household], today: dt.date) -> None:
    """Their district team registered both (with consent, sharing a sentence each); the
    broker's swap was introduced 55 days ago and followed up 25 days ago. Their plans already
    hold the exchange (the scenario wrote it), so it is marked as recorded there."""
    coach = actor_for(world.staff["wijkcoach"])
    skills = _skills()
    profiles = {
        "willem": (
            ["administratie", "formulieren"],
            [("tuin", 3), ("klussen", 2)],
            "Zit in een rolstoel; goed met papierwerk en post.",
        ),
        "jesse": (
            ["klussen", "tuin"],
            [("administratie", 3)],
            "Wil graag klussen doen; zijn administratie is een chaos.",
        ),
    }
    people = []
    for key, (offers, needs, shared) in profiles.items():
        household = named[key]
        resident = next(m.resident for m in household.memberships.select_related("resident"))
        people.append(
            services.participant_register(
                actor=coach,
                data=services.ProfileInput(
                    first_name=resident.first_name,
                    last_name=resident.last_name,
                    neighbourhood_id=household.neighbourhood_id,
                    languages=["nl", "fy"],
                    offers={skills[c].pk: Decimal(3) for c in offers},
                    needs={skills[c].pk: (Decimal(2), u) for c, u in needs},
                    phone="06 2223 3344" if key == "willem" else "06 5556 6677",
                    reach="neighbourhood",
                ),
                consent_given=True,
                consent_by=Participant.ConsentBy.TEAM,
                resident=resident,
                shared_by_team=shared,
                plan_consent=True,
            )
        )
    broker = actor_for(world.staff["makelaar"])
    proposal = services.run_matching(actor=broker).proposal_set.get()
    proposal = _introduce(world, proposal, today)
    proposal = services.proposal_follow_up(
        actor=broker,
        proposal=proposal,
        expected_version=proposal.version,
        note="Jesse maait elke twee weken het gras; Willem doet elke donderdag de post met hem.",
    )
    now = timezone.now()
    _backdate(proposal, now - dt.timedelta(days=55), None)
    Proposal.objects.filter(pk=proposal.pk).update(followed_up_at=now - dt.timedelta(days=25))
    ProposalParty.objects.filter(proposal=proposal).update(recorded_in_plan_at=now)
    Participant.objects.filter(pk__in=[p.pk for p in people]).update(
        consent_at=now - dt.timedelta(days=62)
    )


def matching_demo_load(world: World, named: dict[str, Household], today: dt.date) -> None:
    rng = random.Random(DEMO_SEED)
    if "willem" in named and "jesse" in named:
        willem_and_jesse(world, named, today)
    team = next(t for t in TEAMS if t.key == "heechterp")
    places = list(Neighbourhood.objects.filter(district__code__in=team.districts).order_by("code"))
    if not places:
        return
    broker = actor_for(world.staff["makelaar"])
    now = timezone.now()
    # Eight months of exchanges: introduced, most ended with feedback and hours.
    crowd = _register_crowd(world, rng, PAST_NEIGHBOURS, places)
    months_ago = now - dt.timedelta(days=240)
    Participant.objects.filter(pk__in=[p.pk for p in crowd]).update(consent_at=months_ago)
    Need.objects.filter(participant__in=crowd).update(created_at=months_ago)
    past = list(services.run_matching(actor=broker).proposal_set.order_by("pk"))
    for index, proposal in enumerate(past):
        proposal = _introduce(world, proposal, today)
        introduced = now - dt.timedelta(days=20 + (index * 215) // max(len(past), 1))
        if introduced > now - dt.timedelta(days=40):
            _backdate(proposal, introduced, None)
            continue
        feedback = {}
        for party in proposal.parties.all():
            rating, words = rng.choice(FEEDBACK)
            feedback[party.participant_id] = services.Feedback(
                rating, words, Decimal(rng.choice((4, 6, 8, 10, 12, 16, 20)))
            )
        services.proposal_end(
            actor=broker, proposal=proposal, expected_version=proposal.version, feedback=feedback
        )
        _backdate(proposal, introduced, introduced + dt.timedelta(days=rng.randint(21, 35)))
    # New neighbours this month, and a run the broker has not worked through yet.
    _register_crowd(world, rng, WAITING_NEIGHBOURS, places)
    fresh = list(services.run_matching(actor=broker).proposal_set.order_by("pk"))
    for proposal in fresh[:2]:
        _agree(world, proposal)
    if len(fresh) > 3:
        declined = fresh[2]
        party = list(declined.parties.order_by("position"))[-1]
        services.proposal_respond(
            actor=broker,
            proposal=declined,
            expected_version=declined.version,
            participant_id=party.participant_id,
            agrees=False,
            reason="Liever iemand uit de eigen straat",
        )
