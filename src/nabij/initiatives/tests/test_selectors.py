"""Reads in a fixed number of queries, however many initiatives, contacts and lines."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nabij.initiatives import chart, selectors, services
from nabij.initiatives.models import FundingSource, LegalForm
from nabij.initiatives.tests.helpers import add_hours, add_money, initiative_world, pro, resident

pytestmark = pytest.mark.django_db


def _more(w, n):
    for i in range(n):
        item = services.initiative_register(
            actor=resident(w),
            data=services.InitiativeData(
                name=f"Groep {i}",
                purpose="Samen",
                district=w.household.neighbourhood.district,
                legal_form=LegalForm.ASSOCIATION,
            ),
            name_public=bool(i % 2),
        )
        add_money(resident(w), item, 1000 + i)
        add_hours(resident(w), item, "3")


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def test_reads_do_not_grow_with_the_register(world):
    item = initiative_world(world)
    _more(world, 2)
    district = world.household.neighbourhood.district
    few = [
        _count(lambda: selectors.register()),
        _count(lambda: [selectors.public_contacts(i) for i in [selectors.initiative(item.pk)]]),
        _count(lambda: selectors.mine(world.resident.pk)),
        _count(lambda: [i.contact_resident_ids() for i in selectors.in_district(district.pk)]),
        _count(lambda: selectors.ledger(item.pk)),
        _count(lambda: selectors.brief_in_district(district.pk)),
    ]
    _more(world, 6)
    for _ in range(5):
        add_money(resident(world), item, 700)
    many = [
        _count(lambda: selectors.register()),
        _count(lambda: [selectors.public_contacts(i) for i in [selectors.initiative(item.pk)]]),
        _count(lambda: selectors.mine(world.resident.pk)),
        _count(lambda: [i.contact_resident_ids() for i in selectors.in_district(district.pk)]),
        _count(lambda: selectors.ledger(item.pk)),
        _count(lambda: selectors.brief_in_district(district.pk)),
    ]
    assert few == many
    assert many[0] == 1 and many[4] == 1


def test_funding_per_year_groups_nets_and_shares(world):
    item = initiative_world(world)
    a = add_money(resident(world), item, 30_000, FundingSource.MEMBER_FEES)
    add_money(resident(world), item, 10_000, FundingSource.OWN_CONTRIBUTIONS)
    add_money(pro(world.coordinator), item, 40_000, FundingSource.SUBSIDY)
    add_hours(resident(world), item, "10", rate=500)
    add_money(resident(world), item, 7_000, FundingSource.DONATIONS, year=world_last_year())
    services.funding_entry_reverse(actor=resident(world), initiative=item, entry=a, reason="Fout")
    add_money(resident(world), item, 20_000, FundingSource.MEMBER_FEES)
    years = selectors.funding_by_year(item.pk)
    assert [y.year for y in years] == [world_last_year() + 1, world_last_year()]
    now = {g.key: (g.cents, g.share_pct) for g in years[0].shown_groups}
    assert now == {
        "own": (30_000, 40),
        "subsidy": (40_000, 53),
        "hours": (5_000, 7),
    }
    assert years[0].total_cents == 75_000 and years[0].hours == 10
    assert years[0].rates == [(500, "Belastingdienst 2025")]
    picture = chart.stacked_bars(years)
    assert picture is not None and len(picture.bars) == 2
    top = picture.bars[0]
    assert [s.key for s in top.segments] == ["own", "subsidy", "hours"]
    assert sum(s.width for s in top.segments) == pytest.approx(480 - 52 - 96, abs=0.5)
    assert picture.bars[1].segments[0].width < top.segments[0].width
    assert chart.stacked_bars([]) is None


def world_last_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year - 1
