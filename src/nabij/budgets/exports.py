"""A closed budget round as a Pabulib election (``nabij budget export ROUND``).

META: ``description`` (the round's title), ``country`` Netherlands, ``unit`` the
municipality, ``subunit`` the area's name, ``district`` its CBS code, ``instance`` the year,
``num_projects``, ``num_votes``, ``budget`` **in whole euros** (rounded down), ``currency`` EUR and
``comment`` saying so, ``vote_type`` approval, ``rule`` the round's deciding rule in
Pabulib's words (``greedy``; ``equalshares/add1`` for the Method of Equal Shares with the
add-one completion), ``date_begin``/``date_end`` the voting dates, ``language`` nl.

PROJECTS: the proposals on the ballot (status feasible) only: ``project_id`` = the
proposal's number, ``cost`` = the checked cost in whole euros, rounded up (the estimate if it
was not changed): the amounts the round was tallied with,
``name``, ``votes``, and ``selected`` (1/0, under the deciding rule) once the result is in.

VOTES: one row per ballot, ``voter_id`` 1, 2, 3, … in the ballots' random order (never a
person), ``vote`` the approved projects' numbers ascending, ``neighborhood`` the voter's
neighbourhood code (Pabulib's column name).

Refused while the vote is open (or has not begun): totals stay hidden until it closes.
"""

from __future__ import annotations

from collections import Counter

from nabij.budgets.models import (
    Ballot,
    BudgetProposal,
    BudgetRound,
    Phase,
    ProposalStatus,
    RoundResult,
    TallyRule,
)
from nabij.budgets.pabulib import GROUP_COLUMN, PbElection, PbProject, PbVoter
from nabij.budgets.services_voting import tally_euros

CLOSED_PHASES = (Phase.RESULTS, Phase.EXECUTION, Phase.FINISHED)
# The round's deciding rule: its name in Pabulib's META, and the result (tally rule) it uses.
PABULIB_RULE = {TallyRule.GREEDY: "greedy", TallyRule.MES: "equalshares/add1"}
RESULT_RULE = {TallyRule.GREEDY: "greedy", TallyRule.MES: "mes-add1"}


class ExportRefused(Exception):
    pass


def round_pb(round_id: int) -> PbElection:
    budget_round = (
        BudgetRound.objects.select_related("district__municipality", "neighbourhood")
        .filter(pk=round_id)
        .first()
    )
    if budget_round is None:
        raise ExportRefused(f"er is geen budgetronde {round_id}")
    if budget_round.phase not in CLOSED_PHASES:
        raise ExportRefused(
            f"ronde {round_id} ({budget_round.title}) is in de fase "
            f"“{budget_round.get_phase_display()}”: de uitslag en de stemmen blijven "
            "verborgen tot de stemming gesloten is"
        )
    proposals = list(
        BudgetProposal.objects.filter(round=budget_round, status=ProposalStatus.FEASIBLE).order_by(
            "number"
        )
    )
    number_of = {p.pk: str(p.number) for p in proposals}
    voters: list[PbVoter] = []
    votes: Counter[str] = Counter()
    ballots = (
        Ballot.objects.filter(round=budget_round)
        .order_by("pk")
        .values_list("choices", "neighbourhood__code")
    )
    for index, (choices, code) in enumerate(ballots.iterator(chunk_size=5000), start=1):
        unknown = [c for c in choices if c not in number_of]
        if unknown:
            raise ExportRefused(
                f"een stembiljet noemt voorstel {unknown[0]}, dat niet op het stembiljet stond"
            )
        approved = tuple(sorted((number_of[c] for c in set(choices)), key=int))
        votes.update(approved)
        voters.append(PbVoter(str(index), approved, {GROUP_COLUMN: code or ""}))
    result = RoundResult.objects.filter(
        round=budget_round, rule=RESULT_RULE[TallyRule(budget_round.deciding_rule)]
    ).first()
    selected = set(result.selected) if result else None
    projects = []
    for proposal in proposals:
        fields = {"name": proposal.title, "votes": str(votes[str(proposal.number)])}
        if selected is not None:
            fields["selected"] = "1" if proposal.pk in selected else "0"
        cost = tally_euros(proposal.ballot_cost_cents, up=True)
        projects.append(PbProject(str(proposal.number), cost, fields))
    district = budget_round.district
    meta = {
        "description": budget_round.title,
        "country": "Netherlands",
        "unit": district.municipality.name,
        "subunit": budget_round.area_name,
        "district": budget_round.area_code,
        "instance": str(budget_round.year),
        "num_projects": str(len(projects)),
        "num_votes": str(len(voters)),
        "budget": str(tally_euros(budget_round.amount_cents, up=False)),
        "currency": "EUR",
        "comment": "#1: Amounts in whole euros, as the round is tallied: costs rounded up, "
        "the budget down.",
        "vote_type": "approval",
        "rule": PABULIB_RULE[TallyRule(budget_round.deciding_rule)],
        "date_begin": budget_round.voting_from.strftime("%d.%m.%Y"),
        "date_end": budget_round.voting_until.strftime("%d.%m.%Y"),
        "language": "nl",
    }
    return PbElection(meta=meta, projects=projects, voters=voters)
