"""The costs part of a resident's export (AVG art. 15 and 20): the household's cost lines that
are not about another adult, and the scenarios weighed for it. The caller has passed the gate
(``own_household_for``) and says whose lines may be read."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Q

from nabij.costs.models import CostLine, Scenario
from nabij.people.models import Household


def cost_lines_data(household: Household, resident_ids: Collection[int]) -> list[dict[str, Any]]:
    """Lines about the household as a whole or about a resident the reader may see; a line
    about another adult (their treatment, their benefit) stays theirs."""
    lines = (
        CostLine.objects.filter(household=household)
        .filter(Q(resident__isnull=True) | Q(resident_id__in=list(resident_ids)))
        .select_related("provider")
        .order_by("period_start", "pk")
    )
    return [
        {
            "resident_id": line.resident_id,
            "provider": line.provider.name,
            "funding_stream": str(line.get_stream_display()),
            "payer": str(line.get_payer_display()),
            "description": line.description,
            "from": line.period_start.isoformat(),
            "until": line.period_end.isoformat(),
            "volume": str(line.volume),
            "unit": str(line.get_unit_display()),
            "amount_cents": line.amount_cents,
            "corrects_line": line.corrects_id,
            "id": line.pk,
        }
        for line in lines
    ]


def scenarios_data(household: Household) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "current_trajectory": s.current_label,
            "alternative": s.alternative_label,
            "horizon_years": s.horizon_years,
            "created_at": s.created_at.isoformat(),
        }
        for s in Scenario.objects.filter(household=household).order_by("created_at", "pk")
    ]
