"""Reads of the cost ledger for one household (already passed through the gate)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from nabij.costs.models import CostLine, Payer
from nabij.people.models import Household


@dataclass(frozen=True)
class HouseholdCosts:
    """One household's yearly cost across all streams and payers, and its trend."""

    year: int
    total_cents: int
    municipality_cents: int
    by_stream: list[tuple[str, int]]
    by_payer: list[tuple[str, int]]
    by_year: list[tuple[int, int]]
    organisation_count: int
    organisations: list[str] = field(default_factory=list)

    @property
    def municipality_share(self) -> float | None:
        if self.total_cents <= 0:
            return None
        return self.municipality_cents / self.total_cents


def household_costs(household: Household, *, year: int | None = None) -> HouseholdCosts:
    """Totals for ``year`` (default: the latest year with costs), by period start.

    Counter-entries carry negative amounts, so plain sums already net out corrections.
    Four aggregate queries, whatever the number of lines.
    """
    lines = CostLine.objects.filter(household=household)
    by_year = list(
        lines.annotate(y=ExtractYear("period_start"))
        .values_list("y")
        .annotate(total=Sum("amount_cents"))
        .order_by("y")
    )
    if year is None:
        year = by_year[-1][0] if by_year else timezone.localdate().year
    in_year = lines.filter(period_start__year=year)
    by_stream = list(
        in_year.values_list("stream").annotate(total=Sum("amount_cents")).order_by("-total")
    )
    by_payer = list(
        in_year.values_list("payer").annotate(total=Sum("amount_cents")).order_by("-total")
    )
    organisations = list(
        in_year.values_list("provider__name")
        .annotate(total=Sum("amount_cents"), n=Count("id"))
        .filter(total__gt=0)
        .order_by("-total")
        .values_list("provider__name", flat=True)
    )
    total = sum(t for _, t in by_stream)
    municipality = sum(t for p, t in by_payer if p == Payer.MUNICIPALITY)
    return HouseholdCosts(
        year=year,
        total_cents=total,
        municipality_cents=municipality,
        by_stream=[(s, t) for s, t in by_stream if t],
        by_payer=[(p, t) for p, t in by_payer if t],
        by_year=[(y, t) for y, t in by_year],
        organisation_count=len(organisations),
        organisations=organisations,
    )
