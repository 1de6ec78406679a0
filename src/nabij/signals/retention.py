"""The retention job: signals and cases that led to nothing are deleted after the retention
period (``SIGNALS_RETENTION_MONTHS``; the source is in docs/signals.md, "Bewaartermijn"), once
counted into ``SignalStatistic`` without persons.

Due for deletion on ``today`` (the cutoff is ``today`` minus the period):
- a closed case that led to no help (reached but no help asked for, help not needed, not
  reached) closed before the cutoff: the case, its signals and its attempts;
- a signal that was never linked to a household (no household found, or an uncertain link no
  one decided) and was received before the cutoff.
Kept: open cases, cases where help was accepted (they are part of the household's support
now), and everything younger. The access log is append-only and keeps its rows.

One run a day (``RetentionRun.run_on`` is unique): a second run that day does nothing and
returns the first one's counts. Logged in the access log with counts only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.gate import Actor
from nabij.signals.models import Case, OutreachAttempt, Signal
from nabij.signals.models_statistics import RetentionRun, SignalStatistic

NO_HELP = (Case.Outcome.REACHED, Case.Outcome.NOT_NEEDED, Case.Outcome.NOT_REACHED)
NEVER_LINKED = (Signal.Link.NONE, Signal.Link.UNCERTAIN)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff_for(today: dt.date) -> dt.date:
    return months_before(today, settings.SIGNALS_RETENTION_MONTHS)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@dataclass
class _Cell:
    signals: int = 0
    cases: int = 0
    reached: int = 0
    helped: int = 0
    closed: int = 0
    days: dict[int, int] = field(default_factory=dict)


Key = tuple[dt.date, int | None, str]


def _neighbourhoods_by_address(signals: list[Signal]) -> dict[tuple[str, int, str], int]:
    """Neighbourhood ids of the addresses of signals without a case (one query)."""
    from nabij.areas.models import Address

    if not signals:
        return {}
    codes = {s.postcode for s in signals} | {s.postcode.replace(" ", "") for s in signals}
    found: dict[tuple[str, int, str], int] = {}
    for postcode, number, addition, hood in Address.objects.filter(
        postcode__in=codes, house_number__in={s.house_number for s in signals}
    ).values_list("postcode", "house_number", "addition", "neighbourhood_id"):
        compact = postcode.replace(" ", "")
        found[(f"{compact[:4]} {compact[4:]}", number, addition.strip().upper())] = hood
    return found


def _fold(
    cases: list[Case], case_signals: dict[int, list[Signal]], loose: list[Signal]
) -> dict[Key, _Cell]:
    cells: dict[Key, _Cell] = defaultdict(_Cell)
    for case in cases:
        own = case_signals.get(case.pk, [])
        main = max(own, key=lambda s: (s.arrears_cents, -s.pk)).kind if own else ""
        cell = cells[(_month(case.opened_on), case.neighbourhood_id, main)]
        cell.cases += 1
        cell.closed += case.state == Case.State.CLOSED
        cell.helped += case.outcome == Case.Outcome.ACCEPTED
        if case.first_contact_on is not None:
            cell.reached += 1
            days = (case.first_contact_on - case.opened_on).days
            cell.days[days] = cell.days.get(days, 0) + 1
        for signal in own:
            cells[(_month(signal.signalled_on), case.neighbourhood_id, signal.kind)].signals += 1
    by_address = _neighbourhoods_by_address(loose)
    for signal in loose:
        hood = by_address.get((signal.postcode, signal.house_number, signal.addition.upper()))
        cells[(_month(signal.signalled_on), hood, signal.kind)].signals += 1
    return cells


def _add(cells: dict[Key, _Cell]) -> None:
    for (month, hood, kind), cell in cells.items():
        row, _created = SignalStatistic.objects.select_for_update().get_or_create(
            month=month, neighbourhood_id=hood, kind=kind
        )
        row.signals += cell.signals
        row.cases += cell.cases
        row.reached += cell.reached
        row.helped += cell.helped
        row.closed += cell.closed
        row.contact_days_sum += sum(d * n for d, n in cell.days.items())
        row.contact_days_count += sum(cell.days.values())
        spread = {int(k): v for k, v in row.contact_days.items()}
        for days, n in cell.days.items():
            spread[days] = spread.get(days, 0) + n
        row.contact_days = {str(k): v for k, v in sorted(spread.items())}
        row.save()


def run_retention(*, today: dt.date, actor: Actor) -> tuple[RetentionRun, bool]:
    """Delete what is due on ``today`` after folding it into the statistics. Returns the day's
    run and whether this call did it (``False``: it had run already today)."""
    cutoff = cutoff_for(today)
    with transaction.atomic():
        run, created = RetentionRun.objects.get_or_create(run_on=today, defaults={"cutoff": cutoff})
        if not created:
            return run, False
        cases = list(
            Case.objects.select_for_update().filter(
                state=Case.State.CLOSED, outcome__in=NO_HELP, closed_on__lt=cutoff
            )
        )
        case_ids = [c.pk for c in cases]
        case_signals: dict[int, list[Signal]] = defaultdict(list)
        for signal in Signal.objects.filter(case_id__in=case_ids):
            assert signal.case_id is not None
            case_signals[signal.case_id].append(signal)
        loose = list(
            Signal.objects.filter(
                Q(case__isnull=True),
                link__in=NEVER_LINKED,
                created_at__date__lt=cutoff,
            )
        )
        _add(_fold(cases, case_signals, loose))
        attempts = OutreachAttempt.objects.filter(case_id__in=case_ids).count()
        signal_ids = [s.pk for s in loose] + [s.pk for own in case_signals.values() for s in own]
        Signal.objects.filter(pk__in=signal_ids).delete()
        Case.objects.filter(pk__in=case_ids).delete()  # its attempts go with it
        run.signals_deleted = len(signal_ids)
        run.cases_deleted = len(case_ids)
        run.attempts_deleted = attempts
        run.save(update_fields=["signals_deleted", "cases_deleted", "attempts_deleted"])
        gate.log(
            actor,
            event=Event.SIGNALS_RETENTION,
            outcome=Outcome.GRANTED,
            purpose=Purpose.ADMINISTRATION,
            detail=(
                f"retention {today.isoformat()}: deleted {run.signals_deleted} signals, "
                f"{run.cases_deleted} cases, {run.attempts_deleted} attempts "
                f"(ended before {cutoff.isoformat()})"
            ),
        )
    return run, True


def system_actor(channel: str) -> Actor:
    """Who runs the job: no account; the operating-system user is kept in the log."""
    import getpass

    from django.contrib.auth.models import AnonymousUser

    return Actor(
        user=AnonymousUser(), professional=None, channel=channel, os_user=getpass.getuser()
    )


def run_if_due(*, today: dt.date) -> RetentionRun | None:
    """The worker's daily trigger: run once a day, ``None`` when today's run was done."""
    if RetentionRun.objects.filter(run_on=today).exists():
        return None
    run, did = run_retention(today=today, actor=system_actor("worker"))
    return run if did else None
