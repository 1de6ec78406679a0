"""Every area-fund page and endpoint over every role of ``world``: who gets in, what is logged.

Team A works in the district where ``world.household`` lives; team B in the other one. The
household has a €400 loan from district A's fund.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.access.services import api_token_create
from nabij.funds import services
from nabij.funds.models import Agreement, Transaction
from nabij.funds.tests.helpers import a_while_ago, actor_of, fund_world

ROLES = (
    "assigned",
    "colleague",
    "coordinator",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
)
TEAM_A = {"assigned", "colleague", "coordinator"}
WORKS_ON_HOUSEHOLD = {"assigned", "coordinator"}
OVERVIEW = set(ROLES) - {"broker"}


@pytest.fixture
def funded(world):
    fund_a, fund_b = fund_world(world)
    agreement = services.agreement_create(
        actor=actor_of(world.coordinator),
        household=world.household,
        kind=Agreement.Kind.LOAN,
        amount_cents=40_000,
        purpose="Paspoort en leges",
        reciprocity="40 uur vrijwillig koken",
        hours_agreed=Decimal("40"),
        decided_on=a_while_ago(30),
    )
    return fund_a, fund_b, agreement


def _refused_logged(event: str, username: str) -> bool:
    return AccessLogEntry.objects.filter(event=event, outcome="refused", username=username).exists()


def _granted_logged(event: str, username: str) -> bool:
    return AccessLogEntry.objects.filter(event=event, outcome="granted", username=username).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_overview(world, funded, login, key):
    professional = world.by_key(key)
    response = login(professional).get(reverse("funds:index"))
    name = professional.user.username
    if key in OVERVIEW:
        assert response.status_code == 200
        assert _granted_logged("funds.overview", name)
        content = response.content.decode()
        assert "Karima" not in content and world.household.name not in content
    else:
        assert response.status_code == 403
        assert _refused_logged("funds.overview", name)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_fund_page(world, funded, login, key):
    fund_a, _b, _agreement = funded
    professional = world.by_key(key)
    response = login(professional).get(reverse("funds:fund", args=[fund_a.district.code]))
    name = professional.user.username
    if key not in TEAM_A:
        assert response.status_code == 403
        assert _refused_logged("funds.fund.view", name)
        return
    assert response.status_code == 200
    assert _granted_logged("funds.fund.view", name)
    content = response.content.decode()
    if key in WORKS_ON_HOUSEHOLD:
        assert world.household.name in content and "Paspoort en leges" in content
        logged = AccessLogEntry.objects.filter(
            event="funds.fund.view", username=name, household_id=world.household.pk
        )
        assert logged.count() == 2  # Karima and Noor
    else:  # the colleague sees the money, not who received it
        assert world.household.name not in content and "Paspoort" not in content
        assert not AccessLogEntry.objects.filter(household_id=world.household.pk).filter(
            username=name
        )


@pytest.mark.django_db
def test_unknown_fund_is_404_and_logged(world, funded, login):
    response = login(world.coordinator).get(reverse("funds:fund", args=["WK999999"]))
    assert response.status_code == 404
    assert _refused_logged("funds.fund.view", "coordinator")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_new_agreement_needs_the_mandate_or_frontline_room(world, funded, login, key):
    """The form opens for the members of a team working in the district; the coordinator pays
    for any of the team's households there, the assigned professional for their own household
    up to the team's limit (€400 by default); nobody else pays at all."""
    fund_a, _b, _agreement = funded
    professional = world.by_key(key)
    client = login(professional)
    url = reverse("funds:agreement_new", args=[fund_a.district.code])
    response = client.get(url)
    grant = {
        "household": world.household.pk,
        "kind": "grant",
        "amount": "50",
        "purpose": "Leges",
        "hours_agreed": "0",
        "decided_on": a_while_ago(1).isoformat(),
    }
    if key not in TEAM_A:
        assert response.status_code == 403
        assert _refused_logged("funds.agreement.form", professional.user.username)
        assert client.post(url, grant).status_code == 403
        assert Transaction.objects.filter(kind="grant").count() == 0
        return
    assert response.status_code == 200
    page = response.content.decode()
    if key == "colleague":  # works in the district, but not on this household
        assert world.household.name not in page
        assert client.post(url, grant).status_code == 404
        assert Transaction.objects.filter(kind="grant").count() == 0
        return
    assert world.household.name in page
    response = client.get(url, {"household": world.household.pk})
    assert response.status_code == 200
    assert _granted_logged("funds.agreement.form", professional.user.username)
    assert client.post(url, grant).status_code == 302
    made = Agreement.objects.get(kind="grant")
    assert made.frontline == (key == "assigned")
    assert made.frontline_limit_cents == (40_000 if key == "assigned" else None)


@pytest.mark.django_db
def test_mandate_does_not_reach_another_teams_household(world, funded, login):
    """The coordinator of team A, in a district of team A, cannot pay for team B's household."""
    fund_a, _b, _agreement = funded
    response = login(world.coordinator).post(
        reverse("funds:agreement_new", args=[fund_a.district.code]),
        {"household": world.other_household.pk, "kind": "grant", "amount": "50", "purpose": "x"},
    )
    assert response.status_code == 404  # team B's household is not theirs to see
    assert AccessLogEntry.objects.filter(
        event="funds.agreement.create", outcome="refused", household_id=world.other_household.pk
    ).exists()


@pytest.mark.django_db
def test_agreement_form_records_a_loan_and_keeps_input_on_error(world, funded, login):
    fund_a, _b, _agreement = funded
    client = login(world.coordinator)
    url = reverse("funds:agreement_new", args=[fund_a.district.code])
    data = {
        "household": world.household.pk,
        "kind": "loan",
        "amount": "100000",  # more than the fund (€50,000) and the plausible maximum
        "purpose": "Borg voor een kamer",
        "reciprocity": "",
        "hours_agreed": "0",
        "decided_on": a_while_ago(1).isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Borg voor een kamer" in response.content.decode()
    assert Agreement.objects.count() == 1
    data["amount"] = "60000,00"  # plausible? no: above €25,000
    assert client.post(url, data).status_code == 400
    data["amount"] = "250"
    response = client.post(url, data)
    assert response.status_code == 302
    created = Agreement.objects.exclude(pk=funded[2].pk).get()
    assert created.amount_cents == 25_000 and created.kind == "loan"


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_agreement_page_and_recording(world, funded, login, key):
    _a, _b, agreement = funded
    professional = world.by_key(key)
    client = login(professional)
    name = professional.user.username
    response = client.get(reverse("funds:agreement", args=[agreement.pk]))
    repay = client.post(
        reverse("funds:repayment", args=[agreement.pk]),
        {"amount": "25", "paid_on": a_while_ago(2).isoformat(), "version": agreement.version},
    )
    if key not in WORKS_ON_HOUSEHOLD:
        assert response.status_code == 404
        assert repay.status_code == 404
        assert _refused_logged("funds.agreement.view", name)
        assert _refused_logged("funds.repayment.create", name)
        assert not Transaction.objects.filter(kind="repayment").exists()
        return
    assert response.status_code == 200
    assert "Paspoort en leges" in response.content.decode()
    assert _granted_logged("funds.agreement.view", name)
    assert repay.status_code == 302
    assert Transaction.objects.filter(kind="repayment").count() == 1


@pytest.mark.django_db
def test_stale_repayment_form_is_a_conflict_with_input_kept(world, funded, login):
    _a, _b, agreement = funded
    client = login(world.assigned)
    url = reverse("funds:repayment", args=[agreement.pk])
    first = {"amount": "25", "paid_on": a_while_ago(2).isoformat(), "version": 1}
    assert client.post(url, first).status_code == 302
    second = {"amount": "37,50", "paid_on": a_while_ago(1).isoformat(), "version": 1}
    response = client.post(url, second)
    assert response.status_code == 409
    assert "37,50" in response.content.decode()
    assert Transaction.objects.filter(kind="repayment").count() == 1


@pytest.mark.django_db
def test_the_money_table_shows_each_amount_out_and_back_in(world, funded, login):
    """The loan page's money table has an amount column: paid out, then a repayment back."""
    _a, _b, agreement = funded
    client = login(world.assigned)
    repay = {"amount": "25", "paid_on": a_while_ago(2).isoformat(), "version": 1}
    assert client.post(reverse("funds:repayment", args=[agreement.pk]), repay).status_code == 302
    page = client.get(reverse("funds:agreement", args=[agreement.pk])).content.decode()
    amounts = re.findall(r'data-testid="transaction-amount">([^<]*)</td>', page)
    assert amounts == ["€\u00a025,00", "€\u00a0-400,00"]  # newest first, as the fund sees it


@pytest.mark.django_db
def test_hours_recording(world, funded, login):
    _a, _b, agreement = funded
    client = login(world.assigned)
    response = client.post(
        reverse("funds:hours", args=[agreement.pk]),
        {"hours": "4", "done_on": a_while_ago(1).isoformat(), "note": "", "version": 1},
    )
    assert response.status_code == 302
    page = client.get(reverse("funds:agreement", args=[agreement.pk])).content.decode()
    assert "4 van 40 uur" in page or "4 of 40 hours" in page


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_reversal_needs_the_mandate(world, funded, login, key):
    _a, _b, agreement = funded
    txn = agreement.transactions.get()
    professional = world.by_key(key)
    response = login(professional).post(
        reverse("funds:reverse", args=[agreement.pk, txn.pk]), {"reason": "ging niet door"}
    )
    if key == "coordinator":
        assert response.status_code == 302
        assert Transaction.objects.filter(kind="reversal", reverses=txn).exists()
    else:
        assert response.status_code == (403 if key in WORKS_ON_HOUSEHOLD else 404)
        assert _refused_logged("funds.transaction.reverse", professional.user.username)
        assert not Transaction.objects.filter(kind="reversal").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_savings_page(world, funded, login, key):
    professional = world.by_key(key)
    response = login(professional).get(reverse("funds:savings"))
    if key in OVERVIEW:
        assert response.status_code == 200
        assert _granted_logged("funds.savings.view", professional.user.username)
        content = response.content.decode()
        assert ("Change the share" in content or "Aandeel wijzigen" in content) == (
            key == "administrator"
        )
    else:
        assert response.status_code == 403
        assert _refused_logged("funds.savings.view", professional.user.username)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_allocate_page_is_for_the_administrator(world, funded, login, key):
    professional = world.by_key(key)
    response = login(professional).post(
        reverse("funds:allocate"), {"year": "2025", "per_inhabitant": "12"}
    )
    if key == "administrator":
        assert response.status_code == 302
        assert Transaction.objects.filter(kind="allocation", occurred_on__year=2025).count() == 2
    else:
        assert response.status_code == 403
        assert _refused_logged("funds.budget.allocate", professional.user.username)
        assert not Transaction.objects.filter(occurred_on__year=2025).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
@pytest.mark.parametrize("endpoint", ["balance", "entries", "agreements"])
def test_api(world, funded, client, key, endpoint):
    fund_a, _b, _agreement = funded
    professional = world.by_key(key)
    token = api_token_create(user=professional.user, name="t")
    response = client.get(
        f"/api/v1/area-funds/{fund_a.district.code}/{endpoint}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    event = f"funds.api.{endpoint}"
    name = professional.user.username
    if key not in TEAM_A:
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/problem+json")
        assert _refused_logged(event, name)
        return
    assert response.status_code == 200
    assert _granted_logged(event, name)
    body = response.json()
    if endpoint == "balance":
        assert body["balance_cents"] == 50_000_00 - 40_000
        assert body["budget_cents"] == 50_000_00
    elif endpoint == "entries":
        assert [i["amount_cents"] for i in body["items"]] == [-40_000, 50_000_00]
        assert body["items"][0]["description"] == (
            "Paspoort en leges" if key in WORKS_ON_HOUSEHOLD else None
        )
    else:
        (row,) = body
        assert row["outstanding_cents"] == 40_000 and row["hours_agreed"] in ("40.00", 40, "40")
        assert row["household_name"] == (
            world.household.name if key in WORKS_ON_HOUSEHOLD else None
        )


@pytest.mark.django_db
def test_fund_page_query_count_does_not_grow_with_agreements(world, funded, login):
    fund_a, _b, _agreement = funded
    client = login(world.coordinator)
    url = reverse("funds:fund", args=[fund_a.district.code])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        services.agreement_create(
            actor=actor_of(world.coordinator),
            household=world.household,
            kind=Agreement.Kind.LOAN if n % 2 else Agreement.Kind.GRANT,
            amount_cents=1_000 + n,
            purpose=f"extra {n}",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_override_through_the_form_is_shown_on_the_fund_page(world, login):
    fund_a, _b = fund_world(world, per_inhabitant=1)  # €50 in the fund
    client = login(world.coordinator)
    url = reverse("funds:agreement_new", args=[fund_a.district.code])
    data = {
        "household": world.household.pk,
        "kind": "grant",
        "amount": "400",
        "purpose": "Paspoort",
        "reciprocity": "",
        "hours_agreed": "0",
        "decided_on": a_while_ago(1).isoformat(),
        "override_reason": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "id_amount_error" in refused.content.decode()  # the error sits on the amount field
    assert not Agreement.objects.exists()
    data["override_reason"] = "Teamoverleg: paspoort kan niet wachten"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("funds:fund", args=[fund_a.district.code])).content.decode()
    assert "Teamoverleg: paspoort kan niet wachten" in page
    assert "fund-figure--negative" in page
    assert AccessLogEntry.objects.filter(event="funds.override").exists()


@pytest.mark.django_db
def test_form_proposes_the_households_latest_breakthrough(world, funded, login):
    from nabij.funds.tests.helpers import breakthrough_for

    fund_a, _b, _agreement = funded
    bt = breakthrough_for(world.household, world.coordinator)
    response = login(world.coordinator).get(
        reverse("funds:agreement_new", args=[fund_a.district.code]),
        {"household": world.household.pk},
    )
    assert f'<option value="{bt.pk}" selected>' in response.content.decode()
