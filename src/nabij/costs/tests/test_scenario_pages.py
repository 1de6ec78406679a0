"""Scenarios through the pages and the API: create, assumptions from reference prices and by hand,
the version check (a stale save is refused with 409 and the input kept), and what the page says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.gate import Actor
from nabij.access.services import api_token_create
from nabij.core.errors import ConflictError
from nabij.costs import selectors, services
from nabij.costs.models import Assumption, ReferencePrice, Scenario
from nabij.plans.services import breakthrough_record


def actor_of(professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


@pytest.fixture
def scenario(world) -> Scenario:
    return services.scenario_create(
        actor=actor_of(world.assigned),
        household=world.household,
        title="Nu huisvesten",
        current_label="Wachten",
        alternative_label="Huis nu",
        horizon_years=5,
        discount_rate_bp=225,
        price_year=2024,
    )


def hand(branch="alternative", cents=1_200_000, **kw) -> services.AssumptionInput:
    values = {"label": "Schuld betalen", "stream": "debt", "payer": "municipality"}
    values.update(kw)
    return services.AssumptionInput(branch=branch, amount_cents=cents, one_off=True, **values)


@pytest.mark.django_db
def test_create_form_defaults_to_the_reference_discount_rate(world, client):
    ReferencePrice.objects.filter(key="discount-rate").update(amount_cents=300)
    client.force_login(world.assigned.user)
    response = client.get(reverse("costs:scenario_create", args=[world.household.pk]))
    assert response.context["form"]["discount_rate"].value() == 3.0
    data = {
        "title": "Schuld betalen",
        "current_label": "Wachten",
        "alternative_label": "Nu huisvesten",
        "horizon_years": "5",
        "discount_rate": "2,25",
        "price_year": "2024",
    }
    response = client.post(reverse("costs:scenario_create", args=[world.household.pk]), data)
    assert response.status_code == 302
    created = Scenario.objects.get()
    assert (created.discount_rate_bp, created.version, created.household) == (
        225,
        1,
        world.household,
    )


@pytest.mark.django_db
def test_breakthrough_of_another_household_is_refused(world):
    other = breakthrough_record(
        actor=actor_of(world.other_professional),
        household=world.other_household,
        blocked="b",
        rule="r",
        decision="d",
        decided_on=dt.date(2026, 1, 1),
        cost_cents=0,
    )
    with pytest.raises(ValidationError) as exc:
        services.scenario_create(
            actor=actor_of(world.assigned),
            household=world.household,
            title="x",
            current_label="",
            alternative_label="",
            horizon_years=5,
            discount_rate_bp=225,
            price_year=2024,
            breakthrough=other,
        )
    assert "breakthrough" in exc.value.message_dict


@pytest.mark.django_db
def test_assumption_from_reference_price_is_costed_and_explained(world, client, scenario):
    client.force_login(world.assigned.user)
    price = ReferencePrice.objects.get(key="social-assistance-single")  # 1,308.45 / month, 2024
    data = {
        "ref-version": "1",
        "ref-branch": "alternative",
        "ref-reference_price": price.pk,
        "ref-quantity": "12",
        "ref-from_year": "1",
        "ref-until_year": "1",
    }
    url = reverse("costs:assumption_add_reference", args=[world.household.pk, scenario.pk])
    assert client.post(url, data).status_code == 302
    a = Assumption.objects.get()
    assert (a.amount_cents, a.stream, a.payer, a.reference_price) == (
        1_570_140,
        "participation",
        "municipality",
        price,
    )
    assert "12" in a.note and "2024" in a.note
    scenario.refresh_from_db()
    assert scenario.version == 2


@pytest.mark.django_db
def test_reference_price_indexed_to_the_price_year(world, scenario):
    price = ReferencePrice.objects.get(key="teen-mother-shelter")  # 60,000 in 2014
    indices = {2014: 100.0, 2024: 125.0}
    item = services.assumption_from_reference(
        reference_price=price,
        quantity=Decimal(1),
        price_year=2024,
        branch="current",
        one_off=False,
        indices=indices,
    )
    assert item.amount_cents == 7_500_000
    assert "not indexed" not in item.note
    plain = services.assumption_from_reference(
        reference_price=price, quantity=Decimal(1), price_year=2030, branch="current",
        one_off=False, indices=indices,
    )  # fmt: skip
    assert plain.amount_cents == 6_000_000 and "2030" in plain.note


@pytest.mark.django_db
def test_stale_assumption_is_409_with_the_input_kept(world, client, scenario):
    # Someone else adds an assumption first: the scenario moves to version 2.
    services.assumptions_add(
        actor=actor_of(world.coordinator), scenario=scenario, expected_version=1, items=[hand()]
    )
    client.force_login(world.assigned.user)
    data = {
        "hand-version": "1",
        "hand-branch": "current",
        "hand-label": "Opvang loopt door",
        "hand-stream": "youth",
        "hand-payer": "municipality",
        "hand-amount": "60.000",
        "hand-from_year": "1",
    }
    response = client.post(
        reverse("costs:assumption_add", args=[world.household.pk, scenario.pk]), data
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'value="Opvang loopt door"' in html  # input kept
    assert response.context["conflict"]
    assert Assumption.objects.count() == 1
    # Saved again on the current version, it goes through.
    data["hand-version"] = "2"
    response = client.post(
        reverse("costs:assumption_add", args=[world.household.pk, scenario.pk]), data
    )
    assert response.status_code == 302
    assert Assumption.objects.get(label="Opvang loopt door").amount_cents == 6_000_000


@pytest.mark.django_db
def test_stale_settings_save_is_409_with_input_kept(world, client, scenario):
    services.scenario_update(
        actor=actor_of(world.coordinator), scenario=scenario, expected_version=1, title="Ander",
        current_label="a", alternative_label="b", horizon_years=3, discount_rate_bp=0,
        price_year=2024,
    )  # fmt: skip
    client.force_login(world.assigned.user)
    data = {
        "version": "1",
        "title": "Mijn titel",
        "current_label": "a",
        "alternative_label": "b",
        "horizon_years": "10",
        "discount_rate": "2,25",
        "price_year": "2024",
    }
    url = reverse("costs:scenario_edit", args=[world.household.pk, scenario.pk])
    response = client.post(url, data)
    assert response.status_code == 409
    assert 'value="Mijn titel"' in response.content.decode()
    scenario.refresh_from_db()
    assert (scenario.title, scenario.horizon_years, scenario.version) == ("Ander", 3, 2)


@pytest.mark.django_db
def test_conflict_in_the_service_leaves_nothing_half_written(world, scenario):
    with pytest.raises(ConflictError):
        services.assumptions_add(
            actor=actor_of(world.assigned), scenario=scenario, expected_version=7, items=[hand()]
        )
    with pytest.raises(ValidationError) as exc:
        services.assumptions_add(
            actor=actor_of(world.assigned),
            scenario=scenario,
            expected_version=1,
            items=[hand(), hand(cents=-1), hand(stream="nonsense")],
        )
    assert set(exc.value.message_dict) == {"assumptions.1.amount"}
    assert not Assumption.objects.exists()
    scenario.refresh_from_db()
    assert scenario.version == 1


@pytest.mark.django_db
def test_remove_assumption_with_version_check(world, client, scenario):
    (a,) = services.assumptions_add(
        actor=actor_of(world.assigned), scenario=scenario, expected_version=1, items=[hand()]
    )
    client.force_login(world.assigned.user)
    url = reverse("costs:assumption_remove", args=[world.household.pk, scenario.pk])
    assert client.post(url, {"version": "1", "assumption": a.pk}).status_code == 409
    assert client.post(url, {"version": "2", "assumption": a.pk}).status_code == 302
    assert not Assumption.objects.exists()


@pytest.mark.django_db
def test_scenario_page_states_saving_waterbed_formulas_and_sources(world, client, scenario):
    services.assumptions_add(
        actor=actor_of(world.assigned),
        scenario=scenario,
        expected_version=1,
        items=[
            services.assumption_from_reference(
                reference_price=ReferencePrice.objects.get(key="teen-mother-shelter"),
                quantity=Decimal(1), price_year=2024, branch="current", one_off=False,
                until_year=3,
            ),
            services.assumption_from_reference(
                reference_price=ReferencePrice.objects.get(key="eviction-social-cost"),
                quantity=Decimal(1), price_year=2024, branch="current", one_off=True,
            ),
            hand(),
            hand(label="Huurtoeslag", stream="other", payer="state", cents=300_000),
        ],
    )  # fmt: skip
    client.force_login(world.assigned.user)
    url = reverse("costs:scenario_detail", args=[world.household.pk, scenario.pk])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(ctx.captured_queries) <= 15
    html = response.content.decode()
    view = response.context["view"]
    assert view.result.net_saving_cents > 0
    assert [p.payer for p in view.result.waterbed] == ["state"]  # the rent allowance
    assert len(view.payer_waterbed) == 1
    assert "waterbed-heading" in html and "badge--warn" in html  # weak source flagged
    assert "Schatting van een woningcorporatie" in html  # the eviction figure's source
    assert "d(t) = 1 / (1 + r)^(t" in html
    assert len(view.by_hand) == 2 and len(view.weak_sources) == 1


@pytest.mark.django_db
def test_api_create_read_and_conflict(world, scenario):
    token = api_token_create(user=world.assigned.user, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/v1/households/{world.household.pk}/scenarios"
    body = {
        "title": "Voorschot paspoort",
        "horizon_years": 5,
        "price_year": 2024,
        "assumptions": [
            {"branch": "current", "reference_price": "rough-sleeper-shelter", "from_year": 2},
            {"branch": "alternative", "label": "Voorschot", "stream": "other",
             "payer": "municipality", "amount_cents": 40_000, "one_off": True},
        ],
    }  # fmt: skip
    response = api.post(base, body, content_type="application/json")
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["discount_rate_bp"] == 225 and out["version"] == 2
    assert out["result"]["net_saving_cents"] == out["result"]["current_pv_cents"] - 40_000
    assert out["result"]["by_payer"][0]["payer"] == "municipality"

    sid = out["id"]
    stale = {"version": 1, "title": "x", "horizon_years": 5, "discount_rate_bp": 0,
             "price_year": 2024}  # fmt: skip
    response = api.put(f"{base}/{sid}", stale, content_type="application/json")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    response = api.put(f"{base}/{sid}", {**stale, "version": 2}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 3

    listed = api.get(base).json()
    assert {s["id"] for s in listed} == {scenario.pk, sid}


@pytest.mark.django_db
def test_api_bad_assumptions_are_located_and_nothing_written(world):
    token = api_token_create(user=world.assigned.user, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/v1/households/{world.household.pk}/scenarios"
    bad = {"title": "x", "assumptions": [
        {"branch": "current", "reference_price": "teen-mother-shelter"},
        {"branch": "current", "reference_price": "no-such-price"},
    ]}  # fmt: skip
    response = api.post(base, bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "assumptions.1.reference_price"
    incomplete = {"title": "x", "assumptions": [{"branch": "current", "label": "x"}]}
    response = api.post(base, incomplete, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "assumptions.0.stream"
    negative = {"title": "x", "assumptions": [{"branch": "current", "stream": "wmo",
                "payer": "state", "amount_cents": -5}]}  # fmt: skip
    assert api.post(base, negative, content_type="application/json").status_code == 422
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_api_costs_summary_and_lines(world):
    from nabij.costs.tests.test_household_costs import add
    from nabij.tests import factories as f

    a = actor_of(world.assigned)
    line = add(a, world.household, f.OrganisationFactory(name="Jeugd"), 500_000)
    services.cost_line_correct(actor=a, line=line, reason="dubbel")
    add(a, world.household, f.OrganisationFactory(name="Schuld"), 100_000, stream="debt")
    token = api_token_create(user=world.assigned.user, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    summary = api.get(f"/api/v1/households/{world.household.pk}/costs").json()
    assert summary["total_cents"] == 100_000
    assert summary["organisations"] == ["Schuld"]
    assert summary["professional_count"] == 1
    lines = api.get(f"/api/v1/households/{world.household.pk}/costs/lines?limit=10").json()
    assert lines["count"] == 3
    by_id = {row["id"]: row for row in lines["items"]}
    assert by_id[line.pk]["corrected"] is True
    counter = next(r for r in lines["items"] if r["corrects_id"] == line.pk)
    assert counter["amount_cents"] == -500_000
    assert selectors.household_costs(world.household).total_cents == 100_000


@pytest.mark.django_db
def test_edit_assumption_with_version_check_and_reference_link(world, client, scenario):
    item = services.assumption_from_reference(
        reference_price=ReferencePrice.objects.get(key="teen-mother-shelter"),
        quantity=Decimal(1), price_year=2014, branch="current", one_off=False, until_year=3,
    )  # fmt: skip
    (a,) = services.assumptions_add(
        actor=actor_of(world.assigned), scenario=scenario, expected_version=1, items=[item]
    )
    client.force_login(world.assigned.user)
    url = reverse("costs:assumption_edit", args=[world.household.pk, scenario.pk, a.pk])
    form = client.get(url).context["form"]
    assert form["amount"].value() == "60000,00" and form["version"].value() == 2
    data = {
        "hand-version": "2",
        "hand-branch": "current",
        "hand-label": "Opvang, maar korter",
        "hand-stream": "youth",
        "hand-payer": "municipality",
        "hand-amount": "60000,00",
        "hand-from_year": "1",
        "hand-until_year": "2",
        "hand-note": "",
    }
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    assert (a.until_year, a.reference_price_id is not None) == (2, True)  # same amount: linked
    stale = {**data, "hand-amount": "50000"}
    response = client.post(url, stale)  # still on version 2: someone (we) saved version 3
    assert response.status_code == 409 and 'value="50000"' in response.content.decode()
    response = client.post(url, {**stale, "hand-version": "3"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.amount_cents, a.reference_price_id) == (5_000_000, None)  # now set by hand


@pytest.mark.django_db
def test_api_assumption_update_conflict(world, scenario):
    (a,) = services.assumptions_add(
        actor=actor_of(world.assigned), scenario=scenario, expected_version=1, items=[hand()]
    )
    token = api_token_create(user=world.assigned.user, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/households/{world.household.pk}/scenarios/{scenario.pk}/assumptions/{a.pk}"
    body = {"version": 1, "branch": "alternative", "label": "Schuld", "stream": "debt",
            "payer": "municipality", "amount_cents": 1_000_000, "one_off": True}  # fmt: skip
    assert api.put(url, body, content_type="application/json").status_code == 409
    response = api.put(url, {**body, "version": 2}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["assumptions"][0]["amount_cents"] == 1_000_000
