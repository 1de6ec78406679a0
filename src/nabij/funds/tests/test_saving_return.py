"""The saving-return rule against a hand computation (Karima: pay the debt, house her now)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nabij.access.gate import AccessDenied
from nabij.core.errors import DomainError
from nabij.costs import services as costs
from nabij.costs.models import Assumption, FundingStream, Payer, Scenario, Unit
from nabij.funds import services
from nabij.funds.models import SavingReturn
from nabij.funds.selectors import SavingComputation, saving_computation
from nabij.funds.tests.helpers import actor_of, conditions_met, f, fund_world, last_year

YOUTH, DEBT, JUSTICE = FundingStream.YOUTH, FundingStream.DEBT, FundingStream.JUSTICE
MUNI = Payer.MUNICIPALITY


def karima_scenario(world, *, price_year: int) -> Scenario:
    scenario = Scenario.objects.create(
        household=world.household,
        title="Schuld betalen, nu een huis",
        current_label="Wachten in de opvang",
        alternative_label="Schuld betalen en huisvesten",
        horizon_years=5,
        price_year=price_year,
        created_by=world.coordinator.user,
    )
    rows = [
        ("current", "Opvang tienermoeder", YOUTH, MUNI, 6_000_000, False),
        ("current", "Gijzeling", JUSTICE, Payer.STATE, 1_000_000, False),  # not the municipality
        ("alternative", "Schuld afbetalen", DEBT, MUNI, 1_200_000, True),
        ("alternative", "Schuldhulp", DEBT, MUNI, 150_000, False),
        ("alternative", "Huur", FundingStream.HOUSING, Payer.CORPORATION, 500_000, False),
    ]
    for branch, label, stream, payer, cents, once in rows:
        Assumption.objects.create(
            scenario=scenario,
            branch=branch,
            label=label,
            stream=stream,
            payer=payer,
            amount_cents=cents,
            one_off=once,
        )
    return scenario


def cost(world, year: int, cents: int, *, payer=MUNI, stream=DEBT):
    return costs.cost_line_record(
        actor=actor_of(world.assigned),
        household=world.household,
        provider=f.OrganisationFactory(),
        stream=stream,
        payer=payer,
        period_start=dt.date(year, 3, 1),
        period_end=dt.date(year, 3, 31),
        volume=Decimal("1"),
        unit=Unit.CASE,
        unit_price_cents=cents,
        amount_cents=cents,
    )


def realised_year(world, year: int) -> None:
    """What actually happened: the debt paid, debt help, one wrong line corrected, plus costs
    that do not count (the insurer's, and a line of another year)."""
    cost(world, year, 1_200_000)
    cost(world, year, 250_000)
    wrong = cost(world, year, 100_000, stream=YOUTH)
    costs.cost_line_correct(actor=actor_of(world.assigned), line=wrong, reason="dubbel")
    cost(world, year, 300_000, payer=Payer.INSURER, stream=FundingStream.ZVW)
    cost(world, year + 1, 999_900)


def test_the_arithmetic_by_hand():
    c = SavingComputation(
        scenario_id=1,
        year=2025,
        scenario_year=1,
        projected_current_cents=6_000_000,
        projected_alternative_cents=1_350_000,
        actual_cents=1_450_000,
        share_bp=5_000,
    )
    assert c.realised_saving_cents == 4_550_000
    assert c.projected_saving_cents == 4_650_000
    assert c.counted_saving_cents == 4_550_000
    assert c.returned_cents == 2_275_000  # €22,750
    capped = SavingComputation(1, 2025, 1, 6_000_000, 1_350_000, 500_000, 5_000)
    assert capped.realised_saving_cents == 5_500_000
    assert capped.counted_saving_cents == 4_650_000  # never more than the scenario promised
    assert capped.returned_cents == 2_325_000
    worse = SavingComputation(1, 2025, 1, 6_000_000, 1_350_000, 7_000_000, 5_000)
    assert worse.counted_saving_cents == 0 and worse.returned_cents == 0
    odd = SavingComputation(1, 2025, 1, 1_003, 0, 1_000, 5_000)
    assert odd.returned_cents == 1  # 3 cents x 50%, rounded down


@pytest.mark.django_db
def test_computed_from_scenario_and_ledger(world):
    year = last_year()
    scenario = karima_scenario(world, price_year=year)
    realised_year(world, year)
    c = saving_computation(scenario, year=year, share_bp=5_000)
    assert (c.scenario_year, c.projected_current_cents, c.projected_alternative_cents) == (
        1,
        6_000_000,
        1_350_000,
    )
    assert c.actual_cents == 1_450_000
    assert c.returned_cents == 2_275_000


@pytest.mark.django_db
def test_booked_once_to_the_district_that_earned_it(world):
    fund_a, fund_b = fund_world(world)
    year = last_year()
    scenario = karima_scenario(world, price_year=year)
    realised_year(world, year)
    conditions_met(world, scenario, year)
    before_a, before_b = services.balance_cents(fund_a), services.balance_cents(fund_b)
    actor = actor_of(world.coordinator)
    made = services.saving_return_record(
        actor=actor, household=world.household, scenario_id=scenario.pk, year=year
    )
    assert made.fund == fund_a and made.returned_cents == 2_275_000
    assert made.share_bp == 5_000 and made.actual_cents == 1_450_000
    assert services.balance_cents(fund_a) == before_a + 2_275_000
    assert services.balance_cents(fund_b) == before_b
    assert sum(e.amount_cents for e in made.transaction.entries.all()) == 0
    with pytest.raises(DomainError):
        services.saving_return_record(
            actor=actor, household=world.household, scenario_id=scenario.pk, year=year
        )
    assert SavingReturn.objects.count() == 1


@pytest.mark.django_db
def test_share_is_configurable_and_kept_per_transfer(world):
    fund_world(world)
    year = last_year()
    scenario = karima_scenario(world, price_year=year - 1)  # year 2 of the scenario
    realised_year(world, year)
    conditions_met(world, scenario, year)
    services.saving_rule_set(actor=actor_of(world.administrator), share_bp=2_500)
    with pytest.raises(AccessDenied):
        services.saving_rule_set(actor=actor_of(world.coordinator), share_bp=10_000)
    made = services.saving_return_record(
        actor=actor_of(world.coordinator),
        household=world.household,
        scenario_id=scenario.pk,
        year=year,
    )
    # Year 2: the one-off debt payment is no longer projected, so the cap is 6,000,000-150,000.
    assert made.scenario_year == 2
    assert made.projected_alternative_cents == 150_000
    assert made.counted_saving_cents == 4_550_000
    assert made.returned_cents == 4_550_000 * 2_500 // 10_000


@pytest.mark.django_db
def test_years_that_cannot_be_returned(world):
    fund_world(world)
    this_year = last_year() + 1
    scenario = karima_scenario(world, price_year=this_year - 2)
    actor = actor_of(world.coordinator)
    for year in (this_year, this_year - 3, this_year + 5):
        with pytest.raises(ValidationError) as exc:
            services.saving_return_record(
                actor=actor, household=world.household, scenario_id=scenario.pk, year=year
            )
        assert "year" in exc.value.message_dict
    assert not SavingReturn.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", ["assigned", "colleague", "other_coordinator", "analyst", "administrator", "broker"]
)
def test_only_the_mandate_books_a_return(world, key):
    fund_world(world)
    year = last_year()
    scenario = karima_scenario(world, price_year=year)
    with pytest.raises(AccessDenied):
        services.saving_return_record(
            actor=actor_of(world.by_key(key)),
            household=world.household,
            scenario_id=scenario.pk,
            year=year,
        )
    assert not SavingReturn.objects.exists()


@pytest.mark.django_db
def test_savings_page_shows_the_computation(world, login):
    fund_world(world)
    year = last_year()
    scenario = karima_scenario(world, price_year=year)
    realised_year(world, year)
    conditions_met(world, scenario, year)
    client = login(world.coordinator)
    response = client.post(
        "/wijkkas/besparingen/", {"action": "claim", "scenario": scenario.pk, "year": year}
    )
    assert response.status_code == 302
    page = client.get("/wijkkas/besparingen/").content.decode()
    for figure in ("60.000,00", "14.500,00", "45.500,00", "46.500,00", "22.750,00"):
        assert figure in page
    other = login(world.other_coordinator).get("/wijkkas/besparingen/").content.decode()
    assert "22.750,00" in other and "45.500,00" not in other and scenario.title not in other
