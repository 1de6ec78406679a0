"""Fixtures for the areas tests: the shipped Leeuwarden data, and households placed in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import pytest

from nabij.access.models import DistrictTeam
from nabij.areas import services
from nabij.areas.models import Neighbourhood
from nabij.people.models import Household
from nabij.tests import factories as f


@pytest.fixture
def leeuwarden(db) -> services.ImportResult:
    return services.leeuwarden_load()


@pytest.fixture
def place_households() -> Callable[..., list[Household]]:
    """``place_households("BU00801001", 3, team=team)``: households in a real neighbourhood."""

    def _place(code: str, number: int, *, team: DistrictTeam) -> list[Household]:
        neighbourhood = Neighbourhood.objects.get(code=code)
        return [
            cast(Household, f.HouseholdFactory(address__neighbourhood=neighbourhood, team=team))
            for _ in range(number)
        ]

    return _place
