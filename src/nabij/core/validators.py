"""One set of rules for text and dates that describe people, shared by forms, services, API
schemas and the database.

A name is shown on screens, printed in letters, written to the access log and sent to other
systems; an invisible character in it (a NUL, an escape sequence, a right-to-left override, a
zero-width space) makes two names look alike that are not, or corrupts what reads it. Dates
before 1900 are typing errors (the year 215): nobody in a district team's caseload was born then.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

EARLIEST_DATE = dt.date(1900, 1, 1)

# Control (Cc), format (Cf: zero-width and direction marks), surrogates, private use,
# unassigned, and line/paragraph separators. Other spaces (Zs, e.g. a no-break space pasted
# from a letter) become an ordinary space.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_MULTILINE_ALLOWED = frozenset({"\n", "\t"})

# What the database itself refuses (see ``no_control_characters``): the C0 and C1 control
# characters, i.e. category Cc without NUL (PostgreSQL cannot store NUL at all). Written so that
# both Python's ``re`` (SQLite, through Django's REGEXP function) and PostgreSQL read it alike.
DB_CONTROL_CHARACTERS = r"[\x01-\x1f\x7f-\x9f]"


def _forbidden(value: str, *, multiline: bool) -> str | None:
    for ch in value:
        if multiline and ch in _MULTILINE_ALLOWED:
            continue
        if unicodedata.category(ch) in _FORBIDDEN_CATEGORIES:
            return ch
    return None


def _control_error(ch: str) -> ValidationError:
    return ValidationError(
        _(
            "Remove the invisible or control character (U+%(code)04X) from this text; "
            "only letters, digits, punctuation and ordinary spaces are allowed."
        )
        % {"code": ord(ch)},
        code="control_characters",
    )


def clean_text(value: str, *, multiline: bool = False) -> str:
    """The text as stored: NFC, spaces of any kind as ordinary spaces, no surrounding
    whitespace; ``ValidationError`` if an invisible or control character remains.

    ``multiline`` allows line breaks and tabs inside (notes, descriptions), never in names.
    """
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", value)
    value = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in value).strip()
    bad = _forbidden(value, multiline=multiline)
    if bad is not None:
        raise _control_error(bad)
    return value


def validate_plain_text(value: str) -> None:
    """Model-field validator: the value is what ``clean_text`` would store."""
    bad = _forbidden(value, multiline=False)
    if bad is not None:
        raise _control_error(bad)
    if value != value.strip():
        raise ValidationError(
            _("Remove the spaces at the start or the end."), code="surrounding_whitespace"
        )


def validate_not_future(value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("This date cannot lie in the future."), code="future_date")


def validate_plausible_date(value: dt.date) -> None:
    if value < EARLIEST_DATE:
        raise ValidationError(
            _("A date before 1 January 1900 is not plausible; check the year."),
            code="implausible_date",
        )


def validate_past_date(value: dt.date) -> None:
    """A date of birth, or the day something already happened: from 1900 up to today."""
    validate_plausible_date(value)
    validate_not_future(value)


# --- forms --------------------------------------------------------------------------------


class PlainTextField(forms.CharField):
    """A form field for a name or other short text that identifies a person."""

    def to_python(self, value: Any) -> str:
        text: str = super().to_python(value) or ""
        return clean_text(text) if text else text


class PastDateField(forms.DateField):
    """A date of birth or a date that has passed: from 1900 up to today."""

    default_validators = [validate_past_date]


# --- API schemas --------------------------------------------------------------------------


def _api_text(value: str) -> str:
    try:
        return clean_text(value)
    except ValidationError as exc:
        raise PydanticCustomError(exc.code or "invalid", str(exc.messages[0])) from None


def _api_past_date(value: dt.date) -> dt.date:
    try:
        validate_past_date(value)
    except ValidationError as exc:
        raise PydanticCustomError(exc.code or "invalid", str(exc.messages[0])) from None
    return value


PlainText = Annotated[str, AfterValidator(_api_text)]
"""An API string field for a name: cleaned as ``clean_text``; give lengths with ``Field``."""

PastDate = Annotated[dt.date, AfterValidator(_api_past_date)]
"""An API date field for a date of birth or a date that has passed."""


# --- the database -------------------------------------------------------------------------


def no_control_characters(field: str, *, name: str) -> models.CheckConstraint:
    """A check that ``field`` holds no C0/C1 control character, on SQLite and PostgreSQL.

    Format characters (Cf) and NUL are refused by ``clean_text`` only: a portable regular
    expression for them is not worth its cost in every insert.
    """
    return models.CheckConstraint(
        condition=~models.Q(**{f"{field}__regex": DB_CONTROL_CHARACTERS}), name=name
    )


def not_before_1900(field: str, *, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gte": EARLIEST_DATE}), name=name)
