"""What residents do in a neighbourhood budget round, and the secret ballot.

- ``proposal_submit``, ``proposal_support``, ``proposal_withdraw``: a resident of the round's
  area proposes, supports and withdraws (``access.gate.round_resident_for``: a current member of
  a household in the area, at least the round's minimum age today).
- ``ballot_cast`` (DigiD) and ``ballot_cast_with_code`` (a voting code on paper): an approval
  ballot within the budget. One ballot per person per round, whatever the channel, also under
  concurrent votes (``Voter`` is unique per round and resident; a second first vote becomes a
  change of the first). The ballot can be changed until the vote closes.
- ``voting_codes_issue`` / ``voting_code_revoke``: the coordinator of a team working in the
  district hands codes to residents without DigiD. Only a keyed hash of a code is stored.
- ``voting_close``: VOTING -> RESULTS in one transaction. Every voter's link to a ballot is
  cleared and the ballots are re-created under new random ids in random order, so nothing in
  the database ties a person to a ballot any more; then the result is computed from the ballots
  alone under every rule (``nabij.budgets.tally``) and stored.

The election handed to ``tally`` names projects by ``str(BudgetProposal.pk)`` (the ids the
ballots hold); ``RoundResult.selected`` stores them back as integers. Only proposals on the
ballot (feasible) count; their cost is ``ballot_cost_cents`` (the checked cost, else the
estimate). Each ballot's group is its voter's neighbourhood code ("" when unknown).

Votes are secret: the access log records that a resident voted (purpose participation), never
what; totals exist nowhere before the close.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.budgets import selectors_voting as selectors
from nabij.budgets.models import (
    Ballot,
    BudgetProposal,
    BudgetRound,
    Channel,
    Phase,
    ProposalStatus,
    ProposalSupport,
    RoundResult,
    Voter,
    VotingCode,
)
from nabij.budgets.tally import RULES, Election, tally
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text
from nabij.core.versioning import lock_at_version

if TYPE_CHECKING:
    from nabij.areas.models import Neighbourhood
    from nabij.outcomes.models import AreaPlanGoal
    from nabij.people.models import Resident

# Rounds are tallied in whole euros (see ``tally_euros``).
TALLY_UNIT_CENTS = 100


class NotNow(DomainError):
    """The round is not in the phase for this act (the page answers 409)."""


class WrongCode(DomainError):
    """The voting code is unknown, revoked, or not for this round."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="code")


# --- Voting codes: what a code looks like and how it is kept ----------------------------------

# No 0/O, 1/I/L: a code is typed from paper. 12 characters of 32 = 60 bits, so guessing one
# (throttled per address, ``views_voting``) is hopeless.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4
_CODE_SALT = "nabij.budgets.voting_code"


def code_normalise(raw: str) -> str:
    """What the resident typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def code_hash(raw: str) -> str:
    """A keyed hash of the code (the installation's secret key): a stolen table of hashes is
    no list of codes. 64 hexadecimal characters."""
    return salted_hmac(_CODE_SALT, code_normalise(raw), algorithm="sha256").hexdigest()


def code_new() -> str:
    """A fresh code, in groups of four for reading aloud: ``ABCD-EFGH-JKMN``."""
    plain = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(plain[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


# --- Phases -----------------------------------------------------------------------------------


def _phase_name(phase: str) -> str:
    return str(Phase(phase).label)


def _require_phase(budget_round: BudgetRound, *phases: str) -> None:
    if budget_round.phase not in phases:
        raise NotNow(
            _("This cannot be done now: the round is in the phase “%(phase)s”.")
            % {"phase": _phase_name(budget_round.phase)}
        )


def voting_open(budget_round: BudgetRound, day: dt.date | None = None) -> bool:
    """Votes are taken in the voting phase, up to and including the last voting day."""
    day = day or timezone.localdate()
    return budget_round.phase == Phase.VOTING and day <= budget_round.voting_until


def _require_voting(budget_round: BudgetRound) -> None:
    if not voting_open(budget_round):
        raise NotNow(_("Voting is closed for this round."))


# --- Proposals --------------------------------------------------------------------------------

COST_MAX_CENTS = 10_000_000_000  # €100 million: anything above is a typing error


@dataclass(frozen=True)
class ProposalData:
    title: str
    description: str
    cost_estimate_cents: int
    neighbourhood: Neighbourhood | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    area_goal: AreaPlanGoal | None = None
    name_public: bool = False


def _check_proposal(budget_round: BudgetRound, data: ProposalData) -> None:
    if not 0 < data.cost_estimate_cents <= COST_MAX_CENTS:
        raise DomainError(_("Give a cost above zero."), field="cost_estimate")
    if data.cost_estimate_cents > budget_round.amount_cents:
        raise DomainError(
            _("This costs more than the whole budget. Make the plan smaller."),
            field="cost_estimate",
        )
    if data.neighbourhood is not None and not selectors.neighbourhood_in_round(
        budget_round, data.neighbourhood
    ):
        raise DomainError(_("Choose a neighbourhood of this round's area."), field="neighbourhood")
    if (data.latitude is None) != (data.longitude is None):
        raise DomainError(_("Give both coordinates, or neither."), field="latitude")
    if data.latitude is not None and data.longitude is not None:
        box = selectors.round_bounds(budget_round)
        if box is not None and not box.contains(float(data.longitude), float(data.latitude)):
            raise DomainError(_("This place is outside the round's area."), field="latitude")
    if data.area_goal is not None and data.area_goal.pk not in {
        g.pk for g in selectors.round_area_goals(budget_round)
    }:
        raise DomainError(
            _("Choose a goal of this district's area plan for this year."), field="area_goal"
        )


def proposal_submit(
    *, actor: gate.Actor, budget_round: BudgetRound, data: ProposalData
) -> BudgetProposal:
    """A resident's proposal, numbered next in the round (the project id of the .pb file)."""
    gate.round_resident_for(actor, budget_round, event=Event.BUDGET_PROPOSAL_SUBMIT)
    title = clean_text(data.title).strip()
    description = clean_text(data.description).strip()
    if not title:
        raise DomainError(_("Give your plan a title."), field="title")
    if not description:
        raise DomainError(_("Tell what the plan is."), field="description")
    _check_proposal(budget_round, data)
    with transaction.atomic():
        locked = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
        _require_phase(locked, Phase.PROPOSALS)
        last = locked.proposals.aggregate(last=Max("number"))["last"] or 0
        return BudgetProposal.objects.create(
            round=locked,
            number=last + 1,
            title=title,
            description=description,
            cost_estimate_cents=data.cost_estimate_cents,
            neighbourhood=data.neighbourhood,
            latitude=data.latitude,
            longitude=data.longitude,
            area_goal=data.area_goal,
            author=actor.resident,
            author_name_public=data.name_public,
        )


SUPPORT_PHASES = (Phase.PROPOSALS, Phase.CHECKING)
SUPPORTABLE = (ProposalStatus.SUBMITTED, ProposalStatus.FEASIBLE)


def proposal_support(
    *, actor: gate.Actor, budget_round: BudgetRound, proposal: BudgetProposal
) -> bool:
    """Support a proposal, or take one's support back (a toggle); returns whether the resident
    supports it now. Only while proposals are made and checked."""
    participant = gate.round_resident_for(actor, budget_round, event=Event.BUDGET_PROPOSAL_SUPPORT)
    _require_phase(budget_round, *SUPPORT_PHASES)
    if proposal.round_id != budget_round.pk or proposal.status not in SUPPORTABLE:
        raise NotNow(_("This plan cannot be supported (any more)."))
    with transaction.atomic():
        removed, _rows = ProposalSupport.objects.filter(
            proposal=proposal, resident=participant.resident
        ).delete()
        if removed:
            return False
        try:
            with transaction.atomic():
                ProposalSupport.objects.create(proposal=proposal, resident=participant.resident)
        except IntegrityError:  # the same resident's second click, at the same moment
            pass
    return True


WITHDRAW_PHASES = (Phase.PROPOSALS, Phase.CHECKING)


def proposal_withdraw(
    *,
    actor: gate.Actor,
    budget_round: BudgetRound,
    proposal: BudgetProposal,
    reason: str,
    expected_version: int,
) -> BudgetProposal:
    """The author takes the proposal back, with a reason; it stays in view with the reason.
    Before the vote only: a project on the ballot stays there."""
    gate.round_author_for(
        actor, budget_round, proposal.author_id, event=Event.BUDGET_PROPOSAL_WITHDRAW
    )
    reason = clean_text(reason).strip()
    if not reason:
        raise DomainError(_("Tell why you withdraw the plan."), field="reason")
    _require_phase(budget_round, *WITHDRAW_PHASES)
    with transaction.atomic():
        locked = lock_at_version(
            BudgetProposal.objects.filter(pk=proposal.pk),
            expected_version,
            _("The plan was changed in the meantime (version %(mine)s, now %(current)s)."),
        )
        if locked.status not in SUPPORTABLE:
            raise NotNow(_("This plan cannot be withdrawn (any more)."))
        locked.status = ProposalStatus.WITHDRAWN
        locked.withdrawn_reason = reason
        locked.version += 1
        locked.save(update_fields=["status", "withdrawn_reason", "version"])
    return locked


# --- The ballot -------------------------------------------------------------------------------


def ballot_choices_check(budget_round: BudgetRound, proposal_ids: list[int]) -> list[int]:
    """The chosen projects as a ballot keeps them (ids ascending), or a clear refusal: at least
    one, all on this round's ballot, together within the budget."""
    chosen = sorted(set(proposal_ids))
    if not chosen:
        raise DomainError(_("Choose at least one plan."), field="choices")
    costs = selectors.ballot_costs(budget_round)
    unknown = [pk for pk in chosen if pk not in costs]
    if unknown:
        raise DomainError(_("One of the chosen plans is not on the ballot."), field="choices")
    total = sum(costs[pk] for pk in chosen)
    if total > budget_round.amount_cents:
        raise DomainError(
            _("Together your plans cost more than the budget. Remove a plan until the total fits."),
            field="choices",
        )
    return chosen


def _phase_for_vote(budget_round: BudgetRound) -> str:
    """The round's phase, read under a shared lock on PostgreSQL: votes run side by side, and
    ``voting_close`` (which locks the round for update) waits for the votes in progress, while
    a vote that comes after the close sees the new phase."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT phase FROM {BudgetRound._meta.db_table} WHERE id = %s FOR SHARE",  # noqa: S608
                [budget_round.pk],
            )
            row = cursor.fetchone()
        return str(row[0]) if row else ""
    return str(
        BudgetRound.objects.filter(pk=budget_round.pk).values_list("phase", flat=True).first()
    )


def _cast(
    budget_round: BudgetRound,
    resident: Resident,
    neighbourhood_id: int | None,
    channel: str,
    choices: list[int],
) -> None:
    """Record or change the resident's one ballot of the round."""
    with transaction.atomic():
        if _phase_for_vote(budget_round) != Phase.VOTING:
            raise NotNow(_("Voting is closed for this round."))
        voter = (
            Voter.objects.select_for_update()
            .filter(round_id=budget_round.pk, resident_id=resident.pk)
            .first()
        )
        if voter is None:
            try:
                with transaction.atomic():
                    ballot = Ballot.objects.create(
                        round_id=budget_round.pk, neighbourhood_id=neighbourhood_id, choices=choices
                    )
                    Voter.objects.create(
                        round_id=budget_round.pk, resident=resident, channel=channel, ballot=ballot
                    )
                return
            except IntegrityError:  # the same person's other first vote won: change that one
                voter = Voter.objects.select_for_update().get(
                    round_id=budget_round.pk, resident_id=resident.pk
                )
        if voter.ballot_id is None:
            ballot = Ballot.objects.create(
                round_id=budget_round.pk, neighbourhood_id=neighbourhood_id, choices=choices
            )
            voter.ballot = ballot
        else:
            Ballot.objects.filter(pk=voter.ballot_id).update(
                choices=choices, neighbourhood_id=neighbourhood_id
            )
        voter.channel = channel
        voter.save(update_fields=["ballot", "channel"])


def ballot_cast(*, actor: gate.Actor, budget_round: BudgetRound, proposal_ids: list[int]) -> None:
    """A resident's vote through DigiD (or a change of it). Logged: that they voted."""
    participant = gate.round_resident_for(actor, budget_round, event=Event.BUDGET_BALLOT_CAST)
    _require_voting(budget_round)
    choices = ballot_choices_check(budget_round, proposal_ids)
    _cast(budget_round, participant.resident, participant.neighbourhood_id, Channel.DIGID, choices)


def _code_actor() -> gate.Actor:
    return gate.Actor(user=AnonymousUser(), professional=None, channel="web")


def ballot_cast_with_code(
    *,
    budget_round: BudgetRound,
    code: str,
    proposal_ids: list[int],
    actor: gate.Actor | None = None,
) -> None:
    """A vote with a voting code on paper: the code stands for its resident, so a code and a
    DigiD vote are one ballot. The resident must still be a participant of the round today.
    ``actor``: the anonymous visitor (for the client address in the log)."""
    _require_voting(budget_round)
    choices = ballot_choices_check(budget_round, proposal_ids)
    found = (
        VotingCode.objects.select_related("resident")
        .filter(round=budget_round, code_hash=code_hash(code), revoked_at__isnull=True)
        .first()
    )
    if found is None:
        raise WrongCode(_("This voting code is not right. Check the letter and try again."))
    resident = found.resident
    membership = gate.round_membership(resident, budget_round)
    who = actor or _code_actor()
    if membership is None:
        gate.log(
            who,
            event=Event.BUDGET_BALLOT_CODE,
            outcome=Outcome.REFUSED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[resident.pk],
            detail=f"round {budget_round.pk}: no longer a participant",
        )
        raise WrongCode(
            _("This voting code can no longer be used: you no longer live in the area.")
        )
    gate.log(
        who,
        event=Event.BUDGET_BALLOT_CODE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.PARTICIPATION,
        resident_ids=[resident.pk],
        household_id=membership.household_id,
        detail=f"round {budget_round.pk}",
    )
    _cast(budget_round, resident, membership.household.neighbourhood_id, Channel.PAPER, choices)


# --- Voting codes -----------------------------------------------------------------------------

CODE_PHASES = (Phase.DRAFT, Phase.PROPOSALS, Phase.CHECKING, Phase.VOTING)


def _require_mandate(actor: gate.Actor, budget_round: BudgetRound, event: Event) -> None:
    if not rules.has_district_mandate(actor.professional, budget_round.district_id):
        gate.log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.ADMINISTRATION,
            detail=f"round {budget_round.pk}",
        )
        raise gate.AccessDenied


def voting_codes_issue(
    *, actor: gate.Actor, budget_round: BudgetRound, resident_ids: list[int]
) -> list[tuple[Resident, str]]:
    """New codes for these residents of the round (a code issued before is revoked: the new
    letter replaces it). The codes are returned once, for the letters; only hashes are kept.
    Every resident concerned is logged (purpose participation)."""
    _require_mandate(actor, budget_round, Event.BUDGET_VOTING_CODES_ISSUE)
    _require_phase(budget_round, *CODE_PHASES)
    wanted = sorted(set(resident_ids))
    if not wanted:
        raise DomainError(_("Choose at least one resident."), field="residents")
    residents = list(selectors.eligible_residents(budget_round).filter(pk__in=wanted))
    if len(residents) != len(wanted):
        raise DomainError(_("Not every chosen resident may vote in this round."), field="residents")
    now = timezone.now()
    issued: list[tuple[Resident, str]] = []
    with transaction.atomic():
        VotingCode.objects.filter(
            round=budget_round, resident_id__in=wanted, revoked_at__isnull=True
        ).update(revoked_at=now)
        rows = []
        for resident in residents:
            code = code_new()
            rows.append(
                VotingCode(
                    round=budget_round,
                    resident=resident,
                    code_hash=code_hash(code),
                    issued_by=actor.account,
                )
            )
            issued.append((resident, code))
        VotingCode.objects.bulk_create(rows)
        gate.log(
            actor,
            event=Event.BUDGET_VOTING_CODES_ISSUE,
            outcome=Outcome.GRANTED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[r.pk for r in residents],
            detail=f"round {budget_round.pk}",
        )
    return issued


def voting_code_revoke(*, actor: gate.Actor, budget_round: BudgetRound, code_id: int) -> None:
    """A code no longer counts (lost, or given to the wrong person). A vote made with it stays:
    it is the resident's own ballot, which they can still change with a new code or DigiD."""
    _require_mandate(actor, budget_round, Event.BUDGET_VOTING_CODE_REVOKE)
    with transaction.atomic():
        found = (
            VotingCode.objects.select_for_update()
            .filter(pk=code_id, round=budget_round, revoked_at__isnull=True)
            .first()
        )
        if found is None:
            raise DomainError(_("This code was already revoked."), field="code_id")
        found.revoked_at = timezone.now()
        found.save(update_fields=["revoked_at"])
        gate.log(
            actor,
            event=Event.BUDGET_VOTING_CODE_REVOKE,
            outcome=Outcome.GRANTED,
            purpose=Purpose.PARTICIPATION,
            resident_ids=[found.resident_id],
            detail=f"round {budget_round.pk}",
        )


# --- Closing the vote -------------------------------------------------------------------------


def _conflict() -> str:
    return _(
        "Someone else changed this round in the meantime (version %(mine)s, now %(current)s). "
        "Reload the page and try again."
    )


def _reshuffle(budget_round: BudgetRound) -> list[Ballot]:
    """Unlink every voter, then re-create the ballots under new random ids in random order."""
    old = list(Ballot.objects.filter(round=budget_round).values_list("neighbourhood_id", "choices"))
    Voter.objects.filter(round=budget_round).update(ballot=None)
    Ballot.objects.filter(round=budget_round).delete()
    random.SystemRandom().shuffle(old)
    fresh = [
        Ballot(id=uuid.uuid4(), round=budget_round, neighbourhood_id=n, choices=c) for n, c in old
    ]
    Ballot.objects.bulk_create(fresh, batch_size=5000)
    return fresh


def tally_euros(cents: int, *, up: bool) -> int:
    """A round is tallied in whole euros (``TALLY_UNIT_CENTS``): costs rounded up, the budget
    down, so a result never spends more than the budget. In cents, the add-one completion
    raises every voter's share one cent at a time: 221 s for 5,000 ballots, against about a
    hundredth of that in euros. The export writes the same whole euros, so ``nabij budget
    tally`` on it gives the round's result."""
    return -(-cents // TALLY_UNIT_CENTS) if up else cents // TALLY_UNIT_CENTS


def election_for(budget_round: BudgetRound, ballots: list[Ballot]) -> Election:
    """The round as ``tally`` reads it: projects by ``str(pk)``, amounts in whole euros,
    groups by neighbourhood code."""
    costs = selectors.ballot_costs(budget_round)
    codes = selectors.neighbourhood_codes({b.neighbourhood_id for b in ballots})
    keep = {str(pk): tally_euros(cost, up=True) for pk, cost in costs.items()}
    return Election(
        budget=tally_euros(budget_round.amount_cents, up=False),
        costs=keep,
        ballots=[frozenset(str(pk) for pk in b.choices if str(pk) in keep) for b in ballots],
        groups=[codes.get(b.neighbourhood_id or 0, "") for b in ballots],
    )


def results_compute(budget_round: BudgetRound, ballots: list[Ballot]) -> list[RoundResult]:
    """Every rule's result from the ballots alone, stored (one row per rule)."""
    election = election_for(budget_round, ballots)
    cents = {str(pk): cost for pk, cost in selectors.ballot_costs(budget_round).items()}
    RoundResult.objects.filter(round=budget_round).delete()
    results = []
    for rule in RULES:
        outcome = tally(election, rule)
        votes = Counter(pk for ballot in election.ballots for pk in ballot)
        explanation: dict[str, Any] = {
            "budget_cents": budget_round.amount_cents,
            "costs": {pk: cents[pk] for pk in election.costs},
            "votes": {pk: int(outcome.votes.get(pk, votes[pk])) for pk in election.costs},
            "reasons": dict(outcome.reasons),
            "decided_by_group": {
                k: int(v) * TALLY_UNIT_CENTS for k, v in outcome.decided_by_group.items()
            },
            "ballots_by_group": dict(Counter(election.groups or [])),
        }
        results.append(
            RoundResult.objects.create(
                round=budget_round,
                rule=rule,
                selected=[int(pk) for pk in outcome.selected],
                budget_used_cents=sum(cents[pk] for pk in outcome.selected),
                ballots_count=len(election.ballots),
                explanation=explanation,
            )
        )
    return results


def _close(budget_round: BudgetRound, expected_version: int) -> BudgetRound:
    with transaction.atomic():
        locked = lock_at_version(
            BudgetRound.objects.filter(pk=budget_round.pk), expected_version, _conflict()
        )
        _require_phase(locked, Phase.VOTING)
        ballots = _reshuffle(locked)
        results_compute(locked, ballots)
        locked.voting_closed_at = timezone.now()
        locked.phase = Phase.RESULTS
        locked.version += 1
        locked.save(update_fields=["voting_closed_at", "phase", "version"])
    return locked


def voting_close(
    *, actor: gate.Actor, budget_round: BudgetRound, expected_version: int
) -> BudgetRound:
    """Close the vote (VOTING -> RESULTS): the coordinator of a team working in the district.
    Raises ``ConflictError`` on a stale version, ``NotNow`` outside the voting phase."""
    _require_mandate(actor, budget_round, Event.BUDGET_VOTING_CLOSE)
    closed = _close(budget_round, expected_version)
    gate.log(
        actor,
        event=Event.BUDGET_VOTING_CLOSE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.ADMINISTRATION,
        detail=f"round {budget_round.pk}",
    )
    return closed


# --- Demo -------------------------------------------------------------------------------------


def voting_demo(*, budget_round: BudgetRound, ballots: int = 60, seed: int = 12) -> int:
    """Demo ballots from residents of the round's area (as many as there are, up to
    ``ballots``), each approving a random set of projects within the budget. For the demo
    loader only: no access check, no log. Returns how many were cast."""
    if budget_round.phase != Phase.VOTING:
        raise NotNow(_("Voting is closed for this round."))
    rng = random.Random(seed)
    costs = selectors.ballot_costs(budget_round)
    projects = sorted(costs)
    if not projects:
        return 0
    cast = 0
    for resident in selectors.eligible_residents(budget_round).order_by("pk")[:ballots]:
        membership = gate.round_membership(resident, budget_round)
        if membership is None:
            continue
        order = rng.sample(projects, k=len(projects))
        choices: list[int] = []
        total = 0
        for pk in order[: rng.randint(1, len(projects))]:
            if total + costs[pk] <= budget_round.amount_cents:
                choices.append(pk)
                total += costs[pk]
        if choices:
            _cast(
                budget_round,
                resident,
                membership.household.neighbourhood_id,
                Channel.DIGID,
                sorted(choices),
            )
            cast += 1
    return cast


def voting_demo_close(*, budget_round: BudgetRound) -> BudgetRound:
    """Close a demo round's vote (the demo loader has no coordinator's session)."""
    return _close(budget_round, budget_round.version)


__all__ = [
    "ConflictError",
    "NotNow",
    "ProposalData",
    "WrongCode",
    "ballot_cast",
    "ballot_cast_with_code",
    "proposal_submit",
    "proposal_support",
    "proposal_withdraw",
    "voting_close",
    "voting_code_revoke",
    "voting_codes_issue",
    "voting_demo",
    "voting_demo_close",
]
