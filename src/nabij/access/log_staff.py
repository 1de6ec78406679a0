"""A page of a resident's access log for professionals (NEN 7513, ``people:access_log``) in words
and grouped: per day, per person with their role, purpose and the request they acted on said
once, and each action in words. Consecutive appearances in the same list (a work list shown
again and again) are one row with a count, the first and the last time; every row stays in the
log and in the API (``GET /api/v1/residents/{id}/access-log``) one by one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from nabij.access.enums import LIST_EVENTS, LOG_ROLES, Outcome, Purpose
from nabij.access.log_phrases import describe
from nabij.access.models import AccessLogEntry
from nabij.access.selectors_residents import actor_names

ROLE_LABELS = dict(LOG_ROLES)
PURPOSE_LABELS = dict(Purpose.choices)


@dataclass
class Row:
    first_at: dt.datetime
    last_at: dt.datetime
    event: str
    what: str
    refused: bool
    channel: str
    listed: bool
    times: int = 1


@dataclass
class Person:
    who: str
    username: str
    organisation: str
    role: str
    purpose: str
    on_behalf_of: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Day:
    day: dt.date
    people: list[Person] = field(default_factory=list)


def staff_days(entries: Iterable[AccessLogEntry]) -> list[Day]:
    """``entries`` newest first (one page of the log): one query for the actors' names."""
    rows = list(entries)
    names = actor_names({e.user_id for e in rows if e.user_id is not None})
    days: list[Day] = []
    for entry in rows:
        day = timezone.localtime(entry.occurred_at).date()
        if not days or days[-1].day != day:
            days.append(Day(day))
        actor = names.get(entry.user_id) if entry.user_id is not None else None
        role = str(ROLE_LABELS.get(entry.role, entry.role))
        purpose = str(PURPOSE_LABELS.get(entry.purpose, entry.purpose))
        key = (entry.username, role, purpose, entry.on_behalf_of)
        person = next(
            (p for p in days[-1].people if (p.username, p.role, p.purpose, p.on_behalf_of) == key),
            None,
        )
        if person is None:
            person = Person(
                who=actor.name if actor is not None else entry.username,
                username=entry.username,
                organisation=actor.organisation if actor is not None else "",
                role=role,
                purpose=purpose,
                on_behalf_of=entry.on_behalf_of,
            )
            days[-1].people.append(person)
        refused = entry.outcome == Outcome.REFUSED
        listed = entry.event in LIST_EVENTS
        last = person.rows[-1] if person.rows else None
        if (
            listed
            and last is not None
            and last.listed
            and (last.event, last.refused, last.channel) == (entry.event, refused, entry.channel)
        ):
            last.times += 1
            last.first_at = entry.occurred_at  # newest first: this one is older
            continue
        person.rows.append(
            Row(
                first_at=entry.occurred_at,
                last_at=entry.occurred_at,
                event=entry.event,
                what=describe(entry.event, refused=refused),
                refused=refused,
                channel=entry.channel,
                listed=listed,
            )
        )
    return days
