"""The four eyes of a saving return and the team's frontline room.

- ``projections``: a policy analyst or another team's coordinator approves the projection behind
  a saving (the figures only: no household, no title, no words of the team's notes); every
  household listed is logged for its members (purpose: projection review).
- ``frontline_limit``: a team coordinator sets what the own team's professionals may pay from
  the area fund per agreement without them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access import services as access_services
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.templatetags.nabij import euros
from nabij.funds import selectors_review, services
from nabij.funds.forms import cents
from nabij.funds.forms_budget import FrontlineLimitForm, ProjectionApproveForm


@guarded
@require_http_methods(["GET", "POST"])
def projections(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, rules.may_review_projections, event=Event.FUNDS_PROJECTIONS_VIEW)
    status = 200
    if request.method == "POST":
        status = _approve(request, actor)
        if status == 302:
            return redirect("funds:projections")
    page = selectors_review.projections_for_review(actor.professional, page=request.GET.get("page"))
    gate.log_listed(
        actor,
        [row.household for row in page.object_list],
        event=Event.FUNDS_PROJECTIONS_VIEW,
        purpose=Purpose.PROJECTION_REVIEW,
    )
    return render(
        request,
        "funds/projections.html",
        {"page": page, "rows": page.object_list},
        status=status,
    )


def _approve(request: HttpRequest, actor: gate.Actor) -> int:
    """The approval posted: 302 when made, else the status of the page shown again."""
    form = ProjectionApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a projection to approve."))
        return 400
    scenario = selectors_review.scenario_for_review(form.cleaned_data["scenario"])
    if scenario is None:
        gate.log(
            actor,
            event=Event.FUNDS_PROJECTION_APPROVE,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PROJECTION_REVIEW,
            detail=f"scenario {form.cleaned_data['scenario']} not found",
        )
        raise gate.NotFound
    household = gate.household_for_review(
        actor, scenario.household_id, event=Event.FUNDS_PROJECTION_APPROVE
    )
    try:
        services.projection_approve(
            actor=actor,
            household=household,
            scenario=scenario,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
        return 409
    except DomainError as exc:
        messages.error(request, str(exc))
        return 400
    messages.success(
        request,
        _("Projection %(ref)s approved in version %(version)s.")
        % {"ref": f"P-{scenario.pk}", "version": form.cleaned_data["version"]},
    )
    return 302


@guarded
@require_POST
def frontline_limit(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, rules.can_set_own_frontline_limit, event=Event.FUNDS_FRONTLINE_LIMIT_SET)
    form = FrontlineLimitForm(request.POST)
    if form.is_valid():
        try:
            limit = access_services.team_frontline_limit_set(
                actor=actor,
                limit_cents=cents(form.cleaned_data["limit"]),
                expected_cents=form.cleaned_data["expected_cents"],
            )
        except (ConflictError, DomainError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Your team's frontline limit is now %(limit)s per agreement.")
                % {"limit": euros(limit)},
            )
    else:
        messages.error(request, _("Enter the limit in euros, e.g. 400."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "funds:index")
