"""Residents' budget pages through HTTP: propose, vote, vote with a code, the coordinator's
codes, and the result (with no totals anywhere before the close)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.models import AccessLogEntry, Purpose
from nabij.budgets import services_voting as services
from nabij.budgets.models import Ballot, BudgetProposal, Phase, Voter, VotingCode
from nabij.budgets.tests.voting_world import (
    coordinator_actor,
    make_round,
    neighbour,
    project,
    resident_actor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(world):
    district = world.household.neighbourhood.district
    world.household.team.districts.add(district)
    budget_round = make_round(district, world.coordinator.user)
    benches = project(budget_round, "Bankjes bij de speeltuin", 1_000_000)
    garden = project(budget_round, "Moestuin", 3_000_000)
    lights = project(budget_round, "Lampen in het park", 2_500_000)
    return budget_round, benches, garden, lights


@pytest.fixture
def as_karima(client, world):
    client.force_login(world.resident_user)
    return client


def test_the_ballot_page_in_b1_with_the_budget(as_karima, voting):
    budget_round, *_ = voting
    response = as_karima.get(reverse("budgets:ballot", args=[budget_round.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kies de plannen die jij goed vindt." in text
    assert "Samen mogen ze niet meer kosten dan" in text
    assert "€ 50.000" in text
    assert 'data-cost="1000000"' in text


def test_voting_and_changing_through_the_page(as_karima, world, voting):
    budget_round, benches, garden, lights = voting
    url = reverse("budgets:ballot", args=[budget_round.pk])
    response = as_karima.post(url, {"action": "vote", "choices": [benches.pk, garden.pk]})
    assert response.status_code == 302
    page = as_karima.get(url).content.decode()
    assert re.search(rf'value="{benches.pk}" id="choice-{benches.pk}"[^>]*checked', page)
    assert not re.search(rf'value="{lights.pk}" id="choice-{lights.pk}"[^>]*checked', page)
    response = as_karima.post(url, {"action": "vote", "choices": [lights.pk]})
    assert response.status_code == 302
    assert Ballot.objects.get().choices == [lights.pk]


def test_over_the_budget_the_page_says_so_and_saves_nothing(as_karima, voting):
    budget_round, benches, garden, lights = voting
    url = reverse("budgets:ballot", args=[budget_round.pk])
    chosen = {"choices": [benches.pk, garden.pk, lights.pk]}
    counted = as_karima.post(url, {"action": "count", **chosen})
    assert counted.status_code == 200
    assert "te veel" in counted.content.decode()
    response = as_karima.post(url, {"action": "vote", **chosen})
    assert response.status_code == 400
    assert "meer dan het budget" in response.content.decode()
    assert not Ballot.objects.exists()


def test_voting_after_the_phase_is_a_409(as_karima, voting):
    budget_round, benches, *_ = voting
    budget_round.phase = Phase.RESULTS
    budget_round.save()
    url = reverse("budgets:ballot", args=[budget_round.pk])
    assert as_karima.get(url).status_code == 200
    assert as_karima.post(url, {"action": "vote", "choices": [benches.pk]}).status_code == 409


def test_anonymous_goes_to_the_digid_login(client, voting):
    budget_round, *_ = voting
    response = client.get(reverse("budgets:ballot", args=[budget_round.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_another_district_is_refused(client, world, voting):
    budget_round, *_ = voting
    client.force_login(resident_actor(world.other_resident).account)
    response = client.get(reverse("budgets:ballot", args=[budget_round.pk]))
    assert response.status_code == 403


def test_the_ballot_page_reads_a_fixed_number_of_queries(as_karima, voting):
    budget_round, *_ = voting
    url = reverse("budgets:ballot", args=[budget_round.pk])
    as_karima.get(url)
    with CaptureQueriesContext(connection) as few:
        as_karima.get(url)
    for i in range(10):
        project(budget_round, f"Plan {i}", 100_000)
    with CaptureQueriesContext(connection) as many:
        as_karima.get(url)
    assert len(many) == len(few)


def test_a_proposal_through_the_form(as_karima, world, voting):
    budget_round, *_ = voting
    budget_round.phase = Phase.PROPOSALS
    budget_round.save()
    url = reverse("budgets:proposal_create", args=[budget_round.pk])
    assert as_karima.get(url).status_code == 200
    response = as_karima.post(
        url,
        {
            "title": "Bloembakken",
            "description": "Bloemen langs de Heechterp.",
            "cost_estimate": "1250,50",
            "neighbourhood": world.household.neighbourhood.code,
            "name_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = BudgetProposal.objects.get(title="Bloembakken")
    assert (proposal.number, proposal.cost_estimate_cents) == (4, 125_050)
    assert proposal.neighbourhood == world.household.neighbourhood
    rows = AccessLogEntry.objects.filter(event="budget.proposal.submit")
    assert [(r.outcome, r.resident_id) for r in rows] == [("granted", world.resident.pk)]


def test_a_proposal_outside_its_phase_is_a_409(as_karima, voting):
    budget_round, *_ = voting
    url = reverse("budgets:proposal_create", args=[budget_round.pk])
    page = as_karima.get(url)
    assert page.status_code == 200
    assert "Je kunt nu geen plan insturen." in page.content.decode()
    response = as_karima.post(url, {"title": "X", "description": "Y", "cost_estimate": "10"})
    assert response.status_code == 409


def test_a_code_vote_on_the_public_page_and_a_throttle(client, world, voting, settings):
    budget_round, benches, *_ = voting
    [(_, code)] = services.voting_codes_issue(
        actor=coordinator_actor(world.coordinator),
        budget_round=budget_round,
        resident_ids=[world.resident.pk],
    )
    url = reverse("budgets:ballot_code", args=[budget_round.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "vote", "code": code.lower(), "choices": [benches.pk]})
    assert response.status_code == 200
    assert "Je stem is opgeslagen" in response.content.decode()
    assert Voter.objects.get().resident == world.resident
    settings.LOGIN_MAX_FAILURES = 1  # four wrong codes per address
    statuses = [
        client.post(
            url, {"action": "vote", "code": "AAAA-BBBB-CCCC", "choices": [benches.pk]}
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]


def test_the_coordinator_lists_residents_and_prints_letters_once(client, world, voting):
    budget_round, *_ = voting
    gladys = neighbour(world.household, "Gladys")
    client.force_login(world.coordinator.user)
    code = budget_round.district.code
    url = reverse("budgets:voting_codes", args=[code, budget_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    listed = AccessLogEntry.objects.filter(event="budget.voting_codes.list", outcome="granted")
    assert {world.resident.pk, gladys.pk} <= {r.resident_id for r in listed}
    assert {r.purpose for r in listed} == {Purpose.PARTICIPATION}
    response = client.post(url, {"action": "issue", "residents": [gladys.pk]})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gladys Buur" in text
    shown = re.search(r'class="letter__code">([A-Z0-9-]+)<', text)
    assert shown is not None
    assert VotingCode.objects.get().code_hash == services.code_hash(shown.group(1))
    assert shown.group(1) not in client.get(url).content.decode()
    revoke = client.post(url, {"action": "revoke", "code_id": VotingCode.objects.get().pk})
    assert revoke.status_code == 302
    assert VotingCode.objects.get().revoked_at is not None


def test_a_colleague_gets_no_codes_page(client, world, voting):
    budget_round, *_ = voting
    client.force_login(world.colleague.user)
    url = reverse("budgets:voting_codes", args=[budget_round.district.code, budget_round.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"action": "issue", "residents": [world.resident.pk]}).status_code == 403
    )
    assert not VotingCode.objects.exists()


def _digits_of_votes(text: str) -> list[str]:
    return re.findall(r"\d+ stem(?:men)?\b", text)


def test_no_totals_anywhere_before_the_close_and_both_rules_after(client, world, voting):
    budget_round, benches, garden, _lights = voting
    for name, choice in (("Gladys", benches), ("Sandra", garden), ("Willem", benches)):
        services.ballot_cast(
            actor=resident_actor(neighbour(world.household, name)),
            budget_round=budget_round,
            proposal_ids=[choice.pk],
        )
    results = reverse("budgets:results", args=[budget_round.pk])
    before = client.get(results).content.decode()
    assert "De uitslag komt na" in before
    assert not _digits_of_votes(before)
    client.force_login(world.resident_user)
    ballot = client.get(reverse("budgets:ballot", args=[budget_round.pk])).content.decode()
    assert not _digits_of_votes(ballot)
    client.logout()
    services.voting_close(
        actor=coordinator_actor(world.coordinator), budget_round=budget_round, expected_version=1
    )
    after = client.get(results)
    assert after.status_code == 200
    text = after.content.decode()
    assert "Meeste stemmen eerst" in text
    assert "Methode van gelijke delen" in text
    assert "beslist" in text
    assert "2 stemmen" in text
    assert "3 bewoners hebben gestemd" in text
