"""Reading one field of a CSV or XLSX cell: dates, decimals, euros; each error says what it saw."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

_EUROS = re.compile(r"^(-?)(\d{1,12})(?:[.,](\d{1,2}))?$")
_DECIMAL = re.compile(r"^-?\d{1,10}(?:[.,]\d{1,2})?$")


class FieldError(ValueError):
    """A value that cannot be read; the message is meant for the person who made the file."""


def text(value: Any) -> str:
    if type(value) is str:  # the common case first: every CSV cell
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def date(value: Any) -> dt.date:
    """ISO 2026-03-31 or Dutch 31-03-2026; an XLSX date cell arrives as a date already."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = value.strip() if type(value) is str else text(value)
    try:
        if len(raw) == 10 and raw[4] == "-":
            return dt.date.fromisoformat(raw)
        if len(raw) == 10 and raw[2] == "-":
            day, month, year = raw.split("-")
            return dt.date(int(year), int(month), int(day))
    except ValueError:
        pass
    raise FieldError(_("“%(value)s” is not a date (use 2026-03-31).") % {"value": raw[:40]})


def decimal(value: Any) -> Decimal:
    """A volume: up to two decimals, dot or comma, no thousands separators."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    raw = value.strip() if type(value) is str else text(value)
    whole, separator, fraction = raw.replace(",", ".").partition(".")
    if (
        whole.isascii()
        and whole.isdigit()
        and len(whole) <= 10
        and (not separator or (fraction.isascii() and fraction.isdigit() and len(fraction) <= 2))
    ):  # the common case without a regular expression
        return Decimal(f"{whole}.{fraction}" if separator else whole)
    if not _DECIMAL.match(raw):
        raise FieldError(
            _("“%(value)s” is not a number (up to two decimals, no thousands separators).")
            % {"value": raw[:40]}
        )
    return Decimal(raw.replace(",", "."))


def euros_to_cents(value: Any) -> int:
    """An amount in euros (12,50 or 12.50 or -12.50) as integer cents, without float rounding."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value * 100
    if isinstance(value, float):
        try:
            return int((Decimal(str(value)) * 100).quantize(Decimal(1), ROUND_HALF_UP))
        except InvalidOperation as exc:  # pragma: no cover - a float is always a Decimal
            raise FieldError(str(value)) from exc
    raw = value.strip() if type(value) is str else text(value)
    negative = raw.startswith("-")
    whole, separator, fraction = raw[negative:].replace(",", ".").partition(".")
    if (
        whole.isascii()
        and whole.isdigit()
        and len(whole) <= 12
        and (not separator or (fraction.isascii() and fraction.isdigit() and len(fraction) <= 2))
    ):  # the common case without a regular expression
        cents = int(whole) * 100 + (int(fraction.ljust(2, "0")) if separator else 0)
        return -cents if negative else cents
    raw = raw.replace("€", "").strip()
    match = _EUROS.match(raw)
    if not match:
        raise FieldError(
            _("“%(value)s” is not an amount in euros (such as 1250,00; no thousands separators).")
            % {"value": raw[:40]}
        )
    sign, whole, fraction = match.groups()
    cents = int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
    return -cents if sign else cents


def cents_of(volume: Decimal, unit_price_cents: int) -> int:
    """Volume times unit price, rounded half up to whole cents: what a line should amount to."""
    return int((volume * unit_price_cents).quantize(Decimal(1), ROUND_HALF_UP))
