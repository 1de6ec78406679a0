"""Writes to the reference-price catalogue and the price index (administrators only).

One installation serves one municipality, so editing the catalogue here is editing it for that
municipality. Every change raises the price's version: two people editing at once get a
conflict, not a silent overwrite.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.access.models import AuditKind
from nabij.access.services import audit
from nabij.core.errors import ConflictError
from nabij.costs.models import PriceIndex, ReferencePrice, Unit

MAX_PRICE_CENTS = 10_000_000_00  # €10 million per unit is a typo, not a price


def _require_editor(actor: gate.Actor, event: Event) -> None:
    gate.require(actor, rules.can_edit_reference_prices, event=event)


def reference_price_update(
    *,
    actor: gate.Actor,
    price: ReferencePrice,
    version: int,
    name: str,
    amount_cents: int,
    unit: str,
    per: str,
    year: int,
    source: str,
    quality: str,
    note: str,
) -> ReferencePrice:
    """Replace a price's figures and source; refused when someone else saved first."""
    _require_editor(actor, Event.COSTS_PRICE_UPDATE)
    price_source = price.source
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = _("Give the price a name.")
    if amount_cents <= 0 or amount_cents > MAX_PRICE_CENTS:
        problems["amount"] = _("The amount must be more than zero and at most €10 million.")
    if unit not in Unit.values:
        problems["unit"] = _("Unknown unit “%(value)s”.") % {"value": unit}
    if not 1990 <= year <= timezone.localdate().year:
        problems["year"] = _("The price year lies between 1990 and this year.")
    if not source.strip():
        problems["source"] = _("Name the source: a price without one cannot be checked.")
    if quality not in ReferencePrice.Quality.values:
        problems["quality"] = _("Say whether the source is sound or weak.")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        updated = ReferencePrice.objects.filter(pk=price.pk, version=version).update(
            name=name.strip(),
            amount_cents=amount_cents,
            unit=unit,
            per=per.strip(),
            year=year,
            source=source.strip(),
            quality=quality,
            note=note.strip(),
            version=F("version") + 1,
            updated_by=actor.account,
            updated_at=timezone.now(),
        )
        if not updated:
            raise ConflictError(
                _("Someone else changed this price first. Check the figures and save again.")
            )
    before = {"amount_cents": price.amount_cents, "unit": price.unit, "year": price.year}
    price.refresh_from_db()
    audit(
        actor,
        AuditKind.PRICE_CHANGED,
        object_type="reference_price",
        object_id=price.pk,
        before={"key": price.key, **before, "source": price_source},
        after={
            "key": price.key,
            "amount_cents": price.amount_cents,
            "unit": price.unit,
            "year": price.year,
            "source": price.source,
            "version": price.version,
        },
    )
    return price


def price_index_add(*, actor: gate.Actor, year: int, index: Decimal, source: str) -> PriceIndex:
    """A year's index on the same base as the others; a year is added once."""
    _require_editor(actor, Event.COSTS_PRICE_INDEX_CREATE)
    problems: dict[str, str] = {}
    if not 1990 <= year <= timezone.localdate().year:
        problems["year"] = _("The year lies between 1990 and this year.")
    if index <= 0 or index >= 10_000:
        problems["index"] = _("An index is a positive number below 10,000.")
    if not source.strip():
        problems["source"] = _("Name the source of the index.")
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            row = PriceIndex.objects.create(year=year, index=index, source=source.strip())
    except IntegrityError as exc:
        raise ValidationError(
            {"year": _("%(year)s already has a price index.") % {"year": year}}
        ) from exc
    audit(
        actor,
        AuditKind.PRICE_INDEX_ADDED,
        object_type="price_index",
        object_id=row.pk,
        after={"year": year, "index": str(index), "source": row.source},
    )
    return row
