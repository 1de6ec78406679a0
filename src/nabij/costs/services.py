"""Writes to the cost ledger. Lines are only ever added; a correction is a counter-entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access.gate import Actor
from nabij.access.models import Organisation
from nabij.costs.models import CostLine, FundingStream, Payer, Source, Unit
from nabij.people.models import Household, Resident

# A single cost line above this is almost certainly a typo (cents for euros, an extra zero).
MAX_LINE_CENTS = 10_000_000_00  # €10 million
EARLIEST_PERIOD = dt.date(2000, 1, 1)


def line_problems(
    *,
    stream: str,
    payer: str,
    unit: str,
    period_start: dt.date,
    period_end: dt.date,
    volume: Decimal,
    unit_price_cents: int,
    amount_cents: int,
) -> dict[str, str]:
    """Everything wrong with a new (non-correcting) line, per field; empty when it is sound.

    Shared by manual entry and every import, so a file and a form refuse the same things.
    """
    problems: dict[str, str] = {}
    if stream not in FundingStream.values:
        problems["stream"] = _("Unknown funding stream “%(value)s”.") % {"value": stream}
    if payer not in Payer.values:
        problems["payer"] = _("Unknown payer “%(value)s”.") % {"value": payer}
    if unit not in Unit.values:
        problems["unit"] = _("Unknown unit “%(value)s”.") % {"value": unit}
    if period_end < period_start:
        problems["period_end"] = _("The period ends before it starts.")
    elif period_start < EARLIEST_PERIOD or period_end.year > timezone.localdate().year + 1:
        problems["period_start"] = _("The period lies outside 2000 to next year.")
    if volume <= 0:
        problems["volume"] = _("The volume must be more than zero.")
    if unit_price_cents < 0:
        problems["unit_price_cents"] = _("A unit price cannot be negative.")
    if amount_cents < 0:
        problems["amount_cents"] = _(
            "A cost cannot be negative; correct a line with a counter-entry instead."
        )
    elif amount_cents > MAX_LINE_CENTS:
        problems["amount_cents"] = _("An amount above €10 million for one line is not plausible.")
    return problems


def cost_line_record(
    *,
    actor: Actor,
    household: Household,
    provider: Organisation,
    stream: str,
    payer: str,
    period_start: dt.date,
    period_end: dt.date,
    volume: Decimal,
    unit: str,
    unit_price_cents: int,
    amount_cents: int,
    source: str = Source.MANUAL,
    resident: Resident | None = None,
    product_category: str = "",
    product_code: str = "",
    description: str = "",
    note: str = "",
) -> CostLine:
    """Add one cost line for a household the caller has already passed through the gate."""
    problems = line_problems(
        stream=stream,
        payer=payer,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        volume=volume,
        unit_price_cents=unit_price_cents,
        amount_cents=amount_cents,
    )
    if source not in Source.values:
        problems["source"] = _("Unknown source.")
    if problems:
        raise ValidationError(problems)
    return CostLine.objects.create(
        household=household,
        resident=resident,
        provider=provider,
        stream=stream,
        payer=payer,
        product_category=product_category,
        product_code=product_code,
        description=description.strip(),
        period_start=period_start,
        period_end=period_end,
        volume=volume,
        unit=unit,
        unit_price_cents=unit_price_cents,
        amount_cents=amount_cents,
        source=source,
        note=note.strip(),
        recorded_by=actor.account,
    )


def cost_line_correct(*, actor: Actor, line: CostLine, reason: str) -> CostLine:
    """Cancel a line with its exact counter-entry; the two always sum to zero.

    A line is corrected at most once (a database constraint), and a counter-entry itself is
    never corrected: a mistaken correction is undone by recording the line again.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this line is corrected.")})
    if line.corrects_id is not None:
        raise ValidationError(_("A counter-entry cannot itself be corrected."))
    try:
        with transaction.atomic():
            return CostLine.objects.create(
                household_id=line.household_id,
                resident_id=line.resident_id,
                provider_id=line.provider_id,
                stream=line.stream,
                payer=line.payer,
                product_category=line.product_category,
                product_code=line.product_code,
                description=line.description,
                period_start=line.period_start,
                period_end=line.period_end,
                volume=-line.volume,
                unit=line.unit,
                unit_price_cents=line.unit_price_cents,
                amount_cents=-line.amount_cents,
                source=line.source,
                batch_id=line.batch_id,
                corrects=line,
                note=reason[:300],
                recorded_by=actor.account,
            )
    except IntegrityError as exc:
        raise ValidationError(_("This line has already been corrected.")) from exc
