"""Figures of indicators as people read them: ``12,5%``, ``1.240``, with the unit CBS gives."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from nabij.outcomes.models import Indicator

register = template.Library()

# Units that are a count: the number alone says it.
_COUNTS = frozenset({"", "aantal", "number"})
MAX_DECIMALS = 4


def figure_text(value: Decimal | None, indicator: Indicator) -> str:
    """The value with the indicator's decimals (more where a typed target has them), grouped
    and in the active language, with its unit."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    own = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    decimals = min(max(indicator.decimals, own), MAX_DECIMALS)
    number = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    unit = indicator.unit.strip()
    if unit == "%":
        return f"{number}%"
    if unit.lower() in _COUNTS:
        return number
    return f"{number} {unit}"


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    return figure_text(value, indicator)
