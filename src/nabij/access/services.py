"""Writes for the access module: API tokens, assignments (the login throttle: throttle.py)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone

from nabij.access.models import ApiToken, Assignment, Professional


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
