"""One ballot per person per round, also when the same person's first votes arrive at the same
moment (two browser tabs, a DigiD vote and a code). PostgreSQL only: SQLite writes one at a
time, so it cannot race."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from nabij.budgets import services_voting as services
from nabij.budgets.models import Ballot, Voter
from nabij.budgets.tests.voting_world import (
    coordinator_actor,
    make_round,
    neighbour,
    project,
    resident_actor,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _together(calls):
    """Run the calls in threads released at the same moment; return their exceptions."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_two_simultaneous_first_votes_leave_one_voter_and_one_ballot(world):
    district = world.household.neighbourhood.district
    world.household.team.districts.add(district)
    budget_round = make_round(district, world.coordinator.user)
    benches = project(budget_round, "Bankjes", 1_000_000)
    garden = project(budget_round, "Moestuin", 2_000_000)
    residents = [neighbour(world.household, f"Buur{i}") for i in range(5)]
    for resident in residents:
        actor = resident_actor(resident)
        errors = _together(
            [
                lambda a=actor: services.ballot_cast(
                    actor=a, budget_round=budget_round, proposal_ids=[benches.pk]
                ),
                lambda a=actor: services.ballot_cast(
                    actor=a, budget_round=budget_round, proposal_ids=[garden.pk]
                ),
            ]
        )
        assert not errors, errors
        assert Voter.objects.filter(resident=resident).count() == 1
    assert Ballot.objects.count() == len(residents)
    assert Voter.objects.filter(ballot__isnull=True).count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_code_vote_and_a_digid_vote_at_once_are_one_ballot(world):
    district = world.household.neighbourhood.district
    world.household.team.districts.add(district)
    budget_round = make_round(district, world.coordinator.user)
    benches = project(budget_round, "Bankjes", 1_000_000)
    [(_, code)] = services.voting_codes_issue(
        actor=coordinator_actor(world.coordinator),
        budget_round=budget_round,
        resident_ids=[world.resident.pk],
    )
    actor = resident_actor(world.resident)
    errors = _together(
        [
            lambda: services.ballot_cast(
                actor=actor, budget_round=budget_round, proposal_ids=[benches.pk]
            ),
            lambda: services.ballot_cast_with_code(
                budget_round=budget_round, code=code, proposal_ids=[benches.pk]
            ),
        ]
    )
    assert not errors, errors
    assert Voter.objects.count() == 1
    assert Ballot.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_votes_during_the_close_are_counted_or_refused_never_lost(world):
    district = world.household.neighbourhood.district
    world.household.team.districts.add(district)
    budget_round = make_round(district, world.coordinator.user)
    benches = project(budget_round, "Bankjes", 1_000_000)
    residents = [neighbour(world.household, f"Stemmer{i}") for i in range(6)]
    actors = [resident_actor(r) for r in residents]
    calls = [
        lambda a=actor: services.ballot_cast(
            actor=a, budget_round=budget_round, proposal_ids=[benches.pk]
        )
        for actor in actors
    ]
    calls.append(
        lambda: services.voting_close(
            actor=coordinator_actor(world.coordinator),
            budget_round=budget_round,
            expected_version=1,
        )
    )
    errors = _together(calls)
    assert all(isinstance(e, services.NotNow) for e in errors), errors
    # every vote that got in is in the result; no voter keeps a link to a ballot
    assert Ballot.objects.count() == Voter.objects.count() == len(residents) - len(errors)
    assert not Voter.objects.filter(ballot__isnull=False).exists()
