from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """Integer cents as a euro amount in the active locale: 40000 → "€ 400,00" in Dutch."""
    if cents is None:
        return ""
    return f"€ {number_format(cents / 100, decimal_pos=2, force_grouping=True)}"
