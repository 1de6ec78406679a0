"""Signals and cases for tests, made as the import makes them (through ``bundle``)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from nabij.signals.cases import bundle
from nabij.signals.models import Case, Creditor, Delivery, OutreachAttempt, Signal

_serial = itertools.count(1)


def a_signal(
    household: Any | None,
    *,
    creditor: str = "Woonstad",
    kind: str = Signal.Kind.RENT,
    arrears_cents: int = 50_000,
    signalled_on: dt.date,
    link: str | None = None,
    postcode: str = "8921 AB",
    house_number: int = 1,
) -> Signal:
    n = next(_serial)
    delivery = Delivery.objects.create(file_name=f"levering-{n}.csv", sha256=f"{n:064d}")
    return Signal.objects.create(
        delivery=delivery,
        creditor=Creditor.objects.get_or_create(name=creditor)[0],
        kind=kind,
        name="Karima El Amrani",
        postcode=postcode,
        house_number=house_number,
        arrears_cents=arrears_cents,
        months=2,
        signalled_on=signalled_on,
        identity=f"test-{n}",
        link=link or (Signal.Link.CERTAIN if household is not None else Signal.Link.NONE),
        household=household,
    )


def a_case(
    household: Any,
    *,
    today: dt.date,
    creditors: tuple[str, ...] = ("Woonstad",),
    arrears_cents: int = 50_000,
) -> Case:
    signals = [
        a_signal(household, creditor=name, arrears_cents=arrears_cents, signalled_on=today)
        for name in creditors
    ]
    (case,) = bundle(signals, today=today)
    case.refresh_from_db()
    return case


def close(
    case: Case,
    outcome: str,
    *,
    closed_on: dt.date,
    first_contact_on: dt.date | None = None,
    by: Any,
    attempts: int = 1,
) -> Case:
    """Close a case directly (the retention and figure tests start from closed cases)."""
    for i in range(attempts):
        reached = first_contact_on is not None and i == attempts - 1
        OutreachAttempt.objects.create(
            case=case,
            made_on=first_contact_on if reached else case.opened_on,
            channel=OutreachAttempt.Channel.DOOR,
            reached=reached,
            made_by=by,
        )
    Case.objects.filter(pk=case.pk).update(
        state=Case.State.CLOSED,
        outcome=outcome,
        closed_on=closed_on,
        first_contact_on=first_contact_on,
    )
    case.refresh_from_db()
    return case
