"""Writes of the team's outreach on a signal case: an attempt to reach the household, and the
close with its outcome. The caller has been through the gate (``selectors_outreach.case_for``).

Explicit transitions: open -> closed only, by a conditional update on the state and the version
the person saw, so two people never overwrite each other; a stale form gets a clear message.

Outcomes (the issue's four, and what each needs):
- ``reached``: reached (at the door, by phone or by letter), spoken with, no help asked for
  now; needs a reached attempt. It led to no help, so the retention job deletes it later.
- ``accepted``: help accepted; needs a reached attempt and the goal in the household's words,
  which becomes a goal of the household's plan (``plans.services.goal_add_heard``).
- ``not_needed``: the household says no help is needed; needs a reached attempt.
- ``not_reached``: not reached after ``SIGNALS_MAX_ATTEMPTS`` attempts, none of them reached.

``first_contact_on`` is the date of the earliest reached attempt.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from nabij.access.gate import Actor
from nabij.core.errors import ConflictError, DomainError
from nabij.signals.models import Case, OutreachAttempt


def _stale() -> str:
    return _(
        "Someone else changed this case while you were working on it. Your input has been "
        "kept: check the case and send it again."
    )


def _stale_or_closed(case_id: int) -> Exception:
    current = Case.objects.filter(pk=case_id).values_list("state", flat=True).first()
    if current == Case.State.CLOSED:
        return DomainError(_("This case is already closed."), field="__all__")
    return ConflictError(_stale())


def attempt_record(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    made_on: dt.date,
    channel: str,
    reached: bool,
    note: str,
    today: dt.date,
) -> OutreachAttempt:
    if channel not in OutreachAttempt.Channel.values:
        raise DomainError(_("Choose how you tried to reach the household."), field="channel")
    if made_on > today:
        raise DomainError(_("An attempt cannot be in the future."), field="made_on")
    if made_on < case.opened_on:
        raise DomainError(
            _("An attempt cannot be before the case was opened (%(day)s).")
            % {"day": case.opened_on.strftime("%d-%m-%Y")},
            field="made_on",
        )
    with transaction.atomic():
        moved = Case.objects.filter(
            pk=case.pk, state=Case.State.OPEN, version=expected_version
        ).update(version=F("version") + 1)
        if not moved:
            raise _stale_or_closed(case.pk)
        attempt = OutreachAttempt.objects.create(
            case_id=case.pk,
            made_on=made_on,
            channel=channel,
            reached=reached,
            note=note.strip(),
            made_by=actor.account,
        )
        if reached:
            Case.objects.filter(pk=case.pk).filter(first_contact_on__isnull=True).update(
                first_contact_on=made_on
            )
            Case.objects.filter(pk=case.pk, first_contact_on__gt=made_on).update(
                first_contact_on=made_on
            )
    return attempt


def case_close(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    outcome: str,
    goal_text: str,
    today: dt.date,
) -> Case:
    """Close the case with its outcome; ``accepted`` also adds the household's goal."""
    from nabij.plans import services as plans

    closing = {o for o in Case.Outcome.values if o}
    if outcome not in closing:
        raise DomainError(_("Choose how the contact ended."), field="outcome")
    goal_text = goal_text.strip()
    with transaction.atomic():
        current = Case.objects.select_for_update().filter(pk=case.pk).first()
        if current is None or current.state != Case.State.OPEN:
            raise DomainError(_("This case is already closed."), field="__all__")
        if current.version != expected_version:
            raise ConflictError(_stale())
        attempts = list(current.attempts.values_list("reached", flat=True))
        if outcome == Case.Outcome.NOT_REACHED:
            if any(attempts):
                raise DomainError(
                    _("The household was reached: choose what came of the contact."),
                    field="outcome",
                )
            needed = settings.SIGNALS_MAX_ATTEMPTS
            if len(attempts) < needed:
                raise DomainError(
                    _("Not reached can be chosen after %(n)s attempts; %(done)s made so far.")
                    % {"n": needed, "done": len(attempts)},
                    field="outcome",
                )
        elif not any(attempts):
            raise DomainError(
                _("Write down the attempt in which you reached the household first."),
                field="outcome",
            )
        goal = None
        if outcome == Case.Outcome.ACCEPTED:
            if not goal_text:
                raise DomainError(
                    _("Write down the goal as the household said it."), field="goal_text"
                )
            goal = plans.goal_add_heard(actor=actor, household=current.household, text=goal_text)
        moved = Case.objects.filter(
            pk=case.pk, state=Case.State.OPEN, version=expected_version
        ).update(
            state=Case.State.CLOSED,
            outcome=outcome,
            closed_on=today,
            goal=goal,
            version=F("version") + 1,
        )
        if not moved:  # pragma: no cover - the row is locked above
            raise _stale_or_closed(case.pk)
    current.refresh_from_db()
    return current
