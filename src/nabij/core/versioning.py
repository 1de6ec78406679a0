"""The version check of a plan that several people edit (optimistic concurrency).

A form or API call carries the version it was based on. A change locks the row, refuses a stale
version with ``ConflictError`` (the caller keeps the person's input and shows it again, so
nothing typed is lost), applies itself, and counts the version up. Household plans
(``plans.services``) and area plans (``outcomes.services_plans``) share this check; each keeps
its own history rows.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from nabij.core.errors import ConflictError

V = TypeVar("V", bound=Model)


def lock_at_version(queryset: QuerySet[V], expected_version: int, message: str) -> V:
    """The one row of ``queryset``, locked until the transaction ends; ``ConflictError`` with
    ``message`` (which may name ``%(mine)s`` and ``%(current)s``) when someone saved since the
    caller read ``expected_version``. Call inside ``transaction.atomic``."""
    row = queryset.select_for_update().get()
    current = row.version  # type: ignore[attr-defined]
    if current != expected_version:
        raise ConflictError(message % {"mine": expected_version, "current": current})
    return row
