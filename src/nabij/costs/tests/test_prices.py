"""The reference-price catalogue page: access for every role, indexing, editing, the index."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.costs.models import PriceIndex, ReferencePrice

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


def _logged(event: str, outcome: str, username: str) -> bool:
    return AccessLogEntry.objects.filter(event=event, outcome=outcome, username=username).exists()


@pytest.mark.django_db
def test_cbs_price_index_ships_with_its_source():
    rows = {p.year: p for p in PriceIndex.objects.all()}
    assert rows[2015].index == Decimal("100.000")
    assert rows[2016].index == Decimal("100.300")  # +0.3% (CBS)
    assert rows[2022].index == Decimal("121.445")  # 2021 x 1.100
    assert rows[2014].index == Decimal("99.404")  # 100 / 1.006
    assert min(rows) == 2005 and max(rows) == 2024
    assert all("CBS" in r.source for r in rows.values())


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_everyone_with_a_role_reads_the_catalogue(world, login, key):
    professional = world.by_key(key)
    response = login(professional).get(reverse("costs:prices"))
    assert response.status_code == 200
    assert _logged("costs.prices.view", "granted", professional.user.username)
    content = response.content.decode()
    assert "Opvang tienermoeder met kind" in content
    assert "costs/kengetallen/" in content or "/kengetallen/" in content
    edit_link = reverse("costs:price_edit", args=[ReferencePrice.objects.first().pk])
    assert (edit_link in content) == (key == "administrator")


@pytest.mark.django_db
def test_no_profile_is_refused_and_logged(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x-x-x-x-x-x")
    client.force_login(user)
    assert client.get(reverse("costs:prices")).status_code == 403
    assert _logged("costs.prices.view", "refused", "nobody")


@pytest.mark.django_db
def test_amounts_indexed_to_the_chosen_year(world, login):
    client = login(world.analyst)
    content = client.get(reverse("costs:prices"), {"jaar": 2024}).content.decode()
    # Teen-mother shelter: €60,000 in 2014 prices x 130.220 / 99.404 = €78,600.46
    assert "78.600,46" in content
    assert "zwakke bron" in content.lower() or "weak source" in content.lower()
    missing = client.get(reverse("costs:prices"), {"jaar": 2030}).content.decode()
    assert "2030" in missing and "78.600,46" not in missing
    assert "60.000,00" in missing  # shown as published, not guessed


@pytest.mark.django_db
def test_indexing_says_which_year_has_no_index(world, login):
    PriceIndex.objects.filter(year=2011).delete()
    content = login(world.analyst).get(reverse("costs:prices"), {"jaar": 2024}).content.decode()
    assert "2011" in content  # Cebeon 2011 prices cannot be indexed now


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_editing_is_for_the_administrator(world, login, key):
    price = ReferencePrice.objects.get(key="eviction-social-cost")
    professional = world.by_key(key)
    client = login(professional)
    url = reverse("costs:price_edit", args=[price.pk])
    data = {
        "name": price.name,
        "amount": "95000",
        "unit": price.unit,
        "per": price.per,
        "year": "2023",
        "source": "Eigen onderzoek gemeente Leeuwarden (2023)",
        "quality": "sound",
        "note": "",
        "version": price.version,
    }
    get = client.get(url)
    post = client.post(url, data)
    price.refresh_from_db()
    if key != "administrator":
        assert get.status_code == 403 and post.status_code == 403
        assert _logged("costs.price.update", "refused", professional.user.username)
        assert price.amount_cents == 10_000_000 and price.version == 1
        return
    assert get.status_code == 200
    assert post.status_code == 302
    assert price.amount_cents == 9_500_000 and price.year == 2023 and price.version == 2
    # a change of configuration is a business event: the audit trail, not the access log
    from nabij.access.models import AuditEvent

    event = AuditEvent.objects.get(kind="price_changed", actor_username=professional.user.username)
    assert (event.before["amount_cents"], event.after["amount_cents"]) == (10_000_000, 9_500_000)
    assert not _logged("costs.price.update", "granted", professional.user.username)


@pytest.mark.django_db
def test_concurrent_edit_is_a_conflict_with_input_kept(world, login):
    price = ReferencePrice.objects.get(key="debt-counselling-case")
    client = login(world.administrator)
    url = reverse("costs:price_edit", args=[price.pk])
    data = {
        "name": price.name,
        "amount": "1750",
        "unit": price.unit,
        "per": price.per,
        "year": "2020",
        "source": "NVVK 2020",
        "quality": "sound",
        "note": "",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    data["amount"] = "1999,99"
    response = client.post(url, data)
    assert response.status_code == 409
    assert "1999,99" in response.content.decode()
    price.refresh_from_db()
    assert price.amount_cents == 175_000 and price.version == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "change"),
    [("amount", "0"), ("amount", "-5"), ("source", " "), ("year", "1800"), ("unit", "parsec")],
)
def test_bad_prices_are_refused(world, login, field, change):
    price = ReferencePrice.objects.get(key="debt-counselling-case")
    data = {
        "name": price.name,
        "amount": "1500",
        "unit": price.unit,
        "per": price.per,
        "year": "2005",
        "source": price.source,
        "quality": price.quality,
        "note": "",
        "version": 1,
    }
    data[field] = change
    response = login(world.administrator).post(reverse("costs:price_edit", args=[price.pk]), data)
    assert response.status_code == 400
    price.refresh_from_db()
    assert price.version == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_adding_an_index_year(world, login, key):
    PriceIndex.objects.filter(year=2024).delete()
    professional = world.by_key(key)
    response = login(professional).post(
        reverse("costs:price_index_add"),
        {"year": "2024", "index": "130.220", "source": "CBS 83131NED"},
    )
    if key != "administrator":
        assert response.status_code == 403
        assert not PriceIndex.objects.filter(year=2024).exists()
        assert _logged("costs.price_index.create", "refused", professional.user.username)
        return
    assert response.status_code == 302
    assert PriceIndex.objects.get(year=2024).index == Decimal("130.220")
    again = login(professional).post(
        reverse("costs:price_index_add"), {"year": "2024", "index": "131", "source": "x"}
    )
    assert again.status_code == 400
    assert PriceIndex.objects.get(year=2024).index == Decimal("130.220")
