"""What every parser yields: one cost line as the file states it, before any lookup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class RawLine:
    """One line of a file; ``problems`` holds what could not even be read (bad date, …).

    Amounts are cents as the file states them: ``credit`` says whether the line cancels an
    earlier one (iJw/iWmo DebetCredit C, or a CSV line with ``corrects_reference``).
    """

    place: str
    bsn: str = ""
    provider_name: str = ""
    provider_agb: str = ""
    stream: str = ""
    payer: str = ""
    category: str = ""
    code: str = ""
    description: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    volume: Decimal | None = None
    unit: str = ""
    unit_price_cents: int | None = None
    amount_cents: int | None = None
    credit: bool = False
    reference: str = ""
    corrects_reference: str = ""
    note: str = ""
    # (field, message): what could not be read; ``where(field)`` says where in the file.
    problems: list[tuple[str, str]] = field(default_factory=list)
    # Element paths per field (XML); CSV and XLSX lines point at their line for every field.
    places: dict[str, str] | None = None

    def where(self, key: str) -> str:
        if self.places is None:
            return self.place
        return self.places.get(key, self.place)


@dataclass(slots=True)
class Declaration:
    """The header of an iJw/iWmo declaration message: what the lines are checked against."""

    number: str = ""
    number_path: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    period_path: str = ""
    total_cents: int | None = None  # signed: credit totals are negative
    total_path: str = ""
    sender_agb: str = ""
    sender_path: str = ""
    receiver: str = ""
    receiver_path: str = ""
