"""Template helpers of the round pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def round_action_url(name: str, round_id: int) -> str:
    """The address of a resident's action on a round (``urls_voting``: propose, vote, the
    result), or ``""`` where that page does not exist (then the link is left out)."""
    try:
        return reverse(name, kwargs={"round_id": round_id})
    except NoReverseMatch:
        return ""


@register.inclusion_tag("budgets/rounds/_district_section.html")
def district_budgets(district: Any) -> dict[str, Any]:
    """The district's rounds and its projects carried out, for the area profile."""
    from nabij.budgets import selectors_rounds

    return {"district": district, "budgets": selectors_rounds.district_overview(district)}
