"""Figures on the outcome pages: numbers in the page's language, quality marks and comparisons
in words (never colour alone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
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


_MARKS: dict[tuple[str, frozenset[str]], SafeString] = {}


@register.simple_tag
def marks(found: Any) -> SafeString:
    """The marks of a figure as words: *synthetisch*, voorlopig, geschat (kept per language
    and set of marks: a profile shows hundreds)."""
    if not found:
        return SafeString("")
    key = (get_language() or "", frozenset(found))
    html = _MARKS.get(key)
    if html is None:
        words = _mark_words()
        html = _MARKS[key] = format_html_join(
            " ",
            '<span class="q-mark q-mark--{}">{}</span>',
            ((m, words[m]) for m in selectors.MARKED if m in found),
        )
    return html


@register.simple_tag
def trend_rows(item: selectors.IndicatorProfile, level: str) -> SafeString:
    """The rows of an indicator's table of figures per year, newest first: the year, the
    area's figure and (below the municipality's level) the municipality's, each with its
    marks. Written here rather than in the template: a profile has some 300 of these rows."""
    secret = _("secret")
    with_reference = level != "municipality"

    def cell(point: selectors.Point | None) -> SafeString:
        if point is None:
            return format_html('<td class="num">{}</td>', selectors.format_number(None, 0))
        text = secret if point.secret else selectors.format_number(point.value, item.decimals)
        return format_html('<td class="num">{} {}</td>', text, marks(point.marks))

    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th>{}{}</tr>',
        (
            (period, cell(own), cell(reference) if with_reference else "")
            for period, own, reference in item.trend_rows
        ),
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


@register.simple_tag
def map_rows(data: selectors.IndicatorMap) -> SafeString:
    """The rows of the table beside the map: each area linked to its profile, its district,
    its figure (or "< 10", or why there is none) with its marks; one per area (134)."""

    def value(row: selectors.MapRow) -> SafeString:
        if row.suppressed:
            return format_html('<span class="suppressed">&lt; {}</span>', data.threshold)
        if row.missing:
            return format_html('<span class="muted">{}</span>', row.text)
        return format_html(
            "{} {}", selectors.format_number(row.value, data.decimals), marks(row.marks)
        )

    def district(row: selectors.MapRow) -> SafeString:
        if not row.district_name:
            return SafeString("")
        return format_html(
            '<span class="small muted map-table__district">{}</span>', row.district_name
        )

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a>{}</th><td class="num">{}</td></tr>',
        (
            (reverse("outcomes:profile", args=[row.code]), row.name, district(row), value(row))
            for row in data.rows
        ),
    )
