"""The linking decision: a team member says who an uncertain signal is about, or that it is
about nobody in the register.

Explicit transition: only a signal still ``uncertain`` can be decided, by a conditional update
(``UPDATE ... WHERE link = 'uncertain'``). When two people decide at once the second finds no
row to update and gets a clear message (``AlreadyDecided``), never a silent overwrite.
Confirming bundles the signal into its household's open case (``cases.bundle``), so outreach
starts as it would for a certain link.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.core.errors import ConflictError, DomainError
from nabij.signals import selectors_linking as selectors
from nabij.signals.cases import bundle
from nabij.signals.models import Case, Signal
from nabij.signals.services import log_signals_linked


class AlreadyDecided(ConflictError):
    """Someone else decided this signal first."""


def confirm(
    actor: gate.Actor, signal_id: int, resident_id: int, *, today: dt.date | None = None
) -> Case:
    """Link the signal to ``resident_id`` (who must live at the signal's address now) and their
    household; bundle it into the household's open case. Logged for the resident."""
    today = today or timezone.localdate()
    signal = selectors.signal_for(actor, signal_id, event=Event.SIGNAL_LINK_CONFIRM)
    chosen = next(
        (c for c in selectors.candidates_for(signal) if c.resident_id == resident_id), None
    )
    if chosen is None:
        raise DomainError(_("Choose one of the residents at this address."), field="resident")
    with transaction.atomic():
        updated = Signal.objects.filter(pk=signal.pk, link=Signal.Link.UNCERTAIN).update(
            link=Signal.Link.CONFIRMED,
            household_id=chosen.household_id,
            resident_id=chosen.resident_id,
            decided_by=actor.account,
            decided_at=timezone.now(),
        )
        if not updated:
            raise AlreadyDecided(_("Someone else has already decided about this signal."))
        signal.refresh_from_db()
        linked = Signal.objects.select_related("household", "creditor").get(pk=signal.pk)
        (case,) = bundle([linked], today=today)
        log_signals_linked(actor, [linked])  # the resident sees in their log that it came in
        gate.log(
            actor,
            event=Event.SIGNAL_LINK_CONFIRM,
            outcome=Outcome.GRANTED,
            purpose=Purpose.EARLY_SIGNALS,
            resident_ids=[chosen.resident_id],
            household_id=chosen.household_id,
            detail=f"signal {signal.pk}",
        )
    return case


def reject(actor: gate.Actor, signal_id: int) -> None:
    """Nobody in the register at this address: the signal stays unlinked (``none``) and is
    deleted with the others that led to nothing after the retention period."""
    signal = selectors.signal_for(actor, signal_id, event=Event.SIGNAL_LINK_REJECT)
    with transaction.atomic():
        updated = Signal.objects.filter(pk=signal.pk, link=Signal.Link.UNCERTAIN).update(
            link=Signal.Link.NONE, decided_by=actor.account, decided_at=timezone.now()
        )
        if not updated:
            raise AlreadyDecided(_("Someone else has already decided about this signal."))
        gate.log(
            actor,
            event=Event.SIGNAL_LINK_REJECT,
            outcome=Outcome.GRANTED,
            purpose=Purpose.EARLY_SIGNALS,
            detail=f"signal {signal.pk}",
        )
