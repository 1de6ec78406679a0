"""Figures on the outcome pages: numbers in the page's language, quality marks and comparisons
in words (never colour alone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from nabij.outcomes import selectors
from nabij.outcomes.figures import Cell
from nabij.outcomes.models import Quality

register = template.Library()


@register.filter
def figure(value: Decimal | float | int | None, decimals: int = 0) -> str:
    """``{{ value|figure:1 }}``: 12.345 -> "12,3" in Dutch; a dash for no value."""
    return selectors.format_number(value, int(decimals))


@register.simple_tag
def value_with_unit(value: Decimal | None, decimals: int, unit: str) -> SafeString:
    """The value and its unit ("12,3 %", "45,1 per 1.000 inwoners"); a dash for none. The
    unit is in its own span (smaller beside a large figure)."""
    text = selectors.format_number(value, decimals)
    shown = selectors.shown_unit(unit or "")
    if value is None or not shown:
        return format_html('<span class="fig">{}</span>', text)
    if shown.startswith("€"):
        rest = shown[1:].strip()
        return format_html('<span class="fig">€ {}</span> <span class="unit">{}</span>', text, rest)
    return format_html('<span class="fig">{}</span> <span class="unit">{}</span>', text, shown)


@register.simple_tag
def plain_value(value: Decimal | None, decimals: int, unit: str) -> str:
    """The value with a percent sign where the unit is one, else the number alone (beside a
    headline figure that names the unit)."""
    text = selectors.format_number(value, decimals)
    return f"{text} %" if value is not None and unit == "%" else text


def _mark_words() -> dict[str, str]:
    return {
        Quality.SYNTHETIC: _("synthetic"),
        Quality.PROVISIONAL: _("provisional"),
        Quality.ESTIMATED: _("estimated"),
    }


@register.simple_tag
def marks(found: Any) -> SafeString:
    """The marks of a figure as words: *synthetisch*, voorlopig, geschat."""
    if not found:
        return SafeString("")
    words = _mark_words()
    return format_html_join(
        " ",
        '<span class="q-mark q-mark--{}">{}</span>',
        ((m, words[m]) for m in selectors.MARKED if m in found),
    )


@register.simple_tag
def compared(comparison: selectors.Compare | None, other: Any) -> SafeString:
    """``↑ beter dan 2023``: the arrow shows which way the figure moved, the word whether that
    is better (where the indicator has a better direction)."""
    if comparison is None or not comparison.word:
        return SafeString("")
    texts = {
        "better": _("better than %(other)s"),
        "worse": _("worse than %(other)s"),
        "higher": _("higher than %(other)s"),
        "lower": _("lower than %(other)s"),
        "same": _("same as %(other)s"),
    }
    arrow = {"up": "↑", "down": "↓", "same": "="}.get(comparison.arrow, "")
    return format_html(
        '<span class="cmp cmp--{}"><span aria-hidden="true">{}</span> {}</span>',
        comparison.verdict or "neutral",
        arrow,
        texts[comparison.word] % {"other": other},
    )


@register.simple_tag
def own_value(cell: Cell | None, figure: Any, threshold: int) -> SafeString:
    """One of Nabij's own figures in a cell: the value, or why there is none."""
    if cell is None:
        return SafeString("")
    if cell.suppression == "small":
        return format_html(
            '<span class="suppressed" title="{}">&lt; {}</span>',
            _("fewer than %(threshold)s households") % {"threshold": threshold},
            threshold,
        )
    if cell.suppression == "secondary":
        return format_html('<span class="suppressed">{}</span>', _("not shown"))
    if cell.value is None:
        return format_html('<span class="muted">{}</span>', _("no figure"))
    text = value_with_unit(cell.value, figure.decimals, figure.unit)
    if cell.estimated:
        return format_html("{} {}", text, marks({Quality.ESTIMATED}))
    return text
