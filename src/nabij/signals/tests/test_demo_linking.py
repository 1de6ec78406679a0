"""The demo's uncertain signals: written only where the linker itself is uncertain."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from nabij.signals.demo_linking import linking_demo_load
from nabij.signals.linking import Query, link
from nabij.signals.models import Signal
from nabij.signals.selectors_linking import candidates_for

pytestmark = pytest.mark.django_db


def test_the_demo_writes_uncertain_signals_for_the_wijkcoachs_team(world):
    demo_world = SimpleNamespace(staff={"wijkcoach": world.assigned})
    named = {"karima": world.household, "gerrit": world.other_household}  # Gerrit: team B
    written = linking_demo_load(demo_world, named, dt.date(2026, 12, 4))  # type: ignore[arg-type]
    assert [s.postcode for s in written] == [world.household.address.postcode]
    signal = Signal.objects.get()
    assert signal.link == "uncertain" and signal.household_id is None
    query = Query(
        signal.name, signal.postcode, signal.house_number, signal.addition, signal.date_of_birth
    )
    assert link(query, candidates_for(signal)).status == "uncertain"
