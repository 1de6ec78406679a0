"""Dates in the export page: the export holds ISO text (for the JSON); residents read "6 december
2026"."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def iso_date(value: str | None) -> str:
    """An ISO date or time as a date in words ("6 december 2026"); anything else as it is."""
    if not value:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if parsed.tzinfo is not None:
        parsed = timezone.localtime(parsed)
    return formats.date_format(parsed.date(), "j F Y")
