"""Files written the way CBS serves them, for the importer's tests.

The DataProperties and TableInfos start from the real 85984NED metadata shipped in
``outcomes/data``; ``renumbered`` makes the same table "of another year" (other table id,
period and key numbers), as CBS does each year.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from nabij.outcomes.imports.tables import DATA_DIR
from nabij.tests import factories as f

TABLE = "85984NED"
METADATA_URL = "https://opendata.cbs.nl/ODataApi/OData/{table}/$metadata#Cbs.OData.{what}"


def properties_2024() -> list[dict[str, Any]]:
    return json.loads((DATA_DIR / "cbs-85984NED-DataProperties.json").read_text())


def table_infos_2024() -> list[dict[str, Any]]:
    return json.loads((DATA_DIR / "cbs-85984NED-TableInfos.json").read_text())


def renumbered(
    properties: list[dict[str, Any]], shift: int
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The same fields with other numbers (``AantalInwoners_5`` -> ``AantalInwoners_4``)."""
    renamed = copy.deepcopy(properties)
    mapping: dict[str, str] = {}
    for entry in renamed:
        found = re.match(r"^(.*)_(\d+)$", entry.get("Key") or "")
        if entry.get("Type") == "Topic" and found:
            new = f"{found.group(1)}_{int(found.group(2)) + shift}"
            mapping[entry["Key"]] = new
            entry["Key"] = new
    return renamed, mapping


def infos(table: str = TABLE, period: str = "2024", **changes: Any) -> list[dict[str, Any]]:
    entry = table_infos_2024()[0]
    entry.update(Identifier=table, Period=period, Title=f"Kerncijfers wijken en buurten {period}")
    entry.update(changes)
    return [entry]


def typed(rows: list[dict[str, Any]], table: str = TABLE) -> dict[str, Any]:
    return {"odata.metadata": METADATA_URL.format(table=table, what="TypedDataSet"), "value": rows}


def row(code: str, number: int = 0, **values: Any) -> dict[str, Any]:
    """A TypedDataSet row: the code padded to 10 as CBS serves it, text fields, figures."""
    return {
        "ID": number,
        "WijkenEnBuurten": code.ljust(10),
        "Gemeentenaam_1": "Leeuwarden                              ",
        "SoortRegio_2": "Wijk      ",
        "Codering_3": code.ljust(10),
        **values,
    }


def write(directory: Path, name: str, data: Any) -> str:
    path = directory / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def table_files(
    directory: Path,
    rows: list[dict[str, Any]],
    *,
    table: str = TABLE,
    period: str = "2024",
    properties: list[dict[str, Any]] | None = None,
    prefix: str = "",
    **info_changes: Any,
) -> list[str]:
    """TypedDataSet, DataProperties and TableInfos of one table, as three files."""
    return [
        write(directory, f"{prefix}TypedDataSet.json", typed(rows, table)),
        write(
            directory,
            f"{prefix}DataProperties.json",
            {
                "odata.metadata": METADATA_URL.format(table=table, what="DataProperties"),
                "value": properties if properties is not None else properties_2024(),
            },
        ),
        write(directory, f"{prefix}TableInfos.json", infos(table, period, **info_changes)),
    ]


@pytest.fixture
def english() -> Iterator[None]:
    """Findings are compared as their English msgids, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def areas() -> None:
    leeuwarden_areas()


def leeuwarden_areas() -> None:
    """GM0080, two districts and a neighbourhood, with CBS's codes."""
    municipality = f.MunicipalityFactory(code="GM0080")
    first = f.DistrictFactory(municipality=municipality, code="WK008010")
    f.DistrictFactory(municipality=municipality, code="WK008050")
    f.NeighbourhoodFactory(district=first, code="BU00801000")
