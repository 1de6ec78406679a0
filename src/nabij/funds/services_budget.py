"""Writes of the area budget (*gebiedsbudget*): a district's budget per funding stream.

Set by the municipality's administrator (``rules.can_configure_funds``). Every change names the
version it was based on: a stale one is refused with ``ConflictError``, so two administrators
cannot overwrite each other unseen. Each version is kept (``AreaBudgetChange``: lines before
and after, why) and audited.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.access.models import AuditKind
from nabij.access.services import audit
from nabij.areas.models import District
from nabij.core.errors import ConflictError
from nabij.funds.models import BUDGET_STREAMS, AreaBudget, AreaBudgetChange, AreaBudgetLine
from nabij.funds.services import _refuse

# One stream of one district in one year above this is a typo (€1 billion).
MAX_LINE_CENTS = 1_000_000_000_00
FIRST_YEAR = 2000
YEARS_AHEAD = 5


def area_budget_set(
    *,
    actor: gate.Actor,
    district: District,
    year: int,
    lines: Mapping[str, int],
    expected_version: int,
    reason: str = "",
    synthetic: bool = False,
) -> AreaBudget:
    """Set every stream of a district's budget for ``year`` in one new version.

    ``expected_version`` is the version the administrator saw: 0 for a budget not set yet.
    ``lines`` names every stream of ``BUDGET_STREAMS`` with an amount in cents (0 allowed).
    ``synthetic``: made-up amounts (the demo); the pages mark them so.
    """
    if not rules.can_configure_funds(actor.professional):
        _refuse(actor, Event.FUNDS_AREA_BUDGET_SET)
    problems: dict[str, str] = {}
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year + YEARS_AHEAD:
        problems["year"] = _("A budget is set for a year between 2000 and five years ahead.")
    if set(lines) != set(BUDGET_STREAMS):
        problems["lines"] = _("Give an amount for every funding stream of the area budget.")
    for stream, cents in lines.items():
        if not 0 <= cents <= MAX_LINE_CENTS:
            problems[stream] = _("An amount lies between €0 and €1 billion.")
    reason = reason.strip()
    if len(reason) > 300:
        problems["reason"] = _("Keep the reason under 300 characters.")
    if problems:
        raise ValidationError(problems)
    after = {stream: int(lines[stream]) for stream in BUDGET_STREAMS}
    with transaction.atomic():
        budget = AreaBudget.objects.select_for_update().filter(district=district, year=year).first()
        if budget is None:
            if expected_version != 0:
                raise ConflictError(_stale(0))
            try:
                with transaction.atomic():
                    budget = AreaBudget.objects.create(
                        district=district,
                        year=year,
                        version=1,
                        synthetic=synthetic,
                        updated_by=actor.account,
                    )
            except IntegrityError as exc:  # another administrator created it just now
                raise ConflictError(_stale(1)) from exc
            before: dict[str, int] = {}
        else:
            if budget.version != expected_version:
                raise ConflictError(_stale(budget.version))
            before = dict(budget.lines.values_list("stream", "amount_cents"))
            budget.version += 1
            budget.synthetic = synthetic
            budget.updated_by = actor.account
            budget.save(update_fields=["version", "synthetic", "updated_by", "updated_at"])
        for stream, cents in after.items():
            AreaBudgetLine.objects.update_or_create(
                budget=budget, stream=stream, defaults={"amount_cents": cents}
            )
        AreaBudgetChange.objects.create(
            budget=budget,
            version=budget.version,
            before=before,
            after=after,
            reason=reason,
            changed_by=actor.account,
        )
        audit(
            actor,
            AuditKind.AREA_BUDGET_SET,
            object_type="area_budget",
            object_id=budget.pk,
            before={"district": district.code, "year": year, "lines": before},
            after={
                "district": district.code,
                "year": year,
                "version": budget.version,
                "lines": after,
                "synthetic": synthetic,
            },
            reason=reason,
        )
    return budget


def _stale(current: int) -> str:
    return _(
        "Someone else changed this budget while you were editing it (now version %(current)s). "
        "Your figures are still in the form: compare them with the current budget and save "
        "again."
    ) % {"current": current}
