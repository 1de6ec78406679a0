"""The dossier's Berichten panel, so the dossier view need not know about messages."""

from __future__ import annotations

from typing import Any

from django import template

from nabij.conversations.selectors import household_counts
from nabij.people.models import Household

register = template.Library()


@register.inclusion_tag("conversations/household_panel.html")
def household_messages_panel(household: Household) -> dict[str, Any]:
    """How many messages, how many not read yet: counts only, one aggregate query. Only for a
    household the view has already passed through the gate (the dossier does)."""
    return {"household": household, "counts": household_counts(household)}
