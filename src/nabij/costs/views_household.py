"""The household's cost page (ledger, manual lines, estimates, corrections) and its scenarios.

Every view passes the household through ``gate.household_for`` first, so each read and write
is checked and logged per member before any personal data is touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.costs import selectors, services
from nabij.costs.forms_household import (
    AssumptionForm,
    AssumptionRemoveForm,
    CorrectionForm,
    CostLineForm,
    EstimateForm,
    ReferenceAssumptionForm,
    ScenarioEditForm,
    ScenarioForm,
    cents,
)
from nabij.costs.models import CostLine, FundingStream, Payer, Scenario
from nabij.people import selectors as people_selectors

if TYPE_CHECKING:
    from nabij.people.models import Household

LINES_PER_PAGE = 25


def _year(value: str | None) -> int | None:
    if value and value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return None


def _household_page(request: HttpRequest, household: Household) -> HttpResponse:
    """The cost page renders no forms (they have their own page), so it stays cheap to show."""
    costs = selectors.household_costs(household, year=_year(request.GET.get("year")))
    involvement = people_selectors.involvement(list(household.assignments.all()))
    page = Paginator(selectors.household_lines(household), LINES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "household": household,
        "costs": costs,
        "by_stream": [(FundingStream(s).label, t) for s, t in costs.by_stream],
        "by_payer": [(Payer(p).label, t) for p, t in costs.by_payer],
        "trend": selectors.trend_chart(costs.by_year),
        "professional_count": involvement.professional_count,
        "page": page,
        "rows": selectors.line_rows(page.object_list),
    }
    return render(request, "costs/household.html", context)


def _line_forms(
    request: HttpRequest,
    household: Household,
    *,
    line_form: CostLineForm | None = None,
    estimate_form: EstimateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "household": household,
        "line_form": line_form or CostLineForm(),
        "estimate_form": estimate_form or EstimateForm(),
    }
    return render(request, "costs/household_line_form.html", context, status=status)


@guarded
def household(request: HttpRequest, household_id: int) -> HttpResponse:
    household = gate.household_for(actor_for(request), household_id, event=Event.COSTS_READ)
    return _household_page(request, household)


@guarded
@require_http_methods(["GET", "POST"])
def household_line_add(request: HttpRequest, household_id: int) -> HttpResponse:
    """GET: the forms for a line by hand and an estimate; POST: a line by hand."""
    actor = actor_for(request)
    event = Event.COSTS_LINE_CREATE if request.method == "POST" else Event.COSTS_LINE_FORM
    household = gate.household_for(actor, household_id, event=event)
    if request.method == "GET":
        return _line_forms(request, household)
    form = CostLineForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        unit_price = cents(d["unit_price"])
        try:
            services.cost_line_record(
                actor=actor,
                household=household,
                provider=d["provider"],
                stream=d["stream"],
                payer=d["payer"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                volume=d["volume"],
                unit=d["unit"],
                unit_price_cents=unit_price,
                amount_cents=round(d["volume"] * unit_price),
                description=d["description"],
                note=d["note"],
            )
        except ValidationError as exc:
            _rename(exc, {"unit_price_cents": "unit_price", "amount_cents": "unit_price"})
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Cost line added."))
            return redirect("costs:household", household_id=household.pk)
    return _line_forms(request, household, line_form=form, status=400)


@guarded
@require_POST
def household_estimate_add(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.COSTS_LINE_CREATE)
    form = EstimateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.cost_line_estimate(
                actor=actor,
                household=household,
                provider=d["provider"],
                reference_price=d["reference_price"],
                quantity=d["quantity"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                indices=selectors.price_indices(),
                note=d["note"],
            )
        except ValidationError as exc:
            _rename(exc, {"volume": "quantity", "amount_cents": "quantity"})
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Estimate added."))
            return redirect("costs:household", household_id=household.pk)
    return _line_forms(request, household, estimate_form=form, status=400)


def _rename(exc: ValidationError, names: dict[str, str]) -> None:
    """Point a service's field names at the form's fields (cents are typed as euros)."""
    if hasattr(exc, "error_dict"):
        exc.error_dict = {names.get(k, k): v for k, v in exc.error_dict.items()}


@guarded
@require_http_methods(["GET", "POST"])
def household_line_correct(request: HttpRequest, household_id: int, line_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.COSTS_LINE_CORRECT)
    line = (
        CostLine.objects.filter(household=household, pk=line_id)
        .select_related("provider", "corrects", "correction")
        .first()
    )
    if line is None:
        raise Http404
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.cost_line_correct(
                    actor=actor, line=line, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Line corrected with a counter-entry."))
                return redirect("costs:household", household_id=household.pk)
    return render(
        request,
        "costs/household_correct.html",
        {"household": household, "line": line, "form": form},
        status=status,
    )


# --- scenarios --------------------------------------------------------------------------------


@guarded
def scenario_list(request: HttpRequest, household_id: int) -> HttpResponse:
    household = gate.household_for(
        actor_for(request), household_id, event=Event.COSTS_SCENARIO_LIST
    )
    return render(
        request,
        "costs/scenario_list.html",
        {"household": household, "scenarios": selectors.household_scenarios(household)},
    )


@guarded
@require_http_methods(["GET", "POST"])
def scenario_create(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.COSTS_SCENARIO_CREATE if request.method == "POST" else Event.COSTS_SCENARIO_FORM
    household = gate.household_for(actor, household_id, event=event)
    form = ScenarioForm(
        request.POST or None,
        household=household,
        initial={"discount_rate": selectors.discount_rate_default() / 100},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            scenario = services.scenario_create(
                actor=actor,
                household=household,
                title=d["title"],
                current_label=d["current_label"],
                alternative_label=d["alternative_label"],
                horizon_years=d["horizon_years"],
                discount_rate_bp=form.rate_bp,
                price_year=d["price_year"],
                breakthrough=d["breakthrough"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Scenario created. Now add the assumptions."))
            return redirect(
                "costs:scenario_detail", household_id=household.pk, scenario_id=scenario.pk
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "costs/scenario_form.html",
        {"household": household, "form": form, "scenario": None},
        status=status,
    )


def _scenario(household: Household, scenario_id: int) -> Scenario:
    scenario = selectors.scenario_of(household, scenario_id)
    if scenario is None:
        raise Http404
    return scenario


def _scenario_page(
    request: HttpRequest,
    household: Household,
    scenario: Scenario,
    *,
    hand_form: AssumptionForm | None = None,
    ref_form: ReferenceAssumptionForm | None = None,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    view = selectors.scenario_view(scenario)
    version = {"version": scenario.version}
    context: dict[str, Any] = {
        "household": household,
        "scenario": scenario,
        "view": view,
        "result": view.result,
        "rate_percent": scenario.discount_rate_bp / 100,
        "hand_form": hand_form or AssumptionForm(initial=version),
        "ref_form": ref_form or ReferenceAssumptionForm(initial=version),
        "open_forms": hand_form is not None or ref_form is not None,
        "conflict": conflict,
    }
    return render(request, "costs/scenario_detail.html", context, status=status)


@guarded
def scenario_detail(request: HttpRequest, household_id: int, scenario_id: int) -> HttpResponse:
    household = gate.household_for(
        actor_for(request), household_id, event=Event.COSTS_SCENARIO_READ
    )
    return _scenario_page(request, household, _scenario(household, scenario_id))


@guarded
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, household_id: int, scenario_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.COSTS_SCENARIO_UPDATE if request.method == "POST" else Event.COSTS_SCENARIO_FORM
    household = gate.household_for(actor, household_id, event=event)
    scenario = _scenario(household, scenario_id)
    initial = {
        "version": scenario.version,
        "title": scenario.title,
        "current_label": scenario.current_label,
        "alternative_label": scenario.alternative_label,
        "horizon_years": scenario.horizon_years,
        "discount_rate": scenario.discount_rate_bp / 100,
        "price_year": scenario.price_year,
    }
    form = ScenarioEditForm(request.POST or None, household=household, initial=initial)
    conflict, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.scenario_update(
                    actor=actor,
                    scenario=scenario,
                    expected_version=d["version"],
                    title=d["title"],
                    current_label=d["current_label"],
                    alternative_label=d["alternative_label"],
                    horizon_years=d["horizon_years"],
                    discount_rate_bp=form.rate_bp,
                    price_year=d["price_year"],
                )
            except ConflictError as exc:
                conflict, status = str(exc), 409
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Scenario saved."))
                return redirect(
                    "costs:scenario_detail", household_id=household.pk, scenario_id=scenario.pk
                )
    return render(
        request,
        "costs/scenario_form.html",
        {"household": household, "form": form, "scenario": scenario, "conflict": conflict},
        status=status,
    )


def _assumption_write(
    request: HttpRequest,
    household: Household,
    scenario: Scenario,
    *,
    hand_form: AssumptionForm | None = None,
    ref_form: ReferenceAssumptionForm | None = None,
    build: Any,
) -> HttpResponse:
    """Validate, build the assumption, add it with the version check; 409 keeps the input."""
    form: Any = hand_form or ref_form
    actor = actor_for(request)
    if form.is_valid():
        try:
            item = build(form.cleaned_data)
            services.assumptions_add(
                actor=actor,
                scenario=scenario,
                expected_version=form.cleaned_data["version"],
                items=[item],
            )
        except ConflictError as exc:
            return _scenario_page(
                request,
                household,
                scenario,
                hand_form=hand_form,
                ref_form=ref_form,
                conflict=str(exc),
                status=409,
            )
        except (ValidationError, DomainError) as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Assumption added."))
            return redirect(
                "costs:scenario_detail", household_id=household.pk, scenario_id=scenario.pk
            )
    return _scenario_page(
        request, household, scenario, hand_form=hand_form, ref_form=ref_form, status=400
    )


@guarded
@require_POST
def assumption_add(request: HttpRequest, household_id: int, scenario_id: int) -> HttpResponse:
    household = gate.household_for(
        actor_for(request), household_id, event=Event.COSTS_SCENARIO_UPDATE
    )
    scenario = _scenario(household, scenario_id)

    def build(d: dict[str, Any]) -> services.AssumptionInput:
        return services.AssumptionInput(
            branch=d["branch"],
            label=d["label"],
            stream=d["stream"],
            payer=d["payer"],
            amount_cents=cents(d["amount"]),
            one_off=d["one_off"],
            from_year=d["from_year"],
            until_year=d["until_year"],
            note=d["note"],
        )

    return _assumption_write(
        request, household, scenario, hand_form=AssumptionForm(request.POST), build=build
    )


@guarded
@require_POST
def assumption_add_reference(
    request: HttpRequest, household_id: int, scenario_id: int
) -> HttpResponse:
    household = gate.household_for(
        actor_for(request), household_id, event=Event.COSTS_SCENARIO_UPDATE
    )
    scenario = _scenario(household, scenario_id)

    def build(d: dict[str, Any]) -> services.AssumptionInput:
        return services.assumption_from_reference(
            reference_price=d["reference_price"],
            quantity=d["quantity"],
            price_year=scenario.price_year,
            branch=d["branch"],
            one_off=d["one_off"],
            from_year=d["from_year"],
            until_year=d["until_year"],
            label=d["label"],
            indices=selectors.price_indices(),
        )

    return _assumption_write(
        request, household, scenario, ref_form=ReferenceAssumptionForm(request.POST), build=build
    )


@guarded
@require_http_methods(["GET", "POST"])
def assumption_edit(
    request: HttpRequest, household_id: int, scenario_id: int, assumption_id: int
) -> HttpResponse:
    """Change one assumption; a stale save is refused (409) with the input kept."""
    actor = actor_for(request)
    event = Event.COSTS_SCENARIO_UPDATE if request.method == "POST" else Event.COSTS_SCENARIO_FORM
    household = gate.household_for(actor, household_id, event=event)
    scenario = _scenario(household, scenario_id)
    assumption = (
        scenario.assumptions.select_related("reference_price").filter(pk=assumption_id).first()
    )
    if assumption is None:
        raise Http404
    initial = {
        "version": scenario.version,
        "branch": assumption.branch,
        "label": assumption.label,
        "stream": assumption.stream,
        "payer": assumption.payer,
        "amount": f"{assumption.amount_cents / 100:.2f}".replace(".", ","),
        "one_off": assumption.one_off,
        "from_year": assumption.from_year,
        "until_year": assumption.until_year,
        "note": assumption.note,
    }
    form = AssumptionForm(request.POST or None, initial=initial)
    conflict, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.assumption_update(
                    actor=actor,
                    scenario=scenario,
                    expected_version=d["version"],
                    assumption_id=assumption.pk,
                    data=services.AssumptionInput(
                        branch=d["branch"],
                        label=d["label"],
                        stream=d["stream"],
                        payer=d["payer"],
                        amount_cents=cents(d["amount"]),
                        one_off=d["one_off"],
                        from_year=d["from_year"],
                        until_year=d["until_year"],
                        note=d["note"],
                    ),
                )
            except ConflictError as exc:
                conflict, status = str(exc), 409
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Assumption saved."))
                return redirect(
                    "costs:scenario_detail", household_id=household.pk, scenario_id=scenario.pk
                )
    return render(
        request,
        "costs/scenario_assumption_form.html",
        {
            "household": household,
            "scenario": scenario,
            "assumption": assumption,
            "form": form,
            "conflict": conflict,
        },
        status=status,
    )


@guarded
@require_POST
def assumption_remove(request: HttpRequest, household_id: int, scenario_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.COSTS_SCENARIO_UPDATE)
    scenario = _scenario(household, scenario_id)
    form = AssumptionRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This assumption could not be removed."))
    else:
        try:
            services.assumption_remove(
                actor=actor,
                scenario=scenario,
                expected_version=form.cleaned_data["version"],
                assumption_id=form.cleaned_data["assumption"],
            )
        except ConflictError as exc:
            return _scenario_page(request, household, scenario, conflict=str(exc), status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Assumption removed."))
    return redirect("costs:scenario_detail", household_id=household.pk, scenario_id=scenario.pk)
