"""Every matching page by every role: only the social broker works in the register; the
district team reaches only its own residents' profiles from the dossier; every refusal and
every profile read is logged; case files never reach the broker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.matching import services
from nabij.matching.models import BlockedPair, Notice, Participant, Proposal
from nabij.matching.tests.conftest import actor_of, register
from nabij.tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_world(world, town):
    """Karima registered by her coordinator (sharing one sentence), a neighbour registered by
    the broker, a run, one proposal agreed and introduced, one declined (a block and a
    notice)."""
    karima = register(
        world.assigned,
        "Karima",
        "El Amrani",
        town.heechterp,
        offers=("koken",),
        needs=(("administratie", 3),),
        resident=world.resident,
        plan_consent=True,
        shared_by_team="Heeft een kind van twee; liefst overdag.",
    )
    jesse = register(
        world.broker,
        "Jesse",
        "Postma",
        town.heechterp,
        offers=("administratie",),
        needs=(("koken", 1),),
    )
    bram = register(
        world.broker, "Bram", "Smit", town.schieringen, offers=("tuin",), needs=(("klussen", 2),)
    )
    cor = register(
        world.broker, "Cor", "Tol", town.schieringen, offers=("klussen",), needs=(("tuin", 2),)
    )
    run = services.run_matching(actor=actor_of(world.broker))
    by_people = {
        frozenset(p.parties.values_list("participant_id", flat=True)): p
        for p in run.proposal_set.all()
    }
    live = by_people[frozenset({karima.pk, jesse.pk})]
    for party in live.parties.all():
        live = services.proposal_respond(
            actor=actor_of(world.broker),
            proposal=live,
            expected_version=live.version,
            participant_id=party.participant_id,
            agrees=True,
        )
    live = services.proposal_introduce(
        actor=actor_of(world.broker),
        proposal=live,
        expected_version=live.version,
        follow_up_on=timezone.localdate() + dt.timedelta(days=7),
    )
    other = by_people[frozenset({bram.pk, cor.pk})]
    services.proposal_respond(
        actor=actor_of(world.broker),
        proposal=other,
        expected_version=1,
        participant_id=cor.pk,
        agrees=False,
        reason="Niet nu",
    )
    return {"karima": karima, "jesse": jesse, "run": run, "live": live, "declined": other}


def broker_pages(w, r) -> dict[str, str]:
    p, k = r["jesse"].pk, r["karima"].pk
    return {
        "overview": reverse("matching:overview"),
        "participants": reverse("matching:participants"),
        "new participant": reverse("matching:participant_new"),
        "profile": reverse("matching:participant", args=[p]),
        "profile of a team client": reverse("matching:participant", args=[k]),
        "edit": reverse("matching:participant_edit", args=[p]),
        "withdraw consent": reverse("matching:consent_withdraw", args=[p]),
        "run form": reverse("matching:run_new"),
        "run": reverse("matching:run", args=[r["run"].pk]),
        "proposals": reverse("matching:proposals"),
        "proposal": reverse("matching:proposal", args=[r["live"].pk]),
    }


def broker_posts(w, r) -> dict[str, tuple[str, dict]]:
    live, declined, jesse = r["live"], r["declined"], r["jesse"]
    notice = Notice.objects.first()
    block = BlockedPair.objects.first()
    return {
        "pause": (
            reverse("matching:participant_pause", args=[jesse.pk]),
            {"version": jesse.version, "paused": "1"},
        ),
        "respond": (
            reverse("matching:respond", args=[declined.pk]),
            {"version": 1, "participant": jesse.pk, "answer": "agree"},
        ),
        "follow up": (
            reverse("matching:follow_up", args=[live.pk]),
            {"version": live.version, "note": "goed"},
        ),
        "withdraw": (reverse("matching:withdraw", args=[live.pk]), {"version": live.version}),
        "notice told": (reverse("matching:notice_told", args=[notice.pk]), {}),
        "lift block": (reverse("matching:block_lift", args=[block.pk]), {"reason": "toch"}),
        "run": (reverse("matching:run_new"), {"max_cycle": 3, "max_chain": 3, "time_limit": 5}),
        "withdraw consent": (reverse("matching:consent_withdraw", args=[jesse.pk]), {}),
    }


def refused(username: str) -> int:
    return AccessLogEntry.objects.filter(username=username, outcome="refused").count()


@pytest.mark.parametrize("who", ROLES)
def test_broker_pages(world, register_world, client, who):
    professional = world.by_key(who)
    client.force_login(professional.user)
    for name, url in broker_pages(world, register_world).items():
        before = refused(professional.user.username)
        status = client.get(url).status_code
        if who == "broker":
            assert status == 200, (name, status)
        else:
            # a list or the register as a whole is a 403; one profile they may not see, a 404
            assert status in (403, 404), (name, who, status)
            assert refused(professional.user.username) > before, f"{name}: refusal not logged"


@pytest.mark.parametrize("who", [r for r in ROLES if r != "broker"])
def test_nobody_but_the_broker_changes_the_register(world, register_world, client, who):
    professional = world.by_key(who)
    client.force_login(professional.user)
    state = (
        list(Participant.objects.order_by("pk").values_list("status", "version")),
        list(Proposal.objects.order_by("pk").values_list("status", "version")),
        Notice.objects.filter(told_at__isnull=False).count(),
        BlockedPair.objects.filter(lifted_at__isnull=False).count(),
    )
    runs = register_world["run"].__class__.objects.count()
    for name, (url, data) in broker_posts(world, register_world).items():
        before = refused(professional.user.username)
        assert client.post(url, data).status_code in (403, 404), name
        assert refused(professional.user.username) > before, f"{name}: refusal not logged"
    assert state == (
        list(Participant.objects.order_by("pk").values_list("status", "version")),
        list(Proposal.objects.order_by("pk").values_list("status", "version")),
        Notice.objects.filter(told_at__isnull=False).count(),
        BlockedPair.objects.filter(lifted_at__isnull=False).count(),
    )
    assert register_world["run"].__class__.objects.count() == runs


def test_the_broker_may_do_every_step(world, register_world, client):
    client.force_login(world.broker.user)
    for name, (url, data) in broker_posts(world, register_world).items():
        assert client.post(url, data).status_code in (302, 400, 409), name


@pytest.mark.parametrize("who", ROLES)
def test_registering_from_the_dossier_is_for_those_who_work_on_the_household(
    world, town, client, who
):
    professional = world.by_key(who)
    client.force_login(professional.user)
    url = reverse("matching:team_register", args=[world.household.pk, world.child.pk])
    before = refused(professional.user.username)
    status = client.get(url).status_code
    if who in ("assigned", "coordinator"):
        assert status == 200
    else:
        assert status == 404  # a household they may not see answers as an unknown one
        assert refused(professional.user.username) > before
    assert not Participant.objects.exists()


@pytest.mark.parametrize("who", ROLES)
def test_recording_in_the_plan_is_for_those_who_work_on_the_household(
    world, register_world, client, who
):
    from nabij.plans import services as plan_services
    from nabij.plans.models import Action, Plan

    goal = plan_services.goal_add(
        actor=actor_of(world.assigned),
        household=world.household,
        expected_version=1,
        text="Rust in de papieren",
    )
    professional = world.by_key(who)
    client.force_login(professional.user)
    url = reverse("matching:record_in_plan", args=[world.household.pk, register_world["live"].pk])
    data = {
        "version": Plan.objects.get(household=world.household).version,
        "participant": register_world["karima"].pk,
        "goal": goal.pk,
    }
    status = client.post(url, data).status_code
    added = Action.objects.filter(goal=goal).count()
    if who in ("assigned", "coordinator"):
        assert status == 302 and added == 2
    else:
        assert status == 404 and added == 0


def test_the_dossier_panel_shows_the_members_exchange_and_logs_it(world, register_world, client):
    client.force_login(world.assigned.user)
    page = client.get(reverse("people:household_detail", args=[world.household.pk]))
    body = page.content.decode()
    assert "Jesse" in body and "Postma" not in body  # first name only, after consent
    assert AccessLogEntry.objects.filter(
        event="matching.dossier",
        participant_id=register_world["karima"].pk,
        resident_id=world.resident.pk,
        household_id=world.household.pk,
    ).exists()


def test_the_broker_sees_what_karima_shared_and_nothing_of_her_case_file(
    world, register_world, client
):
    client.force_login(world.broker.user)
    karima = register_world["karima"]
    body = client.get(reverse("matching:participant", args=[karima.pk])).content.decode()
    assert "Heeft een kind van twee" in body
    for secret in (
        world.household.name,
        world.resident.bsn or "no-bsn",
        "Noor",
        world.resident.date_of_birth.strftime("%d-%m-%Y"),
        world.assigned.user.username,
    ):
        assert secret not in body, secret
    row = AccessLogEntry.objects.filter(event="matching.profile.view").latest("id")
    assert (row.participant_id, row.resident_id, row.household_id) == (
        karima.pk,
        world.resident.pk,
        None,
    )
    assert row.purpose == "matching"


def test_a_refused_profile_read_is_logged_for_that_participant(world, register_world, client):
    client.force_login(world.other_professional.user)
    karima = register_world["karima"]
    assert client.get(reverse("matching:participant", args=[karima.pk])).status_code == 404
    row = AccessLogEntry.objects.filter(username="otherpro").latest("id")
    assert (row.outcome, row.participant_id, row.resident_id) == (
        "refused",
        karima.pk,
        world.resident.pk,
    )


def test_anonymous_is_sent_to_login(world, register_world, client):
    for url in broker_pages(world, register_world).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("core:login"))


def test_the_broker_lands_on_neighbourhood_help(world, client):
    client.force_login(world.broker.user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == reverse("matching:overview")
