"""The initiatives' services: registering, the version check, contact persons with consent,
the broker's register through matching, and the append-only funding ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from nabij.access.gate import AccessDenied
from nabij.access.models import AccessLogEntry
from nabij.core.errors import ConflictError, DomainError
from nabij.initiatives import services
from nabij.initiatives.models import ContactPerson, FundingEntry, FundingSource, LegalForm
from nabij.initiatives.tests.helpers import add_hours, add_money, initiative_world, pro, resident

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_resident_registers_and_becomes_the_contact(world):
    item = initiative_world(world)
    contact = item.contacts.get()
    assert contact.resident == world.resident and contact.name_public and contact.consent_at
    row = AccessLogEntry.objects.filter(event="initiatives.register").get()
    assert (row.resident_id, row.purpose, row.outcome) == (
        world.resident.pk,
        "participation",
        "granted",
    )


def test_a_professional_does_not_register_as_a_resident(world):
    with pytest.raises(AccessDenied):
        services.initiative_register(
            actor=pro(world.assigned),
            data=services.InitiativeData(
                name="X",
                purpose="Y",
                district=world.household.neighbourhood.district,
                legal_form=LegalForm.INFORMAL,
            ),
            name_public=False,
        )
    assert AccessLogEntry.objects.filter(event="initiatives.register", outcome="refused").exists()


def test_an_informal_group_has_no_kvk_number(world):
    item = initiative_world(world)
    data = services.InitiativeData(
        name=item.name,
        purpose=item.purpose,
        district=item.district,
        legal_form=LegalForm.INFORMAL,
        kvk_number="12345678",
    )
    with pytest.raises(DomainError):
        services.initiative_update(
            actor=resident(world), initiative=item, expected_version=1, data=data
        )


def test_a_stale_version_is_a_conflict(world):
    item = initiative_world(world)
    data = services.InitiativeData(
        name="Kookgroep Heechterp-Noord",
        purpose=item.purpose,
        district=item.district,
        legal_form=LegalForm.ASSOCIATION,
        kvk_number="12345678",
    )
    services.initiative_update(
        actor=pro(world.assigned), initiative=item, expected_version=1, data=data
    )
    with pytest.raises(ConflictError):
        services.initiative_update(
            actor=resident(world), initiative=item, expected_version=1, data=data
        )
    item.refresh_from_db()
    assert (item.version, item.name) == (2, "Kookgroep Heechterp-Noord")


def test_another_team_and_another_resident_are_no_stewards(world):
    item = initiative_world(world)
    for actor in (
        pro(world.other_coordinator),
        resident(world, world.other_resident),
        pro(world.broker),
    ):
        with pytest.raises(AccessDenied):
            add_money(actor, item, 1000)
    assert not FundingEntry.objects.exists()


def test_only_the_team_adds_a_contact_and_the_last_one_cannot_stop(world):
    item = initiative_world(world)
    with pytest.raises(AccessDenied):
        services.contact_add(
            actor=resident(world),
            initiative=item,
            expected_version=1,
            resident=world.other_resident,
            role="contact",
            agreed=True,
            name_public=False,
        )
    with pytest.raises(DomainError):  # without the resident's agreement
        services.contact_add(
            actor=pro(world.colleague),
            initiative=item,
            expected_version=1,
            resident=world.other_resident,
            role="contact",
            agreed=False,
            name_public=False,
        )
    gerrit = services.contact_add(
        actor=pro(world.colleague),
        initiative=item,
        expected_version=1,
        resident=world.other_resident,
        role="treasurer",
        agreed=True,
        name_public=False,
    )
    assert AccessLogEntry.objects.filter(
        event="initiatives.contact.add",
        resident_id=world.other_resident.pk,
        purpose="participation",
    ).exists()
    karima = item.contacts.get(resident=world.resident)
    services.contact_end(
        actor=resident(world), initiative=item, expected_version=2, contact_id=karima.pk
    )
    with pytest.raises(DomainError):
        services.contact_end(
            actor=pro(world.colleague), initiative=item, expected_version=3, contact_id=gerrit.pk
        )
    # Karima stopped: she is no steward any more
    with pytest.raises(AccessDenied):
        add_money(resident(world), item, 500)


def test_a_contact_changes_only_their_own_consent(world):
    item = initiative_world(world)
    services.contact_name_public_set(actor=resident(world), initiative=item, name_public=False)
    contact = item.contacts.get()
    assert not contact.name_public and contact.consent_at is None
    with pytest.raises(AccessDenied):
        services.contact_name_public_set(
            actor=pro(world.coordinator), initiative=item, name_public=True
        )


def test_the_offer_goes_into_the_brokers_register_through_its_services(world):
    from nabij.matching.models import Skill

    item = initiative_world(world)
    skill = Skill.objects.filter(active=True).order_by("position").first()
    saved = services.broker_offer_save(
        actor=resident(world),
        initiative=item,
        expected_version=1,
        offers={skill.pk: Decimal(2)},
        consent=True,
    )
    participant = saved.participant
    assert participant.last_name == "Kookgroep Heechterp" and participant.resident_id is None
    assert list(participant.offers.values_list("skill_id", flat=True)) == [skill.pk]
    with pytest.raises(DomainError):
        services.broker_offer_save(
            actor=resident(world),
            initiative=saved,
            expected_version=2,
            offers={skill.pk: Decimal(2)},
            consent=False,
        )


def test_the_ledger_is_append_only_and_a_reversal_cancels_a_line_once(world):
    item = initiative_world(world)
    line = add_money(resident(world), item, 24_000, FundingSource.MEMBER_FEES)
    with pytest.raises(PermissionError):
        line.save()
    with pytest.raises(PermissionError):
        line.delete()
    with pytest.raises(PermissionError):
        FundingEntry.objects.filter(pk=line.pk).update(amount_cents=1)
    with pytest.raises(DomainError):
        services.funding_entry_reverse(
            actor=resident(world), initiative=item, entry=line, reason=" "
        )
    back = services.funding_entry_reverse(
        actor=resident(world), initiative=item, entry=line, reason="Dubbel"
    )
    assert (back.amount_cents, back.year, back.source, back.reverses_id) == (
        -24_000,
        line.year,
        line.source,
        line.pk,
    )
    with pytest.raises(DomainError):
        services.funding_entry_reverse(
            actor=pro(world.assigned), initiative=item, entry=line, reason="Nog eens"
        )
    with pytest.raises(DomainError):
        services.funding_entry_reverse(
            actor=pro(world.assigned), initiative=item, entry=back, reason="Terug"
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        FundingEntry.objects.create(
            initiative=item,
            year=line.year,
            source=line.source,
            amount_cents=-1,
            booked_on=TODAY(),
            reverses=line,
            recorded_by=world.assigned.user,
        )


def test_hours_need_a_rate_and_its_source_and_the_amount_follows(world):
    item = initiative_world(world)
    base = {
        "actor": resident(world),
        "initiative": item,
        "year": TODAY().year,
        "source": FundingSource.HOURS,
        "booked_on": TODAY(),
        "description": "Koken",
    }
    with pytest.raises(DomainError):
        services.funding_entry_add(**base, amount_cents=5600, hours=Decimal(10))
    with pytest.raises(DomainError):
        services.funding_entry_add(
            **base, amount_cents=5600, hours=Decimal(10), hour_rate_cents=560
        )
    with pytest.raises(DomainError):
        services.funding_entry_add(
            **base, amount_cents=9999, hours=Decimal(10), hour_rate_cents=560, rate_source="Bron"
        )
    line = add_hours(resident(world), item, "16")
    assert (line.amount_cents, line.hour_rate_cents, line.rate_source) == (
        8_960,
        560,
        "Belastingdienst 2025",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingEntry.objects.create(
            initiative=item,
            year=TODAY().year,
            source="hours",
            amount_cents=1,
            booked_on=TODAY(),
            recorded_by=world.assigned.user,
        )
    back = services.funding_entry_reverse(
        actor=resident(world), initiative=item, entry=line, reason="Fout"
    )
    assert back.hours == Decimal("-16") and back.amount_cents == -8_960


def test_municipal_money_without_an_application_only_from_the_team(world):
    item = initiative_world(world)
    with pytest.raises(DomainError):
        add_money(resident(world), item, 50_000, FundingSource.SUBSIDY)
    line = add_money(pro(world.coordinator), item, 50_000, FundingSource.SUBSIDY)
    assert line.recorded_by == world.coordinator.user


def test_money_lines_are_positive_and_in_their_year(world):
    item = initiative_world(world)
    with pytest.raises(DomainError):
        add_money(resident(world), item, -500)
    with pytest.raises(DomainError):
        services.funding_entry_add(
            actor=resident(world),
            initiative=item,
            year=TODAY().year - 1,
            source="donations",
            amount_cents=500,
            booked_on=TODAY(),
            description="",
        ) if TODAY().year - 1 != TODAY().year else None
    with pytest.raises(DomainError):
        services.funding_entry_add(
            actor=resident(world),
            initiative=item,
            year=1990,
            source="donations",
            amount_cents=500,
            booked_on=TODAY().replace(year=1990),
            description="",
        )


def test_the_hour_value_is_the_reference_price_when_there_is_one(world):
    from nabij.costs.models import ReferencePrice

    assert services.hour_value() == services.HourValue(
        services.DEFAULT_HOUR_VALUE_CENTS, services.DEFAULT_HOUR_VALUE_SOURCE
    )
    ReferencePrice.objects.create(
        key=services.HOUR_PRICE_KEY,
        name="Vrijwilligersuur",
        amount_cents=1_500,
        unit="hour",
        year=2026,
        source="Movisie",
    )
    value = services.hour_value()
    assert value.cents == 1_500 and "Movisie" in value.source


def test_contacts_of_a_deleted_role_keep_one_current_row(world):
    item = initiative_world(world)
    with pytest.raises(DomainError):
        services.contact_add(
            actor=pro(world.colleague),
            initiative=item,
            expected_version=1,
            resident=world.resident,
            role="contact",
            agreed=True,
            name_public=True,
        )
    assert ContactPerson.objects.filter(initiative=item).count() == 1
