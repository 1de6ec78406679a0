"""Berichten: a member's secure thread with the household's professionals; emails that say only
that something is new; private messages never reach another member, nor an ex-partner's the
remaining members."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.urls import reverse

from nabij.access.enums import RESIDENT_ROLE
from nabij.access.gate import Actor
from nabij.conversations import selectors, services
from nabij.conversations.models import Message
from nabij.portal.tests.together import add_partner, leave, make_child, rows, signed_in

pytestmark = pytest.mark.django_db

PAGE = "/mijn/berichten/"
API = "/api/v1/me/messages"


def dossier_messages(world) -> str:
    return reverse("conversations:household", args=[world.household.pk])


def resident_actor(user, resident) -> Actor:
    return Actor(user=user, professional=None, resident=resident)


def professional_actor(professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def write(world, body: str, *, private: bool = False, user=None, resident=None) -> Message:
    return services.message_from_resident(
        actor=resident_actor(user or world.resident_user, resident or world.resident),
        household=world.household,
        body=body,
        private=private,
    )


def answer(world, resident, body: str, *, private: bool = False) -> Message:
    return services.message_from_professional(
        actor=professional_actor(world.assigned),
        household=world.household,
        resident_id=resident.pk,
        body=body,
        private=private,
    )


def with_email(user, address: str) -> None:
    user.email = address
    user.save(update_fields=["email"])


def test_a_member_writes_and_the_coordinator_is_told_only_that_there_is_news(
    world, django_capture_on_commit_callbacks
):
    with_email(world.assigned.user, "coach@wijkteam.example")
    client = signed_in(world.resident_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"body": "Ik heb een bezichtiging op dinsdag."})
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.thread.resident_id, message.author_kind, message.private) == (
        world.resident.pk,
        "resident",
        False,
    )
    (email,) = mail.outbox
    assert email.to == ["coach@wijkteam.example"]
    assert email.body == "Er is een nieuw bericht in Nabij. Log in om het te lezen."
    assert "bezichtiging" not in email.subject + email.body
    assert "Karima" not in email.subject + email.body and "Amrani" not in email.body
    (row,) = rows("me.message.send")
    assert (row.role, row.purpose, row.resident_id) == (
        RESIDENT_ROLE,
        "own_data",
        world.resident.pk,
    )


def test_the_coordinator_answers_from_the_dossier_and_the_member_is_told(
    world, login, django_capture_on_commit_callbacks
):
    write(world, "Hoe gaat het met de urgentie?")
    karima = signed_in(world.resident_user)
    karima.post(reverse("portal:notification_email"), {"email": "karima@voorbeeld.nl"})
    world.resident_user.refresh_from_db()
    assert world.resident_user.email == "karima@voorbeeld.nl"
    coach = login(world.assigned)
    html = coach.get(dossier_messages(world)).content.decode()
    assert "Hoe gaat het met de urgentie?" in html and '<span class="badge">nieuw</span>' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = coach.post(
            dossier_messages(world),
            {"resident": world.resident.pk, "body": "De aanvraag is verstuurd."},
        )
    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["karima@voorbeeld.nl"]
    assert email.subject == "Nieuw bericht in Mijn Nabij"
    assert email.body == "Er is een nieuw bericht in Mijn Nabij. Log in om het te lezen."
    # Karima reads it: shown as new once, then read.
    first = karima.get(PAGE).content.decode()
    assert "De aanvraag is verstuurd." in first and "Nieuw</span>" in first
    assert Message.objects.get(author_kind="professional").read_at is not None
    assert "Nieuw</span>" not in karima.get(PAGE).content.decode()
    # And her message was read by the coach when he opened the page.
    assert Message.objects.get(author_kind="resident").read_at is not None
    logged = rows("messages.view") + rows("message.send")
    assert {r.purpose for r in logged} == {"care"}


def test_without_an_address_nobody_is_emailed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        write(world, "Hallo")
        answer(world, world.resident, "Hallo Karima")
    assert mail.outbox == []


def test_a_private_message_is_never_shown_to_another_member(world):
    partner, partner_user = add_partner(world)
    write(world, "Voor iedereen: de huur is betaald.")
    write(world, "Alleen voor mij: ik wil praten over thuis.", private=True)
    answer(world, world.resident, "Ik bel je morgen, alleen jij.", private=True)
    answer(world, world.resident, "Fijn dat de huur betaald is.")
    karima, yusuf = signed_in(world.resident_user), signed_in(partner_user)
    hers = karima.get(PAGE).content.decode()
    assert "ik wil praten over thuis" in hers and "Ik bel je morgen" in hers
    his = yusuf.get(PAGE).content.decode()
    assert "de huur is betaald" in his and "Fijn dat de huur betaald is." in his
    assert "praten over thuis" not in his and "Ik bel je morgen" not in his
    bodies = [m["body"] for m in yusuf.get(API).json()["items"]]
    assert sorted(bodies) == ["Fijn dat de huur betaald is.", "Voor iedereen: de huur is betaald."]
    # The selector the export uses says the same.
    visible = selectors.messages_visible_to(
        world.household.pk, partner.pk, [world.resident.pk, partner.pk, world.child.pk]
    )
    assert {m.private for m in visible} == {False}
    # His view of her shared messages is logged for her too; his own rows name him.
    subjects = {
        r.resident_id for r in rows("me.messages.view") if r.username == partner_user.username
    }
    assert subjects == {partner.pk, world.resident.pk}


def test_the_api_lists_and_sends_with_the_same_rules(world, django_capture_on_commit_callbacks):
    with_email(world.assigned.user, "coach@wijkteam.example")
    client = signed_in(world.resident_user)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            API,
            json.dumps({"body": "Mag ik bellen?", "private": True}),
            content_type="application/json",
        )
    assert sent.status_code == 201
    body = sent.json()
    assert (body["mine"], body["private"], body["author_name"], body["read_at"]) == (
        True,
        True,
        "Karima",
        None,
    )
    assert len(mail.outbox) == 1 and "bellen" not in mail.outbox[0].body
    answer(world, world.resident, "Ja hoor.")
    listed = client.get(API).json()
    assert listed["count"] == 2
    assert [m["author_kind"] for m in listed["items"]] == ["professional", "resident"]
    assert Message.objects.get(author_kind="professional").read_at is not None
    assert client.put(
        f"{API}/notifications",
        json.dumps({"email": "k@voorbeeld.nl"}),
        content_type="application/json",
    ).json() == {"email": "k@voorbeeld.nl"}
    assert client.get(f"{API}/notifications").json() == {"email": "k@voorbeeld.nl"}


def test_bad_input_is_refused_with_a_message(world):
    client = signed_in(world.resident_user)
    response = client.post(PAGE, {"body": "   "})
    assert response.status_code == 400 and not Message.objects.exists()
    assert (
        client.post(API, json.dumps({"body": ""}), content_type="application/json").status_code
        == 422
    )
    response = client.post(
        API, json.dumps({"body": "x", "to": "iedereen"}), content_type="application/json"
    )
    assert response.status_code == 422
    response = client.put(
        f"{API}/notifications", json.dumps({"email": "geen adres"}), content_type="application/json"
    )
    assert response.status_code == 422
    client.post(reverse("portal:notification_email"), {"email": "geen adres"})
    world.resident_user.refresh_from_db()
    assert world.resident_user.email == ""


def test_an_ex_partner_loses_the_thread_and_their_messages_stay_with_the_professionals(
    world, login
):
    partner, partner_user = add_partner(world)
    write(world, "Gedeeld bericht van Yusuf", user=partner_user, resident=partner)
    write(world, "Geheim van Yusuf", user=partner_user, resident=partner, private=True)
    write(world, "Geheim van Karima", private=True)
    yusuf = signed_in(partner_user)
    assert "Gedeeld bericht van Yusuf" in signed_in(world.resident_user).get(PAGE).content.decode()
    leave(partner)
    response = yusuf.get(PAGE)
    assert response.status_code == 302 and "/mijn/inloggen/" in response["Location"]
    assert signed_in(partner_user).get(API).status_code == 401
    html = signed_in(world.resident_user).get(PAGE).content.decode()
    assert "Yusuf" not in html  # neither his shared nor his private messages
    # The professionals keep the whole history, the private ones marked.
    page = login(world.assigned).get(dossier_messages(world)).content.decode()
    assert "Geheim van Yusuf" in page and "Gedeeld bericht van Yusuf" in page


def test_professionals_are_refused_the_members_page_and_residents_the_dossier(world, login):
    assert login(world.assigned).get(PAGE).status_code == 403
    client = signed_in(world.resident_user)
    assert client.get(dossier_messages(world)).status_code in (403, 404)
    assert login(world.other_professional).get(dossier_messages(world)).status_code == 404
    refused = rows("messages.view")
    assert {r.outcome for r in refused} == {"refused"}


def test_a_professional_writes_only_to_a_current_member_of_16_or_over(world):
    make_child(world, years=12)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        answer(world, world.child, "Hoi Noor")
    with pytest.raises(ValidationError):
        answer(world, world.other_resident, "Hoi Gerrit")
    assert not Message.objects.exists()


def test_the_dossier_shows_how_many_messages_are_new(world, login):
    write(world, "Een")
    write(world, "Twee")
    html = (
        login(world.assigned)
        .get(reverse("people:household_detail", args=[world.household.pk]))
        .content.decode()
    )
    assert "2 nieuwe berichten van het huishouden" in html


def test_a_member_who_moves_out_takes_nothing_along_and_leaves_nothing_behind(world):
    """Either way: after a move (resident_move, with history) the former partner sees only
    his new household, and the remaining members see nothing he wrote."""
    from nabij.people import services as people_services

    partner, partner_user = add_partner(world)
    write(world, "Gedeeld van Yusuf", user=partner_user, resident=partner)
    write(world, "Alleen voor Karima", private=True)
    people_services.network_member_add(
        household=world.household, name="Zijn vriend", relation="friend", private_to=partner
    )
    from django.utils import timezone

    people_services.resident_move(
        resident=partner, to_household=world.other_household, on=timezone.localdate(), role="other"
    )
    yusuf = signed_in(partner_user)
    assert yusuf.get(PAGE).status_code == 200  # his door is now his new household's
    assert yusuf.get(API).json()["items"] == []
    assert "Zijn vriend" not in yusuf.get("/mijn/netwerk/").content.decode()
    assert "Gerrit" in yusuf.get("/mijn/").content.decode()
    karima = signed_in(world.resident_user)
    assert "Gedeeld van Yusuf" not in karima.get(PAGE).content.decode()
    assert "Zijn vriend" not in karima.get("/mijn/netwerk/").content.decode()


def test_the_export_holds_what_the_member_sees_and_no_private_item_of_another(world):
    """AVG art. 15/20: each member's export has their own private entries and messages, the
    household's shared ones, and never what another member keeps for themselves."""
    from nabij.people import services as people_services

    _partner, partner_user = add_partner(world)
    write(world, "Gedeeld: de huur is betaald.")
    write(world, "Alleen voor mij: praten over thuis.", private=True)
    people_services.network_member_add(
        household=world.household, name="Amal", relation="friend", private_to=world.resident
    )
    people_services.network_member_add(household=world.household, name="Samira", relation="family")

    def export(user) -> dict:
        response = signed_in(user).get("/mijn/export.json")
        assert response.status_code == 200
        return json.loads(b"".join(response.streaming_content))

    hers, his = export(world.resident_user), export(partner_user)
    assert {n["name"]: n["only_for_me"] for n in hers["network"]} == {
        "Amal": True,
        "Samira": False,
    }
    assert [n["name"] for n in his["network"]] == ["Samira"]
    assert sorted(m["text"] for m in hers["messages"]) == [
        "Alleen voor mij: praten over thuis.",
        "Gedeeld: de huur is betaald.",
    ]
    assert [(m["text"], m["in_my_thread"]) for m in his["messages"]] == [
        ("Gedeeld: de huur is betaald.", False)
    ]
    assert "praten over thuis" not in json.dumps(his) and "Amal" not in json.dumps(his)
    page = signed_in(partner_user).get("/mijn/export/").content.decode()
    assert "de huur is betaald" in page and "praten over thuis" not in page
