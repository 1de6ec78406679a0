"""Writes of the Vroegsignalering: importing creditors' deliveries of arrears signals, and the
access-log rows that let a resident see a signal about them came in.

The import is all or nothing over every file of a run, like the cost import: every file is
checked first (``imports.check_file``); one finding anywhere and nothing is written. Then, in one
transaction, each file becomes a ``Delivery``: signals known from an earlier delivery
(``Signal.identity``) add nothing, new ones are linked to the register (``linking.link_many``),
the certain links are bundled into their household's open case (``cases.bundle``) and logged
with the named resident as subject.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.costs.imports.findings import Finding, ImportRefused
from nabij.signals.cases import bundle
from nabij.signals.imports import CheckedFile, Opener, SignalLine, check_file, fold
from nabij.signals.linking import Query, link_many
from nabij.signals.models import Case, Creditor, Delivery, Signal

logger = logging.getLogger(__name__)

# The access-log event a linked signal writes, by kind: the resident reads what came in.
RECEIVED_EVENTS: dict[str, Event] = {
    Signal.Kind.RENT: Event.SIGNALS_RECEIVED_RENT,
    Signal.Kind.ENERGY: Event.SIGNALS_RECEIVED_ENERGY,
    Signal.Kind.WATER: Event.SIGNALS_RECEIVED_WATER,
    Signal.Kind.HEALTH_INSURANCE: Event.SIGNALS_RECEIVED_HEALTH_INSURANCE,
}
LOG_CHUNK = 2_000


@dataclass(frozen=True)
class DeliveryResult:
    """The summary of one file (docs/signals.md, "Samenvatting")."""

    file_name: str
    delivery_id: int
    lines: int
    new: int
    known: int
    linked: int
    uncertain: int
    not_found: int
    cases_opened: int
    cases_extended: int


def signals_import(
    actor: gate.Actor,
    files: Iterable[tuple[str, Opener]],
    *,
    today: dt.date | None = None,
) -> list[DeliveryResult]:
    """Check every file, then write them all or nothing. Raises ``ImportRefused``."""
    today = today or timezone.localdate()
    checked = [check_file(name, opener, today=today) for name, opener in files]
    findings: list[Finding] = []
    dropped = 0
    for c in checked:
        assert c.findings is not None
        findings.extend(c.findings.kept)
        dropped += c.findings.dropped
    if findings or dropped:
        raise ImportRefused(findings, dropped)
    try:
        with transaction.atomic():
            results = [_write(actor, c, today) for c in checked]
            gate.log(
                actor,
                event=Event.SIGNALS_IMPORT,
                outcome=Outcome.GRANTED,
                purpose=Purpose.EARLY_SIGNALS,
                detail="deliveries "
                + ", ".join(f"{r.delivery_id}: {r.file_name}" for r in results)[:230],
            )
    except (IntegrityError, DataError) as exc:  # e.g. the same file imported at the same time
        logger.warning("signals.import.refused_by_database files=%d error=%s", len(checked), exc)
        raise ImportRefused(
            [
                Finding(
                    ", ".join(c.name for c in checked),
                    "",
                    _(
                        "The signals could not be written (another import of the same signals "
                        "at the same moment?). Nothing was imported; import the file again."
                    ),
                )
            ]
        ) from exc
    return results


def _creditors(lines: Sequence[SignalLine]) -> dict[str, Creditor]:
    """The creditor of each name as delivered; "Woonstichting Nabij" and "WOONSTICHTING NABIJ"
    are one creditor (as they are one in a signal's identity)."""
    names = {line.creditor for line in lines}
    if not names:
        return {}
    known = {fold(c.name): c for c in Creditor.objects.order_by("pk")}
    found: dict[str, Creditor] = {}
    for name in sorted(names):
        key = fold(name)
        if key not in known:
            known[key] = Creditor.objects.create(name=name)
        found[name] = known[key]
    return found


def _write(actor: gate.Actor, checked: CheckedFile, today: dt.date) -> DeliveryResult:
    user = actor.user if actor.user.is_authenticated else None
    lines = checked.lines
    known_ids = set(
        Signal.objects.filter(identity__in=[line.identity for line in lines]).values_list(
            "identity", flat=True
        )
    )
    new_lines = [line for line in lines if line.identity not in known_ids]
    delivery = Delivery.objects.create(
        file_name=checked.name[-255:],
        sha256=checked.sha256,
        imported_by=user,
        lines=len(lines),
        added=len(new_lines),
        known=len(lines) - len(new_lines),
    )
    creditors = _creditors(new_lines)
    results = link_many(
        Query(
            name=line.name,
            postcode=line.postcode,
            house_number=line.house_number,
            addition=line.addition,
            date_of_birth=line.date_of_birth,
        )
        for line in new_lines
    )
    signals = Signal.objects.bulk_create(
        Signal(
            delivery=delivery,
            creditor=creditors[line.creditor],
            kind=line.kind,
            name=line.name,
            postcode=line.postcode,
            house_number=line.house_number,
            addition=line.addition,
            date_of_birth=line.date_of_birth,
            arrears_cents=line.arrears_cents,
            months=line.months,
            signalled_on=line.signalled_on,
            identity=line.identity,
            link=result.status,
            link_score=result.score,
            household_id=result.household_id if result.status == "certain" else None,
            resident_id=result.resident_id if result.status == "certain" else None,
        )
        for line, result in zip(new_lines, results, strict=True)
    )
    if any(s.pk is None for s in signals):  # a backend without RETURNING: read them back
        signals = list(Signal.objects.filter(delivery=delivery).select_related("creditor"))
    linked = [s for s in signals if s.link == Signal.Link.CERTAIN]
    households = {s.household_id for s in linked}
    had_open = set(
        Case.objects.filter(household_id__in=households, state=Case.State.OPEN).values_list(
            "household_id", flat=True
        )
    )
    cases = bundle(linked, today=today)
    log_signals_linked(actor, linked)
    delivery.linked = len(linked)
    delivery.uncertain = sum(1 for s in signals if s.link == Signal.Link.UNCERTAIN)
    delivery.not_found = sum(1 for s in signals if s.link == Signal.Link.NONE)
    delivery.cases_opened = sum(1 for c in cases if c.household_id not in had_open)
    delivery.cases_extended = len(cases) - delivery.cases_opened
    delivery.save(
        update_fields=["linked", "uncertain", "not_found", "cases_opened", "cases_extended"]
    )
    return DeliveryResult(
        file_name=delivery.file_name,
        delivery_id=delivery.pk,
        lines=delivery.lines,
        new=delivery.added,
        known=delivery.known,
        linked=delivery.linked,
        uncertain=delivery.uncertain,
        not_found=delivery.not_found,
        cases_opened=delivery.cases_opened,
        cases_extended=delivery.cases_extended,
    )


def log_signals_linked(actor: gate.Actor, signals: Iterable[Signal]) -> None:
    """One access-log row per linked signal, with the named resident (or, without one, the
    household) as subject: "… kreeg een signaal van de verhuurder dat de huur niet betaald is".

    Also for the decision page (a person confirms an uncertain link)."""
    gate.log_each(
        actor,
        (
            (
                RECEIVED_EVENTS[s.kind],
                s.resident_id,
                s.household_id,
                f"signal {s.pk} from {s.creditor.name}",
            )
            for s in signals
            if s.household_id is not None
        ),
        outcome=Outcome.GRANTED,
        purpose=Purpose.EARLY_SIGNALS,
    )


# --- The outcome told to the creditor (Convenant Vroegsignalering schulden, 2020) --------------

EXPORT_HEADER = (
    "naam",
    "postcode",
    "huisnummer",
    "toevoeging",
    "soort",
    "signaaldatum",
    "contact",
    "hulp",
)
CONTACT_WORDS = {True: "contact gemaakt", False: "geen contact"}
HELP_WORDS = {True: "hulp aanvaard", False: "hulp niet aanvaard"}


def _cell(text: str) -> str:
    """A spreadsheet reads "=..." as a formula: such a cell starts with an apostrophe."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def outcomes_export(actor: gate.Actor, creditor: Creditor) -> str:
    """The creditor's own lines as it delivered them (name, address, kind, signal date) with
    only the outcome: contact made or not, help accepted or not. Nothing about the household,
    nor about other creditors. Every resident named gets an access-log row."""
    import csv
    import io

    from nabij.signals.selectors import outcome_rows

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(EXPORT_HEADER)
    residents: list[int | None] = []
    count = 0
    for row in outcome_rows(creditor.pk):
        count += 1
        if row.resident_id is not None:
            residents.append(row.resident_id)
        writer.writerow(
            [
                _cell(row.name),
                row.postcode,
                row.house_number,
                _cell(row.addition),
                row.kind,
                row.signalled_on,
                CONTACT_WORDS[row.contact],
                HELP_WORDS[row.help_accepted],
            ]
        )
    detail = f"creditor {creditor.pk}: {count} signals"
    for start in range(0, max(len(residents), 1), LOG_CHUNK):
        gate.log(
            actor,
            event=Event.SIGNALS_EXPORT,
            outcome=Outcome.GRANTED,
            purpose=Purpose.EARLY_SIGNALS,
            resident_ids=residents[start : start + LOG_CHUNK] or [None],
            detail=detail,
        )
    return buffer.getvalue()
