"""Writes of the municipality's side of a neighbourhood budget round: start a round, change it,
move it to its next phase, check proposals, and carry out the selected projects.

The phases move one step at a time (``models.TRANSITIONS``), each with its own check:

- to *voting* only when every proposal has been checked and at least one is feasible;
- *voting* to *results* is the close of the vote: ``services_voting.voting_close`` (the secret
  ballot's own code) counts the ballots under both rules;
- *results* to *execution* puts the projects the deciding rule selected into execution;
- *execution* to *finished* only when every project is delivered.

Members of a team working in the round's district check proposals and record execution; the
coordinator of such a team (the mandate) starts rounds, changes their rules and moves them on.
The views check the same rules first; they are checked here again so no other caller can skip
them. Every change carries the version its author saw (``core.versioning``): a stale one is
refused with ``ConflictError`` and nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.models import Professional
from nabij.areas.models import District, Neighbourhood
from nabij.budgets import selectors_rounds as selectors
from nabij.budgets import services_voting
from nabij.budgets.models import (
    PHASE_ORDER,
    TRANSITIONS,
    BudgetProposal,
    BudgetRound,
    ExecutionStatus,
    ExecutionUpdate,
    Phase,
    ProposalStatus,
    TallyRule,
)
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text
from nabij.core.versioning import lock_at_version

# A round is made for this year, last year (entered late) or up to two years ahead.
YEARS_BACK, YEARS_AHEAD = 1, 2
MIN_AGE_RANGE = (12, 18)
TEXT_MAX = 4000
# Photos of a project: JPEG, PNG or WebP only, checked by reading them, not by their name.
PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
# The phases in which the municipality checks proposals.
CHECK_PHASES = (Phase.PROPOSALS, Phase.CHECKING)
# From the vote on, what residents vote under is fixed.
FIXED_FROM_VOTING = ("amount_cents", "deciding_rule", "min_age", "rules_text")
EXECUTION_TRANSITIONS: dict[str, set[str]] = {
    ExecutionStatus.PLANNED: {
        ExecutionStatus.PLANNED,
        ExecutionStatus.IN_PROGRESS,
        ExecutionStatus.DELIVERED,
    },
    ExecutionStatus.IN_PROGRESS: {ExecutionStatus.IN_PROGRESS, ExecutionStatus.DELIVERED},
    ExecutionStatus.DELIVERED: set(),  # closed: what was delivered stays as it was recorded
}


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


def _round_conflict() -> str:
    return _(
        "Someone else changed this round while you were working on it (your version "
        "%(mine)s, now %(current)s). What you typed is kept below: check the round and save "
        "again."
    )


def _proposal_conflict() -> str:
    return _(
        "Someone else changed this proposal while you were working on it (your version "
        "%(mine)s, now %(current)s). What you typed is kept below: check the proposal and "
        "save again."
    )


def _text(value: str, field: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    text = clean_text(value or "")
    if required and not text:
        raise DomainError(_("Fill this in."), field=field)
    if len(text) > limit:
        raise DomainError(
            _("Keep it shorter: at most %(n)s characters.") % {"n": limit}, field=field
        )
    return text


# --- Rounds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundData:
    year: int
    title: str
    amount_cents: int
    proposals_from: dt.date
    proposals_until: dt.date
    checking_until: dt.date
    voting_from: dt.date
    voting_until: dt.date
    results_on: dt.date
    deciding_rule: str = TallyRule.MES
    min_age: int = 16
    rules_text: str = ""
    description: str = ""
    neighbourhood_id: int | None = None  # empty: the whole district


DATE_ORDER = (
    "proposals_from",
    "proposals_until",
    "checking_until",
    "voting_from",
    "voting_until",
    "results_on",
)


def _check_round(data: RoundData, district: District) -> Neighbourhood | None:
    """Refuse what the round cannot be: the first problem, on its field."""
    this_year = timezone.localdate().year
    if not this_year - YEARS_BACK <= data.year <= this_year + YEARS_AHEAD:
        raise DomainError(
            _("Choose a year from %(first)s to %(last)s.")
            % {"first": this_year - YEARS_BACK, "last": this_year + YEARS_AHEAD},
            field="year",
        )
    if data.amount_cents <= 0:
        raise DomainError(_("The budget must be more than nothing."), field="amount")
    if data.deciding_rule not in TallyRule.values:
        raise DomainError(_("Choose one of the rules."), field="deciding_rule")
    low, high = MIN_AGE_RANGE
    if not low <= data.min_age <= high:
        raise DomainError(
            _("The minimum age is between %(low)s and %(high)s.") % {"low": low, "high": high},
            field="min_age",
        )
    for earlier, later in itertools.pairwise(DATE_ORDER):
        if getattr(data, later) < getattr(data, earlier):
            raise DomainError(
                _("This date comes before the one above it: the phases follow each other."),
                field=later,
            )
    if data.neighbourhood_id is None:
        return None
    hood = Neighbourhood.objects.filter(pk=data.neighbourhood_id, district=district).first()
    if hood is None:
        raise DomainError(_("Choose the district or one of its neighbourhoods."), field="area")
    return hood


def _taken() -> DomainError:
    return DomainError(_("This area already has a round in that year."), field="year")


def round_create(*, actor: gate.Actor, district: District, data: RoundData) -> BudgetRound:
    """A new round, in preparation until the coordinator opens it for proposals."""
    _require(actor, district.pk, rules.has_district_mandate, Event.BUDGETS_ROUND_CREATE)
    hood = _check_round(data, district)
    try:
        with transaction.atomic():
            return BudgetRound.objects.create(
                district=district,
                neighbourhood=hood,
                year=data.year,
                title=_text(data.title, "title", limit=200),
                description=_text(data.description, "description", required=False),
                amount_cents=data.amount_cents,
                proposals_from=data.proposals_from,
                proposals_until=data.proposals_until,
                checking_until=data.checking_until,
                voting_from=data.voting_from,
                voting_until=data.voting_until,
                results_on=data.results_on,
                deciding_rule=data.deciding_rule,
                min_age=data.min_age,
                rules_text=_text(data.rules_text, "rules_text", required=False),
                created_by=actor.account,
            )
    except IntegrityError:
        raise _taken() from None


def _voting_started(budget_round: BudgetRound) -> bool:
    return PHASE_ORDER.index(budget_round.phase) >= PHASE_ORDER.index(Phase.VOTING)


def round_update(
    *, actor: gate.Actor, budget_round: BudgetRound, expected_version: int, data: RoundData
) -> BudgetRound:
    """Change a round. From the vote on, its budget and rules stay as residents voted under
    them: only the title, the description and the planned dates change."""
    _require(actor, budget_round.district_id, rules.has_district_mandate, Event.BUDGETS_ROUND_EDIT)
    hood = _check_round(data, budget_round.district)
    try:
        with transaction.atomic():
            locked = lock_at_version(
                BudgetRound.objects.filter(pk=budget_round.pk), expected_version, _round_conflict()
            )
            changes: dict[str, Any] = {
                "neighbourhood": hood,
                "year": data.year,
                "amount_cents": data.amount_cents,
                "deciding_rule": data.deciding_rule,
                "min_age": data.min_age,
                "rules_text": _text(data.rules_text, "rules_text", required=False),
            }
            if _voting_started(locked):
                fields = {"amount_cents": "amount", **{f: f for f in FIXED_FROM_VOTING[1:]}}
                fields.update({"neighbourhood": "area", "year": "year"})
                for name, form_field in fields.items():
                    if changes[name] != getattr(locked, name):
                        raise DomainError(
                            _(
                                "The vote has started: the area, year, budget and rules stay "
                                "as residents vote under them."
                            ),
                            field=form_field,
                        )
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.title = _text(data.title, "title", limit=200)
            locked.description = _text(data.description, "description", required=False)
            for name in DATE_ORDER:
                setattr(locked, name, getattr(data, name))
            locked.version += 1
            locked.save()
    except IntegrityError:
        raise _taken() from None
    _copy(locked, budget_round)
    return budget_round


def _copy(source: Any, target: Any) -> None:
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def round_advance(
    *, actor: gate.Actor, budget_round: BudgetRound, expected_version: int, to: str
) -> BudgetRound:
    """Move the round to its next phase (``to`` names it, so a double click cannot skip one)."""
    _require(
        actor, budget_round.district_id, rules.has_district_mandate, Event.BUDGETS_ROUND_ADVANCE
    )
    if TRANSITIONS.get(budget_round.phase) != to or to not in PHASE_ORDER:
        budget_round.refresh_from_db(fields=["phase", "version"])
        if budget_round.version != expected_version:
            raise_conflict(expected_version, budget_round.version)
        raise DomainError(
            _("A round goes from %(old)s only to the next phase.")
            % {"old": Phase(budget_round.phase).label},
            field="phase",
        )
    if to == Phase.RESULTS:
        # The vote's own service closes it: it locks the round, checks the version, counts.
        services_voting.voting_close(
            actor=actor, budget_round=budget_round, expected_version=expected_version
        )
        budget_round.refresh_from_db()
        return budget_round
    with transaction.atomic():
        locked = lock_at_version(
            BudgetRound.objects.filter(pk=budget_round.pk), expected_version, _round_conflict()
        )
        proposals = list(BudgetProposal.objects.filter(round=locked).select_for_update())
        blocker = selectors.advance_blocker(locked, to, proposals)
        if blocker:
            raise DomainError(blocker, field="phase")
        if to == Phase.EXECUTION:
            _start_execution(locked, proposals)
        locked.phase = to
        locked.version += 1
        locked.save(update_fields=["phase", "version"])
    _copy(locked, budget_round)
    return budget_round


def raise_conflict(mine: int, current: int) -> NoReturn:
    raise ConflictError(_round_conflict() % {"mine": mine, "current": current})


def _start_execution(budget_round: BudgetRound, proposals: list[BudgetProposal]) -> None:
    """The projects the deciding rule selected are planned, each with its ballot cost as its
    budget line."""
    result = selectors.deciding_result(budget_round)
    if result is None:
        raise DomainError(_("The round has no result yet: close the vote first."), field="phase")
    selected = {int(pk) for pk in result.selected}
    for p in proposals:
        if p.pk in selected and not p.execution_status:
            p.execution_status = ExecutionStatus.PLANNED
            p.budget_line_cents = p.ballot_cost_cents
            p.version += 1
            p.save(update_fields=["execution_status", "budget_line_cents", "version"])


# --- The check of a proposal ----------------------------------------------------------------


def proposal_check(
    *,
    actor: gate.Actor,
    proposal: BudgetProposal,
    expected_version: int,
    feasible: bool,
    cost_cents: int | None,
    reason: str,
) -> BudgetProposal:
    """The municipality's check: feasible (on the ballot, at the checked cost) or not, with the
    reasons residents will read. A check can be changed until the vote starts."""
    budget_round = proposal.round
    _require(actor, budget_round.district_id, rules.works_in_district, Event.BUDGETS_PROPOSAL_CHECK)
    text = _text(reason, "reason")
    if feasible and (cost_cents is None or cost_cents <= 0):
        raise DomainError(_("A feasible proposal needs its checked cost."), field="cost")
    if cost_cents is not None and cost_cents <= 0:
        raise DomainError(_("The cost must be more than nothing."), field="cost")
    with transaction.atomic():
        phase = BudgetRound.objects.filter(pk=budget_round.pk).values_list("phase", flat=True)[0]
        if phase not in CHECK_PHASES:
            raise DomainError(
                _("Proposals are checked before the vote, not in the phase %(phase)s.")
                % {"phase": Phase(phase).label},
                field="feasible",
            )
        locked = lock_at_version(
            BudgetProposal.objects.filter(pk=proposal.pk), expected_version, _proposal_conflict()
        )
        if locked.status == ProposalStatus.WITHDRAWN:
            raise DomainError(_("This proposal was withdrawn by its author."), field="feasible")
        locked.status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.REJECTED
        locked.cost_cents = cost_cents
        locked.check_reason = text
        locked.checked_at = timezone.now()
        locked.checked_by = actor.account
        locked.version += 1
        locked.save()
    _copy(locked, proposal)
    return proposal


# --- Execution ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str
    extension: str


def _too_large() -> DomainError:
    return DomainError(
        _("The photo is too large: at most %(mb)s MB.") % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)},
        field="photo",
    )


def read_photo(data: bytes) -> Photo:
    """The photo if it is a JPEG, PNG or WebP that Pillow can read, of a sensible size; else a
    ``DomainError`` on the photo field."""
    if len(data) > PHOTO_MAX_BYTES:
        raise _too_large()
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            width, height = image.size
            if fmt in PHOTO_FORMATS and width * height <= PHOTO_MAX_PIXELS:
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        fmt, width, height = "", 0, 0
    if fmt not in PHOTO_FORMATS or not 0 < width * height <= PHOTO_MAX_PIXELS:
        raise DomainError(
            _("Choose a photo in JPEG, PNG or WebP of at most %(mp)s megapixels.")
            % {"mp": PHOTO_MAX_PIXELS // 1_000_000},
            field="photo",
        )
    content_type, extension = PHOTO_FORMATS[fmt]
    return Photo(data, content_type, extension)


def photo_of(upload: UploadedFile) -> Photo:
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise _too_large()
    return read_photo(upload.read(PHOTO_MAX_BYTES + 1))


@dataclass(frozen=True)
class ExecutionData:
    owner_name: str
    owner_initiative_id: int | None
    budget_line_cents: int
    status: str
    update_text: str = ""
    photo: Photo | None = None
    photo_alt: str = ""
    spent_cents: int = 0
    delivered: str = ""


def execution_record(
    *, actor: gate.Actor, proposal: BudgetProposal, expected_version: int, data: ExecutionData
) -> BudgetProposal:
    """Who carries the project out, its budget line and how far it is; optionally an update
    (with a photo and what was spent); closing it records what was delivered."""
    budget_round = proposal.round
    _require(actor, budget_round.district_id, rules.works_in_district, Event.BUDGETS_EXECUTION)
    owner = _text(data.owner_name, "owner_name", required=False, limit=160)
    initiative = None
    if data.owner_initiative_id is not None:
        initiative = (
            selectors.district_initiatives(budget_round.district)
            .filter(pk=data.owner_initiative_id)
            .first()
        )
        if initiative is None:
            raise DomainError(_("Choose an initiative of this district."), field="owner_initiative")
    if not owner and initiative is None:
        raise DomainError(
            _("Say who carries the project out: a name or an initiative."), field="owner_name"
        )
    if data.budget_line_cents <= 0:
        raise DomainError(_("The budget line must be more than nothing."), field="budget_line")
    if data.spent_cents < 0:
        raise DomainError(_("What was spent cannot be less than nothing."), field="spent")
    text = _text(data.update_text, "update_text", required=False)
    if (data.photo is not None or data.spent_cents) and not text:
        raise DomainError(
            _("Write a line about this step to go with the photo or the amount."),
            field="update_text",
        )
    alt = _text(data.photo_alt, "photo_alt", required=False, limit=200)
    if data.photo is not None and not alt:
        raise DomainError(_("Say in a few words what the photo shows."), field="photo_alt")
    delivered = _text(data.delivered, "delivered", required=False)
    if data.status == ExecutionStatus.DELIVERED and not delivered:
        raise DomainError(_("Say what was delivered to close the project."), field="delivered")
    with transaction.atomic():
        phase = BudgetRound.objects.filter(pk=budget_round.pk).values_list("phase", flat=True)[0]
        if phase != Phase.EXECUTION:
            raise DomainError(
                _("Projects are carried out once the round is in its execution phase."),
                field="status",
            )
        locked = lock_at_version(
            BudgetProposal.objects.filter(pk=proposal.pk), expected_version, _proposal_conflict()
        )
        if not locked.execution_status:
            raise DomainError(_("This proposal was not selected."), field="status")
        if data.status not in EXECUTION_TRANSITIONS[locked.execution_status]:
            message = (
                _("This project is closed: it was delivered.")
                if locked.execution_status == ExecutionStatus.DELIVERED
                else _("A project cannot go back to planned once it has started.")
            )
            raise DomainError(message, field="status")
        if text:
            update = ExecutionUpdate(
                proposal=locked,
                text=text,
                photo_alt=alt if data.photo is not None else "",
                spent_cents=data.spent_cents,
                created_by=actor.account,
            )
            if data.photo is not None:
                update.photo.save(
                    f"project-{locked.pk}.{data.photo.extension}",
                    ContentFile(data.photo.content),
                    save=False,
                )
            update.save()
            locked.spent_cents += data.spent_cents
        locked.owner_name = owner if initiative is None else ""
        locked.owner_initiative = initiative
        locked.budget_line_cents = data.budget_line_cents
        locked.execution_status = data.status
        if data.status == ExecutionStatus.DELIVERED:
            locked.delivered = delivered
            locked.closed_at = timezone.now()
        locked.version += 1
        locked.save()
    _copy(locked, proposal)
    return proposal
