"""The policy analysis of rules set aside: a page, and the same figures as CSV and JSON for the
council's agenda. Aggregates only (no household, name or breakthrough text); refusals logged."""

from __future__ import annotations

import csv
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.learning import analysis
from nabij.learning.access import may_analyse
from nabij.learning.forms_analysis import AnalysisFilterForm


def _filters(form: AnalysisFilterForm) -> analysis.Filters:
    if not form.is_valid():
        return analysis.Filters()
    d = form.cleaned_data
    owner = d.get("eigenaar")
    return analysis.Filters(
        start=d.get("van"),
        end=d.get("tot"),
        kind=d.get("soort") or "",
        owner_id=owner.pk if owner is not None else None,
    )


@guarded
@require_safe
def analysis_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, may_analyse, event=Event.RULES_ANALYSIS)
    form = AnalysisFilterForm(request.GET or None)
    result = analysis.analyse(_filters(form))
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "learning/analysis.html",
        {"form": form, "a": result, "query": query},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@guarded
@require_safe
def analysis_export(request: HttpRequest, fmt: str) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, may_analyse, event=Event.RULES_ANALYSIS_EXPORT)
    form = AnalysisFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            _("The filter is not valid: %(errors)s")
            % {"errors": "; ".join(str(e) for errs in form.errors.values() for e in errs)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    result = analysis.analyse(_filters(form))
    if fmt == "json":
        response = HttpResponse(
            json.dumps(analysis.export_data(result), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        name = "regels-analyse.json"
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response, delimiter=";")
        writer.writerows(analysis.export_rows(result))
        name = "regels-analyse.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
