"""One domain's SVG panel of the self-reliance chart, built in Python.

The dossier draws eleven of these per assessed member; as template markup (a ``localize``
block, loops and filters per point) they were a large share of the page's CPU time. The
output is the markup ``assessment/_chart.html`` had: the shared axes (``chart.frame``), the
line and one circle per score, with a title and a description for screen readers.
"""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from nabij.assessment.chart import Chart, Point, Series

register = template.Library()


def _said(point: Point) -> str:
    """A score as words, escaped: "10 januari 2024: 2 Ernstige problemen"."""
    return escape(f"{date_format(point.on, 'j F Y')}: {point.level} {point.label}")


@register.simple_tag
def zrm_domain_svg(chart: Chart, series: Series) -> SafeString:
    ids = escape(f"{chart.key}-{series.code}")
    code = escape(series.code)
    title = escape(gettext("%(domain)s: level per assessment") % {"domain": series.name})
    if series.points:
        desc = "; ".join(_said(p) for p in series.points)
    else:
        desc = escape(gettext("Not scored in any assessment."))
    parts = [
        f'<svg class="zrm-svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}" role="img" focusable="false" '
        f'aria-labelledby="{ids}-title {ids}-desc">\n'
        f'        <title id="{ids}-title">{title}</title>\n'
        f'        <desc id="{ids}-desc">{desc}</desc>\n'
        f"        {conditional_escape(chart.frame)}\n"
        f'        <g class="zrm-series" data-domain="{code}">\n'
    ]
    if series.line:
        parts.append(
            f'          <polyline class="zrm-line" points="{series.line}" fill="none" '
            f'stroke="#0a5c63" stroke-width="2" stroke-linejoin="round"/>\n'
        )
    last = len(series.points) - 1
    for i, p in enumerate(series.points):
        latest = i == last
        parts.append(
            f'<circle class="zrm-point{" zrm-point--latest" if latest else ""}" cx="{p.cx}" '
            f'cy="{p.cy}" r="{"5" if latest else "3.5"}" fill="#0a5c63" '
            f'data-level="{p.level}"><title>{_said(p)}</title></circle>'
        )
    parts.append("\n        </g>\n      </svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number
