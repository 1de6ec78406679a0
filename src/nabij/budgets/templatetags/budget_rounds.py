"""Template helpers of the round pages."""

from __future__ import annotations

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
