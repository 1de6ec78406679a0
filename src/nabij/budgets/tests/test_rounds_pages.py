"""The round's pages as each role sees them: anonymous visitors and residents (public pages,
nothing logged, names only with consent, no vote totals before the close), the district's team
and its coordinator; query counts that do not grow with the number of proposals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.budgets import selectors_rounds as selectors
from nabij.budgets import services_rounds as services
from nabij.budgets.models import BudgetRound, ExecutionStatus, Phase
from nabij.budgets.tests.rounds_world import (
    actor_of,
    png,
    private_media,  # noqa: F401 - autouse
    proposal,
    rounds_world,
)
from nabij.jobs.models import Job
from nabij.jobs.services import jobs_run_waiting

pytestmark = pytest.mark.django_db


def _public_round(world, phase=Phase.VOTING):
    rw = rounds_world(world, phase=phase)
    proposal(
        rw.round,
        1,
        status="feasible",
        cost_cents=250_000,
        check_reason="Kan.",
        author=world.resident,
        author_name_public=True,
    )
    proposal(
        rw.round,
        2,
        status="rejected",
        check_reason="Te duur voor de wijk.",
        author=world.other_resident,
        author_name_public=False,
    )
    proposal(rw.round, 3, status="withdrawn", withdrawn_reason="Al geregeld door de school.")
    return rw


def test_index_and_round_are_public_and_log_nothing(client, world):
    rw = _public_round(world)
    response = client.get(reverse("budgets:index"))
    assert response.status_code == 200
    assert rw.round.title in response.content.decode()
    page = client.get(reverse("budgets:round", args=[rw.round.pk])).content.decode()
    assert "Te duur voor de wijk." in page and "Al geregeld door de school." in page
    assert "Karima El Amrani" not in page  # names on the proposal page only, with consent
    assert "Gerrit" not in page
    assert 'aria-current="step"' in page
    assert AccessLogEntry.objects.count() == 0


def test_proposal_shows_a_name_only_with_consent(client, world):
    rw = _public_round(world)
    first, second = rw.round.proposals.order_by("number")[:2]
    page = client.get(reverse("budgets:proposal", args=[rw.round.pk, first.pk])).content.decode()
    assert "Karima El Amrani" in page
    page = client.get(reverse("budgets:proposal", args=[rw.round.pk, second.pk])).content.decode()
    assert "de Vries" not in page and "Te duur voor de wijk." in page


def test_a_round_in_preparation_is_not_public(client, world):
    rw = rounds_world(world, phase=Phase.DRAFT)
    assert client.get(reverse("budgets:round", args=[rw.round.pk])).status_code == 404
    assert rw.round.title not in client.get(reverse("budgets:index")).content.decode()


def test_menu_item_for_everyone(client, world):
    rounds_world(world)
    for who in (None, world.resident_user, world.broker.user):
        if who is not None:
            client.force_login(who)
        page = client.get(reverse("budgets:index")).content.decode()
        assert f'href="{reverse("budgets:index")}"' in page


def test_no_vote_totals_before_the_close(client, world):
    rw = _public_round(world)
    page = client.get(reverse("budgets:round", args=[rw.round.pk])).content.decode()
    assert "budgets/1/uitslag" not in page
    assert reverse("budgets:ballot", kwargs={"round_id": rw.round.pk}) in page


def test_photo_served_only_as_the_image_it_is(client, world):
    rw = rounds_world(world, phase=Phase.EXECUTION)
    p = proposal(rw.round, 1, status="feasible", execution_status=ExecutionStatus.PLANNED)
    services.execution_record(
        actor=actor_of(world.colleague),
        proposal=p,
        expected_version=1,
        data=services.ExecutionData(
            owner_name="Wijkbeheer",
            owner_initiative_id=None,
            budget_line_cents=100_000,
            status="in_progress",
            update_text="Begonnen",
            photo=services.read_photo(png()),
            photo_alt="Het veld",
        ),
    )
    update = p.updates.get()
    response = client.get(reverse("budgets:photo", args=[update.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == png()
    # a file changed behind Nabij's back into something else is never served
    with update.photo.storage.open(update.photo.name, "wb") as f:
        f.write(b"<script>alert(1)</script>")
    assert client.get(reverse("budgets:photo", args=[update.pk])).status_code == 404
    page = client.get(reverse("budgets:proposal", args=[rw.round.pk, p.pk])).content.decode()
    assert 'alt="Het veld"' in page and "Wijkbeheer" in page


def _team_urls(rw):
    code, r = rw.district.code, rw.round.pk
    return [
        reverse("budgets:manage", args=[code]),
        reverse("budgets:round_manage", args=[code, r]),
    ]


def test_team_pages_by_role(client, world):
    rw = _public_round(world, phase=Phase.CHECKING)
    for url in _team_urls(rw):
        client.force_login(world.colleague.user)
        assert client.get(url).status_code == 200
        for outsider in (world.other_coordinator, world.broker, world.analyst):
            client.force_login(outsider.user)
            assert client.get(url).status_code == 403
        client.force_login(world.resident_user)
        assert client.get(url).status_code == 403
        client.logout()
        assert client.get(url).status_code == 302
    assert AccessLogEntry.objects.filter(event="budgets.manage", outcome="refused").exists()
    client.force_login(world.colleague.user)
    assert client.get(reverse("budgets:round_create", args=[rw.district.code])).status_code == 403
    client.force_login(world.coordinator.user)
    assert client.get(reverse("budgets:round_create", args=[rw.district.code])).status_code == 200


def test_create_round_through_the_form(client, world):
    rw = rounds_world(world)
    client.force_login(world.coordinator.user)
    url = reverse("budgets:round_create", args=[rw.district.code])
    data = {
        "area": str(world.household.neighbourhood.pk),
        "year": rw.round.year,
        "title": "Buurtbudget buurt",
        "amount": "20.000",
        "proposals_from": "2026-01-10",
        "proposals_until": "2026-01-05",  # before the start: refused on its field
        "checking_until": "2026-03-01",
        "voting_from": "2026-03-05",
        "voting_until": "2026-03-20",
        "results_on": "2026-03-25",
        "deciding_rule": "greedy",
        "min_age": "16",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "de fasen volgen elkaar op" in response.content.decode()  # Dutch by default
    data["proposals_until"] = "2026-02-01"
    response = client.post(url, data)
    assert response.status_code == 302
    made = BudgetRound.objects.get(title="Buurtbudget buurt")
    assert made.amount_cents == 2_000_000 and made.neighbourhood == world.household.neighbourhood


def test_edit_with_a_stale_version_is_409_with_the_input_kept(client, world):
    rw = rounds_world(world)
    client.force_login(world.coordinator.user)
    url = reverse("budgets:round_edit", args=[rw.district.code, rw.round.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"area": "", "title": "Eerste", "amount": "50000"})
    for name in services.DATE_ORDER:
        data[name] = data[name].isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    data["title"] = "Tweede"  # still version 1
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this round" in page or "iemand anders" in page.lower()
    assert 'value="Tweede"' in page and 'name="version" value="2"' in page


def test_check_and_advance_through_the_pages(client, world):
    rw = _public_round(world, phase=Phase.CHECKING)
    waiting = proposal(rw.round, 4)
    client.force_login(world.colleague.user)
    url = reverse("budgets:proposal_check", args=[rw.district.code, rw.round.pk, waiting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": 1, "feasible": "yes", "cost": "", "reason": "Kan."})
    assert response.status_code == 400
    response = client.post(
        url, {"version": 1, "feasible": "yes", "cost": "1.250,50", "reason": "Kan."}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.cost_cents == 125_050
    advance = reverse("budgets:round_advance", args=[rw.district.code, rw.round.pk])
    assert client.post(advance, {"version": 1, "to": "voting"}).status_code == 403
    client.force_login(world.coordinator.user)
    assert client.post(advance, {"version": 1, "to": "voting"}).status_code == 302
    rw.round.refresh_from_db()
    assert rw.round.phase == Phase.VOTING
    assert client.post(advance, {"version": 1, "to": "results"}).status_code == 409
    assert not Job.objects.exists()
    # closing the vote counts the ballots in a background job; the page leads to it
    response = client.post(advance, {"version": rw.round.version, "to": "results"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    rw.round.refresh_from_db()
    assert rw.round.phase == Phase.VOTING
    assert jobs_run_waiting() == 1
    job.refresh_from_db()
    rw.round.refresh_from_db()
    assert job.state == Job.State.DONE, job.reason
    assert rw.round.phase == Phase.RESULTS and rw.round.voting_closed_at is not None
    manage = reverse("budgets:round_manage", args=[rw.district.code, rw.round.pk])
    assert job.result_url == manage
    assert manage in client.get(response.url).content.decode()
    # the job run again (a worker that stopped after the close): nothing changes
    Job.objects.filter(pk=job.pk).update(state=Job.State.WAITING)
    assert jobs_run_waiting() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert BudgetRound.objects.get(pk=rw.round.pk).version == rw.round.version


def test_round_page_queries_do_not_grow_with_proposals(client, world):
    rw = _public_round(world)
    url = reverse("budgets:round", args=[rw.round.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4, 24):
        proposal(
            rw.round,
            n,
            status="feasible",
            neighbourhood=world.household.neighbourhood,
            author=world.resident,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_selectors_query_counts(world, django_assert_num_queries):
    rw = _public_round(world, phase=Phase.EXECUTION)
    for n in range(4, 14):
        proposal(
            rw.round,
            n,
            status="feasible",
            execution_status=ExecutionStatus.IN_PROGRESS,
            budget_line_cents=10_000,
        )
    budget_round = selectors.public_round(rw.round.pk)
    with django_assert_num_queries(3):
        selectors.round_page(budget_round)  # proposals, neighbourhoods, district outline
    with django_assert_num_queries(3):
        page = selectors.manage_page(rw.district)
    assert len(page.updates_due) == 10
    with django_assert_num_queries(2):
        overview = selectors.district_overview(rw.district)
    assert len(overview.projects) == 10
    with django_assert_num_queries(1):
        block = selectors.account_projects(rw.district, rw.round.year)
    assert block["budget_line_cents"] == 100_000


def test_area_profile_and_account_show_the_projects(client, world):
    from nabij.reports.figures import account_figures

    rw = _public_round(world, phase=Phase.EXECUTION)
    proposal(
        rw.round,
        9,
        status="feasible",
        title="Moestuin",
        execution_status=ExecutionStatus.IN_PROGRESS,
        budget_line_cents=1_250_000,
        spent_cents=300_000,
    )
    client.force_login(world.analyst.user)
    page = client.get(reverse("outcomes:profile", args=[rw.district.code])).content.decode()
    assert "Moestuin" in page and "12.500,00" in page and rw.round.title in page
    block = account_figures(rw.district, rw.round.year)["budget_projects"]
    assert block["budget_line_cents"] == 1_250_000 and block["spent_cents"] == 300_000
    assert block["projects"][0]["title"] == "Moestuin"
