"""Fixtures for area outcomes: the shipped Leeuwarden areas, indicator values, and households
with the records Nabij's own figures count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from nabij.access.models import DistrictTeam
from nabij.areas import services as area_services
from nabij.areas.models import Neighbourhood
from nabij.assessment.models import Assessment, Domain, Instrument, Score
from nabij.outcomes import figures
from nabij.outcomes.models import Indicator, IndicatorImport
from nabij.people.models import Household
from nabij.tests import factories as f


@pytest.fixture(autouse=True)
def _fresh_figures() -> Iterator[None]:
    """Own figures and the cost snapshot are kept per process: never across tests."""
    from nabij.costs import analytics

    figures.forget()
    analytics.forget_snapshots()
    # The world's factory districts get codes WK0080nn: keep them clear of Leeuwarden's real
    # district codes (10 to 82), whichever fixture comes first.
    f.DistrictFactory.reset_sequence(90)
    yield
    figures.forget()
    analytics.forget_snapshots()


@pytest.fixture
def leeuwarden(db) -> area_services.ImportResult:
    return area_services.leeuwarden_load()


@pytest.fixture
def team(db) -> DistrictTeam:
    return f.TeamFactory(name="Wijkteam Binnenstad")


@pytest.fixture
def place(team) -> Callable[..., list[Household]]:
    """``place("BU00801001", 10)``: households in a neighbourhood."""

    def _place(code: str, number: int) -> list[Household]:
        neighbourhood = Neighbourhood.objects.get(code=code)
        return [
            f.HouseholdFactory(address__neighbourhood=neighbourhood, team=team)
            for _ in range(number)
        ]

    return _place


def indicator(code: str, **kwargs: Any) -> Indicator:
    """An indicator as the catalogue describes it (question, direction)."""
    from nabij.outcomes import catalogue

    entry = catalogue.CATALOGUE.get(code)
    defaults: dict[str, Any] = {"name": code, "unit": "aantal", "decimals": 0}
    if entry is not None:
        defaults |= {"question": entry.question, "direction": entry.direction}
    return f.IndicatorFactory(code=code, **(defaults | kwargs))


def values(
    ind: Indicator,
    by_area: dict[str, float | int | None],
    *,
    period: int = 2024,
    quality: str = "final",
    batch: IndicatorImport | None = None,
) -> None:
    batch = batch or f.IndicatorImportFactory(period=period)
    for code, value in by_area.items():
        f.IndicatorValueFactory(
            indicator=ind,
            area_code=code,
            period=period,
            value=None if value is None else Decimal(str(value)),
            quality="secret" if value is None else quality,
            batch=batch,
        )


def assess(resident: Any, day: dt.date, levels: dict[str, int]) -> Assessment:
    """One assessment with the default instrument: ``{"financien": 2}``."""
    instrument = Instrument.objects.get(is_default=True)
    user = f.UserFactory()
    assessment = Assessment.objects.create(
        resident=resident, instrument=instrument, assessed_on=day, recorded_by=user
    )
    domains = {d.code: d for d in Domain.objects.filter(instrument=instrument)}
    Score.objects.bulk_create(
        Score(assessment=assessment, domain=domains[code], level=level)
        for code, level in levels.items()
    )
    return assessment


def improve(household: Household, *, domain: str = "financien", better: bool = True) -> None:
    """A member of the household assessed twice this year: better (or worse) the second time."""
    member = f.ResidentFactory()
    f.MembershipFactory(
        household=household, resident=member, role="other", started_on=dt.date(2020, 1, 1)
    )
    year = timezone.localdate().year
    assess(member, dt.date(year, 1, 5), {domain: 2})
    assess(member, dt.date(year, 1, 20), {domain: 3 if better else 1})
