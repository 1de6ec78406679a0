"""The importer on CBS's OData JSON: a TypedDataSet with its DataProperties and TableInfos."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nabij.costs.imports.findings import ImportRefused
from nabij.outcomes.imports.tables import prepare, read
from nabij.outcomes.models import (
    Indicator,
    IndicatorImport,
    IndicatorKey,
    IndicatorValue,
)
from nabij.outcomes.services import indicators_import
from nabij.outcomes.tests import cbs_files as cbs
from nabij.outcomes.tests.cbs_files import areas, english  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "areas")]


def run(paths: list[str], **options):
    return indicators_import(prepare([read(p) for p in paths], **options))


def refused(paths: list[str], **options) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        prepare([read(p) for p in paths], **options)
    return [str(finding) for finding in caught.value.findings]


def values(code: str, **filters) -> dict[str, Decimal | None]:
    rows = IndicatorValue.objects.filter(indicator__code=code, current=True, **filters)
    return dict(rows.values_list("area_code", "value"))


def test_padded_codes_nulls_and_definitions(tmp_path):
    paths = cbs.table_files(
        tmp_path,
        [
            cbs.row("NL00", 0, AantalInwoners_5=17942942, WmoClienten_100=None),
            cbs.row("GM0080", 1, AantalInwoners_5=128810, GemiddeldeHuishoudensgrootte_33=1.9),
            cbs.row("WK008010", 2, AantalInwoners_5=6710, WmoClienten_100=540),
            cbs.row("BU00801000", 3, AantalInwoners_5=None, MateVanStedelijkheid_127=1),
        ],
    )
    [summary] = run(paths)

    assert values("AantalInwoners") == {
        "NL00": Decimal(17942942),
        "GM0080": Decimal(128810),
        "WK008010": Decimal(6710),
    }  # CBS's null is missing: no row for the neighbourhood
    assert values("WmoClienten") == {"WK008010": Decimal(540)}
    assert values("GemiddeldeHuishoudensgrootte") == {"GM0080": Decimal("1.9")}
    assert values("MateVanStedelijkheid") == {"BU00801000": Decimal(1)}  # a code kept as value
    levels = dict(IndicatorValue.objects.values_list("area_code", "area_level").distinct())
    assert levels == {
        "NL00": "country",
        "GM0080": "municipality",
        "WK008010": "district",
        "BU00801000": "neighbourhood",
    }
    assert summary.values == 6
    assert summary.areas == 4
    batch = IndicatorImport.objects.get()
    assert (batch.table_id, batch.period, batch.format) == ("85984NED", 2024, "odata")
    assert batch.table_title == "Kerncijfers wijken en buurten 2024"
    assert batch.modified == "2025-03-27T02:00:00"
    assert [f["kind"] for f in batch.files] == ["TypedDataSet", "DataProperties", "TableInfos"]

    wmo = Indicator.objects.get(code="WmoClienten")
    assert (wmo.name, wmo.unit, wmo.question, wmo.direction) == (
        "Wmo-cliënten",
        "aantal",
        "context",
        "neutral",
    )
    bijstand = Indicator.objects.get(code="PersonenPerSoortUitkeringBijstand")
    assert (bijstand.question, bijstand.direction) == ("work", "lower_better")
    woz = Indicator.objects.get(code="GemiddeldeWOZWaardeVanWoningen")
    assert (woz.question, woz.direction) == ("context", "neutral")  # not in the catalogue
    assert IndicatorKey.objects.get(table_id="85984NED", key="WmoClienten_100").indicator == wmo
    # Names, codes and descriptions are not values.
    assert not Indicator.objects.filter(
        code__in=["Gemeentenaam", "SoortRegio", "Codering", "Dekkingspercentage", "ID"]
    ).exists()


def test_repeated_stems_get_their_group(tmp_path):
    paths = cbs.table_files(
        tmp_path,
        [
            cbs.row(
                "GM0080",
                Nederland_17=100,
                Nederland_20=90,
                Appartement_54=1800,
                Appartement_62=700,
            )
        ],
    )
    run(paths)

    keys = dict(
        IndicatorKey.objects.filter(
            key__in=["Nederland_17", "Nederland_20", "Appartement_54", "Appartement_62"]
        ).values_list("key", "indicator__code")
    )
    assert keys == {
        "Nederland_17": "Nederland_Herkomstland",
        "Nederland_20": "Nederland_GeborenInNederland",
        "Appartement_54": "Appartement_GemiddeldeElektriciteitslevering",
        "Appartement_62": "Appartement_GemiddeldAardgasverbruik",
    }
    assert Indicator.objects.get(code="Nederland_Herkomstland").name == "Nederland (Herkomstland)"
    assert values("Appartement_GemiddeldAardgasverbruik") == {"GM0080": Decimal(700)}


def test_the_same_field_of_another_year_is_the_same_indicator(tmp_path):
    older, mapping = cbs.renumbered(cbs.properties_2024(), shift=-1)
    (tmp_path / "2023").mkdir()
    run(
        cbs.table_files(
            tmp_path / "2023",
            [cbs.row("GM0080", **{mapping["AantalInwoners_5"]: 124000, "Nederland_16": 1})],
            table="85618NED",
            period="2023",
            properties=older,
        )
    )
    run(cbs.table_files(tmp_path, [cbs.row("GM0080", AantalInwoners_5=128810, Nederland_17=2)]))

    inhabitants = Indicator.objects.get(code="AantalInwoners")
    assert dict(inhabitants.values.values_list("period", "value")) == {
        2023: Decimal(124000),
        2024: Decimal(128810),
    }
    assert set(inhabitants.keys.values_list("table_id", "key")) == {
        ("85618NED", "AantalInwoners_4"),
        ("85984NED", "AantalInwoners_5"),
    }
    origin = Indicator.objects.get(code="Nederland_Herkomstland")
    assert set(origin.keys.values_list("key", flat=True)) == {"Nederland_16", "Nederland_17"}


def test_an_older_table_does_not_rename_the_newer_definition(tmp_path):
    run(cbs.table_files(tmp_path, [cbs.row("GM0080", WmoClienten_100=9000)]))
    older, mapping = cbs.renumbered(cbs.properties_2024(), shift=-1)
    for entry in older:
        if entry.get("Key") == mapping["WmoClienten_100"]:
            entry["Title"] = "Wmo-cliënten (oude titel)"
    (tmp_path / "2023").mkdir()
    run(
        cbs.table_files(
            tmp_path / "2023",
            [cbs.row("GM0080", **{mapping["WmoClienten_100"]: 8800})],
            table="85618NED",
            period="2023",
            properties=older,
        )
    )
    assert Indicator.objects.get(code="WmoClienten").name == "Wmo-cliënten"


def test_provisional_topics_and_provisional_tables(tmp_path):
    run(
        cbs.table_files(
            tmp_path,
            [cbs.row("GM0080", AantalInwoners_5=128810, PersonenPerSoortUitkeringBijstand_94=4100)],
        )
    )
    quality = dict(IndicatorValue.objects.values_list("indicator__code", "quality"))
    # CBS's description of bijstand says "Het betreft voorlopige cijfers"; of inhabitants not.
    assert quality == {
        "AantalInwoners": "final",
        "PersonenPerSoortUitkeringBijstand": "provisional",
    }

    (tmp_path / "v").mkdir()
    run(
        cbs.table_files(
            tmp_path / "v",
            [cbs.row("GM0080", AantalInwoners_5=128811)],
            ReasonDelivery="Voorlopige cijfers",
        )
    )
    assert IndicatorValue.objects.get(current=True, indicator__code="AantalInwoners").quality == (
        "provisional"
    )


def test_every_finding_with_its_place_and_nothing_written(tmp_path):
    paths = cbs.table_files(
        tmp_path,
        [
            cbs.row("GM0080", 0, AantalInwoners_5=128810),
            cbs.row("WK999901", 1, AantalInwoners_5=10),
            cbs.row("WK008010", 2, AantalInwoners_5="6.710", Verzonnen_999=3),
            cbs.row("WK008010", 3, AantalInwoners_5=6710),
            cbs.row("XX12", 4, AantalInwoners_5=1),
            cbs.row("WK008050", 5, Perioden="2023JJ00", AantalInwoners_5=1),
        ],
    )
    findings = refused(paths)
    typed = paths[0]
    assert findings == [
        f"{typed}:row 2, WK999901: Area code “WK999901” is not known: not NL00, and not a "
        "municipality, district or neighbourhood in Nabij.",
        f"{typed}:row 3, WK008010, Verzonnen_999: Field “Verzonnen_999” is not defined in the "
        "DataProperties of 85984NED.",
        f"{typed}:row 3, WK008010, AantalInwoners_5: “6.710” is not a number.",
        f"{typed}:row 4, WK008010: Area WK008010 appears twice (first in row 3).",
        f"{typed}:row 5, XX12: Area code “XX12” is not known: not NL00, and not a "
        "municipality, district or neighbourhood in Nabij.",
        f"{typed}:row 6, WK008050, Perioden: Period “2023JJ00” is not the year 2024 this table "
        "is imported for (only yearly figures of that year can be imported).",
    ]
    assert not IndicatorImport.objects.exists()
    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.exists()


def test_the_wrong_tables_dataproperties(tmp_path):
    older, _mapping = cbs.renumbered(cbs.properties_2024(), shift=-1)  # keys of "2023"
    paths = cbs.table_files(
        tmp_path,
        [cbs.row("GM0080", 0, AantalInwoners_5=1, Mannen_6=1), cbs.row("WK008010", 1, Mannen_6=2)],
        properties=older,
    )
    # Each field not defined is reported once, at its first row.
    assert refused(paths) == [
        f"{paths[0]}:row 1, GM0080, AantalInwoners_5: Field “AantalInwoners_5” is not defined "
        "in the DataProperties of 85984NED.",
        f"{paths[0]}:row 1, GM0080, Mannen_6: Field “Mannen_6” is not defined in the "
        "DataProperties of 85984NED.",
    ]
    # A DataProperties that says it is of another table is found whatever its keys.
    paths[1] = cbs.write(
        tmp_path,
        "DataProperties.json",
        {
            "odata.metadata": cbs.METADATA_URL.format(table="85618NED", what="DataProperties"),
            "value": cbs.properties_2024(),
        },
    )
    assert refused(paths) == [
        f"{paths[1]}:odata.metadata: This file is of table 85618NED, but the TableInfos is of "
        "85984NED."
    ]
    assert not IndicatorValue.objects.exists()


def test_a_missing_file_is_a_finding(tmp_path):
    typed, properties, _infos = cbs.table_files(tmp_path, [cbs.row("GM0080", AantalInwoners_5=1)])
    assert refused([typed, properties]) == [
        f"{typed}: The TableInfos of this table is missing: name the table's TypedDataSet, "
        "DataProperties and TableInfos together."
    ]


def test_files_are_recognised_by_content_in_any_order(tmp_path):
    typed, properties, infos = cbs.table_files(tmp_path, [cbs.row("GM0080", AantalInwoners_5=1)])
    renamed = tmp_path / "a.json"
    Path(infos).rename(renamed)
    run([str(renamed), typed, properties])
    assert values("AantalInwoners") == {"GM0080": Decimal(1)}


def test_nothing_is_written_when_the_second_table_has_a_finding(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    clean = cbs.table_files(tmp_path / "a", [cbs.row("GM0080", AantalInwoners_5=128810)])
    older, mapping = cbs.renumbered(cbs.properties_2024(), shift=-1)
    broken = cbs.table_files(
        tmp_path / "b",
        [cbs.row("WK008010", **{mapping["AantalInwoners_5"]: "n.v.t."})],
        table="85618NED",
        period="2023",
        properties=older,
    )
    findings = refused([*clean, *broken])
    assert findings == [f"{broken[0]}:row 1, WK008010, AantalInwoners_4: “n.v.t.” is not a number."]
    assert not IndicatorImport.objects.exists()
    assert not Indicator.objects.exists()


def test_breakdowns_only_their_total_and_periods_as_rows(tmp_path):
    properties = [
        {"ID": 0, "Type": "Dimension", "Key": "SoortMisdrijf", "Title": "Soort misdrijf"},
        {"ID": 1, "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
        {"ID": 2, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
        {
            "ID": 3,
            "Type": "Topic",
            "Key": "GeregistreerdeMisdrijven_1",
            "Title": "Geregistreerde misdrijven",
            "Unit": "aantal",
            "Decimals": 0,
            "Datatype": "Integer",
            "Description": None,
        },
    ]
    rows = [
        {
            "ID": 1,
            "SoortMisdrijf": "0.0.0 ",
            "WijkenEnBuurten": "WK008010  ",
            "Perioden": "2024JJ00",
            "GeregistreerdeMisdrijven_1": 410,
        },
        {
            "ID": 2,
            "SoortMisdrijf": "0.0.0 ",
            "WijkenEnBuurten": "BU00801000",
            "Perioden": "2024JJ00",
            "GeregistreerdeMisdrijven_1": 120,
        },
    ]
    paths = cbs.table_files(
        tmp_path,
        rows,
        table="47018NED",
        period="2012-2024",
        properties=properties,
        Catalog="Politie",
    )
    assert refused(paths) == [
        f"{paths[2]}:Period: The TableInfos gives period “2012-2024”: name the year with --period."
    ]
    [summary] = run(paths, period=2024)
    assert values("GeregistreerdeMisdrijven") == {
        "WK008010": Decimal(410),
        "BU00801000": Decimal(120),
    }
    batch = IndicatorImport.objects.get(pk=summary.batch_id)
    assert (batch.table_id, batch.period, batch.source) == ("47018NED", 2024, "Politie")
    indicator = Indicator.objects.get(code="GeregistreerdeMisdrijven")
    assert (indicator.question, indicator.direction) == ("safety", "lower_better")

    rows.append(
        {
            "ID": 3,
            "SoortMisdrijf": "1.1.1 ",
            "WijkenEnBuurten": "WK008050  ",
            "Perioden": "2024JJ00",
            "GeregistreerdeMisdrijven_1": 12,
        }
    )
    paths = cbs.table_files(
        tmp_path, rows, table="47018NED", period="2012-2024", properties=properties
    )
    assert refused(paths, period=2024) == [
        f"{paths[0]}:row 3, WK008050, SoortMisdrijf: SoortMisdrijf “1.1.1” is a breakdown: "
        "only the total (such as 0.0.0 or T001038) can be imported; filter the download on it."
    ]


def test_queries_do_not_grow_with_the_rows(tmp_path, django_assert_max_num_queries):
    from nabij.tests import factories as f

    district = f.DistrictFactory(code="WK008020")
    for number in range(60):
        f.NeighbourhoodFactory(district=district, code=f"BU008020{number:02d}")
    rows = [
        cbs.row(f"BU008020{n:02d}", n, AantalInwoners_5=n, Mannen_6=n, Vrouwen_7=n)
        for n in range(60)
    ]
    paths = cbs.table_files(tmp_path, rows)
    with django_assert_max_num_queries(25):
        run(paths)
    assert IndicatorValue.objects.count() == 180
