"""The figures of an account: each block from the data, and suppression of small cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from nabij.reports import figures
from nabij.reports.figures import SECONDARY, SMALL, suppress_groups
from nabij.reports.tests.helpers import actor_of, districts
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def hh(*ids):
    return frozenset(ids)


# --- suppress_groups --------------------------------------------------------------------------


def test_a_group_of_fewer_than_ten_households_is_hidden_and_so_is_the_next_smallest():
    groups = {"a": hh(*range(12)), "b": hh(*range(100, 103)), "c": hh(*range(200, 230))}
    # b alone (3) could be read off the total: a (the smallest shown) goes too.
    assert suppress_groups(groups, 10) == {"a": SECONDARY, "b": SMALL, "c": ""}


def test_hidden_groups_that_together_cover_ten_households_need_no_more():
    groups = {"a": hh(1, 2, 3, 4, 5), "b": hh(6, 7, 8, 9, 10), "c": hh(*range(20, 40))}
    assert suppress_groups(groups, 10) == {"a": SMALL, "b": SMALL, "c": ""}


def test_overlapping_households_are_counted_once():
    # a and b hidden hold the same five households: together still five.
    groups = {"a": hh(1, 2, 3, 4, 5), "b": hh(1, 2, 3, 4, 5), "c": hh(*range(20, 31))}
    reasons = suppress_groups(groups, 10)
    assert reasons == {"a": SMALL, "b": SMALL, "c": SECONDARY}


def test_empty_groups_are_shown_and_nothing_hidden_needs_nothing():
    assert suppress_groups({"a": hh(), "b": hh(*range(15))}, 10) == {"a": "", "b": ""}


# --- the blocks -------------------------------------------------------------------------------


def _households(district, n, team):
    hood = f.NeighbourhoodFactory(district=district)
    return [
        f.HouseholdFactory(address=f.AddressFactory(neighbourhood=hood), team=team)
        for _ in range(n)
    ]


def _cost(household, stream, cents, year=2025):
    from nabij.costs.models import CostLine

    provider = f.OrganisationFactory()
    CostLine.objects.create(
        household=household,
        provider=provider,
        stream=stream,
        payer="municipality",
        period_start=dt.date(year, 3, 1),
        period_end=dt.date(year, 3, 31),
        volume=Decimal(1),
        unit="month",
        unit_price_cents=cents,
        amount_cents=cents,
        source="manual",
        recorded_by=f.UserFactory(),
    )


def test_costs_per_stream_with_primary_and_secondary_suppression(world):
    district, _ = districts(world)
    team = world.coordinator.team
    many = _households(district, 12, team)
    few = _households(district, 3, team)
    for h in many:
        _cost(h, "wmo", 100_00)
        _cost(h, "participation", 50_00)
    for h in few:
        _cost(h, "youth", 1_000_00)
    _cost(many[0], "wmo", 5_00, year=2024)  # another year: not counted
    block = figures.costs_block(district, 2025, 10)
    streams = {s["stream"]: s for s in block["streams"]}
    assert block["total_cents"] == 12 * 150_00 + 3 * 1_000_00
    assert block["households"] == 15
    assert streams["youth"] == {
        "stream": "youth",
        "cents": None,
        "households": None,
        "suppressed": SMALL,
    }
    # wmo and participation hold the same 12 households: the smallest of them goes too,
    # so that the total minus the shown streams no longer gives youth's cost away.
    hidden = {s for s, v in streams.items() if v["suppressed"]}
    assert hidden == {"youth", "participation"} or hidden == {"youth", "wmo"}
    shown = [v for v in streams.values() if v["cents"]]
    assert len(shown) == 1 and shown[0]["households"] == 12


def test_costs_of_fewer_than_ten_households_are_not_shown_at_all(world):
    district, _ = districts(world)
    for h in _households(district, 4, world.coordinator.team):
        _cost(h, "wmo", 100_00)
    block = figures.costs_block(district, 2025, 10)
    assert block == {"streams": [], "total_cents": None, "households": None, "suppressed": SMALL}


def test_households_supported_in_the_year_are_suppressed_under_ten(world):
    district, _ = districts(world)
    assert figures.households_block(district, 2025, 10) == {"count": None, "suppressed": SMALL}
    for i, h in enumerate(_households(district, 11, world.coordinator.team)):
        f.AssignmentFactory(
            household=h,
            professional=world.colleague,
            started_on=dt.date(2025, 6, 1),
            ended_on=dt.date(2025, 12, 1) if i < 2 else None,
        )
    # The world's household (assigned since 2024) and the eleven new ones.
    assert figures.households_block(district, 2025, 10) == {"count": 12, "suppressed": ""}
    # In 2026 the two whose help ended in 2025 no longer count; 2024 had only the first.
    assert figures.households_block(district, 2026, 10)["count"] == 10
    assert figures.households_block(district, 2024, 10)["count"] is None


def test_indicators_take_the_latest_value_up_to_the_year_with_source_and_quality(world):
    district, _ = districts(world)
    work = f.IndicatorFactory(code="BijstandPer1000", name="Bijstand", unit="per 1.000", decimals=1)
    f.IndicatorValueFactory(indicator=work, area_code=district.code, period=2023, value=40)
    f.IndicatorValueFactory(indicator=work, area_code=district.code, period=2024, value="41.25")
    f.IndicatorValueFactory(indicator=work, area_code=district.code, period=2026, value=99)
    fake = f.IndicatorFactory(code="Veilig", name="Veiligheid", question="safety", decimals=0)
    f.IndicatorValueFactory(
        indicator=fake, area_code=district.code, period=2025, value=7, quality="synthetic"
    )
    f.IndicatorValueFactory(indicator=work, area_code="WK999999", period=2025, value=1)
    block = figures.indicators_block(district, 2025)
    by_code = {i["code"]: i for i in block}
    assert by_code["BijstandPer1000"]["period"] == 2024
    assert by_code["BijstandPer1000"]["value"] == "41.2"  # the indicator's decimals
    assert by_code["BijstandPer1000"]["source"] == "CBS"
    assert by_code["Veilig"]["synthetic"] is True
    assert len(block) == 2


def test_the_fund_balance_is_hidden_when_few_households_got_money(world):
    from nabij.funds import services as funds
    from nabij.funds.models import Agreement
    from nabij.funds.tests.helpers import fund_world

    fund_world(world)
    district = world.household.neighbourhood.district
    year = timezone.localdate().year
    funds.agreement_create(
        actor=actor_of(world.coordinator),
        household=world.household,
        kind=Agreement.Kind.GRANT,
        amount_cents=25_000,
        purpose="Bed",
        reciprocity="",
        hours_agreed=Decimal(0),
        decided_on=timezone.localdate(),
    )
    block = figures.fund_block(district, year, 10)
    assert block["budget_cents"] == 5000 * 10_00
    assert block["balance_cents"] is None and block["balance_suppressed"] == SECONDARY
    assert all(k["cents"] is None for k in block["kinds"])
    open_block = figures.fund_block(district, year, 1)  # with a threshold of one: all shown
    assert open_block["balance_cents"] == 5000 * 10_00 - 25_000
    assert {k["kind"]: k["cents"] for k in open_block["kinds"]} == {"grant": 25_000, "loan": 0}


def test_breakthroughs_count_only_with_a_mandate_and_hide_small_counts(world):
    from nabij.plans.models import Breakthrough

    district, _ = districts(world)
    year = timezone.localdate().year
    households = _households(district, 11, world.coordinator.team)
    for i, h in enumerate(households):
        Breakthrough.objects.create(
            household=h,
            blocked="Geen huis",
            rule="Eerst schulden in kaart" if i < 10 else "Wachtlijst",
            decision="Huis nu",
            mandated_by=world.coordinator,
            decided_on=dt.date(year, 1, 10),
            cost_cents=1_000_00,
            recorded_by=world.coordinator.user,
        )
    Breakthrough.objects.create(  # waiting for a mandate: not counted
        household=households[0],
        blocked="x",
        rule="Wachtlijst",
        decision="y",
        decided_on=dt.date(year, 1, 10),
        recorded_by=world.assigned.user,
    )
    block = figures.breakthroughs_block(district, year, 10)
    assert block["count"] == 11 and block["cost_cents"] == 11 * 1_000_00
    # "Wachtlijst" (1 household) is hidden; the other rule then gives it away by subtraction,
    # so it is hidden too.
    assert block["by_rule"] == []
    assert block["rules_hidden"] == 2
    assert figures.breakthroughs_block(district, year, 12)["count"] is None


def test_account_figures_holds_every_block_as_json(world):
    import json

    district, _ = districts(world)
    data = figures.account_figures(district, 2025)
    assert set(data) >= {"district", "households", "indicators", "costs", "fund", "breakthroughs"}
    assert json.loads(json.dumps(data)) == data


def test_inhabitants_come_from_cbs_with_their_year(world):
    district, _ = districts(world)
    assert figures.district_block(district, 2025)["inhabitants"] == 5000  # the areas' count
    assert figures.district_block(district, 2025)["inhabitants_period"] == 2024
    inhabitants = f.IndicatorFactory(code="AantalInwoners", name="Inwoners", unit="")
    f.IndicatorValueFactory(indicator=inhabitants, area_code=district.code, period=2025, value=5120)
    block = figures.district_block(district, 2025)
    assert (block["inhabitants"], block["inhabitants_period"]) == (5120, 2025)
    assert figures.district_block(district, 2024)["inhabitants"] == 5000
