"""Everything Nabij holds about a resident (AVG art. 15 and 20), composed from each app's export
selectors after the gate (``own_household_for``) let the resident in.

Whose data: the resident's own, and their children's under 16 when they have parental authority
(``OwnHousehold.visible_resident_ids``). Of the household, what a member may see: its members by
name and role, the plan, priorities, network, threats, breakthroughs, the costs not about another
adult, the area fund, the professionals, the recorded requests. Never another adult's own
records (their assessments, their cost lines, their neighbourhood help, their log rows), and
never the address when another member's address is protected.

The access log can be long (a hundred thousand rows): the JSON streams it row by row after the
rest, and the readable page shows it grouped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate
from nabij.access.enums import LOG_ROLES, Outcome
from nabij.access.log_phrases import describe, purpose_phrase
from nabij.access.rules import RESIDENT_MIN_AGE
from nabij.access.selectors_residents import (
    ActorName,
    SummaryLine,
    actor_names,
    household_requests,
    log_actor_ids,
    log_rows,
    log_summary,
)
from nabij.assessment.selectors_export import assessments_data, priorities_data
from nabij.conversations.selectors import messages_data
from nabij.costs.selectors_export import cost_lines_data, scenarios_data
from nabij.funds.selectors_export import agreements_data
from nabij.matching.selectors_residents import export_profiles
from nabij.people.selectors_export import (
    household_data,
    memberships_of_residents,
    network_data,
    resident_data,
)
from nabij.plans.selectors_export import (
    breakthroughs_data,
    plan_data,
    plan_history_data,
    threats_data,
)
from nabij.portal.models import CorrectionRequest
from nabij.portal.selectors import processings

FORMAT = "nabij-export/1"
ROLE_LABELS = dict(LOG_ROLES)


def _professionals(own: gate.OwnHousehold) -> list[dict[str, Any]]:
    """Who works with the household, from the assignments the gate already read."""
    return [
        {
            "name": str(a.professional),
            "organisation": a.professional.organisation.name,
            "kind": str(a.get_kind_display()),
            "expertise": a.professional.expertise,
            "started_on": a.started_on.isoformat(),
            "ended_on": a.ended_on.isoformat() if a.ended_on else None,
        }
        for a in own.household.assignments.all()
    ]


def _corrections(resident_id: int) -> list[dict[str, Any]]:
    return [
        {
            "what_is_wrong": c.what_is_wrong,
            "should_be": c.should_be,
            "received_at": c.received_at.isoformat(),
            "answer_due_on": c.due_on.isoformat(),
            "status": str(c.get_status_display()),
            "answer": c.answer,
            "answered_at": c.answered_at.isoformat() if c.answered_at else None,
        }
        for c in CorrectionRequest.objects.filter(resident_id=resident_id).order_by(
            "received_at", "pk"
        )
    ]


def _consents(profiles: list[dict[str, Any]], resident_id: int) -> list[dict[str, Any]]:
    """Processing that rests on consent, and where the resident stands with it."""
    own = next(
        (
            p
            for p in profiles
            if p["resident_id"] == resident_id and p["consent_withdrawn_at"] is None
        ),
        None,
    )
    return [
        {
            "processing": p.name,
            "law": p.law,
            "given": own is not None if p.consent else None,
            "given_at": own["consent_given_at"] if own is not None and p.consent else None,
        }
        for p in processings()
        if p.voluntary
    ]


@dataclass
class Export:
    """Everything but the access-log rows (``data``); those come lazily (``log``)."""

    data: dict[str, Any]
    own: gate.OwnHousehold

    @property
    def subject_ids(self) -> list[int]:
        return self.data["_ids"]  # type: ignore[no-any-return]


def build(own: gate.OwnHousehold) -> Export:
    resident = own.resident
    visible = sorted(own.visible_resident_ids)
    current = own.current_members
    day = timezone.localdate()
    children = [
        m.resident for m in current if m.resident_id in visible and m.resident_id != resident.pk
    ]
    other_adults = any(
        m.resident_id != resident.pk and m.resident.age_on(day) >= RESIDENT_MIN_AGE for m in current
    )
    household = own.household
    profiles = export_profiles(visible)
    data: dict[str, Any] = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "about": _(
            "Everything Nabij holds about you, and about your children under 16 when you "
            "have parental authority over them."
        ),
        "resident": resident_data(resident),
        "children": [resident_data(child) for child in children],
        "memberships": memberships_of_residents(visible),
        "household": household_data(household, current, address_visible=own.address_visible),
        "professionals": _professionals(own),
        "plan": plan_data(household),
        "plan_history": plan_history_data(household),
        "priorities": priorities_data(household),
        "assessments": assessments_data(visible),
        "network": network_data(household, resident.pk),
        "messages": messages_data(household.pk, resident.pk, [m.resident_id for m in current]),
        "threats": threats_data(household, other_adults=other_adults),
        "breakthroughs": breakthroughs_data(household),
        "costs": {
            "lines": cost_lines_data(household, visible),
            "scenarios": scenarios_data(household),
        },
        "area_fund": agreements_data(household),
        "neighbourhood_help": profiles,
        "consents": _consents(profiles, resident.pk),
        "recorded_requests": household_requests(household.pk),
        "correction_requests": _corrections(resident.pk),
        "_ids": visible,
    }
    return Export(data=data, own=own)


def _who(user_id: int | None, username: str, names: dict[int, ActorName], viewer: int) -> str:
    if user_id is not None and user_id == viewer:
        return _("You")
    if user_id is not None and user_id in names:
        return names[user_id].name
    return username


def json_chunks(export: Export, *, viewer_user_id: int) -> Iterator[str]:
    """The export as JSON text, in pieces: everything else first, then every access-log row
    about the resident (and their children), oldest first, each with who and what in words."""
    ids = export.subject_ids
    head = {k: v for k, v in export.data.items() if not k.startswith("_")}
    rows, count = log_rows(ids)
    names = actor_names(log_actor_ids(ids))
    first = json.dumps(head, ensure_ascii=False)
    yield first[:-1] + f', "access_log": {{"count": {count}, "rows": ['
    separator = ""
    for row in rows:
        user_id = row["user_id"]
        actor = names.get(user_id) if user_id is not None else None
        item = {
            "at": row["occurred_at"].isoformat(),
            "about_resident_id": row["resident_id"],
            "who": _who(user_id, row["username"], names, viewer_user_id),
            "organisation": actor.organisation if actor is not None else "",
            "role": str(ROLE_LABELS.get(row["role"], row["role"])),
            "event": row["event"],
            "what": describe(row["event"], refused=row["outcome"] == Outcome.REFUSED),
            "outcome": row["outcome"],
            "purpose": purpose_phrase(row["purpose"]),
            "on_behalf_of": row["on_behalf_of"],
            "channel": row["channel"],
        }
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ","
    yield "]}}"


@dataclass(frozen=True)
class SummaryItem:
    about: str
    who: str
    organisation: str
    role: str
    what: str
    refused: bool
    times: int
    first_at: Any
    last_at: Any


def log_overview(export: Export, *, viewer_user_id: int) -> list[SummaryItem]:
    """The whole access log about the resident (and their children), grouped, for the page."""
    lines, names = log_summary(export.subject_ids)
    first_names = {m.resident_id: m.resident.first_name for m in export.own.current_members}

    def about(line: SummaryLine) -> str:
        if line.resident_id == export.own.resident.pk:
            return _("you")
        return first_names.get(line.resident_id, "")

    return [
        SummaryItem(
            about=about(line),
            who=_who(line.user_id, line.username, names, viewer_user_id),
            organisation=(
                names[line.user_id].organisation
                if line.user_id is not None and line.user_id in names
                else ""
            ),
            role=str(ROLE_LABELS.get(line.role, line.role)),
            what=describe(line.event, refused=line.outcome == Outcome.REFUSED),
            refused=line.outcome == Outcome.REFUSED,
            times=line.times,
            first_at=line.first_at,
            last_at=line.last_at,
        )
        for line in lines
    ]
