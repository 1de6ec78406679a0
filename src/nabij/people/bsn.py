"""The BSN (burgerservicenummer) and its 11-test."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def bsn_is_valid(value: str) -> bool:
    """Nine digits whose weighted sum (9..2, and -1 for the last) is divisible by 11.

    An all-zero number passes the arithmetic but is never issued, so it is refused.
    """
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def normalise_bsn(value: str) -> str:
    """Strip spaces and dots people type; pad 8-digit numbers (older BSNs) with a zero."""
    cleaned = value.replace(" ", "").replace(".", "").replace("-", "")
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = "0" + cleaned
    return cleaned


def validate_bsn(value: str) -> None:
    if not bsn_is_valid(normalise_bsn(value)):
        raise ValidationError(
            _("%(value)s is not a valid BSN: it must be 9 digits that pass the 11-test."),
            code="invalid_bsn",
            params={"value": value},
        )


def mask_bsn(value: str) -> str:
    """Show only the last three digits, the way letters from the municipality do."""
    if not value:
        return ""
    return "•" * 6 + value[-3:]
