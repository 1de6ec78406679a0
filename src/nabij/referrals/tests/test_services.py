"""Submitting a referral, and its explicit state machine: received -> contact made -> closed,
received -> referred on; stale versions and wrong states change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nabij.access.gate import AccessDenied
from nabij.access.models import AccessLogEntry, Assignment
from nabij.core.errors import ConflictError, DomainError
from nabij.people.services import AddressInput, ResidentInput
from nabij.referrals import services
from nabij.referrals.models import Referral
from nabij.referrals.tests.conftest import actor_of, karima_input
from nabij.signals.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_the_postcode_finds_the_team_and_the_due_date_counts_working_days(referral, world):
    assert referral.team == world.household.team
    assert referral.state == Referral.State.RECEIVED
    assert referral.due_on == add_working_days(timezone.localdate(), 10)
    assert referral.organisation == world.referrer.organisation
    row = AccessLogEntry.objects.get(event="referral.create")
    assert row.username == "referrer" and row.resident_id is None


def test_an_address_stored_without_the_space_in_its_postcode_is_found(team_area):
    address = team_area.household.address
    compact = address.postcode.replace(" ", "")
    type(address).objects.filter(pk=address.pk).update(postcode=compact)
    spaced = f"{compact[:4]} {compact[4:].lower()}"
    assert services.team_for_postcode(spaced) == team_area.household.team
    assert services.team_for_postcode(compact) == team_area.household.team


def test_urgent_is_due_in_five_working_days(team_area):
    r = services.referral_submit(
        actor=actor_of(team_area.referrer), data=karima_input(team_area, urgency="urgent")
    )
    assert r.due_on == add_working_days(timezone.localdate(), 5)


def test_an_unknown_postcode_needs_a_chosen_team(world):
    data = karima_input(world, postcode="9999 ZZ")
    with pytest.raises(ValidationError) as exc:
        services.referral_submit(actor=actor_of(world.referrer), data=data)
    assert "team" in exc.value.message_dict
    chosen = karima_input(world, postcode="9999 ZZ", team_id=world.other_household.team_id)
    r = services.referral_submit(actor=actor_of(world.referrer), data=chosen)
    assert r.team_id == world.other_household.team_id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_on": None}, "consent_on"),
        ({"basis": "other", "basis_other": ""}, "basis_other"),
        ({"basis": "nonsense"}, "basis"),
        ({"postcode": "12"}, "postcode"),
        ({"worry": "  "}, "worry"),
        ({"phone": "bel me"}, "phone"),
        ({"urgency": "gisteren"}, "urgency"),
        ({"consent_on": dt.date(2999, 1, 1)}, "consent_on"),
    ],
)
def test_bad_input_is_refused_by_field(team_area, changes, field):
    with pytest.raises(ValidationError) as exc:
        services.referral_submit(
            actor=actor_of(team_area.referrer), data=karima_input(team_area, **changes)
        )
    assert field in exc.value.message_dict
    assert not Referral.objects.exists()


def test_a_meldcode_referral_needs_no_consent(team_area):
    r = services.referral_submit(
        actor=actor_of(team_area.referrer),
        data=karima_input(team_area, basis="meldcode", consent_on=None),
    )
    assert r.basis == "meldcode" and r.consent_on is None


def test_only_a_referrer_submits(team_area):
    with pytest.raises(AccessDenied):
        services.referral_submit(actor=actor_of(team_area.assigned), data=karima_input(team_area))


def test_take_on_contact_close(referral, world):
    lead = actor_of(world.coordinator)
    services.referral_accept_existing(
        actor=lead,
        referral=referral,
        expected_version=1,
        household_id=world.household.pk,
        coordinator_id=world.colleague.pk,
    )
    assert referral.household == world.household and referral.version == 2
    coordinator = Assignment.objects.get(
        household=world.household, kind="coordinator", ended_on__isnull=True
    )
    assert coordinator.professional == world.colleague
    # the household's members see who referred them, in their own access log
    linked = AccessLogEntry.objects.filter(event="referral.linked")
    assert {r.resident_id for r in linked} == {world.resident.pk, world.child.pk}
    assert {r.username for r in linked} == {"referrer"}
    with pytest.raises(ConflictError):  # taken on already
        services.referral_accept_existing(
            actor=lead,
            referral=referral,
            expected_version=2,
            household_id=world.household.pk,
            coordinator_id=world.colleague.pk,
        )
    with pytest.raises(ConflictError):  # not before contact
        services.referral_close(actor=lead, referral=referral, expected_version=2)
    services.referral_contact(
        actor=actor_of(world.colleague),
        referral=referral,
        expected_version=2,
        contact_on=timezone.localdate(),
    )
    assert referral.state == Referral.State.CONTACT_MADE
    with pytest.raises(ConflictError):  # stale
        services.referral_close(actor=lead, referral=referral, expected_version=2)
    services.referral_close(actor=lead, referral=referral, expected_version=3, note="Plan loopt.")
    assert referral.state == Referral.State.CLOSED and referral.closed_on == timezone.localdate()
    assert referral.status_for_referrer == "Afgesloten"


def test_contact_needs_a_household_first(referral, world):
    with pytest.raises(DomainError):
        services.referral_contact(
            actor=actor_of(world.coordinator),
            referral=referral,
            expected_version=1,
            contact_on=timezone.localdate(),
        )
    referral.refresh_from_db()
    assert referral.state == Referral.State.RECEIVED


def test_refer_on_closes_with_a_reason(referral, world):
    lead = actor_of(world.coordinator)
    with pytest.raises(ValidationError) as exc:
        services.referral_refer_on(
            actor=lead, referral=referral, expected_version=1, to="", reason=""
        )
    assert set(exc.value.message_dict) == {"referred_to", "reason"}
    services.referral_refer_on(
        actor=lead, referral=referral, expected_version=1, to="GGD Fryslân", reason="Jeugd-ggz"
    )
    assert referral.state == Referral.State.REFERRED_ON
    assert referral.status_for_referrer == "Afgesloten"
    with pytest.raises(ConflictError):  # once referred on, it cannot be taken on
        services.referral_accept_existing(
            actor=lead,
            referral=referral,
            expected_version=2,
            household_id=world.household.pk,
            coordinator_id=world.colleague.pk,
        )


def test_take_on_as_a_new_household(referral, world):
    lead = actor_of(world.coordinator)
    household = services.referral_accept_new(
        actor=lead,
        referral=referral,
        expected_version=1,
        name="Huishouden Bouma",
        address=AddressInput(
            postcode="8921 AB",
            street="Valeriusstraat",
            house_number=7,
            addition="",
            city="Leeuwarden",
            neighbourhood_code=world.household.neighbourhood.code,
        ),
        first_member=ResidentInput(
            first_name="Ilse", last_name="Bouma", date_of_birth=dt.date(1988, 3, 1)
        ),
        coordinator_id=world.colleague.pk,
    )
    assert household.team == world.household.team
    assert referral.household == household
    coordinator = household.assignments.get(kind="coordinator", ended_on__isnull=True)
    assert coordinator.professional == world.colleague


def test_a_coordinator_from_another_team_is_refused(referral, world):
    with pytest.raises(DomainError):
        services.referral_accept_existing(
            actor=actor_of(world.coordinator),
            referral=referral,
            expected_version=1,
            household_id=world.household.pk,
            coordinator_id=world.other_professional.pk,
        )
    referral.refresh_from_db()
    assert referral.household is None
