"""The lines of "Wie keek in ons dossier": a page of grouped access-log rows (read by
``access.selectors_residents``) in plain words, for the page and the API alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from nabij.access.enums import LOG_ROLES, Outcome
from nabij.access.selectors_residents import ActorName, LogGroup, LogPage
from nabij.portal.log_phrases import describe, purpose_phrase

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
    group: LogGroup, actors: dict[int, ActorName], *, viewer_user_id: int | None
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
