from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """Integer cents as a euro amount in the active locale: 40000 → "€ 400,00" in Dutch.

    A no-break space joins € and the figure, so an amount never breaks across two lines."""
    if cents is None:
        return ""
    return f"€\u00a0{number_format(cents / 100, decimal_pos=2, force_grouping=True)}"


@register.filter
def described(field: BoundField) -> str:
    """The field's widget, pointing at its help text and errors so screen readers announce them."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        ids.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)
