"""Template filters of the area-fund pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from nabij.core.templatetags.nabij import euros

register = template.Library()


@register.filter
def euros_nowrap(cents: int | None) -> SafeString:
    """An amount inside running text that never breaks between € and its figure."""
    return format_html('<span class="nowrap">{}</span>', euros(cents))
