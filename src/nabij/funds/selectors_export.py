"""The area-fund part of a resident's export (AVG art. 15 and 20): grants and loans the district
team agreed with the household. The caller has passed the gate (``own_household_for``)."""

from __future__ import annotations

from typing import Any

from nabij.funds.models import Agreement
from nabij.people.models import Household


def agreements_data(household: Household) -> list[dict[str, Any]]:
    return [
        {
            "kind": str(a.get_kind_display()),
            "amount_cents": a.amount_cents,
            "what_it_is_for": a.purpose,
            "reciprocity": a.reciprocity,
            "hours_agreed": str(a.hours_agreed) if a.hours_agreed is not None else None,
            "decided_on": a.decided_on.isoformat(),
        }
        for a in Agreement.objects.filter(household=household).order_by("decided_on", "pk")
    ]
