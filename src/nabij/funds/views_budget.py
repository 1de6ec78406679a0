"""Pages of the area budget (*gebiedsbudget*): every district, one district, and the
administrator's form. Aggregates only; every professional role but the social broker reads
them (``rules.can_view_area_budgets``), refusals are logged."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.areas import selectors as area_selectors
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.funds import selectors_budget as budget
from nabij.funds import services_budget
from nabij.funds.forms import cents
from nabij.funds.forms_budget import AreaBudgetForm
from nabij.funds.models import BUDGET_STREAMS

if TYPE_CHECKING:
    from nabij.areas.models import District


def budget_year(request: HttpRequest) -> int:
    """``?jaar=`` when it is a year Nabij can hold, else this year (never an error page)."""
    raw = request.GET.get("jaar", "")
    this_year = timezone.localdate().year
    if not raw.isascii() or not raw.isdigit() or len(raw) != 4:
        return this_year
    year = int(raw)
    return year if services_budget.FIRST_YEAR <= year <= this_year + 5 else this_year


def _district_and_year(request: HttpRequest, code: str) -> tuple[District, int]:
    district = budget.district_by_code(code)
    if district is None:
        raise gate.NotFound
    return district, budget_year(request)


def _years(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({this_year + 1, this_year, this_year - 1, this_year - 2, year}, reverse=True)


@guarded
@require_GET
def area_budgets(request: HttpRequest) -> HttpResponse:
    """Every district of the municipality: budget, realised, difference, fund balance."""
    actor = actor_for(request)
    gate.require(actor, rules.can_view_area_budgets, event=Event.FUNDS_AREA_BUDGETS_VIEW)
    year = budget_year(request)
    municipality = area_selectors.municipality_for(
        professional=actor.professional, code=(request.GET.get("gemeente") or "")[:10] or None
    )
    overview = (
        budget.budget_overview(municipality, year, total_label=_("Total"))
        if municipality is not None
        else None
    )
    return render(
        request,
        "funds/area_budgets.html",
        {
            "overview": overview,
            "year": year,
            "years": _years(year),
            "may_set": rules.can_configure_funds(actor.professional),
        },
    )


@guarded
@require_GET
def area_budget(request: HttpRequest, code: str) -> HttpResponse:
    """One district: per funding stream, with the history of the budget."""
    actor = actor_for(request)
    gate.require(actor, rules.can_view_area_budgets, event=Event.FUNDS_AREA_BUDGET_VIEW)
    district, year = _district_and_year(request, code)
    return render(
        request,
        "funds/area_budget.html",
        {
            "budget": budget.district_budget(district, year, total_label=_("Total")),
            "history": budget.budget_history(district, year),
            "labels": budget.stream_labels(),
            "year": year,
            "years": _years(year),
            "threshold": settings.SMALL_CELL_THRESHOLD,
            "may_set": rules.can_configure_funds(actor.professional),
        },
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_budget_set(request: HttpRequest, code: str) -> HttpResponse:
    """The administrator sets a district's budget for a year, stream by stream."""
    actor = actor_for(request)
    gate.require(actor, rules.can_configure_funds, event=Event.FUNDS_AREA_BUDGET_SET)
    district, year = _district_and_year(request, code)
    current = budget.district_budget(district, year, total_label=_("Total"))
    status = 200
    if request.method == "POST":
        form = AreaBudgetForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services_budget.area_budget_set(
                    actor=actor,
                    district=district,
                    year=year,
                    lines={stream: cents(d[stream]) for stream in BUDGET_STREAMS},
                    expected_version=d["version"],
                    reason=d["reason"],
                )
            except ConflictError as exc:
                # The figures typed stay; the form now names the current version, so saving
                # again (after comparing) goes through.
                current = budget.district_budget(district, year, total_label=_("Total"))
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = AreaBudgetForm(data)
                form.is_valid()
                form.add_error(None, str(exc))
                status = 409
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
                status = 400
            else:
                messages.success(request, _("The area budget has been saved."))
                return redirect(f"{reverse('funds:area_budget', args=[district.code])}?jaar={year}")
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"version": current.version}
        for line in current.lines:
            if line.budget_cents is not None:
                initial[line.key] = Decimal(line.budget_cents) / 100
        form = AreaBudgetForm(initial=initial)
    return render(
        request,
        "funds/area_budget_form.html",
        {"budget": current, "form": form, "year": year},
        status=status,
    )
