from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from nabij.assessment import selectors
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

DATES = [dt.date(2024, 1, 5), dt.date(2024, 5, 5), dt.date(2024, 9, 5), dt.date(2025, 1, 5)]


def _assess(record, resident, instrument=None):
    for i, day in enumerate(DATES):
        record(
            resident,
            day,
            {"financien": 1 + i, "huisvesting": 2, "adl": 5 - i},
            instrument=instrument,
        )


def _panel_queries(household) -> int:
    with CaptureQueriesContext(connection) as ctx:
        panel = selectors.household_assessment_panel(household=household)
        render_to_string("assessment/_panel.html", {"assessment_panel": panel})
    return len(ctx.captured_queries)


def test_household_panel_uses_a_constant_number_of_queries(world, record, zrm_2017):
    small = f.HouseholdFactory()
    f.MembershipFactory(household=small, resident=(alone := f.ResidentFactory()))
    _assess(record, alone)

    big = f.HouseholdFactory()
    members = [f.ResidentFactory() for _ in range(3)]
    for resident, role in zip(members, ("head", "partner", "child"), strict=True):
        f.MembershipFactory(household=big, resident=resident, role=role)
        _assess(record, resident)
    # A second instrument must not cost extra queries either.
    record(members[0], dt.date(2025, 2, 1), {"werk-en-opleiding": 2}, instrument=zrm_2017)

    assert _panel_queries(small) == _panel_queries(big) <= 5


def test_household_panel_lists_members_with_and_without_assessments(world, record):
    record(world.resident, dt.date(2025, 1, 5), {"financien": 2})
    panel = selectors.household_assessment_panel(household=world.household)
    assert [m.resident for m in panel["members"]] == [world.resident]
    assert panel["unassessed"] == [world.child]


def test_former_members_are_left_out(world, record):
    record(world.child, dt.date(2025, 1, 5), {"financien": 2})
    membership = world.household.memberships.get(resident=world.child)
    membership.ended_on = dt.date(2025, 2, 1)
    membership.save()
    panel = selectors.household_assessment_panel(household=world.household)
    assert panel["members"] == []
    assert panel["unassessed"] == [world.resident]


def test_resident_assessments_newest_first_in_constant_queries(world, record):
    _assess(record, world.resident)
    with CaptureQueriesContext(connection) as ctx:
        assessments = list(selectors.resident_assessments(resident=world.resident))
        levels = [[s.level for s in a.scores.all()] for a in assessments]
        names = [[s.domain.name for s in a.scores.all()] for a in assessments]
        [list(a.instrument.domains.all()) for a in assessments]
    assert len(ctx.captured_queries) == 4
    assert [a.assessed_on for a in assessments] == sorted(DATES, reverse=True)
    assert levels[0] == [4, 2, 2]  # ordered as the instrument orders its domains
    assert names[0] == ["Financiën", "Huisvesting", "ADL"]


def test_latest_priority(world, actor):
    from nabij.assessment import services

    assert selectors.latest_priority(household=world.household) is None
    services.priority_record(
        actor=actor,
        household=world.household,
        text="Een huis",
        said_by="Karima",
        recorded_on=dt.date(2025, 1, 1),
    )
    newest = services.priority_record(
        actor=actor,
        household=world.household,
        text="De schulden",
        said_by="Karima",
        recorded_on=dt.date(2025, 3, 1),
    )
    assert selectors.latest_priority(household=world.household) == newest
