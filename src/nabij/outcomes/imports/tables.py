"""CBS's data files, grouped per table and checked completely before anything is written.

Which file is which is decided by content, never by name:

- JSON whose entries carry ``Key`` and ``Type``: a ``DataProperties``;
- JSON with an ``Identifier``: a ``TableInfos``;
- any other JSON object with a ``value`` list of rows: a ``TypedDataSet``;
- anything else: a StatLine CSV (semicolon-separated, a header of field keys).

JSON files form tables in the order given: a table's three files side by side, in any order;
a file of a kind the current table already has starts the next table. A CSV is one table,
named by ``--table`` and ``--period``; its fields are those Nabij already knows for that table
(an earlier ``DataProperties`` import, or the metadata shipped in ``outcomes/data``).

``prepare`` returns the tables ready for ``services.indicators_import``, or raises
``ImportRefused``
with every finding, each with its place (file, row or line, area code, field key).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from nabij.areas.models import District, Municipality, Neighbourhood
from nabij.costs.imports.findings import Findings, ImportRefused
from nabij.outcomes.catalogue import stem
from nabij.outcomes.imports.definitions import definitions_for
from nabij.outcomes.imports.metadata import (
    AREA_DIMENSIONS,
    NON_VALUE_STEMS,
    PERIOD_DIMENSION,
    PROVISIONAL_TEXT,
    MetadataError,
    Properties,
    TableInfo,
    Topic,
    is_properties,
    is_table_infos,
    odata_table_id,
    parse_properties,
    parse_table_infos,
)
from nabij.outcomes.models import (
    COUNTRY_CODE,
    Indicator,
    IndicatorImport,
    IndicatorKey,
    Quality,
    area_level_of,
)
from nabij.outcomes.services import Progress, SilentProgress, TableImport, ValueRow, without_gc

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TYPED = "TypedDataSet"
PROPERTIES = "DataProperties"
INFOS = "TableInfos"
CSV = "CSV"
MAX_VALUE = 10**14  # the value column holds 18 digits, 4 of them decimals
# A breakdown dimension (SoortMisdrijf, Geslacht) may only hold its total: CBS codes totals
# "0.0.0" (the police's offence classification) or T00xxxx (T001038 "Totaal mannen en vrouwen").
_TOTAL = re.compile(r"^(?:0\.0\.0|T00\d+)$")
KNOWN_BREAKDOWNS = frozenset({"SoortMisdrijf", "Geslacht"})
_PERIOD = re.compile(r"^(\d{4})(?:(JJ|SJ)\d\d)?$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_COMMA_NUMBER = re.compile(r"^[+-]?\d+,\d+$")


class _Secret:
    """A cell CBS withholds ("x", geheim): stored as quality secret without a value."""

    def __repr__(self) -> str:
        return "SECRET"


SECRET = _Secret()


class Unreadable(Exception):
    """A file cannot be read at all (exit 2)."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


@dataclass
class DataFile:
    name: str
    kind: str
    sha256: str
    data: Any = None  # parsed JSON
    text: str = ""  # a CSV's text

    @property
    def record(self) -> dict[str, Any]:
        return {"name": Path(self.name).name, "kind": self.kind, "sha256": self.sha256}


@dataclass
class Collector:
    """Findings of every file, per file, in the order found."""

    per_file: dict[str, Findings] = field(default_factory=dict)

    def add(self, file: str, place: str, message: str) -> None:
        self.per_file.setdefault(file, Findings(file)).add(place, message)

    def __bool__(self) -> bool:
        return any(self.per_file.values())

    def refused(self) -> ImportRefused:
        kept = [f for findings in self.per_file.values() for f in findings.kept]
        dropped = sum(findings.dropped for findings in self.per_file.values())
        return ImportRefused(kept, dropped)


def read(path: str) -> DataFile:
    """Read and recognise one file; ``Unreadable`` if it cannot be opened or parsed."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise Unreadable(path, _("cannot be read: no such file.")) from None
    except OSError as exc:
        raise Unreadable(path, _("cannot be read: %(why)s.") % {"why": exc.strerror}) from None
    digest = hashlib.sha256(raw).hexdigest()
    head = raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        try:
            with without_gc():
                data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise Unreadable(
                path, _("cannot be read: not valid JSON (%(why)s).") % {"why": str(exc)[:120]}
            ) from None
        return DataFile(path, _json_kind(data), digest, data=data)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # StatLine's older Windows downloads
    return DataFile(path, CSV, digest, text=text)


def _json_kind(data: Any) -> str:
    if is_properties(data):
        return PROPERTIES
    if is_table_infos(data):
        return INFOS
    return TYPED


@dataclass
class Areas:
    """Every area code Nabij knows, read in three queries."""

    codes: set[str]

    @classmethod
    def load(cls) -> Areas:
        codes = {COUNTRY_CODE}
        for model in (Municipality, District, Neighbourhood):
            codes.update(model.objects.values_list("code", flat=True))
        return cls(codes)


def prepare(
    files: list[DataFile],
    *,
    table_id: str = "",
    period: int | None = None,
    progress: Progress | None = None,
) -> list[TableImport]:
    """Check every file; the tables to write, or ``ImportRefused`` with all findings.

    A CSV needs ``table_id`` and ``period`` (the command refuses it without them).
    """
    with without_gc():
        return _prepare(
            files, table_id=table_id, period=period, progress=progress or SilentProgress()
        )


def _prepare(
    files: list[DataFile], *, table_id: str, period: int | None, progress: Progress
) -> list[TableImport]:
    findings = Collector()
    areas = Areas.load()
    tables: list[TableImport] = []
    for group in _groups([f for f in files if f.kind != CSV]):
        table = _check_odata(group, findings, areas, period, progress)
        if table is not None:
            tables.append(table)
    for file in files:
        if file.kind == CSV:
            table = _check_csv(file, findings, areas, table_id, period, progress)
            if table is not None:
                tables.append(table)
    seen: dict[tuple[str, int], str] = {}
    for table in tables:
        name = table.files[0]["name"] if table.files else ""
        where = (table.table_id, table.period)
        if where in seen:
            findings.add(
                name,
                "",
                _("%(table)s %(period)s is also in %(other)s: one file per table and period.")
                % {"table": table.table_id, "period": table.period, "other": seen[where]},
            )
        seen[where] = name
    if findings:
        raise findings.refused()
    return tables


def _groups(files: list[DataFile]) -> list[dict[str, DataFile]]:
    groups: list[dict[str, DataFile]] = []
    for file in files:
        if not groups or file.kind in groups[-1]:
            groups.append({})
        groups[-1][file.kind] = file
    return groups


# --- OData JSON ---------------------------------------------------------------------------


def _check_odata(
    group: dict[str, DataFile],
    findings: Collector,
    areas: Areas,
    period_given: int | None,
    progress: Progress,
) -> TableImport | None:
    any_file = next(iter(group.values()))
    missing = [kind for kind in (TYPED, PROPERTIES, INFOS) if kind not in group]
    for kind in missing:
        findings.add(
            any_file.name,
            "",
            _(
                "The %(kind)s of this table is missing: name the table's TypedDataSet, "
                "DataProperties and TableInfos together."
            )
            % {"kind": kind},
        )
    if missing:
        return None
    typed, props_file, infos_file = group[TYPED], group[PROPERTIES], group[INFOS]
    try:
        info = parse_table_infos(infos_file.data)
    except MetadataError as exc:
        findings.add(infos_file.name, exc.place, exc.message)
        return None
    try:
        properties = parse_properties(props_file.data)
    except MetadataError as exc:
        findings.add(props_file.name, exc.place, exc.message)
        return None
    for file, named in ((props_file, properties.table_id), (typed, odata_table_id(typed.data))):
        if named and named != info.table_id:
            findings.add(
                file.name,
                "odata.metadata",
                _("This file is of table %(other)s, but the TableInfos is of %(table)s.")
                % {"other": named, "table": info.table_id},
            )
    period = _period(info, period_given, infos_file.name, findings)
    rows = typed.data.get("value") if isinstance(typed.data, dict) else typed.data
    if not isinstance(rows, list):
        findings.add(typed.name, "", _("The TypedDataSet holds no list of rows (“value”)."))
        return None
    if period is None:
        return None
    measures = properties.measures
    known = _known_keys(info.table_id)
    quality = {
        key: Quality.PROVISIONAL if info.provisional or topic.provisional else Quality.FINAL
        for key, topic in measures.items()
    }
    checker = RowChecker(
        file=typed.name,
        findings=findings,
        table_id=info.table_id,
        period=period,
        area_key=properties.area_dimension,
        measures=set(measures),
        other_fields=set(properties.topics) - set(measures) | set(properties.dimensions),
        breakdowns=properties.breakdowns,
        areas=areas,
        place="row",
        defined_in=_("the DataProperties of %(table)s") % {"table": info.table_id},
    )
    count = 0
    progress.start(_("check %(file)s") % {"file": Path(typed.name).name}, len(rows))
    for number, row in enumerate(rows, start=1):
        count += checker.check(number, row)
        if number % 1000 == 0:
            progress.update(number)
    progress.finish()
    if checker.failed:
        return None
    keys = checker.present_keys
    definitions = definitions_for(list(measures.values()), known)

    def values() -> Iterator[ValueRow]:
        ordered = _by_area(rows, checker.area_key)
        for key in keys:
            key_quality = quality[key]
            for code, row in ordered:
                value = row.get(key)
                if value is not None:
                    yield key, code, value, key_quality

    return TableImport(
        table_id=info.table_id,
        period=period,
        format=IndicatorImport.Format.ODATA,
        rows=values,
        count=count,
        definitions=definitions,
        table_title=info.title,
        source="CBS" if info.catalog.upper() == "CBS" else info.catalog,
        modified=info.modified,
        files=[typed.record, props_file.record, infos_file.record],
    )


def _period(info: TableInfo, given: int | None, name: str, findings: Collector) -> int | None:
    if info.period is not None and given is not None and info.period != given:
        findings.add(
            name,
            "Period",
            _("The TableInfos gives period %(info)s, not %(given)s (--period).")
            % {"info": info.period, "given": given},
        )
        return None
    if info.period is None and given is None:
        findings.add(
            name,
            "Period",
            _("The TableInfos gives period “%(text)s”: name the year with --period.")
            % {"text": info.period_text[:40]},
        )
        return None
    return info.period if info.period is not None else given


def _by_area(rows: list[Any], area_key: str) -> list[tuple[str, Any]]:
    """(stripped code, row) in code order: written field by field in this order, every index
    of the values table grows in sequence instead of at random places (bench: 2x on SQLite)."""
    return sorted(((str(row[area_key]).strip(), row) for row in rows), key=lambda pair: pair[0])


def _known_keys(table_id: str) -> dict[str, str]:
    return dict(
        IndicatorKey.objects.filter(table_id=table_id).values_list("key", "indicator__code")
    )


# --- the rows, JSON or CSV ----------------------------------------------------------------


@dataclass
class RowChecker:
    """Checks one table's rows: area codes, fields, breakdowns, periods and numbers."""

    file: str
    findings: Collector
    table_id: str
    period: int
    area_key: str
    measures: set[str]
    other_fields: set[str]
    breakdowns: list[str]
    areas: Areas
    place: str  # "row" (JSON) or "line" (CSV)
    defined_in: str
    present_keys: list[str] = field(default_factory=list)
    failed: bool = False
    _first_row: dict[str, int] = field(default_factory=dict)
    _reported_fields: set[str] = field(default_factory=set)
    _reported_categories: set[tuple[str, str]] = field(default_factory=set)
    _present: set[str] = field(default_factory=set)

    def add(self, number: int, message: str, code: str = "", key: str = "") -> None:
        place = f"{self.place} {number}"
        if code:
            place += f", {code}"
        if key:
            place += f", {key}"
        self.findings.add(self.file, place, message)
        self.failed = True

    def check(self, number: int, row: Mapping[str, Any]) -> int:
        """Check one row; the number of values it holds."""
        if not isinstance(row, Mapping):
            self.add(number, _("A row is not an object."))
            return 0
        raw_code = row.get(self.area_key)
        if not isinstance(raw_code, str) or not raw_code.strip():
            self.add(number, _("The row has no area code (%(key)s).") % {"key": self.area_key})
            return 0
        code = raw_code.strip()
        if area_level_of(code) is None or code not in self.areas.codes:
            self.add(
                number,
                _(
                    "Area code “%(code)s” is not known: not NL00, and not a municipality, "
                    "district or neighbourhood in Nabij."
                )
                % {"code": code[:20]},
                code=code[:20],
            )
        elif code in self._first_row:
            self.add(
                number,
                _("Area %(code)s appears twice (first in %(place)s %(first)s).")
                % {"code": code, "place": self.place, "first": self._first_row[code]},
                code=code,
            )
        else:
            self._first_row[code] = number
        for key in sorted(row.keys() - self.measures - self.other_fields - self._reported_fields):
            if stem(key) in NON_VALUE_STEMS:
                continue
            self._reported_fields.add(key)
            self.add(
                number,
                _("Field “%(key)s” is not defined in %(where)s.")
                % {"key": str(key)[:60], "where": self.defined_in},
                code=code,
                key=str(key)[:60],
            )
        self._check_dimensions(number, row, code)
        values = 0
        for key in self.measures:
            value = row.get(key)
            if value is None:
                continue
            if key not in self._present:
                self._present.add(key)
                self.present_keys.append(key)
            if value is SECRET:
                values += 1
            elif type(value) is int or (type(value) is float and math.isfinite(value)):
                if abs(value) >= MAX_VALUE:
                    self.add(number, _("The value %(v)s is too large.") % {"v": value}, code, key)
                values += 1
            else:
                self.add(
                    number,
                    _("“%(value)s” is not a number.") % {"value": str(value)[:40]},
                    code,
                    key,
                )
        return values

    def _check_dimensions(self, number: int, row: Mapping[str, Any], code: str) -> None:
        raw_period = row.get(PERIOD_DIMENSION)
        if raw_period is not None:
            text = str(raw_period).strip()
            found = _PERIOD.match(text)
            if found is None or int(found.group(1)) != self.period:
                self.add(
                    number,
                    _(
                        "Period “%(found)s” is not the year %(period)s this table is imported "
                        "for (only yearly figures of that year can be imported)."
                    )
                    % {"found": text[:20], "period": self.period},
                    code,
                    PERIOD_DIMENSION,
                )
        for key in self.breakdowns:
            category = str(row.get(key) or "").strip()
            if _TOTAL.match(category) or (key, category) in self._reported_categories:
                continue
            self._reported_categories.add((key, category))
            self.add(
                number,
                _(
                    "%(key)s “%(category)s” is a breakdown: only the total (such as 0.0.0 or "
                    "T001038) can be imported; filter the download on it."
                )
                % {"key": key, "category": category[:30]},
                code,
                key,
            )


# --- StatLine CSV -------------------------------------------------------------------------


def shipped_metadata(table_id: str) -> tuple[Properties, TableInfo] | None:
    """The DataProperties and TableInfos shipped in ``outcomes/data`` for this table, if any."""
    properties_path = DATA_DIR / f"cbs-{table_id}-DataProperties.json"
    infos_path = DATA_DIR / f"cbs-{table_id}-TableInfos.json"
    if not properties_path.is_file() or not infos_path.is_file():
        return None
    properties = parse_properties(json.loads(properties_path.read_text(encoding="utf-8")))
    info = parse_table_infos(json.loads(infos_path.read_text(encoding="utf-8")))
    return properties, info


def _check_csv(
    file: DataFile,
    findings: Collector,
    areas: Areas,
    table_id: str,
    period: int | None,
    progress: Progress,
) -> TableImport | None:
    assert table_id and period is not None  # the command refuses a CSV without them (exit 2)
    reader = csv.reader(io.StringIO(file.text), delimiter=";", quotechar='"')
    try:
        lines = list(reader)
    except csv.Error as exc:
        findings.add(file.name, "", _("Not a readable CSV: %(why)s.") % {"why": exc})
        return None
    if not lines:
        findings.add(file.name, "line 1", _("The file is empty."))
        return None
    header = [cell.strip() for cell in lines[0]]
    area_key = next((key for key in AREA_DIMENSIONS if key in header), "")
    if not area_key:
        findings.add(
            file.name,
            "line 1",
            _("The header names no area column (%(keys)s).") % {"keys": ", ".join(AREA_DIMENSIONS)},
        )
        return None
    shipped = shipped_metadata(table_id)
    known = _known_keys(table_id)
    measures: dict[str, Topic | None] = dict.fromkeys(known)
    other_fields: set[str] = set(KNOWN_BREAKDOWNS)
    provisional_table = False
    if shipped is not None:
        properties, info = shipped
        measures.update(properties.measures)
        other_fields |= set(properties.topics) - set(properties.measures)
        other_fields |= set(properties.dimensions)
        provisional_table = info.provisional
    quality = _csv_quality(measures, known, provisional_table)
    checker = RowChecker(
        file=file.name,
        findings=findings,
        table_id=table_id,
        period=period,
        area_key=area_key,
        measures=set(measures),
        other_fields=other_fields,
        breakdowns=[key for key in header if key in KNOWN_BREAKDOWNS],
        areas=areas,
        place="line",
        defined_in=_("the fields Nabij knows for table %(table)s") % {"table": table_id},
    )
    rows: list[dict[str, Any]] = []
    count = 0
    progress.start(_("check %(file)s") % {"file": Path(file.name).name}, len(lines) - 1)
    for number, cells in enumerate(lines[1:], start=2):
        if number % 1000 == 0:
            progress.update(number - 1)
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            checker.add(
                number,
                _("The line has %(found)s fields, the header %(expected)s.")
                % {"found": len(cells), "expected": len(header)},
            )
            continue
        row, problems = _csv_row(header, cells, set(measures))
        for key, text in problems:
            checker.add(
                number,
                _("“%(value)s” is not a number.") % {"value": text[:40]},
                str(row.get(area_key) or "").strip(),
                key,
            )
        count += checker.check(number, row)
        rows.append(row)
    progress.finish()
    if checker.failed:
        return None
    keys = checker.present_keys
    definitions = []
    if shipped is not None:
        topics = [t for t in measures.values() if t is not None]
        definitions = definitions_for(topics, known)

    def values() -> Iterator[ValueRow]:
        ordered = _by_area(rows, area_key)
        for key in keys:
            for code, row in ordered:
                value = row.get(key)
                if value is None:
                    continue
                if value is SECRET:
                    yield key, code, None, Quality.SECRET
                else:
                    yield key, code, value, quality[key]

    return TableImport(
        table_id=table_id,
        period=period,
        format=IndicatorImport.Format.CSV,
        rows=values,
        count=count,
        definitions=definitions,
        known_keys=known,
        table_title=shipped[1].title if shipped and shipped[1].table_id == table_id else "",
        files=[file.record],
    )


def _csv_row(
    header: list[str], cells: list[str], measures: set[str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One CSV line as a row like the TypedDataSet's: numbers, ``None`` for missing."""
    row: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for key, cell in zip(header, cells, strict=True):
        text = cell.strip()
        if key not in measures:
            row[key] = text
            continue
        if text in ("", "."):
            row[key] = None
        elif text == "-":  # CBS: nihil
            row[key] = 0
        elif text.lower() == "x":  # CBS (older tables): geheim
            row[key] = SECRET
        elif _NUMBER.match(text):
            row[key] = float(text) if "." in text else int(text)
        elif _COMMA_NUMBER.match(text):
            row[key] = float(text.replace(",", "."))
        else:
            row[key] = None
            problems.append((key, text))
    return row, problems


def _csv_quality(
    measures: dict[str, Topic | None], known: dict[str, str], provisional_table: bool
) -> dict[str, str]:
    """Provisional as the shipped metadata says, or as the indicator's stored description
    (from the table's DataProperties imported before) says."""
    descriptions = dict(
        Indicator.objects.filter(code__in=set(known.values())).values_list("code", "description")
    )
    quality: dict[str, str] = {}
    for key, topic in measures.items():
        if topic is not None:
            provisional = provisional_table or topic.provisional
        else:
            text = descriptions.get(known.get(key, ""), "")
            provisional = bool(PROVISIONAL_TEXT.search(text))
        quality[key] = Quality.PROVISIONAL if provisional else Quality.FINAL
    return quality
