"""The area-fund ledger: balanced, append-only, never negative without an override."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nabij.access.gate import AccessDenied
from nabij.access.models import AccessLogEntry, AuditEvent, AuditKind
from nabij.core.errors import ConflictError, DomainError
from nabij.funds import services
from nabij.funds.models import Account, Agreement, Entry, HoursRecord, Transaction
from nabij.funds.tests.helpers import a_while_ago, actor_of, breakthrough_for, f, fund_world

BUDGET = 10_00 * 5000  # €10 per inhabitant x 5,000 inhabitants


def loan(world, amount=40_000, **kw) -> Agreement:
    values = {
        "kind": Agreement.Kind.LOAN,
        "amount_cents": amount,
        "purpose": "Paspoort en leges",
        "reciprocity": "40 uur vrijwillig koken",
        "hours_agreed": Decimal("40"),
        "decided_on": a_while_ago(30),
    }
    values.update(kw)
    return services.agreement_create(
        actor=actor_of(world.coordinator), household=world.household, **values
    )


@pytest.mark.django_db
def test_allocation_is_per_inhabitant_and_once_a_year(world):
    fund, _other = fund_world(world)
    assert services.balance_cents(fund) == BUDGET
    allocation = fund.allocations.get()
    assert (allocation.inhabitants, allocation.cents_per_inhabitant) == (5000, 10_00)
    with pytest.raises(DomainError):
        services.budget_allocate(
            actor=actor_of(world.administrator),
            district=fund.district,
            year=allocation.year,
            cents_per_inhabitant=5_00,
        )
    assert services.balance_cents(fund) == BUDGET


@pytest.mark.django_db
def test_allocating_is_the_administrators_job(world):
    district = world.household.neighbourhood.district
    for key in ("coordinator", "assigned", "analyst", "broker"):
        with pytest.raises(AccessDenied):
            services.budget_allocate(
                actor=actor_of(world.by_key(key)),
                district=district,
                year=2026,
                cents_per_inhabitant=10_00,
            )
    assert not Transaction.objects.exists()
    assert (
        AccessLogEntry.objects.filter(event="funds.budget.allocate", outcome="refused").count() == 4
    )


@pytest.mark.django_db
def test_budgets_for_every_team_district_at_once(world):
    world.coordinator.team.districts.add(world.household.neighbourhood.district)
    world.other_coordinator.team.districts.add(world.other_household.neighbourhood.district)
    f.DistrictFactory(inhabitants=None)  # no team, no count: skipped
    made = services.budgets_allocate_all(
        actor=actor_of(world.administrator), year=2026, cents_per_inhabitant=7_50
    )
    assert [a.amount_cents for a in made] == [7_50 * 5000, 7_50 * 5000]
    again = services.budgets_allocate_all(
        actor=actor_of(world.administrator), year=2026, cents_per_inhabitant=7_50
    )
    assert again == []


@pytest.mark.django_db
def test_loan_moves_money_from_fund_to_the_loan_account(world):
    fund, _ = fund_world(world)
    bt = breakthrough_for(world.household, world.coordinator)
    agreement = loan(world, breakthrough=bt)
    assert agreement.breakthrough == bt
    assert services.balance_cents(fund) == BUDGET - 40_000
    txn = agreement.transactions.get()
    assert sum(e.amount_cents for e in txn.entries.all()) == 0
    assert agreement.account.entries.aggregate(t=Sum("amount_cents"))["t"] == 40_000


@pytest.mark.django_db
def test_grant_goes_to_the_grants_account(world):
    fund, _ = fund_world(world)
    services.agreement_create(
        actor=actor_of(world.coordinator),
        household=world.household,
        kind=Agreement.Kind.GRANT,
        amount_cents=12_500,
        purpose="Koelkast",
    )
    grants = Account.objects.get(fund=fund, kind=Account.Kind.GRANTS)
    assert grants.entries.aggregate(t=Sum("amount_cents"))["t"] == 12_500
    assert services.balance_cents(fund) == BUDGET - 12_500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("amount", {"amount_cents": 0}),
        ("amount", {"amount_cents": -5}),
        ("amount", {"amount_cents": 10_000_000_00}),
        ("purpose", {"purpose": "  "}),
        ("hours_agreed", {"hours_agreed": Decimal("-1")}),
        ("reciprocity", {"reciprocity": ""}),
        ("kind", {"kind": "gift"}),
    ],
)
def test_bad_agreements_are_refused_and_write_nothing(world, field, overrides):
    fund_world(world)
    before = Transaction.objects.count()
    with pytest.raises(ValidationError) as exc:
        loan(world, **overrides)
    assert field in exc.value.message_dict
    assert Transaction.objects.count() == before
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_breakthrough_of_another_household_is_refused(world):
    fund_world(world)
    other = breakthrough_for(world.other_household, world.other_coordinator)
    with pytest.raises(ValidationError) as exc:
        loan(world, breakthrough=other)
    assert "breakthrough" in exc.value.message_dict


@pytest.mark.django_db
def test_fund_never_goes_negative_without_an_override(world):
    fund, _ = fund_world(world, per_inhabitant=1)  # €50 in the fund
    with pytest.raises(DomainError) as exc:
        loan(world)
    assert exc.value.field == "amount"
    assert services.balance_cents(fund) == 5000
    assert not Agreement.objects.exists()
    agreement = loan(world, override_reason="Paspoort kan niet wachten op het nieuwe budget")
    assert services.balance_cents(fund) == 5000 - 40_000
    txn = agreement.transactions.get()
    assert txn.override_reason.startswith("Paspoort")
    rows = AccessLogEntry.objects.filter(event="funds.override")
    assert rows.count() == 2  # one per member: Karima and Noor
    assert all(r.household_id == world.household.pk and "Paspoort" in r.detail for r in rows)
    # The decision itself is in the audit trail (issue 9), by whom and why.
    event = AuditEvent.objects.get(kind=AuditKind.FUND_OVERRIDE)
    assert (event.object_id, event.actor_username) == (txn.pk, world.coordinator.user.username)
    assert event.reason.startswith("Paspoort")


@pytest.mark.django_db
def test_override_reason_is_not_stored_when_the_fund_suffices(world):
    fund_world(world)
    agreement = loan(world, override_reason="voor de zekerheid")
    assert agreement.transactions.get().override_reason == ""
    assert not AccessLogEntry.objects.filter(event="funds.override").exists()
    assert not AuditEvent.objects.filter(kind=AuditKind.FUND_OVERRIDE).exists()


@pytest.mark.django_db
def test_repayments_and_hours_with_version_check(world):
    fund, _ = fund_world(world)
    agreement = loan(world)
    actor = actor_of(world.assigned)  # the wijkcoach records; no mandate needed
    services.repayment_record(
        actor=actor,
        agreement=agreement,
        household=world.household,
        amount_cents=10_000,
        paid_on=a_while_ago(10),
        version=1,
    )
    with pytest.raises(ConflictError):
        services.repayment_record(
            actor=actor,
            agreement=agreement,
            household=world.household,
            amount_cents=10_000,
            paid_on=a_while_ago(10),
            version=1,
        )
    with pytest.raises(DomainError):  # more than is owed
        services.repayment_record(
            actor=actor,
            agreement=agreement,
            household=world.household,
            amount_cents=30_001,
            paid_on=a_while_ago(5),
            version=2,
        )
    agreement.refresh_from_db()
    assert agreement.version == 2  # the refused recording raised nothing
    services.hours_record(
        actor=actor,
        agreement=agreement,
        household=world.household,
        hours=Decimal("4"),
        done_on=a_while_ago(3),
        note="",
        version=2,
    )
    with pytest.raises(DomainError):
        services.hours_record(
            actor=actor,
            agreement=agreement,
            household=world.household,
            hours=Decimal("-5"),
            done_on=a_while_ago(3),
            note="dubbel ingevoerd",
            version=3,
        )
    with pytest.raises(DomainError):
        services.hours_record(
            actor=actor,
            agreement=agreement,
            household=world.household,
            hours=Decimal("-1"),
            done_on=a_while_ago(3),
            note="",
            version=3,
        )
    assert HoursRecord.objects.aggregate(t=Sum("hours"))["t"] == Decimal("4")
    assert services.balance_cents(fund) == BUDGET - 30_000


@pytest.mark.django_db
def test_reciprocity_recording_refused_outside_the_household(world):
    fund_world(world)
    agreement = loan(world)
    for key in ("colleague", "other_coordinator", "other_professional", "analyst", "broker"):
        with pytest.raises(AccessDenied):
            services.repayment_record(
                actor=actor_of(world.by_key(key)),
                agreement=agreement,
                household=world.household,
                amount_cents=100,
                paid_on=a_while_ago(1),
                version=1,
            )
    assert not Transaction.objects.filter(kind=Transaction.Kind.REPAYMENT).exists()


@pytest.mark.django_db
def test_reversal_undoes_exactly_and_only_once(world):
    fund, _ = fund_world(world)
    agreement = loan(world)
    actor = actor_of(world.coordinator)
    repayment = services.repayment_record(
        actor=actor_of(world.assigned),
        agreement=agreement,
        household=world.household,
        amount_cents=5_000,
        paid_on=a_while_ago(1),
        version=1,
    )
    with pytest.raises(DomainError):  # a loan with repayments is not reversed
        services.transaction_reverse(
            actor=actor,
            txn=agreement.transactions.get(kind=Transaction.Kind.LOAN),
            reason="fout",
            household=world.household,
        )
    services.transaction_reverse(
        actor=actor, txn=repayment, reason="Dubbel geboekt", household=world.household
    )
    with pytest.raises(DomainError):
        services.transaction_reverse(
            actor=actor, txn=repayment, reason="nog eens", household=world.household
        )
    services.transaction_reverse(
        actor=actor,
        txn=agreement.transactions.get(kind=Transaction.Kind.LOAN),
        reason="Lening ging niet door",
        household=world.household,
    )
    assert services.balance_cents(fund) == BUDGET
    assert agreement.account.entries.aggregate(t=Sum("amount_cents"))["t"] == 0
    with pytest.raises(AccessDenied):
        services.transaction_reverse(
            actor=actor_of(world.assigned), txn=repayment, reason="x", household=world.household
        )


@pytest.mark.django_db
def test_ledger_rows_are_append_only(world):
    fund_world(world)
    agreement = loan(world)
    txn = agreement.transactions.get()
    entry = txn.entries.first()
    for obj in (txn, entry):
        with pytest.raises(PermissionError):
            obj.save()
        with pytest.raises(PermissionError):
            obj.delete()
    with pytest.raises(PermissionError):
        Entry.objects.filter(pk=entry.pk).update(amount_cents=1)
    with pytest.raises(PermissionError):
        Transaction.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger is PostgreSQL only")
def test_postgres_trigger_refuses_raw_updates(world):
    fund_world(world)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE funds_entry SET amount_cents = 1")


@pytest.mark.django_db
def test_unbalanced_transactions_are_refused(world):
    fund, _ = fund_world(world)
    acc = Account.objects.get(fund=fund, kind=Account.Kind.FUND)
    grants = Account.objects.get(fund=fund, kind=Account.Kind.GRANTS)
    for legs in (
        [services.Leg(acc, 5)],
        [services.Leg(acc, 5), services.Leg(grants, -4)],
        [services.Leg(acc, 0), services.Leg(grants, 0)],
    ):
        with pytest.raises(services.UnbalancedTransaction):
            services._post(
                kind=Transaction.Kind.GRANT,
                fund=fund,
                legs=legs,
                occurred_on=a_while_ago(1),
                description="x",
                actor=actor_of(world.coordinator),
            )


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["grant", "loan", "repay", "reverse", "override", "hours"]),
        st.integers(min_value=1, max_value=60_000),
    ),
    min_size=1,
    max_size=10,
)


@pytest.mark.django_db
def test_ledger_invariants_hold_for_any_sequence(world):
    """Whatever sequence of grants, loans, repayments, reversals and overrides is tried:
    every transaction sums to zero, the balance is the sum of the fund's entries and equals
    the model kept here, and it is below zero only after a transaction with an override.
    Each example runs in a savepoint that is rolled back, so examples do not see each other."""

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(operations=OPERATIONS, budget_per_inhabitant=st.integers(min_value=1, max_value=20))
    def run(operations, budget_per_inhabitant):
        savepoint = transaction.savepoint()
        try:
            _check_sequence(world, operations, budget_per_inhabitant)
        finally:
            transaction.savepoint_rollback(savepoint)

    run()


def _check_sequence(world, operations, budget_per_inhabitant):
    fund, _ = fund_world(world, per_inhabitant=budget_per_inhabitant)
    coordinator = actor_of(world.coordinator)
    expected = budget_per_inhabitant * 5000
    loans: list[Agreement] = []
    done: list[Transaction] = []
    for op, amount in operations:
        # A refusal writes nothing: the balance check below holds either way.
        with contextlib.suppress(DomainError, ValidationError):
            if op in ("grant", "loan", "override"):
                agreement = services.agreement_create(
                    actor=coordinator,
                    household=world.household,
                    kind=Agreement.Kind.GRANT if op == "grant" else Agreement.Kind.LOAN,
                    amount_cents=amount,
                    purpose="x",
                    override_reason="besloten in teamoverleg" if op == "override" else "",
                )
                expected -= amount
                done.append(agreement.transactions.get())
                if agreement.kind == Agreement.Kind.LOAN:
                    loans.append(agreement)
            elif op == "repay" and loans:
                agreement = loans[amount % len(loans)]
                agreement.refresh_from_db()
                txn = services.repayment_record(
                    actor=coordinator,
                    agreement=agreement,
                    household=world.household,
                    amount_cents=amount,
                    paid_on=agreement.decided_on,
                    version=agreement.version,
                )
                expected += amount
                done.append(txn)
            elif op == "reverse" and done:
                original = done[amount % len(done)]
                effect = _fund_effect(original)
                services.transaction_reverse(
                    actor=coordinator,
                    txn=original,
                    reason="correctie",
                    household=world.household,
                )
                expected -= effect
            elif op == "hours" and loans:
                agreement = loans[0]
                agreement.refresh_from_db()
                services.hours_record(
                    actor=coordinator,
                    agreement=agreement,
                    household=world.household,
                    hours=Decimal(amount % 50 + 1),
                    done_on=agreement.decided_on,
                    note="",
                    version=agreement.version,
                )
        balance = services.balance_cents(fund)
        assert balance == expected
        if balance < 0:
            assert Transaction.objects.filter(fund=fund).exclude(override_reason="").exists()
    for txn in Transaction.objects.prefetch_related("entries"):
        assert sum(e.amount_cents for e in txn.entries.all()) == 0
        assert len(txn.entries.all()) >= 2
    assert Entry.objects.aggregate(t=Sum("amount_cents"))["t"] == 0  # the whole ledger balances
    for agreement in loans:
        assert agreement.account.entries.aggregate(t=Sum("amount_cents"))["t"] >= 0


def _fund_effect(txn: Transaction) -> int:
    return sum(e.amount_cents for e in txn.entries.all() if e.account.kind == Account.Kind.FUND)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_spends_at_once_cannot_both_pass_the_balance_check(world):
    """Each loan fits the fund alone, both together do not: the fund's row lock lets exactly
    one through, and the fund stays at or above zero."""
    import threading

    from django.db import connections

    fund, _ = fund_world(world, per_inhabitant=10)  # €500
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def spend() -> None:
        try:
            barrier.wait()
            loan(world, amount=30_000)
            outcomes.append("paid")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=spend) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["paid", "refused"]
    assert services.balance_cents(fund) == 50_000 - 30_000
