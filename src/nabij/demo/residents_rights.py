"""Demo data for "Wie keek in ons dossier" and the rights in Mijn Nabij.

Gladys Martina has nine professionals from eight organisations around her family. Over the
months the team has known her, each of them opened the dossier, the plan, the assessments or the
costs on working days, some daily, some once a fortnight; some several times on one day (which
her log shows as one line). A wijkcoach of another team tried to open her dossier twice and was
refused. Gladys has parental authority over her three children, so she sees their lines too.
She asked for a correction twelve days ago, still open: her coordinator sees the deadline on
the caseload and in the dossier.

The rows are dated in the past (``access.history``): the gate writes a request's rows "now",
and a demo household has a history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose, Role
from nabij.access.history import LogRow, entry_at, insert_dated
from nabij.access.models import Assignment, Professional
from nabij.people.models import Household, Membership
from nabij.portal.models import CorrectionRequest, one_month_after

GLADYS_CORRECTION = (
    "In het dossier staat dat ik de energierekening niet heb betaald. Die achterstand is in "
    "maart betaald, met de bijzondere bijstand.",
    "Dat de achterstand van de energierekening betaald is.",
)


@dataclass(frozen=True)
class Habit:
    """How often a professional opens what: visits per working day, and the mix of pages."""

    per_day: float
    events: tuple[tuple[Event, int], ...]
    repeat: int = 1  # at most this many opens of the same page on one day


COORDINATOR = Habit(
    0.55,
    (
        (Event.DOSSIER_VIEW, 6),
        (Event.PLAN_VIEW, 3),
        (Event.ASSESSMENT_VIEW, 1),
        (Event.COSTS_READ, 1),
        (Event.NETWORK_VIEW, 1),
    ),
    repeat=4,
)
INVOLVED = Habit(0.18, ((Event.DOSSIER_VIEW, 5), (Event.PLAN_VIEW, 3), (Event.THREAT_VIEW, 1)), 2)
TEAM_LEAD = Habit(0.08, ((Event.DOSSIER_VIEW, 2), (Event.COSTS_READ, 1)))


def _working_days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day < end:
        if day.weekday() < 5:
            yield day
        day += dt.timedelta(days=1)


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    minutes = rng.randint(8 * 60 + 15, 17 * 60 + 30)
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60, rng.randint(0, 59)))
    )


def _rows(
    professional: Professional,
    habit: Habit,
    *,
    household: Household,
    members: list[int],
    purpose: Purpose,
    start: dt.date,
    today: dt.date,
    rng: random.Random,
) -> Iterator[LogRow]:
    actor = gate.Actor(user=professional.user, professional=professional)
    events = [event for event, weight in habit.events for _ in range(weight)]
    for day in _working_days(start, today):
        if rng.random() >= habit.per_day:
            continue
        event = rng.choice(events)
        for _ in range(rng.randint(1, habit.repeat)):
            at = _at(day, rng)
            for resident_id in members:
                yield entry_at(
                    at,
                    actor,
                    event=event,
                    outcome=Outcome.GRANTED,
                    purpose=purpose,
                    resident_id=resident_id,
                    household_id=household.pk,
                )


def _refused(
    household: Household, members: list[int], today: dt.date, rng: random.Random
) -> Iterator[LogRow]:
    """A wijkcoach of another team, twice, months apart: refused (not their household)."""
    outsider = (
        Professional.objects.filter(role=Role.PROFESSIONAL)
        .exclude(team_id=household.team_id)
        .exclude(team__isnull=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if outsider is None:
        return
    actor = gate.Actor(user=outsider.user, professional=outsider)
    for days_ago in (97, 23):
        at = _at(today - dt.timedelta(days=days_ago), rng)
        for resident_id in members:
            yield entry_at(
                at,
                actor,
                event=Event.DOSSIER_VIEW,
                outcome=Outcome.REFUSED,
                purpose=Purpose.CARE,
                resident_id=resident_id,
                household_id=household.pk,
                detail="forbidden",
            )


def gladys_reads(household: Household, *, today: dt.date, seed: int = 2026) -> int:
    """Months of reads by Gladys's professionals and her team's coordinator; returns the
    number of rows written."""
    rng = random.Random(seed)
    members = list(
        Membership.objects.filter(household=household, ended_on__isnull=True)
        .order_by("started_on", "pk")
        .values_list("resident_id", flat=True)
    )
    assignments = list(
        Assignment.objects.filter(household=household, ended_on__isnull=True)
        .select_related("professional__user")
        .order_by("kind", "started_on", "pk")
    )
    known_since = min((a.started_on for a in assignments), default=today - dt.timedelta(days=180))
    rows: list[LogRow] = []
    for a in assignments:
        habit = COORDINATOR if a.kind == Assignment.Kind.COORDINATOR else INVOLVED
        rows += _rows(
            a.professional,
            habit,
            household=household,
            members=members,
            purpose=Purpose.CARE,
            start=max(a.started_on, known_since),
            today=today,
            rng=rng,
        )
    for lead in Professional.objects.filter(
        team_id=household.team_id, role=Role.TEAM_COORDINATOR
    ).select_related("user"):
        rows += _rows(
            lead,
            TEAM_LEAD,
            household=household,
            members=members,
            purpose=Purpose.COORDINATION,
            start=known_since,
            today=today,
            rng=rng,
        )
    rows += _refused(household, members, today, rng)
    rows.sort(key=lambda row: row.occurred_at)
    return insert_dated(rows)


def gladys_correction(household: Household, *, today: dt.date) -> CorrectionRequest | None:
    """Gladys's open request to correct her file, received twelve days ago."""
    head = (
        Membership.objects.filter(household=household, ended_on__isnull=True, role="head")
        .select_related("resident")
        .first()
    )
    if head is None:
        return None
    received = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=12), dt.time(20, 14))
    )
    wrong, right = GLADYS_CORRECTION
    return CorrectionRequest.objects.create(
        resident=head.resident,
        household=household,
        what_is_wrong=wrong,
        should_be=right,
        received_at=received,
        due_on=one_month_after(timezone.localdate(received)),
    )


def residents_rights_load(scenarios: dict[str, Household], today: dt.date | None = None) -> None:
    """Gladys: parental authority over her children, a long access log, an open correction."""
    gladys = scenarios.get("gladys")
    if gladys is None:
        return
    today = today or timezone.localdate()
    # Gladys raises her three children alone: she has parental authority (gezag) over them,
    # so Mijn Nabij shows her their data and who looked at them.
    Membership.objects.filter(household=gladys, ended_on__isnull=True, role="head").update(
        parental_authority=True
    )
    gladys_reads(gladys, today=today)
    gladys_correction(gladys, today=today)
