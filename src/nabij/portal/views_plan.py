"""Ons plan: the household's plan, as the household sees it and changes it.

Thin views over the gate and the plan's services: every read and write goes through
``own_household_for`` (the resident as actor, purpose own_data); an id outside the own plan
is a 404 with a refused row (``own_items``). Every change carries the plan version the page
was shown with: a change made by someone else in the meantime comes back as 409 with what the
resident wrote still in the form. Everything works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nabij.access.enums import Event
from nabij.access.gate import OwnHousehold, own_household_for
from nabij.access.web import actor_for, resident_view
from nabij.assessment import services as assessment_services
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.plans import selectors as plan_selectors
from nabij.plans import services as plan_services
from nabij.portal import own_items
from nabij.portal.forms_plan import (
    CommentForm,
    DecisionForm,
    GoalTextForm,
    MoveForm,
    PriorityForm,
    VersionForm,
)
from nabij.portal.selectors_plan import own_plan
from nabij.portal.views import page


def conflict_message() -> str:
    return _(
        "Someone else changed the plan just now. Look at the plan as it is now and try "
        "again. What you wrote is still here."
    )


def _history_rows(view: plan_selectors.PlanView, user_id: int | None) -> list[dict[str, Any]]:
    """The recent changes in plain words: when, who (you, a member, or a professional), what."""
    rows = []
    for change in view.history:
        if change.changed_by_id == user_id:
            who = _("You")
        else:
            who = change.changed_by.get_full_name() or change.changed_by.get_username()
        rows.append(
            {
                "change": change,
                "who": who,
                "what": HISTORY_WORDS.get(change.event, change.get_event_display)(),
                # the words of a goal or action; positions and codes are left out
                "words": change.detail if change.event in WORDED_EVENTS else "",
            }
        )
    return rows


HISTORY_WORDS: dict[str, Callable[[], str]] = {
    "goal_added": lambda: _("added a goal"),
    "goal_changed": lambda: _("changed a goal"),
    "goal_moved": lambda: _("changed the order of the goals"),
    "goals_ordered": lambda: _("changed the order of the goals"),
    "action_added": lambda: _("added an action"),
    "action_status": lambda: _("changed how far an action is"),
    "kind_changed": lambda: _("changed the kind of plan"),
    "signed_off": lambda: _("signed the plan"),
    "wording_proposed": lambda: _("proposed other words for a goal"),
    "wording_accepted": lambda: _("took over the proposed words"),
    "wording_declined": lambda: _("kept the own words"),
}
WORDED_EVENTS = frozenset(
    {
        "goal_added",
        "goal_changed",
        "action_added",
        "wording_proposed",
        "wording_accepted",
        "wording_declined",
    }
)


def _render(
    request: HttpRequest,
    own: OwnHousehold,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
    problem: str = "",
) -> HttpResponse:
    """The page; a form that came back with an error replaces its empty twin, input kept."""
    bound = bound or {}
    data = own_plan(own)
    view = data.view
    plan = view.plan
    version = plan.version
    goals = []
    for goal in view.goals:
        text_key = f"text-{goal.pk}"
        actions = []
        for action in goal.actions.all():
            comment_key = f"comment-{action.pk}"
            actions.append(
                {
                    "action": action,
                    "who": plan_selectors.action_who(action),
                    "may_mark_done": action.is_household_action
                    and action.status in ("todo", "doing"),
                    "comment_form": bound.get(comment_key) or CommentForm(prefix=comment_key),
                    "comment_open": comment_key in bound,
                }
            )
        goals.append(
            {
                "goal": goal,
                "mine": goal.in_household_words,
                "text_form": bound.get(text_key)
                or GoalTextForm(prefix=text_key, initial={"version": version, "text": goal.text}),
                "text_open": text_key in bound,
                "open_wording": plan_selectors.open_wording(goal),
                "actions": actions,
            }
        )
    response = page(
        request,
        "portal/plan.html",
        own,
        plan=plan,
        version=version,
        goals=goals,
        wordings=view.open_wordings,
        priority=view.priority,
        priority_form=bound.get("priority") or PriorityForm(prefix="priority"),
        goal_form=bound.get("goal") or GoalTextForm(prefix="goal", initial={"version": version}),
        history=_history_rows(view, request.user.pk),
        effects=data.effects,
        coordinator=data.coordinator,
        problem=problem,
    )
    response.status_code = status
    return response


def _refresh(form: forms.Form, version: int) -> forms.Form:
    """After a conflict: the same input, on the version the page now shows."""
    data = dict(form.data.items())
    data[form.add_prefix("version")] = str(version)
    fresh = form.__class__(data, prefix=form.prefix)
    fresh.is_valid()
    return fresh


def _write(
    request: HttpRequest,
    own: OwnHousehold,
    form: forms.Form,
    key: str,
    call: Callable[[dict[str, Any]], object],
    *,
    done: str,
    anchor: str = "",
) -> HttpResponse:
    """Validate, call the service; every refusal comes back as the page with the input kept."""
    if not form.is_valid():
        return _render(request, own, bound={key: form}, status=400, problem=_form_problem(form))
    try:
        call(form.cleaned_data)
    except ConflictError:
        version = plan_selectors.plan_view(own.household, history=0).plan.version
        return _render(
            request,
            own,
            bound={key: _refresh(form, version)},
            status=409,
            problem=conflict_message(),
        )
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _render(request, own, bound={key: form}, status=400, problem=_form_problem(form))
    messages.success(request, done)
    return redirect(reverse("portal:plan") + anchor)


def _form_problem(form: forms.Form) -> str:
    """A refusal of a form without a text field (a button) is said at the top of the page."""
    if "text" in form.fields:
        return _("Not saved. Look at the message at the form.")
    return " ".join(str(e) for errors in form.errors.values() for e in errors) or _(
        "Not saved. Try again."
    )


@resident_view
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    own = own_household_for(actor_for(request), event=Event.ME_PLAN_VIEW)
    return _render(request, own)


@resident_view
@require_POST
def goal_add(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    own = own_household_for(actor, event=Event.ME_PLAN_GOAL_CREATE)
    form = GoalTextForm(request.POST, prefix="goal")
    return _write(
        request,
        own,
        form,
        "goal",
        lambda d: plan_services.goal_add(
            actor=actor, household=own.household, expected_version=d["version"], text=d["text"]
        ),
        done=_("Your goal has been added."),
        anchor="#goals",
    )


@resident_view
@require_POST
def goal_text(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = actor_for(request)
    own, goal = own_items.own_goal(actor, goal_id, event=Event.ME_PLAN_GOAL_UPDATE)
    key = f"text-{goal.pk}"
    return _write(
        request,
        own,
        GoalTextForm(request.POST, prefix=key),
        key,
        lambda d: plan_services.goal_text_set(
            actor=actor,
            household=own.household,
            expected_version=d["version"],
            goal_id=goal.pk,
            text=d["text"],
        ),
        done=_("Your goal has been changed."),
        anchor=f"#goal-{goal.pk}",
    )


@resident_view
@require_POST
def goal_move(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = actor_for(request)
    own, goal = own_items.own_goal(actor, goal_id, event=Event.ME_PLAN_GOAL_MOVE)
    return _write(
        request,
        own,
        MoveForm(request.POST),
        "move",
        lambda d: plan_services.goal_move(
            actor=actor,
            household=own.household,
            expected_version=d["version"],
            goal_id=goal.pk,
            to_position=d["position"],
        ),
        done=_("The order has been changed."),
        anchor=f"#goal-{goal.pk}",
    )


@resident_view
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    actor = actor_for(request)
    own, action = own_items.own_action(actor, action_id, event=Event.ME_PLAN_ACTION_DONE)
    return _write(
        request,
        own,
        VersionForm(request.POST),
        "done",
        lambda d: plan_services.action_done(
            actor=actor,
            household=own.household,
            expected_version=d["version"],
            action_id=action.pk,
        ),
        done=_("Well done! The action is marked as done."),
        anchor=f"#action-{action.pk}",
    )


@resident_view
@require_POST
def action_comment(request: HttpRequest, action_id: int) -> HttpResponse:
    actor = actor_for(request)
    own, action = own_items.own_action(actor, action_id, event=Event.ME_PLAN_ACTION_COMMENT)
    key = f"comment-{action.pk}"
    return _write(
        request,
        own,
        CommentForm(request.POST, prefix=key),
        key,
        lambda d: plan_services.action_comment_add(
            actor=actor, household=own.household, action_id=action.pk, text=d["text"]
        ),
        done=_("Your comment has been saved."),
        anchor=f"#action-{action.pk}",
    )


@resident_view
@require_POST
def sign(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    own = own_household_for(actor, event=Event.ME_PLAN_SIGN)
    return _write(
        request,
        own,
        VersionForm(request.POST),
        "sign",
        lambda d: plan_services.plan_sign(
            actor=actor, household=own.household, expected_version=d["version"]
        ),
        done=_("You have signed the plan."),
        anchor="#sign",
    )


@resident_view
@require_POST
def wording_decide(request: HttpRequest, wording_id: int) -> HttpResponse:
    actor = actor_for(request)
    own, wording = own_items.own_wording(actor, wording_id, event=Event.ME_PLAN_WORDING_DECIDE)
    form = DecisionForm(request.POST)
    accepted = request.POST.get("decision") == "accept"
    return _write(
        request,
        own,
        form,
        "wording",
        lambda d: plan_services.wording_decide(
            actor=actor,
            household=own.household,
            expected_version=d["version"],
            wording_id=wording.pk,
            accept=d["decision"] == "accept",
        ),
        done=_("The new words are in your plan.") if accepted else _("Your own words stay."),
        anchor=f"#goal-{wording.goal_id}",
    )


@resident_view
@require_POST
def priority(request: HttpRequest) -> HttpResponse:
    """The resident answers "What matters most to you now?" in their own name."""
    actor = actor_for(request)
    own = own_household_for(actor, event=Event.ME_PRIORITY_CREATE)
    return _write(
        request,
        own,
        PriorityForm(request.POST, prefix="priority"),
        "priority",
        lambda d: assessment_services.priority_record(
            actor=actor, household=own.household, text=d["text"], said_by=own.resident.full_name
        ),
        done=_("Thank you. Your answer is in your plan."),
        anchor="#priority",
    )
