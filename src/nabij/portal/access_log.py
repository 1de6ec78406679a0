"""The lines of "Wie keek in ons dossier": a page of grouped access-log rows (read by
``access.selectors_residents``) in plain words, for the page and the API alike; on the page
grouped per day and person (role and purpose said once), with the lists the residents' names
appeared in counted apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nabij.access.enums import LOG_ROLES, Outcome
from nabij.access.log_phrases import describe, list_phrase, purpose_phrase
from nabij.access.selectors_residents import ActorName, ListAppearance, LogGroup, LogPage

ROLE_LABELS = dict(LOG_ROLES)


@dataclass(frozen=True)
class Line:
    day: dt.date
    who: str
    is_you: bool
    organisation: str
    team: str
    role: str  # the role, in words
    role_code: str
    what: str  # completes a sentence that starts with ``who``
    refused: bool
    why: str
    purpose: str
    event: str
    on_behalf_of: str
    times: int
    first_at: dt.datetime
    last_at: dt.datetime
    about: list[str]  # whose data: "u", or a child's first name
    about_ids: list[int]


def actor_name(
    group: LogGroup | ListAppearance,
    actors: dict[int, ActorName],
    *,
    viewer_user_id: int | None,
) -> tuple[str, ActorName | None]:
    if group.user_id is not None and group.user_id == viewer_user_id:
        return _("You"), None
    actor = actors.get(group.user_id) if group.user_id is not None else None
    if actor is not None:
        return actor.name, actor
    if group.username == "anonymous":
        return _("Someone who was not logged in"), None
    if group.username.startswith("os:"):
        return _("An administrator on the server"), None
    return group.username, None


def lines(
    page: LogPage, *, viewer_user_id: int | None, names: dict[int, str], viewer_id: int
) -> list[Line]:
    """``names``: first names of the residents whose rows are shown (the viewer: "u")."""
    out = []
    for g in page.groups:
        who, actor = actor_name(g, page.actors, viewer_user_id=viewer_user_id)
        request = page.requests.get(g.request_id) if g.request_id is not None else None
        refused = g.outcome == Outcome.REFUSED
        out.append(
            Line(
                day=g.day,
                who=who,
                is_you=g.user_id is not None and g.user_id == viewer_user_id,
                organisation=actor.organisation if actor is not None else "",
                team=actor.team if actor is not None else "",
                role=str(ROLE_LABELS.get(g.role, g.role)),
                role_code=g.role,
                what=describe(g.event, refused=refused),
                refused=refused,
                why=purpose_phrase(g.purpose),
                purpose=g.purpose,
                event=g.event,
                on_behalf_of=(
                    f"{request.requester} ({request.get_legal_basis_display()})"
                    if request is not None
                    else ""
                ),
                times=g.times,
                first_at=g.first_at,
                last_at=g.last_at,
                about=[
                    _("you") if rid == viewer_id else names.get(rid, "") for rid in g.resident_ids
                ],
                about_ids=g.resident_ids,
            )
        )
    return out


@dataclass
class Person:
    """One person's lines on one day, with what they share said once: who, their role and
    organisation, why (the purpose) and at whose request."""

    who: str
    is_you: bool
    organisation: str
    role: str
    why: str
    on_behalf_of: str
    lines: list[Line] = field(default_factory=list)

    @property
    def all_refused(self) -> bool:
        return all(line.refused for line in self.lines)


@dataclass
class Day:
    day: dt.date
    people: list[Person] = field(default_factory=list)


def by_day_and_person(found: list[Line]) -> list[Day]:
    """The lines (newest first) per day, and per person within a day in the order they last
    acted; a person with two roles or purposes on one day is two groups."""
    days: list[Day] = []
    for line in found:
        if not days or days[-1].day != line.day:
            days.append(Day(line.day))
        key = (line.who, line.role, line.organisation, line.why, line.on_behalf_of)
        person = next(
            (
                p
                for p in days[-1].people
                if (p.who, p.role, p.organisation, p.why, p.on_behalf_of) == key
            ),
            None,
        )
        if person is None:
            person = Person(
                who=line.who,
                is_you=line.is_you,
                organisation=line.organisation,
                role=line.role,
                why=line.why,
                on_behalf_of=line.on_behalf_of,
            )
            days[-1].people.append(person)
        person.lines.append(line)
    return days


@dataclass(frozen=True)
class ListLine:
    """One sentence: whose name stood how often in whose list, and when last."""

    text: str
    times: int
    last_at: dt.datetime
    event: str


def _whose(resident_ids: list[int], *, names: dict[int, str], viewer_id: int) -> str:
    others = [names.get(rid, "") for rid in resident_ids if rid != viewer_id]
    if viewer_id in resident_ids:
        if not others:
            return _("Your name")
        return _("Your name and that of %(names)s") % {"names": ", ".join(others)}
    if len(others) == 1:
        return _("The name of %(name)s") % {"name": others[0]}
    return _("The names of %(names)s") % {"names": ", ".join(others)}


def list_lines(
    found: list[ListAppearance],
    actors: dict[int, ActorName],
    *,
    viewer_user_id: int | None,
    names: dict[int, str],
    viewer_id: int,
) -> list[ListLine]:
    """``Uw naam stond 14 keer in de werklijst van … (wijkcoach), het laatst op …``."""
    out = []
    for item in found:
        who, actor = actor_name(item, actors, viewer_user_id=viewer_user_id)
        role = str(ROLE_LABELS.get(item.role, item.role))
        detail = ", ".join(x for x in (role, actor.organisation if actor else "") if x)
        person = f"{who} ({detail})" if detail else who
        when = date_format(timezone.localtime(item.last_at), "j F Y")
        times = item.times
        text = ngettext(
            "%(whose)s was in %(list)s %(n)s time, on %(when)s.",
            "%(whose)s was in %(list)s %(n)s times, the last time on %(when)s.",
            times,
        ) % {
            "whose": _whose(item.resident_ids, names=names, viewer_id=viewer_id),
            "list": list_phrase(item.event, who=person),
            "n": times,
            "when": when,
        }
        out.append(ListLine(text=text, times=times, last_at=item.last_at, event=item.event))
    return out
