"""Writes to the cost ledger. Lines are only ever added; a correction is a counter-entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access.gate import Actor
from nabij.access.models import Organisation
from nabij.core.errors import ConflictError
from nabij.costs import formulas
from nabij.costs.models import (
    Assumption,
    CostLine,
    FundingStream,
    Payer,
    ReferencePrice,
    Scenario,
    Source,
    Unit,
)
from nabij.people.models import Household, Resident
from nabij.plans.models import Breakthrough

# A single cost line above this is almost certainly a typo (cents for euros, an extra zero).
MAX_LINE_CENTS = 10_000_000_00  # €10 million
EARLIEST_PERIOD = dt.date(2000, 1, 1)
# Choices' ``.values`` builds a new list on every access; these are read once per line.
_STREAMS = frozenset(FundingStream.values)
_PAYERS = frozenset(Payer.values)
_UNITS = frozenset(Unit.values)


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
    today: dt.date | None = None,
) -> dict[str, str]:
    """Everything wrong with a new (non-correcting) line, per field; empty when it is sound.

    Shared by manual entry and every import, so a file and a form refuse the same things.
    An import of a million lines passes ``today`` once instead of asking the clock per line.
    """
    problems: dict[str, str] = {}
    if stream not in _STREAMS:
        problems["stream"] = _("Unknown funding stream “%(value)s”.") % {"value": stream}
    if payer not in _PAYERS:
        problems["payer"] = _("Unknown payer “%(value)s”.") % {"value": payer}
    if unit not in _UNITS:
        problems["unit"] = _("Unknown unit “%(value)s”.") % {"value": unit}
    today = today or timezone.localdate()
    if period_end < period_start:
        problems["period_end"] = _("The period ends before it starts.")
    elif period_start < EARLIEST_PERIOD or period_end.year > today.year + 1:
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


def line_is_sound(
    stream: str,
    payer: str,
    unit: str,
    period_start: dt.date,
    period_end: dt.date,
    volume: Decimal,
    unit_price_cents: int,
    amount_cents: int,
    latest_year: int,
) -> bool:
    """``not line_problems(...)`` without building a dict: the import asks it per line.

    ``latest_year`` is next year (``today.year + 1``). Keep in step with ``line_problems``.
    """
    return (
        stream in _STREAMS
        and payer in _PAYERS
        and unit in _UNITS
        and EARLIEST_PERIOD <= period_start <= period_end
        and period_end.year <= latest_year
        and volume > 0
        and unit_price_cents >= 0
        and 0 <= amount_cents <= MAX_LINE_CENTS
    )


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
    reference_price: ReferencePrice | None = None,
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
        reference_price=reference_price,
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


# --- estimates from reference prices ----------------------------------------------------------


def indexed_cents(price: ReferencePrice, year: int, indices: dict[int, float]) -> tuple[int, bool]:
    """The reference price stated in ``year``'s prices, and whether it could be indexed.

    amount x index[year] / index[price year], when both years have a price index; otherwise the
    amount as published (the page says so), never a guess.
    """
    if price.year == year:
        return price.amount_cents, True
    if year in indices and price.year in indices and indices[price.year] > 0:
        return round(price.amount_cents * indices[year] / indices[price.year]), True
    return price.amount_cents, False


def cost_line_estimate(
    *,
    actor: Actor,
    household: Household,
    provider: Organisation,
    reference_price: ReferencePrice,
    quantity: Decimal,
    period_start: dt.date,
    period_end: dt.date,
    indices: dict[int, float] | None = None,
    description: str = "",
    note: str = "",
) -> CostLine:
    """A line estimated from a *kengetal*: quantity x the price indexed to the period's year."""
    if reference_price.unit == Unit.PERCENT:
        raise ValidationError({"reference_price": _("This reference price is not a cost.")})
    unit_price, indexed = indexed_cents(reference_price, period_start.year, indices or {})
    if not indexed:
        note = " ".join(
            [
                note.strip(),
                _("Price of %(year)s, not indexed: no price index for %(period)s.")
                % {"year": reference_price.year, "period": period_start.year},
            ]
        ).strip()[:300]
    return cost_line_record(
        actor=actor,
        household=household,
        provider=provider,
        stream=reference_price.stream or FundingStream.OTHER,
        payer=reference_price.payer or Payer.OTHER,
        period_start=period_start,
        period_end=period_end,
        volume=quantity,
        unit=reference_price.unit,
        unit_price_cents=unit_price,
        amount_cents=round(quantity * unit_price),
        source=Source.ESTIMATE,
        description=description or reference_price.name,
        note=note,
        reference_price=reference_price,
    )


# --- scenarios --------------------------------------------------------------------------------

MAX_HORIZON = 30
MAX_RATE_BP = 2000


def _scenario_problems(
    *, title: str, horizon_years: int, discount_rate_bp: int, price_year: int
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = _("Give the scenario a title.")
    if not 1 <= horizon_years <= MAX_HORIZON:
        problems["horizon_years"] = _("The horizon lies between 1 and 30 years.")
    if not 0 <= discount_rate_bp <= MAX_RATE_BP:
        problems["discount_rate"] = _("The discount rate lies between 0 and 20 percent.")
    if not 2000 <= price_year <= timezone.localdate().year + 1:
        problems["price_year"] = _("The price year lies between 2000 and next year.")
    return problems


def scenario_create(
    *,
    actor: Actor,
    household: Household,
    title: str,
    current_label: str,
    alternative_label: str,
    horizon_years: int,
    discount_rate_bp: int,
    price_year: int,
    breakthrough: Breakthrough | None = None,
) -> Scenario:
    """A new, empty scenario for a household the caller has passed through the gate."""
    problems = _scenario_problems(
        title=title,
        horizon_years=horizon_years,
        discount_rate_bp=discount_rate_bp,
        price_year=price_year,
    )
    if breakthrough is not None and breakthrough.household_id != household.pk:
        problems["breakthrough"] = _("This breakthrough belongs to another household.")
    if problems:
        raise ValidationError(problems)
    return Scenario.objects.create(
        household=household,
        breakthrough=breakthrough,
        title=title.strip(),
        current_label=current_label.strip() or _("Current trajectory"),
        alternative_label=alternative_label.strip() or _("Alternative"),
        horizon_years=horizon_years,
        discount_rate_bp=discount_rate_bp,
        price_year=price_year,
        created_by=actor.account,
    )


def _bump(scenario: Scenario, expected_version: int) -> None:
    """Claim the next version, or raise ``ConflictError`` when someone else saved first.

    One conditional UPDATE, so two concurrent saves cannot both pass the check.
    """
    claimed = Scenario.objects.filter(pk=scenario.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        current = Scenario.objects.filter(pk=scenario.pk).values_list("version", flat=True).first()
        raise ConflictError(
            _(
                "Someone else changed this scenario while you were editing it (your version "
                "%(mine)s, now %(current)s). Your input is kept below; check the scenario and "
                "save again."
            )
            % {"mine": expected_version, "current": current}
        )
    scenario.version = expected_version + 1


def scenario_update(
    *,
    actor: Actor,
    scenario: Scenario,
    expected_version: int,
    title: str,
    current_label: str,
    alternative_label: str,
    horizon_years: int,
    discount_rate_bp: int,
    price_year: int,
) -> Scenario:
    problems = _scenario_problems(
        title=title,
        horizon_years=horizon_years,
        discount_rate_bp=discount_rate_bp,
        price_year=price_year,
    )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _bump(scenario, expected_version)
        scenario.title = title.strip()
        scenario.current_label = current_label.strip() or _("Current trajectory")
        scenario.alternative_label = alternative_label.strip() or _("Alternative")
        scenario.horizon_years = horizon_years
        scenario.discount_rate_bp = discount_rate_bp
        scenario.price_year = price_year
        scenario.save(
            update_fields=[
                "title",
                "current_label",
                "alternative_label",
                "horizon_years",
                "discount_rate_bp",
                "price_year",
                "updated_at",
            ]
        )
    return scenario


@dataclass(frozen=True)
class AssumptionInput:
    branch: str
    label: str
    stream: str
    payer: str
    amount_cents: int
    one_off: bool = False
    from_year: int = 1
    until_year: int | None = None
    note: str = ""
    reference_price: ReferencePrice | None = None
    formula: dict[str, Any] | None = None  # formulas.formula_data, with a reference price


def assumption_problems(data: AssumptionInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.branch not in Assumption.Branch.values:
        problems["branch"] = _("Choose the current trajectory or the alternative.")
    if not data.label.strip():
        problems["label"] = _("Say what this cost is.")
    if data.stream not in FundingStream.values:
        problems["stream"] = _("Unknown funding stream “%(value)s”.") % {"value": data.stream}
    if data.payer not in Payer.values:
        problems["payer"] = _("Unknown payer “%(value)s”.") % {"value": data.payer}
    if data.amount_cents < 0:
        problems["amount"] = _("An assumed cost cannot be negative; put it in the other branch.")
    elif data.amount_cents > MAX_LINE_CENTS:
        problems["amount"] = _("An amount above €10 million for one line is not plausible.")
    if not 1 <= data.from_year <= MAX_HORIZON:
        problems["from_year"] = _("The first year lies between 1 and 30.")
    elif data.until_year is not None and not data.from_year <= data.until_year <= MAX_HORIZON:
        problems["until_year"] = _("The last year lies between the first year and 30.")
    return problems


def assumptions_add(
    *,
    actor: Actor,
    scenario: Scenario,
    expected_version: int,
    items: list[AssumptionInput],
) -> list[Assumption]:
    """Add assumptions to a scenario in one version step; all or nothing."""
    for i, item in enumerate(items):
        problems = assumption_problems(item)
        if problems:
            if len(items) > 1:
                problems = {f"assumptions.{i}.{k}": v for k, v in problems.items()}
            raise ValidationError(problems)
    with transaction.atomic():
        _bump(scenario, expected_version)
        return [
            Assumption.objects.create(
                scenario=scenario,
                branch=item.branch,
                label=item.label.strip(),
                stream=item.stream,
                payer=item.payer,
                reference_price=item.reference_price,
                formula=item.formula if item.reference_price is not None else None,
                amount_cents=item.amount_cents,
                one_off=item.one_off,
                from_year=item.from_year,
                until_year=item.until_year,
                note=item.note.strip()[:300],
            )
            for item in items
        ]


def assumption_from_reference(
    *,
    reference_price: ReferencePrice,
    quantity: Decimal,
    price_year: int,
    branch: str,
    one_off: bool,
    from_year: int = 1,
    until_year: int | None = None,
    label: str = "",
    stream: str = "",
    payer: str = "",
    indices: dict[int, float] | None = None,
) -> AssumptionInput:
    """An assumption costed from a *kengetal*: quantity x the price in the scenario's price year.

    The note records the arithmetic and whether the price could be indexed, so the page can
    show how every amount came about.
    """
    if reference_price.unit == Unit.PERCENT:
        raise ValidationError({"reference_price": _("This reference price is not a cost.")})
    if quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be more than zero.")})
    price, indexed = indexed_cents(reference_price, price_year, indices or {})
    formula = formulas.formula_data(
        quantity=quantity,
        price_cents=price,
        unit=reference_price.unit,
        year=price_year,
        source_year=reference_price.year,
        published_cents=reference_price.amount_cents,
        indexed=indexed,
    )
    note = formulas.formula_text(formula)
    return AssumptionInput(
        branch=branch,
        label=label.strip() or reference_price.name,
        stream=stream or reference_price.stream or FundingStream.OTHER,
        payer=payer or reference_price.payer or Payer.OTHER,
        amount_cents=round(quantity * price),
        one_off=one_off,
        from_year=from_year,
        until_year=until_year,
        note=note,
        reference_price=reference_price,
        formula=formula,
    )


def assumption_update(
    *,
    actor: Actor,
    scenario: Scenario,
    expected_version: int,
    assumption_id: int,
    data: AssumptionInput,
) -> Assumption:
    """Change one assumption in a version step. A changed amount is no longer the reference
    price's: the link is dropped, so the page flags the figure as set by hand."""
    problems = assumption_problems(data)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        assumption = (
            Assumption.objects.select_for_update()
            .filter(scenario=scenario, pk=assumption_id)
            .first()
        )
        if assumption is None:
            raise ValidationError(_("This assumption is not part of the scenario."))
        _bump(scenario, expected_version)
        if assumption.amount_cents != data.amount_cents:
            assumption.reference_price = None
        if assumption.reference_price is None or assumption.note != data.note.strip()[:300]:
            assumption.formula = None  # the note is now the person's own words
        assumption.branch = data.branch
        assumption.label = data.label.strip()
        assumption.stream = data.stream
        assumption.payer = data.payer
        assumption.amount_cents = data.amount_cents
        assumption.one_off = data.one_off
        assumption.from_year = data.from_year
        assumption.until_year = data.until_year
        assumption.note = data.note.strip()[:300]
        assumption.save()
        return assumption


def assumption_remove(
    *, actor: Actor, scenario: Scenario, expected_version: int, assumption_id: int
) -> None:
    with transaction.atomic():
        assumption = Assumption.objects.filter(scenario=scenario, pk=assumption_id).first()
        if assumption is None:
            raise ValidationError(_("This assumption is not part of the scenario."))
        _bump(scenario, expected_version)
        assumption.delete()
