"""How an assumption costed from a reference price came about, worded in the active language.

The scenario page shows the arithmetic ("0,25 x € 78.600,46 (jaar; € 60.000,00 van 2014
geïndexeerd naar 2024)"). The figures are kept as data on the assumption (``formula``), so the
words and number formats follow whoever reads the page, not whoever added the assumption.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from nabij.core.templatetags.nabij import euros


def formula_data(
    *,
    quantity: Decimal,
    price_cents: int,
    unit: str,
    year: int,
    source_year: int,
    published_cents: int,
    indexed: bool,
) -> dict[str, Any]:
    """The figures of the arithmetic, JSON-ready (``Assumption.formula``)."""
    return {
        "quantity": f"{quantity.normalize():f}",
        "price_cents": price_cents,
        "unit": unit,
        "year": year,
        "source_year": source_year,
        "published_cents": published_cents,
        "indexed": indexed,
    }


def formula_text(data: dict[str, Any]) -> str:
    """The arithmetic in words and numbers of the active language."""
    from nabij.costs.models import Unit

    try:
        quantity = number_format(Decimal(str(data["quantity"])), use_l10n=True)
        unit = str(Unit(data["unit"]).label) if data["unit"] in Unit.values else str(data["unit"])
        values = {
            "quantity": quantity,
            "price": euros(int(data["price_cents"])),
            "unit": unit,
            "year": data["year"],
            "source_year": data["source_year"],
            "published": euros(int(data["published_cents"])),
        }
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return ""
    if not data.get("indexed"):
        return (
            _(
                "%(quantity)s × %(price)s (%(unit)s, price of %(source_year)s), not indexed: no "  # noqa: RUF001
                "price index for %(year)s"
            )
            % values
        )
    if data["source_year"] != data["year"]:
        return (
            _(
                "%(quantity)s × %(price)s (%(unit)s; %(published)s of %(source_year)s indexed to "  # noqa: RUF001
                "%(year)s)"
            )
            % values
        )
    return _("%(quantity)s × %(price)s (%(unit)s, price of %(year)s)") % values  # noqa: RUF001
