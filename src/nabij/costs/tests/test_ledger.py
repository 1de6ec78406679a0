"""The cost ledger's invariants: append-only, counter-entries that net out, sane new lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from nabij.access.gate import Actor
from nabij.costs import services
from nabij.costs.models import CostLine, FundingStream, Payer, ReferencePrice, Unit
from nabij.tests import factories as f


def actor_of(professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def record(actor: Actor, household, **overrides) -> CostLine:
    values = {
        "provider": f.OrganisationFactory(),
        "stream": FundingStream.YOUTH,
        "payer": Payer.MUNICIPALITY,
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 1, 31),
        "volume": Decimal("10"),
        "unit": Unit.HOUR,
        "unit_price_cents": 9_500,
        "amount_cents": 95_000,
    }
    values.update(overrides)
    return services.cost_line_record(actor=actor, household=household, **values)


@pytest.mark.django_db
def test_reference_prices_ship_with_their_sources():
    prices = {p.key: p for p in ReferencePrice.objects.all()}
    assert prices["teen-mother-shelter"].amount_cents == 6_000_000
    assert prices["discount-rate"].amount_cents == 225
    assert prices["eviction-social-cost"].quality == ReferencePrice.Quality.WEAK
    assert all(p.source and p.year for p in prices.values())


@pytest.mark.django_db
def test_ledger_is_append_only(world):
    line = record(actor_of(world.assigned), world.household)
    with pytest.raises(PermissionError):
        line.save()
    with pytest.raises(PermissionError):
        line.delete()
    with pytest.raises(PermissionError):
        CostLine.objects.filter(pk=line.pk).update(amount_cents=1)
    with pytest.raises(PermissionError):
        CostLine.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_database_refuses_changes_to_the_ledger(world):
    line = record(actor_of(world.assigned), world.household)
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE costs_costline SET amount_cents = 1 WHERE id = %s", [line.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM costs_costline WHERE id = %s", [line.pk])
    assert CostLine.objects.get(pk=line.pk).amount_cents == 95_000


@pytest.mark.django_db
def test_correction_is_an_exact_counter_entry_and_happens_once(world):
    actor = actor_of(world.assigned)
    line = record(actor, world.household)
    counter = services.cost_line_correct(actor=actor, line=line, reason="dubbel gedeclareerd")
    assert counter.amount_cents == -line.amount_cents
    assert counter.volume == -line.volume
    assert counter.corrects_id == line.pk
    total = CostLine.objects.filter(household=world.household).aggregate(t=Sum("amount_cents"))
    assert total["t"] == 0
    with pytest.raises(ValidationError):
        services.cost_line_correct(actor=actor, line=line, reason="nog eens")
    with pytest.raises(ValidationError):
        services.cost_line_correct(actor=actor, line=counter, reason="terug")
    with pytest.raises(ValidationError):
        services.cost_line_correct(actor=actor, line=record(actor, world.household), reason=" ")
    assert CostLine.objects.filter(household=world.household).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_cents": -1}, "amount_cents"),
        ({"amount_cents": 10_000_000_01}, "amount_cents"),
        ({"period_end": dt.date(2025, 12, 31)}, "period_end"),
        ({"period_start": dt.date(1999, 1, 1)}, "period_start"),
        ({"volume": Decimal("0")}, "volume"),
        ({"unit_price_cents": -5}, "unit_price_cents"),
        ({"stream": "lottery"}, "stream"),
        ({"payer": "nobody"}, "payer"),
        ({"unit": "bushel"}, "unit"),
    ],
)
def test_bad_lines_are_refused_with_the_field_named(world, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        record(actor_of(world.assigned), world.household, **overrides)
    assert field in excinfo.value.message_dict
    assert not CostLine.objects.exists()


@pytest.mark.django_db
def test_database_refuses_a_negative_line_that_corrects_nothing(world):
    from django.db import IntegrityError

    line = record(actor_of(world.assigned), world.household)
    with pytest.raises(IntegrityError), transaction.atomic():
        CostLine.objects.create(
            household=world.household,
            provider=line.provider,
            stream=line.stream,
            payer=line.payer,
            period_start=line.period_start,
            period_end=line.period_end,
            volume=Decimal("1"),
            unit=line.unit,
            unit_price_cents=1,
            amount_cents=-1,
            source=line.source,
        )


class LedgerProperties(TestCase):
    """Whatever lines are recorded and whichever are corrected, the ledger total is the sum of
    the uncorrected lines, and every line plus its counter-entry is zero."""

    @settings(max_examples=25, deadline=None)
    @given(
        amounts=st.lists(st.integers(min_value=0, max_value=5_000_000), min_size=1, max_size=8),
        corrected=st.sets(st.integers(min_value=0, max_value=7)),
    )
    def test_counter_entries_net_out(self, amounts, corrected):
        professional = f.ProfessionalFactory()
        household = f.HouseholdFactory()
        actor = actor_of(professional)
        lines = [record(actor, household, amount_cents=a) for a in amounts]
        for index in corrected:
            if index < len(lines):
                services.cost_line_correct(actor=actor, line=lines[index], reason="fout")
        kept = sum(a for i, a in enumerate(amounts) if i not in corrected)
        total = CostLine.objects.filter(household=household).aggregate(t=Sum("amount_cents"))
        assert total["t"] == kept
        for line in CostLine.objects.filter(household=household, corrects__isnull=False):
            assert line.amount_cents + line.corrects.amount_cents == 0
