"""Reading a creditor's delivery of arrears signals (Wgs art. 3a): CSV (UTF-8, BOM tolerated,
``;``-separated) or XLSX with the columns of ``docs/signals.md``, checked line by line.

One pass collects every finding, located by file, line (the sheet's row for XLSX) and the
column as the file names it; nothing here writes. ``services.signals_import`` writes only when
no file of the run has a finding (all or nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from nabij.core.uploads import ArchiveRefused, check_archive, xlsx_streamed
from nabij.costs.imports.findings import Findings
from nabij.signals.linking import normal_postcode
from nabij.signals.models import Signal

Opener = Callable[[], IO[bytes]]

COLUMNS = (
    "schuldeiser",
    "soort",
    "naam",
    "postcode",
    "huisnummer",
    "toevoeging",
    "geboortedatum",
    "achterstand_cent",
    "maanden",
    "signaaldatum",
)
OPTIONAL = frozenset({"toevoeging", "geboortedatum"})
KINDS = {k.value: k.value for k in Signal.Kind}
# A delivery is a month's signals of one creditor: thousands of lines, not millions. A bigger
# file is refused before its lines are kept in memory.
MAX_LINES = 200_000
MAX_CSV_BYTES = 100 * 1024 * 1024  # read whole: far more than MAX_LINES lines ever take
MAX_ARREARS_CENTS = 10**11  # a billion euros: anything above is a typing error
MAX_MONTHS = 600
ZIP_MAGIC = b"PK\x03\x04"

_POSTCODE = re.compile(r"^[1-9][0-9]{3}\s?[A-Za-z]{2}$")
_ADDITION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z \-/]{0,9}$")
_DIGITS = re.compile(r"^[0-9]+$")


class FileRefused(Exception):
    """The whole file cannot be read (encoding, header, format): one finding about it."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place
        self.message = message


@dataclass(frozen=True)
class SignalLine:
    """One checked line, as delivered (normalised where the format says so)."""

    place: str
    creditor: str
    kind: str
    name: str
    postcode: str
    house_number: int
    addition: str
    date_of_birth: dt.date | None
    arrears_cents: int
    months: int
    signalled_on: dt.date
    identity: str


@dataclass
class CheckedFile:
    name: str
    sha256: str
    lines: list[SignalLine] = field(default_factory=list)
    findings: Findings | None = None


def fold(text: str) -> str:
    """Lower case, no diacritics, punctuation or doubled spaces: "Él  Amrani," -> "el amrani"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def identity_of(
    creditor: str, kind: str, postcode: str, number: int, addition: str, name: str, day: dt.date
) -> str:
    """What makes a redelivery the same signal (``Signal.identity``)."""
    key = "\x1f".join(
        [
            fold(creditor),
            kind,
            normal_postcode(postcode),
            str(number),
            addition.strip().upper(),
            fold(name),
            day.isoformat(),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


class LineChecker:
    """Checks the cells of one line; every problem is a finding, none stops the line."""

    def __init__(self, positions: dict[str, int], labels: dict[str, str], today: dt.date):
        self.positions = positions
        self.labels = labels
        self.today = today

    def _say(self, problems: list[str], key: str, message: str) -> None:
        problems.append(f"{self.labels[key]}: {message}")

    def _integer(self, problems: list[str], key: str, raw: Any, limit: int) -> int | None:
        if isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float) and raw.is_integer():
            value = int(raw)
        else:
            text = _text(raw)
            if not text:
                self._say(problems, key, _("empty."))
                return None
            if not _DIGITS.match(text):
                self._say(
                    problems,
                    key,
                    _("“%(value)s” is not a whole positive number (digits only, no comma).")
                    % {"value": text[:40]},
                )
                return None
            value = int(text)
        if value <= 0:
            self._say(problems, key, _("%(value)s is not more than 0.") % {"value": value})
            return None
        if value > limit:
            self._say(problems, key, _("%(value)s is too large.") % {"value": value})
            return None
        return value

    def _date(self, problems: list[str], key: str, raw: Any) -> dt.date | None:
        if isinstance(raw, dt.datetime):
            day: dt.date = raw.date()
        elif isinstance(raw, dt.date):
            day = raw
        else:
            text = _text(raw)
            try:
                if len(text) != 10:
                    raise ValueError(text)
                day = dt.date.fromisoformat(text)
            except ValueError:
                self._say(
                    problems,
                    key,
                    _("“%(value)s” is not a date (write it as 2026-11-30).") % {"value": text[:40]},
                )
                return None
        if day > self.today:
            self._say(
                problems,
                key,
                _("%(day)s lies in the future.") % {"day": day.isoformat()},
            )
            return None
        return day

    def __call__(self, place: str, cells: list[Any]) -> tuple[SignalLine | None, list[str]]:
        width = len(cells)
        raw = {k: (cells[i] if i < width else None) for k, i in self.positions.items()}
        values = {k: _text(v) for k, v in raw.items()}
        problems: list[str] = []
        for key in ("schuldeiser", "soort", "naam", "postcode"):
            if not values[key]:
                self._say(problems, key, _("empty."))
        creditor, name = values["schuldeiser"], values["naam"]
        if len(creditor) > 150:
            self._say(problems, "schuldeiser", _("longer than 150 characters."))
        if len(name) > 200:
            self._say(problems, "naam", _("longer than 200 characters."))
        for key in ("schuldeiser", "naam", "toevoeging"):
            if any(unicodedata.category(c) == "Cc" for c in values[key]):
                self._say(problems, key, _("contains control characters."))
        kind = values["soort"].lower()
        if values["soort"] and kind not in KINDS:
            self._say(
                problems,
                "soort",
                _("“%(value)s” is not one of huur, energie, water, zorgverzekering.")
                % {"value": values["soort"][:40]},
            )
        postcode = values["postcode"]
        if postcode and not _POSTCODE.match(postcode):
            self._say(
                problems,
                "postcode",
                _("“%(value)s” is not a Dutch postcode (such as 8921 AB).")
                % {"value": postcode[:40]},
            )
        number = self._integer(problems, "huisnummer", raw["huisnummer"], 99_999)
        addition = values["toevoeging"]
        if addition and not _ADDITION.match(addition):
            self._say(
                problems,
                "toevoeging",
                _("“%(value)s” is not a house number addition (letters and digits, at most 10).")
                % {"value": addition[:40]},
            )
        born = (
            self._date(problems, "geboortedatum", raw["geboortedatum"])
            if values["geboortedatum"]
            else None
        )
        arrears = self._integer(
            problems, "achterstand_cent", raw["achterstand_cent"], MAX_ARREARS_CENTS
        )
        months = self._integer(problems, "maanden", raw["maanden"], MAX_MONTHS)
        signalled = (
            self._date(problems, "signaaldatum", raw["signaaldatum"])
            if values["signaaldatum"]
            else None
        )
        if not values["signaaldatum"]:
            self._say(problems, "signaaldatum", _("empty."))
        if problems or number is None or arrears is None or months is None or signalled is None:
            return None, problems
        postcode = normal_postcode(postcode)
        addition = addition.upper()
        return (
            SignalLine(
                place=place,
                creditor=creditor,
                kind=kind,
                name=" ".join(name.split()),
                postcode=postcode,
                house_number=number,
                addition=addition,
                date_of_birth=born,
                arrears_cents=arrears,
                months=months,
                signalled_on=signalled,
                identity=identity_of(creditor, kind, postcode, number, addition, name, signalled),
            ),
            [],
        )


def header_positions(header: list[Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Column positions and their names as the file writes them; a missing, unknown or doubled
    column refuses the file with one finding about the header."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    problems: list[str] = []
    for index, cell in enumerate(header):
        written = _text(cell)
        key = written.lower()
        if not key:
            continue
        if key not in COLUMNS:
            problems.append(_("unknown column “%(name)s”") % {"name": written[:40]})
        elif key in positions:
            problems.append(_("column “%(name)s” appears twice") % {"name": written[:40]})
        else:
            positions[key] = index
            labels[key] = written[:40]
    missing = [key for key in COLUMNS if key not in positions]
    if len(header) == 1 and any(sep in _text(header[0]) for sep in (",", "\t")):
        raise FileRefused(
            "1",
            _(
                "The columns are separated by commas or tabs; a delivery separates them by "
                "semicolons (;)."
            ),
        )
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if problems:
        raise FileRefused(
            "1",
            _("The header row is not %(header)s: %(list)s.")
            % {"header": ";".join(COLUMNS), "list": "; ".join(problems)},
        )
    return positions, labels


def _csv_rows(binary: IO[bytes]) -> Iterator[tuple[str, list[str]]]:
    data = binary.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise FileRefused(
            "",
            _("The file is larger than %(mb)d MB: deliver the signals in smaller files.")
            % {"mb": MAX_CSV_BYTES // (1024 * 1024)},
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileRefused(
            str(line),
            _(
                "The file is not UTF-8: byte 0x%(byte)02X cannot be read (a Latin-1 or Windows "
                "file?). Save it as “CSV UTF-8” and deliver it again."
            )
            % {"byte": data[exc.start]},
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    try:
        place = reader.line_num + 1
        for row in reader:
            yield str(place), row
            place = reader.line_num + 1
    except csv.Error as exc:
        raise FileRefused(
            str(reader.line_num), _("Unreadable CSV: %(error)s.") % {"error": exc}
        ) from exc


def _xlsx_rows(binary: IO[bytes]) -> Iterator[tuple[str, list[Any]]]:
    from openpyxl import load_workbook

    try:  # sizes and ratios first: openpyxl reads the shared strings whole, even read-only
        check_archive(binary, streamed=xlsx_streamed)
    except ArchiveRefused as exc:
        raise FileRefused("", exc.message) from exc
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileRefused(
            "", _("The file looks like a zip archive but is not a readable XLSX workbook.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield str(number), list(row)
    finally:
        workbook.close()


def check_file(name: str, opener: Opener, *, today: dt.date) -> CheckedFile:
    """Every line of one file checked; findings (not exceptions) for everything wrong."""
    findings = Findings(name)
    digest = hashlib.sha256()
    checked = CheckedFile(name=name, sha256="", findings=findings)
    try:
        with opener() as binary:
            for chunk in iter(lambda: binary.read(1 << 20), b""):
                digest.update(chunk)
            binary.seek(0)
            head = binary.read(4)
            binary.seek(0)
            rows = _xlsx_rows(binary) if head == ZIP_MAGIC else _csv_rows(binary)
            _check_rows(rows, checked, findings, today)
    except FileRefused as refused:
        findings.add(refused.place, refused.message)
    checked.sha256 = digest.hexdigest()
    return checked


def _check_rows(
    rows: Iterator[tuple[str, list[Any]]],
    checked: CheckedFile,
    findings: Findings,
    today: dt.date,
) -> None:
    header = next(rows, None)
    if header is None or not any(_text(c) for c in header[1]):
        raise FileRefused("1", _("The file is empty: there is no header row."))
    positions, labels = header_positions(header[1])
    check = LineChecker(positions, labels, today)
    seen: dict[str, tuple[str, tuple[Any, ...]]] = {}
    count = 0
    for place, cells in rows:
        if all(_text(c) == "" for c in cells):
            continue
        count += 1
        if count > MAX_LINES:
            raise FileRefused(
                place,
                _("More than %(max)d lines: deliver the signals in smaller files.")
                % {"max": MAX_LINES},
            )
        extra = [c for c in cells[len(header[1]) :] if _text(c)]
        if extra:
            findings.add(
                place,
                _("%(n)d more cells than the header has columns.") % {"n": len(extra)},
            )
            continue
        line, problems = check(place, cells)
        for problem in problems:
            findings.add(place, problem)
        if line is None:
            continue
        content = tuple(_text(c) for c in cells)
        first = seen.get(line.identity)
        if first is not None:
            if first[1] == content:
                message = _("the same line as line %(first)s (a duplicate).")
            else:
                message = _(
                    "the same signal (creditor, kind, name, address, signal date) as line "
                    "%(first)s, with other figures."
                )
            findings.add(place, message % {"first": first[0]})
            continue
        seen[line.identity] = (place, content)
        checked.lines.append(line)
