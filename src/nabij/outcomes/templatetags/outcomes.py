"""Figures on the outcome pages: numbers in the page's language, quality marks and comparisons
in words (never colour alone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
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
        return format_html(
            '<span class="fig">€\u00a0{}</span> <span class="unit">{}</span>', text, rest
        )
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
    return _marks_in(found, get_language() or "")


def _marks_in(found: Any, language: str) -> SafeString:
    if not found:
        return SafeString("")
    key = (language, frozenset(found))
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
    marks. Written here rather than in the template (a profile has some 300 of these rows),
    from parts that need no escaping: numbers, years and the marks' own safe HTML."""
    secret = escape(_("secret"))
    table = selectors.separators()
    with_reference = level != "municipality"
    language = get_language() or ""

    def cell(point: selectors.Point | None) -> str:
        if point is None:
            return '<td class="num">\u2013</td>'
        text = (
            secret if point.secret else selectors.format_number(point.value, item.decimals, table)
        )
        return f'<td class="num">{text} {_marks_in(point.marks, language)}</td>'

    rows = [
        f'<tr><th scope="row">{int(period)}</th>{cell(own)}'
        f"{cell(reference) if with_reference else ''}</tr>"
        for period, own, reference in item.trend_rows
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - numbers and escaped words only


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
    its figure (or "< 10", or why there is none) with its marks; one per area (134), built
    from escaped names and numbers."""
    table = selectors.separators()
    url = reverse("outcomes:profile", args=["CODE"])
    threshold = int(data.threshold)
    rows = []
    for row in data.rows:
        if row.suppressed:
            value = f'<span class="suppressed">&lt; {threshold}</span>'
        elif row.missing:
            value = f'<span class="muted">{escape(row.text)}</span>'
        else:
            number = selectors.format_number(row.value, data.decimals, table)
            value = f"{number} {marks(row.marks)}"
        district = (
            f'<span class="small muted map-table__district">{escape(row.district_name)}</span>'
            if row.district_name
            else ""
        )
        href = escape(url.replace("CODE", row.code))
        rows.append(
            f'<tr><th scope="row"><a href="{href}">{escape(row.name)}</a>{district}</th>'
            f'<td class="num">{value}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - escaped names, numbers


@register.simple_tag
def trend_chart(
    item: selectors.IndicatorProfile, area_name: str, reference_name: str
) -> SafeString:
    """The trend as an SVG line chart (the area solid with a dot per year, the municipality
    dashed), labelled axes and the latest value, and a key below it. The figures themselves
    are in the table after it, which the chart's title points to. Built from coordinates and
    numbers (no escaping needed) and escaped names: a profile draws some 30 of these."""
    c = item.chart
    if c is None or item.latest is None:
        return SafeString("")
    first = item.trend[0].period if item.trend else item.latest.period
    title = escape(
        _("%(name)s, %(first)s to %(last)s; the figures are in the table below.")
        % {"name": item.indicator.name, "first": first, "last": item.latest.period}
    )
    code = escape(item.code)
    parts = [
        f'<svg class="trend" viewBox="{c.view_box}" role="img" aria-labelledby="t-{code}" '
        f'focusable="false"><title id="t-{code}">{title}</title>'
    ]
    for gy, ty, text in c.y_labels:
        parts.append(
            f'<line class="trend__grid" x1="{c.left}" x2="{c.right}" y1="{gy}" y2="{gy}"/>'
            f'<text class="trend__label" x="{c.label_x}" y="{ty}" text-anchor="end">{text}</text>'
        )
    parts.append(
        f'<line class="trend__axis" x1="{c.left}" x2="{c.right}" y1="{c.bottom}" y2="{c.bottom}"/>'
    )
    for x, anchor, text in c.x_labels:
        parts.append(
            f'<text class="trend__label" x="{x}" y="{c.year_y}" text-anchor="{anchor}">'
            f"{text}</text>"
        )
    if len(c.reference) > 1:
        parts.append(f'<polyline class="trend__reference" points="{c.reference_line}"/>')
    if len(c.points) > 1:
        parts.append(f'<polyline class="trend__line" points="{c.line}"/>')
    parts += [f'<circle class="trend__dot" cx="{p.cx}" cy="{p.cy}" r="3"/>' for p in c.points]
    if c.last is not None:
        parts.append(
            f'<text class="trend__value" x="{c.last.label_x}" y="{c.last.label_y}">'
            f"{c.last_label}</text>"
        )
    parts.append("</svg>\n")
    key = f'<span class="trend-key__area" aria-hidden="true"></span>{escape(area_name)}'
    if len(c.reference) > 1:
        key += (
            ' <span class="trend-key__reference" aria-hidden="true"></span>'
            f"{escape(reference_name)}"
        )
    parts.append(f'<p class="trend-key small">{key}</p>')
    return mark_safe("".join(parts))  # noqa: S308 - numbers, coordinates and escaped names


@register.simple_tag
def indicator_card(
    item: selectors.IndicatorProfile,
    area: selectors.AreaRef,
    municipality: str,
    urbanity: Decimal | None,
) -> SafeString:
    """One indicator's card on a profile: its latest value with marks and year, the change
    since the year before and the difference with the municipality in words, the
    municipality, the Netherlands and similar areas beside it, the trend chart, the table of
    figures per year and the source. Written here (a profile has some 30 cards, and the
    template language takes several times as long); every name is escaped."""
    latest = item.latest
    if latest is None:
        return SafeString("")
    below = area.level != "municipality"
    table = selectors.separators()
    name = escape(item.indicator.name)
    if latest.secret:
        secret = _("secret (CBS)")
        value = f'<span class="fig">{escape(secret)}</span>'
    else:
        value = value_with_unit(latest.value, item.decimals, item.unit)

    def plain(point: selectors.Point | None) -> str:
        if point is None:
            return "\u2013"
        text = selectors.format_number(point.value, item.decimals, table)
        percent = " %" if point.value is not None and item.unit == "%" else ""
        return f"{text}{percent} {marks(point.marks)}"

    comparisons = str(compared(item.vs_previous, item.previous.period if item.previous else ""))
    facts = []
    if below:
        comparisons += f" {compared(item.vs_municipality, municipality)}"
        facts.append(f"<dt>{escape(municipality)}</dt><dd>{plain(item.municipality)}</dd>")
    not_published, netherlands = _("not published"), _("Netherlands")
    country = (
        plain(item.country)
        if item.country is not None
        else f'<span class="muted">{escape(not_published)}</span>'
    )
    facts.append(f"<dt>{escape(netherlands)}</dt><dd>{country}</dd>")
    if below:
        label = _("Similar districts") if area.level == "district" else _("Similar neighbourhoods")
        if item.similar is not None:
            mean = ngettext("mean of %(counter)s", "mean of %(counter)s", item.similar.count) % {
                "counter": item.similar.count
            }
            similar = (
                f"{selectors.format_number(item.similar.value, item.decimals, table)}"
                f"{' %' if item.unit == '%' else ''} {marks(item.similar.marks)} "
                f'<span class="small muted">({escape(mean)})</span>'
            )
        elif urbanity is None:
            unknown = _("urbanity unknown")
            similar = f'<span class="muted">{escape(unknown)}</span>'
        else:
            similar = "\u2013"
        facts.append(f"<dt>{escape(label)}</dt><dd>{similar}</dd>")
    trend = ""
    if item.chart is not None:
        reference_head = f'<th scope="col" class="num">{escape(municipality)}</th>' if below else ""
        per_year, year = _("Figures per year"), _("Year")
        trend = (
            f"{trend_chart(item, area.name, municipality)}"
            f'<details class="trend-table"><summary>{escape(per_year)}</summary>'
            f'<table><caption class="visually-hidden">{name} ({escape(item.unit)})</caption>'
            f'<thead><tr><th scope="col">{escape(year)}</th>'
            f'<th scope="col" class="num">{escape(area.name)}</th>{reference_head}</tr></thead>'
            f"<tbody>{trend_rows(item, area.level)}</tbody></table></details>"
        )
    source = str(escape(item.source_line))
    if item.per_thousand:
        per_thousand = _("shown per 1,000 inhabitants")
        source += f" · {escape(per_thousand)}"
    html = (
        f'<article class="card indicator" id="i-{escape(item.code)}">'
        f'<h3 class="indicator__name">{name}</h3>'
        f'<p class="indicator__value">{value} <span class="indicator__year">{latest.period}</span>'
        f" {marks(latest.marks)}</p>"
        f'<p class="indicator__cmp">{comparisons}</p>'
        f'<dl class="indicator__compare">{"".join(facts)}</dl>'
        f"{trend}"
        f'<p class="indicator__source small muted">{source}</p></article>'
    )
    return mark_safe(html)  # noqa: S308 - escaped names, numbers and the tags' own safe HTML
