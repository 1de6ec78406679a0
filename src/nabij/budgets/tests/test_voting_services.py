"""Residents' part in a budget round: eligibility, phases, the knapsack ballot, voting codes,
and the close that unlinks voters from ballots."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.utils import timezone

from nabij.access import gate
from nabij.access.models import AccessLogEntry, Purpose
from nabij.budgets import selectors_voting as selectors
from nabij.budgets import services_voting as services
from nabij.budgets.models import (
    Ballot,
    BudgetProposal,
    Channel,
    Phase,
    ProposalStatus,
    ProposalSupport,
    RoundResult,
    Voter,
    VotingCode,
)
from nabij.budgets.tests.voting_world import (
    coordinator_actor,
    make_round,
    neighbour,
    project,
    resident_actor,
    resident_in,
)
from nabij.core.errors import ConflictError, DomainError
from nabij.people.models import Membership
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(world):
    district = world.household.neighbourhood.district
    world.household.team.districts.add(district)  # team A works in Karima's district
    budget_round = make_round(district, world.coordinator.user)
    benches = project(budget_round, "Bankjes bij de speeltuin", 1_000_000)
    garden = project(budget_round, "Moestuin", 3_000_000)
    lights = project(budget_round, "Lampen in het park", 2_500_000)
    return budget_round, benches, garden, lights


def _years_ago(years: int, *, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) + dt.timedelta(days=days)


# --- Eligibility --------------------------------------------------------------------------------


def test_a_resident_of_the_district_takes_part(world, voting):
    budget_round, *_ = voting
    participant = gate.round_resident_for(
        resident_actor(world.resident), budget_round, event=gate.Event.BUDGET_BALLOT_VIEW
    )
    assert participant.resident == world.resident
    assert participant.neighbourhood_id == world.household.neighbourhood_id
    row = AccessLogEntry.objects.get(event="budget.ballot.view")
    assert (row.outcome, row.purpose, row.resident_id) == (
        "granted",
        Purpose.PARTICIPATION,
        world.resident.pk,
    )


def test_sixteen_today_takes_part_and_one_day_younger_does_not(world, voting):
    budget_round, benches, *_ = voting
    sixteen = neighbour(world.household, "Zestien", born=_years_ago(16))
    almost = neighbour(world.household, "Bijna", born=_years_ago(16, days=1))
    assert gate.round_membership(sixteen, budget_round) is not None
    assert gate.round_membership(almost, budget_round) is None
    services.ballot_cast(
        actor=resident_actor(sixteen), budget_round=budget_round, proposal_ids=[benches.pk]
    )
    # a 15-year-old has no DigiD account; a round that lets them vote would use a code
    assert not Voter.objects.filter(resident=almost).exists()


def test_the_round_minimum_age_is_the_rule(world, voting):
    budget_round, *_ = voting
    budget_round.min_age = 18
    budget_round.save()
    seventeen = neighbour(world.household, "Zeventien", born=_years_ago(17))
    assert gate.round_membership(seventeen, budget_round) is None
    assert gate.round_membership(world.resident, budget_round) is not None


def test_a_resident_of_another_district_is_refused_and_logged(world, voting):
    budget_round, benches, *_ = voting
    with pytest.raises(gate.AccessDenied):
        services.ballot_cast(
            actor=resident_actor(world.other_resident),
            budget_round=budget_round,
            proposal_ids=[benches.pk],
        )
    row = AccessLogEntry.objects.get(event="budget.ballot.cast")
    assert (row.outcome, row.purpose, row.resident_id) == (
        "refused",
        Purpose.PARTICIPATION,
        world.other_resident.pk,
    )
    assert not Voter.objects.exists()


def test_a_former_member_is_refused(world, voting):
    budget_round, benches, *_ = voting
    actor = resident_actor(world.resident)  # signed in while a member
    Membership.objects.filter(resident=world.resident).update(
        ended_on=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(gate.AccessDenied):
        services.ballot_cast(actor=actor, budget_round=budget_round, proposal_ids=[benches.pk])


def test_a_neighbourhood_round_is_for_that_neighbourhood_only(world, voting):
    budget_round, *_ = voting
    elsewhere = f.NeighbourhoodFactory(district=budget_round.district)
    budget_round.neighbourhood = elsewhere
    budget_round.save()
    assert gate.round_membership(world.resident, budget_round) is None
    moved_in = resident_in(elsewhere, world.household.team, "Nieuw")
    assert gate.round_membership(moved_in, budget_round) is not None


def test_a_professional_is_no_participant(world, voting):
    budget_round, *_ = voting
    with pytest.raises(gate.AccessDenied):
        gate.round_resident_for(
            coordinator_actor(world.coordinator), budget_round, event=gate.Event.BUDGET_BALLOT_VIEW
        )


# --- Proposals ----------------------------------------------------------------------------------


def _data(**extra):
    values = {
        "title": "Bloembakken",
        "description": "Bloemen langs de weg.",
        "cost_estimate_cents": 80_000,
    }
    values.update(extra)
    return services.ProposalData(**values)


def test_a_proposal_gets_the_next_number_in_the_proposals_phase_only(world, voting):
    budget_round, *_ = voting
    actor = resident_actor(world.resident)
    with pytest.raises(services.NotNow):
        services.proposal_submit(actor=actor, budget_round=budget_round, data=_data())
    budget_round.phase = Phase.PROPOSALS
    budget_round.save()
    proposal = services.proposal_submit(
        actor=actor,
        budget_round=budget_round,
        data=_data(neighbourhood=world.household.neighbourhood, name_public=True),
    )
    assert proposal.number == 4  # three projects before it
    assert proposal.author == world.resident
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.author_name_public


def test_a_proposal_outside_the_area_or_over_the_budget_is_refused(world, voting):
    budget_round, *_ = voting
    budget_round.phase = Phase.PROPOSALS
    budget_round.save()
    actor = resident_actor(world.resident)
    with pytest.raises(DomainError) as error:
        services.proposal_submit(
            actor=actor,
            budget_round=budget_round,
            data=_data(neighbourhood=world.other_household.neighbourhood),
        )
    assert error.value.field == "neighbourhood"
    with pytest.raises(DomainError) as error:
        services.proposal_submit(
            actor=actor, budget_round=budget_round, data=_data(cost_estimate_cents=6_000_000)
        )
    assert error.value.field == "cost_estimate"


def test_support_toggles_in_the_proposal_and_checking_phases(world, voting):
    budget_round, benches, *_ = voting
    actor = resident_actor(world.resident)
    with pytest.raises(services.NotNow):
        services.proposal_support(actor=actor, budget_round=budget_round, proposal=benches)
    budget_round.phase = Phase.CHECKING
    budget_round.save()
    assert services.proposal_support(actor=actor, budget_round=budget_round, proposal=benches)
    assert ProposalSupport.objects.filter(proposal=benches).count() == 1
    assert not services.proposal_support(actor=actor, budget_round=budget_round, proposal=benches)
    assert not ProposalSupport.objects.exists()


def test_only_the_author_withdraws_with_a_reason_that_stays(world, voting):
    budget_round, benches, *_ = voting
    benches.author = world.resident
    benches.status = ProposalStatus.SUBMITTED
    benches.save()
    budget_round.phase = Phase.CHECKING
    budget_round.save()
    other = neighbour(world.household, "Ander")
    with pytest.raises(gate.AccessDenied):
        services.proposal_withdraw(
            actor=resident_actor(other),
            budget_round=budget_round,
            proposal=benches,
            reason="Niet van mij",
            expected_version=1,
        )
    with pytest.raises(ConflictError):
        services.proposal_withdraw(
            actor=resident_actor(world.resident),
            budget_round=budget_round,
            proposal=benches,
            reason="Te duur",
            expected_version=7,
        )
    services.proposal_withdraw(
        actor=resident_actor(world.resident),
        budget_round=budget_round,
        proposal=benches,
        reason="De gemeente doet het al.",
        expected_version=1,
    )
    benches.refresh_from_db()
    assert benches.status == ProposalStatus.WITHDRAWN
    assert benches.withdrawn_reason == "De gemeente doet het al."


# --- The ballot ---------------------------------------------------------------------------------


def test_a_ballot_within_the_budget_is_kept_and_can_be_changed(world, voting):
    budget_round, benches, garden, lights = voting
    actor = resident_actor(world.resident)
    services.ballot_cast(
        actor=actor, budget_round=budget_round, proposal_ids=[garden.pk, benches.pk]
    )
    assert selectors.own_choices(budget_round, world.resident) == sorted([benches.pk, garden.pk])
    services.ballot_cast(actor=actor, budget_round=budget_round, proposal_ids=[lights.pk])
    assert Voter.objects.count() == 1
    assert Ballot.objects.count() == 1
    ballot = Ballot.objects.get()
    assert ballot.choices == [lights.pk]
    assert ballot.neighbourhood_id == world.household.neighbourhood_id
    rows = AccessLogEntry.objects.filter(event="budget.ballot.cast")
    assert {r.resident_id for r in rows} == {world.resident.pk}
    assert all(str(lights.pk) not in r.detail.split() for r in rows)  # never what was voted


def test_a_ballot_over_the_budget_is_refused(world, voting):
    budget_round, benches, garden, lights = voting
    with pytest.raises(DomainError) as error:
        services.ballot_cast(
            actor=resident_actor(world.resident),
            budget_round=budget_round,
            proposal_ids=[benches.pk, garden.pk, lights.pk],  # 65,000 > 50,000
        )
    assert error.value.field == "choices"
    assert not Ballot.objects.exists()


def test_an_empty_ballot_or_a_project_off_the_ballot_is_refused(world, voting):
    budget_round, benches, *_ = voting
    actor = resident_actor(world.resident)
    with pytest.raises(DomainError):
        services.ballot_cast(actor=actor, budget_round=budget_round, proposal_ids=[])
    benches.status = ProposalStatus.REJECTED
    benches.save()
    with pytest.raises(DomainError):
        services.ballot_cast(actor=actor, budget_round=budget_round, proposal_ids=[benches.pk])


def test_no_votes_outside_the_voting_phase_or_after_the_last_day(world, voting):
    budget_round, benches, *_ = voting
    actor = resident_actor(world.resident)
    budget_round.voting_until = budget_round.voting_from
    budget_round.results_on = budget_round.voting_from
    budget_round.voting_from = budget_round.voting_from
    budget_round.save()
    with pytest.raises(services.NotNow):
        services.ballot_cast(actor=actor, budget_round=budget_round, proposal_ids=[benches.pk])
    budget_round.phase = Phase.CHECKING
    budget_round.voting_until = timezone.localdate() + dt.timedelta(days=3)
    budget_round.results_on = budget_round.voting_until
    budget_round.save()
    with pytest.raises(services.NotNow):
        services.ballot_cast(actor=actor, budget_round=budget_round, proposal_ids=[benches.pk])


# --- Voting codes -------------------------------------------------------------------------------


def test_codes_are_issued_by_the_mandate_and_only_their_hash_kept(world, voting):
    budget_round, benches, garden, _lights = voting
    gladys = neighbour(world.household, "Gladys")
    with pytest.raises(gate.AccessDenied):
        services.voting_codes_issue(
            actor=coordinator_actor(world.colleague),
            budget_round=budget_round,
            resident_ids=[gladys.pk],
        )
    [(resident, code)] = services.voting_codes_issue(
        actor=coordinator_actor(world.coordinator),
        budget_round=budget_round,
        resident_ids=[gladys.pk],
    )
    assert resident == gladys
    stored = VotingCode.objects.get()
    assert code not in stored.code_hash and services.code_normalise(code) not in stored.code_hash
    assert stored.code_hash == services.code_hash(code.lower().replace("-", " "))
    logged = AccessLogEntry.objects.filter(event="budget.voting_codes.issue", outcome="granted")
    assert {(r.resident_id, r.purpose) for r in logged} == {(gladys.pk, Purpose.PARTICIPATION)}
    services.ballot_cast_with_code(budget_round=budget_round, code=code, proposal_ids=[garden.pk])
    services.ballot_cast_with_code(budget_round=budget_round, code=code, proposal_ids=[benches.pk])
    voter = Voter.objects.get()
    assert (voter.resident, voter.channel) == (gladys, Channel.PAPER)
    assert Ballot.objects.get().choices == [benches.pk]


def test_a_code_and_digid_are_one_ballot(world, voting):
    budget_round, benches, garden, _lights = voting
    [(_, code)] = services.voting_codes_issue(
        actor=coordinator_actor(world.coordinator),
        budget_round=budget_round,
        resident_ids=[world.resident.pk],
    )
    services.ballot_cast_with_code(budget_round=budget_round, code=code, proposal_ids=[garden.pk])
    services.ballot_cast(
        actor=resident_actor(world.resident), budget_round=budget_round, proposal_ids=[benches.pk]
    )
    assert Voter.objects.count() == 1
    assert Ballot.objects.count() == 1
    assert Voter.objects.get().channel == Channel.DIGID


def test_a_wrong_or_revoked_code_is_refused(world, voting):
    budget_round, benches, *_ = voting
    with pytest.raises(services.WrongCode):
        services.ballot_cast_with_code(
            budget_round=budget_round, code="AAAA-BBBB-CCCC", proposal_ids=[benches.pk]
        )
    actor = coordinator_actor(world.coordinator)
    [(_, code)] = services.voting_codes_issue(
        actor=actor, budget_round=budget_round, resident_ids=[world.resident.pk]
    )
    services.voting_code_revoke(
        actor=actor, budget_round=budget_round, code_id=VotingCode.objects.get().pk
    )
    with pytest.raises(services.WrongCode):
        services.ballot_cast_with_code(
            budget_round=budget_round, code=code, proposal_ids=[benches.pk]
        )


def test_codes_only_for_residents_who_may_vote(world, voting):
    budget_round, *_ = voting
    with pytest.raises(DomainError):
        services.voting_codes_issue(
            actor=coordinator_actor(world.coordinator),
            budget_round=budget_round,
            resident_ids=[world.other_resident.pk],
        )
    ids = set(selectors.eligible_residents(budget_round).values_list("pk", flat=True))
    assert world.resident.pk in ids
    assert world.other_resident.pk not in ids
    assert world.child.pk in ids  # the world's child was born in 1985 (an adult "child")


# --- The close ----------------------------------------------------------------------------------


def _three_votes(world, budget_round, benches, garden, lights):
    gladys = neighbour(world.household, "Gladys")
    elsewhere = f.NeighbourhoodFactory(district=budget_round.district, code="BU00809999")
    willem = resident_in(elsewhere, world.household.team, "Willem")
    services.ballot_cast(
        actor=resident_actor(world.resident),
        budget_round=budget_round,
        proposal_ids=[benches.pk, garden.pk],
    )
    services.ballot_cast(
        actor=resident_actor(gladys), budget_round=budget_round, proposal_ids=[garden.pk]
    )
    services.ballot_cast(
        actor=resident_actor(willem),
        budget_round=budget_round,
        proposal_ids=[lights.pk, benches.pk],
    )


def test_the_close_unlinks_voters_re_ids_ballots_and_stores_every_rule(world, voting):
    budget_round, benches, garden, lights = voting
    _three_votes(world, budget_round, benches, garden, lights)
    before = set(Ballot.objects.values_list("pk", flat=True))
    choices = sorted(tuple(c) for c in Ballot.objects.values_list("choices", flat=True))
    with pytest.raises(ConflictError):
        services.voting_close(
            actor=coordinator_actor(world.coordinator),
            budget_round=budget_round,
            expected_version=9,
        )
    with pytest.raises(gate.AccessDenied):
        services.voting_close(
            actor=coordinator_actor(world.colleague), budget_round=budget_round, expected_version=1
        )
    closed = services.voting_close(
        actor=coordinator_actor(world.coordinator), budget_round=budget_round, expected_version=1
    )
    assert (closed.phase, closed.version) == (Phase.RESULTS, 2)
    assert closed.voting_closed_at is not None
    assert Voter.objects.count() == 3
    assert not Voter.objects.filter(ballot__isnull=False).exists()
    after = set(Ballot.objects.values_list("pk", flat=True))
    assert len(after) == 3 and not (before & after)
    assert sorted(tuple(c) for c in Ballot.objects.values_list("choices", flat=True)) == choices
    results = {r.rule: r for r in RoundResult.objects.filter(round=budget_round)}
    assert set(results) == {"greedy", "mes", "mes-add1"}
    greedy = results["greedy"]
    assert greedy.ballots_count == 3
    # benches 2 votes, garden 2 votes (10k+30k), lights 1 vote (25k) does not fit in 50k
    assert set(greedy.selected) == {benches.pk, garden.pk}
    assert greedy.budget_used_cents == 4_000_000
    assert greedy.explanation["votes"][str(benches.pk)] == 2
    assert sum(results["mes-add1"].explanation["decided_by_group"].values()) == (
        results["mes-add1"].budget_used_cents
    )
    with pytest.raises(services.NotNow):
        services.voting_close(
            actor=coordinator_actor(world.coordinator), budget_round=closed, expected_version=2
        )
    with pytest.raises(services.NotNow):
        services.ballot_cast(
            actor=resident_actor(world.resident), budget_round=closed, proposal_ids=[benches.pk]
        )


def test_the_result_page_data_shows_both_rules_only_after_the_close(world, voting):
    budget_round, benches, garden, lights = voting
    _three_votes(world, budget_round, benches, garden, lights)
    assert selectors.round_results(budget_round) is None
    closed = services.voting_close(
        actor=coordinator_actor(world.coordinator), budget_round=budget_round, expected_version=1
    )
    shown = selectors.round_results(closed)
    assert shown is not None
    assert [r.rule for r in shown.rules] == ["greedy", "mes-add1"]
    assert [r.deciding for r in shown.rules] == [False, True]  # the round's rule: MES
    assert shown.ballots_count == 3
    assert {g.code for g in shown.groups} == {world.household.neighbourhood.code, "BU00809999"}
    assert all(p.reason for r in shown.rules for p in r.projects)


def test_no_ballot_in_the_admin(world):
    assert Ballot not in admin.site._registry
    assert Voter not in admin.site._registry


def test_demo_ballots_and_close(world, voting):
    budget_round, *_ = voting
    for name in ("Sandra", "Willem", "Hakan"):
        neighbour(world.household, name)
    cast = services.voting_demo(budget_round=budget_round, ballots=60)
    assert cast == Voter.objects.count() >= 4
    closed = services.voting_demo_close(budget_round=budget_round)
    assert closed.phase == Phase.RESULTS
    assert RoundResult.objects.filter(round=budget_round).count() == 3
    assert BudgetProposal.objects.filter(round=budget_round).count() == 3


def test_a_round_is_tallied_in_whole_euros_never_over_its_budget():
    from nabij.budgets.services_voting import tally_euros

    assert [tally_euros(c, up=True) for c in (1, 100, 101, 650_000)] == [1, 1, 2, 6_500]
    assert [tally_euros(c, up=False) for c in (99, 100, 199, 5_000_000)] == [0, 1, 1, 50_000]
