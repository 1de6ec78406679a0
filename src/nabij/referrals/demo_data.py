"""The demo's referrals: the school's care coordinator (``verwijzer``) referred five
households to Heechterp-Schieringen, in every state, through the same services the pages use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from nabij.access.gate import Actor
from nabij.people.models import Household
from nabij.referrals import services
from nabij.referrals.models import Referral


def _actor(professional: Any) -> Actor:
    return Actor(user=professional.user, professional=professional, channel="demo")


def _head(household: Household) -> Any:
    membership = household.memberships.filter(ended_on__isnull=True).order_by("pk").first()
    assert membership is not None
    return membership.resident


def _submit(referrer: Actor, household: Household | None, **fields: Any) -> Referral:
    if household is not None:
        resident = _head(household)
        address = household.address
        assert address is not None
        fields = {
            "first_name": resident.first_name,
            "last_name": resident.last_name,
            "postcode": address.postcode,
            "house_number": address.house_number,
            "addition": address.addition,
            **fields,
        }
    return services.referral_submit(actor=referrer, data=services.ReferralInput(**fields))


def _backdate(referral: Referral, days: int) -> None:
    """Sent some days ago, so the queue shows age and deadlines (created_at is auto_now_add)."""
    Referral.objects.filter(pk=referral.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )
    referral.refresh_from_db()


def referrals_demo_load(world: Any, named: dict[str, Household], today: dt.date) -> None:
    referrer = _actor(world.staff["verwijzer"])
    lead = _actor(world.staff["teamleider"])
    coach = world.staff["wijkcoach"]
    consent = {"basis": Referral.Basis.CONSENT, "consent_on": today - dt.timedelta(days=9)}
    sandra_address = named["sandra"].address
    assert sandra_address is not None
    # 1. A family the register does not know yet: waiting for the team
    new_family = _submit(
        referrer,
        None,
        first_name="Ilse",
        last_name="Bouma",
        postcode=sandra_address.postcode,
        house_number=sandra_address.house_number + 40,
        addition="",
        worry=(
            "Daan (klas 2) is sinds de herfstvakantie veel afwezig. Moeder vertelde dat ze haar "
            "werk kwijt is en de huur niet meer kan betalen. Ze wil graag hulp."
        ),
        urgency=Referral.Urgency.NORMAL,
        own_reference="klas 2B, gesprek moeder",
        **consent,
    )
    _backdate(new_family, 3)
    # 2. Urgent, about a household the register knows (the team sees the proposed match)
    urgent = _submit(
        referrer,
        named["sandra"],
        worry=(
            "Haar dochter zegt dat ze binnenkort uit huis moeten. Ze slaapt slecht en komt "
            "zonder ontbijt op school."
        ),
        urgency=Referral.Urgency.URGENT,
        own_reference="mentor 3A",
        **consent,
    )
    _backdate(urgent, 1)
    # 3. Taken on and contact made: Karima's household (her access log shows the referral)
    karima = _submit(
        referrer,
        named["karima"],
        worry="Noor is vaak moe en vertelt dat er thuis steeds brieven over geld komen.",
        urgency=Referral.Urgency.NORMAL,
        own_reference="klas 1C, mentorgesprek",
        **consent,
    )
    _backdate(karima, 12)
    services.referral_accept_existing(
        actor=lead,
        referral=karima,
        expected_version=karima.version,
        household_id=named["karima"].pk,
        coordinator_id=coach.pk,
    )
    services.referral_contact(
        actor=_actor(coach),
        referral=karima,
        expected_version=karima.version,
        contact_on=today - dt.timedelta(days=5),
    )
    # 4. Referred on: not for the district team
    elsewhere = _submit(
        referrer,
        None,
        first_name="Tim",
        last_name="Postma",
        postcode=sandra_address.postcode,
        house_number=sandra_address.house_number + 42,
        addition="",
        worry="Tim vertelt over somberheid en wil met iemand praten.",
        urgency=Referral.Urgency.NORMAL,
        own_reference="klas 4",
        **consent,
    )
    _backdate(elsewhere, 20)
    services.referral_refer_on(
        actor=lead,
        referral=elsewhere,
        expected_version=elsewhere.version,
        to="Jeugdhulp Fryslân Noord",
        reason="Vraag om jeugd-ggz; Tim en zijn ouders kozen zelf voor Jeugdhulp Fryslân Noord.",
    )
