"""Small helpers for the broker's pages."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag
def page_query(request: HttpRequest, number: int) -> str:
    """The current query string with another page number, so filters survive paging."""
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


@register.filter
def bar_percent(value: float | int, largest: float | int) -> int:
    """Share of the largest value, for a bar drawn with a progress element."""
    return round(100 * float(value) / float(largest)) if largest else 0


@register.filter
def percent(value: float | None) -> float:
    """A share (0.0012) as a percentage (0.12), for ``floatformat``."""
    return 100 * float(value or 0)
