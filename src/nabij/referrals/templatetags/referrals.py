"""The dossier's Verwijzingen panel, so the dossier view need not know about referrals."""

from __future__ import annotations

from typing import Any

from django import template

from nabij.people.models import Household
from nabij.referrals.selectors import household_referrals, processing

register = template.Library()


@register.inclusion_tag("referrals/_household_panel.html")
def household_referrals_panel(household: Household) -> dict[str, Any]:
    """The referrals about this household: the worry, who referred, consent or legal basis.
    Only for a household the view has already passed through the gate (the dossier does)."""
    referrals = household_referrals(household)
    return {
        "household": household,
        "referrals": referrals,
        "processing": processing() if referrals else None,
    }
