"""Reads of the Vroegsignalering for its pages: deliveries with their counts, a team's cases in
numbers, the creditors, the outcome export, and the register's legal basis. The callers have
been through the gate; nothing here lists a person but the export, which the caller logs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from nabij.portal.models import Processing
from nabij.signals.models import Case, Creditor, Delivery, Signal

# The register's row for this processing (added by portal migration 0003_b_...).
PROCESSING_NAME = "Vroegsignalering van betalingsachterstanden"
RECENT_DELIVERIES = 20


def legal_basis() -> Processing | None:
    return Processing.objects.filter(name=PROCESSING_NAME, active=True).first()


def deliveries(limit: int = RECENT_DELIVERIES) -> list[Delivery]:
    return list(Delivery.objects.select_related("imported_by")[:limit])


@dataclass(frozen=True)
class TeamCounts:
    open_cases: int
    stronger: int  # open cases with two or more creditors
    overdue: int


def team_counts(team_id: int | None, *, today: dt.date) -> TeamCounts:
    if team_id is None:
        return TeamCounts(0, 0, 0)
    row = Case.objects.filter(team_id=team_id, state=Case.State.OPEN).aggregate(
        open_cases=Count("id"),
        stronger=Count("id", filter=Q(creditor_count__gte=2)),
        overdue=Count("id", filter=Q(due_on__lt=today, first_contact_on__isnull=True)),
    )
    return TeamCounts(row["open_cases"], row["stronger"], row["overdue"])


def waiting_for_decision() -> int:
    return Signal.objects.filter(link=Signal.Link.UNCERTAIN).count()


def creditors() -> QuerySet[Creditor]:
    return Creditor.objects.annotate(signal_count=Count("signals")).order_by("name")


def creditor(creditor_id: int) -> Creditor | None:
    return Creditor.objects.filter(pk=creditor_id).first()


CONTACT_OUTCOMES = frozenset({Case.Outcome.REACHED, Case.Outcome.ACCEPTED, Case.Outcome.NOT_NEEDED})


@dataclass(frozen=True)
class OutcomeRow:
    """One line of a creditor's outcome export: its own line, and only the outcome."""

    signal_id: int
    resident_id: int | None
    household_id: int | None
    name: str
    postcode: str
    house_number: int
    addition: str
    kind: str
    signalled_on: str
    contact: bool
    help_accepted: bool


def outcome_rows(creditor_id: int) -> Iterator[OutcomeRow]:
    rows = (
        Signal.objects.filter(creditor_id=creditor_id)
        .order_by("signalled_on", "id")
        .values_list(
            "pk",
            "resident_id",
            "household_id",
            "name",
            "postcode",
            "house_number",
            "addition",
            "kind",
            "signalled_on",
            "case__first_contact_on",
            "case__outcome",
        )
    )
    for (
        pk,
        resident,
        household,
        name,
        postcode,
        number,
        addition,
        kind,
        day,
        first,
        outcome,
    ) in rows.iterator(chunk_size=2000):
        yield OutcomeRow(
            signal_id=pk,
            resident_id=resident,
            household_id=household,
            name=name,
            postcode=postcode,
            house_number=number,
            addition=addition,
            kind=kind,
            signalled_on=day.isoformat(),
            contact=first is not None or outcome in CONTACT_OUTCOMES,
            help_accepted=outcome == Case.Outcome.ACCEPTED,
        )
