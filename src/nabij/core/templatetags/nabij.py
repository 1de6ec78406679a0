from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.formats import date_format, number_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """Integer cents as a euro amount in the active locale: 40000 → "€ 400,00" in Dutch.

    A no-break space joins € and the figure, so an amount never breaks across two lines."""
    if cents is None:
        return ""
    return f"€\u00a0{number_format(cents / 100, decimal_pos=2, force_grouping=True)}"


@register.filter
def day_month_year(value: dt.date | None) -> str:
    """ "18 aug 2026" in Dutch (month abbreviations are lower case there), "18 Aug 2026" in
    English: Django's ``M`` capitalises in every language, ``b`` in none."""
    if value is None:
        return ""
    return date_format(value, pgettext("date format: day, short month, year", "j M Y"))


@register.filter
def day_month(value: dt.date | None) -> str:
    """ "18 aug" in Dutch, "18 Aug" in English (see ``day_month_year``)."""
    if value is None:
        return ""
    return date_format(value, pgettext("date format: day, short month", "j M"))


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


@register.filter
def first_field_id(form: Any) -> str:
    """The id of the form's first visible field: where the error summary points what is not one
    field's error. Empty for a form shown only as a button (no visible fields)."""
    fields = form.visible_fields() if hasattr(form, "visible_fields") else []
    return str(fields[0].id_for_label or "") if fields else ""
