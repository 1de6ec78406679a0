"""DigiD login (the library's mock IdP), who gets an account, and the resident's session."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nabij.access.enums import RESIDENT_ROLE
from nabij.access.middleware import SEEN_AT
from nabij.access.models import AccessLogEntry, LoginEvent, ResidentAccount
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def digid_login(client: Client, bsn: str, next_url: str = "/mijn/") -> str:
    """Walk the mock's three steps as a browser would; returns where the ACS sends us."""
    start = client.get(reverse("digid:login"), {"next": next_url})
    assert start.status_code == 302 and "/digid/idp/inloggen/" in start["Location"]
    idp = client.get(start["Location"])
    assert idp.status_code == 200
    acs = client.get(reverse("digid:acs"), {"bsn": bsn, "next": next_url})
    assert acs.status_code == 302
    return acs["Location"]


def test_karima_logs_in_with_digid_and_sees_her_household(world):
    client = Client()
    assert digid_login(client, world.resident.bsn).endswith("/mijn/")
    home = client.get("/mijn/")
    assert home.status_code == 200
    assert "Karima" in home.content.decode()
    row = AccessLogEntry.objects.filter(event="me.home").get(resident=world.resident)
    assert (row.role, row.outcome, row.purpose) == (RESIDENT_ROLE, "granted", "own_data")
    assert row.household_id == world.household.pk
    assert LoginEvent.objects.filter(kind="succeeded", detail="digid").count() == 1


def test_an_unknown_bsn_gets_no_account(world):
    client = Client()
    digid_login(client, "999990019")
    assert client.get("/mijn/").status_code == 302
    assert not ResidentAccount.objects.filter(resident__bsn="999990019").exists()
    assert LoginEvent.objects.filter(kind="digid_refused").count() == 1


def test_a_child_under_16_gets_no_account(world):
    today = timezone.localdate()
    world.child.date_of_birth = today.replace(year=today.year - 15)
    world.child.save()
    client = Client()
    digid_login(client, world.child.bsn)
    assert client.get("/mijn/").status_code == 302
    assert not ResidentAccount.objects.filter(resident=world.child).exists()


def test_the_account_ends_the_day_the_membership_ends(world):
    client = Client()
    digid_login(client, world.resident.bsn)
    assert client.get("/mijn/").status_code == 200
    membership = world.resident.memberships.get()
    membership.ended_on = timezone.localdate()
    membership.save()
    response = client.get("/mijn/")
    assert response.status_code == 302 and "/mijn/inloggen/" in response["Location"]
    digid_login(Client(), world.resident.bsn)  # and no new login either
    assert LoginEvent.objects.filter(kind="digid_refused").count() == 1


def test_fifteen_idle_minutes_end_the_session(world):
    client = Client()
    digid_login(client, world.resident.bsn)
    session = client.session
    session[SEEN_AT] = time.time() - 15 * 60 - 1
    session.save()
    response = client.get("/mijn/")
    assert response.status_code == 302
    assert client.get("/mijn/").status_code == 302  # logged out, not only redirected once


def test_activity_keeps_the_session(world):
    client = Client()
    digid_login(client, world.resident.bsn)
    session = client.session
    session[SEEN_AT] = time.time() - 14 * 60
    session.save()
    assert client.get("/mijn/").status_code == 200


def test_log_out_everywhere_ends_the_other_devices_too(world):
    phone, laptop = Client(), Client()
    digid_login(phone, world.resident.bsn)
    digid_login(laptop, world.resident.bsn)
    response = laptop.post(reverse("portal:logout_everywhere"))
    assert response.status_code == 302
    assert phone.get("/mijn/").status_code == 302
    assert laptop.get("/mijn/").status_code == 302
    again = Client()
    digid_login(again, world.resident.bsn)  # a new login after it works
    assert again.get("/mijn/").status_code == 200


def test_a_professional_session_never_opens_mijn_nabij(world, client):
    client.force_login(world.assigned.user)
    assert client.get("/mijn/").status_code == 403


def test_a_digid_login_replaces_a_professional_session(world, client):
    client.force_login(world.assigned.user)
    digid_login(client, world.resident.bsn)
    assert client.get("/mijn/").status_code == 200
    assert client.get(reverse("people:caseload")).status_code == 403


def test_a_resident_has_no_password_login(world, client):
    user = world.resident_user
    assert not user.has_usable_password()
    response = client.post(reverse("core:login"), {"username": user.username, "password": ""})
    assert response.status_code in (400, 401)


def test_a_future_end_date_still_gives_access(world):
    membership = world.resident.memberships.get()
    membership.ended_on = timezone.localdate() + dt.timedelta(days=3)
    membership.save()
    client = Client()
    digid_login(client, world.resident.bsn)
    assert client.get("/mijn/").status_code == 200


def test_the_login_page_is_public_and_names_digid(db, client):
    response = client.get(reverse("portal:login"))
    assert response.status_code == 200
    assert "DigiD" in response.content.decode()
    assert f.ResidentFactory  # the factories are importable for the tests that follow


def test_the_api_answers_on_the_residents_own_session(world):
    client = Client()
    assert client.get("/api/v1/me").status_code == 401
    digid_login(client, world.resident.bsn)
    body = client.get("/api/v1/me").json()
    assert body["household_id"] == world.household.pk and body["first_name"] == "Karima"


def test_the_me_api_refuses_a_professionals_session_and_token(world, client):
    from nabij.access.services import api_token_create

    client.force_login(world.assigned.user)
    assert client.get("/api/v1/me").status_code == 403
    token = api_token_create(user=world.assigned.user, name="t")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
