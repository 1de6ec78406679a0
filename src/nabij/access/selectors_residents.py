"""Reads of the access log for residents: "Wie keek in ons dossier" and the export (Mijn Nabij).

The caller has passed the gate (``own_household_for``) and says whose rows may be read: the
resident's own and those of their children under 16 when they have parental authority
(``OwnHousehold.visible_resident_ids``); never another adult's.

Repeated reads are grouped in SQL: one line per day, actor, event, outcome, purpose and
recorded request, with a count per resident concerned and the first and last time. A page never
groups the whole log: it reads one window of days, found from the ``WINDOW_ROWS``-th newest row
of each resident before the page (an index walk on ``accesslog_resident``), widened to whole
days, so the page costs the same whether the household has a thousand rows or a hundred
thousand (``docs/benchmarks.md``, issue 10).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, DateField, Func, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from nabij.access.models import AccessLogEntry, RecordedRequest

PAGE_GROUPS = 40  # lines on one page
# Rows per resident a page's GROUP BY reads at most, plus the rest of the oldest day it shows.
WINDOW_ROWS = 300
# What a line is grouped by, besides the day.
GROUP_KEY = ("user_id", "username", "role", "event", "outcome", "purpose", "request_id")


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: its newest day, and how many lines of that day earlier pages
    showed already."""

    day: dt.date
    skip: int = 0

    @property
    def token(self) -> str:
        return f"{self.day.isoformat()}.{self.skip}"

    @classmethod
    def parse(cls, token: str) -> Cursor | None:
        """``2025-03-14.12`` (day, lines of it already shown), ``None`` for anything else."""
        day, _, skip = token.partition(".")
        if not skip.isascii() or not skip.isdigit() or len(skip) > 6:
            return None
        try:
            return cls(dt.date.fromisoformat(day), int(skip))
        except ValueError:
            return None


@dataclass(frozen=True)
class ActorName:
    """Who acted, as the access log's user: a professional (name, organisation, role) or a
    resident (their first name)."""

    name: str
    organisation: str = ""
    team: str = ""
    resident_id: int | None = None


class _RowsPerResident:
    """How often a group's action happened: one action on a household writes one row per member
    concerned (one showing of a list, one row per member listed), so the most rows any one
    resident got is the count."""

    rows_per_resident: dict[int, int]

    @property
    def times(self) -> int:
        return max(self.rows_per_resident.values(), default=0)

    @property
    def resident_ids(self) -> list[int]:
        return [rid for rid, n in self.rows_per_resident.items() if n]


@dataclass(frozen=True)
class LogGroup(_RowsPerResident):
    """One line of the resident's log: the same actor did the same thing on one day."""

    day: dt.date
    user_id: int | None
    username: str
    role: str
    event: str
    outcome: str
    purpose: str
    request_id: int | None
    first_at: dt.datetime
    last_at: dt.datetime
    rows_per_resident: dict[int, int]


@dataclass(frozen=True)
class LogPage:
    groups: list[LogGroup]
    actors: dict[int, ActorName]
    requests: dict[int, RecordedRequest]
    next: Cursor | None
    window_from: dt.date | None  # the oldest day this page could show, when the log goes on


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the current time zone (Europe/Amsterdam)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _rows(
    resident_ids: Collection[int],
    *,
    exclude_user_id: int | None,
    exclude_events: Collection[str] = (),
) -> QuerySet[AccessLogEntry]:
    rows = AccessLogEntry.objects.filter(resident_id__in=list(resident_ids))
    if exclude_user_id is not None:
        rows = rows.exclude(user_id=exclude_user_id)
    if exclude_events:
        rows = rows.exclude(event__in=sorted(exclude_events))
    return rows


def _window_start(
    resident_ids: Collection[int],
    *,
    upper: dt.datetime | None,
    exclude_user_id: int | None,
    exclude_events: Collection[str] = (),
) -> dt.datetime | None:
    """The start of the oldest day a page needs: the day of the newest ``WINDOW_ROWS + 1``-th
    row (per resident) before ``upper``; ``None`` when every resident has fewer rows left.

    One query: a correlated subquery per resident that walks ``accesslog_resident`` (resident,
    time descending) for ``WINDOW_ROWS`` entries. Never a sort of the whole log.
    """
    from nabij.people.models import Resident

    rows = AccessLogEntry.objects.filter(resident_id=OuterRef("pk"))
    if upper is not None:
        rows = rows.filter(occurred_at__lt=upper)
    if exclude_user_id is not None:
        rows = rows.exclude(user_id=exclude_user_id)
    if exclude_events:
        rows = rows.exclude(event__in=sorted(exclude_events))
    nth = rows.order_by("-occurred_at").values("occurred_at")[WINDOW_ROWS : WINDOW_ROWS + 1]
    found = [
        at
        for at in Resident.objects.filter(pk__in=list(resident_ids))
        .order_by()
        .annotate(nth=Subquery(nth))
        .values_list("nth", flat=True)
        if at is not None
    ]
    if not found:
        return None
    return _day_start(timezone.localtime(max(found)).date())


def actor_names(user_ids: Collection[int]) -> dict[int, ActorName]:
    """Names for the accounts in the log: professionals with organisation and team, residents
    with their first name (one query, none for an empty list)."""
    ids = [uid for uid in user_ids if uid is not None]
    names: dict[int, ActorName] = {}
    users = User.objects.filter(pk__in=ids).select_related(
        "professional__organisation", "professional__team", "resident_account__resident"
    )
    for user in users:
        professional = _related(user, "professional")
        account = _related(user, "resident_account")
        if professional is not None:
            names[user.pk] = ActorName(
                name=user.get_full_name() or user.get_username(),
                organisation=professional.organisation.name,
                team=professional.team.name if professional.team is not None else "",
            )
        elif account is not None:
            names[user.pk] = ActorName(
                name=account.resident.first_name, resident_id=account.resident_id
            )
    return names


def _related(user: User, name: str) -> Any:
    try:
        return getattr(user, name)
    except ObjectDoesNotExist:
        return None


class LocalDate(Func):
    """The calendar day, in the current time zone (Europe/Amsterdam), of a stored time.

    PostgreSQL converts natively (``AT TIME ZONE``, as ``TruncDate``). On SQLite ``TruncDate``
    calls a Python function for every row; here SQLite's own ``date(t, '+N minutes')`` takes
    the offset of the stretch of time the row falls in (a ``CASE`` over the daylight-saving
    changes between ``start`` and ``end``), so grouping a window of rows by day stays in C.
    """

    output_field = DateField()

    def __init__(self, expression: Any, *, start: dt.datetime, end: dt.datetime) -> None:
        super().__init__(expression)
        self.start, self.end = start, end

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:  # type: ignore[override]
        return compiler.compile(TruncDate(*self.get_source_expressions()))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        column, column_params = compiler.compile(self.get_source_expressions()[0])
        segments = offset_segments(self.start, self.end)
        # Newest first: most rows are recent and stop at the first branch.
        branches = []
        params: list[Any] = []
        for since, minutes in reversed(segments[1:]):
            branches.append(f"WHEN {column} >= %s THEN %s")
            params += [*column_params, connection.ops.adapt_datetimefield_value(since)]
            params.append(f"{minutes:+d} minutes")
        params.append(f"{segments[0][1]:+d} minutes")
        case = f"CASE {' '.join(branches)} ELSE %s END" if branches else "%s"
        return f"date({column}, {case})", [*column_params, *params]


@functools.cache
def _offset_changes(tzname: str, year: int) -> tuple[tuple[dt.datetime, int], ...]:
    """The moments (UTC) in ``year`` at which the zone's offset changes, with the offset in
    minutes from then on; found day by day, then to the minute."""
    zone = zoneinfo.ZoneInfo(tzname)

    def offset(at: dt.datetime) -> int:
        delta = at.astimezone(zone).utcoffset() or dt.timedelta()
        return int(delta.total_seconds() // 60)

    changes = []
    day = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    before = offset(day)
    while day.year == year:
        following = day + dt.timedelta(days=1)
        after = offset(following)
        if after != before:
            low, high = day, following  # the change lies in (low, high]
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if offset(middle) == before:
                    low = middle
                else:
                    high = middle
            changes.append((high.replace(second=0, microsecond=0), after))
            before = after
        day = following
    return tuple(changes)


def offset_segments(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, int]]:
    """``[(since, minutes), ...]``: the zone's UTC offset from ``start`` (the first entry's
    ``since``) to ``end``, one entry per stretch."""
    tzname = str(timezone.get_current_timezone())
    start_utc, end_utc = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    first = start_utc.astimezone(timezone.get_current_timezone()).utcoffset() or dt.timedelta()
    segments = [(start_utc, int(first.total_seconds() // 60))]
    for year in range(start_utc.year, end_utc.year + 1):
        for at, minutes in _offset_changes(tzname, year):
            if start_utc < at <= end_utc:
                segments.append((at, minutes))
    return segments


# Rows before this are none of Nabij's (it did not exist): the oldest a window can reach.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def log_page(
    resident_ids: Collection[int],
    *,
    cursor: Cursor | None = None,
    exclude_user_id: int | None = None,
    exclude_events: Collection[str] = (),
    page_groups: int = PAGE_GROUPS,
) -> LogPage:
    """One page of grouped lines about ``resident_ids``, newest first.

    ``exclude_user_id``: leave out what that account did (the resident's "only others");
    ``exclude_events``: leave out these events (the page shows list appearances apart,
    ``list_appearances``).
    """
    ids = sorted(set(resident_ids))
    upper = _day_start(cursor.day + dt.timedelta(days=1)) if cursor is not None else None
    skip = cursor.skip if cursor is not None else 0
    lower = (
        _window_start(
            ids, upper=upper, exclude_user_id=exclude_user_id, exclude_events=exclude_events
        )
        if ids
        else None
    )
    rows = _rows(ids, exclude_user_id=exclude_user_id, exclude_events=exclude_events)
    if upper is not None:
        rows = rows.filter(occurred_at__lt=upper)
    if lower is not None:
        rows = rows.filter(occurred_at__gte=lower)
    per_resident = {f"n_{rid}": Count("pk", filter=Q(resident_id=rid)) for rid in ids}
    day = LocalDate(
        "occurred_at",
        start=lower or EPOCH,
        end=upper or timezone.now() + dt.timedelta(days=1),
    )
    grouped = (
        rows.annotate(day=day)
        .values("day", *GROUP_KEY)
        .annotate(first_at=Min("occurred_at"), last_at=Max("occurred_at"), **per_resident)
        .order_by("-day", "-last_at", "event", "username", "user_id", "outcome", "purpose")
    )
    found = list(grouped[skip : skip + page_groups + 1]) if ids else []
    groups = [
        LogGroup(
            day=row["day"],
            user_id=row["user_id"],
            username=row["username"],
            role=row["role"],
            event=row["event"],
            outcome=row["outcome"],
            purpose=row["purpose"],
            request_id=row["request_id"],
            first_at=row["first_at"],
            last_at=row["last_at"],
            rows_per_resident={rid: row[f"n_{rid}"] for rid in ids},
        )
        for row in found[:page_groups]
    ]
    following = found[page_groups] if len(found) > page_groups else None
    next_cursor: Cursor | None = None
    if following is not None:
        last_day = groups[-1].day
        if following["day"] == last_day:
            before = skip if cursor is not None and cursor.day == last_day else 0
            shown = sum(1 for g in groups if g.day == last_day)
            next_cursor = Cursor(last_day, before + shown)
        else:
            next_cursor = Cursor(following["day"], 0)
    elif lower is not None:
        next_cursor = Cursor(timezone.localtime(lower).date() - dt.timedelta(days=1), 0)
    request_ids = {g.request_id for g in groups if g.request_id is not None}
    return LogPage(
        groups=groups,
        actors=actor_names({g.user_id for g in groups if g.user_id is not None}),
        requests={r.pk: r for r in RecordedRequest.objects.filter(pk__in=request_ids)},
        next=next_cursor,
        window_from=timezone.localtime(lower).date() if lower is not None else None,
    )


@dataclass(frozen=True)
class ListAppearance(_RowsPerResident):
    """How often one actor's list (one event, role and purpose) showed these residents' names
    in a stretch of time."""

    user_id: int | None
    username: str
    role: str
    event: str
    purpose: str
    first_at: dt.datetime
    last_at: dt.datetime
    rows_per_resident: dict[int, int]


def list_appearances(
    resident_ids: Collection[int],
    events: Collection[str],
    *,
    page: LogPage,
    cursor: Cursor | None,
    exclude_user_id: int | None = None,
) -> tuple[list[ListAppearance], dict[int, ActorName]]:
    """The rows of ``events`` (lists) about these residents in the days a page of the other
    rows covers (``log_page`` with ``exclude_events=events``), grouped per actor, list, role
    and purpose: one query, most recent first.

    The days: up to the day of ``cursor`` (all of it) and, when there are older lines, after
    the day the next page starts on; so consecutive pages count each day once.
    """
    ids = sorted(set(resident_ids))
    if not ids or not events:
        return [], {}
    rows = _rows(ids, exclude_user_id=exclude_user_id).filter(event__in=sorted(events))
    if cursor is not None:
        rows = rows.filter(occurred_at__lt=_day_start(cursor.day + dt.timedelta(days=1)))
    if page.next is not None:
        rows = rows.filter(occurred_at__gte=_day_start(page.next.day + dt.timedelta(days=1)))
    per_resident = {f"n_{rid}": Count("pk", filter=Q(resident_id=rid)) for rid in ids}
    grouped = (
        rows.values("user_id", "username", "role", "event", "purpose")
        .annotate(first_at=Min("occurred_at"), last_at=Max("occurred_at"), **per_resident)
        .order_by("-last_at", "event", "username")
    )
    found = [
        ListAppearance(
            user_id=row["user_id"],
            username=row["username"],
            role=row["role"],
            event=row["event"],
            purpose=row["purpose"],
            first_at=row["first_at"],
            last_at=row["last_at"],
            rows_per_resident={rid: row[f"n_{rid}"] for rid in ids},
        )
        for row in grouped
    ]
    return found, actor_names({a.user_id for a in found if a.user_id is not None})


# --- The export (AVG art. 15 and 20) -------------------------------------------------------------


@dataclass(frozen=True)
class SummaryLine:
    """Over the whole log: how often an actor did one thing to one resident's data."""

    resident_id: int
    user_id: int | None
    username: str
    role: str
    event: str
    outcome: str
    times: int
    first_at: dt.datetime
    last_at: dt.datetime


def log_summary(resident_ids: Collection[int]) -> tuple[list[SummaryLine], dict[int, ActorName]]:
    """The whole log about these residents, grouped by resident, actor, event and outcome (one
    GROUP BY over their rows), most frequent first; with the actors' names."""
    grouped = (
        AccessLogEntry.objects.filter(resident_id__in=list(resident_ids))
        .values("resident_id", "user_id", "username", "role", "event", "outcome")
        .annotate(times=Count("pk"), first_at=Min("occurred_at"), last_at=Max("occurred_at"))
        .order_by("resident_id", "-times", "event", "username")
    )
    lines = [SummaryLine(**row) for row in grouped]
    return lines, actor_names({line.user_id for line in lines if line.user_id is not None})


EXPORT_FIELDS = (
    "occurred_at",
    "resident_id",
    "user_id",
    "username",
    "role",
    "event",
    "outcome",
    "purpose",
    "on_behalf_of",
    "channel",
)


def log_rows(resident_ids: Collection[int]) -> tuple[Iterator[dict[str, Any]], int]:
    """Every row about these residents, oldest first, streamed in chunks, and their number.

    The client address is left out: it is the professional's, not the resident's data.
    """
    rows = AccessLogEntry.objects.filter(resident_id__in=list(resident_ids))
    # The rows there are now: a read logged while the export streams is not half in it.
    last = rows.aggregate(last=Max("pk"))["last"] or 0
    rows = rows.filter(pk__lte=last)
    count = rows.count()
    ordered = rows.order_by("occurred_at", "id").values(*EXPORT_FIELDS)
    return ordered.iterator(chunk_size=5_000), count


def log_actor_ids(resident_ids: Collection[int]) -> set[int]:
    """The accounts that appear in the log about these residents (for their names)."""
    return set(
        AccessLogEntry.objects.filter(resident_id__in=list(resident_ids), user_id__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )


def household_requests(household_id: int) -> list[dict[str, Any]]:
    """Third parties' requests recorded for the household (their legal basis and validity)."""
    return [
        {
            "requester": r.requester,
            "legal_basis": str(r.get_legal_basis_display()),
            "reference": r.reference,
            "received_on": r.received_on.isoformat(),
            "valid_until": r.valid_until.isoformat(),
        }
        for r in RecordedRequest.objects.filter(household_id=household_id).order_by(
            "received_on", "pk"
        )
    ]
