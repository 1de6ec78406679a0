"""Frontline freedom: a professional pays from their own district's area fund for a household
they work on, up to the team's limit per agreement (and three times that a month); above it the
coordinator decides. In the source Sandra lent Hakan €400 herself: the default limit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nabij.access import rules
from nabij.access import services as access_services
from nabij.access.gate import AccessDenied
from nabij.access.models import AuditEvent, DistrictTeam
from nabij.core.errors import ConflictError, DomainError
from nabij.funds import services
from nabij.funds.models import Agreement, Entry, Transaction
from nabij.funds.tests.helpers import a_while_ago, actor_of, f, fund_world
from nabij.funds.tests.test_access import ROLES


def pay(world, professional, cents: int, *, kind: str = "grant", household=None, **extra):
    return services.agreement_create(
        actor=actor_of(professional),
        household=household or world.household,
        kind=kind,
        amount_cents=cents,
        purpose="Paspoort en leges",
        decided_on=a_while_ago(1),
        **extra,
    )


# --- the rule, for every role ---------------------------------------------------------------


@pytest.fixture
def districts(world):
    a = world.household.neighbourhood.district
    b = world.other_household.neighbourhood.district
    world.coordinator.team.districts.add(a)
    world.other_coordinator.team.districts.add(b)
    return a, b


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_frontline_rule_for_every_role(world, districts, key):
    """Only the assigned professional of the household's own team, in its district; the
    coordinator spends by the mandate instead; everyone else never."""
    a, b = districts
    p = world.by_key(key)
    assert rules.can_spend_frontline(p, a.pk, world.household) == (key == "assigned")
    # Another district: never, whatever the role (team A does not work in B).
    assert not rules.can_spend_frontline(p, b.pk, world.household)
    assert not rules.can_spend_frontline(p, a.pk, world.other_household)
    assert rules.can_spend_or_frontline(p, a.pk, world.household) == (
        key in ("assigned", "coordinator")
    )
    # Team B's professional, assigned to team B's household, in district B.
    assert rules.can_spend_frontline(p, b.pk, world.other_household) == (
        key == "other_professional"
    )
    assert rules.can_set_frontline_limit(p, world.coordinator.team_id) == (key == "coordinator")


@pytest.mark.django_db
def test_frontline_needs_own_team_and_the_households_district(world, districts):
    a, b = districts
    p = world.assigned
    # Assigned to team B's household (an involved professional of another team): not theirs.
    f.AssignmentFactory(household=world.other_household, professional=p, kind="involved")
    assert not rules.can_spend_frontline(p, b.pk, world.other_household)
    # Their own team's household that moved to district B: not from A's fund, nor from B's.
    moved = f.HouseholdFactory(
        team=p.team, address__neighbourhood=world.other_household.neighbourhood
    )
    f.AssignmentFactory(household=moved, professional=p, kind="involved")
    assert not rules.can_spend_frontline(p, a.pk, moved)
    assert not rules.can_spend_frontline(p, b.pk, moved)
    # An ended assignment is no assignment.
    assignment = world.household.assignments.get(professional=p)
    assignment.ended_on = a_while_ago(1)
    assignment.save(update_fields=["ended_on"])
    household = type(world.household).objects.get(pk=world.household.pk)
    assert not rules.can_spend_frontline(p, a.pk, household)


@pytest.mark.parametrize(
    ("amount", "limit", "spent", "allowed"),
    [
        (400_00, 400_00, 0, True),  # at the limit
        (399_99, 400_00, 0, True),  # below
        (400_01, 400_00, 0, False),  # above: the coordinator decides
        (1, 0, 0, False),  # no frontline room
        (0, 400_00, 0, False),
        (400_00, 400_00, 800_00, True),  # the third this month fills the month's cap exactly
        (1, 400_00, 1_200_00, False),  # and nothing more after that
        (200_00, 400_00, 1_000_01, False),
    ],
)
def test_frontline_allows(amount, limit, spent, allowed):
    assert rules.frontline_allows(amount, limit, spent) is allowed


# --- the service on the ledger ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_professional_pays_up_to_the_limit_on_the_ledger(world):
    fund_a, _b = fund_world(world)
    before = services.balance_cents(fund_a)
    loan = pay(world, world.assigned, 400_00, kind="loan", hours_agreed=Decimal("40"),
               reciprocity="40 uur koken")  # fmt: skip
    assert loan.frontline and loan.frontline_limit_cents == 400_00
    assert loan.decided_by == world.assigned
    assert services.balance_cents(fund_a) == before - 400_00
    txn = Transaction.objects.get(agreement=loan)
    assert sum(Entry.objects.filter(transaction=txn).values_list("amount_cents", flat=True)) == 0
    # The assigned professional records repayments as before.
    services.repayment_record(
        actor=actor_of(world.assigned),
        agreement=loan,
        household=world.household,
        amount_cents=100_00,
        paid_on=a_while_ago(0),
        version=loan.version,
    )
    assert services.balance_cents(fund_a) == before - 300_00


@pytest.mark.django_db
def test_above_the_limit_the_coordinator_decides(world):
    _fund_a, _b = fund_world(world)
    with pytest.raises(DomainError) as exc:
        pay(world, world.assigned, 400_01)
    assert exc.value.field == "amount"
    assert "400,00" in str(exc.value)
    assert not Agreement.objects.exists()
    made = pay(world, world.coordinator, 1_500_00)  # the mandate: any plausible amount
    assert not made.frontline and made.frontline_limit_cents is None


@pytest.mark.django_db
def test_the_month_cap_and_a_reversal_frees_room(world):
    fund_world(world)
    for _ in range(3):
        pay(world, world.assigned, 400_00)
    with pytest.raises(DomainError) as exc:
        pay(world, world.assigned, 1)
    assert "1.200,00" in str(exc.value)
    # The coordinator undoes one payment: its amount is room again.
    first = Agreement.objects.order_by("pk").first()
    services.transaction_reverse(
        actor=actor_of(world.coordinator),
        txn=Transaction.objects.get(agreement=first, kind="grant"),
        reason="dubbel betaald",
        household=world.household,
    )
    pay(world, world.assigned, 400_00)
    assert Agreement.objects.filter(frontline=True).count() == 4


@pytest.mark.django_db
def test_the_team_limit_applies_as_it_stands(world):
    fund_world(world)
    access_services.team_frontline_limit_set(
        actor=actor_of(world.coordinator), limit_cents=100_00, expected_cents=400_00
    )
    with pytest.raises(DomainError):
        pay(world, world.assigned, 100_01)
    assert pay(world, world.assigned, 100_00).frontline_limit_cents == 100_00
    access_services.team_frontline_limit_set(
        actor=actor_of(world.coordinator), limit_cents=0, expected_cents=100_00
    )
    with pytest.raises(DomainError) as exc:
        pay(world, world.assigned, 1)
    assert exc.value.field == "amount" and not Agreement.objects.filter(amount_cents=1).exists()


@pytest.mark.django_db
def test_frontline_never_goes_below_zero(world):
    fund_a, _b = fund_world(world, per_inhabitant=1)  # €50 in the fund
    with pytest.raises(DomainError):
        pay(world, world.assigned, 60_00)
    with pytest.raises(ValidationError) as exc:
        pay(world, world.assigned, 60_00, override_reason="Het moet nu")
    assert "override_reason" in exc.value.message_dict
    assert services.balance_cents(fund_a) == 50_00
    # The coordinator may, with a reason.
    pay(world, world.coordinator, 60_00, override_reason="Het moet nu")
    assert services.balance_cents(fund_a) == -10_00


@pytest.mark.django_db
@pytest.mark.parametrize("key", [k for k in ROLES if k not in ("assigned", "coordinator")])
def test_no_one_else_pays_at_all(world, key):
    fund_world(world)
    with pytest.raises(AccessDenied):
        pay(world, world.by_key(key), 10_00)
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_another_districts_professional_pays_only_there(world):
    _fund_a, fund_b = fund_world(world)
    made = pay(world, world.other_professional, 50_00, household=world.other_household)
    assert made.fund == fund_b and made.frontline
    with pytest.raises(AccessDenied):
        pay(world, world.other_professional, 50_00)


# --- the limit, set by the coordinator ----------------------------------------------------------


@pytest.mark.django_db
def test_the_coordinator_sets_the_limit_audited_and_checked(world):
    team = world.coordinator.team
    actor = actor_of(world.coordinator)
    access_services.team_frontline_limit_set(actor=actor, limit_cents=250_00, expected_cents=400_00)
    assert DistrictTeam.objects.get(pk=team.pk).frontline_limit_cents == 250_00
    event = AuditEvent.objects.get(kind="frontline_limit_set")
    assert event.before == {"frontline_limit_cents": 400_00}
    assert event.after == {"frontline_limit_cents": 250_00} and event.object_id == team.pk
    with pytest.raises(ConflictError):  # what they saw is no longer so
        access_services.team_frontline_limit_set(
            actor=actor, limit_cents=300_00, expected_cents=400_00
        )
    with pytest.raises(DomainError):
        access_services.team_frontline_limit_set(
            actor=actor, limit_cents=rules.FRONTLINE_LIMIT_MAX_CENTS + 1, expected_cents=250_00
        )
    for key in ("assigned", "administrator", "analyst", "broker"):
        with pytest.raises(AccessDenied):
            access_services.team_frontline_limit_set(
                actor=actor_of(world.by_key(key)), limit_cents=1, expected_cents=250_00
            )
    # Team B's coordinator sets team B's limit, never team A's.
    access_services.team_frontline_limit_set(
        actor=actor_of(world.other_coordinator), limit_cents=0, expected_cents=400_00
    )
    assert DistrictTeam.objects.get(pk=team.pk).frontline_limit_cents == 250_00
    assert DistrictTeam.objects.get(pk=world.other_coordinator.team_id).frontline_limit_cents == 0


# --- the pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_professional_sees_their_limit_and_pays_from_the_form(world, login):
    fund_a, _b = fund_world(world)
    client = login(world.assigned)
    page = client.get(reverse("funds:fund", args=[fund_a.district.code])).content.decode()
    assert "400,00" in page and "1.200,00" in page
    url = reverse("funds:agreement_new", args=[fund_a.district.code])
    form = client.get(url, {"household": world.household.pk}).content.decode()
    assert "400,00" in form and 'name="override_reason"' not in form
    data = {
        "household": world.household.pk,
        "kind": "grant",
        "amount": "450",
        "purpose": "Borg",
        "hours_agreed": "0",
        "decided_on": dt.date.today().isoformat(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and not Agreement.objects.exists()
    data["amount"] = "400"
    assert client.post(url, data).status_code == 302
    assert Agreement.objects.get().frontline


@pytest.mark.django_db
def test_the_coordinator_sets_the_limit_on_the_fund_page(world, login):
    fund_a, _b = fund_world(world)
    client = login(world.coordinator)
    page = client.get(reverse("funds:fund", args=[fund_a.district.code])).content.decode()
    assert reverse("funds:frontline_limit") in page
    fund_url = reverse("funds:fund", args=[fund_a.district.code])
    response = client.post(
        reverse("funds:frontline_limit"),
        {"limit": "250", "expected_cents": 400_00, "next": fund_url},
    )
    assert response.status_code == 302 and response["Location"] == fund_url
    assert DistrictTeam.objects.get(pk=world.coordinator.team_id).frontline_limit_cents == 250_00
    # Somewhere else is not where it sends one.
    response = client.post(
        reverse("funds:frontline_limit"),
        {"limit": "300", "expected_cents": 250_00, "next": "https://example.org/"},
    )
    assert response["Location"] == reverse("funds:index")
    assert (
        login(world.assigned)
        .post(reverse("funds:frontline_limit"), {"limit": "999", "expected_cents": 300_00})
        .status_code
        == 403
    )
