"""The dossier's cost panel, so the dossier view need not know about costs."""

from __future__ import annotations

from typing import Any

from django import template

from nabij.costs.selectors import household_cost_summary
from nabij.people.models import Household

register = template.Library()


@register.inclusion_tag("costs/household_panel.html")
def household_cost_panel(household: Household) -> dict[str, Any]:
    """This year's total, the municipality's share and organisations paid: one aggregate query.

    Only for a household the view has already passed through the gate (the dossier does).
    """
    return {"household": household, "summary": household_cost_summary(household)}
