"""Reads of Mijn Nabij's rights: correction requests (for the resident, the caseload and the
dossier) and the register of processing. The caller has passed the gate for the household or
the resident where personal data are read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from nabij.portal.models import CorrectionRequest, Processing

if TYPE_CHECKING:
    from nabij.people.models import Household


def resident_corrections(resident_id: int) -> QuerySet[CorrectionRequest]:
    """The resident's own requests, newest first."""
    return CorrectionRequest.objects.filter(resident_id=resident_id).order_by("-received_at", "-pk")


@dataclass(frozen=True)
class HouseholdCorrections:
    """The household's requests for the dossier: open ones (earliest deadline first) and the
    ten answered most recently."""

    open: list[CorrectionRequest]
    answered: list[CorrectionRequest]
    today: dt.date

    @property
    def overdue(self) -> bool:
        return any(c.overdue_on(self.today) for c in self.open)

    def all(self) -> list[CorrectionRequest]:
        return self.open + self.answered


def household_corrections(household: Household) -> HouseholdCorrections:
    """Open requests by deadline and the ten last answered, in one query: a household has
    few requests, and the dossier reads them on every view."""
    every = list(
        CorrectionRequest.objects.filter(household=household).select_related(
            "resident", "answered_by"
        )
    )
    open_ = [c for c in every if c.status == CorrectionRequest.Status.OPEN]
    answered = [c for c in every if c.status != CorrectionRequest.Status.OPEN]
    open_.sort(key=lambda c: (c.due_on, c.pk))
    # Newest answer first (a check constraint gives every answered request its time).
    answered.sort(key=lambda c: (c.answered_at is not None, c.answered_at, c.pk), reverse=True)
    return HouseholdCorrections(open=open_, answered=answered[:10], today=timezone.localdate())


def with_open_corrections(households: QuerySet[Household]) -> QuerySet[Household]:
    """The caseload with each household's earliest open deadline (``correction_due``) and the
    number of open requests (``open_corrections``): one subquery each, no query per row."""
    open_ = CorrectionRequest.objects.filter(
        household=OuterRef("pk"), status=CorrectionRequest.Status.OPEN
    )
    due = open_.order_by().values("household").annotate(first=Min("due_on")).values("first")
    count = open_.order_by().values("household").annotate(n=Count("pk")).values("n")
    return households.annotate(
        correction_due=Subquery(due[:1]),
        open_corrections=Coalesce(Subquery(count[:1]), 0),
    )


def processings() -> list[Processing]:
    """The register as residents read it: what is in use, in the administrator's order."""
    return list(Processing.objects.filter(active=True).order_by("position", "name"))


def voluntary_processings() -> list[Processing]:
    return [p for p in processings() if p.voluntary]


def open_correction_count(household: Household) -> int:
    return CorrectionRequest.objects.filter(
        Q(household=household) & Q(status=CorrectionRequest.Status.OPEN)
    ).count()
