"""CSV and XLSX files of cost lines: one header row, then one cost line per row.

The column mapping is documented in ``docs/import-costs.md``; English names and the Dutch
names people use both work, in any order and any case.
"""

from __future__ import annotations

import csv
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from nabij.core.uploads import ArchiveRefused, check_archive, xlsx_streamed
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


def column_label(key: str) -> str:
    """A column as people name it, in their language: also a header the mapping accepts.

    For findings about a column the file does not have (or a cell of it); a column the file
    has is named by its own header, as written.
    """
    labels = {
        "bsn": pgettext("import column", "bsn"),
        "provider": pgettext("import column", "provider"),
        "stream": pgettext("import column", "stream"),
        "payer": pgettext("import column", "payer"),
        "product_category": pgettext("import column", "product category"),
        "product_code": pgettext("import column", "product code"),
        "description": pgettext("import column", "description"),
        "period_start": pgettext("import column", "from"),
        "period_end": pgettext("import column", "until"),
        "volume": pgettext("import column", "volume"),
        "unit": pgettext("import column", "unit"),
        "unit_price": pgettext("import column", "unit price"),
        "amount": pgettext("import column", "amount"),
        "reference": pgettext("import column", "reference"),
        "corrects_reference": pgettext("import column", "corrects reference"),
        "note": pgettext("import column", "note"),
    }
    return labels[key]


STREAM_WORDS = {
    "jeugdwet": FundingStream.YOUTH,
    "jeugd": FundingStream.YOUTH,
    "participatiewet": FundingStream.PARTICIPATION,
    "bijstand": FundingStream.PARTICIPATION,
    "schuldhulpverlening": FundingStream.DEBT,
    "schuldhulp": FundingStream.DEBT,
    "welzijn": FundingStream.WELFARE,
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
        written = fields.text(cell)
        name = _normalise_header(written)
        if not name:
            continue
        key = _ALIASES.get(name)
        if key is None:
            problems.append(_("unknown column “%(name)s”") % {"name": name[:40]})
        elif key in positions:
            first = fields.text(header[positions[key]])
            problems.append(
                _("“%(first)s” and “%(second)s” are two names for the same column")
                % {"first": first[:40], "second": written[:40]}
                if _normalise_header(first) != name
                else _("column “%(name)s” appears twice") % {"name": written[:40]}
            )
        else:
            positions[key] = index
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        problems.append(
            _("missing columns: %(names)s")
            % {"names": ", ".join(column_label(key) for key in missing)}
        )
    if problems:
        raise FileRefused(
            place,
            _("The header row does not match the column mapping (docs/import-costs.md): %(list)s.")
            % {"list": "; ".join(problems)},
        )
    return positions


READ_FIELDS = (
    "bsn",
    "provider",
    "stream",
    "payer",
    "product_category",
    "product_code",
    "description",
    "period_start",
    "period_end",
    "volume",
    "unit",
    "unit_price",
    "amount",
    "reference",
    "corrects_reference",
    "note",
)
MEMO_LIMIT = 50_000  # distinct cell texts remembered per kind of field; then it starts afresh
_EMPTY = ""


class CellReader:
    """Turns rows into ``RawLine``s; one per file, so what repeats is read only once.

    Dates, volumes, amounts and words repeat a great deal in a declaration file (the same
    months, tariffs and volumes on thousands of lines): each distinct cell text is converted
    once and remembered, and only texts that convert cleanly are remembered, so an unreadable
    cell is reported on every line that has it. Called once per line of files with a million
    lines: straight-line code, no dict per line.
    """

    def __init__(
        self,
        positions: dict[str, int],
        *,
        strings: bool = False,
        header: Sequence[Any] | None = None,
    ) -> None:
        self.positions = positions
        # Findings name a column by its header as the file writes it ("van", "Bedrag").
        self.labels = {
            key: (fields.text(header[index])[:40] if header is not None else "")
            or column_label(key)
            for key, index in positions.items()
        }
        self.indexes = tuple(positions.get(key, -1) for key in READ_FIELDS)
        self.width = max(positions.values(), default=-1) + 1
        # CSV rows are lists of str: one C call picks the columns (-1: the "" appended).
        self.strings = strings
        self.pick = operator.itemgetter(*self.indexes)
        self.pick_keys = operator.itemgetter(*(self.indexes[i] for i in (0, 1, 13, 14)))
        self.dates: dict[str, Any] = {}
        self.volumes: dict[str, Any] = {}
        self.euros: dict[str, Any] = {}
        self.streams: dict[str, str] = {}
        self.payers: dict[str, str] = {}
        self.units: dict[str, str] = {}

    def _values(self, cells: list[Any]) -> tuple[list[str], Sequence[Any]]:
        """The stripped text of every known column ("" when absent), and the cells themselves."""
        if self.strings and len(cells) >= self.width:
            cells.append(_EMPTY)
            raw = self.pick(cells)
            return [cell.strip() for cell in raw], raw
        width = len(cells)
        picked = [cells[i] if 0 <= i < width else None for i in self.indexes]
        text = fields.text
        return [text(cell) if cell is not None else _EMPTY for cell in picked], picked

    def label(self, key: str) -> str:
        return self.labels.get(key) or column_label(key)

    @staticmethod
    def _word(memo: dict[str, str], words: dict[str, Any], value: str, unit: bool) -> str:
        word = memo.get(value)
        if word is None:
            lowered = value.lower()
            if unit and lowered.isdigit():
                word = words.get(lowered, lowered.zfill(2))
            else:
                word = words.get(lowered, lowered)
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[value] = word
        return word

    def _convert(
        self,
        key: str,
        value: str,
        cell: Any,
        memo: dict[str, Any],
        convert: Callable[[Any], Any],
        problems: list[tuple[str, str]],
    ) -> Any:
        """The converted cell, or None with a problem (also None for an empty cell)."""
        if value == "":
            if key in REQUIRED:
                problems.append((key, _("%(column)s: empty.") % {"column": self.label(key)}))
            return None
        if type(cell) is not str:  # an XLSX date or number: converted as it is
            try:
                return convert(cell)
            except fields.FieldError as exc:
                problems.append((key, f"{self.label(key)}: {exc}"))
                return None
        result = memo.get(value)
        if result is None:
            try:
                result = convert(value)
            except fields.FieldError as exc:
                problems.append((key, f"{self.label(key)}: {exc}"))
                return None
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[value] = result
        return result

    def __call__(self, place: str, cells: list[Any]) -> RawLine:
        """One row as a ``RawLine``; every unreadable field becomes a problem, none stops it."""
        values, raw = self._values(cells)
        (
            bsn,
            provider,
            stream,
            payer,
            category,
            code,
            description,
            start,
            end,
            volume,
            unit,
            unit_price,
            amount,
            reference,
            corrects,
            note,
        ) = values
        line = RawLine(
            place=place,
            bsn=bsn,
            provider_name=provider,
            category=category,
            code=code,
            description=description[:200],
            note=note[:300],
            reference=reference,
            corrects_reference=corrects,
            stream=self._word(self.streams, STREAM_WORDS, stream, False),
            payer=self._word(self.payers, PAYER_WORDS, payer, False),
            unit=self._word(self.units, UNIT_WORDS, unit, True),
        )
        problems = line.problems
        if not bsn:
            problems.append(("bsn", _("%(column)s: empty.") % {"column": self.label("bsn")}))
        if not provider:
            problems.append(
                ("provider", _("%(column)s: empty.") % {"column": self.label("provider")})
            )
        convert = self._convert
        line.period_start = convert(
            "period_start", start, raw[7], self.dates, fields.date, problems
        )
        line.period_end = convert("period_end", end, raw[8], self.dates, fields.date, problems)
        line.volume = convert("volume", volume, raw[9], self.volumes, fields.decimal, problems)
        line.unit_price_cents = convert(
            "unit_price", unit_price, raw[11], self.euros, fields.euros_to_cents, problems
        )
        line.amount_cents = convert(
            "amount", amount, raw[12], self.euros, fields.euros_to_cents, problems
        )
        if corrects:
            line.credit = True
            # A counter-entry may be written with or without its minus sign; it is stored negative.
            if line.amount_cents is not None:
                line.amount_cents = abs(line.amount_cents)
            if line.volume is not None:
                line.volume = abs(line.volume)
        return line

    def keys(self, place: str, cells: list[Any]) -> RawLine:
        """Only what the lookups need (first pass): BSN, provider, reference numbers."""
        if self.strings and len(cells) >= self.width:
            cells.append(_EMPTY)
            bsn, provider, reference, corrects = self.pick_keys(cells)
            return RawLine(
                place=place,
                bsn=bsn.strip(),
                provider_name=provider.strip(),
                reference=reference.strip(),
                corrects_reference=corrects.strip(),
            )
        values, _raw = self._values(cells)
        return RawLine(
            place=place,
            bsn=values[0],
            provider_name=values[1],
            reference=values[13],
            corrects_reference=values[14],
        )


def line_from_cells(place: str, cells: list[Any], positions: dict[str, int]) -> RawLine:
    """One row as a ``RawLine`` (without the memory of a ``CellReader`` over a whole file)."""
    return CellReader(positions)(place, cells)


def keys_from_cells(place: str, cells: list[Any], positions: dict[str, int]) -> RawLine:
    """Only what the lookups need (first pass): BSN, provider, reference numbers."""
    return CellReader(positions).keys(place, cells)


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
                reader_of = CellReader(positions, strings=True, header=header)
                convert: Callable[[str, list[Any]], RawLine] = (
                    reader_of.keys if keys_only else reader_of
                )
                start = reader.line_num + 1
                for row in reader:
                    place = str(start)
                    start = reader.line_num + 1
                    if not row or not "".join(row).strip():  # blank: every cell blank
                        continue
                    yield convert(place, row)
            except csv.Error as exc:
                raise FileRefused(
                    str(reader.line_num), _("Unreadable CSV: %(error)s.") % {"error": exc}
                ) from exc


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _NOT_A_WORKBOOK() -> str:
    return _("The file looks like a zip archive but is not a readable XLSX workbook.")


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

        from openpyxl import load_workbook

        with self.opener() as binary:
            # Sizes and ratios first: openpyxl reads the shared strings whole, even read-only.
            try:
                check_archive(binary, streamed=xlsx_streamed)
            except ArchiveRefused as exc:
                raise FileRefused("", _NOT_A_WORKBOOK() if exc.unreadable else exc.message) from exc
            try:
                # Read-only: the worksheet is streamed row by row, straight from the file.
                workbook = load_workbook(binary, read_only=True, data_only=True)
            except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
                raise FileRefused("", _NOT_A_WORKBOOK()) from exc
            try:
                yield from self._rows(workbook, keys_only=keys_only)
            finally:
                workbook.close()

    def _rows(self, workbook: Any, *, keys_only: bool) -> Iterator[RawLine]:
        sheet = workbook.worksheets[0]
        self.rows_total = sheet.max_row or 0
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise FileRefused("1", _("The worksheet is empty: there is no header row."))
        positions = header_map(list(header), "1")
        reader_of = CellReader(positions, header=list(header))
        convert: Callable[[str, list[Any]], RawLine] = reader_of.keys if keys_only else reader_of
        for number, row in enumerate(rows, start=2):
            if all(cell is None or fields.text(cell) == "" for cell in row):
                continue
            yield convert(str(number), list(row))
