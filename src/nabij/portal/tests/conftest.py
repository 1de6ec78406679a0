"""Fixtures for Mijn Nabij: Karima's household with a partner and a young child, and clients
signed in as its members (``force_login`` stamps a fresh DigiD login, as the real one does)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from nabij.access.digid import resident_user_for_bsn
from nabij.people.models import Membership, Resident
from nabij.tests import factories as f


def years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


@dataclass
class Family:
    """Karima (head, with parental authority), her partner Youssef (adult, his own door) and
    Noor (8, no account)."""

    karima: Resident
    partner: Resident
    child: Resident
    karima_user: User
    partner_user: User


@pytest.fixture
def family(world) -> Family:
    world.child.date_of_birth = years_ago(8)
    world.child.save(update_fields=["date_of_birth"])
    Membership.objects.filter(resident=world.resident).update(parental_authority=True)
    partner = f.ResidentFactory(first_name="Youssef", last_name="El Amrani")
    f.MembershipFactory(household=world.household, resident=partner, role="partner")
    partner_user = resident_user_for_bsn(None, partner.bsn)
    assert partner_user is not None
    return Family(
        karima=world.resident,
        partner=partner,
        child=world.child,
        karima_user=world.resident_user,
        partner_user=partner_user,
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def karima(world) -> Client:
    return signed_in(world.resident_user)
