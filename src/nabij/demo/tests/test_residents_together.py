"""The demo of living together in Mijn Nabij: what each demo resident finds when they log in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access.models import AccessLogEntry, Professional
from nabij.conversations.models import Message
from nabij.demo import services
from nabij.matching import selectors as matching_selectors
from nabij.people.models import Household, Membership, NetworkMember, Resident


@pytest.mark.django_db
def test_the_demo_residents_find_their_messages_network_and_neighbourhood_help() -> None:
    assert services.demo_load(households=5) is True

    karima = Resident.objects.get(first_name="Karima", last_name="El Amrani")
    household = Household.objects.get(name="Huishouden El Amrani")
    # Karima has parental authority over Noor; so do Gladys and Sandra over their children.
    assert Membership.objects.get(resident=karima, ended_on__isnull=True).parental_authority

    def head(household_name: str) -> Membership:
        return Membership.objects.get(household__name=household_name, role="head")

    assert head("Huishouden Martina").parental_authority  # Gladys
    assert head("Huishouden De Graaf").parental_authority  # Sandra
    assert not head("Huishouden Hiemstra").parental_authority  # Willem: no children

    # Her thread with her coach: five messages, the last one hers, private and not read yet.
    thread = list(Message.objects.filter(thread__resident=karima).order_by("sent_at"))
    assert len(thread) == 5
    last = thread[-1]
    assert (last.author_kind, last.private, last.read_at) == ("resident", True, None)
    assert [m.sent_at for m in thread] == sorted(m.sent_at for m in thread)
    amal = NetworkMember.objects.get(household=household, name="Amal")
    assert amal.private_to_id == karima.pk

    # Willem: his exchange with Jesse, and a proposal waiting for his own answer.
    willem = Resident.objects.get(first_name="Willem", last_name="Hiemstra")
    participant = matching_selectors.own_participant(willem.pk)
    assert participant is not None
    exchanges = matching_selectors.own_exchanges(participant)
    waiting = [x for x in exchanges if x.waiting_for_answer]
    assert len(waiting) == 1
    assert [g.need.skill.code for g in waiting[0].receives] == ["boodschappen"]
    assert any(
        x.proposal.status == "followed_up"
        and [o.participant.first_name for o in x.others] == ["Jesse"]
        for x in exchanges
    )
    # What Willem did in Mijn Nabij is logged with him as the actor.
    assert AccessLogEntry.objects.filter(role="resident", participant_id=participant.pk).exists()

    # Logged in: Karima sees her thread and Amal; the coach sees a new message on the dossier.
    client = Client()
    client.force_login(karima.account.user)
    assert "met z&#x27;n tweeën" in client.get("/mijn/berichten/").content.decode()
    assert "Amal" in client.get("/mijn/netwerk/").content.decode()
    assert "Noor" in client.get("/mijn/").content.decode()
    coach = Client()
    coach.force_login(Professional.objects.get(user__username="wijkcoach").user)
    dossier = coach.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert "1 nieuw bericht van het huishouden" in dossier
    client.force_login(willem.account.user)
    assert "Een voorstel voor u" in client.get("/mijn/buurthulp/").content.decode()
