"""The household's cost figures against hand-computed ledgers, the page's forms, the dossier panel,
and a property test: counter-entries net out in every household total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from nabij.access.gate import Actor
from nabij.costs import selectors, services
from nabij.costs.models import CostLine, FundingStream, Payer, ReferencePrice, Source, Unit
from nabij.tests import factories as f


def actor_of(professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def add(actor, household, provider, cents, *, start=dt.date(2025, 3, 1), stream="youth",
        payer="municipality") -> CostLine:  # fmt: skip
    return services.cost_line_record(
        actor=actor,
        household=household,
        provider=provider,
        stream=stream,
        payer=payer,
        period_start=start,
        period_end=start + dt.timedelta(days=27),
        volume=Decimal(1),
        unit=Unit.MONTH,
        unit_price_cents=cents,
        amount_cents=cents,
    )


@pytest.mark.django_db
def test_figures_against_a_hand_computed_ledger(world):
    a = actor_of(world.assigned)
    h = world.household
    youth, debt, ggz = (f.OrganisationFactory(name=n) for n in ("Jeugd", "Schuld", "GGZ"))
    add(a, h, youth, 500_000, start=dt.date(2024, 5, 1))  # 2024: 5,000.00
    add(a, h, youth, 400_000)  # 2025 youth, municipality
    add(a, h, debt, 100_000, stream="debt")  # 2025 debt, municipality
    add(a, h, ggz, 250_000, stream="zvw", payer="insurer")  # 2025 zvw, insurer
    wrong = add(a, h, debt, 999_900, stream="debt")  # a typo...
    services.cost_line_correct(actor=a, line=wrong, reason="tikfout")  # ...cancelled
    add(a, world.other_household, youth, 777_700)  # someone else's: never counted

    costs = selectors.household_costs(h)
    assert costs.year == 2025
    assert costs.total_cents == 400_000 + 100_000 + 250_000
    assert costs.municipality_cents == 500_000
    assert costs.municipality_percent == 67  # 500,000 / 750,000
    assert dict(costs.by_stream) == {"youth": 400_000, "debt": 100_000, "zvw": 250_000}
    assert dict(costs.by_payer) == {"municipality": 500_000, "insurer": 250_000}
    assert costs.by_year == [(2024, 500_000), (2025, 750_000)]
    # Schuld's only net amount is its 1,000.00: the cancelled typo nets to zero, not negative.
    assert costs.organisations == ["Jeugd", "GGZ", "Schuld"]
    assert costs.organisation_count == 3

    earlier = selectors.household_costs(h, year=2024)
    assert (earlier.total_cents, earlier.organisation_count) == (500_000, 1)


@pytest.mark.django_db
def test_household_costs_takes_one_query_whatever_the_ledger(world):
    a = actor_of(world.assigned)
    org = f.OrganisationFactory()
    for month in range(1, 13):
        add(a, world.household, org, 10_000 * month, start=dt.date(2025, month, 1))
    with CaptureQueriesContext(connection) as ctx:
        selectors.household_costs(world.household)
    assert len(ctx.captured_queries) == 1


@pytest.mark.django_db
def test_dossier_panel_is_one_aggregate_and_counts_this_year(world, client):
    a = actor_of(world.assigned)
    today = dt.date.today()
    this_year = dt.date(today.year, 1, 1)
    org1, org2 = f.OrganisationFactory(name="Org 1"), f.OrganisationFactory(name="Org 2")
    add(a, world.household, org1, 300_000, start=this_year)
    add(a, world.household, org2, 100_000, start=this_year, payer="insurer")
    cancelled = add(a, world.household, f.OrganisationFactory(), 50_000, start=this_year)
    services.cost_line_correct(actor=a, line=cancelled, reason="dubbel")
    add(a, world.household, org1, 900_000, start=dt.date(today.year - 1, 1, 1))  # last year
    with CaptureQueriesContext(connection) as ctx:
        summary = selectors.household_cost_summary(world.household)
    assert len(ctx.captured_queries) == 1
    assert (summary.total_cents, summary.municipality_cents) == (400_000, 300_000)
    assert summary.organisation_count == 2
    assert summary.municipality_percent == 75
    client.force_login(world.assigned.user)
    html = client.get(reverse("people:household_detail", args=[world.household.pk])).content
    assert b"4.000,00" in html or b"4,000.00" in html
    assert reverse("costs:household", args=[world.household.pk]).encode() in html


@pytest.mark.django_db
def test_page_shows_figures_lines_and_professionals(world, client):
    a = actor_of(world.assigned)
    line = add(a, world.household, f.OrganisationFactory(name="Jeugdhulp Noord"), 500_000)
    counter = services.cost_line_correct(actor=a, line=line, reason="Dubbel gedeclareerd")
    add(a, world.household, f.OrganisationFactory(name="Schuldhulp"), 150_000, stream="debt")
    client.force_login(world.assigned.user)
    response = client.get(reverse("costs:household", args=[world.household.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["costs"].total_cents == 150_000
    assert response.context["professional_count"] == 1
    assert f'id="line-{counter.pk}" class="cost-lines__counter"' in html
    assert f'id="line-{line.pk}" class="cost-lines__cancelled"' in html
    assert "Dubbel gedeclareerd" in html


@pytest.mark.django_db
def test_cost_page_query_count_does_not_grow_with_lines(world, client):
    client.force_login(world.assigned.user)
    url = reverse("costs:household", args=[world.household.pk])
    a, org = actor_of(world.assigned), f.OrganisationFactory()
    add(a, world.household, org, 1_000)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    small = len(ctx.captured_queries)
    for i in range(60):
        line = add(a, world.household, f.OrganisationFactory(), 1_000 + i)
        if i % 10 == 0:
            services.cost_line_correct(actor=a, line=line, reason="fout")
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == small


@pytest.mark.django_db
def test_manual_line_from_the_page(world, client):
    client.force_login(world.assigned.user)
    org = f.OrganisationFactory(name="Thuiszorg")
    data = {
        "line-provider": org.pk,
        "line-description": "Hulp bij het huishouden",
        "line-stream": "wmo",
        "line-payer": "municipality",
        "line-period_start": "2026-01-01",
        "line-period_end": "2026-01-31",
        "line-volume": "12,5",
        "line-unit": "04",
        "line-unit_price": "36,46",
    }
    url = reverse("costs:household_line_add", args=[world.household.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    line = CostLine.objects.get(household=world.household)
    assert (line.amount_cents, line.unit_price_cents, line.source) == (45_575, 3_646, "manual")
    assert line.recorded_by == world.assigned.user


@pytest.mark.django_db
def test_bad_line_is_located_and_nothing_written(world, client):
    client.force_login(world.assigned.user)
    data = {
        "line-provider": f.OrganisationFactory().pk,
        "line-description": "x",
        "line-stream": "wmo",
        "line-payer": "municipality",
        "line-period_start": "2026-02-01",
        "line-period_end": "2026-01-01",  # inverted
        "line-volume": "1",
        "line-unit": "month",
        "line-unit_price": "-5",
    }
    response = client.post(reverse("costs:household_line_add", args=[world.household.pk]), data)
    assert response.status_code == 400
    form = response.context["line_form"]
    assert "period_end" in form.errors and "unit_price" in form.errors
    assert 'value="x"' in response.content.decode()  # input kept
    assert not CostLine.objects.exists()


@pytest.mark.django_db
def test_estimate_from_a_reference_price(world, client):
    client.force_login(world.assigned.user)
    price = ReferencePrice.objects.get(key="teen-mother-shelter")
    data = {
        "estimate-reference_price": price.pk,
        "estimate-quantity": "0,25",
        "estimate-provider": f.OrganisationFactory().pk,
        "estimate-period_start": "2026-01-01",
        "estimate-period_end": "2026-03-31",
    }
    url = reverse("costs:household_estimate_add", args=[world.household.pk])
    assert client.post(url, data).status_code == 302
    line = CostLine.objects.get()
    assert line.source == Source.ESTIMATE and line.reference_price == price
    # A quarter of €60,000 (2014), not indexed: the CPI has no 2026 yet, and nothing is guessed.
    assert line.amount_cents == 1_500_000
    assert "2014" in line.note
    assert (line.stream, line.payer) == (FundingStream.YOUTH, Payer.MUNICIPALITY)


@pytest.mark.django_db
def test_estimate_is_indexed_when_both_years_have_an_index(world):
    from nabij.costs.models import PriceIndex

    for year, index in ((2014, "100"), (2026, "130")):
        PriceIndex.objects.update_or_create(year=year, defaults={"index": Decimal(index)})
    price = ReferencePrice.objects.get(key="teen-mother-shelter")
    line = services.cost_line_estimate(
        actor=actor_of(world.assigned),
        household=world.household,
        provider=f.OrganisationFactory(),
        reference_price=price,
        quantity=Decimal(1),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        indices=selectors.price_indices(),
    )
    assert line.unit_price_cents == 7_800_000 and line.amount_cents == 7_800_000


@pytest.mark.django_db
def test_correction_from_the_page(world, client):
    a = actor_of(world.assigned)
    line = add(a, world.household, f.OrganisationFactory(), 123_400)
    client.force_login(world.assigned.user)
    url = reverse("costs:household_line_correct", args=[world.household.pk, line.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Verkeerd huishouden"}).status_code == 302
    counter = CostLine.objects.get(corrects=line)
    assert counter.amount_cents == -123_400 and counter.note == "Verkeerd huishouden"
    # A second correction is refused with a message, nothing added.
    response = client.post(url, {"reason": "nog eens"})
    assert response.status_code == 400
    assert CostLine.objects.count() == 2
    assert selectors.household_costs(world.household).total_cents == 0


class CounterEntriesNetOut(TestCase):
    """Whatever lines are booked and whichever are corrected, the totals equal the sum of the
    lines never corrected, per year, stream and payer."""

    @settings(max_examples=25, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=5_000_000),
                st.sampled_from(["youth", "wmo", "debt", "zvw"]),
                st.sampled_from(["municipality", "insurer", "state"]),
                st.integers(min_value=2023, max_value=2025),
                st.booleans(),
            ),
            min_size=1,
            max_size=12,
        )
    )
    def test_totals(self, rows):
        team = f.TeamFactory()
        household = f.HouseholdFactory(team=team)
        professional = f.ProfessionalFactory(team=team)
        a = actor_of(professional)
        org = f.OrganisationFactory()
        expected: dict[int, int] = {}
        kept_by_stream: dict[str, int] = {}
        for cents, stream, payer, year, corrected in rows:
            line = add(a, household, org, cents, start=dt.date(year, 6, 1), stream=stream,
                       payer=payer)  # fmt: skip
            if corrected:
                services.cost_line_correct(actor=a, line=line, reason="tegenboeking")
            else:
                expected[year] = expected.get(year, 0) + cents
                if year == max(r[3] for r in rows):
                    kept_by_stream[stream] = kept_by_stream.get(stream, 0) + cents
        costs = selectors.household_costs(household)
        assert dict(costs.by_year) == {y: expected.get(y, 0) for y, _ in costs.by_year}
        assert costs.total_cents == sum(kept_by_stream.values())
        assert dict(costs.by_stream) == {s: c for s, c in kept_by_stream.items() if c}
        assert all(c >= 0 for _, c in costs.by_year)
