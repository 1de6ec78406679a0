"""A CBS table's metadata as its OData API serves it: ``TableInfos`` and ``DataProperties``.

``TableInfos`` names the table (``Identifier`` 85984NED), its ``Period`` ("2024"), title and
``Modified`` date. ``DataProperties`` lists the table's fields: dimensions (the area, periods,
breakdowns such as ``SoortMisdrijf``), ``TopicGroup`` headings, and ``Topic`` measures with
``Key`` (``AantalInwoners_5``), ``Title``, ``Unit``, ``Decimals``, ``Datatype`` and a
``Description`` in which CBS says when figures are provisional ("Het betreft voorlopige
cijfers"). Either file may be a bare list or an object whose ``value`` is the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from nabij.outcomes.catalogue import stem

# A statement that figures are provisional, in a topic's description or its group's:
# "Het betreft voorlopige cijfers", "De cijfers hebben een voorlopig karakter",
# "De cijfers over het school-/studiejaar 2023/'24 zijn voorlopig". Not "(voorlopig)" as a
# word inside a method's description.
PROVISIONAL_TEXT = re.compile(
    r"voorlopige\s+cijfers|voorlopig\s+karakter|\b(?:zijn|is)\s+voorlopig\b", re.IGNORECASE
)
# Fields that describe a row rather than measure it (names, codes, the area itself). Any Topic
# whose Datatype is String or whose unit is one of _TEXT_UNITS is one too.
NON_VALUE_STEMS = frozenset(
    {
        "ID",
        "WijkenEnBuurten",
        "RegioS",
        "Regiokenmerken",
        "Perioden",
        "Gemeentenaam",
        "SoortRegio",
        "Codering",
        "IndelingswijzigingGemeenteWijkBuurt",
        "MeestVoorkomendePostcode",
        "Dekkingspercentage",
    }
)
_TEXT_UNITS = frozenset({"naam", "omschrijving", "code"})
# CBS gives these as a code, but they are numbers a profile compares on: the urbanity class
# 1 (very strongly urban) to 5 (not urban) finds "similar areas".
CODE_VALUE_STEMS = frozenset({"MateVanStedelijkheid"})
AREA_DIMENSIONS = ("WijkenEnBuurten", "RegioS", "Regiokenmerken")
PERIOD_DIMENSION = "Perioden"
_TABLE_ID = re.compile(r"/(\d{5}[A-Z]{3})/", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class MetadataError(Exception):
    """The file is not usable metadata; ``place`` says where."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place
        self.message = message


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    unit: str
    decimals: int
    description: str
    datatype: str
    position: int
    groups: tuple[str, ...]  # titles of the enclosing TopicGroups, nearest first
    provisional: bool

    @property
    def is_value(self) -> bool:
        """A measure whose figures become values (not a name, a code or a description)."""
        key_stem = stem(self.key)
        if key_stem in CODE_VALUE_STEMS:
            return True
        if key_stem in NON_VALUE_STEMS:
            return False
        return self.datatype.lower() != "string" and self.unit.strip().lower() not in _TEXT_UNITS


@dataclass
class Properties:
    """A table's fields: measures and text topics by key, and its dimensions (key -> type)."""

    topics: dict[str, Topic] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    table_id: str = ""  # from ``odata.metadata``, when the file still has it

    @property
    def measures(self) -> dict[str, Topic]:
        return {key: topic for key, topic in self.topics.items() if topic.is_value}

    @property
    def area_dimension(self) -> str:
        for key, kind in self.dimensions.items():
            if kind in ("GeoDimension", "GeoDetail"):
                return key
        return next((k for k in AREA_DIMENSIONS if k in self.dimensions), AREA_DIMENSIONS[0])

    @property
    def breakdowns(self) -> list[str]:
        """Dimensions other than area and period (e.g. ``SoortMisdrijf``, ``Geslacht``)."""
        return [
            key
            for key, kind in self.dimensions.items()
            if kind == "Dimension" and key not in AREA_DIMENSIONS
        ]


@dataclass(frozen=True)
class TableInfo:
    table_id: str
    title: str
    period_text: str
    period: int | None  # None when the table spans several periods
    modified: str
    provisional: bool
    catalog: str


def _entries(data: Any) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        return list(data["value"])
    if isinstance(data, list):
        return data
    return None


def odata_table_id(data: Any) -> str:
    """The table id in an OData answer's ``odata.metadata`` URL, or ""."""
    if isinstance(data, dict):
        found = _TABLE_ID.search(str(data.get("odata.metadata") or ""))
        if found:
            return found.group(1).upper()
    return ""


def is_properties(data: Any) -> bool:
    entries = _entries(data) or []
    return bool(entries) and all(
        isinstance(e, dict) and "Key" in e and "Type" in e for e in entries[:5]
    )


def is_table_infos(data: Any) -> bool:
    if isinstance(data, dict) and "Identifier" in data:
        return True
    entries = _entries(data) or []
    return bool(entries) and isinstance(entries[0], dict) and "Identifier" in entries[0]


def parse_table_infos(data: Any) -> TableInfo:
    entry = data if isinstance(data, dict) and "Identifier" in data else (_entries(data) or [{}])[0]
    table_id = str(entry.get("Identifier") or "").strip().upper()
    if not table_id:
        raise MetadataError("Identifier", _("TableInfos names no table (Identifier is empty)."))
    period_text = str(entry.get("Period") or "").strip()
    year = _YEAR.match(period_text)
    status = " ".join(
        str(entry.get(name) or "")
        for name in ("ReasonDelivery", "OutputStatus", "Title", "ShortTitle")
    )
    return TableInfo(
        table_id=table_id,
        title=str(entry.get("Title") or "").strip(),
        period_text=period_text,
        period=int(year.group(1)) if year else None,
        modified=str(entry.get("Modified") or "").strip(),
        provisional="voorlopig" in status.lower(),
        catalog=str(entry.get("Catalog") or "CBS").strip() or "CBS",
    )


def parse_properties(data: Any) -> Properties:
    entries = _entries(data)
    if entries is None:
        raise MetadataError("", _("DataProperties is not a list of fields."))
    by_id: dict[Any, dict[str, Any]] = {}
    for entry in entries:
        if isinstance(entry, dict) and entry.get("ID") is not None:
            by_id[entry["ID"]] = entry
    properties = Properties(table_id=odata_table_id(data))
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise MetadataError(_("entry %(n)s") % {"n": index}, _("A field is not an object."))
        kind = str(entry.get("Type") or "")
        key = str(entry.get("Key") or "").strip()
        if kind == "Topic":
            if not key:
                raise MetadataError(_("entry %(n)s") % {"n": index}, _("A topic has no Key."))
            groups, inherited = _ancestors(entry, by_id)
            description = str(entry.get("Description") or "").strip()
            properties.topics[key] = Topic(
                key=key,
                title=" ".join(str(entry.get("Title") or key).split()),
                unit=str(entry.get("Unit") or "").strip(),
                decimals=_small_int(entry.get("Decimals")),
                description=description,
                datatype=str(entry.get("Datatype") or ""),
                position=index,
                groups=groups,
                provisional=bool(PROVISIONAL_TEXT.search(description))
                or any(PROVISIONAL_TEXT.search(text) for text in inherited),
            )
        elif kind and kind != "TopicGroup" and key:
            properties.dimensions[key] = kind
    return properties


def _ancestors(
    entry: dict[str, Any], by_id: dict[Any, dict[str, Any]]
) -> tuple[tuple[str, ...], list[str]]:
    titles: list[str] = []
    descriptions: list[str] = []
    seen: set[Any] = set()
    parent = by_id.get(entry.get("ParentID"))
    while parent is not None and parent.get("ID") not in seen:
        seen.add(parent.get("ID"))
        titles.append(" ".join(str(parent.get("Title") or "").split()))
        descriptions.append(str(parent.get("Description") or ""))
        parent = by_id.get(parent.get("ParentID"))
    return tuple(titles), descriptions


def _small_int(raw: Any, default: int = 0) -> int:
    try:
        return max(0, min(int(raw), 32_000))
    except (TypeError, ValueError):
        return default
