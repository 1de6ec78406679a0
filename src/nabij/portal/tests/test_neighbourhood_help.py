"""Buurthulp zelf: the resident registers their own offers and needs with consent, answers a
proposal themselves (the broker sees that they did), sees their introductions; every read and
write is logged with the resident as the actor."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from nabij.access.enums import RESIDENT_ROLE
from nabij.matching import services
from nabij.matching.models import BlockedPair, Notice, Participant, Proposal, ProposalParty, Skill
from nabij.matching.tests.conftest import actor_of, register
from nabij.portal.tests.together import add_partner, rows, signed_in

pytestmark = pytest.mark.django_db

PAGE = "/mijn/buurthulp/"
API = "/api/v1/me/neighbourhood-help"


def skill(code: str) -> int:
    return Skill.objects.get(code=code).pk


def own_post(**extra) -> dict:
    data = {
        "languages": ["nl"],
        "reach": "neighbourhood",
        "radius_km": "2",
        "capacity": "1",
        "phone": "06 12345678",
        f"offer_{skill('koken')}": "on",
        f"need_{skill('administratie')}": "on",
        f"urgency_{skill('administratie')}": "3",
        "consent": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def karima_takes_part(world) -> Participant:
    signed_in(world.resident_user).post(PAGE, own_post())
    return Participant.objects.get(resident=world.resident)


def jesse(world) -> Participant:
    return register(
        world.broker,
        "Jesse",
        "Postma",
        world.household.neighbourhood,
        offers=("administratie",),
        needs=(("koken", 2),),
        phone="06 33334444",
    )


def proposal_with_jesse(world) -> tuple[Participant, Participant, Proposal]:
    karima = karima_takes_part(world)
    other = jesse(world)
    proposal = services.run_matching(actor=actor_of(world.broker)).proposal_set.get()
    return karima, other, proposal


def answer(client, proposal: Proposal, **data):
    return client.post(
        reverse("portal:neighbourhood_answer", args=[proposal.pk]),
        {"version": proposal.version, **data},
    )


def test_the_resident_registers_with_their_own_consent(world):
    client = signed_in(world.resident_user)
    page = client.get(PAGE).content.decode()
    assert "Meedoen is vrijwillig" in page and "Ik wil meedoen" in page
    response = client.post(PAGE, own_post())
    assert response.status_code == 302
    karima = Participant.objects.get(resident=world.resident)
    assert (karima.first_name, karima.neighbourhood_id, karima.consent_by) == (
        "Karima",
        world.household.neighbourhood_id,
        "mijn_nabij",
    )
    assert karima.registered_by == world.resident_user
    assert [o.skill.code for o in karima.offers.all()] == ["koken"]
    assert [(n.skill.code, n.urgency) for n in karima.needs.all()] == [("administratie", 3)]
    (row,) = rows("matching.register")
    assert (row.role, row.purpose, row.participant_id, row.resident_id) == (
        RESIDENT_ROLE,
        "own_data",
        karima.pk,
        world.resident.pk,
    )


def test_without_consent_nobody_is_registered(world):
    client = signed_in(world.resident_user)
    response = client.post(PAGE, own_post(consent=None))
    assert response.status_code == 400
    assert "Zet een vinkje" in response.content.decode()
    assert not Participant.objects.exists()
    body = {"offers": [skill("koken")], "languages": ["nl"], "consent": False}
    response = client.post(f"{API}/profile", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and not Participant.objects.exists()


def test_offering_and_asking_the_same_is_said_plainly(world):
    response = signed_in(world.resident_user).post(
        PAGE, own_post(**{f"offer_{skill('administratie')}": "on"})
    )
    assert response.status_code == 400
    assert "U biedt en vraagt hetzelfde" in response.content.decode()
    response = signed_in(world.resident_user).post(
        PAGE, own_post(**{f"offer_{skill('koken')}": None, f"need_{skill('administratie')}": None})
    )
    assert response.status_code == 400 and not Participant.objects.exists()


def test_the_resident_answers_yes_and_the_broker_sees_who_answered(world, login):
    karima, other, proposal = proposal_with_jesse(world)
    client = signed_in(world.resident_user)
    page = client.get(PAGE).content.decode()
    assert "Een voorstel voor u" in page
    assert "helpt u met: Administratie en geldzaken" in page
    assert "Jesse" not in page  # names only once everyone agreed
    assert answer(client, proposal, answer="yes").status_code == 302
    party = ProposalParty.objects.get(proposal=proposal, participant=karima)
    assert (party.response, party.answered_via) == ("agreed", "mijn_nabij")
    broker_page = login(world.broker).get(reverse("matching:proposal", args=[proposal.pk]))
    assert "Geantwoord door de inwoner via Mijn Nabij" in broker_page.content.decode()
    # The broker records Jesse's answer as before: then everyone agreed, names and contacts.
    proposal.refresh_from_db()
    services.proposal_respond(
        actor=actor_of(world.broker),
        proposal=proposal,
        expected_version=proposal.version,
        participant_id=other.pk,
        agrees=True,
    )
    assert ProposalParty.objects.get(participant=other).answered_via == "broker"
    page = client.get(PAGE).content.decode()
    assert "Iedereen zei ja" in page and "Jesse" in page and "06 33334444" in page
    # Every profile the page showed is in the log, with the resident as the actor.
    shown = rows("me.neighbourhood_help.view")
    assert {r.participant_id for r in shown} >= {karima.pk, other.pk}
    assert {(r.role, r.purpose) for r in shown} == {(RESIDENT_ROLE, "own_data")}


def test_a_no_needs_a_reason_and_the_others_are_told_neutrally(world):
    _karima, other, proposal = proposal_with_jesse(world)
    client = signed_in(world.resident_user)
    response = answer(client, proposal, answer="no", reason="")
    assert response.status_code == 400
    assert "Zeg in een paar woorden waarom niet." in response.content.decode()
    assert answer(client, proposal, answer="no", reason="Ik heb al hulp").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert BlockedPair.objects.filter(lifted_at__isnull=True).count() == 1
    (notice,) = Notice.objects.all()
    assert notice.participant_id == other.pk
    assert "Een voorstel voor u" not in client.get(PAGE).content.decode()


def test_a_stale_answer_is_refused(world):
    _karima, other, proposal = proposal_with_jesse(world)
    stale = proposal.version
    services.proposal_respond(
        actor=actor_of(world.broker),
        proposal=proposal,
        expected_version=stale,
        participant_id=other.pk,
        agrees=True,
    )
    client = signed_in(world.resident_user)
    response = client.post(
        reverse("portal:neighbourhood_answer", args=[proposal.pk]),
        {"version": stale, "answer": "yes"},
    )
    assert response.status_code == 409
    body = {"version": stale, "agrees": True}
    response = client.post(
        f"{API}/proposals/{proposal.pk}/answer", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 409
    assert (
        ProposalParty.objects.get(proposal=proposal, participant__resident=world.resident).response
        == "pending"
    )


def test_a_proposal_the_resident_is_not_in_is_404_and_logged(world):
    karima_takes_part(world)
    bram = register(
        world.broker,
        "Bram",
        "Smit",
        world.household.neighbourhood,
        offers=("tuin",),
        needs=(("klussen", 2),),
    )
    cor = register(
        world.broker,
        "Cor",
        "Tol",
        world.household.neighbourhood,
        offers=("klussen",),
        needs=(("tuin", 2),),
    )
    proposal = services.run_matching(
        actor=actor_of(world.broker), only=[bram.pk, cor.pk]
    ).proposal_set.get()
    client = signed_in(world.resident_user)
    assert answer(client, proposal, answer="yes").status_code == 404
    body = {"version": proposal.version, "agrees": True}
    response = client.post(
        f"{API}/proposals/{proposal.pk}/answer", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 404
    assert (
        client.post(
            f"{API}/proposals/999999/answer", json.dumps(body), content_type="application/json"
        ).status_code
        == 404
    )
    assert set(ProposalParty.objects.values_list("response", flat=True)) == {"pending"}
    refused = rows("me.neighbourhood_help.answer")
    assert len(refused) == 3
    assert {(r.outcome, r.role, r.resident_id, r.participant_id) for r in refused} == {
        ("refused", RESIDENT_ROLE, world.resident.pk, None)
    }


def test_another_member_cannot_answer_for_her(world):
    _karima, _other, proposal = proposal_with_jesse(world)
    _partner, partner_user = add_partner(world)
    yusuf = signed_in(partner_user)
    page = yusuf.get(PAGE).content.decode()
    assert "Een voorstel voor u" not in page and "Ik wil meedoen" in page
    assert answer(yusuf, proposal, answer="yes").status_code == 404
    state = yusuf.get(API).json()
    assert (state["profile"], state["exchanges"]) == (None, [])


def test_the_api_registers_changes_answers_and_withdraws(world):
    other = jesse(world)
    client = signed_in(world.resident_user)
    body = {
        "offers": [skill("koken")],
        "needs": [{"skill_id": skill("administratie"), "urgency": 3}],
        "languages": ["nl"],
        "consent": True,
    }
    created = client.post(f"{API}/profile", json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    profile = created.json()
    assert (profile["consent_by"], profile["version"]) == ("mijn_nabij", 1)
    again = client.post(f"{API}/profile", json.dumps(body), content_type="application/json")
    assert again.status_code == 422  # one profile per resident
    change = {**body, "version": 1, "capacity": 2}
    change.pop("consent")
    changed = client.put(f"{API}/profile", json.dumps(change), content_type="application/json")
    assert changed.status_code == 200 and changed.json()["capacity"] == 2
    stale = client.put(f"{API}/profile", json.dumps(change), content_type="application/json")
    assert stale.status_code == 409
    services.run_matching(actor=actor_of(world.broker))
    state = client.get(API).json()
    (exchange,) = state["exchanges"]
    assert exchange["waiting_for_my_answer"] is True and exchange["others"] == []
    assert exchange["receives"][0]["other"] == ""  # no name before everyone agreed
    assert len(state["skills"]) == Skill.objects.filter(active=True).count()
    answered = client.post(
        f"{API}/proposals/{exchange['proposal_id']}/answer",
        json.dumps({"version": exchange["version"], "agrees": True}),
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["my_answer"] == "agreed"
    withdrawn = client.post(f"{API}/withdraw-consent", "{}", content_type="application/json")
    assert withdrawn.status_code == 200
    karima = Participant.objects.get(first_name="Karima")
    assert (karima.status, karima.resident_id, karima.phone) == ("withdrawn", None, "")
    assert Proposal.objects.get().status == "withdrawn"
    assert Notice.objects.get().participant_id == other.pk
    assert client.get(API).json()["profile"] is None


def test_stopping_on_the_page_needs_a_tick(world):
    karima = karima_takes_part(world)
    client = signed_in(world.resident_user)
    assert client.post(reverse("portal:neighbourhood_stop"), {}).status_code == 400
    karima.refresh_from_db()
    assert karima.status == "active"
    response = client.post(reverse("portal:neighbourhood_stop"), {"confirm": "on"})
    assert response.status_code == 302
    karima.refresh_from_db()
    assert karima.status == "withdrawn"
    assert rows("me.neighbourhood_help.withdraw")


def test_the_resident_changes_their_own_profile_and_a_stale_form_is_kept(world):
    karima = karima_takes_part(world)
    client = signed_in(world.resident_user)
    form = own_post(consent=None, version="1", capacity="2")
    assert client.post(PAGE, form).status_code == 302
    karima.refresh_from_db()
    assert (karima.capacity, karima.version) == (2, 2)
    stale = client.post(PAGE, {**form, "phone": "06 99990000"})
    assert stale.status_code == 409
    assert "06 99990000" in stale.content.decode()
    karima.refresh_from_db()
    assert karima.phone == "06 12345678"


def test_a_professional_is_refused(world, login):
    client = login(world.assigned)
    assert client.get(PAGE).status_code == 403
    assert client.get(API).status_code == 403
