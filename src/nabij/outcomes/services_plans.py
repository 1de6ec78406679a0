"""Writes of area plans (*gebiedsplan*): start a plan, its goals and actions, agree it.

Every change runs the same way as a household plan's (``_change``): lock the plan, refuse a
stale version (``ConflictError`` from ``core.versioning``; nothing is lost, the caller shows the
input again), apply, count the version up and append an ``AreaPlanChange`` with who, when, what
and a snapshot of the plan after the change.

The states of a plan, explicitly (``PLAN_TRANSITIONS``):

- a new plan is a draft (*concept*);
- the coordinator of a team working in the district agrees it (*vaststellen*), on a date and
  with the residents and partners named; draft -> agreed;
- changing the goals, the actions or the description of an agreed plan is an amendment:
  agreed -> draft, the last agreement kept and shown ("changed since it was agreed on ..."),
  until the coordinator agrees it again. Recording an action's progress is carrying the plan
  out, not changing it: the plan stays agreed.

Members of a team working in the district write; only its coordinators agree
(``access.rules``). The views check the same rules first; they are checked here again so no
other caller can skip them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.models import Professional
from nabij.areas.models import District
from nabij.core.errors import DomainError
from nabij.core.validators import clean_text
from nabij.core.versioning import lock_at_version
from nabij.outcomes import selectors_plans as selectors
from nabij.outcomes.models import (
    AreaPlan,
    AreaPlanAction,
    AreaPlanChange,
    AreaPlanGoal,
    Indicator,
    Question,
)
from nabij.outcomes.models_plans import GOAL_QUESTIONS

T = TypeVar("T")

PLAN_TRANSITIONS: dict[str, set[str]] = {
    AreaPlan.Status.DRAFT: {AreaPlan.Status.AGREED},
    AreaPlan.Status.AGREED: {AreaPlan.Status.DRAFT},
}
ACTION_TRANSITIONS: dict[str, set[str]] = {
    AreaPlanAction.Status.PLANNED: {AreaPlanAction.Status.IN_PROGRESS, AreaPlanAction.Status.DONE},
    AreaPlanAction.Status.IN_PROGRESS: {AreaPlanAction.Status.PLANNED, AreaPlanAction.Status.DONE},
    AreaPlanAction.Status.DONE: {AreaPlanAction.Status.IN_PROGRESS},
}
# A plan is made for this year, last year (written up late) or up to a few years ahead.
YEARS_BACK, YEARS_AHEAD = 1, 3
# A target lies in the plan's year or at most this many years after it.
TARGET_YEARS = 10
EARLIEST_BASELINE = 2000
MAX_FIGURE = Decimal("99999999999999")  # what the value columns hold (18 digits, 4 decimals)
TEXT_MAX = 1000
NAME_MAX = 150


# --- Access ---------------------------------------------------------------------------------


def _require(
    actor: gate.Actor,
    district_id: int,
    rule: Callable[[Professional | None, int], bool],
    event: Event,
) -> None:
    if not rule(actor.professional, district_id):
        _refuse(actor, event)


def _refuse(actor: gate.Actor, event: Event) -> NoReturn:
    gate.log(actor, event=event, outcome=Outcome.REFUSED, purpose=Purpose.ADMINISTRATION)
    raise gate.AccessDenied


# --- The one way a plan changes -------------------------------------------------------------


def _conflict_message() -> str:
    return _(
        "Someone else changed this area plan while you were editing it (your version "
        "%(mine)s, now %(current)s). What you typed is kept below: check the plan and save "
        "again."
    )


def _change(
    *,
    actor: gate.Actor,
    plan: AreaPlan,
    expected_version: int,
    event: str,
    apply: Callable[[AreaPlan], T],
    summary: Callable[[T], str] | str = "",
    status: str = "",
    keeps_agreement: bool = False,
) -> T:
    """Apply one change under the plan's lock and record it. Unless ``keeps_agreement``, a
    change to an agreed plan is an amendment: the plan becomes a draft again. ``plan`` (the
    caller's copy) is brought up to date."""
    _require(actor, plan.district_id, rules.works_in_district, Event.OUTCOMES_PLAN_CHANGE)
    with transaction.atomic():
        locked = lock_at_version(
            AreaPlan.objects.filter(pk=plan.pk), expected_version, _conflict_message()
        )
        was_agreed = locked.is_agreed
        result = apply(locked)
        reopened = was_agreed and not keeps_agreement
        if reopened:
            _transition(locked, AreaPlan.Status.DRAFT)
        locked.version += 1
        if locked.is_agreed:  # just agreed, or progress on an agreed plan: still agreed
            locked.agreed_version = locked.version
        locked.updated_by = actor.account
        locked.save()
        AreaPlanChange.objects.create(
            plan=locked,
            version=locked.version,
            changed_by=actor.account,
            event=event,
            summary=(summary(result) if callable(summary) else summary).strip()[:255],
            status=status,
            reopened=reopened,
            snapshot=plan_snapshot(locked),
        )
    for field in AreaPlan._meta.concrete_fields:
        setattr(plan, field.attname, getattr(locked, field.attname))
    return result


def _transition(plan: AreaPlan, new: str) -> None:
    if new not in PLAN_TRANSITIONS[plan.status]:
        raise DomainError(
            _("An area plan cannot go from %(old)s to %(new)s.")
            % {"old": plan.get_status_display(), "new": AreaPlan.Status(new).label},
            field="status",
        )
    plan.status = new


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def plan_snapshot(plan: AreaPlan) -> dict[str, Any]:
    """The plan as it is now, for the history: every goal and action in plain values."""
    goals = selectors.goals_with_actions(plan)
    loose = plan.actions.filter(goal__isnull=True).order_by("position", "id")
    return {
        "year": plan.year,
        "status": plan.status,
        "summary": plan.summary,
        "agreed_with": plan.agreed_with,
        "agreed_on": plan.agreed_on.isoformat() if plan.agreed_on else None,
        "goals": [
            {
                "id": goal.pk,
                "question": goal.question,
                "text": goal.text,
                "indicator": goal.indicator.code,
                "baseline_value": _figure(goal.baseline_value),
                "baseline_period": goal.baseline_period,
                "baseline_quality": goal.baseline_quality,
                "target_value": _figure(goal.target_value),
                "target_year": goal.target_year,
                "actions": [_action_snapshot(a) for a in goal.actions.all()],
            }
            for goal in goals
        ],
        "actions": [_action_snapshot(a) for a in loose],
    }


def _action_snapshot(action: AreaPlanAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "description": action.description,
        "by": action.by,
        "by_name": action.by_name,
        "owner": action.owner,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status,
    }


# --- Text ---------------------------------------------------------------------------------------


def _text(value: str, field: str, *, required: bool, max_length: int = TEXT_MAX) -> str:
    try:
        cleaned = clean_text(value or "", multiline=max_length == TEXT_MAX)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if required and not cleaned:
        raise ValidationError({field: _("This field is required.")})
    if len(cleaned) > max_length:
        raise ValidationError(
            {field: _("Keep this under %(max)s characters.") % {"max": max_length}}
        )
    return cleaned


# --- Plans --------------------------------------------------------------------------------------


def plan_create(*, actor: gate.Actor, district: District, year: int, summary: str = "") -> AreaPlan:
    """A new draft plan for the district and year; one plan per district per year."""
    _require(actor, district.pk, rules.works_in_district, Event.OUTCOMES_PLAN_CREATE)
    this_year = timezone.localdate().year
    if not this_year - YEARS_BACK <= year <= this_year + YEARS_AHEAD:
        raise ValidationError(
            {
                "year": _("Make a plan for a year from %(first)s to %(last)s.")
                % {"first": this_year - YEARS_BACK, "last": this_year + YEARS_AHEAD}
            }
        )
    summary = _text(summary, "summary", required=False)
    exists = DomainError(
        _("%(district)s already has an area plan for %(year)s. Open it to change it.")
        % {"district": district.name, "year": year},
        field="year",
    )
    if AreaPlan.objects.filter(district=district, year=year).exists():
        raise exists
    try:
        with transaction.atomic():
            plan = AreaPlan.objects.create(
                district=district,
                year=year,
                summary=summary,
                created_by=actor.account,
                updated_by=actor.account,
            )
            AreaPlanChange.objects.create(
                plan=plan,
                version=plan.version,
                changed_by=actor.account,
                event=AreaPlanChange.Event.CREATED,
                summary=str(year),
                snapshot=plan_snapshot(plan),
            )
    except IntegrityError as exc:  # started by someone else at the same moment
        raise exists from exc
    return plan


def plan_update(
    *, actor: gate.Actor, plan: AreaPlan, expected_version: int, summary: str
) -> AreaPlan:
    """The plan's description: what the district wants, in plain words."""
    text = _text(summary, "summary", required=False)

    def apply(p: AreaPlan) -> AreaPlan:
        p.summary = text
        return p

    return _change(
        actor=actor,
        plan=plan,
        expected_version=expected_version,
        event=AreaPlanChange.Event.DETAILS_CHANGED,
        apply=apply,
        summary=text[:120],
    )


def plan_agree(
    *,
    actor: gate.Actor,
    plan: AreaPlan,
    expected_version: int,
    agreed_on: dt.date,
    agreed_with: str,
) -> AreaPlan:
    """Agree (*vaststellen*) the plan as it is now: by the coordinator of a team working in the
    district, with the residents and partners named, on a date that has passed."""
    _require(actor, plan.district_id, rules.has_district_mandate, Event.OUTCOMES_PLAN_AGREE)
    with_whom = _text(agreed_with, "agreed_with", required=True)
    today = timezone.localdate()
    if agreed_on > today:
        raise ValidationError({"agreed_on": _("The date of agreement cannot lie in the future.")})
    if agreed_on.year < plan.year - 1:
        raise ValidationError(
            {
                "agreed_on": _("A plan for %(year)s is agreed in %(before)s or later.")
                % {"year": plan.year, "before": plan.year - 1}
            }
        )

    def apply(p: AreaPlan) -> AreaPlan:
        if p.is_agreed:
            raise DomainError(
                _("This plan is already agreed, and nothing has changed since."), field="status"
            )
        if not p.goals.exists():
            raise DomainError(_("Add at least one goal before the plan is agreed."), field="status")
        _transition(p, AreaPlan.Status.AGREED)
        p.agreed_on = agreed_on
        p.agreed_with = with_whom
        p.agreed_at = timezone.now()
        p.agreed_by = actor.account
        return p

    return _change(
        actor=actor,
        plan=plan,
        expected_version=expected_version,
        event=AreaPlanChange.Event.AGREED,
        apply=apply,
        summary=with_whom[:255],
        keeps_agreement=True,
    )


# --- Goals --------------------------------------------------------------------------------------


def _indicator(indicator_id: int | None, question: str) -> Indicator:
    if question not in dict(GOAL_QUESTIONS):
        raise ValidationError({"question": _("Choose one of the four questions.")})
    indicator = Indicator.objects.filter(pk=indicator_id).first() if indicator_id else None
    if indicator is None:
        raise ValidationError({"indicator": _("Choose the indicator that measures this goal.")})
    if indicator.question == Question.CONTEXT:
        raise DomainError(
            _("%(name)s describes the district; it measures no goal. Choose another indicator.")
            % {"name": indicator.name},
            field="indicator",
        )
    if indicator.question != question:
        raise DomainError(
            _("%(name)s answers the question “%(other)s”. Choose an indicator of this question.")
            % {"name": indicator.name, "other": Question(indicator.question).label},
            field="indicator",
        )
    return indicator


def _number(value: Decimal) -> str:
    return number_format(value.normalize(), use_l10n=True)


def _check_figure(value: Decimal | None, field: str, indicator: Indicator) -> None:
    if value is None:
        return
    if abs(value) > MAX_FIGURE:
        raise ValidationError({field: _("This number is too large.")})
    if value < 0:
        raise ValidationError({field: _("A figure below zero is not possible here.")})
    if indicator.unit.strip() == "%" and value > 100:
        raise ValidationError({field: _("A percentage lies between 0 and 100.")})


def _baseline(
    plan: AreaPlan, indicator: Indicator, value: Decimal | None, period: int | None
) -> tuple[Decimal | None, int | None, str]:
    """The baseline and the quality of the figure it came from. Left empty, it is the newest
    figure of the indicator for the district (if there is one); typed by the team, it keeps the
    figure's quality only where it is that very figure."""
    if (value is None) != (period is None):
        field = "baseline_period" if period is None else "baseline_value"
        raise ValidationError({field: _("Give the baseline and the year it is from, or neither.")})
    code = plan.district.code
    latest = selectors.latest_values({indicator.pk}, code).get(indicator.pk)
    if value is None:
        if latest is None or latest.value is None:
            return None, None, ""
        return latest.value, latest.period, latest.quality
    assert period is not None
    if not EARLIEST_BASELINE <= period <= plan.year:
        raise ValidationError(
            {
                "baseline_period": _("The baseline is from a year from %(first)s to %(last)s.")
                % {"first": EARLIEST_BASELINE, "last": plan.year}
            }
        )
    _check_figure(value, "baseline_value", indicator)
    same = (
        indicator.values.filter(area_code=code, period=period, current=True, value=value)
        .values_list("quality", flat=True)
        .first()
    )
    return value, period, same or ""


def _check_target(
    plan: AreaPlan, indicator: Indicator, baseline: Decimal | None, target: Decimal, year: int
) -> None:
    _check_figure(target, "target_value", indicator)
    if not plan.year <= year <= plan.year + TARGET_YEARS:
        raise ValidationError(
            {
                "target_year": _("The target year lies from %(first)s to %(last)s.")
                % {"first": plan.year, "last": plan.year + TARGET_YEARS}
            }
        )
    if baseline is None:
        return
    sign = selectors.better_sign(indicator.direction)
    if sign < 0 and target > baseline:
        raise DomainError(
            _(
                "For %(name)s lower is better: choose a target at or below the baseline "
                "(%(baseline)s)."
            )
            % {"name": indicator.name, "baseline": _number(baseline)},
            field="target_value",
        )
    if sign > 0 and target < baseline:
        raise DomainError(
            _(
                "For %(name)s higher is better: choose a target at or above the baseline "
                "(%(baseline)s)."
            )
            % {"name": indicator.name, "baseline": _number(baseline)},
            field="target_value",
        )


def _goal(plan: AreaPlan, goal_id: int) -> AreaPlanGoal:
    goal = plan.goals.select_related("indicator").filter(pk=goal_id).first()
    if goal is None:
        raise ValidationError(_("This goal is not part of the plan."))
    return goal


@dataclass(frozen=True)
class GoalData:
    """What a goal says: its question and words, the indicator that measures it, the target,
    and the baseline (both ``None``: the district's newest figure of the indicator)."""

    question: str
    text: str
    indicator_id: int | None
    target_value: Decimal
    target_year: int
    baseline_value: Decimal | None = None
    baseline_period: int | None = None


def _fill_goal(plan: AreaPlan, goal: AreaPlanGoal, data: GoalData) -> None:
    goal.text = _text(data.text, "text", required=True)
    indicator = _indicator(data.indicator_id, data.question)
    baseline, period, quality = _baseline(
        plan, indicator, data.baseline_value, data.baseline_period
    )
    _check_target(plan, indicator, baseline, data.target_value, data.target_year)
    goal.question = data.question
    goal.indicator = indicator
    goal.baseline_value, goal.baseline_period, goal.baseline_quality = baseline, period, quality
    goal.target_value = data.target_value
    goal.target_year = data.target_year


def _next_position(items: QuerySet[Any]) -> int:
    last = items.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def goal_save(
    *,
    actor: gate.Actor,
    plan: AreaPlan,
    expected_version: int,
    data: GoalData,
    goal_id: int | None = None,
) -> AreaPlanGoal:
    """A new goal at the end of the plan (``goal_id`` ``None``), or a goal changed. Without a
    baseline, the newest figure of the indicator for the district is taken, and its quality
    kept: a synthetic figure stays marked."""

    def apply(p: AreaPlan) -> AreaPlanGoal:
        if goal_id is None:
            goal = AreaPlanGoal(plan=p, position=_next_position(p.goals.all()))
        else:
            goal = _goal(p, goal_id)
        _fill_goal(p, goal, data)
        goal.save()
        return goal

    return _change(
        actor=actor,
        plan=plan,
        expected_version=expected_version,
        event=AreaPlanChange.Event.GOAL_ADDED
        if goal_id is None
        else AreaPlanChange.Event.GOAL_CHANGED,
        apply=apply,
        summary=lambda goal: goal.text,
    )


def goal_remove(*, actor: gate.Actor, plan: AreaPlan, expected_version: int, goal_id: int) -> str:
    """Remove a goal; its actions stay in the plan, for the plan as a whole. The goal stays
    readable in the history's snapshots."""

    def apply(p: AreaPlan) -> str:
        goal = _goal(p, goal_id)
        goal.actions.update(goal=None)
        goal.delete()
        return goal.text

    return _change(
        actor=actor,
        plan=plan,
        expected_version=expected_version,
        event=AreaPlanChange.Event.GOAL_REMOVED,
        apply=apply,
        summary=lambda text: text,
    )


# --- Actions ------------------------------------------------------------------------------------


def _action(plan: AreaPlan, action_id: int) -> AreaPlanAction:
    action = plan.actions.filter(pk=action_id).first()
    if action is None:
        raise ValidationError(_("This action is not part of the plan."))
    return action


@dataclass(frozen=True)
class ActionData:
    """What an action says: what is done, by the team, a partner or an initiative (named), who
    carries it, by when, and the goal it serves (``None``: the plan as a whole)."""

    description: str
    by: str
    goal_id: int | None = None
    by_name: str = ""
    owner: str = ""
    due_on: dt.date | None = None


def _fill_action(plan: AreaPlan, action: AreaPlanAction, data: ActionData) -> None:
    action.description = _text(data.description, "description", required=True)
    if data.by not in AreaPlanAction.By.values:
        raise ValidationError({"by": _("Say who does this: the team, a partner or an initiative.")})
    name = _text(data.by_name, "by_name", required=False, max_length=NAME_MAX)
    if data.by == AreaPlanAction.By.PARTNER and not name:
        raise ValidationError(
            {"by_name": _("Name the partner, e.g. the school or the housing corporation.")}
        )
    if data.by == AreaPlanAction.By.INITIATIVE and not name:
        raise ValidationError({"by_name": _("Name the residents' initiative.")})
    action.by = data.by
    action.by_name = name if data.by != AreaPlanAction.By.TEAM else ""
    action.owner = _text(data.owner, "owner", required=False, max_length=NAME_MAX)
    if data.goal_id is not None and not plan.goals.filter(pk=data.goal_id).exists():
        raise ValidationError({"goal": _("This goal is not part of the plan.")})
    action.goal_id = data.goal_id
    first, last = dt.date(plan.year - 1, 1, 1), dt.date(plan.year + TARGET_YEARS, 12, 31)
    if data.due_on is not None and not first <= data.due_on <= last:
        raise ValidationError(
            {
                "due_on": _("Give a date from %(first)s to %(last)s.")
                % {"first": first.year, "last": last.year}
            }
        )
    action.due_on = data.due_on


def action_save(
    *,
    actor: gate.Actor,
    plan: AreaPlan,
    expected_version: int,
    data: ActionData,
    action_id: int | None = None,
) -> AreaPlanAction:
    """A new action at the end of the plan (``action_id`` ``None``), or an action changed."""

    def apply(p: AreaPlan) -> AreaPlanAction:
        if action_id is None:
            action = AreaPlanAction(plan=p, position=_next_position(p.actions.all()))
        else:
            action = _action(p, action_id)
        _fill_action(p, action, data)
        action.save()
        return action

    return _change(
        actor=actor,
        plan=plan,
        expected_version=expected_version,
        event=AreaPlanChange.Event.ACTION_ADDED
        if action_id is None
        else AreaPlanChange.Event.ACTION_CHANGED,
        apply=apply,
        summary=lambda action: action.description,
    )


def action_status_set(
    *, actor: gate.Actor, plan: AreaPlan, expected_version: int, action_id: int, status: str
) -> AreaPlanAction:
    """How far an action has got. Carrying out the plan, not changing it: an agreed plan stays
    agreed."""

    def apply(p: AreaPlan) -> AreaPlanAction:
        action = _action(p, action_id)
        if status not in AreaPlanAction.Status.values:
            raise ValidationError({"status": _("Choose planned, in progress or done.")})
        if status == action.status:
            raise DomainError(
                _("This action is already %(status)s.") % {"status": action.get_status_display()},
                field="status",
            )
        if status not in ACTION_TRANSITIONS[action.status]:
            raise DomainError(
                _("An action cannot go from %(old)s to %(new)s.")
                % {
                    "old": action.get_status_display(),
                    "new": AreaPlanAction.Status(status).label,
                },
                field="status",
            )
        action.status = status
        action.save(update_fields=["status"])
        return action

    return _change(
        actor=actor,
        plan=plan,
        expected_version=expected_version,
        event=AreaPlanChange.Event.ACTION_STATUS,
        apply=apply,
        summary=lambda action: action.description,
        status=status,
        keeps_agreement=True,
    )


def action_remove(
    *, actor: gate.Actor, plan: AreaPlan, expected_version: int, action_id: int
) -> str:
    def apply(p: AreaPlan) -> str:
        action = _action(p, action_id)
        action.delete()
        return action.description

    return _change(
        actor=actor,
        plan=plan,
        expected_version=expected_version,
        event=AreaPlanChange.Event.ACTION_REMOVED,
        apply=apply,
        summary=lambda text: text,
    )
