"""Pages of a district's area plans (*gebiedsplan*), under ``/gebieden/<code>/plannen/``.

Thin: the district through ``gate.district_for`` with the rule of ``access.rules`` (any
professional reads, members of a team working in the district write, its coordinators agree),
refusals logged there; reads in ``selectors_plans``, writes in ``services_plans``. Every form
posts the plan version it was rendered with: a stale save comes back (409) with what was typed
still in the form and the version brought up to date, so a second save goes through once the
person has looked. After a save the plan page opens at the goal or action that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.outcomes import selectors_plans as selectors
from nabij.outcomes import services_plans as services
from nabij.outcomes.forms_plans import (
    ActionForm,
    ActionStatusForm,
    AgreeForm,
    GoalForm,
    PlanCreateForm,
    PlanDetailsForm,
    RemoveForm,
)
from nabij.outcomes.models import AreaPlan, AreaPlanAction
from nabij.outcomes.models_plans import GOAL_QUESTIONS

if TYPE_CHECKING:
    from nabij.areas.models import District

Rule = Callable[[Any, int], bool]


def _district(request: HttpRequest, code: str, event: Event, rule: Rule) -> tuple[Any, District]:
    actor = actor_for(request)
    district = gate.district_for(actor, code, load=selectors.plan_district, event=event, rule=rule)
    return actor, district


def _plan(district: District, year: int) -> AreaPlan:
    plan = selectors.plan_for(district, year)
    if plan is None:
        raise gate.NotFound
    return plan


def _plan_url(plan: AreaPlan, code: str, anchor: str = "") -> str:
    url = reverse("outcomes:area_plan", args=[code, plan.year])
    return f"{url}#{anchor}" if anchor else url


# --- Reading ------------------------------------------------------------------------------------


@guarded
@require_GET
def area_plans(request: HttpRequest, code: str) -> HttpResponse:
    actor, district = _district(request, code, Event.OUTCOMES_PLAN_LIST, rules.reads_area)
    plans = selectors.district_plans(district)
    return render(
        request,
        "outcomes/area_plans.html",
        {
            "district": district,
            "plans": plans,
            "may_write": rules.works_in_district(actor.professional, district.pk),
        },
    )


@guarded
@require_GET
def area_plan(request: HttpRequest, code: str, year: int) -> HttpResponse:
    actor, district = _district(request, code, Event.OUTCOMES_PLAN_VIEW, rules.reads_area)
    plan = _plan(district, year)
    return _plan_page(request, actor, district, plan)


def _plan_page(
    request: HttpRequest,
    actor: gate.Actor,
    district: District,
    plan: AreaPlan,
    *,
    status_form: tuple[int, forms.Form] | None = None,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    page = selectors.plan_page(district, plan)
    return render(
        request,
        "outcomes/area_plan.html",
        {
            "page": page,
            "district": district,
            "plan": plan,
            # The plan's own address: the page's many links to its goals and actions are
            # written from it (``urls_plans``), rather than reversed one by one.
            "base": _plan_url(plan, district.code),
            "version": plan.version,
            "may_write": rules.works_in_district(actor.professional, district.pk),
            "may_agree": rules.has_district_mandate(actor.professional, district.pk),
            "status_choices": AreaPlanAction.Status.choices,
            "status_form": status_form,
            "conflict": conflict,
        },
        status=status,
    )


# --- Writing: one way for every form ------------------------------------------------------------


@dataclass
class _Sent:
    """A form posted to a service: ``done`` with the service's result, or the form to show
    again (with its errors, or a conflict) and the status to answer with."""

    form: forms.Form
    done: bool = False
    result: Any = None
    status: int = 200
    conflict: str = ""


def _send(
    request: HttpRequest,
    plan: AreaPlan | None,
    make: Callable[[QueryDict | None], forms.Form],
    call: Callable[[dict[str, Any]], Any],
) -> _Sent:
    """GET: the empty form. POST: validate and call the service; a refusal puts its message on
    the field it names; a conflict shows the input again with the plan's current version, so
    saving again (after a look at the plan) goes through."""
    if request.method != "POST":
        return _Sent(make(None))
    form = make(request.POST)
    if not form.is_valid():
        return _Sent(form, status=400)
    try:
        result = call(form.cleaned_data)
    except ConflictError as exc:
        data = request.POST.copy()
        if plan is not None:
            plan.refresh_from_db(fields=["version"])
            data["version"] = str(plan.version)
        return _Sent(make(data), status=409, conflict=str(exc))
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _Sent(form, status=400)
    return _Sent(form, done=True, result=result)


def _form_page(
    request: HttpRequest,
    sent: _Sent,
    *,
    district: District,
    plan: AreaPlan | None,
    title: str,
    submit: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    cancel = (
        _plan_url(plan, district.code)
        if plan is not None
        else reverse("outcomes:area_plans", args=[district.code])
    )
    return render(
        request,
        "outcomes/area_plan_form.html",
        {
            "form": sent.form,
            "conflict": sent.conflict,
            "district": district,
            "plan": plan,
            "title": title,
            "submit": submit,
            "cancel": cancel,
            **(extra or {}),
        },
        status=sent.status,
    )


def _write(
    request: HttpRequest, code: str, year: int, rule: Rule = rules.works_in_district
) -> tuple[gate.Actor, District, AreaPlan]:
    event = (
        Event.OUTCOMES_PLAN_AGREE
        if rule is rules.has_district_mandate
        else Event.OUTCOMES_PLAN_CHANGE
    )
    actor, district = _district(request, code, event, rule)
    return actor, district, _plan(district, year)


# --- The plan -----------------------------------------------------------------------------------


@guarded
@require_http_methods(["GET", "POST"])
def area_plan_create(request: HttpRequest, code: str) -> HttpResponse:
    actor, district = _district(request, code, Event.OUTCOMES_PLAN_CREATE, rules.works_in_district)
    taken = {p.year for p in selectors.district_plans(district)}
    year = timezone.localdate().year
    while year in taken:
        year += 1

    def make(data: QueryDict | None) -> forms.Form:
        return PlanCreateForm(data, initial={"year": year})

    sent = _send(
        request,
        None,
        make,
        lambda d: services.plan_create(
            actor=actor, district=district, year=d["year"], summary=d["summary"]
        ),
    )
    if sent.done:
        messages.success(request, _("Area plan started. Add its goals."))
        return redirect(_plan_url(sent.result, code))
    return _form_page(
        request,
        sent,
        district=district,
        plan=None,
        title=_("New area plan for %(district)s") % {"district": district.name},
        submit=_("Start the plan"),
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_plan_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    actor, district, plan = _write(request, code, year)

    def make(data: QueryDict | None) -> forms.Form:
        return PlanDetailsForm(data, initial={"version": plan.version, "summary": plan.summary})

    sent = _send(
        request,
        plan,
        make,
        lambda d: services.plan_update(
            actor=actor, plan=plan, expected_version=d["version"], summary=d["summary"]
        ),
    )
    if sent.done:
        messages.success(request, _("Area plan saved."))
        return redirect(_plan_url(plan, code))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Describe the plan"),
        submit=_("Save"),
        extra={"amends": plan.is_agreed},
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_plan_agree(request: HttpRequest, code: str, year: int) -> HttpResponse:
    actor, district, plan = _write(request, code, year, rules.has_district_mandate)

    def make(data: QueryDict | None) -> forms.Form:
        return AgreeForm(data, initial={"version": plan.version, "agreed_with": plan.agreed_with})

    sent = _send(
        request,
        plan,
        make,
        lambda d: services.plan_agree(
            actor=actor,
            plan=plan,
            expected_version=d["version"],
            agreed_on=d["agreed_on"],
            agreed_with=d["agreed_with"],
        ),
    )
    if sent.done:
        messages.success(request, _("The area plan is agreed."))
        return redirect(_plan_url(plan, code))
    page = selectors.plan_page(district, plan, history=0)
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Agree the area plan %(year)s") % {"year": plan.year},
        submit=_("Agree the plan"),
        extra={"agreeing": page},
    )


# --- Goals --------------------------------------------------------------------------------------


def _goal_form(district: District) -> Callable[[QueryDict | None, dict[str, Any]], GoalForm]:
    indicators = selectors.goal_indicators()
    figures = selectors.baseline_options(district.code)

    def make(data: QueryDict | None, initial: dict[str, Any]) -> GoalForm:
        return GoalForm(data, initial=initial, indicators=indicators, figures=figures)

    return make


def _goal_args(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "expected_version": d["version"],
        "question": d["question"],
        "text": d["text"],
        "indicator_id": d["indicator"],
        "baseline_value": d["baseline_value"],
        "baseline_period": d["baseline_period"],
        "target_value": d["target_value"],
        "target_year": d["target_year"],
    }


@guarded
@require_http_methods(["GET", "POST"])
def area_goal_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    build = _goal_form(district)
    initial: dict[str, Any] = {"version": plan.version, "target_year": plan.year + 4}
    question = request.GET.get("vraag", "")
    if question in dict(GOAL_QUESTIONS):
        initial["question"] = question
    sent = _send(
        request,
        plan,
        lambda data: build(data, initial),
        lambda d: services.goal_add(actor=actor, plan=plan, **_goal_args(d)),
    )
    if sent.done:
        messages.success(request, _("Goal added."))
        return redirect(_plan_url(plan, code, f"doel-{sent.result.pk}"))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Add a goal"),
        submit=_("Add goal"),
        extra={"goal_form": True, "amends": plan.is_agreed},
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_goal_edit(request: HttpRequest, code: str, year: int, area_goal_id: int) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    goal = selectors.goal_of(plan, area_goal_id)
    if goal is None:
        raise gate.NotFound
    build = _goal_form(district)
    sent = _send(
        request,
        plan,
        lambda data: build(data, GoalForm.initial_for(goal, plan.version)),
        lambda d: services.goal_update(actor=actor, plan=plan, goal_id=goal.pk, **_goal_args(d)),
    )
    if sent.done:
        messages.success(request, _("Goal saved."))
        return redirect(_plan_url(plan, code, f"doel-{goal.pk}"))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Change a goal"),
        submit=_("Save goal"),
        extra={"goal_form": True, "goal": goal, "amends": plan.is_agreed},
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_goal_remove(request: HttpRequest, code: str, year: int, area_goal_id: int) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    goal = selectors.goal_of(plan, area_goal_id)
    if goal is None:
        raise gate.NotFound
    sent = _send(
        request,
        plan,
        lambda data: RemoveForm(data, initial={"version": plan.version}),
        lambda d: services.goal_remove(
            actor=actor, plan=plan, expected_version=d["version"], goal_id=goal.pk
        ),
    )
    if sent.done:
        messages.success(request, _("Goal removed. Its actions stay in the plan."))
        return redirect(_plan_url(plan, code, f"vraag-{goal.question}"))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Remove a goal"),
        submit=_("Remove goal"),
        extra={"removing": goal.text, "goal": goal, "amends": plan.is_agreed},
    )


# --- Actions ------------------------------------------------------------------------------------


def _action_args(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "expected_version": d["version"],
        "goal_id": d["goal"],
        "description": d["description"],
        "by": d["by"],
        "by_name": d["by_name"],
        "owner": d["owner"],
        "due_on": d["due_on"],
    }


def _action_anchor(action: AreaPlanAction) -> str:
    return f"actie-{action.pk}"


@guarded
@require_http_methods(["GET", "POST"])
def area_action_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    goals = list(plan.goals.order_by("position", "id"))
    initial: dict[str, Any] = {"version": plan.version, "by": AreaPlanAction.By.TEAM}
    raw_goal = request.GET.get("doel", "")
    if raw_goal.isdigit() and any(g.pk == int(raw_goal) for g in goals):
        initial["goal"] = int(raw_goal)
    sent = _send(
        request,
        plan,
        lambda data: ActionForm(data, initial=initial, goals=goals),
        lambda d: services.action_add(actor=actor, plan=plan, **_action_args(d)),
    )
    if sent.done:
        messages.success(request, _("Action added."))
        return redirect(_plan_url(plan, code, _action_anchor(sent.result)))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Add an action"),
        submit=_("Add action"),
        extra={"amends": plan.is_agreed},
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_action_edit(
    request: HttpRequest, code: str, year: int, area_action_id: int
) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    action = selectors.action_of(plan, area_action_id)
    if action is None:
        raise gate.NotFound
    goals = list(plan.goals.order_by("position", "id"))
    sent = _send(
        request,
        plan,
        lambda data: ActionForm(
            data, initial=ActionForm.initial_for(action, plan.version), goals=goals
        ),
        lambda d: services.action_update(
            actor=actor, plan=plan, action_id=action.pk, **_action_args(d)
        ),
    )
    if sent.done:
        messages.success(request, _("Action saved."))
        return redirect(_plan_url(plan, code, _action_anchor(action)))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Change an action"),
        submit=_("Save action"),
        extra={"amends": plan.is_agreed},
    )


@guarded
@require_POST
def area_action_status(
    request: HttpRequest, code: str, year: int, area_action_id: int
) -> HttpResponse:
    """How far an action has got, from the plan page; a refusal shows the page again."""
    actor, district, plan = _write(request, code, year)
    action = selectors.action_of(plan, area_action_id)
    if action is None:
        raise gate.NotFound
    sent = _send(
        request,
        plan,
        lambda data: ActionStatusForm(data, prefix=f"status-{action.pk}"),
        lambda d: services.action_status_set(
            actor=actor,
            plan=plan,
            expected_version=d["version"],
            action_id=action.pk,
            status=d["status"],
        ),
    )
    if sent.done:
        messages.success(request, _("Progress recorded."))
        return redirect(_plan_url(plan, code, _action_anchor(action)))
    return _plan_page(
        request,
        actor,
        district,
        plan,
        status_form=(action.pk, sent.form),
        conflict=sent.conflict,
        status=sent.status,
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_action_remove(
    request: HttpRequest, code: str, year: int, area_action_id: int
) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    action = selectors.action_of(plan, area_action_id)
    if action is None:
        raise gate.NotFound
    sent = _send(
        request,
        plan,
        lambda data: RemoveForm(data, initial={"version": plan.version}),
        lambda d: services.action_remove(
            actor=actor, plan=plan, expected_version=d["version"], action_id=action.pk
        ),
    )
    if sent.done:
        messages.success(request, _("Action removed."))
        return redirect(_plan_url(plan, code, "acties"))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Remove an action"),
        submit=_("Remove action"),
        extra={"removing": action.description, "amends": plan.is_agreed},
    )
