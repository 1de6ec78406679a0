"""Pages: record and follow a resident's self-reliance, record the household's own priority.

Every view asks the access gate first (which logs the access, granted or refused); reads go
through selectors, writes through services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.assessment import selectors, services
from nabij.assessment.forms import AssessmentForm, PriorityForm
from nabij.assessment.models import Instrument


def _instrument_from(request: HttpRequest) -> Instrument:
    code = request.GET.get("instrument", "")
    instrument = selectors.instrument_by_code(code=code) if code else selectors.default_instrument()
    if instrument is None:
        raise Http404
    return instrument


@guarded
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.ASSESSMENT_CREATE if request.method == "POST" else Event.ASSESSMENT_VIEW
    resident, household = gate.resident_for(actor, resident_id, event=event)
    instrument = _instrument_from(request)
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        previous=selectors.resident_latest_levels(resident=resident, instrument=instrument),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assessment_record(
                    actor=actor,
                    resident=resident,
                    instrument=instrument,
                    assessed_on=form.cleaned_data["assessed_on"],
                    scores=form.scores(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The assessment has been saved."))
                return redirect(reverse("people:household_detail", args=[household.pk]))
        status = 400
    return render(
        request,
        "assessment/assessment_form.html",
        {
            "resident": resident,
            "household": household,
            "instrument": instrument,
            "instruments": selectors.instruments(),
            "form": form,
        },
        status=status,
    )


@guarded
@require_GET
def assessment_list(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor = actor_for(request)
    resident, household = gate.resident_for(actor, resident_id, event=Event.ASSESSMENT_VIEW)
    assessments = list(selectors.resident_assessments(resident=resident))
    return render(
        request,
        "assessment/assessment_list.html",
        {
            "resident": resident,
            "household": household,
            "assessments": assessments,
            "histories": selectors.assessment_histories(
                key=f"zrm-{resident.pk}", assessments=assessments
            ),
        },
    )


@guarded
@require_http_methods(["GET", "POST"])
def priority_create(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.PRIORITY_CREATE if request.method == "POST" else Event.PRIORITY_VIEW
    household = gate.household_for(actor, household_id, event=event)
    form = PriorityForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.priority_record(
                    actor=actor,
                    household=household,
                    text=form.cleaned_data["text"],
                    said_by=form.cleaned_data["said_by"],
                    recorded_on=form.cleaned_data["recorded_on"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("What matters most to the household has been saved."))
                return redirect(reverse("people:household_detail", args=[household.pk]))
        status = 400
    return render(
        request,
        "assessment/priority_form.html",
        {
            "household": household,
            "form": form,
            "priorities": list(selectors.household_priorities(household=household)[:10]),
            "members": selectors.household_current_members(household=household),
        },
        status=status,
    )
