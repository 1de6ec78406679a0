"""The importer on StatLine's CSV download: semicolons, a header of keys, "." for missing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nabij.costs.imports.findings import ImportRefused
from nabij.outcomes.imports.tables import prepare, read
from nabij.outcomes.models import Indicator, IndicatorImport, IndicatorKey, IndicatorValue
from nabij.outcomes.services import indicators_import
from nabij.outcomes.tests import cbs_files as cbs
from nabij.outcomes.tests.cbs_files import areas, english  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "areas")]


# As StatLine serves it: a BOM, quoted cells, codes padded or not, "." where CBS has no figure.
CSV = (
    "\ufeff"
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"AantalInwoners_5";'
    '"PersonenPerSoortUitkeringBijstand_94";"GemiddeldInkomenPerInwoner_83"\r\n'
    '"0";"GM0080    ";"Leeuwarden                              ";"128810";"4100";"29.4"\r\n'
    '"1";"WK008010  ";"Leeuwarden";"6710";".";"     ."\r\n'
    '2;BU00801000;Leeuwarden;"  1020";"x";"27,5"\r\n'
)


def write(tmp_path, text: str, name: str = "85984NED.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def run(path: str, table: str = "85984NED", period: int = 2024):
    return indicators_import(prepare([read(path)], table_id=table, period=period))


def refused(path: str, table: str = "85984NED", period: int = 2024) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        prepare([read(path)], table_id=table, period=period)
    return [str(finding) for finding in caught.value.findings]


def test_a_statline_csv_with_bom_quotes_and_dots(tmp_path):
    [summary] = run(write(tmp_path, CSV))

    rows = IndicatorValue.objects.values_list("indicator__code", "area_code", "value", "quality")
    assert sorted(rows) == [
        ("AantalInwoners", "BU00801000", Decimal(1020), "final"),
        ("AantalInwoners", "GM0080", Decimal(128810), "final"),
        ("AantalInwoners", "WK008010", Decimal(6710), "final"),
        ("GemiddeldInkomenPerInwoner", "BU00801000", Decimal("27.5"), "provisional"),
        ("GemiddeldInkomenPerInwoner", "GM0080", Decimal("29.4"), "provisional"),
        # "x": CBS withholds it (geheim)
        ("PersonenPerSoortUitkeringBijstand", "BU00801000", None, "secret"),
        ("PersonenPerSoortUitkeringBijstand", "GM0080", Decimal(4100), "provisional"),
    ]
    assert summary.values == 7
    batch = IndicatorImport.objects.get()
    assert (batch.format, batch.table_id, batch.period) == ("csv", "85984NED", 2024)
    # The definitions came from the 85984NED metadata shipped with Nabij.
    assert Indicator.objects.get(code="GemiddeldInkomenPerInwoner").unit == "x 1 000 euro"
    assert IndicatorKey.objects.filter(table_id="85984NED").count() > 100


def test_every_finding_of_a_csv_with_its_line(tmp_path):
    text = (
        "WijkenEnBuurten;AantalInwoners_5;Onbekend_7;WmoClienten_100\n"
        "GM0080;128810;1;9000\n"
        "WK008099;12;1;.\n"
        "WK008010;zes;1;12\n"
        "WK008050;1;1\n"
    )
    path = write(tmp_path, text)
    assert refused(path) == [
        f"{path}:line 2, GM0080, Onbekend_7: Field “Onbekend_7” is not defined in the fields "
        "Nabij knows for table 85984NED.",
        f"{path}:line 3, WK008099: Area code “WK008099” is not known: not NL00, and not a "
        "municipality, district or neighbourhood in Nabij.",
        f"{path}:line 4, WK008010, AantalInwoners_5: “zes” is not a number.",
        f"{path}:line 5: The line has 3 fields, the header 4.",
    ]
    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.exists()


def test_a_csv_of_a_table_known_from_its_dataproperties(tmp_path):
    """Another year's table: its keys are known from an earlier DataProperties import."""
    older, mapping = cbs.renumbered(cbs.properties_2024(), shift=-1)
    (tmp_path / "json").mkdir()
    indicators_import(
        prepare(
            [
                read(p)
                for p in cbs.table_files(
                    tmp_path / "json",
                    [cbs.row("GM0080", **{mapping["AantalInwoners_5"]: 124000})],
                    table="85618NED",
                    period="2023",
                    properties=older,
                )
            ]
        )
    )
    key = mapping["PersonenPerSoortUitkeringBijstand_94"]
    path = write(tmp_path, f"WijkenEnBuurten;{key}\nWK008010  ;300\n", "2023.csv")
    run(path, table="85618NED", period=2023)
    value = IndicatorValue.objects.get(area_code="WK008010")
    assert (value.indicator.code, value.value, value.period) == (
        "PersonenPerSoortUitkeringBijstand",
        Decimal(300),
        2023,
    )
    # Its stored description says the figures are provisional.
    assert value.quality == "provisional"

    unknown = write(tmp_path, "WijkenEnBuurten;AantalInwoners_5\nWK008010;1\n", "x.csv")
    assert refused(unknown, table="85618NED", period=2023) == [
        f"{unknown}:line 2, WK008010, AantalInwoners_5: Field “AantalInwoners_5” is not "
        "defined in the fields Nabij knows for table 85618NED."
    ]


def test_a_csv_without_an_area_column(tmp_path):
    path = write(tmp_path, "Regio;AantalInwoners_5\nGM0080;1\n")
    assert refused(path) == [
        f"{path}:line 1: The header names no area column (WijkenEnBuurten, RegioS, Regiokenmerken)."
    ]
