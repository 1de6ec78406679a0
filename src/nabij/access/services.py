"""Writes for the access module: the audit trail, login throttling, API tokens, assignments.

Changes to accounts, roles and teams live in ``services_admin``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone

from nabij.access.models import (
    ApiToken,
    Assignment,
    AuditEvent,
    AuditKind,
    LoginAttempt,
    Professional,
)

if TYPE_CHECKING:
    from nabij.access.gate import Actor


def audit(
    actor: Actor | None,
    kind: AuditKind,
    *,
    subject: User | None = None,
    object_type: str = "",
    object_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one row to the audit trail; the only writer of ``AuditEvent``.

    ``actor`` None is trusted setup code (the demo loader, a data migration), recorded as
    "system". Values before and after must be JSON-serialisable (ids, codes, names).
    """
    account = actor.user if actor is not None and isinstance(actor.user, User) else None
    return AuditEvent.objects.create(
        kind=AuditKind(kind),
        actor=account,
        actor_username=actor.username if actor is not None else "system",
        actor_role=actor.role if actor is not None else "",
        subject=subject,
        subject_username=subject.get_username() if subject is not None else "",
        object_type=object_type[:40],
        object_id=object_id,
        before=dict(before or {}),
        after=dict(after or {}),
        reason=reason[:500],
        client_address=actor.client_address if actor is not None else None,
    )


def login_is_locked(*, username: str, client_address: str | None) -> bool:
    """Too many failures for this username, or from this address, within the lock-out window."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    recent = LoginAttempt.objects.filter(attempted_at__gte=since, succeeded=False)
    limit = settings.LOGIN_MAX_FAILURES
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    return client_address is not None and (
        recent.filter(client_address=client_address).count() >= limit * 4
    )


def login_attempt_record(*, username: str, client_address: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(
        username=username.lower()[:150], client_address=client_address, succeeded=succeeded
    )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> str:
    """Create a token and return its secret; it is shown once and stored only as a digest."""
    secret = "nbj_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=_digest(secret), prefix=secret[4:12])
    return secret


def api_token_user(secret: str) -> AbstractBaseUser | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None


@transaction.atomic
def assignment_start(
    *, household_id: int, professional: Professional, kind: str, has_own_plan: bool = False
) -> Assignment:
    """Assign a professional; a new coordinator ends the previous one's coordination."""
    today = timezone.localdate()
    if kind == Assignment.Kind.COORDINATOR:
        Assignment.objects.select_for_update().filter(
            household_id=household_id, kind=kind, ended_on__isnull=True
        ).update(ended_on=today)
    Assignment.objects.filter(
        household_id=household_id, professional=professional, ended_on__isnull=True
    ).update(ended_on=today)
    return Assignment.objects.create(
        household_id=household_id,
        professional=professional,
        kind=kind,
        has_own_plan=has_own_plan,
        started_on=today,
    )


def assignment_end(*, assignment: Assignment) -> None:
    assignment.ended_on = timezone.localdate()
    assignment.save(update_fields=["ended_on"])
