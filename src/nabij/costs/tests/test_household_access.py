"""The household's cost pages and endpoints by every role of the ``world``: only the assigned
professional and the team's coordinator get in; every refusal and every granted read is logged
for each member of the household."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access.gate import Actor
from nabij.access.models import AccessLogEntry
from nabij.access.services import api_token_create
from nabij.costs import services
from nabij.costs.models import CostLine, FundingStream, Payer, Scenario, Unit
from nabij.tests import factories as f

ALLOWED = {"assigned", "coordinator"}
ROLES = [
    "assigned",
    "colleague",
    "coordinator",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
]


@pytest.fixture
def ledger(world):
    """One line and one scenario for Karima's household, written as the assigned professional."""
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    line = services.cost_line_record(
        actor=actor,
        household=world.household,
        provider=f.OrganisationFactory(name="Jeugdhulp Noord"),
        stream=FundingStream.YOUTH,
        payer=Payer.MUNICIPALITY,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 1, 31),
        volume=Decimal(1),
        unit=Unit.MONTH,
        unit_price_cents=500_000,
        amount_cents=500_000,
    )
    scenario = services.scenario_create(
        actor=actor,
        household=world.household,
        title="Nu huisvesten",
        current_label="Wachten",
        alternative_label="Huis nu",
        horizon_years=5,
        discount_rate_bp=225,
        price_year=2026,
    )
    services.assumptions_add(
        actor=actor,
        scenario=scenario,
        expected_version=1,
        items=[services.AssumptionInput("current", "Opvang", "youth", "municipality", 6_000_000)],
    )
    return line, scenario


def page_urls(world, line: CostLine, scenario: Scenario) -> dict[str, str]:
    h, s = world.household.pk, scenario.pk
    return {
        "costs": reverse("costs:household", args=[h]),
        "line form": reverse("costs:household_line_add", args=[h]),
        "correct form": reverse("costs:household_line_correct", args=[h, line.pk]),
        "scenario list": reverse("costs:scenario_list", args=[h]),
        "scenario form": reverse("costs:scenario_create", args=[h]),
        "scenario": reverse("costs:scenario_detail", args=[h, s]),
        "scenario edit": reverse("costs:scenario_edit", args=[h, s]),
        "assumption edit": reverse(
            "costs:assumption_edit", args=[h, s, scenario.assumptions.get().pk]
        ),
    }


def post_pages(world, line: CostLine, scenario: Scenario) -> dict[str, tuple[str, dict]]:
    """Writes: a refused actor is stopped before any validation (empty data is fine here)."""
    h, s = world.household.pk, scenario.pk
    return {
        "line add": (reverse("costs:household_line_add", args=[h]), {}),
        "estimate add": (reverse("costs:household_estimate_add", args=[h]), {}),
        "correct": (reverse("costs:household_line_correct", args=[h, line.pk]), {}),
        "scenario create": (reverse("costs:scenario_create", args=[h]), {}),
        "scenario edit": (reverse("costs:scenario_edit", args=[h, s]), {}),
        "assumption add": (reverse("costs:assumption_add", args=[h, s]), {}),
        "assumption ref": (reverse("costs:assumption_add_reference", args=[h, s]), {}),
        "assumption remove": (reverse("costs:assumption_remove", args=[h, s]), {}),
        "assumption edit": (
            reverse("costs:assumption_edit", args=[h, s, scenario.assumptions.get().pk]),
            {},
        ),
    }


def api_urls(world, scenario: Scenario) -> dict[str, str]:
    h = world.household.pk
    return {
        "costs": f"/api/v1/households/{h}/costs",
        "lines": f"/api/v1/households/{h}/costs/lines",
        "scenarios": f"/api/v1/households/{h}/scenarios",
        "scenario": f"/api/v1/households/{h}/scenarios/{scenario.pk}",
    }


def refused_rows(username: str) -> int:
    return AccessLogEntry.objects.filter(username=username, outcome="refused").count()


def granted_members(username: str, since_id: int) -> set[int | None]:
    return set(
        AccessLogEntry.objects.filter(
            username=username, outcome="granted", id__gt=since_id
        ).values_list("resident_id", flat=True)
    )


def check(world, who: str, fetch: Callable[[], int], *, ok=(200,)) -> None:
    username = world.by_key(who).user.username
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    refused_before = refused_rows(username)
    status = fetch()
    if who in ALLOWED:
        assert status in ok, status
        members = {world.resident.pk, world.child.pk}
        assert granted_members(username, last) >= members, "granted read not logged per member"
    else:
        assert status == 404, status  # a household they may not see answers as an unknown one
        assert refused_rows(username) > refused_before, "refusal not logged"
        assert not granted_members(username, last), "refused actor got a grant"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_pages(world, client, ledger, who):
    client.force_login(world.by_key(who).user)
    for name, url in page_urls(world, *ledger).items():
        try:
            check(world, who, lambda url=url: client.get(url).status_code)
        except AssertionError as exc:
            raise AssertionError(f"{name} ({url}) as {who}: {exc}") from exc


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_page_writes_refused_before_validation(world, client, ledger, who):
    client.force_login(world.by_key(who).user)
    lines_before = CostLine.objects.count()
    for name, (url, data) in post_pages(world, *ledger).items():
        try:
            # Allowed actors get their (empty) input refused: 400, or a redirect with a message.
            check(world, who, lambda url=url, data=data: client.post(url, data).status_code,
                  ok=(302, 400))  # fmt: skip
        except AssertionError as exc:
            raise AssertionError(f"{name} ({url}) as {who}: {exc}") from exc
    assert CostLine.objects.count() == lines_before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_api(world, ledger, who):
    token = api_token_create(user=world.by_key(who).user, name="costs")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for name, url in api_urls(world, ledger[1]).items():
        try:
            check(world, who, lambda url=url: api.get(url).status_code)
        except AssertionError as exc:
            raise AssertionError(f"{name} ({url}) as {who}: {exc}") from exc


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_api_scenario_create(world, ledger, who):
    token = api_token_create(user=world.by_key(who).user, name="costs")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/households/{world.household.pk}/scenarios"
    body = {"title": "Test", "assumptions": [{"branch": "current", "reference_price":
            "teen-mother-shelter", "quantity": "1"}]}  # fmt: skip
    before = Scenario.objects.count()
    check(
        world,
        who,
        lambda: api.post(url, body, content_type="application/json").status_code,
        ok=(201,),
    )
    assert Scenario.objects.count() == before + (1 if who in ALLOWED else 0)


@pytest.mark.django_db
def test_other_households_line_and_scenario_are_not_found(world, client, ledger):
    """A line or scenario id from another household never shows through this household's URL."""
    line, scenario = ledger
    client.force_login(world.other_professional.user)
    h = world.other_household.pk
    assert client.get(reverse("costs:household_line_correct", args=[h, line.pk])).status_code == 404
    assert client.get(reverse("costs:scenario_detail", args=[h, scenario.pk])).status_code == 404


@pytest.mark.django_db
def test_unknown_household_is_404_and_logged(world, client):
    client.force_login(world.assigned.user)
    before = refused_rows("assigned")
    assert client.get(reverse("costs:household", args=[999_999])).status_code == 404
    assert refused_rows("assigned") == before + 1
