"""Writes for applications (subsidy, area-fund contribution) and the right to challenge.

The rules every write keeps:

- a contact person of the initiative applies, accounts for a grant and withdraws; the decider
  follows the amount (``rules.application_decider_role``): up to the coordinator limit the
  coordinator of a team working in the initiative's district, above it the administrator;
- the decision date is set at submission (``decision_days``) and shown everywhere;
- a decision and every step of a challenge carry a reason; states move only along
  ``APPLICATION_MOVES`` and ``CHALLENGE_MOVES``;
- a granted application books its amount on the initiative's funding ledger (subsidy or area
  fund), through the register's ``funding_entry_add``. The area fund's own ledger
  (nabij.funds) only pays households (``agreement_create`` needs one); it has no service for a
  payment to an initiative, so nothing is booked there;
- two people saving the same application or challenge meet a version check (409).

Every check of the gate is made again here, so no other caller can skip it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose, Role
from nabij.core.errors import DomainError
from nabij.core.versioning import lock_at_version
from nabij.initiatives import selectors_applications as selectors
from nabij.initiatives.models import (
    Application,
    Challenge,
    ChallengeStep,
    FundingEntry,
    FundingSource,
    Initiative,
)

# Plausibility, not policy: an amount above this is almost certainly a typo (cents for euros).
MAX_APPLICATION_CENTS = 250_000_00
MAX_CHALLENGE_CENTS = 5_000_000_00
MAX_TEXT = 2000
# The few figures of the light accountability (seed 003: a story and some figures).
FIGURES = ("people_reached", "activities", "volunteers", "hours")
MAX_FIGURE = 1_000_000

Status = Application.Status
Step = Challenge.Status

APPLICATION_MOVES: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.GRANTED, Status.REFUSED, Status.WITHDRAWN}),
}
# The visible process of a challenge: submitted → being assessed → in talks → agreed or refused
# (refused possible at every step, agreed once assessed); withdrawn by the initiative.
CHALLENGE_MOVES: dict[str, frozenset[str]] = {
    Step.SUBMITTED: frozenset({Step.IN_REVIEW, Step.REFUSED, Step.WITHDRAWN}),
    Step.IN_REVIEW: frozenset({Step.IN_TALKS, Step.GRANTED, Step.REFUSED, Step.WITHDRAWN}),
    Step.IN_TALKS: frozenset({Step.GRANTED, Step.REFUSED, Step.WITHDRAWN}),
}
DECISIONS = frozenset({Step.GRANTED, Step.REFUSED})
# What the coordinator may choose (the initiative withdraws on its own page).
COORDINATOR_STEPS = frozenset({Step.IN_REVIEW, Step.IN_TALKS, Step.GRANTED, Step.REFUSED})


def decision_days(amount_cents: int) -> int:
    """Days to a decision: small amounts (the coordinator's) faster than large ones."""
    if amount_cents <= selectors.limit_cents():
        return int(settings.INITIATIVES_DECISION_DAYS)
    return int(settings.INITIATIVES_DECISION_DAYS_LARGE)


def _refuse(actor: gate.Actor, event: Event, detail: str, why: str = "") -> NoReturn:
    gate.log(
        actor,
        event=event,
        outcome=Outcome.REFUSED,
        purpose=Purpose.PARTICIPATION,
        resident_ids=[actor.resident_id],
        detail=detail,
    )
    raise gate.AccessDenied(why)


def _log_act(actor: gate.Actor, event: Event, detail: str) -> None:
    """A resident's own act for their initiative, logged with them as the actor."""
    gate.log(
        actor,
        event=event,
        outcome=Outcome.GRANTED,
        purpose=Purpose.PARTICIPATION,
        resident_ids=[actor.resident_id],
        detail=detail,
    )


def _require_contact(actor: gate.Actor, initiative: Initiative, event: Event) -> None:
    if not rules.is_initiative_contact(
        actor.resident_id, selectors.contact_resident_ids(initiative)
    ):
        _refuse(actor, event, f"initiative {initiative.pk}: not a contact person")


def _text(value: str, field: str, missing: str, problems: dict[str, str]) -> str:
    text = (value or "").strip()
    if not text:
        problems[field] = missing
    elif len(text) > MAX_TEXT:
        problems[field] = _("Write at most 2,000 characters.")
    return text


def _raise(problems: Mapping[str, str]) -> None:
    if problems:
        raise ValidationError(dict(problems))


def _conflict() -> str:
    return _(
        "Someone else changed this in the meantime (your version %(mine)s, now %(current)s). "
        "Look at the page again and then save."
    )


# --- Applications -------------------------------------------------------------------------------


def application_submit(
    *,
    actor: gate.Actor,
    initiative: Initiative,
    kind: str,
    amount_cents: int,
    purpose: str,
    year: int,
) -> Application:
    """A contact person applies; the decision is due ``decision_days`` from today."""
    _require_contact(actor, initiative, Event.INITIATIVES_APPLICATION_CREATE)
    today = timezone.localdate()
    problems: dict[str, str] = {}
    if kind not in Application.Kind.values:
        problems["kind"] = _("Choose a subsidy or money from the area fund.")
    if amount_cents <= 0:
        problems["amount"] = _("The amount must be more than zero.")
    elif amount_cents > MAX_APPLICATION_CENTS:
        problems["amount"] = _("More than €250,000 is not a light application. Call us.")
    text = _text(purpose, "purpose", _("Say what the money is for."), problems)
    if year not in (today.year, today.year + 1):
        problems["year"] = _("Choose this year or next year.")
    _raise(problems)
    if initiative.status != Initiative.Status.ACTIVE:
        raise DomainError(_("This initiative has ended; it cannot apply."), field="kind")
    application = Application.objects.create(
        initiative=initiative,
        kind=kind,
        year=year,
        amount_cents=amount_cents,
        purpose=text,
        submitted_by=actor.resident,
        decide_by=today + dt.timedelta(days=decision_days(amount_cents)),
    )
    _log_act(actor, Event.INITIATIVES_APPLICATION_CREATE, f"application {application.pk}")
    return application


@dataclass(frozen=True)
class Decision:
    """``grant``: full, part or refuse; ``granted_cents`` only for part."""

    grant: str
    reason: str
    granted_cents: int | None = None


GRANT_FULL = "full"
GRANT_PART = "part"
REFUSE = "refuse"


def decider_refusal(application: Application) -> str:
    """Why someone may not decide this application, in words for the 403 page."""
    limit = _format_euros(selectors.limit_cents())
    if selectors.decider_role(application) == Role.ADMINISTRATOR:
        return _(
            "This application asks more than %(limit)s. Above that amount the functional "
            "administrator decides, not the team coordinator."
        ) % {"limit": limit}
    return _(
        "This application asks at most %(limit)s. The coordinator of a team that works in "
        "the initiative's district decides it."
    ) % {"limit": limit}


def _format_euros(cents: int) -> str:
    from nabij.core.templatetags.nabij import euros

    return euros(cents)


def application_decide(
    *, actor: gate.Actor, application: Application, expected_version: int, decision: Decision
) -> Application:
    """Grant (in full or in part) or refuse, with a reason; a grant is booked on the
    initiative's funding ledger."""
    district_id = application.initiative.district_id
    if not rules.can_decide_application(
        actor.professional, district_id, application.amount_cents, selectors.limit_cents()
    ):
        _refuse(
            actor,
            Event.INITIATIVES_APPLICATION_DECIDE,
            f"application {application.pk}: not the decider",
            decider_refusal(application),
        )
    problems: dict[str, str] = {}
    reason = _text(decision.reason, "reason", _("Give the reason for the decision."), problems)
    granted: int | None = None
    if decision.grant == GRANT_FULL:
        granted = application.amount_cents
    elif decision.grant == GRANT_PART:
        granted = decision.granted_cents
        if granted is None or not 0 < granted < application.amount_cents:
            problems["granted"] = _(
                "A part is more than zero and less than the %(amount)s asked."
            ) % {"amount": _format_euros(application.amount_cents)}
    elif decision.grant != REFUSE:
        problems["grant"] = _("Choose to grant in full, grant in part or refuse.")
    _raise(problems)
    with transaction.atomic():
        row = lock_at_version(
            Application.objects.filter(pk=application.pk), expected_version, _conflict()
        )
        _move(row.status, Status.GRANTED if granted else Status.REFUSED)
        row.status = Status.GRANTED if granted else Status.REFUSED
        row.granted_cents = granted
        row.decision_reason = reason
        row.decided_at = timezone.now()
        row.decided_by = actor.account
        row.version += 1
        row.save(
            update_fields=[
                "status",
                "granted_cents",
                "decision_reason",
                "decided_at",
                "decided_by",
                "version",
            ]
        )
        if granted:
            _book(actor=actor, application=row, amount_cents=granted)
    return row


def _move(current: str, to: str) -> None:
    if to not in APPLICATION_MOVES.get(current, frozenset()):
        raise DomainError(
            _("This application has already been decided or withdrawn."), field="grant"
        )


def _booked_on(year: int) -> dt.date:
    """Today, kept within the application's year (a grant for next year is booked on its
    first day, one for last year on its last)."""
    return min(max(timezone.localdate(), dt.date(year, 1, 1)), dt.date(year, 12, 31))


def _book(*, actor: gate.Actor, application: Application, amount_cents: int) -> FundingEntry:
    """The grant on the initiative's funding ledger, linked to the application, through the
    register's ``funding_entry_add`` (its checks of year, date and amount).

    That service books for the initiative's stewards only; the administrator who decides above
    the coordinator's limit is none, so their grant is appended here with the same fields
    (asked of the register's helper: let a granted application's decider book it).
    """
    from nabij.initiatives import services as register

    source = (
        FundingSource.SUBSIDY
        if application.kind == Application.Kind.SUBSIDY
        else FundingSource.AREA_FUND
    )
    initiative = application.initiative
    year = application.year
    booked_on = _booked_on(year)
    description = application.purpose[:300]
    if rules.can_steward_initiative(
        actor.professional,
        actor.resident_id,
        initiative.district_id,
        selectors.contact_resident_ids(initiative),
    ):
        return register.funding_entry_add(
            actor=actor,
            initiative=initiative,
            year=year,
            source=source,
            amount_cents=amount_cents,
            booked_on=booked_on,
            description=description,
            application=application,
        )
    return FundingEntry.objects.create(
        initiative=initiative,
        year=year,
        source=source,
        amount_cents=amount_cents,
        booked_on=booked_on,
        description=description,
        application=application,
        recorded_by=actor.account,
    )


def application_withdraw(
    *, actor: gate.Actor, application: Application, expected_version: int
) -> Application:
    """The contact person takes back an application that is not decided yet."""
    _require_contact(actor, application.initiative, Event.INITIATIVES_APPLICATION_WITHDRAW)
    with transaction.atomic():
        row = lock_at_version(
            Application.objects.filter(pk=application.pk), expected_version, _conflict()
        )
        _move(row.status, Status.WITHDRAWN)
        row.status = Status.WITHDRAWN
        row.version += 1
        row.save(update_fields=["status", "version"])
    _log_act(actor, Event.INITIATIVES_APPLICATION_WITHDRAW, f"application {row.pk}")
    return row


def application_account(
    *,
    actor: gate.Actor,
    application: Application,
    expected_version: int,
    story: str,
    figures: Mapping[str, int | None],
) -> Application:
    """Light accountability after a grant: a short story and a few figures; it can be
    improved later (the last version counts)."""
    _require_contact(actor, application.initiative, Event.INITIATIVES_APPLICATION_ACCOUNT)
    problems: dict[str, str] = {}
    text = _text(story, "story", _("Tell in a few sentences what you did."), problems)
    clean: dict[str, int] = {}
    for key in FIGURES:
        value = figures.get(key)
        if value is None:
            continue
        if not 0 <= value <= MAX_FIGURE:
            problems[key] = _("Fill in a number from 0 to 1,000,000.")
        else:
            clean[key] = int(value)
    _raise(problems)
    with transaction.atomic():
        row = lock_at_version(
            Application.objects.filter(pk=application.pk), expected_version, _conflict()
        )
        if row.status != Status.GRANTED:
            raise DomainError(_("You can only account for money that was granted."), field="story")
        row.story = text
        row.figures = clean
        row.accounted_at = timezone.now()
        row.version += 1
        row.save(update_fields=["story", "figures", "accounted_at", "version"])
    _log_act(actor, Event.INITIATIVES_APPLICATION_ACCOUNT, f"application {row.pk}")
    return row


# --- The right to challenge ---------------------------------------------------------------------


def challenge_submit(
    *,
    actor: gate.Actor,
    initiative: Initiative,
    task: str,
    plan: str,
    budget_cents: int,
    current_cost_cents: int | None,
) -> Challenge:
    """A contact person challenges the municipality to let the initiative do a task."""
    _require_contact(actor, initiative, Event.INITIATIVES_CHALLENGE_CREATE)
    problems: dict[str, str] = {}
    task_text = (task or "").strip()
    if not task_text:
        problems["task"] = _("Say which task of the municipality you want to do.")
    elif len(task_text) > 200:
        problems["task"] = _("Write at most 200 characters.")
    plan_text = _text(plan, "plan", _("Say how you will do it."), problems)
    if not 0 < budget_cents <= MAX_CHALLENGE_CENTS:
        problems["budget"] = _("The budget must be more than zero and at most €5,000,000.")
    if current_cost_cents is not None and not 0 <= current_cost_cents <= MAX_CHALLENGE_CENTS:
        problems["current_cost"] = _("Leave this empty or fill in up to €5,000,000.")
    _raise(problems)
    if initiative.status != Initiative.Status.ACTIVE:
        raise DomainError(_("This initiative has ended; it cannot challenge."), field="task")
    days = int(settings.INITIATIVES_CHALLENGE_DECISION_DAYS)
    with transaction.atomic():
        challenge = Challenge.objects.create(
            initiative=initiative,
            task=task_text,
            plan=plan_text,
            budget_cents=budget_cents,
            current_cost_cents=current_cost_cents,
            decide_by=timezone.localdate() + dt.timedelta(days=days),
        )
        ChallengeStep.objects.create(challenge=challenge, status=Step.SUBMITTED, by=actor.account)
    _log_act(actor, Event.INITIATIVES_CHALLENGE_CREATE, f"challenge {challenge.pk}")
    return challenge


def challenge_next_steps(challenge: Challenge) -> list[str]:
    """The coordinator's choices from here, in process order."""
    allowed = CHALLENGE_MOVES.get(challenge.status, frozenset()) & COORDINATOR_STEPS
    return [s for s in Step.values if s in allowed]


def challenge_step(
    *,
    actor: gate.Actor,
    challenge: Challenge,
    expected_version: int,
    to: str,
    note: str,
    decide_by: dt.date | None = None,
) -> Challenge:
    """The district's coordinator moves the challenge on, with a note; agreeing or refusing is
    the decision and its note the reason. A later decision date may be set on the way (the
    initiative sees it, as the Awb asks when a decision takes longer, art. 4:14)."""
    if not rules.can_move_challenge(actor.professional, challenge.initiative.district_id):
        _refuse(actor, Event.INITIATIVES_CHALLENGE_STEP, f"challenge {challenge.pk}")
    problems: dict[str, str] = {}
    if to not in COORDINATOR_STEPS:
        problems["to"] = _("Choose the next step.")
    missing = _("Give the reason for the decision.") if to in DECISIONS else _("Add a short note.")
    text = _text(note, "note", missing, problems)
    today = timezone.localdate()
    if decide_by is not None:
        if to in DECISIONS:
            problems["decide_by"] = _("A decision needs no new date.")
        elif decide_by <= max(today, challenge.decide_by) or decide_by > today + dt.timedelta(
            days=366
        ):
            problems["decide_by"] = _("A new date lies after the current one, and within a year.")
    _raise(problems)
    return _challenge_move(
        actor, challenge, expected_version, to=to, note=text, decide_by=decide_by
    )


def challenge_withdraw(
    *, actor: gate.Actor, challenge: Challenge, expected_version: int, note: str = ""
) -> Challenge:
    """The initiative takes its challenge back before the decision."""
    _require_contact(actor, challenge.initiative, Event.INITIATIVES_CHALLENGE_WITHDRAW)
    problems: dict[str, str] = {}
    if len((note or "").strip()) > MAX_TEXT:
        problems["note"] = _("Write at most 2,000 characters.")
    _raise(problems)
    row = _challenge_move(actor, challenge, expected_version, to=Step.WITHDRAWN, note=note)
    _log_act(actor, Event.INITIATIVES_CHALLENGE_WITHDRAW, f"challenge {row.pk}")
    return row


def _challenge_move(
    actor: gate.Actor,
    challenge: Challenge,
    expected_version: int,
    *,
    to: str,
    note: str,
    decide_by: dt.date | None = None,
) -> Challenge:
    with transaction.atomic():
        row = lock_at_version(
            Challenge.objects.filter(pk=challenge.pk), expected_version, _conflict()
        )
        if to not in CHALLENGE_MOVES.get(row.status, frozenset()):
            raise DomainError(_("This step is not possible now."), field="to")
        row.status = to
        fields = ["status", "version"]
        if to in DECISIONS:
            row.decision_reason = note.strip()
            row.decided_at = timezone.now()
            row.decided_by = actor.account
            fields += ["decision_reason", "decided_at", "decided_by"]
        if decide_by is not None:
            row.decide_by = decide_by
            fields.append("decide_by")
        row.version += 1
        row.save(update_fields=fields)
        ChallengeStep.objects.create(challenge=row, status=to, note=note.strip(), by=actor.account)
    return row
