"""The pages by role: anonymous visitors, the contact person, another resident, the district's
team and another team. Public pages log nothing; contact persons shown are logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nabij.access.digid import resident_user_for_bsn
from nabij.access.models import AccessLogEntry
from nabij.initiatives import services
from nabij.initiatives.models import FundingEntry, Initiative
from nabij.initiatives.tests.helpers import add_hours, add_money, initiative_world, resident

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def item(world):
    item = initiative_world(world)
    add_money(resident(world), item, 24_000, "member_fees")
    add_hours(resident(world), item, "16")
    return item


def test_the_register_and_the_page_are_public_and_log_nothing(world, item):
    before = AccessLogEntry.objects.count()
    c = Client()
    page = c.get(reverse("initiatives:index"))
    assert page.status_code == 200 and "Kookgroep Heechterp" in page.text
    code = item.district.code
    assert "Kookgroep" in c.get(reverse("initiatives:index") + f"?wijk={code}&vorm=informal").text
    assert "Kookgroep" not in c.get(reverse("initiatives:index") + "?vorm=foundation").text
    assert c.get(reverse("initiatives:index") + "?vorm=nonsense").status_code == 400
    detail = c.get(reverse("initiatives:detail", args=[item.pk]))
    assert detail.status_code == 200
    assert "Karima El Amrani" in detail.text and "<svg" in detail.text and "<table" in detail.text
    assert reverse("initiatives:manage", args=[item.pk]) not in detail.text
    assert c.get(reverse("initiatives:detail", args=[item.pk + 999])).status_code == 404
    assert AccessLogEntry.objects.count() == before


def test_a_name_without_consent_is_a_resident(world, item):
    services.contact_name_public_set(actor=resident(world), initiative=item, name_public=False)
    text = Client().get(reverse("initiatives:detail", args=[item.pk])).text
    assert "Karima" not in text and "een bewoner" in text


def test_mine_and_register_for_residents_only(world, item):
    karima = client_for(world.resident_user)
    page = karima.get(reverse("initiatives:mine"))
    assert page.status_code == 200 and "Kookgroep Heechterp" in page.text
    gerrit = client_for(resident_user_for_bsn(None, world.other_resident.bsn))
    assert "Kookgroep" not in gerrit.get(reverse("initiatives:mine")).text
    assert client_for(world.assigned.user).get(reverse("initiatives:mine")).status_code == 403
    anon = Client().get(reverse("initiatives:register"))
    assert anon.status_code == 302 and "/mijn/inloggen/" in anon["Location"]
    bad = gerrit.post(reverse("initiatives:register"), {"name": ""})
    assert bad.status_code == 400 and "error-summary" in bad.text
    made = gerrit.post(
        reverse("initiatives:register"),
        {
            "name": "Wandelgroep",
            "purpose": "Samen lopen",
            "district": world.other_household.neighbourhood.district_id,
            "legal_form": "informal",
            "members_count": 0,
            "volunteers_count": 2,
            "role": "contact",
            "name_public": "no",
        },
    )
    assert made.status_code == 302
    new = Initiative.objects.get(name="Wandelgroep")
    assert (
        new.contacts.get().resident == world.other_resident and not new.contacts.get().name_public
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("resident", 200),
        ("assigned", 200),
        ("coordinator", 200),
        ("other_coordinator", 403),
        ("other_resident", 403),
        ("broker", 403),
        ("administrator", 403),
    ],
)
def test_stewards_pages_by_role(world, item, who, status):
    user = (
        world.resident_user
        if who == "resident"
        else resident_user_for_bsn(None, world.other_resident.bsn)
        if who == "other_resident"
        else getattr(world, who).user
    )
    c = client_for(user)
    for name in ("initiatives:manage", "initiatives:funding"):
        before = AccessLogEntry.objects.count()
        response = c.get(reverse(name, args=[item.pk]))
        assert response.status_code == status, (name, who)
        rows = AccessLogEntry.objects.filter(pk__gt=0).order_by("-pk")[
            : AccessLogEntry.objects.count() - before
        ]
        if status == 403:
            assert all(r.outcome == "refused" for r in rows) and rows
        elif name == "initiatives:manage":
            assert {(r.resident_id, r.purpose) for r in rows} == {
                (world.resident.pk, "participation")
            }
    assert Client().get(reverse("initiatives:manage", args=[item.pk])).status_code == 302


def test_a_contact_books_and_corrects_a_line(world, item):
    c = client_for(world.resident_user)
    url = reverse("initiatives:funding", args=[item.pk])
    today = timezone.localdate()
    ok = c.post(
        url,
        {
            "year": today.year,
            "source": "donations",
            "amount": "75,50",
            "booked_on": today.isoformat(),
            "description": "Gift",
        },
    )
    assert ok.status_code == 302
    line = FundingEntry.objects.get(amount_cents=7_550)
    hours = c.post(
        url,
        {
            "year": today.year,
            "source": "hours",
            "booked_on": today.isoformat(),
            "hours": "3",
            "hour_rate": "5,60",
            "rate_source": "Belastingdienst",
        },
    )
    assert hours.status_code == 302 and FundingEntry.objects.filter(amount_cents=1_680).exists()
    missing = c.post(
        url, {"year": today.year, "source": "hours", "booked_on": today.isoformat(), "hours": "3"}
    )
    assert missing.status_code == 400
    subsidy = c.post(
        url,
        {"year": today.year, "source": "subsidy", "amount": "500", "booked_on": today.isoformat()},
    )
    assert subsidy.status_code == 400
    rev = reverse("initiatives:funding_reverse", args=[item.pk, line.pk])
    assert c.post(rev, {"reason": ""}).status_code == 400
    assert c.post(rev, {"reason": "Dubbel"}).status_code == 302
    assert c.post(rev, {"reason": "Nog eens"}).status_code == 400
    assert FundingEntry.objects.filter(reverses=line).count() == 1
    other = client_for(resident_user_for_bsn(None, world.other_resident.bsn))
    assert other.post(rev, {"reason": "x"}).status_code == 403
    unknown = reverse("initiatives:funding_reverse", args=[item.pk, line.pk + 999])
    assert c.post(unknown, {"reason": "x"}).status_code == 404


def test_a_stale_edit_is_a_conflict(world, item):
    c = client_for(world.assigned.user)
    url = reverse("initiatives:manage", args=[item.pk])
    data = {
        "action": "details",
        "version": 1,
        "name": "Kookgroep Heechterp",
        "purpose": "Samen koken",
        "district": item.district_id,
        "legal_form": "informal",
        "members_count": 0,
        "volunteers_count": 6,
    }
    assert c.post(url, data).status_code == 302
    stale = client_for(world.resident_user).post(url, {**data, "volunteers_count": 9})
    assert stale.status_code == 409
    item.refresh_from_db()
    assert item.volunteers_count == 6 and item.version == 2


def test_the_team_adds_a_contact_by_bsn_and_a_contact_may_not(world, item):
    url = reverse("initiatives:manage", args=[item.pk])
    body = {
        "action": "contact_add",
        "version": 1,
        "bsn": world.other_resident.bsn,
        "role": "treasurer",
        "agreed": "on",
        "name_public": "no",
    }
    assert client_for(world.resident_user).post(url, body).status_code == 403
    assert client_for(world.colleague.user).post(url, body).status_code == 302
    assert item.contacts.filter(resident=world.other_resident, ended_on__isnull=True).exists()
    unknown = client_for(world.colleague.user).post(url, {**body, "version": 2, "bsn": "123456782"})
    assert unknown.status_code == 400


def test_the_district_page_for_its_teams(world, item):
    code = item.district.code
    url = reverse("initiatives:district", args=[code])
    page = client_for(world.colleague.user).get(url)
    assert page.status_code == 200 and "Karima El Amrani" in page.text
    assert AccessLogEntry.objects.filter(
        event="initiatives.district", resident_id=world.resident.pk
    ).exists()
    assert client_for(world.other_coordinator.user).get(url).status_code == 403
    assert (
        client_for(world.colleague.user)
        .get(reverse("initiatives:district", args=["WK999999"]))
        .status_code
        == 404
    )


def test_the_area_profile_lists_the_districts_initiatives(world, item):
    from nabij.tests import factories as f  # noqa: F401

    page = client_for(world.analyst.user).get(
        reverse("outcomes:profile", args=[item.district.code])
    )
    assert page.status_code == 200 and "Kookgroep Heechterp" in page.text
    assert "Karima" not in page.text


def test_the_nav_shows_initiatives_to_everyone(world):
    assert reverse("initiatives:index") in Client().get(reverse("reports:index")).text
