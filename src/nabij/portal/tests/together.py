"""Helpers for the tests of living together in Mijn Nabij: a second adult in Karima's
household with their own DigiD account, a child under 16, and clients signed in as each."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from nabij.access.digid import resident_user_for_bsn
from nabij.access.models import AccessLogEntry
from nabij.people.models import Membership, Resident
from nabij.tests import factories as f


def signed_in(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def add_partner(world, first_name: str = "Yusuf") -> tuple[Resident, User]:
    """A partner in Karima's household, with their own account (``resident_user_for_bsn``)."""
    partner = f.ResidentFactory(first_name=first_name, last_name="El Amrani")
    f.MembershipFactory(household=world.household, resident=partner, role="partner")
    user = resident_user_for_bsn(None, partner.bsn)
    assert user is not None
    return partner, user


def make_child(world, years: int = 10) -> Resident:
    """World's Noor, made ``years`` old (the factory makes everyone an adult)."""
    today = timezone.localdate()
    world.child.date_of_birth = today.replace(year=today.year - years) - dt.timedelta(days=1)
    world.child.save(update_fields=["date_of_birth"])
    return world.child


def give_authority(resident: Resident) -> None:
    Membership.objects.filter(resident=resident, ended_on__isnull=True).update(
        parental_authority=True
    )


def leave(resident: Resident, on: dt.date | None = None) -> None:
    """The resident leaves the household (an ex-partner): their membership ends on ``on``."""
    Membership.objects.filter(resident=resident, ended_on__isnull=True).update(
        ended_on=on or timezone.localdate()
    )


def rows(event: str, **filters) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(event=event, **filters).order_by("pk"))
