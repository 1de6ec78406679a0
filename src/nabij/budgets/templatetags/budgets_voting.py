"""Template filters of the residents' budget pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from nabij.core.templatetags.nabij import euros

register = template.Library()


@register.filter
def euros_round(cents: int | None) -> SafeString:
    """An amount that never wraps, without ",00" for whole euros: "€ 50.000" (B1 text)."""
    if cents is None:
        return format_html("")
    shown = (
        f"€ {number_format(cents // 100, force_grouping=True)}"
        if cents % 100 == 0
        else euros(cents)
    )
    return format_html('<span class="nowrap">{}</span>', shown)


@register.filter
def contains(values: set[int] | list[int], value: int) -> bool:
    return value in values
