"""The plan editor, threats, breakthroughs and the team's assignments.

Every form posts the plan version it was rendered with; a stale save comes back as 409 with the
user's input still in the form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access import selectors as access_selectors
from nabij.access import services as access_services
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.plans import selectors, services
from nabij.plans.forms import (
    ActionForm,
    ActionStatusForm,
    AssignmentForm,
    BreakthroughCloseForm,
    BreakthroughForm,
    BreakthroughReopenForm,
    BreakthroughUpdateForm,
    CommentForm,
    GoalEditForm,
    GoalForm,
    GoalMoveForm,
    PlanKindForm,
    SignOffForm,
    ThreatForm,
    ThreatStatusForm,
    WordingForm,
    cents,
)
from nabij.plans.models import Action, Breakthrough, Plan

if TYPE_CHECKING:
    from nabij.people.models import Household


def _editor(
    request: HttpRequest,
    household: Household,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
    conflict: str = "",
    error_anchor: str = "",
) -> HttpResponse:
    """Render the editor; a bound form that failed replaces its empty twin, keeping the input,
    with its error summary at its top (``error_anchor``: where a form the page does not show
    as such, an action's status or a goal's order, is)."""
    bound = bound or {}
    dossier = selectors.household_dossier(household)
    version = dossier.plan.version
    plan = dossier.plan
    family_group = plan.kind == Plan.Kind.FAMILY_GROUP
    goal_rows = []
    for goal in dossier.goals:
        key = f"action-{goal.pk}"
        goal_rows.append(
            {
                "goal": goal,
                "open_wording": selectors.open_wording(goal),
                "may_propose": not family_group and goal.in_household_words,
                "action_form": bound.get(key)
                or ActionForm(prefix=key, household=household, initial={"version": version}),
                "action_form_open": key in bound,
            }
        )
    # The order of goals and an action's status are buttons and a select in the list, not a
    # form with fields: their errors are summed up at the top of the page, linked to the place.
    elsewhere = bound.get("move") or bound.get("action-status")
    context: dict[str, Any] = {
        "household": household,
        "dossier": dossier,
        "plan": plan,
        "family_group": family_group,
        "goal_rows": goal_rows,
        "comment_form": bound.get("comment"),
        "comment_action_id": _comment_action_id(bound.get("comment")),
        "goal_form": bound.get("goal") or GoalForm(prefix="goal", initial={"version": version}),
        "kind_form": bound.get("kind")
        or PlanKindForm(initial={"version": version, "kind": dossier.plan.kind}),
        "sign_form": bound.get("sign") or SignOffForm(prefix="sign", initial={"version": version}),
        "elsewhere_form": elsewhere,
        "error_anchor": error_anchor,
        "page_has_errors": any(form.errors for form in bound.values()),
        "status_choices": Action.Status.choices,
        "conflict": conflict,
        "history": selectors.plan_history(dossier.plan)[:10],
    }
    return render(request, "plans/plan_edit.html", context, status=status)


def _comment_action_id(form: forms.Form | None) -> int | None:
    """The action whose comment form came back with an error (its prefix is comment-<id>)."""
    if form is None or not form.prefix:
        return None
    return int(form.prefix.rsplit("-", 1)[1])


def _conflicted(form: forms.Form, item: Plan | Breakthrough, message: str) -> forms.Form:
    """The form as sent, with the item's current version and the conflict as its error: what
    was typed stays, and saving again (after a look at the item) goes through."""
    item.refresh_from_db(fields=["version"])
    data = cast(QueryDict, form.data).copy()
    data[form.add_prefix("version")] = str(item.version)
    form.data = data  # the fields show the data afresh; the errors found stay
    form.add_error(None, message)
    return form


def _run(
    request: HttpRequest,
    household: Household,
    form: forms.Form,
    key: str,
    call: Any,
    *,
    anchor: Any = "",
    error_anchor: str = "",
) -> HttpResponse:
    """Validate, call the service, and turn every refusal into the editor with the input kept.

    After a save the editor opens at what was saved: ``anchor`` is a fragment (``#doel-12``),
    or a function of the service's result giving one."""
    if not form.is_valid():
        return _editor(request, household, bound={key: form}, status=400, error_anchor=error_anchor)
    try:
        result = call(form.cleaned_data)
    except ConflictError as exc:
        again = _conflicted(form, household.plan, str(exc))
        return _editor(
            request,
            household,
            bound={key: again},
            status=409,
            conflict=str(exc),
            error_anchor=error_anchor,
        )
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _editor(request, household, bound={key: form}, status=400, error_anchor=error_anchor)
    messages.success(request, _("Plan saved."))
    return _plan_at(household, anchor(result) if callable(anchor) else anchor)


def _plan_at(household: Household, fragment: str = "") -> HttpResponse:
    """The editor, opened at what was just saved (``#doel-12``)."""
    return redirect(reverse("plans:plan_edit", args=[household.pk]) + fragment)


@guarded
def plan_edit(request: HttpRequest, household_id: int) -> HttpResponse:
    household = gate.household_for(actor_for(request), household_id, event=Event.PLAN_VIEW)
    return _editor(request, household)


@guarded
@require_POST
def goal_add(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.PLAN_GOAL_CREATE)
    form = GoalForm(request.POST, prefix="goal")
    return _run(
        request,
        household,
        form,
        "goal",
        lambda d: services.goal_add(
            actor=actor,
            household=household,
            expected_version=d["version"],
            text=d["text"],
            author=d["author"],
            due_on=d["due_on"],
            review_on=d["review_on"],
        ),
        anchor=lambda goal: f"#doel-{goal.pk}",
    )


@guarded
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(
        actor,
        household_id,
        event=Event.PLAN_GOAL_UPDATE if request.method == "POST" else Event.PLAN_VIEW,
    )
    plan = household.plan
    goal = selectors.goal_of(plan, goal_id)
    if goal is None:
        raise gate.NotFound
    text_locked = not services.may_change_goal_text(actor, plan, goal)
    form = GoalEditForm(
        request.POST or None,
        text_locked=text_locked,
        initial={
            "version": household.plan.version,
            "text": goal.text,
            "status": goal.status,
            "due_on": goal.due_on,
            "review_on": goal.review_on,
        },
    )
    conflict = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.goal_update(
                    actor=actor,
                    household=household,
                    expected_version=d["version"],
                    goal_id=goal.pk,
                    # Words the form does not offer are still refused when sent, not dropped.
                    text=request.POST.get("text") if text_locked else d["text"],
                    status=d["status"],
                    due_on=d["due_on"],
                    review_on=d["review_on"],
                )
            except ConflictError as exc:
                conflict, status = str(exc), 409
                _conflicted(form, plan, conflict)
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Goal saved."))
                return _plan_at(household, f"#doel-{goal.pk}")
    return render(
        request,
        "plans/goal_form.html",
        {
            "form": form,
            "household": household,
            "goal": goal,
            "plan": plan,
            "text_locked": text_locked,
            "may_propose": services.may_propose_wording(actor, plan, goal),
            "conflict": conflict,
        },
        status=status,
    )


@guarded
@require_http_methods(["GET", "POST"])
def goal_wording(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    """Propose other words for a goal in the household's words; the household decides."""
    actor = actor_for(request)
    household = gate.household_for(
        actor,
        household_id,
        event=Event.PLAN_WORDING_PROPOSE if request.method == "POST" else Event.PLAN_WORDING_FORM,
    )
    plan = household.plan
    goal = selectors.goal_of(plan, goal_id)
    if goal is None:
        raise gate.NotFound
    waiting = selectors.open_wording(goal)
    form = WordingForm(request.POST or None, initial={"version": plan.version, "text": goal.text})
    conflict = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.wording_propose(
                    actor=actor,
                    household=household,
                    expected_version=form.cleaned_data["version"],
                    goal_id=goal.pk,
                    text=form.cleaned_data["text"],
                )
            except ConflictError as exc:
                conflict, status = str(exc), 409
                _conflicted(form, plan, conflict)
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Proposal sent. The household sees it and decides."))
                return _plan_at(household, f"#doel-{goal.pk}")
    return render(
        request,
        "plans/wording_form.html",
        {
            "form": form,
            "household": household,
            "goal": goal,
            "waiting": waiting,
            "may_propose": services.may_propose_wording(actor, plan, goal) and waiting is None,
            "conflict": conflict,
        },
        status=status,
    )


@guarded
@require_POST
def goal_move(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.PLAN_GOAL_MOVE)
    form = GoalMoveForm(request.POST)
    return _run(
        request,
        household,
        form,
        "move",
        lambda d: services.goal_move(
            actor=actor,
            household=household,
            expected_version=d["version"],
            goal_id=goal_id,
            to_position=d["position"],
        ),
        anchor=f"#doel-{goal_id}",
        error_anchor=f"doel-{goal_id}",
    )


@guarded
@require_POST
def action_add(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.PLAN_ACTION_CREATE)
    key = f"action-{goal_id}"
    form = ActionForm(request.POST, prefix=key, household=household)

    def call(d: dict[str, Any]) -> None:
        services.action_add(
            actor=actor,
            household=household,
            expected_version=d["version"],
            goal_id=goal_id,
            description=d["description"],
            actor_kind=d["actor_kind"],
            network_member_id=d["network_member"].pk if d["network_member"] else None,
            professional_id=d["professional"].pk if d["professional"] else None,
            actor_name=d["actor_name"],
            due_on=d["due_on"],
            requested_by_family=d["requested_by_family"],
            is_safety_condition=d["is_safety_condition"],
        )

    return _run(request, household, form, key, call, anchor=f"#doel-{goal_id}")


@guarded
@require_POST
def action_comment(request: HttpRequest, household_id: int, action_id: int) -> HttpResponse:
    """A professional's comment on an action; the household reads it in Mijn Nabij."""
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.PLAN_ACTION_COMMENT)
    form = CommentForm(request.POST, prefix=f"comment-{action_id}")
    if not form.is_valid():
        return _editor(request, household, bound={"comment": form}, status=400)
    try:
        services.action_comment_add(
            actor=actor, household=household, action_id=action_id, text=form.cleaned_data["text"]
        )
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _editor(request, household, bound={"comment": form}, status=400)
    messages.success(request, _("Comment saved."))
    return _plan_at(household, f"#actie-{action_id}")


@guarded
@require_POST
def action_status(request: HttpRequest, household_id: int, action_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.PLAN_ACTION_UPDATE)
    # The status select of this action has the id status-<id> (the summary links to it).
    form = ActionStatusForm(request.POST, auto_id=f"%s-{action_id}")
    return _run(
        request,
        household,
        form,
        "action-status",
        lambda d: services.action_set_status(
            actor=actor,
            household=household,
            expected_version=d["version"],
            action_id=action_id,
            status=d["status"],
        ),
        anchor=f"#actie-{action_id}",
        error_anchor=f"status-{action_id}",
    )


@guarded
@require_POST
def plan_kind(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.PLAN_KIND)
    form = PlanKindForm(request.POST)
    return _run(
        request,
        household,
        form,
        "kind",
        lambda d: services.plan_set_kind(
            actor=actor, household=household, expected_version=d["version"], kind=d["kind"]
        ),
        anchor="#plan-kind",
    )


@guarded
@require_POST
def plan_sign_off(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.PLAN_SIGN_OFF)
    form = SignOffForm(request.POST, prefix="sign")
    return _run(
        request,
        household,
        form,
        "sign",
        lambda d: services.plan_sign_off(
            actor=actor,
            household=household,
            expected_version=d["version"],
            signed_off_by=d["signed_off_by"],
        ),
        anchor="#sign",
    )


@guarded
@require_http_methods(["GET", "POST"])
def threat_add(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.THREAT_CREATE if request.method == "POST" else Event.THREAT_FORM
    household = gate.household_for(actor, household_id, event=event)
    form = ThreatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.threat_record(household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Threat recorded."))
            return redirect("people:household_detail", household_id=household.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "plans/threat_form.html", {"form": form, "household": household}, status=status
    )


@guarded
@require_POST
def threat_status(request: HttpRequest, household_id: int, threat_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.THREAT_UPDATE)
    form = ThreatStatusForm(request.POST)
    if form.is_valid():
        try:
            services.threat_set_status(
                household=household, threat_id=threat_id, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("people:household_detail", household_id=household.pk)


@guarded
@require_http_methods(["GET", "POST"])
def breakthrough_create(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(
        actor,
        household_id,
        event=Event.BREAKTHROUGH_CREATE if request.method == "POST" else Event.BREAKTHROUGH_FORM,
    )
    form = BreakthroughForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.breakthrough_record(
                actor=actor,
                household=household,
                blocked=d["blocked"],
                rule_set_aside_id=d["rule_set_aside"],
                decision=d["decision"],
                decided_on=d["decided_on"],
                cost_cents=int((d["cost"] * Decimal(100)).to_integral_value()),
                outcome=d["outcome"],
                outcome_note=d["outcome_note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Breakthrough recorded."))
            return redirect("people:household_detail", household_id=household.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "plans/breakthrough_form.html",
        {"form": form, "household": household},
        status=status,
    )


@guarded
@require_POST
def breakthrough_mandate(
    request: HttpRequest, household_id: int, breakthrough_id: int
) -> HttpResponse:
    """The team coordinator gives the mandate to a professional's breakthrough."""
    actor = actor_for(request)
    household = gate.household_for(
        actor, household_id, event=Event.BREAKTHROUGH_MANDATE, also=rules.can_manage_team
    )
    try:
        services.breakthrough_mandate(
            actor=actor, household=household, breakthrough_id=breakthrough_id
        )
    except (ValidationError, DomainError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Mandate given."))
    return redirect("people:household_detail", household_id=household.pk)


def _story_page(
    request: HttpRequest,
    actor: gate.Actor,
    household: Household,
    breakthrough: Breakthrough,
    *,
    update_form: BreakthroughUpdateForm | None = None,
    close_form: BreakthroughCloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    version = {"version": breakthrough.version}
    return render(
        request,
        "plans/breakthrough_detail.html",
        {
            "household": household,
            "b": breakthrough,
            "updates": selectors.breakthrough_updates(breakthrough),
            "update_form": update_form or BreakthroughUpdateForm(initial=version),
            "close_form": close_form or BreakthroughCloseForm(initial=version),
            "reopen_form": BreakthroughReopenForm(initial=version),
            "can_manage_team": rules.can_manage_team(actor.professional, household),
        },
        status=status,
    )


def _breakthrough_or_404(household: Household, breakthrough_id: int) -> Breakthrough:
    breakthrough = selectors.breakthrough_of(household, breakthrough_id)
    if breakthrough is None:
        raise gate.NotFound
    return breakthrough


@guarded
def breakthrough_detail(
    request: HttpRequest, household_id: int, breakthrough_id: int
) -> HttpResponse:
    """A breakthrough's story: the decision, its outcome updates and its close."""
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.BREAKTHROUGH_VIEW)
    breakthrough = _breakthrough_or_404(household, breakthrough_id)
    return _story_page(request, actor, household, breakthrough)


@guarded
@require_POST
def breakthrough_update_add(
    request: HttpRequest, household_id: int, breakthrough_id: int
) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.BREAKTHROUGH_UPDATE)
    breakthrough = _breakthrough_or_404(household, breakthrough_id)
    form = BreakthroughUpdateForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.breakthrough_update_add(
                actor=actor,
                household=household,
                breakthrough_id=breakthrough.pk,
                expected_version=d["version"],
                on_date=d["on_date"],
                text=d["text"],
                real_cost_cents=cents(d["real_cost"]),
                saving_cents=cents(d["saving"]),
                saving_basis=d["saving_basis"],
                goal_held=d["goal_held"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ConflictError as exc:
            _conflicted(form, breakthrough, str(exc))
            status = 409
        except DomainError as exc:  # on a field: bad input; otherwise the story's state
            apply_validation_error(form, exc)
            status = 400 if exc.field in form.fields else 409
        else:
            messages.success(request, _("Update added to the breakthrough's story."))
            return redirect("plans:breakthrough_detail", household.pk, breakthrough.pk)
    breakthrough.refresh_from_db()
    return _story_page(request, actor, household, breakthrough, update_form=form, status=status)


@guarded
@require_POST
def breakthrough_close(
    request: HttpRequest, household_id: int, breakthrough_id: int
) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.BREAKTHROUGH_CLOSE)
    breakthrough = _breakthrough_or_404(household, breakthrough_id)
    form = BreakthroughCloseForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.breakthrough_close(
                actor=actor,
                household=household,
                breakthrough_id=breakthrough.pk,
                expected_version=d["version"],
                closed_on=d["closed_on"],
                outcome=d["outcome"],
                outcome_note=d["outcome_note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ConflictError as exc:
            _conflicted(form, breakthrough, str(exc))
            status = 409
        except DomainError as exc:  # on a field: bad input; otherwise the story's state
            apply_validation_error(form, exc)
            status = 400 if exc.field in form.fields else 409
        else:
            messages.success(request, _("Breakthrough closed."))
            return redirect("plans:breakthrough_detail", household.pk, breakthrough.pk)
    breakthrough.refresh_from_db()
    return _story_page(request, actor, household, breakthrough, close_form=form, status=status)


@guarded
@require_POST
def breakthrough_reopen(
    request: HttpRequest, household_id: int, breakthrough_id: int
) -> HttpResponse:
    """The team coordinator opens a closed breakthrough again."""
    actor = actor_for(request)
    household = gate.household_for(
        actor, household_id, event=Event.BREAKTHROUGH_REOPEN, also=rules.can_manage_team
    )
    breakthrough = _breakthrough_or_404(household, breakthrough_id)
    form = BreakthroughReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete. Open the breakthrough again."))
    else:
        try:
            services.breakthrough_reopen(
                actor=actor,
                household=household,
                breakthrough_id=breakthrough.pk,
                expected_version=form.cleaned_data["version"],
            )
        except (ConflictError, DomainError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Breakthrough open again."))
    return redirect("plans:breakthrough_detail", household.pk, breakthrough.pk)


@guarded
def breakthrough_register(request: HttpRequest) -> HttpResponse:
    """The team's register: breakthroughs of the households the user may work on."""
    actor = actor_for(request)
    households = gate.caseload_for(actor)
    page = Paginator(selectors.breakthroughs(households), 25).get_page(request.GET.get("page"))
    gate.log_listed(actor, [b.household for b in page.object_list], event=Event.BREAKTHROUGH_LIST)
    return render(request, "plans/breakthrough_register.html", {"page": page})


@guarded
@require_http_methods(["GET", "POST"])
def assignment_add(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.ASSIGNMENT_CREATE if request.method == "POST" else Event.ASSIGNMENT_FORM
    household = gate.household_for(actor, household_id, event=event, also=rules.can_manage_team)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            access_services.assignment_start(
                household_id=household.pk,
                professional=d["professional"],
                kind=d["kind"],
                has_own_plan=d["has_own_plan"],
            )
        except DomainError as exc:
            form.add_error("kind", str(exc))
        else:
            messages.success(request, _("Professional assigned."))
            return redirect("people:household_detail", household_id=household.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "plans/assignment_form.html", {"form": form, "household": household}, status=status
    )


@guarded
@require_POST
def assignment_end(request: HttpRequest, household_id: int, assignment_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(
        actor, household_id, event=Event.ASSIGNMENT_END, also=rules.can_manage_team
    )
    assignment = access_selectors.open_assignment(household, assignment_id)
    if assignment is not None:
        try:
            access_services.assignment_end(assignment=assignment)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Assignment ended."))
    return redirect("people:household_detail", household_id=household.pk)
