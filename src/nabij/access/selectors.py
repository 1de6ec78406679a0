"""Reads for the access module; the caller has passed the gate for the household."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from nabij.access.models import RecordedRequest

if TYPE_CHECKING:
    from nabij.people.models import Household


def recorded_requests(household: Household) -> QuerySet[RecordedRequest]:
    return RecordedRequest.objects.filter(household=household).select_related("recorded_by__user")
