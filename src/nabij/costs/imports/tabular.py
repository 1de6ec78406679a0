"""CSV and XLSX files of cost lines: one header row, then one cost line per row.

The column mapping is documented in ``docs/import-costs.md``; English names and the Dutch
names people use both work, in any order and any case.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from nabij.costs.imports import fields
from nabij.costs.imports.records import RawLine
from nabij.costs.models import FundingStream, Payer, Unit


class FileRefused(Exception):
    """The whole file cannot be read (encoding, header, format); ``place`` says where."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place
        self.message = message


Opener = Callable[[], IO[bytes]]

COLUMNS: dict[str, tuple[str, ...]] = {
    "bsn": ("bsn", "burgerservicenummer"),
    "provider": ("provider", "aanbieder", "organisatie"),
    "stream": ("stream", "financieringsstroom", "stroom"),
    "payer": ("payer", "betaler"),
    "product_category": ("product_category", "productcategorie"),
    "product_code": ("product_code", "productcode"),
    "description": ("description", "omschrijving"),
    "period_start": ("period_start", "from", "van", "begindatum"),
    "period_end": ("period_end", "until", "tot", "einddatum"),
    "volume": ("volume", "geleverd_volume"),
    "unit": ("unit", "eenheid"),
    "unit_price": ("unit_price", "tarief", "eenheidsprijs"),
    "amount": ("amount", "bedrag"),
    "reference": ("reference", "referentie", "referentienummer"),
    "corrects_reference": ("corrects_reference", "corrigeert", "vorig_referentienummer"),
    "note": ("note", "toelichting"),
}
REQUIRED = (
    "bsn",
    "provider",
    "stream",
    "payer",
    "period_start",
    "period_end",
    "volume",
    "unit",
    "amount",
)
_ALIASES = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}

STREAM_WORDS = {
    "jeugdwet": FundingStream.YOUTH,
    "jeugd": FundingStream.YOUTH,
    "participatiewet": FundingStream.PARTICIPATION,
    "bijstand": FundingStream.PARTICIPATION,
    "schuldhulpverlening": FundingStream.DEBT,
    "justitie": FundingStream.JUSTICE,
    "wonen": FundingStream.HOUSING,
    "woningcorporatie": FundingStream.HOUSING,
    "overig": FundingStream.OTHER,
}
PAYER_WORDS = {
    "gemeente": Payer.MUNICIPALITY,
    "zorgverzekeraar": Payer.INSURER,
    "rijk": Payer.STATE,
    "woningcorporatie": Payer.CORPORATION,
    "corporatie": Payer.CORPORATION,
    "overig": Payer.OTHER,
}
UNIT_WORDS = {
    "minuut": Unit.MINUTE,
    "uur": Unit.HOUR,
    "etmaal": Unit.DAY_NIGHT,
    "dagdeel": Unit.DAY_PART,
    "dag": Unit.DAY,
    "maand": Unit.MONTH,
    "jaar": Unit.YEAR,
}


def _normalise_header(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def header_map(header: list[Any], place: str) -> dict[str, int]:
    """Column positions by canonical name; unknown, doubled or missing columns refuse the file."""
    positions: dict[str, int] = {}
    problems: list[str] = []
    for index, cell in enumerate(header):
        name = _normalise_header(fields.text(cell))
        if not name:
            continue
        key = _ALIASES.get(name)
        if key is None:
            problems.append(_("unknown column “%(name)s”") % {"name": name[:40]})
        elif key in positions:
            problems.append(_("column “%(name)s” appears twice") % {"name": key})
        else:
            positions[key] = index
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if problems:
        raise FileRefused(
            place,
            _("The header row does not match the column mapping (docs/import-costs.md): %(list)s.")
            % {"list": "; ".join(problems)},
        )
    return positions


KEY_COLUMNS = ("bsn", "provider", "reference", "corrects_reference")


def keys_from_cells(place: str, cells: list[Any], positions: dict[str, int]) -> RawLine:
    """Only what the lookups need (first pass): BSN, provider, reference numbers."""
    found = []
    for key in KEY_COLUMNS:
        index = positions.get(key)
        found.append(fields.text(cells[index]) if index is not None and index < len(cells) else "")
    bsn, provider, reference, corrects = found
    return RawLine(
        place=place,
        bsn=bsn,
        provider_name=provider,
        reference=reference,
        corrects_reference=corrects,
    )


_CONVERTERS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("period_start", "period_start", fields.date),
    ("period_end", "period_end", fields.date),
    ("volume", "volume", fields.decimal),
    ("unit_price", "unit_price_cents", fields.euros_to_cents),
    ("amount", "amount_cents", fields.euros_to_cents),
)


def line_from_cells(place: str, cells: list[Any], positions: dict[str, int]) -> RawLine:
    """One row as a ``RawLine``; every unreadable field becomes a problem, none stops the row.

    Called once per line of files with a million lines: straight-line code, no closures.
    """
    width = len(cells)
    text = fields.text
    values = {
        key: (text(cells[index]) if index < width else "") for key, index in positions.items()
    }
    get = values.get
    line = RawLine(
        place=place,
        bsn=get("bsn", ""),
        provider_name=get("provider", ""),
        category=get("product_category", ""),
        code=get("product_code", ""),
        description=get("description", "")[:200],
        note=get("note", "")[:300],
        reference=get("reference", ""),
        corrects_reference=get("corrects_reference", ""),
    )
    problems = line.problems
    if not line.bsn:
        problems.append(("bsn", _("%(column)s: empty.") % {"column": "bsn"}))
    if not line.provider_name:
        problems.append(("provider", _("%(column)s: empty.") % {"column": "provider"}))
    stream = get("stream", "").lower()
    line.stream = STREAM_WORDS.get(stream, stream)
    payer = get("payer", "").lower()
    line.payer = PAYER_WORDS.get(payer, payer)
    unit = get("unit", "").lower()
    line.unit = UNIT_WORDS.get(unit, unit.zfill(2) if unit.isdigit() else unit)
    for key, attribute, convert in _CONVERTERS:
        index = positions.get(key)
        raw = cells[index] if index is not None and index < width else None
        if raw is None or get(key, "") == "":
            if key in REQUIRED:
                problems.append((key, _("%(column)s: empty.") % {"column": key}))
            continue
        try:
            setattr(line, attribute, convert(raw))
        except fields.FieldError as exc:
            problems.append((key, f"{key}: {exc}"))
    if line.corrects_reference:
        line.credit = True
        # A counter-entry may be written with or without its minus sign; it is stored negative.
        if line.amount_cents is not None:
            line.amount_cents = abs(line.amount_cents)
        if line.volume is not None:
            line.volume = abs(line.volume)
    return line


class CsvSource:
    """UTF-8 (with or without BOM), delimiter ``;``, ``,`` or tab, found from the header."""

    kind = "csv"

    def __init__(self, name: str, opener: Opener, size: int) -> None:
        self.name = name
        self.opener = opener
        self.size = size
        self.bytes_read = 0

    def _decoded(self, binary: IO[bytes]) -> Iterator[str]:
        offset = 0
        for number, raw in enumerate(binary, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FileRefused(
                    str(number),
                    _(
                        "The file is not UTF-8: byte 0x%(byte)02X at byte position %(position)d "
                        "cannot be read. Save it as “CSV UTF-8” and import it again."
                    )
                    % {"byte": raw[exc.start], "position": offset + exc.start},
                ) from exc
            if number == 1 and line.startswith("\ufeff"):
                line = line[1:]
            offset += len(raw)
            self.bytes_read = offset
            yield line

    def lines(self, *, keys_only: bool = False) -> Iterator[RawLine]:
        convert = keys_from_cells if keys_only else line_from_cells
        with self.opener() as binary:
            decoded = self._decoded(binary)
            first = next(decoded, "")
            if not first.strip():
                raise FileRefused("1", _("The file is empty: there is no header row."))
            delimiter = max(";,\t", key=first.count)
            decoded_all = _chain_first(first, decoded)
            reader = csv.reader(decoded_all, delimiter=delimiter, strict=True)
            try:
                header = next(reader)
                positions = header_map(header, "1")
                start = reader.line_num + 1
                for row in reader:
                    place = str(start)
                    start = reader.line_num + 1
                    if not row or all(not cell.strip() for cell in row):
                        continue
                    yield convert(place, row, positions)
            except csv.Error as exc:
                raise FileRefused(
                    str(reader.line_num), _("Unreadable CSV: %(error)s.") % {"error": exc}
                ) from exc


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


class XlsxSource:
    """The first worksheet of an .xlsx workbook; places are its row numbers."""

    kind = "xlsx"

    def __init__(self, name: str, opener: Opener, size: int) -> None:
        self.name = name
        self.opener = opener
        self.size = size
        self.rows_total = 0

    def lines(self, *, keys_only: bool = False) -> Iterator[RawLine]:
        import zipfile

        convert = keys_from_cells if keys_only else line_from_cells

        from openpyxl import load_workbook

        with self.opener() as binary:
            data = io.BytesIO(binary.read())
        try:
            workbook = load_workbook(data, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise FileRefused(
                "", _("The file looks like a zip archive but is not a readable XLSX workbook.")
            ) from exc
        try:
            sheet = workbook.worksheets[0]
            self.rows_total = sheet.max_row or 0
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                raise FileRefused("1", _("The worksheet is empty: there is no header row."))
            positions = header_map(list(header), "1")
            for number, row in enumerate(rows, start=2):
                if all(cell is None or fields.text(cell) == "" for cell in row):
                    continue
                yield convert(str(number), list(row), positions)
        finally:
            workbook.close()
