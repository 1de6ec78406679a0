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
from nabij.outcomes.models import AreaPlan, AreaPlanAction, AreaPlanGoal
from nabij.outcomes.models_plans import GOAL_QUESTIONS

if TYPE_CHECKING:
    from nabij.areas.models import District

Rule = Callable[[Any, int], bool]


def _district(
    request: HttpRequest, code: str, event: Event, rule: Rule
) -> tuple[gate.Actor, District]:
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
    request: HttpRequest, code: str, year: int, *, agree: bool = False
) -> tuple[gate.Actor, District, AreaPlan]:
    """The plan to change: members of a team working in the district; to agree it, the
    coordinator of such a team (refusals logged by the gate)."""
    if agree:
        actor, district = _district(
            request, code, Event.OUTCOMES_PLAN_AGREE, rules.has_district_mandate
        )
    else:
        actor, district = _district(
            request, code, Event.OUTCOMES_PLAN_CHANGE, rules.works_in_district
        )
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
    actor, district, plan = _write(request, code, year, agree=True)

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


# --- Goals and actions: one page each to add or change, one to remove ---------------------------


def _goal_page(request: HttpRequest, code: str, year: int, goal_id: int | None) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    goal = None if goal_id is None else selectors.goal_of(plan, goal_id)
    if goal_id is not None and goal is None:
        raise gate.NotFound
    if goal is not None:
        initial = GoalForm.initial_for(goal, plan.version)
    else:
        initial = {"version": plan.version, "target_year": plan.year + 4}
        if request.GET.get("vraag", "") in dict(GOAL_QUESTIONS):
            initial["question"] = request.GET["vraag"]
    indicators = selectors.goal_indicators()
    figures = selectors.baseline_options(district.code)

    def save(d: dict[str, Any]) -> AreaPlanGoal:
        data = services.GoalData(
            question=d["question"],
            text=d["text"],
            indicator_id=d["indicator"],
            target_value=d["target_value"],
            target_year=d["target_year"],
            baseline_value=d["baseline_value"],
            baseline_period=d["baseline_period"],
        )
        return services.goal_save(
            actor=actor, plan=plan, expected_version=d["version"], data=data, goal_id=goal_id
        )

    sent = _send(
        request,
        plan,
        lambda data: GoalForm(data, initial=initial, indicators=indicators, figures=figures),
        save,
    )
    if sent.done:
        messages.success(request, _("Goal added.") if goal is None else _("Goal saved."))
        return redirect(_plan_url(plan, code, f"doel-{sent.result.pk}"))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Add a goal") if goal is None else _("Change a goal"),
        submit=_("Add goal") if goal is None else _("Save goal"),
        extra={"goal_form": True, "goal": goal, "amends": plan.is_agreed},
    )


def _action_page(request: HttpRequest, code: str, year: int, action_id: int | None) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    action = None if action_id is None else selectors.action_of(plan, action_id)
    if action_id is not None and action is None:
        raise gate.NotFound
    goals = list(plan.goals.order_by("position", "id"))
    if action is not None:
        initial = ActionForm.initial_for(action, plan.version)
    else:
        initial = {"version": plan.version, "by": AreaPlanAction.By.TEAM}
        raw_goal = request.GET.get("doel", "")
        if raw_goal.isdigit() and any(g.pk == int(raw_goal) for g in goals):
            initial["goal"] = int(raw_goal)

    def save(d: dict[str, Any]) -> AreaPlanAction:
        data = services.ActionData(
            description=d["description"],
            by=d["by"],
            goal_id=d["goal"],
            by_name=d["by_name"],
            owner=d["owner"],
            due_on=d["due_on"],
        )
        return services.action_save(
            actor=actor, plan=plan, expected_version=d["version"], data=data, action_id=action_id
        )

    sent = _send(request, plan, lambda data: ActionForm(data, initial=initial, goals=goals), save)
    if sent.done:
        messages.success(request, _("Action added.") if action is None else _("Action saved."))
        return redirect(_plan_url(plan, code, f"actie-{sent.result.pk}"))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=_("Add an action") if action is None else _("Change an action"),
        submit=_("Add action") if action is None else _("Save action"),
        extra={"amends": plan.is_agreed},
    )


def _remove_page(
    request: HttpRequest,
    code: str,
    year: int,
    *,
    find: Callable[[AreaPlan], AreaPlanGoal | AreaPlanAction | None],
    remove: Callable[..., str],
    words: Callable[[Any], str],
    anchor: Callable[[Any], str],
    texts: tuple[str, str, str],  # the message after, the title, the button
) -> HttpResponse:
    actor, district, plan = _write(request, code, year)
    item = find(plan)
    if item is None:
        raise gate.NotFound
    sent = _send(
        request,
        plan,
        lambda data: RemoveForm(data, initial={"version": plan.version}),
        lambda d: remove(actor=actor, plan=plan, expected_version=d["version"], item_id=item.pk),
    )
    done, title, submit = texts
    if sent.done:
        messages.success(request, done)
        return redirect(_plan_url(plan, code, anchor(item)))
    return _form_page(
        request,
        sent,
        district=district,
        plan=plan,
        title=title,
        submit=submit,
        extra={"removing": words(item), "amends": plan.is_agreed},
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_goal_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _goal_page(request, code, year, None)


@guarded
@require_http_methods(["GET", "POST"])
def area_goal_edit(request: HttpRequest, code: str, year: int, area_goal_id: int) -> HttpResponse:
    return _goal_page(request, code, year, area_goal_id)


@guarded
@require_http_methods(["GET", "POST"])
def area_goal_remove(request: HttpRequest, code: str, year: int, area_goal_id: int) -> HttpResponse:
    return _remove_page(
        request,
        code,
        year,
        find=lambda plan: selectors.goal_of(plan, area_goal_id),
        remove=lambda item_id, **kw: services.goal_remove(goal_id=item_id, **kw),
        words=lambda goal: goal.text,
        anchor=lambda goal: f"vraag-{goal.question}",
        texts=(
            _("Goal removed. Its actions stay in the plan."),
            _("Remove a goal"),
            _("Remove goal"),
        ),
    )


@guarded
@require_http_methods(["GET", "POST"])
def area_action_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _action_page(request, code, year, None)


@guarded
@require_http_methods(["GET", "POST"])
def area_action_edit(
    request: HttpRequest, code: str, year: int, area_action_id: int
) -> HttpResponse:
    return _action_page(request, code, year, area_action_id)


@guarded
@require_http_methods(["GET", "POST"])
def area_action_remove(
    request: HttpRequest, code: str, year: int, area_action_id: int
) -> HttpResponse:
    return _remove_page(
        request,
        code,
        year,
        find=lambda plan: selectors.action_of(plan, area_action_id),
        remove=lambda item_id, **kw: services.action_remove(action_id=item_id, **kw),
        words=lambda action: action.description,
        anchor=lambda action: "acties",
        texts=(_("Action removed."), _("Remove an action"), _("Remove action")),
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
        return redirect(_plan_url(plan, code, f"actie-{action.pk}"))
    return _plan_page(
        request,
        actor,
        district,
        plan,
        status_form=(action.pk, sent.form),
        conflict=sent.conflict,
        status=sent.status,
    )
