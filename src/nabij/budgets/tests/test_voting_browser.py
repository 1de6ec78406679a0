"""The issue's walk in Chromium: a resident proposes a plan (placed on the map); after the
municipality's check three residents vote (Karima in the browser, on a phone's width); the vote
closes; the result page shows both rules. axe-core finds no WCAG 2.1 AA violation on the
proposal form, the ballot or the result."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from nabij.budgets import services_voting as services
from nabij.budgets.models import Ballot, BudgetProposal, Phase, ProposalStatus, Voter
from nabij.budgets.tests.voting_world import (
    coordinator_actor,
    make_round,
    neighbour,
    project,
    resident_actor,
)
from nabij.tests.browser import (  # noqa: F401 - browser_page: the fixture `page` uses it
    assert_accessible,
    browser_page,
    resident_log_in,
    screenshot,
)

pytestmark = pytest.mark.browser

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.80, 53.19], [5.83, 53.19], [5.83, 53.21], [5.80, 53.21], [5.80, 53.19]]],
}


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("browser_page")


def _both_widths(page: Any, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{name} {width}")
        screenshot(page, f"voting-{name}-{width}")


def test_propose_check_vote_close_and_the_result(page, live_server, world):
    neighbourhood = world.household.neighbourhood
    neighbourhood.boundary = SQUARE
    neighbourhood.save()
    district = neighbourhood.district
    world.household.team.districts.add(district)
    budget_round = make_round(district, world.coordinator.user, phase=Phase.PROPOSALS)
    garden = project(budget_round, "Moestuin bij de school", 3_000_000)
    lights = project(budget_round, "Lampen in het park", 2_500_000)

    # 1. Karima proposes, on a phone.
    page.set_viewport_size({"width": 390, "height": 900})
    resident_log_in(page, live_server.url, world.resident.bsn)
    page.goto(f"{live_server.url}/buurtbudget/{budget_round.pk}/voorstellen/nieuw/")
    page.locator("#id_title").fill("Bankjes bij de speeltuin")
    page.locator("#id_description").fill("Drie bankjes, zodat ouders kunnen zitten.")
    page.locator("#id_cost_estimate").fill("9500")
    page.locator(".proposal-map__svg").click()
    assert page.locator("#id_latitude").input_value() != ""
    assert page.locator("#id_neighbourhood").input_value() == neighbourhood.code
    page.locator("#id_name_public").check()
    _both_widths(page, "proposal")
    page.get_by_role("button", name="Stuur mijn plan in").click()
    page.wait_for_load_state()
    benches = BudgetProposal.objects.get(title="Bankjes bij de speeltuin")
    assert benches.author == world.resident
    assert benches.neighbourhood == neighbourhood and benches.latitude is not None

    # 2. The municipality's check (the rounds' service is not here yet: through the model).
    benches.status = ProposalStatus.FEASIBLE
    benches.cost_cents = 1_000_000
    benches.check_reason = "Kan, op grond van de gemeente."
    benches.checked_at = timezone.now()
    benches.save()
    budget_round.phase = Phase.VOTING
    budget_round.save()

    # 3. Three residents vote: Karima in the browser, two others through the services.
    page.goto(f"{live_server.url}/buurtbudget/{budget_round.pk}/stemmen/")
    assert "Kies de plannen die jij goed vindt." in page.locator("main").inner_text()
    page.locator(f"#choice-{benches.pk}").check()
    page.locator(f"#choice-{garden.pk}").check()
    total = page.locator("[data-total]").inner_text()
    assert re.sub(r"\s", " ", total) == "€ 40.000", total
    page.locator(f"#choice-{lights.pk}").check()
    assert "te veel" in page.locator("[data-left]").inner_text()
    page.locator(f"#choice-{lights.pk}").uncheck()
    _both_widths(page, "ballot")
    page.get_by_role("button", name="Stem", exact=True).click()
    page.wait_for_url(re.compile(r"/stemmen/$"))
    assert "Je stem is opgeslagen" in page.locator("main").inner_text()
    assert page.locator(f"#choice-{benches.pk}").is_checked()
    gladys = neighbour(world.household, "Gladys")
    willem = neighbour(world.household, "Willem")
    services.ballot_cast(
        actor=resident_actor(gladys), budget_round=budget_round, proposal_ids=[lights.pk]
    )
    services.ballot_cast(
        actor=resident_actor(willem),
        budget_round=budget_round,
        proposal_ids=[lights.pk, benches.pk],
    )
    assert Voter.objects.filter(round=budget_round).count() == 3

    # Before the close the result page shows no totals.
    page.goto(f"{live_server.url}/buurtbudget/{budget_round.pk}/uitslag/")
    assert "De uitslag komt na" in page.locator("main").inner_text()

    # 4. The close, and the result by both rules.
    budget_round.refresh_from_db()
    services.voting_close(
        actor=coordinator_actor(world.coordinator),
        budget_round=budget_round,
        expected_version=budget_round.version,
    )
    assert not Voter.objects.filter(ballot__isnull=False).exists()
    assert Ballot.objects.filter(round=budget_round).count() == 3
    page.goto(f"{live_server.url}/buurtbudget/{budget_round.pk}/uitslag/")
    main = page.locator("main").inner_text()
    assert "Meeste stemmen eerst" in main
    assert "Methode van gelijke delen" in main
    assert "beslist" in main
    assert "3 bewoners hebben gestemd" in main
    _both_widths(page, "results")
