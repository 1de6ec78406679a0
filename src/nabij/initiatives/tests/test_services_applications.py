"""Applications and the right to challenge: transitions, deadlines, deciders by amount, reasons,
versions and the bookings of a grant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from nabij.access.gate import AccessDenied, Actor
from nabij.access.models import AccessLogEntry
from nabij.core.errors import ConflictError, DomainError
from nabij.initiatives import services_applications as services
from nabij.initiatives.models import Application, Challenge, FundingEntry
from nabij.initiatives.services_applications import Decision
from nabij.initiatives.tests.helpers_applications import (
    actor_of,
    apply,
    challenge,
    initiative_world,
)

pytestmark = pytest.mark.django_db
LIMIT = 2_500_00


@pytest.fixture
def s(world):
    return initiative_world(world)


def grant(amount: int | None = None, reason: str = "Past bij het gebiedsplan.") -> Decision:
    if amount is None:
        return Decision(services.GRANT_FULL, reason)
    return Decision(services.GRANT_PART, reason, amount)


# --- Submitting ---------------------------------------------------------------------------------


@override_settings(INITIATIVES_DECISION_DAYS=28, INITIATIVES_DECISION_DAYS_LARGE=56)
def test_the_decision_date_follows_the_amount(s):
    today = timezone.localdate()
    small = apply(s, LIMIT)  # the limit itself is still the coordinator's
    large = apply(s, LIMIT + 1)
    assert small.decide_by == today + dt.timedelta(days=28)
    assert large.decide_by == today + dt.timedelta(days=56)
    assert small.status == Application.Status.SUBMITTED
    assert small.submitted_by == s.world.resident


def test_a_submission_is_logged_as_the_residents_own_act(s):
    application = apply(s)
    row = AccessLogEntry.objects.get(event="initiatives.application.create")
    assert (row.outcome, row.purpose, row.resident_id) == (
        "granted",
        "participation",
        s.world.resident.pk,
    )
    assert str(application.pk) in row.detail


def test_only_a_contact_person_applies(s):
    gerrit = Actor(user=s.world.resident_user, professional=None, resident=s.world.other_resident)
    for actor in (gerrit, actor_of(s.world.coordinator)):
        with pytest.raises(AccessDenied):
            services.application_submit(
                actor=actor,
                initiative=s.initiative,
                kind="subsidy",
                amount_cents=100,
                purpose="x",
                year=timezone.localdate().year,
            )
    assert not Application.objects.exists()
    assert AccessLogEntry.objects.filter(outcome="refused").count() == 2


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("amount", {"amount_cents": 0}),
        ("amount", {"amount_cents": services.MAX_APPLICATION_CENTS + 1}),
        ("purpose", {"purpose": "   "}),
        ("purpose", {"purpose": "x" * 2001}),
        ("year", {"year": 2000}),
        ("kind", {"kind": "loan"}),
    ],
)
def test_bad_input_names_its_field(s, field, kwargs):
    data = {
        "kind": "subsidy",
        "amount_cents": 100,
        "purpose": "Koken",
        "year": timezone.localdate().year,
        **kwargs,
    }
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=s.karima, initiative=s.initiative, **data)
    assert field in exc.value.message_dict


def test_an_ended_initiative_does_not_apply(s):
    s.initiative.status = "ended"
    s.initiative.save()
    with pytest.raises(DomainError):
        apply(s)


# --- Deciding -----------------------------------------------------------------------------------


@override_settings(INITIATIVES_COORDINATOR_LIMIT_CENTS=LIMIT)
def test_the_coordinator_grants_a_small_application_and_it_is_booked(s):
    application = apply(s, 50_000, kind="area_fund")
    done = services.application_decide(
        actor=actor_of(s.world.coordinator),
        application=application,
        expected_version=1,
        decision=grant(),
    )
    assert (done.status, done.granted_cents, done.version) == ("granted", 50_000, 2)
    assert done.decided_by == s.world.coordinator.user
    entry = FundingEntry.objects.get(application=done)
    assert (entry.source, entry.amount_cents, entry.year) == (
        "area_fund",
        50_000,
        application.year,
    )


@override_settings(INITIATIVES_COORDINATOR_LIMIT_CENTS=LIMIT)
def test_a_part_of_a_subsidy_is_booked_as_subsidy(s):
    application = apply(s, 80_000, kind="subsidy")
    services.application_decide(
        actor=actor_of(s.world.coordinator),
        application=application,
        expected_version=1,
        decision=grant(30_000),
    )
    entry = FundingEntry.objects.get(application=application)
    assert (entry.source, entry.amount_cents) == ("subsidy", 30_000)


@override_settings(INITIATIVES_COORDINATOR_LIMIT_CENTS=LIMIT)
def test_a_refusal_books_nothing_and_keeps_its_reason(s):
    application = apply(s)
    done = services.application_decide(
        actor=actor_of(s.world.coordinator),
        application=application,
        expected_version=1,
        decision=Decision(services.REFUSE, "Het geld voor dit jaar is op."),
    )
    assert (done.status, done.granted_cents) == ("refused", None)
    assert done.decision_reason == "Het geld voor dit jaar is op."
    assert not FundingEntry.objects.exists()


@pytest.mark.parametrize(
    "decision",
    [
        Decision(services.REFUSE, "  "),
        Decision(services.GRANT_FULL, ""),
        Decision(services.GRANT_PART, "Deels", None),
        Decision(services.GRANT_PART, "Deels", 0),
        Decision(services.GRANT_PART, "Deels", 50_000),  # not less than asked
        Decision("maybe", "Hm"),
    ],
)
def test_a_decision_needs_a_reason_and_a_sound_part(s, decision):
    application = apply(s, 50_000)
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=actor_of(s.world.coordinator),
            application=application,
            expected_version=1,
            decision=decision,
        )
    application.refresh_from_db()
    assert application.status == "submitted" and application.version == 1


@override_settings(INITIATIVES_COORDINATOR_LIMIT_CENTS=LIMIT)
def test_above_the_limit_the_coordinator_is_refused_and_told_why(s):
    application = apply(s, LIMIT + 1)
    with pytest.raises(AccessDenied, match="functionele beheerder"):
        services.application_decide(
            actor=actor_of(s.world.coordinator),
            application=application,
            expected_version=1,
            decision=grant(),
        )
    assert AccessLogEntry.objects.filter(
        event="initiatives.application.decide", outcome="refused"
    ).exists()
    done = services.application_decide(
        actor=actor_of(s.world.administrator),
        application=application,
        expected_version=1,
        decision=grant(),
    )
    assert done.status == "granted"


@override_settings(INITIATIVES_COORDINATOR_LIMIT_CENTS=LIMIT)
def test_up_to_the_limit_the_administrator_does_not_decide(s):
    """One decider per application: small ones stay with the district's coordinator."""
    application = apply(s, LIMIT)
    with pytest.raises(AccessDenied, match="coördinator van een team"):
        services.application_decide(
            actor=actor_of(s.world.administrator),
            application=application,
            expected_version=1,
            decision=grant(),
        )


@pytest.mark.parametrize("who", ["other_coordinator", "assigned", "colleague", "analyst", "broker"])
def test_nobody_else_decides(s, who):
    application = apply(s)
    with pytest.raises(AccessDenied):
        services.application_decide(
            actor=actor_of(s.world.by_key(who)),
            application=application,
            expected_version=1,
            decision=grant(),
        )


def test_a_stale_version_is_a_conflict_and_a_decision_is_final(s):
    application = apply(s)
    coordinator = actor_of(s.world.coordinator)
    services.application_decide(
        actor=coordinator, application=application, expected_version=1, decision=grant()
    )
    with pytest.raises(ConflictError):
        services.application_decide(
            actor=coordinator, application=application, expected_version=1, decision=grant()
        )
    with pytest.raises(DomainError):
        services.application_decide(
            actor=coordinator, application=application, expected_version=2, decision=grant()
        )
    assert FundingEntry.objects.count() == 1


# --- Withdrawing and accounting ----------------------------------------------------------------


def test_the_contact_withdraws_an_open_application_only(s):
    application = apply(s)
    done = services.application_withdraw(
        actor=s.karima, application=application, expected_version=1
    )
    assert (done.status, done.version) == ("withdrawn", 2)
    with pytest.raises(DomainError):
        services.application_decide(
            actor=actor_of(s.world.coordinator),
            application=done,
            expected_version=2,
            decision=grant(),
        )
    with pytest.raises(AccessDenied):
        services.application_withdraw(
            actor=actor_of(s.world.coordinator), application=done, expected_version=2
        )


def test_light_accountability_after_a_grant(s):
    application = apply(s)
    with pytest.raises(DomainError):  # nothing granted yet
        services.application_account(
            actor=s.karima, application=application, expected_version=1, story="x", figures={}
        )
    services.application_decide(
        actor=actor_of(s.world.coordinator),
        application=application,
        expected_version=1,
        decision=grant(),
    )
    with pytest.raises(ValidationError) as exc:
        services.application_account(
            actor=s.karima,
            application=application,
            expected_version=2,
            story="",
            figures={"people_reached": -1},
        )
    assert set(exc.value.message_dict) == {"story", "people_reached"}
    done = services.application_account(
        actor=s.karima,
        application=application,
        expected_version=2,
        story="Elke dinsdag koken we met twintig buren.",
        figures={"people_reached": 20, "activities": 12, "volunteers": 5, "hours": None},
    )
    assert done.figures == {"people_reached": 20, "activities": 12, "volunteers": 5}
    assert done.accounted_at is not None and done.version == 3
    with pytest.raises(AccessDenied):
        services.application_account(
            actor=actor_of(s.world.coordinator),
            application=done,
            expected_version=3,
            story="x",
            figures={},
        )


# --- The right to challenge ---------------------------------------------------------------------


@override_settings(INITIATIVES_CHALLENGE_DECISION_DAYS=56)
def test_a_challenge_starts_with_its_first_step(s):
    c = challenge(s)
    assert c.decide_by == timezone.localdate() + dt.timedelta(days=56)
    assert list(c.steps.values_list("status", flat=True)) == ["submitted"]


def test_the_coordinator_moves_a_challenge_to_a_decision(s):
    c = challenge(s)
    coordinator = actor_of(s.world.coordinator)
    assert services.challenge_next_steps(c) == ["in_review", "refused"]
    later = c.decide_by + dt.timedelta(days=30)
    c = services.challenge_step(
        actor=coordinator, challenge=c, expected_version=1, to="in_review", note="We kijken."
    )
    c = services.challenge_step(
        actor=coordinator,
        challenge=c,
        expected_version=2,
        to="in_talks",
        note="Gesprek op 3 juni.",
        decide_by=later,
    )
    assert c.decide_by == later
    c = services.challenge_step(
        actor=coordinator,
        challenge=c,
        expected_version=3,
        to="granted",
        note="De coöperatie doet het groen vanaf juli.",
    )
    assert (c.status, c.decision_reason) == ("granted", "De coöperatie doet het groen vanaf juli.")
    assert c.decided_by == s.world.coordinator.user
    assert list(c.steps.values_list("status", flat=True)) == [
        "submitted",
        "in_review",
        "in_talks",
        "granted",
    ]
    assert services.challenge_next_steps(c) == []


@pytest.mark.parametrize(
    ("to", "note", "decide_by", "field"),
    [
        ("in_talks", "Te vroeg", None, "to"),  # not from submitted
        ("refused", "", None, "note"),  # a decision needs its reason
        ("in_review", "", None, "note"),
        ("withdrawn", "Weg", None, "to"),  # the initiative withdraws, not the coordinator
        ("in_review", "Later", "past", "decide_by"),
        ("refused", "Nee", "later", "decide_by"),
    ],
)
def test_a_step_out_of_order_or_without_a_note_is_refused(s, to, note, decide_by, field):
    c = challenge(s)
    day = {
        None: None,
        "past": timezone.localdate() - dt.timedelta(days=1),
        "later": c.decide_by + dt.timedelta(days=10),
    }[decide_by]
    with pytest.raises((ValidationError, DomainError)) as exc:
        services.challenge_step(
            actor=actor_of(s.world.coordinator),
            challenge=c,
            expected_version=1,
            to=to,
            note=note,
            decide_by=day,
        )
    error = exc.value
    names = set(error.message_dict) if isinstance(error, ValidationError) else {error.field}
    assert field in names
    c.refresh_from_db()
    assert c.status == "submitted" and c.steps.count() == 1


def test_only_the_districts_coordinator_moves_a_challenge(s):
    c = challenge(s)
    for who in ("other_coordinator", "assigned", "administrator"):
        with pytest.raises(AccessDenied):
            services.challenge_step(
                actor=actor_of(s.world.by_key(who)),
                challenge=c,
                expected_version=1,
                to="in_review",
                note="x",
            )
    with pytest.raises(AccessDenied):
        services.challenge_step(
            actor=s.karima, challenge=c, expected_version=1, to="in_review", note="x"
        )


def test_the_initiative_withdraws_its_challenge_and_versions_are_checked(s):
    c = challenge(s)
    services.challenge_step(
        actor=actor_of(s.world.coordinator),
        challenge=c,
        expected_version=1,
        to="in_review",
        note="We kijken.",
    )
    with pytest.raises(ConflictError):
        services.challenge_withdraw(actor=s.karima, challenge=c, expected_version=1)
    done = services.challenge_withdraw(
        actor=s.karima, challenge=c, expected_version=2, note="We stoppen."
    )
    assert done.status == Challenge.Status.WITHDRAWN
    assert done.steps.last().note == "We stoppen."
    with pytest.raises(DomainError):
        services.challenge_withdraw(actor=s.karima, challenge=done, expected_version=3)


def test_challenge_input_is_checked(s):
    with pytest.raises(ValidationError) as exc:
        services.challenge_submit(
            actor=s.karima,
            initiative=s.initiative,
            task="",
            plan="",
            budget_cents=0,
            current_cost_cents=-5,
        )
    assert set(exc.value.message_dict) == {"task", "plan", "budget", "current_cost"}
