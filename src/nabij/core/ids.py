"""Ids and offsets in range: a number past what the database can hold is a 404 or a 422, never
a crash on the way to the database (and never an access-log row that cannot be written).

Primary keys are 64-bit signed integers on SQLite and PostgreSQL alike, so every id that comes
from outside (a URL, a query string, a JSON body) is checked against ``1..MAX_ID`` before it is
used: pages through the ``<id:...>`` path converter, the API through the ``Id`` and ``BodyId``
types and ``Pagination``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.urls import register_converter
from django.urls.converters import get_converters
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.params.functions import Path

MAX_ID = 2**63 - 1
# No list in Nabij comes near a billion rows; past this an offset is a probe, not a page.
MAX_OFFSET = 1_000_000_000


def in_range(value: int | None) -> bool:
    """Whether ``value`` can be a primary key (``1..MAX_ID``)."""
    return value is not None and 1 <= value <= MAX_ID


class IdConverter:
    """``<id:name>`` in URL patterns: a positive id that fits in 64 bits, else no match (404)."""

    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # Django reads this as "no match": the 404 page
        return number

    def to_url(self, value: Any) -> str:
        number = int(value)
        if not in_range(number):
            raise ValueError(value)
        return str(number)


if "id" not in get_converters():
    register_converter(IdConverter, "id")

# A path id in the API: out of range answers 422 problem+json before the handler runs.
Id = Annotated[int, Path(..., ge=1, le=MAX_ID)]
# An id inside a JSON body: the same range.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination with an offset that stays inside what SQL accepts."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


F = TypeVar("F", bound=Callable[..., Any])


def paginated(func: F) -> F:
    """``@paginate(Pagination)`` for a handler whose annotations are strings.

    Ninja resolves a wrapped handler's annotations in the wrapper's module, where ``Id`` is
    unknown; resolved here, in the handler's own module, they survive the wrapping.
    """
    func.__annotations__ = typing.get_type_hints(func, include_extras=True)
    return paginate(Pagination)(func)  # type: ignore[no-any-return]
