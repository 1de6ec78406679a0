"""Reads of the access module: the administration pages (accounts, requests waiting for
approval, audit trail) and a household's register of third parties' requests (the caller has
passed the gate for the household)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from nabij.access.models import (
    AccessLogEntry,
    Assignment,
    AuditEvent,
    Professional,
    RecordedRequest,
    RoleChangeRequest,
)

if TYPE_CHECKING:
    from nabij.people.models import Household


def recorded_requests(household: Household) -> QuerySet[RecordedRequest]:
    return RecordedRequest.objects.filter(household=household).select_related("recorded_by__user")


def accounts(*, query: str = "", role: str = "") -> QuerySet[Professional]:
    """Every professional with their account, and whether a change waits for approval."""
    waiting = RoleChangeRequest.objects.filter(
        professional=OuterRef("pk"), state=RoleChangeRequest.State.REQUESTED
    )
    rows = Professional.objects.select_related("user", "team", "organisation").annotate(
        has_open_request=Exists(waiting)
    )
    if query:
        rows = rows.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
        )
    if role:
        rows = rows.filter(role=role)
    return rows.order_by("user__last_name", "user__first_name", "user__username")


def account(professional_id: int) -> Professional | None:
    return (
        Professional.objects.select_related("user", "team", "organisation")
        .filter(pk=professional_id)
        .first()
    )


def open_request_for(professional: Professional) -> RoleChangeRequest | None:
    return (
        RoleChangeRequest.objects.select_related("team", "requested_by")
        .filter(professional=professional, state=RoleChangeRequest.State.REQUESTED)
        .first()
    )


def open_request_count() -> int:
    return RoleChangeRequest.objects.filter(state=RoleChangeRequest.State.REQUESTED).count()


def requests() -> tuple[list[RoleChangeRequest], list[RoleChangeRequest]]:
    """Waiting requests (oldest first) and the 50 most recently decided."""
    base = RoleChangeRequest.objects.select_related(
        "professional__user", "professional__organisation", "team", "requested_by", "decided_by"
    )
    waiting = list(base.filter(state=RoleChangeRequest.State.REQUESTED).order_by("requested_at"))
    decided = list(
        base.exclude(state=RoleChangeRequest.State.REQUESTED).order_by("-decided_at")[:50]
    )
    return waiting, decided


def audit_events(*, subject: str = "", kind: str = "") -> QuerySet[AuditEvent]:
    rows = AuditEvent.objects.all()
    if subject:
        rows = rows.filter(subject_username__iexact=subject)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-occurred_at", "-id")


def resident_access_log(resident_id: int) -> QuerySet[AccessLogEntry]:
    """A resident's own view of who read their data (the caller has passed the gate)."""
    return AccessLogEntry.objects.filter(resident_id=resident_id).order_by("-occurred_at", "-id")


def professional(professional_id: int) -> Professional | None:
    """A professional with account and organisation (for naming them in an assignment)."""
    return (
        Professional.objects.select_related("user", "organisation")
        .filter(pk=professional_id)
        .first()
    )


def open_assignment(household: Household, assignment_id: int) -> Assignment | None:
    """One of the household's current assignments (the caller has passed the gate for it)."""
    return Assignment.objects.filter(
        pk=assignment_id, household=household, ended_on__isnull=True
    ).first()
