"""Writes for the one household plan, coercion threats and breakthroughs.

Every plan change runs the same way (``_change``): lock the plan, refuse it when the caller's
version is stale (``ConflictError``; nothing is lost, the caller shows the input again), apply,
bump the version and append a ``PlanChange`` with a snapshot of the plan after the change.

Whose words are whose: who wrote a goal is decided here from the actor, never taken from the
caller. A resident's goal is the household's; a professional's is their own (or recorded as
the network's). A goal in the household's words changes only when the household changes it:
a professional proposes other words (``wording_propose``) and the household accepts or
declines them (``wording_decide``). In a family group plan only the family writes goals, and
professionals add only what the family asked for or a safety condition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import rules
from nabij.access.gate import Actor
from nabij.access.models import Professional, Role
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text
from nabij.core.versioning import lock_at_version
from nabij.learning.models import Rule as LearningRule
from nabij.people.models import Household, NetworkMember, Resident
from nabij.plans.models import (
    Action,
    ActionComment,
    Breakthrough,
    BreakthroughUpdate,
    CoercionThreat,
    Goal,
    GoalHeld,
    GoalWording,
    Plan,
    PlanChange,
)

GOAL_TRANSITIONS: dict[str, set[str]] = {
    Goal.Status.OPEN: {Goal.Status.IN_PROGRESS, Goal.Status.ACHIEVED, Goal.Status.STOPPED},
    Goal.Status.IN_PROGRESS: {Goal.Status.OPEN, Goal.Status.ACHIEVED, Goal.Status.STOPPED},
    Goal.Status.ACHIEVED: {Goal.Status.IN_PROGRESS},
    Goal.Status.STOPPED: {Goal.Status.OPEN},
}
ACTION_TRANSITIONS: dict[str, set[str]] = {
    Action.Status.NOT_STARTED: {Action.Status.DOING, Action.Status.DONE, Action.Status.DROPPED},
    Action.Status.DOING: {Action.Status.NOT_STARTED, Action.Status.DONE, Action.Status.DROPPED},
    Action.Status.DONE: {Action.Status.DOING},
    Action.Status.DROPPED: {Action.Status.NOT_STARTED},
}


def plan_start(*, household: Household, **_signal: Any) -> Plan:
    """A new household's empty plan; connected to ``people.signals.household_created``."""
    return Plan.objects.create(household=household)


def plan_of(household: Household) -> Plan:
    """The household's plan, started if it has none yet."""
    plan, _created = Plan.objects.get_or_create(household=household)
    return plan


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    goals = plan.goals.prefetch_related("actions").order_by("position", "id")
    return {
        "kind": plan.kind,
        "goals": [
            {
                "id": goal.pk,
                "position": goal.position,
                "text": goal.text,
                "author": goal.author,
                "status": goal.status,
                "due_on": goal.due_on.isoformat() if goal.due_on else None,
                "review_on": goal.review_on.isoformat() if goal.review_on else None,
                "actions": [
                    {
                        "id": action.pk,
                        "description": action.description,
                        "actor_kind": action.actor_kind,
                        "network_member_id": action.network_member_id,
                        "professional_id": action.professional_id,
                        "actor_name": action.actor_name,
                        "status": action.status,
                        "due_on": action.due_on.isoformat() if action.due_on else None,
                        "requested_by_family": action.requested_by_family,
                        "is_safety_condition": action.is_safety_condition,
                    }
                    for action in goal.actions.all()
                ],
            }
            for goal in goals
        ],
    }


def _change(
    *,
    actor: Actor,
    household: Household,
    expected_version: int,
    event: str,
    detail: str = "",
    apply: Callable[[Plan], Any],
    keeps_signature: bool = False,
) -> Any:
    """Apply one change under the plan's lock. ``keeps_signature``: the change leaves the
    plan's goals and actions as they were (a proposal, a declined proposal), so a signature of
    the version before still stands for the version after."""
    with transaction.atomic():
        plan = lock_at_version(
            Plan.objects.filter(household=household),
            expected_version,
            _(
                "Someone else changed this plan while you were editing it (your version "
                "%(mine)s, now %(current)s). Your input has been kept: check the current "
                "plan and save again."
            ),
        )
        result = apply(plan)
        still_signed = keeps_signature and plan.is_signed_off
        plan.version += 1
        fields = ["version", "updated_at"]
        if still_signed:
            plan.signed_off_version = plan.version
            fields.append("signed_off_version")
        plan.save(update_fields=fields)
        PlanChange.objects.create(
            plan=plan,
            version=plan.version,
            changed_by=actor.account,
            by_household=actor.resident is not None,
            event=event,
            detail=detail.strip()[:255],
            snapshot=plan_snapshot(plan),
        )
        return result


# --- Whose words are whose ---------------------------------------------------------------------


def _is_household(actor: Actor) -> bool:
    """A member of the household, signed in to Mijn Nabij (the gate admitted them)."""
    return actor.resident is not None


def goal_author_for(actor: Actor, plan: Plan, requested: str | None = None) -> str:
    """Who wrote a new goal, decided from the actor: a resident's goal is the household's, a
    professional's their own, or (if they say so) the network's. A professional never writes
    in the household's name, and writes no goal at all in a family group plan."""
    if _is_household(actor):
        if requested not in (None, Goal.Author.HOUSEHOLD):
            raise DomainError(_("A goal you add is in your own words."), field="author")
        return Goal.Author.HOUSEHOLD
    if plan.kind == Plan.Kind.FAMILY_GROUP:
        raise DomainError(
            _(
                "In a family group plan only the family writes the goals. Ask the family to "
                "add this goal in Mijn Nabij, or add an action the family asked for."
            ),
            field="text",
        )
    if requested == Goal.Author.HOUSEHOLD:
        raise DomainError(
            _(
                "Only the household writes a goal in its own words. Add it as your own goal, "
                "or ask the household to add it in Mijn Nabij."
            ),
            field="author",
        )
    if requested not in (None, Goal.Author.PROFESSIONAL, Goal.Author.NETWORK):
        raise ValidationError({"author": _("Unknown author.")})
    return requested or Goal.Author.PROFESSIONAL


def may_change_goal_text(actor: Actor, plan: Plan, goal: Goal) -> bool:
    """The household changes the words of its own goals; a professional changes only goals
    not written by the household, and none in a family group plan."""
    if _is_household(actor):
        return goal.author == Goal.Author.HOUSEHOLD
    return plan.kind != Plan.Kind.FAMILY_GROUP and goal.author != Goal.Author.HOUSEHOLD


def _refuse_text_change(actor: Actor, plan: Plan, goal: Goal) -> None:
    if may_change_goal_text(actor, plan, goal):
        return
    if _is_household(actor):
        raise DomainError(
            _("You can change the words of your own goals only. Leave a comment instead."),
            field="text",
        )
    if plan.kind == Plan.Kind.FAMILY_GROUP:
        raise DomainError(
            _("In a family group plan only the family writes and changes the goals."),
            field="text",
        )
    raise DomainError(
        _(
            "This goal is in the household's own words. Propose other words instead; the "
            "household decides."
        ),
        field="text",
    )


def may_order_goals(actor: Actor, plan: Plan) -> bool:
    """The household puts its goals in its own order; in a family group plan only the family."""
    return _is_household(actor) or plan.kind != Plan.Kind.FAMILY_GROUP


def _refuse_ordering(actor: Actor, plan: Plan) -> None:
    if not may_order_goals(actor, plan):
        raise DomainError(
            _("In a family group plan only the family puts the goals in order."),
            field="position",
        )


def _check_date_order(due_on: dt.date | None, review_on: dt.date | None) -> None:
    if due_on and review_on and review_on > due_on + dt.timedelta(days=366):
        raise ValidationError({"review_on": _("Review the goal within a year of its due date.")})


def goal_add(
    *,
    actor: Actor,
    household: Household,
    expected_version: int,
    text: str,
    author: str | None = None,
    due_on: dt.date | None = None,
    review_on: dt.date | None = None,
) -> Goal:
    """Append a goal at the end; the household reorders with ``goal_move``. Who wrote it comes
    from the actor (``goal_author_for``); ``author`` only lets a professional record a goal as
    the network's."""

    def apply(plan: Plan) -> Goal:
        written_by = goal_author_for(actor, plan, author)
        last = plan.goals.order_by("-position").values_list("position", flat=True).first()
        goal = Goal(
            plan=plan,
            position=(last or 0) + 1,
            text=text.strip(),
            author=written_by,
            due_on=due_on,
            review_on=review_on,
        )
        goal.full_clean()
        _check_date_order(due_on, review_on)
        goal.save()
        return goal

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.GOAL_ADDED,
        detail=text,
        apply=apply,
    )


def goal_add_heard(*, actor: Actor, household: Household, text: str) -> Goal:
    """A goal in the household's own words, heard by a professional when the household accepted
    help offered after an arrears signal (vroegsignalering, issue 14): written down as the
    household said it, so it is the household's goal (only the household changes its words).
    Appended at the end of the plan, whatever its version: nothing of the plan is overwritten."""
    plan = plan_of(household)

    def apply(locked: Plan) -> Goal:
        last = locked.goals.order_by("-position").values_list("position", flat=True).first()
        goal = Goal(
            plan=locked,
            position=(last or 0) + 1,
            text=text.strip(),
            author=Goal.Author.HOUSEHOLD,
        )
        goal.full_clean()
        goal.save()
        return goal

    return _change(
        actor=actor,
        household=household,
        expected_version=plan.version,
        event=PlanChange.Event.GOAL_ADDED,
        detail=text,
        apply=apply,
    )


def goal_update(
    *,
    actor: Actor,
    household: Household,
    expected_version: int,
    goal_id: int,
    text: str | None,
    status: str,
    due_on: dt.date | None,
    review_on: dt.date | None,
) -> Goal:
    """Status, dates and (``text``, ``None`` for unchanged) words of a goal. New words are
    refused, never dropped, where the actor may not change them (``may_change_goal_text``)."""

    def apply(plan: Plan) -> Goal:
        goal = _goal(plan, goal_id)
        if status != goal.status and status not in GOAL_TRANSITIONS[goal.status]:
            raise DomainError(
                _("A goal cannot go from %(old)s to %(new)s.")
                % {"old": goal.get_status_display(), "new": status},
                field="status",
            )
        if text is not None and text.strip() != goal.text:
            _refuse_text_change(actor, plan, goal)
            goal.text = text.strip()
        goal.status = status
        goal.due_on = due_on
        goal.review_on = review_on
        goal.full_clean()
        _check_date_order(due_on, review_on)
        goal.save()
        return goal

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.GOAL_CHANGED,
        detail=text if text is not None else status,
        apply=apply,
    )


def goal_text_set(
    *, actor: Actor, household: Household, expected_version: int, goal_id: int, text: str
) -> Goal:
    """The household changes the words of one of its own goals (Mijn Nabij)."""

    def apply(plan: Plan) -> Goal:
        goal = _goal(plan, goal_id)
        _refuse_text_change(actor, plan, goal)
        goal.text = text.strip()
        goal.full_clean()
        goal.save(update_fields=["text"])
        return goal

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.GOAL_CHANGED,
        detail=text,
        apply=apply,
    )


def goal_move(
    *, actor: Actor, household: Household, expected_version: int, goal_id: int, to_position: int
) -> None:
    """Put a goal at a 1-based place; the others keep their relative order (first things first)."""

    def apply(plan: Plan) -> None:
        _refuse_ordering(actor, plan)
        goals = list(plan.goals.order_by("position", "id"))
        goal = next((g for g in goals if g.pk == goal_id), None)
        if goal is None:
            raise ValidationError(_("This goal is not part of the plan."))
        goals.remove(goal)
        index = min(max(to_position, 1), len(goals) + 1) - 1
        goals.insert(index, goal)
        for position, item in enumerate(goals, start=1):
            item.position = position
        Goal.objects.bulk_update(goals, ["position"])

    _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.GOAL_MOVED,
        detail=str(to_position),
        apply=apply,
    )


def goals_order(
    *, actor: Actor, household: Household, expected_version: int, goal_ids: list[int]
) -> None:
    """Put every goal of the plan in the order given (first things first)."""

    def apply(plan: Plan) -> None:
        _refuse_ordering(actor, plan)
        goals = {g.pk: g for g in plan.goals.all()}
        if len(goal_ids) != len(set(goal_ids)) or set(goal_ids) != set(goals):
            raise ValidationError(
                {"goal_ids": _("Name every goal of the plan once, in the order you want.")}
            )
        for position, goal_id in enumerate(goal_ids, start=1):
            goals[goal_id].position = position
        Goal.objects.bulk_update(goals.values(), ["position"])

    _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.GOALS_ORDERED,
        detail=" ".join(str(i) for i in goal_ids),
        apply=apply,
    )


def _goal(plan: Plan, goal_id: int) -> Goal:
    goal = plan.goals.filter(pk=goal_id).first()
    if goal is None:
        raise ValidationError(_("This goal is not part of the plan."))
    return goal


def _action(plan: Plan, action_id: int) -> Action:
    action = Action.objects.filter(pk=action_id, goal__plan=plan).first()
    if action is None:
        raise ValidationError(_("This action is not part of the plan."))
    return action


def _person_name(value: str, *, field: str) -> str:
    """A name as ``clean_text`` stores it, or the refusal on ``field``."""
    try:
        return clean_text(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def action_add(
    *,
    actor: Actor,
    household: Household,
    expected_version: int,
    goal_id: int,
    description: str,
    actor_kind: str,
    network_member_id: int | None = None,
    professional_id: int | None = None,
    actor_name: str = "",
    due_on: dt.date | None = None,
    requested_by_family: bool = False,
    is_safety_condition: bool = False,
) -> Action:
    """Network, volunteer and professional actions stand side by side; none waits for another."""
    actor_name = _person_name(actor_name, field="actor_name")

    def apply(plan: Plan) -> Action:
        goal = _goal(plan, goal_id)
        network_member = None
        professional = None
        if actor_kind == Action.ActorKind.NETWORK:
            network_member = (
                # Never an entry a member keeps "alleen voor mij": the plan is the household's.
                NetworkMember.objects.filter(
                    pk=network_member_id, household=household, private_to__isnull=True
                ).first()
                if network_member_id
                else None
            )
            if network_member is None:
                raise ValidationError(
                    {"network_member": _("Choose a member of this household's network.")}
                )
        elif network_member_id:
            raise ValidationError(
                {"network_member": _("Only network actions name a network member.")}
            )
        if actor_kind == Action.ActorKind.PROFESSIONAL:
            if professional_id:
                professional = Professional.objects.filter(
                    pk=professional_id, role__in=[Role.PROFESSIONAL, Role.TEAM_COORDINATOR]
                ).first()
                if professional is None:
                    raise ValidationError({"professional": _("Unknown professional.")})
            elif not actor_name.strip():
                raise ValidationError(
                    {"professional": _("Choose a professional or give the name of who does it.")}
                )
        elif is_safety_condition:
            raise ValidationError(
                {"is_safety_condition": _("Only a professional sets a safety condition.")}
            )
        if (
            plan.kind == Plan.Kind.FAMILY_GROUP
            and not _is_household(actor)
            and not (requested_by_family or is_safety_condition)
        ):
            raise DomainError(
                _(
                    "In a family group plan professionals add only what the family asks "
                    "for, or a safety condition."
                ),
                field="requested_by_family",
            )
        if actor_kind == Action.ActorKind.VOLUNTEER and not actor_name.strip():
            raise ValidationError({"actor_name": _("Give the volunteer's name.")})
        last = goal.actions.order_by("-position").values_list("position", flat=True).first()
        action = Action(
            goal=goal,
            position=(last or 0) + 1,
            description=description.strip(),
            actor_kind=actor_kind,
            network_member=network_member,
            professional=professional,
            actor_name=actor_name.strip(),
            due_on=due_on,
            requested_by_family=requested_by_family,
            is_safety_condition=is_safety_condition,
        )
        action.full_clean()
        action.save()
        return action

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.ACTION_ADDED,
        detail=description,
        apply=apply,
    )


def action_set_status(
    *, actor: Actor, household: Household, expected_version: int, action_id: int, status: str
) -> Action:
    def apply(plan: Plan) -> Action:
        action = _action(plan, action_id)
        if status != action.status and status not in ACTION_TRANSITIONS.get(action.status, set()):
            raise DomainError(
                _("An action cannot go from %(old)s to %(new)s.")
                % {"old": action.get_status_display(), "new": status},
                field="status",
            )
        action.status = status
        action.save(update_fields=["status"])
        return action

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.ACTION_STATUS,
        detail=status,
        apply=apply,
    )


def plan_set_kind(*, actor: Actor, household: Household, expected_version: int, kind: str) -> None:
    if kind not in Plan.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of plan.")})

    def apply(plan: Plan) -> None:
        plan.kind = kind
        plan.save(update_fields=["kind"])

    _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.KIND_CHANGED,
        detail=kind,
        apply=apply,
    )


def plan_sign_off(
    *, actor: Actor, household: Household, expected_version: int, signed_off_by: str
) -> Plan:
    """The household signs the plan as it stands; any later change shows it needs signing again."""
    signed_off_by = _person_name(signed_off_by, field="signed_off_by")
    if not signed_off_by:
        raise ValidationError({"signed_off_by": _("Who of the household signs the plan?")})

    return _sign(
        actor=actor,
        household=household,
        expected_version=expected_version,
        name=signed_off_by,
        resident=None,
    )


def plan_sign(*, actor: Actor, household: Household, expected_version: int) -> Plan:
    """A member of the household signs the plan themselves (Mijn Nabij); their own name, and
    who they are, are recorded. Any later change shows it needs signing again."""
    resident = actor.resident
    if resident is None:
        raise DomainError(_("Only a member of the household signs in Mijn Nabij."), field="sign")
    return _sign(
        actor=actor,
        household=household,
        expected_version=expected_version,
        name=resident.full_name,
        resident=resident,
    )


def _sign(
    *,
    actor: Actor,
    household: Household,
    expected_version: int,
    name: str,
    resident: Resident | None,
) -> Plan:
    def apply(plan: Plan) -> Plan:
        if not plan.goals.exists():
            raise DomainError(_("A plan without goals cannot be signed."), field="signed_off_by")
        plan.signed_off_at = timezone.now()
        plan.signed_off_by = name.strip()[:150]
        plan.signed_off_version = plan.version + 1  # the version this change creates
        plan.signed_off_user = actor.account
        plan.signed_off_resident = resident
        plan.save(
            update_fields=[
                "signed_off_at",
                "signed_off_by",
                "signed_off_version",
                "signed_off_user",
                "signed_off_resident",
            ]
        )
        return plan

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.SIGNED_OFF,
        detail=name,
        apply=apply,
    )


def action_done(
    *, actor: Actor, household: Household, expected_version: int, action_id: int
) -> Action:
    """The household marks one of its own actions done (Mijn Nabij)."""

    def apply(plan: Plan) -> Action:
        action = _action(plan, action_id)
        if action.actor_kind != Action.ActorKind.HOUSEHOLD:
            raise DomainError(
                _("You mark your own actions done. Leave a comment on this one instead."),
                field="status",
            )
        if action.status == Action.Status.DONE:
            raise DomainError(_("This action is already done."), field="status")
        if Action.Status.DONE not in ACTION_TRANSITIONS.get(action.status, set()):
            raise DomainError(
                _("This action was stopped. Talk about it with your coordinator."),
                field="status",
            )
        action.status = Action.Status.DONE
        action.save(update_fields=["status"])
        return action

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.ACTION_STATUS,
        detail=Action.Status.DONE,
        apply=apply,
    )


def _author_name(actor: Actor) -> str:
    if actor.resident is not None:
        return actor.resident.full_name
    user = actor.account
    return user.get_full_name() or user.get_username()


def action_comment_add(
    *, actor: Actor, household: Household, action_id: int, text: str
) -> ActionComment:
    """A comment on any action of the plan, by a member of the household or a professional.
    A comment changes nothing in the plan: no version, and the signature stands."""
    action = _action(plan_of(household), action_id)
    comment = ActionComment(
        action=action,
        author=actor.account,
        author_name=_author_name(actor)[:200],
        by_household=_is_household(actor),
        text=(text or "").strip(),
    )
    if not comment.text:
        raise ValidationError({"text": _("Write your comment.")})
    comment.full_clean()
    comment.save()
    return comment


def may_propose_wording(actor: Actor, plan: Plan, goal: Goal) -> bool:
    """A professional proposes other words for a goal in the household's words, in a plan the
    household writes with them (in a family group plan only the family writes)."""
    return (
        not _is_household(actor)
        and plan.kind != Plan.Kind.FAMILY_GROUP
        and goal.author == Goal.Author.HOUSEHOLD
    )


def wording_propose(
    *, actor: Actor, household: Household, expected_version: int, goal_id: int, text: str
) -> GoalWording:
    """A professional proposes other words for a goal the household wrote. The goal does not
    change until the household accepts; the proposal is in the history."""
    text = (text or "").strip()

    def apply(plan: Plan) -> GoalWording:
        goal = _goal(plan, goal_id)
        if _is_household(actor):
            raise DomainError(_("Change the words of your own goal directly."), field="text")
        if plan.kind == Plan.Kind.FAMILY_GROUP:
            raise DomainError(
                _("In a family group plan only the family writes and changes the goals."),
                field="text",
            )
        if goal.author != Goal.Author.HOUSEHOLD:
            raise DomainError(
                _("This goal is not in the household's words: change it directly."),
                field="text",
            )
        if not text:
            raise ValidationError({"text": _("Write the words you propose.")})
        if text == goal.text:
            raise ValidationError({"text": _("These are the goal's words already.")})
        if goal.wordings.filter(status=GoalWording.Status.PROPOSED).exists():
            raise DomainError(
                _("A proposal for this goal is waiting for the household's answer."),
                field="text",
            )
        wording = GoalWording(
            goal=goal, text=text, text_before=goal.text, proposed_by=actor.account
        )
        wording.full_clean()
        wording.save()
        return wording

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=PlanChange.Event.WORDING_PROPOSED,
        detail=text,
        apply=apply,
        keeps_signature=True,
    )


def wording_decide(
    *,
    actor: Actor,
    household: Household,
    expected_version: int,
    wording_id: int,
    accept: bool,
) -> GoalWording:
    """The household accepts proposed words (the goal's text changes; it stays the household's
    goal) or declines them (nothing changes). Only a member of the household decides."""

    def apply(plan: Plan) -> GoalWording:
        if not _is_household(actor):
            raise DomainError(_("Only the household decides on its own words."), field="wording")
        wording = (
            GoalWording.objects.select_related("goal")
            .filter(pk=wording_id, goal__plan=plan)
            .first()
        )
        if wording is None:
            raise ValidationError(_("This proposal is not part of the plan."))
        if not wording.is_open:
            raise DomainError(_("This proposal has been answered already."), field="wording")
        wording.status = GoalWording.Status.ACCEPTED if accept else GoalWording.Status.DECLINED
        wording.decided_by = actor.account
        wording.decided_at = timezone.now()
        wording.save(update_fields=["status", "decided_by", "decided_at"])
        if accept:
            goal = wording.goal
            goal.text = wording.text
            goal.author = Goal.Author.HOUSEHOLD
            goal.save(update_fields=["text", "author"])
        return wording

    return _change(
        actor=actor,
        household=household,
        expected_version=expected_version,
        event=(PlanChange.Event.WORDING_ACCEPTED if accept else PlanChange.Event.WORDING_DECLINED),
        detail=_wording_text(wording_id),
        apply=apply,
        keeps_signature=not accept,
    )


def _wording_text(wording_id: int) -> str:
    return GoalWording.objects.filter(pk=wording_id).values_list("text", flat=True).first() or ""


def threat_record(
    *, household: Household, kind: str, deadline: dt.date, description: str = ""
) -> CoercionThreat:
    threat = CoercionThreat(
        household=household, kind=kind, deadline=deadline, description=description.strip()
    )
    threat.full_clean()
    threat.save()
    return threat


def threat_set_status(*, household: Household, threat_id: int, status: str) -> CoercionThreat:
    threat = CoercionThreat.objects.filter(pk=threat_id, household=household).first()
    if threat is None:
        raise ValidationError(_("Unknown threat."))
    if status not in CoercionThreat.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    threat.status = status
    threat.save(update_fields=["status"])
    return threat


def breakthrough_record(
    *,
    actor: Actor,
    household: Household,
    blocked: str,
    decision: str,
    decided_on: dt.date,
    cost_cents: int,
    rule: str = "",
    rule_set_aside_id: int | None = None,
    outcome: str = Breakthrough.Outcome.PENDING,
    outcome_note: str = "",
) -> Breakthrough:
    """Record a breakthrough. Who mandated it is never the caller's word: a team coordinator of
    the household's team holds the mandate and uses it by recording; a professional's
    breakthrough waits for that coordinator's ``breakthrough_mandate``.

    The rule set aside is picked from the register (``rule_set_aside_id``, a rule in force);
    ``rule`` then keeps its name and reference as they were on the day. A caller without a
    pick (the API of before the register) gives the rule in words."""
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date cannot lie in the future.")})
    if cost_cents < 0:
        raise ValidationError({"cost": _("A cost cannot be negative.")})
    picked = None
    if rule_set_aside_id is not None:
        picked = LearningRule.objects.filter(pk=rule_set_aside_id, active=True).first()
        if picked is None:
            raise ValidationError(
                {"rule_set_aside": _("Choose a rule in force from the rules register.")}
            )
        rule = f"{picked.name} ({picked.reference})" if picked.reference else picked.name
    elif not rule.strip():
        raise ValidationError(
            {"rule_set_aside": _("Choose the rule that was set aside from the rules register.")}
        )
    holds_mandate = rules.can_manage_team(actor.professional, household)
    breakthrough = Breakthrough(
        household=household,
        blocked=blocked.strip(),
        rule=rule.strip()[:300],
        rule_set_aside=picked,
        decision=decision.strip(),
        mandated_by=actor.professional if holds_mandate else None,
        mandated_at=timezone.now() if holds_mandate else None,
        decided_on=decided_on,
        cost_cents=cost_cents,
        outcome=outcome,
        outcome_note=outcome_note.strip(),
        recorded_by=actor.account,
    )
    breakthrough.full_clean()
    breakthrough.save()
    return breakthrough


@transaction.atomic
def breakthrough_mandate(
    *, actor: Actor, household: Household, breakthrough_id: int
) -> Breakthrough:
    """The team coordinator gives the mandate to a breakthrough a professional recorded."""
    if not rules.can_manage_team(actor.professional, household):
        raise DomainError(_("Only the team coordinator holds the mandate."), field="mandate")
    breakthrough = (
        Breakthrough.objects.select_for_update()
        .filter(pk=breakthrough_id, household=household)
        .first()
    )
    if breakthrough is None:
        raise ValidationError(_("Unknown breakthrough."))
    if breakthrough.mandated_by_id is not None:
        raise DomainError(_("This breakthrough already has its mandate."), field="mandate")
    breakthrough.mandated_by = actor.professional
    breakthrough.mandated_at = timezone.now()
    breakthrough.save(update_fields=["mandated_by", "mandated_at"])
    return breakthrough


# --- A breakthrough's story: outcome updates, its close, a reopen (issue 14) ------------------


def _open_breakthrough(household: Household, breakthrough_id: int) -> Breakthrough:
    breakthrough = (
        Breakthrough.objects.select_for_update()
        .filter(pk=breakthrough_id, household=household)
        .first()
    )
    if breakthrough is None:
        raise ValidationError(_("Unknown breakthrough."))
    return breakthrough


def _stale() -> ConflictError:
    return ConflictError(
        _("Someone else changed this breakthrough first. Check its story and try again.")
    )


@transaction.atomic
def breakthrough_update_add(
    *,
    actor: Actor,
    household: Household,
    breakthrough_id: int,
    expected_version: int,
    on_date: dt.date,
    text: str,
    real_cost_cents: int | None,
    saving_cents: int | None,
    saving_basis: str,
    goal_held: str,
) -> BreakthroughUpdate:
    """Add a step to an open breakthrough's story. The real cost and the saving are the
    figures so far (the latest update's stand on the breakthrough for the analysis); a saving
    says how it was estimated. A closed breakthrough takes no updates until it is reopened."""
    problems: dict[str, str] = {}
    if on_date > timezone.localdate():
        problems["on_date"] = _("The date cannot lie in the future.")
    if not text.strip():
        problems["text"] = _("Say what came of the breakthrough.")
    if real_cost_cents is not None and real_cost_cents < 0:
        problems["real_cost"] = _("A cost cannot be negative.")
    if saving_cents is not None and saving_cents < 0:
        problems["saving"] = _("A saving cannot be negative.")
    if saving_cents and not saving_basis.strip():
        problems["saving_basis"] = _("Say how the saving was estimated.")
    if goal_held not in GoalHeld.values:
        problems["goal_held"] = _("Say whether the household's goal held.")
    if problems:
        raise ValidationError(problems)
    breakthrough = _open_breakthrough(household, breakthrough_id)
    if breakthrough.on_date_before(on_date):
        raise ValidationError({"on_date": _("The date lies before the decision.")})
    if breakthrough.version != expected_version:
        raise _stale()
    if breakthrough.is_closed:
        raise DomainError(
            _("This breakthrough is closed. Its coordinator can open it again."), field="state"
        )
    # The breakthrough carries its latest figures: an update dated before the newest one would
    # overwrite them with older ones.
    if breakthrough.updates.filter(on_date__gt=on_date).exists():
        raise DomainError(
            _("A later update is already written down. Give a date on or after it."),
            field="on_date",
        )
    update = BreakthroughUpdate(
        breakthrough=breakthrough,
        on_date=on_date,
        text=text.strip(),
        real_cost_cents=real_cost_cents,
        saving_cents=saving_cents,
        saving_basis=saving_basis.strip(),
        goal_held=goal_held,
        recorded_by=actor.account,
        recorded_by_name=_author_name(actor)[:200],
    )
    update.full_clean()
    update.save()
    fields: dict[str, object] = {"goal_held": goal_held, "version": F("version") + 1}
    if real_cost_cents is not None:
        fields["real_cost_cents"] = real_cost_cents
    if saving_cents is not None:
        fields["saving_cents"] = saving_cents
    changed = Breakthrough.objects.filter(
        pk=breakthrough.pk, version=expected_version, state=Breakthrough.State.OPEN
    ).update(**fields)
    if not changed:
        raise _stale()
    return update


@transaction.atomic
def breakthrough_close(
    *,
    actor: Actor,
    household: Household,
    breakthrough_id: int,
    expected_version: int,
    closed_on: dt.date,
    outcome: str,
    outcome_note: str,
) -> Breakthrough:
    """Close a breakthrough with its final outcome: open -> closed, only from the version the
    closer saw."""
    problems: dict[str, str] = {}
    if closed_on > timezone.localdate():
        problems["closed_on"] = _("The date cannot lie in the future.")
    if outcome not in Breakthrough.Outcome.values or outcome == Breakthrough.Outcome.PENDING:
        problems["outcome"] = _("Choose how it ended: solved, partly solved or not solved.")
    if problems:
        raise ValidationError(problems)
    breakthrough = _open_breakthrough(household, breakthrough_id)
    if breakthrough.on_date_before(closed_on):
        raise ValidationError({"closed_on": _("The date lies before the decision.")})
    if breakthrough.version != expected_version:
        raise _stale()
    if breakthrough.is_closed:
        raise DomainError(_("This breakthrough is already closed."), field="state")
    changed = Breakthrough.objects.filter(
        pk=breakthrough.pk, version=expected_version, state=Breakthrough.State.OPEN
    ).update(
        state=Breakthrough.State.CLOSED,
        closed_on=closed_on,
        closed_by=actor.account,
        outcome=outcome,
        outcome_note=outcome_note.strip() or breakthrough.outcome_note,
        version=F("version") + 1,
    )
    if not changed:
        raise _stale()
    breakthrough.refresh_from_db()
    return breakthrough


@transaction.atomic
def breakthrough_reopen(
    *, actor: Actor, household: Household, breakthrough_id: int, expected_version: int
) -> Breakthrough:
    """The team coordinator opens a closed breakthrough again (closed -> open), so that its
    story can go on; the final outcome stays until it is closed again."""
    if not rules.can_manage_team(actor.professional, household):
        raise DomainError(
            _("Only the team coordinator opens a closed breakthrough."), field="state"
        )
    breakthrough = _open_breakthrough(household, breakthrough_id)
    if breakthrough.version != expected_version:
        raise _stale()
    if not breakthrough.is_closed:
        raise DomainError(_("This breakthrough is open."), field="state")
    changed = Breakthrough.objects.filter(
        pk=breakthrough.pk, version=expected_version, state=Breakthrough.State.CLOSED
    ).update(
        state=Breakthrough.State.OPEN,
        closed_on=None,
        closed_by=None,
        version=F("version") + 1,
    )
    if not changed:
        raise _stale()
    breakthrough.refresh_from_db()
    return breakthrough
