"""The real files shipped in outcomes/data import cleanly; the demo marks what it made up."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from nabij.areas.models import District, Neighbourhood
from nabij.areas.services import leeuwarden_load
from nabij.outcomes.catalogue import CATALOGUE
from nabij.outcomes.demo_data import DEMO_SOURCE, YEARS, outcomes_demo_load, shipped_import
from nabij.outcomes.models import IndicatorImport, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def leeuwarden():
    leeuwarden_load()


def test_the_shipped_cbs_files_import_cleanly():
    [summary] = shipped_import()
    assert (summary.table_id, summary.period, summary.areas, summary.values) == (
        "85984NED",
        2024,
        24,  # NL00, GM0080 and its 22 districts
        4 + 23 * 8,
    )
    values = IndicatorValue.objects.filter(indicator__code="AantalInwoners")
    assert dict(
        values.filter(area_code__in=["NL00", "GM0080", "WK008010"]).values_list(
            "area_code", "value"
        )
    ) == {"NL00": Decimal(17942942), "GM0080": Decimal(128810), "WK008010": Decimal(6710)}
    assert set(IndicatorValue.objects.values_list("quality", flat=True)) == {"final"}


def test_the_demo_marks_every_value_it_made_up():
    outcomes_demo_load()

    real = IndicatorValue.objects.filter(batch__table_id="85984NED")
    assert real.count() == 188
    assert set(real.values_list("quality", "current")) == {("final", True)}
    estimated = IndicatorValue.objects.filter(quality="estimated")
    assert estimated.count() == Neighbourhood.objects.count() == 134
    assert set(estimated.values_list("indicator__code", "period")) == {("AantalInwoners", 2024)}

    demo = IndicatorImport.objects.filter(table_id="nabij-demo")
    assert sorted(demo.values_list("period", flat=True)) == list(YEARS)
    assert set(demo.values_list("format", "source")) == {("demo", DEMO_SOURCE)}
    synthetic = IndicatorValue.objects.filter(batch__in=demo)
    assert set(synthetic.values_list("quality", flat=True)) == {"synthetic"}
    assert not IndicatorValue.objects.filter(quality="synthetic").exclude(batch__in=demo).exists()
    # A real figure is never overwritten by a synthetic one.
    assert not synthetic.filter(indicator__code="AantalInwoners", period=2024).exists()
    # Every indicator of the catalogue has a trend for the municipality and the country...
    for code in CATALOGUE:
        periods = set(
            IndicatorValue.objects.filter(indicator__code=code, area_code="GM0080").values_list(
                "period", flat=True
            )
        )
        assert periods == set(YEARS), code
    assert IndicatorValue.objects.filter(
        indicator__code="PersonenPerSoortUitkeringBijstand", area_code="NL00"
    ).count() == len(YEARS)
    # ... the urbanity class 1-5 for every district and neighbourhood ...
    urbanity = IndicatorValue.objects.filter(indicator__code="MateVanStedelijkheid", period=2024)
    classes = dict(urbanity.values_list("area_code", "value"))
    codes = set(District.objects.values_list("code", flat=True)) | set(
        Neighbourhood.objects.values_list("code", flat=True)
    )
    assert codes <= set(classes)
    assert {int(v) for v in classes.values()} <= {1, 2, 3, 4, 5}
    # ... and a district's count is the sum of its neighbourhoods' (CBS rounds each to 5).
    counts = dict(
        IndicatorValue.objects.filter(
            indicator__code="PersonenPerSoortUitkeringBijstand", period=2020
        ).values_list("area_code", "value")
    )
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for code, value in counts.items():
        if code.startswith("BU"):
            sums["WK" + code[2:8]] += value
    for district, total in sums.items():
        assert abs(counts[district] - total) <= 5 * 10, district
    bijstand = counts["GM0080"] / Decimal(128810) * 1000
    assert 20 < bijstand < 40  # per 1,000 inhabitants, Leeuwarden-like
