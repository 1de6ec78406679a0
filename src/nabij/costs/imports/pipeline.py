"""Validate a file completely, then write it in one transaction: all of it or nothing.

Pass 1 reads the file for the keys it names (BSNs, providers, reference numbers) so they are
looked up in a few set-based queries; pass 2 checks every line. On SQLite the clean rows are
spooled to a temporary file and written with ``executemany`` only when every file is clean. On
PostgreSQL one transaction spans the import and clean rows stream into COPY FROM STDIN during
pass 2; any finding rolls it all back. Either way: all files and the access log, or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, Protocol

from django.db import DataError, IntegrityError, connection, models, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.models import Organisation, Outcome, Purpose
from nabij.areas.models import Municipality
from nabij.costs.imports import fields
from nabij.costs.imports.findings import Finding, Findings, ImportRefused
from nabij.costs.imports.ijw import XmlSource, message_kind, parse_xml
from nabij.costs.imports.progress import NoProgress, Progress
from nabij.costs.imports.records import RawLine
from nabij.costs.imports.tabular import CsvSource, FileRefused, Opener, XlsxSource
from nabij.costs.models import CostLine, ImportBatch, Product, Source
from nabij.costs.services import line_is_sound, line_problems
from nabij.people.bsn import bsn_is_valid, normalise_bsn
from nabij.people.models import Membership, Resident

logger = logging.getLogger("nabij.costs.imports")
CHUNK = 5_000  # keys per IN (...) query (SQLite)
ARRAY_CHUNK = 100_000  # keys per = ANY(array) query (PostgreSQL)
SPOOL_ROWS = 10_000  # rows per spooled block
# PostgreSQL: foreign keys checked during COPY (True) or at COMMIT (False); see import_files.
FK_CHECKS_DURING_COPY = False
# pickle, not marshal: marshal.load reads a file object in tiny pieces (16x slower measured).
SPOOL_PROTOCOL = pickle.HIGHEST_PROTOCOL
SQLITE_WRITE_CACHE_KIB = 256 * 1024  # SQLite page cache during the write (default 2 MB)
MEMO_LIMIT = 50_000  # distinct values remembered per memory of the check; then it starts afresh
MAX_LISTED_BSNS = 10_000  # in the summary of unknown BSNs; each BSN has its own finding too
_ONE = Decimal(1)
MAX_LISTED_PLACES = 20  # other places named in a finding that stands for several lines
# Where line_problems' field names point in a file.
_PROBLEM_KEYS = {
    "period_end": "period",
    "period_start": "period",
    "amount_cents": "amount",
    "unit_price_cents": "unit_price",
}
SPOOL_COLUMNS = (
    "household",
    "resident",
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
    "unit_price_cents",
    "amount_cents",
    "source",
    "external_ref",
    "corrects",
    "note",
)
COMMIT_COLUMNS = (*SPOOL_COLUMNS, "batch", "recorded_by", "recorded_at")


class LineSource(Protocol):
    name: str
    kind: str

    def lines(self, *, keys_only: bool = False) -> Iterator[RawLine]: ...


@dataclass
class ImportResult:
    file_name: str
    kind: str
    batch_id: int
    lines: int
    total_cents: int
    households: int
    residents: int
    declaration_number: str = ""
    already_imported: bool = False
    imported_at: dt.datetime | None = None


@dataclass
class Prepared:
    """One file after validation: its spool of finished rows, or its findings."""

    name: str
    kind: str
    sha256: str
    findings: Findings
    already: ImportBatch | None = None
    spool: IO[bytes] | None = None
    lines: int = 0
    total_cents: int = 0
    households: set[int] = field(default_factory=set)
    residents: set[int] = field(default_factory=set)
    declaration_number: str = ""
    batch: ImportBatch | None = None  # already holds the lines (PostgreSQL, streamed)


@dataclass(slots=True)
class Repeated:
    """One finding that stands for every line with the same fault (an unknown BSN, …)."""

    index: int | None  # among the kept findings
    message: str
    tabular: bool  # places are line numbers (CSV, XLSX), not element paths
    places: list[str]
    more: int = 0

    def wording(self) -> str:
        others = self.places[1:]
        if not others:
            return self.message
        listed = ", ".join(others)
        if self.more:
            listed += ", " + _("and %(count)d more") % {"count": self.more}
        count = len(others) + self.more
        if self.tabular:
            also = ngettext("also on line %(places)s", "also on lines %(places)s", count)
        else:
            also = _("also at %(places)s")
        return f"{self.message.removesuffix('.')} ({also % {'places': listed}})."


@dataclass(slots=True)
class Original:
    """A ledger line a credit may cancel, as far as the check needs it."""

    id: int
    amount_cents: int
    volume: Any
    household_id: int
    resident_id: int | None
    is_correction: bool
    corrected: bool = False


def file_sha256(opener: Opener) -> str:
    digest = hashlib.sha256()
    with opener() as binary:
        for block in iter(lambda: binary.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect(name: str, opener: Opener, size: int) -> LineSource:
    """The kind from the content, never the extension: zip → XLSX, ``<`` → XML, else CSV."""
    with opener() as binary:
        head = binary.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return XlsxSource(name, opener, size)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        root = parse_xml(name, opener)
        kind = message_kind(root)
        if kind is None:
            tag = str(root.tag).rsplit("}", 1)[-1]
            raise FileRefused(
                "",
                _("This XML is not a JW323 or WMO323 declaration message (root element “%(tag)s”).")
                % {"tag": tag[:60]},
            )
        return XmlSource(name, root, kind)
    return CsvSource(name, opener, size)


class Lookups:
    """Everything the lines refer to, read in a handful of queries whatever the file's size."""

    def __init__(self) -> None:
        organisations = list(Organisation.objects.values_list("id", "name", "agb_code"))
        self.provider_by_name = {name.casefold(): pk for pk, name, _agb in organisations}
        self.provider_by_agb = {agb: pk for pk, _name, agb in organisations if agb}
        products = set(Product.objects.values_list("category", "code"))
        self.products = products
        self.categories = {category for category, code in products if code == ""}
        self.municipality_codes = {
            code[2:] for code in Municipality.objects.values_list("code", flat=True)
        }
        self.resident_by_bsn: dict[str, int] = {}
        self.memberships: dict[int, list[tuple[dt.date, dt.date | None, int]]] = {}
        self.originals: dict[tuple[int, str], Original] = {}

    def provider(self, line: RawLine) -> int | None:
        if line.provider_agb:
            return self.provider_by_agb.get(line.provider_agb)
        return self.provider_by_name.get(line.provider_name.casefold())

    def load(self, bsns: set[str], refs: dict[int, set[str]]) -> None:
        for bsn, pk in _select_in(Resident, ("bsn", "id"), "bsn", sorted(bsns)):
            self.resident_by_bsn[bsn] = pk
        history: dict[int, list[tuple[dt.date, dt.date | None, int]]] = defaultdict(list)
        for resident_id, started, ended, household_id in _select_in(
            Membership,
            ("resident", "started_on", "ended_on", "household"),
            "resident",
            sorted(self.resident_by_bsn.values()),
        ):
            history[resident_id].append((started, ended, household_id))
        for periods in history.values():
            periods.sort(reverse=True)  # latest first: the newest household wins a tie
        self.memberships = dict(history)
        columns = ("external_ref", "id", "amount_cents", "volume", "household", "resident")
        for provider_id, provider_refs in refs.items():
            in_range = _refs_in_range(provider_id, provider_refs, (*columns, "corrects"))
            found: Iterable[tuple[Any, ...]] = in_range if in_range is not None else ()
            if in_range is None:  # the file's references interleave with many in the ledger
                found = _select_in(
                    CostLine,
                    (*columns, "corrects"),
                    "external_ref",
                    sorted(provider_refs),
                    provider=provider_id,
                )
            for ref, pk, amount, volume, household_id, resident_id, corrects in found:
                self.originals[(provider_id, ref)] = Original(
                    pk, amount, volume, household_id, resident_id, corrects is not None
                )
        ids = {original.id: original for original in self.originals.values()}
        for (corrected,) in _select_in(CostLine, ("corrects",), "corrects", sorted(ids)):
            ids[corrected].corrected = True

    def household_on(self, resident_id: int, day: dt.date) -> int | None:
        for started, ended, household_id in self.memberships.get(resident_id, ()):
            if started <= day and (ended is None or ended >= day):
                return household_id
        return None


def _column(model: type[Model], name: str) -> str:
    return str(model._meta.get_field(name).column)  # type: ignore[union-attr]


def _select_in(
    model: type[Model],
    names: tuple[str, ...],
    key: str,
    values: list[Any],
    provider: int | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows whose ``key`` is one of ``values``, in a few queries whatever their number.

    On PostgreSQL one array parameter (``= ANY(%s)``): a list of 5,000 ``IN`` placeholders
    costs ten times as much to send and plan. Elsewhere ``IN`` in chunks. Values come back
    converted as the ORM would (dates, decimals) by the database adapter.
    """
    if not values:
        return
    table = model._meta.db_table
    selected = ", ".join(_column(model, name) for name in names)
    condition = f"{_column(model, key)} = ANY(%s)"
    if provider is not None:
        condition = f"{_column(model, 'provider')} = %s AND {condition}"
    prefix = [provider] if provider is not None else []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for start in range(0, len(values), ARRAY_CHUNK):
                sql = f"SELECT {selected} FROM {table} WHERE {condition}"  # noqa: S608
                cursor.execute(sql, [*prefix, values[start : start + ARRAY_CHUNK]])
                yield from cursor.fetchall()
            return
        converters = [_converter(model, name) for name in names]
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            where = f"{_column(model, key)} IN ({placeholders})"
            if provider is not None:
                where = f"{_column(model, 'provider')} = %s AND {where}"
            cursor.execute(f"SELECT {selected} FROM {table} WHERE {where}", [*prefix, *chunk])  # noqa: S608
            for row in cursor.fetchall():
                yield tuple(convert(value) for convert, value in zip(converters, row, strict=True))


def _refs_in_range(
    provider_id: int, refs: set[str], names: tuple[str, ...]
) -> list[tuple[Any, ...]] | None:
    """The provider's ledger lines whose reference lies between the file's lowest and highest.

    A provider's reference numbers mostly grow, so a new declaration's range holds few or no
    old lines: one index range scan instead of a probe per reference. The bounds are taken in
    the database's own collation, so the range is exact. None when the range holds more than a
    few times the file's references; then probing each is cheaper.
    """
    ordered = sorted(refs)
    low, high = ordered[0], ordered[-1]
    table = CostLine._meta.db_table
    provider = _column(CostLine, "provider")
    ref = _column(CostLine, "external_ref")
    selected = ", ".join(_column(CostLine, name) for name in names)
    limit = 2 * len(refs) + 1_000
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT min(r), max(r) FROM unnest(%s::text[]) AS r", [ordered])
            low, high = cursor.fetchone()  # type: ignore[misc]
        cursor.execute(
            f"SELECT {selected} FROM {table} WHERE {provider} = %s "  # noqa: S608
            f"AND {ref} >= %s AND {ref} <= %s LIMIT %s",
            [provider_id, low, high, limit],
        )
        rows = cursor.fetchall()
    if len(rows) >= limit:
        return None
    converters = [_converter(CostLine, name) for name in names]
    return [
        tuple(convert(value) for convert, value in zip(converters, row, strict=True))
        for row in rows
        if row[0] in refs
    ]


def _converter(model: type[Model], name: str) -> Callable[[Any], Any]:
    """SQLite returns dates as text and decimals as floats; convert as the ORM would."""
    field = model._meta.get_field(name)
    if isinstance(field, models.DateField):
        return lambda value: dt.date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(field, models.DecimalField):
        return lambda value: Decimal(str(value)) if value is not None else None
    return lambda value: value


def euros(cents: int) -> str:
    """€1.234,56: amounts in findings the way the people who read them write them."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}€{whole:,}".replace(",", ".") + f",{rest:02d}"


class Checker:
    """Pass 2: every check on every line; spools finished rows while the file is still clean."""

    def __init__(self, source: LineSource, lookups: Lookups, findings: Findings) -> None:
        self.source = source
        self.lookups = lookups
        self.findings = findings
        self.declaration = getattr(source, "declaration", None)
        # Per provider: its id, or as the file names it when no organisation has that name/AGB
        # code (a reference twice is a finding whether or not the provider is known).
        self.seen_refs: dict[tuple[int | str, str], str] = {}
        self.credited: dict[int, str] = {}
        self.unknown_bsns: dict[str, int] = {}
        # One finding per unknown BSN or provider, naming its other lines.
        self.repeated: dict[tuple[str, str], Repeated] = {}
        self.lines = 0
        self.total_cents = 0
        self.households: set[int] = set()
        self.residents: set[int] = set()
        self.today = timezone.localdate()
        self.latest_year = self.today.year + 1
        # Memories of what repeats over a file: each distinct value is worked out once.
        self.bsns: dict[str, tuple[str, bool]] = {}  # as written → normalised, 11-test
        self.expected: dict[tuple[Any, int], int] = {}  # (volume, tariff) → cents
        self.texts: dict[Any, str] = {}  # dates and volumes as the database takes them

    def check(self, line: RawLine) -> tuple[Any, ...] | None:
        """The finished row, or None when something is wrong with this line (findings added)."""
        add = self.findings.add
        for key, message in line.problems:
            add(line.where(key), message)

        resident_id: int | None = None
        known = self.bsns.get(line.bsn)
        if known is None:
            bsn = normalise_bsn(line.bsn)
            known = (bsn, bsn_is_valid(bsn))
            if len(self.bsns) >= MEMO_LIMIT:
                self.bsns.clear()
            self.bsns[line.bsn] = known
        bsn, valid = known
        if line.bsn:
            if not valid:
                add(
                    line.where("bsn"),
                    _("BSN “%(bsn)s” fails the 11-test.") % {"bsn": line.bsn[:12]},
                )
            else:
                resident_id = self.lookups.resident_by_bsn.get(bsn)
                if resident_id is None:
                    self.unknown_bsns[bsn] = self.unknown_bsns.get(bsn, 0) + 1
                    self.once(("bsn", bsn), line, "bsn", _("BSN %(bsn)s is not known here."), bsn)

        provider_id = self.lookups.provider(line)
        if provider_id is None and line.provider_name:
            self.once(
                ("provider", line.provider_name.casefold()),
                line,
                "provider",
                _("Unknown provider “%(name)s”: no organisation has this name."),
                line.provider_name[:80],
            )

        if line.code:
            if (line.category, line.code) not in self.lookups.products:
                add(
                    line.where("code"),
                    _("Unknown product code %(category)s/%(code)s (not in the product catalogue).")
                    % {"category": line.category, "code": line.code[:20]},
                )
        elif line.category and line.category not in self.lookups.categories:
            add(
                line.where("category"),
                _("Unknown product category “%(category)s”.") % {"category": line.category[:10]},
            )

        start, end, volume, amount = (
            line.period_start,
            line.period_end,
            line.volume,
            line.amount_cents,
        )
        unit_price = line.unit_price_cents
        if (
            unit_price is None
            and volume is not None
            and amount is not None
            and volume > 0
            and amount >= 0
        ):
            unit_price = fields.cents_of(amount / volume, 1)
        # Every check that its values allow, also when another value of the line could not be
        # read (a finding already): all findings in one pass, none first met on a second try.
        # Stand-ins for unreadable values are ones no check objects to.
        if (
            start is None
            or end is None
            or volume is None
            or amount is None
            or not line_is_sound(
                line.stream,
                line.payer,
                line.unit,
                start,
                end,
                volume,
                unit_price if unit_price is not None else 0,
                amount,
                self.latest_year,
            )
        ):
            self.problems(line, start, end, volume, unit_price, amount)
        if (
            line.unit_price_cents is not None
            and volume is not None
            and amount is not None
            and volume > 0
            and amount >= 0
        ):
            pair = (volume, line.unit_price_cents)
            expected = self.expected.get(pair)
            if expected is None:
                expected = fields.cents_of(volume, line.unit_price_cents)
                if len(self.expected) >= MEMO_LIMIT:
                    self.expected.clear()
                self.expected[pair] = expected
            if expected != amount:
                add(
                    line.where("amount"),
                    _(
                        "The amount %(amount)s is not volume × tariff "  # noqa: RUF001
                        "(%(volume)s × %(tariff)s = %(expected)s)."  # noqa: RUF001
                    )
                    % {
                        "amount": euros(amount),
                        "volume": volume,
                        "tariff": euros(line.unit_price_cents),
                        "expected": euros(expected),
                    },
                )
        declaration = self.declaration
        if (
            declaration is not None
            and start
            and end
            and declaration.period_start
            and declaration.period_end
            and start <= end
            and (start < declaration.period_start or end > declaration.period_end)
        ):
            add(
                line.where("period"),
                _(
                    "The period %(start)s to %(end)s lies outside the declaration period "
                    "%(from)s to %(until)s."
                )
                % {
                    "start": start,
                    "end": end,
                    "from": declaration.period_start,
                    "until": declaration.period_end,
                },
            )

        if line.reference and (provider_id is not None or line.provider_agb or line.provider_name):
            key_ref: tuple[int | str, str] = (
                provider_id
                if provider_id is not None
                else (
                    f"agb:{line.provider_agb}"
                    if line.provider_agb
                    else f"name:{line.provider_name.casefold()}"
                ),
                line.reference,
            )
            earlier = self.seen_refs.get(key_ref)
            if earlier is not None:
                add(
                    line.where("reference"),
                    _("Reference number %(ref)s appears twice (first at %(place)s).")
                    % {"ref": line.reference[:60], "place": earlier},
                )
            else:
                self.seen_refs[key_ref] = line.place
                if provider_id is not None and key_ref in self.lookups.originals:
                    add(
                        line.where("reference"),
                        _("Reference number %(ref)s has already been imported.")
                        % {"ref": line.reference[:60]},
                    )
        if len(line.reference) > 60:
            add(line.where("reference"), _("A reference number has at most 60 characters."))

        household_id: int | None = None
        corrects_id: int | None = None
        if line.credit:
            original = None
            if not line.corrects_reference:
                add(
                    line.where("corrects_reference"),
                    _("A credit line must name the line it corrects (its reference number)."),
                )
            elif provider_id is not None:
                original = self.lookups.originals.get((provider_id, line.corrects_reference))
                if original is None:
                    add(
                        line.where("corrects_reference"),
                        _(
                            "The credit corrects reference %(ref)s, which is not in the ledger "
                            "(import the original first)."
                        )
                        % {"ref": line.corrects_reference[:60]},
                    )
                elif original.is_correction:
                    add(
                        line.where("corrects_reference"),
                        _("Reference %(ref)s is itself a correction and cannot be corrected.")
                        % {"ref": line.corrects_reference[:60]},
                    )
                elif original.corrected or original.id in self.credited:
                    add(
                        line.where("corrects_reference"),
                        _("The line with reference %(ref)s has already been corrected.")
                        % {"ref": line.corrects_reference[:60]},
                    )
                elif amount is not None and amount != original.amount_cents:
                    add(
                        line.where("amount"),
                        _(
                            "A credit cancels its original exactly: %(amount)s is not the "
                            "original's %(original)s."
                        )
                        % {"amount": euros(amount), "original": euros(original.amount_cents)},
                    )
                elif resident_id is not None and original.resident_id not in (None, resident_id):
                    add(
                        line.where("bsn"),
                        _("The credit names another resident than the line it corrects."),
                    )
                else:
                    self.credited[original.id] = line.place
                    household_id = original.household_id
                    corrects_id = original.id
        elif resident_id is not None and start is not None:
            household_id = self.lookups.household_on(resident_id, start)
            if household_id is None:
                add(
                    line.where("bsn"),
                    _("BSN %(bsn)s belonged to no household on %(day)s.")
                    % {"bsn": bsn, "day": start},
                )

        if self.findings.count:
            return None  # the file is refused anyway; keep checking, stop building rows
        assert start and end and volume is not None and amount is not None
        assert provider_id is not None and household_id is not None
        signed = -amount if line.credit else amount
        self.lines += 1
        self.total_cents += signed
        self.households.add(household_id)
        if resident_id is not None:
            self.residents.add(resident_id)
        texts = self.texts
        if len(texts) >= MEMO_LIMIT:
            texts.clear()
        start_text = texts.get(start)
        if start_text is None:
            start_text = texts[start] = start.isoformat()
        end_text = texts.get(end)
        if end_text is None:
            end_text = texts[end] = end.isoformat()
        stored_volume = -volume if line.credit else volume
        volume_text = texts.get(stored_volume)
        if volume_text is None:
            volume_text = texts[stored_volume] = str(stored_volume)
        return (
            household_id,
            resident_id,
            provider_id,
            str(line.stream),  # plain str: the database adapters take it as is
            str(line.payer),
            line.category,
            line.code,
            line.description,
            start_text,
            end_text,
            volume_text,
            str(line.unit),
            unit_price if unit_price is not None else 0,
            signed,
            str(Source.DECLARATION),
            line.reference,
            corrects_id,
            line.note,
        )

    def problems(
        self,
        line: RawLine,
        start: dt.date | None,
        end: dt.date | None,
        volume: Decimal | None,
        unit_price: int | None,
        amount: int | None,
    ) -> None:
        """What ``line_problems`` says of the line, with stand-ins no check objects to."""
        for key, message in line_problems(
            stream=line.stream,
            payer=line.payer,
            unit=line.unit,
            period_start=start or end or self.today,
            period_end=end or start or self.today,
            volume=volume if volume is not None else _ONE,
            unit_price_cents=unit_price if unit_price is not None else 0,
            amount_cents=amount if amount is not None else 0,
            today=self.today,
        ).items():
            self.findings.add(line.where(_PROBLEM_KEYS.get(key, key)), message)

    def once(
        self, group: tuple[str, str], line: RawLine, key: str, message: str, value: str
    ) -> None:
        """One finding for every line with this fault, in its first place, naming the others."""
        place = line.where(key)
        repeated = self.repeated.get(group)
        if repeated is None:
            text = message % {"bsn": value, "name": value}
            index = self.findings.add(place, text)
            self.repeated[group] = Repeated(index, text, line.places is None, [place])
            return
        if place in repeated.places:  # the same client of a message: one place
            return
        if len(repeated.places) <= MAX_LISTED_PLACES:
            repeated.places.append(place)
        else:
            repeated.more += 1

    def finish(self) -> None:
        """The findings that stand for several lines name them all."""
        for repeated in self.repeated.values():
            if repeated.index is not None and len(repeated.places) > 1:
                self.findings.reword(repeated.index, repeated.wording())


class CopySink:
    """PostgreSQL: rows go into ``COPY … FROM STDIN`` while the second pass is still checking.

    The server maintains the indexes on its own core while Python reads and checks the next
    lines. It only ever runs inside the transaction ``import_files`` opened, which any finding
    rolls back: nothing is written unless the whole file (and every other file) is clean.
    """

    def __init__(self, batch: ImportBatch, user_id: int | None) -> None:
        table = CostLine._meta.db_table
        sql = f"COPY {table} ({', '.join(_columns())}) FROM STDIN"
        self.cursor = connection.cursor()
        self._context = self.cursor.cursor.copy(sql)
        self.copy = self._context.__enter__()
        self.tail = (batch.pk, user_id, timezone.now())

    def write(self, row: tuple[Any, ...]) -> None:
        self.copy.write_row(row + self.tail)

    def close(self, error: BaseException | None = None) -> None:
        try:
            if error is None:
                self._context.__exit__(None, None, None)
            else:
                self._context.__exit__(type(error), error, error.__traceback__)
        finally:
            self.cursor.close()


SinkFactory = Callable[[str, str, str, str], "CopySink | None"]


def prepare(
    name: str,
    opener: Opener,
    *,
    size: int,
    progress: Progress | None = None,
    sink: SinkFactory | None = None,
) -> Prepared:
    """Read and check one file completely.

    Without ``sink`` nothing is written: clean rows are spooled for ``commit``. With ``sink``
    (PostgreSQL, inside ``import_files``' transaction) they are streamed to COPY as they pass.
    """
    progress = progress or NoProgress()
    findings = Findings(name)
    sha256 = file_sha256(opener)
    already = ImportBatch.objects.filter(sha256=sha256).first()
    if already is not None:
        return Prepared(
            name=name, kind=already.kind, sha256=sha256, findings=findings, already=already
        )
    try:
        source = detect(name, opener, size)
    except FileRefused as exc:
        findings.add(exc.place, exc.message)
        return Prepared(name=name, kind="", sha256=sha256, findings=findings)
    prepared = Prepared(name=name, kind=source.kind, sha256=sha256, findings=findings)

    def advance(count: int) -> None:
        if isinstance(source, CsvSource):
            progress.update(source.bytes_read)
        else:
            progress.update(count)

    total = size if isinstance(source, CsvSource) else _count_hint(source)
    # Pass 1: the keys, for set-based lookups.
    written_bsns: set[str] = set()  # as written; normalised once each below
    refs: dict[int, set[str]] = defaultdict(set)
    lookups = Lookups()
    progress.start(_("reading"), total)
    clock = time.perf_counter()
    try:
        for count, line in enumerate(source.lines(keys_only=True), start=1):
            written_bsns.add(line.bsn)
            provider_id = lookups.provider(line)
            if provider_id is not None:
                if line.reference:
                    refs[provider_id].add(line.reference)
                if line.corrects_reference:
                    refs[provider_id].add(line.corrects_reference)
            if count % 10_000 == 0:
                advance(count)
    except FileRefused as exc:
        findings.add(exc.place, exc.message)
        return prepared
    progress.finish()
    bsns = {normalise_bsn(bsn) for bsn in written_bsns}
    del written_bsns
    read_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    lookups.load({bsn for bsn in bsns if bsn_is_valid(bsn)}, refs)
    del bsns, refs
    lookup_seconds = time.perf_counter() - clock
    clock = time.perf_counter()

    declaration = getattr(source, "declaration", None)
    if isinstance(source, XmlSource) and declaration is not None:
        for place, message in source.header_problems:
            findings.add(place, message)
        prepared.declaration_number = source.declaration.number
        if declaration.sender_agb and declaration.sender_agb not in lookups.provider_by_agb:
            findings.add(
                declaration.sender_path,
                _("Unknown provider: no organisation has AGB code %(agb)s.")
                % {"agb": declaration.sender_agb[:8]},
            )
        if (
            lookups.municipality_codes
            and declaration.receiver
            and declaration.receiver not in lookups.municipality_codes
        ):
            findings.add(
                declaration.receiver_path,
                _("The declaration is addressed to municipality %(code)s, not to this one.")
                % {"code": declaration.receiver[:6]},
            )

    # Pass 2: every check, and the spool while the file is clean.
    checker = Checker(source, lookups, findings)
    stream: CopySink | None = None
    if sink is not None and not findings:
        stream = sink(source.kind, sha256, prepared.declaration_number, name)
        if stream is None:
            findings.add("", _("The same file was imported meanwhile; nothing added."))
    spool = tempfile.TemporaryFile(prefix="nabij-import-")  # noqa: SIM115 - handed to commit
    block: list[tuple[Any, ...]] = []
    progress.start(_("checking"), total)
    try:
        for count, line in enumerate(source.lines(), start=1):
            row = checker.check(line)
            if row is not None and stream is not None:
                stream.write(row)
            elif row is not None:
                block.append(row)
                if len(block) >= SPOOL_ROWS:
                    pickle.dump(block, spool, SPOOL_PROTOCOL)
                    block = []
            if count % 10_000 == 0:
                advance(count)
    except FileRefused as exc:  # pragma: no cover - pass 1 read the same bytes
        findings.add(exc.place, exc.message)
    except BaseException as exc:
        if stream is not None:
            stream.close(exc)
        raise
    if stream is not None:
        stream.close()
        prepared.batch = ImportBatch.objects.get(sha256=sha256)
    progress.finish()
    checker.finish()
    if block:
        pickle.dump(block, spool, SPOOL_PROTOCOL)
    if checker.unknown_bsns and len(checker.unknown_bsns) > 1:
        unknown = sorted(checker.unknown_bsns)
        listed = ", ".join(unknown[:MAX_LISTED_BSNS]) + (
            ", …" if len(unknown) > MAX_LISTED_BSNS else ""
        )
        findings.add(
            "", _("%(count)d unknown BSNs: %(list)s.") % {"count": len(unknown), "list": listed}
        )
    if declaration is not None and declaration.total_cents is not None:
        stated = declaration.total_cents
        summed = checker.total_cents if not findings else _signed_sum(source)
        if stated != summed:
            findings.add(
                declaration.total_path,
                _("The declared total %(stated)s does not match the sum of the lines %(summed)s.")
                % {"stated": euros(stated), "summed": euros(summed)},
            )
    if checker.lines == 0 and not findings:
        findings.add("", _("The file holds no cost lines."))
    logger.info(
        "import.checked file=%s kind=%s read=%.1fs lookups=%.1fs check=%.1fs findings=%d",
        name,
        source.kind,
        read_seconds,
        lookup_seconds,
        time.perf_counter() - clock,
        findings.count,
    )
    if findings:
        spool.close()
        return prepared
    spool.seek(0)
    prepared.spool = spool
    prepared.lines = checker.lines
    prepared.total_cents = checker.total_cents
    prepared.households = checker.households
    prepared.residents = checker.residents
    return prepared


def _signed_sum(source: LineSource) -> int:
    """The sum of the lines as stated, for the total check when some lines failed other checks."""
    return sum(
        (-(line.amount_cents or 0) if line.credit else (line.amount_cents or 0))
        for line in source.lines()
    )


def _count_hint(source: LineSource) -> int:
    if isinstance(source, XmlSource):
        return source.lines_total
    return 0


def _spooled(spool: IO[bytes]) -> Iterator[list[tuple[Any, ...]]]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - our own spool, written above
        except EOFError:
            return


def _columns() -> list[str]:
    return [str(CostLine._meta.get_field(name).column) for name in COMMIT_COLUMNS]  # type: ignore[union-attr]


def _write(prepared: Prepared, batch: ImportBatch, user_id: int | None, progress: Progress) -> None:
    assert prepared.spool is not None
    table = CostLine._meta.db_table
    columns = _columns()
    now = timezone.now()
    tail_pg = (batch.pk, user_id, now)
    done = 0
    progress.start(_("writing"), prepared.lines)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for block in _spooled(prepared.spool):
                    for row in block:
                        copy.write_row(row + tail_pg)
                    done += len(block)
                    progress.update(done)
        else:
            stamp = connection.ops.adapt_datetimefield_value(now)
            tail = (batch.pk, user_id, stamp)
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            # SQLite's page cache is 2 MB by default: a million rows into a table with ten
            # indexes then reads and writes the same index pages over and over. A larger cache
            # for the write only (the cap, not an allocation), put back afterwards.
            cursor.execute("PRAGMA cache_size")
            (cache_size,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = {-SQLITE_WRITE_CACHE_KIB}")
            try:
                for block in _spooled(prepared.spool):
                    cursor.executemany(sql, [row + tail for row in block])
                    done += len(block)
                    progress.update(done)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
    progress.finish()
    prepared.spool.close()


def commit(
    actor: gate.Actor,
    prepared: list[Prepared],
    *,
    progress: Progress | None = None,
) -> list[ImportResult]:
    """Write every clean file in one transaction, with an access-log row per resident concerned."""
    progress = progress or NoProgress()
    problems = [finding for p in prepared for finding in p.findings.kept]
    dropped = sum(p.findings.dropped for p in prepared)
    if problems or dropped:
        for p in prepared:
            if p.spool is not None:
                p.spool.close()
        raise ImportRefused(problems, dropped)
    user = actor.user if actor.user.is_authenticated else None
    results: list[ImportResult] = []
    with transaction.atomic():
        for p in prepared:
            if p.already is not None:
                results.append(
                    ImportResult(
                        file_name=p.name,
                        kind=p.already.kind,
                        batch_id=p.already.pk,
                        lines=p.already.line_count,
                        total_cents=p.already.total_cents,
                        households=0,
                        residents=0,
                        declaration_number=p.already.declaration_number,
                        already_imported=True,
                        imported_at=p.already.imported_at,
                    )
                )
                continue
            if p.batch is not None:  # streamed already (PostgreSQL): complete the batch
                if p.spool is not None:
                    p.spool.close()  # empty: the rows went to COPY
                batch = p.batch
                batch.line_count, batch.total_cents = p.lines, p.total_cents
                batch.save(update_fields=["line_count", "total_cents"])
                clock = time.perf_counter()
                _log(actor, sorted(p.residents), batch)
                logger.info(
                    "import.streamed batch=%d lines=%d log=%.1fs",
                    batch.pk,
                    p.lines,
                    time.perf_counter() - clock,
                )
                results.append(_result(p, batch))
                continue
            try:
                with transaction.atomic():
                    batch = ImportBatch.objects.create(
                        kind=p.kind,
                        file_name=p.name[-255:],
                        sha256=p.sha256,
                        line_count=p.lines,
                        total_cents=p.total_cents,
                        declaration_number=p.declaration_number[:40],
                        imported_by=user,
                    )
            except IntegrityError as exc:
                raise ImportRefused(
                    [Finding(p.name, "", _("The same file was imported meanwhile; nothing added."))]
                ) from exc
            clock = time.perf_counter()
            _write(p, batch, user.pk if user else None, progress)
            written = time.perf_counter()
            _log(actor, sorted(p.residents), batch)
            logger.info(
                "import.written batch=%d lines=%d write=%.1fs log=%.1fs",
                batch.pk,
                p.lines,
                written - clock,
                time.perf_counter() - written,
            )
            results.append(
                ImportResult(
                    file_name=p.name,
                    kind=p.kind,
                    batch_id=batch.pk,
                    lines=p.lines,
                    total_cents=p.total_cents,
                    households=len(p.households),
                    residents=len(p.residents),
                    declaration_number=p.declaration_number,
                    imported_at=batch.imported_at,
                )
            )
    return results


def _log(actor: gate.Actor, resident_ids: list[int], batch: ImportBatch) -> None:
    for start in range(0, len(resident_ids), CHUNK):
        gate.log(
            actor,
            event=Event.COSTS_IMPORT,
            outcome=Outcome.GRANTED,
            purpose=Purpose.ADMINISTRATION,
            resident_ids=resident_ids[start : start + CHUNK],
            detail=f"batch {batch.pk}: {batch.file_name}",
        )


def _result(p: Prepared, batch: ImportBatch) -> ImportResult:
    return ImportResult(
        file_name=p.name,
        kind=p.kind,
        batch_id=batch.pk,
        lines=p.lines,
        total_cents=p.total_cents,
        households=len(p.households),
        residents=len(p.residents),
        declaration_number=p.declaration_number,
        imported_at=batch.imported_at,
    )


def import_files(
    actor: gate.Actor,
    files: Iterable[tuple[str, Opener, int]],
    *,
    progress: Progress | None = None,
) -> list[ImportResult]:
    """Check every file, then write them all or nothing. Raises ``ImportRefused``.

    SQLite: every file is checked and spooled first, then written (a long write transaction
    would lock out every other writer). PostgreSQL: one transaction around everything, the
    rows streamed to COPY during the check; any finding in any file rolls all of it back.
    """
    files = list(files)
    try:
        return _import_files(actor, files, progress=progress)
    except (IntegrityError, DataError) as exc:  # e.g. a household deleted meanwhile
        # The database's own words name tables and constraints: logged, not shown.
        logger.warning("import.refused_by_database files=%d error=%s", len(files), exc)
        name = ", ".join(name for name, _opener, _size in files)
        if isinstance(exc, IntegrityError):
            message = _(
                "The lines could not be written: something they refer to (a household, "
                "resident or provider) changed during the import. Nothing was imported; import "
                "the file again."
            )
        else:
            message = _(
                "The database refused a value in the lines. Nothing was imported; please send "
                "the file to the application administrator."
            )
        raise ImportRefused([Finding(name, "", message)]) from exc


def _import_files(
    actor: gate.Actor,
    files: list[tuple[str, Opener, int]],
    *,
    progress: Progress | None = None,
) -> list[ImportResult]:
    if connection.vendor != "postgresql":
        prepared = [
            prepare(name, opener, size=size, progress=progress) for name, opener, size in files
        ]
        return commit(actor, prepared, progress=progress)
    user = actor.user if actor.user.is_authenticated else None

    def sink(kind: str, sha256: str, number: str, name: str) -> CopySink | None:
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.create(
                    kind=kind,
                    file_name=name[-255:],
                    sha256=sha256,
                    declaration_number=number[:40],
                    imported_by=user,
                )
        except IntegrityError:
            return None
        return CopySink(batch, user.pk if user else None)

    # The database checks every foreign key of every line itself (one index probe per key and
    # line). Deferred (the schema's default), the checks run at COMMIT, after Python is done;
    # immediate, the server runs them during COPY while Python checks the next lines
    # (docs/benchmarks.md, "Issue 13", measures both in the same run).
    with transaction.atomic():
        if FK_CHECKS_DURING_COPY:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        prepared = [
            prepare(name, opener, size=size, progress=progress, sink=sink)
            for name, opener, size in files
        ]
        results = commit(actor, prepared, progress=progress)
        clock = time.perf_counter()
    logger.info("import.committed commit=%.1fs", time.perf_counter() - clock)
    return results
