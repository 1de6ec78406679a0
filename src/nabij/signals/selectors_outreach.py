"""Reads for the team's outreach on arrears signals ("Vroegsignalering"): the team's open cases,
strongest first, and one case with its signals and attempts. Cases are personal data: every read
goes through the gate's log (``gate.log``, ``gate.log_listed``), granted or refused.

Who: the members of the case's district team with a case role (professionals and the team
coordinator). A case of another team, or one that does not exist, is one answer (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Prefetch, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.gate import AccessDenied, Actor, NotFound
from nabij.core.ids import in_range
from nabij.signals.models import Case, OutreachAttempt, Signal
from nabij.signals.workdays import working_days_between


def may_work_on_case(actor: Actor, team_id: int) -> bool:
    """A professional or team coordinator of the case's team."""
    professional = actor.professional
    return (
        rules.has_case_role(professional)
        and professional is not None
        and professional.team_id is not None
        and professional.team_id == team_id
    )


@dataclass(frozen=True)
class Due:
    """Where a case stands against its deadline, in working days."""

    due_on: dt.date
    overdue: bool
    working_days: int  # left (not overdue) or late (overdue)
    contacted: bool = False  # the deadline is for first contact: met, whatever the date

    @property
    def label(self) -> str:
        if self.contacted:
            return _("first contact made")
        if not self.overdue:
            if self.working_days == 0:
                return _("due today")
            return ngettext(
                "%(n)s working day left", "%(n)s working days left", self.working_days
            ) % {"n": self.working_days}
        if self.working_days == 0:
            return _("overdue")
        return ngettext("%(n)s working day late", "%(n)s working days late", self.working_days) % {
            "n": self.working_days
        }


def due_status(due_on: dt.date, today: dt.date, *, contacted: bool = False) -> Due:
    if contacted:
        return Due(due_on, False, 0, contacted=True)
    if today <= due_on:
        return Due(due_on, False, working_days_between(today, due_on))
    return Due(due_on, True, working_days_between(due_on, today))


@dataclass(frozen=True)
class CaseRow:
    case: Case
    attempts: int
    due: Due

    @property
    def strong(self) -> bool:
        return self.case.creditor_count >= 2


def team_cases(actor: Actor, *, today: dt.date) -> list[CaseRow]:
    """The open cases of the actor's team, strongest first: two or more creditors, then the
    arrears, then the due date. Every household shown is logged as listed. Three queries."""
    if not rules.has_case_role(actor.professional):
        gate.log(
            actor,
            event=Event.SIGNALS_OUTREACH_LIST,
            outcome=Outcome.REFUSED,
            purpose=Purpose.EARLY_SIGNALS,
        )
        raise AccessDenied
    assert actor.professional is not None
    team_id = actor.professional.team_id
    if team_id is None:
        return []
    cases = list(
        Case.objects.filter(team_id=team_id, state=Case.State.OPEN)
        .select_related("household", "neighbourhood")
        .annotate(
            attempt_count=Count("attempts"),
            strong=When_(
                When(creditor_count__gte=2, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-strong", "-arrears_cents", "due_on", "pk")
    )
    gate.log_listed(
        actor,
        [c.household for c in cases],
        event=Event.SIGNALS_OUTREACH_LIST,
        purpose=Purpose.EARLY_SIGNALS,
    )
    return [
        CaseRow(
            c,
            c.attempt_count,  # type: ignore[attr-defined]
            due_status(c.due_on, today, contacted=c.first_contact_on is not None),
        )
        for c in cases
    ]


def _members(case: Case) -> list[int | None]:
    ids: list[int | None] = [
        m.resident_id for m in case.household.memberships.all() if m.ended_on is None
    ]
    return ids or [None]


def case_for(actor: Actor, case_id: int, *, event: Event) -> Case:
    """The case if the actor works in its team; a granted or refused row for every current
    member of its household either way (``NotFound`` for unknown and forbidden alike)."""
    from nabij.access.models import Assignment
    from nabij.people.models import Membership

    case = (
        Case.objects.select_related("household__team", "neighbourhood__district", "team", "goal")
        .prefetch_related(
            Prefetch(
                "household__memberships",
                queryset=Membership.objects.select_related("resident").order_by("started_on", "id"),
            ),
            Prefetch("household__assignments", queryset=Assignment.objects.all()),
        )
        .filter(pk=case_id)
        .first()
        if in_range(case_id)
        else None
    )
    if case is None:
        gate.log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.EARLY_SIGNALS,
            detail=f"signal case {case_id} not found",
        )
        raise NotFound
    allowed = may_work_on_case(actor, case.team_id)
    gate.log(
        actor,
        event=event,
        outcome=Outcome.GRANTED if allowed else Outcome.REFUSED,
        purpose=Purpose.EARLY_SIGNALS,
        resident_ids=_members(case),
        household_id=case.household_id,
        detail=f"signal case {case.pk}" if allowed else f"signal case {case.pk}: forbidden",
    )
    if not allowed:
        raise NotFound
    return case


@dataclass(frozen=True)
class CasePage:
    case: Case
    signals: list[Signal]
    attempts: list[OutreachAttempt]
    members: list[str]
    due: Due
    may_open_dossier: bool
    attempts_needed: int  # before "not reached" may be chosen

    @property
    def reached(self) -> bool:
        return self.case.first_contact_on is not None


def case_page(actor: Actor, case: Case, *, today: dt.date, max_attempts: int) -> CasePage:
    """What the case page shows of a case the gate let through."""
    signals = list(case.signals.select_related("creditor").order_by("-arrears_cents", "pk"))
    attempts = list(case.attempts.select_related("made_by").order_by("made_on", "pk"))
    members = [m.resident.full_name for m in case.household.memberships.all() if m.ended_on is None]
    return CasePage(
        case=case,
        signals=signals,
        attempts=attempts,
        members=members,
        due=due_status(case.due_on, today, contacted=case.first_contact_on is not None),
        may_open_dossier=rules.can_work_on_household(actor.professional, case.household),
        attempts_needed=max(0, max_attempts - len(attempts)),
    )
