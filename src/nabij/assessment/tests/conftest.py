"""Fixtures for the assessment tests: the shipped instruments and a quick way to record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from nabij.access.gate import Actor
from nabij.assessment import selectors, services
from nabij.assessment.models import Assessment, Instrument
from nabij.people.models import Resident


@pytest.fixture
def zrm(db) -> Instrument:
    instrument = selectors.instrument_by_code(code="zrm-11")
    assert instrument is not None
    return instrument


@pytest.fixture
def zrm_2017(db) -> Instrument:
    instrument = selectors.instrument_by_code(code="zrm-2017")
    assert instrument is not None
    return instrument


@pytest.fixture
def actor(world) -> Actor:
    return Actor(user=world.assigned.user, professional=world.assigned)


@pytest.fixture
def record(actor, zrm) -> Callable[..., Assessment]:
    """``record(resident, date, {"financien": 2, ...})`` through the service."""

    def _record(
        resident: Resident,
        on: dt.date,
        levels: dict[str, int],
        instrument: Instrument | None = None,
    ) -> Assessment:
        instrument = instrument or zrm
        ids = {d.code: d.pk for d in instrument.domains.all()}
        return services.assessment_record(
            actor=actor,
            resident=resident,
            instrument=instrument,
            assessed_on=on,
            scores={ids[code]: level for code, level in levels.items()},
        )

    return _record
