"""The municipality's side of a round: creating and changing it, its phases, the check of a
proposal, and carrying out the selected projects."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from nabij.access.gate import AccessDenied
from nabij.access.models import AccessLogEntry
from nabij.budgets import services_rounds as services
from nabij.budgets.models import BudgetRound, ExecutionStatus, Phase, RoundResult
from nabij.budgets.tests.rounds_world import (
    DAY,
    YEAR,
    actor_of,
    png,
    private_media,  # noqa: F401 - autouse
    proposal,
    round_data,
    rounds_world,
)
from nabij.core.errors import ConflictError, DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages below are matched in English, whatever language another test left on."""
    with translation.override("en"):
        yield


def test_create_needs_the_mandate_of_the_district(world):
    rw = rounds_world(world)
    with pytest.raises(AccessDenied):
        services.round_create(
            actor=actor_of(world.colleague), district=rw.district, data=round_data(year=YEAR + 1)
        )
    with pytest.raises(AccessDenied):
        services.round_create(
            actor=actor_of(world.other_coordinator),
            district=rw.district,
            data=round_data(year=YEAR + 1),
        )
    assert (
        AccessLogEntry.objects.filter(event="budgets.round.create", outcome="refused").count() == 2
    )
    assert rw.round.phase == Phase.PROPOSALS and rw.round.created_by == world.coordinator.user


@pytest.mark.parametrize(
    "field", ["proposals_until", "checking_until", "voting_from", "voting_until", "results_on"]
)
def test_dates_must_follow_each_other(world, field):
    rw = rounds_world(world)
    data = round_data(year=YEAR + 1)
    earlier = services.DATE_ORDER[services.DATE_ORDER.index(field) - 1]
    wrong = round_data(year=YEAR + 1, **{field: getattr(data, earlier) - DAY})
    with pytest.raises(DomainError) as caught:
        services.round_create(actor=actor_of(world.coordinator), district=rw.district, data=wrong)
    assert caught.value.field == field


def test_one_round_per_area_and_year_and_a_neighbourhood_of_the_district(world):
    rw = rounds_world(world)
    with pytest.raises(DomainError) as caught:
        services.round_create(
            actor=actor_of(world.coordinator), district=rw.district, data=round_data()
        )
    assert caught.value.field == "year"
    foreign = world.other_household.neighbourhood
    with pytest.raises(DomainError) as caught:
        services.round_create(
            actor=actor_of(world.coordinator),
            district=rw.district,
            data=round_data(year=YEAR + 1, neighbourhood_id=foreign.pk),
        )
    assert caught.value.field == "area"
    hood = services.round_create(
        actor=actor_of(world.coordinator),
        district=rw.district,
        data=round_data(neighbourhood_id=world.household.neighbourhood.pk),
    )
    assert hood.area_name == world.household.neighbourhood.name


def test_update_checks_the_version_and_fixes_the_rules_once_voting_starts(world):
    rw = rounds_world(world)
    coordinator = actor_of(world.coordinator)
    services.round_update(
        actor=coordinator,
        budget_round=rw.round,
        expected_version=1,
        data=round_data(amount_cents=6_000_000),
    )
    assert rw.round.version == 2 and rw.round.amount_cents == 6_000_000
    with pytest.raises(ConflictError):
        services.round_update(
            actor=coordinator, budget_round=rw.round, expected_version=1, data=round_data()
        )
    BudgetRound.objects.filter(pk=rw.round.pk).update(phase=Phase.VOTING)
    rw.round.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        services.round_update(
            actor=coordinator, budget_round=rw.round, expected_version=2, data=round_data()
        )
    assert caught.value.field == "amount"
    services.round_update(
        actor=coordinator,
        budget_round=rw.round,
        expected_version=2,
        data=round_data(amount_cents=6_000_000, title="Nieuwe naam"),
    )
    assert rw.round.title == "Nieuwe naam"


def _advance(rw, to, version=None, who=None):
    return services.round_advance(
        actor=actor_of(who or rw.w.coordinator),
        budget_round=rw.round,
        expected_version=rw.round.version if version is None else version,
        to=to,
    )


def test_phases_move_one_step_at_a_time_with_their_checks(world):
    rw = rounds_world(world, phase=Phase.DRAFT)
    with pytest.raises(DomainError):
        _advance(rw, Phase.CHECKING)  # skipping a phase
    with pytest.raises(AccessDenied):
        _advance(rw, Phase.PROPOSALS, who=world.colleague)
    _advance(rw, Phase.PROPOSALS)
    _advance(rw, Phase.CHECKING)
    with pytest.raises(DomainError, match="feasible"):
        _advance(rw, Phase.VOTING)  # nothing on the ballot
    waiting = proposal(rw.round, 1)
    feasible = proposal(rw.round, 2, status="feasible")
    with pytest.raises(DomainError, match="1"):
        _advance(rw, Phase.VOTING)  # one still unchecked
    services.proposal_check(
        actor=actor_of(world.colleague),
        proposal=waiting,
        expected_version=waiting.version,
        feasible=False,
        cost_cents=None,
        reason="Kan niet.",
    )
    with pytest.raises(ConflictError):
        _advance(rw, Phase.VOTING, version=rw.round.version - 1)
    _advance(rw, Phase.VOTING)
    assert rw.round.phase == Phase.VOTING
    _advance(rw, Phase.RESULTS)  # the voting helper's close: results under every rule
    assert rw.round.phase == Phase.RESULTS and rw.round.voting_closed_at is not None
    assert RoundResult.objects.filter(round=rw.round).count() == 3
    _advance(rw, Phase.EXECUTION)
    feasible.refresh_from_db()
    waiting.refresh_from_db()
    # no ballots: nothing selected, so nothing goes into execution
    assert feasible.execution_status == "" and waiting.execution_status == ""
    _advance(rw, Phase.FINISHED)


def test_execution_starts_for_the_deciding_rules_projects(world):
    rw = rounds_world(world, phase=Phase.RESULTS)
    won = proposal(rw.round, 1, status="feasible", cost_cents=120_000)
    lost = proposal(rw.round, 2, status="feasible")
    RoundResult.objects.create(
        round=rw.round, rule="mes-add1", selected=[won.pk], budget_used_cents=1, ballots_count=3
    )
    RoundResult.objects.create(
        round=rw.round, rule="greedy", selected=[lost.pk], budget_used_cents=1, ballots_count=3
    )
    _advance(rw, Phase.EXECUTION)
    won.refresh_from_db()
    lost.refresh_from_db()
    assert won.execution_status == ExecutionStatus.PLANNED and won.budget_line_cents == 120_000
    assert lost.execution_status == ""
    with pytest.raises(DomainError, match="1"):
        _advance(rw, Phase.FINISHED)  # a project is still open


def test_check_needs_reasons_a_cost_when_feasible_and_the_right_phase(world):
    rw = rounds_world(world, phase=Phase.CHECKING)
    p = proposal(rw.round, 1)
    team = actor_of(world.assigned)
    with pytest.raises(DomainError) as caught:
        services.proposal_check(
            actor=team, proposal=p, expected_version=1, feasible=True, cost_cents=None, reason="Ja"
        )
    assert caught.value.field == "cost"
    with pytest.raises(DomainError) as caught:
        services.proposal_check(
            actor=team, proposal=p, expected_version=1, feasible=False, cost_cents=None, reason=" "
        )
    assert caught.value.field == "reason"
    with pytest.raises(AccessDenied):
        services.proposal_check(
            actor=actor_of(world.other_professional),
            proposal=p,
            expected_version=1,
            feasible=False,
            cost_cents=None,
            reason="Nee",
        )
    services.proposal_check(
        actor=team, proposal=p, expected_version=1, feasible=True, cost_cents=90_000, reason="Kan."
    )
    assert (p.status, p.cost_cents, p.version, p.checked_by) == (
        "feasible",
        90_000,
        2,
        world.assigned.user,
    )
    with pytest.raises(ConflictError):
        services.proposal_check(
            actor=team, proposal=p, expected_version=1, feasible=False, cost_cents=None, reason="x"
        )
    withdrawn = proposal(rw.round, 2, status="withdrawn")
    with pytest.raises(DomainError, match="withdrawn"):
        services.proposal_check(
            actor=team,
            proposal=withdrawn,
            expected_version=1,
            feasible=False,
            cost_cents=None,
            reason="x",
        )
    BudgetRound.objects.filter(pk=rw.round.pk).update(phase=Phase.VOTING)
    with pytest.raises(DomainError, match="before the vote"):
        services.proposal_check(
            actor=team, proposal=p, expected_version=2, feasible=False, cost_cents=None, reason="x"
        )


def _execution(**changes):
    values = {
        "owner_name": "Wijkbeheer",
        "owner_initiative_id": None,
        "budget_line_cents": 100_000,
        "status": ExecutionStatus.IN_PROGRESS,
    }
    values.update(changes)
    return services.ExecutionData(**values)


def test_execution_with_an_update_a_photo_and_a_close(world):
    rw = rounds_world(world, phase=Phase.EXECUTION)
    p = proposal(rw.round, 1, status="feasible", execution_status=ExecutionStatus.PLANNED)
    team = actor_of(world.colleague)
    photo = services.read_photo(png())
    with pytest.raises(DomainError) as caught:
        services.execution_record(
            actor=team,
            proposal=p,
            expected_version=1,
            data=_execution(photo=photo, update_text="Begonnen"),
        )
    assert caught.value.field == "photo_alt"
    services.execution_record(
        actor=team,
        proposal=p,
        expected_version=1,
        data=_execution(
            photo=photo, photo_alt="Een bankje", update_text="Begonnen", spent_cents=40_000
        ),
    )
    update = p.updates.get()
    assert update.photo.name.startswith("buurtbudget/") and update.photo.name.endswith(".png")
    assert not default_storage.exists(update.photo.name)  # never under MEDIA_ROOT
    assert update.photo.storage.exists(update.photo.name)
    assert p.spent_cents == 40_000 and p.version == 2
    with pytest.raises(ConflictError):
        services.execution_record(actor=team, proposal=p, expected_version=1, data=_execution())
    with pytest.raises(DomainError) as caught:
        services.execution_record(
            actor=team, proposal=p, expected_version=2, data=_execution(status="planned")
        )
    assert caught.value.field == "status"
    with pytest.raises(DomainError) as caught:
        services.execution_record(
            actor=team, proposal=p, expected_version=2, data=_execution(status="delivered")
        )
    assert caught.value.field == "delivered"
    services.execution_record(
        actor=team,
        proposal=p,
        expected_version=2,
        data=_execution(status="delivered", delivered="Drie bankjes staan er."),
    )
    assert p.closed_at is not None and p.delivered == "Drie bankjes staan er."
    with pytest.raises(DomainError, match="closed"):
        services.execution_record(
            actor=team,
            proposal=p,
            expected_version=3,
            data=_execution(status="delivered", delivered="x"),
        )


def test_execution_refuses_an_initiative_of_another_district_and_no_owner(world):
    from nabij.initiatives.models import Initiative, LegalForm

    rw = rounds_world(world, phase=Phase.EXECUTION)
    p = proposal(rw.round, 1, status="feasible", execution_status=ExecutionStatus.PLANNED)
    elsewhere = Initiative.objects.create(
        name="Elders",
        purpose="x",
        district=rw.other_district,
        legal_form=LegalForm.INFORMAL,
        created_by=world.coordinator.user,
    )
    team = actor_of(world.colleague)
    with pytest.raises(DomainError) as caught:
        services.execution_record(
            actor=team, proposal=p, expected_version=1, data=_execution(owner_name="")
        )
    assert caught.value.field == "owner_name"
    with pytest.raises(DomainError) as caught:
        services.execution_record(
            actor=team,
            proposal=p,
            expected_version=1,
            data=_execution(owner_name="", owner_initiative_id=elsewhere.pk),
        )
    assert caught.value.field == "owner_initiative"


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b"GIF89a" + b"\0" * 40,
        png(fmt="GIF"),
        png(fmt="BMP"),
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
    ids=["text", "fake-gif", "gif", "bmp", "svg"],
)
def test_only_jpeg_png_and_webp_photos(data):
    with pytest.raises(DomainError) as caught:
        services.read_photo(data)
    assert caught.value.field == "photo"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_photo_formats_accepted(fmt):
    assert services.read_photo(png(fmt=fmt)).content_type.startswith("image/")


def test_photo_size_limit():
    with pytest.raises(DomainError) as caught:
        services.read_photo(b"\0" * (services.PHOTO_MAX_BYTES + 1))
    assert caught.value.field == "photo" and "5 MB" in str(caught.value)
