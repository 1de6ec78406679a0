"""Demo: applications and a challenge for the three initiatives of Heechterp & Schieringen (the
register's demo makes them; found here by name). The cooking group got a subsidy and told what
it did with it; the walking group waits for an answer that is nearly due; the cooperative was
refused a large subsidy by the administrator, with reasons, and challenges the municipality to
let it keep the neighbourhood's green, now in talks. Everything goes through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nabij.access import gate
from nabij.access.digid import resident_user_for_bsn
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.initiatives import services_applications as services
from nabij.initiatives.models import Application, Challenge, Initiative

COOPERATIVE = "Buurtcoöperatie Heechterp-Schieringen"
COOKING = "Kookgroep De Skalm"
WALKING = "Wandelgroep Schieringen Stapt"


def _contact(initiative: Initiative) -> gate.Actor | None:
    contact = initiative.contacts.select_related("resident").filter(ended_on__isnull=True).first()
    if contact is None:
        return None
    user = resident_user_for_bsn(None, contact.resident.bsn or "")
    if user is None:
        return None
    return gate.Actor(user=user, professional=None, resident=contact.resident, channel="demo")


def _back(application: Application, days_ago: int, decide_in: int) -> None:
    """Dates as if it came in ``days_ago`` days ago (the services stamp today)."""
    submitted = timezone.now() - dt.timedelta(days=days_ago)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=submitted, decide_by=timezone.localdate() + dt.timedelta(days=decide_in)
    )


def applications_demo_load(world: World, today: dt.date) -> None:
    """Nothing without the register's demo initiatives (or when they already applied)."""
    found = {i.name: i for i in Initiative.objects.filter(name__in=[COOPERATIVE, COOKING, WALKING])}
    if len(found) < 3 or Application.objects.filter(initiative__in=found.values()).exists():
        return
    lead = actor_for(world.staff["teamleider"])
    administrator = actor_for(world.staff["beheerder"])
    year = today.year

    cooking = found[COOKING]
    karima = _contact(cooking)
    if karima is not None:
        granted = services.application_submit(
            actor=karima,
            initiative=cooking,
            kind=Application.Kind.SUBSIDY,
            amount_cents=60_000,
            purpose="Een tweede kookplaat en pannen, zodat we elke dinsdag voor dertig buren "
            "kunnen koken.",
            year=year,
        )
        granted = services.application_decide(
            actor=lead,
            application=granted,
            expected_version=1,
            decision=services.Decision(
                services.GRANT_FULL,
                "De kookgroep brengt buren samen die anders alleen eten. Dat past bij het "
                "gebiedsplan: minder eenzaamheid in Heechterp.",
            ),
        )
        services.application_account(
            actor=karima,
            application=granted,
            expected_version=granted.version,
            story="Met de nieuwe kookplaat koken we nu elke dinsdag. Er komen vaste gasten, "
            "ook twee mannen die eerst nooit de deur uit kwamen. Hakan kookt mee.",
            figures={"people_reached": 34, "activities": 14, "volunteers": 6, "hours": 120},
        )
        _back(granted, 60, -32)

    walking = found[WALKING]
    gladys = _contact(walking)
    if gladys is not None:
        waiting = services.application_submit(
            actor=gladys,
            initiative=walking,
            kind=Application.Kind.AREA_FUND,
            amount_cents=35_000,
            purpose="Hesjes en een EHBO-tas voor de wandelingen op zaterdag.",
            year=year,
        )
        _back(waiting, 25, 3)

    cooperative = found[COOPERATIVE]
    willem = _contact(cooperative)
    if willem is None:
        return
    refused = services.application_submit(
        actor=willem,
        initiative=cooperative,
        kind=Application.Kind.SUBSIDY,
        amount_cents=800_000,
        purpose="Een elektrische bakfiets voor boodschappen van oudere leden.",
        year=year,
    )
    services.application_decide(
        actor=administrator,
        application=refused,
        expected_version=1,
        decision=services.Decision(
            services.REFUSE,
            "De subsidieregeling betaalt geen vervoermiddelen. Vraag de Stichting Welzijn "
            "Leeuwarden om een deelbakfiets; die staat er al een in Schieringen.",
        ),
    )
    challenge = services.challenge_submit(
        actor=willem,
        initiative=cooperative,
        task="Onderhoud van het groen in Schieringen-Noord",
        plan="Twaalf leden maaien, snoeien en planten onder leiding van een hovenier uit de "
        "buurt. De coöperatie huurt het gereedschap en betaalt de hovenier.",
        budget_cents=1_800_000,
        current_cost_cents=2_400_000,
    )
    challenge = services.challenge_step(
        actor=lead,
        challenge=challenge,
        expected_version=1,
        to=Challenge.Status.IN_REVIEW,
        note="De wijkbeheerder kijkt welke stukken groen mee kunnen doen.",
    )
    services.challenge_step(
        actor=lead,
        challenge=challenge,
        expected_version=challenge.version,
        to=Challenge.Status.IN_TALKS,
        note="Eerste gesprek gehad. De gemeente wil een proef van een jaar op drie plekken.",
        decide_by=challenge.decide_by + dt.timedelta(days=28),
    )
