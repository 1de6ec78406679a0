import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from nabij.access.enums import Event
from nabij.access.models import AccessLogEntry
from nabij.core.errors import ConflictError, DomainError
from nabij.funds.tests.helpers import actor_of
from nabij.plans.models import Goal
from nabij.signals import selectors_outreach as selectors
from nabij.signals import services_outreach as services
from nabij.signals.models import Case, OutreachAttempt
from nabij.signals.selectors_outreach import due_status
from nabij.signals.tests.helpers import a_case
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_CHRISTMAS = dt.date(2026, 12, 18)


def test_a_case_opened_on_the_friday_before_christmas_is_due_after_the_holidays(world):
    with override_settings(SIGNALS_OUTREACH_WORKING_DAYS=5):
        case = a_case(world.household, today=FRIDAY_BEFORE_CHRISTMAS)
    # Mon 21, Tue 22, Wed 23, Thu 24, (Fri 25, Sat 26 Christmas, Sun 27), Mon 28
    assert case.due_on == dt.date(2026, 12, 28)


def test_due_status_in_working_days():
    due = dt.date(2026, 12, 28)  # a Monday
    assert due_status(due, dt.date(2026, 12, 23)).label == "nog 2 werkdagen"  # Thu 24, Mon 28
    assert due_status(due, due).label == "vandaag"
    late = due_status(due, dt.date(2026, 12, 30))
    assert late.overdue and late.working_days == 2 and late.label == "2 werkdagen te laat"
    weekend = due_status(dt.date(2026, 12, 4), dt.date(2026, 12, 5))  # Friday due, Saturday
    assert weekend.overdue and weekend.label == "te laat"


def test_a_case_with_first_contact_is_never_late():
    """The deadline is for the first contact: once made, the case is on time, whatever the date."""
    met = due_status(dt.date(2026, 12, 4), dt.date(2026, 12, 30), contacted=True)
    assert not met.overdue and met.label == "eerste contact gemaakt"


def test_the_list_shows_the_team_strongest_first_with_overdue_marked(
    world, login, django_assert_max_num_queries
):
    today = timezone.localdate()
    weak_big = a_case(world.household, today=today - dt.timedelta(days=60), arrears_cents=900_000)
    other = f.HouseholdFactory(name="Huishouden Bakker", team=world.household.team)
    strong = a_case(other, today=today, creditors=("Woonstad", "Vitens"), arrears_cents=10_000)
    third = f.HouseholdFactory(name="Huishouden Visser", team=world.household.team)
    small = a_case(third, today=today, arrears_cents=5_000)
    a_case(world.other_household, today=today)  # team B's: not on team A's list
    client = login(world.colleague)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("signals_outreach:list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.case.pk for r in rows] == [strong.pk, weak_big.pk, small.pk]
    assert rows[1].due.overdue
    body = response.content.decode()
    assert "Huishouden Bakker" in body and "Huishouden De Vries" not in body
    listed = AccessLogEntry.objects.filter(event=Event.SIGNALS_OUTREACH_LIST, outcome="granted")
    assert world.resident.pk in set(listed.values_list("resident_id", flat=True))


def test_the_list_costs_the_same_queries_for_more_cases(world, login, django_assert_num_queries):
    today = timezone.localdate()
    client = login(world.coordinator)
    a_case(world.household, today=today)
    client.get(reverse("signals_outreach:list"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("signals_outreach:list"))
    for _ in range(5):
        h = f.HouseholdFactory(team=world.household.team)
        f.MembershipFactory(household=h, resident=f.ResidentFactory())
        a_case(h, today=today)
    with CaptureQueriesContext(connection) as six:
        response = client.get(reverse("signals_outreach:list"))
    assert len(response.context["rows"]) == 6
    assert len(six) == len(one)


def test_others_cannot_see_a_case(world, login):
    case = a_case(world.household, today=timezone.localdate())
    for who in (world.other_coordinator, world.other_professional, world.analyst, world.broker):
        assert login(who).get(reverse("signals_outreach:case", args=[case.pk])).status_code == 404
    refused = AccessLogEntry.objects.filter(event=Event.SIGNALS_CASE_VIEW, outcome="refused")
    assert world.resident.pk in set(refused.values_list("resident_id", flat=True))
    response = login(world.colleague).get(reverse("signals_outreach:case", args=[case.pk]))
    assert response.status_code == 200
    assert response.context["page"].may_open_dossier is False  # not assigned: no file link
    response = login(world.assigned).get(reverse("signals_outreach:case", args=[case.pk]))
    assert response.context["page"].may_open_dossier is True


def test_attempts_set_the_first_contact_and_a_stale_form_is_refused(world):
    today = timezone.localdate()
    case = a_case(world.household, today=today - dt.timedelta(days=10))
    actor = actor_of(world.assigned)
    services.attempt_record(
        actor=actor,
        case=case,
        expected_version=case.version,
        made_on=today - dt.timedelta(days=5),
        channel="letter",
        reached=False,
        note="",
        today=today,
    )
    with pytest.raises(ConflictError):  # the version this form saw is gone
        services.attempt_record(
            actor=actor,
            case=case,
            expected_version=case.version,
            made_on=today,
            channel="door",
            reached=True,
            note="",
            today=today,
        )
    case.refresh_from_db()
    services.attempt_record(
        actor=actor,
        case=case,
        expected_version=case.version,
        made_on=today - dt.timedelta(days=1),
        channel="door",
        reached=True,
        note="Gesproken met Karima",
        today=today,
    )
    case.refresh_from_db()
    services.attempt_record(
        actor=actor,
        case=case,
        expected_version=case.version,
        made_on=today - dt.timedelta(days=3),
        channel="phone",
        reached=True,
        note="",
        today=today,
    )
    case.refresh_from_db()
    assert case.first_contact_on == today - dt.timedelta(days=3)  # the earliest reached attempt
    with pytest.raises(DomainError):
        services.attempt_record(
            actor=actor,
            case=case,
            expected_version=case.version,
            made_on=today + dt.timedelta(days=1),
            channel="door",
            reached=False,
            note="",
            today=today,
        )


@override_settings(SIGNALS_MAX_ATTEMPTS=3)
def test_not_reached_needs_n_attempts(world):
    today = timezone.localdate()
    case = a_case(world.household, today=today - dt.timedelta(days=20))
    actor = actor_of(world.assigned)
    for _ in range(2):
        services.attempt_record(
            actor=actor,
            case=case,
            expected_version=case.version,
            made_on=today,
            channel="door",
            reached=False,
            note="",
            today=today,
        )
        case.refresh_from_db()
    with pytest.raises(DomainError, match="na 3 pogingen"):
        services.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            outcome="not_reached",
            goal_text="",
            today=today,
        )
    with pytest.raises(DomainError):  # never reached: no "help not needed" either
        services.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            outcome="not_needed",
            goal_text="",
            today=today,
        )
    services.attempt_record(
        actor=actor,
        case=case,
        expected_version=case.version,
        made_on=today,
        channel="letter",
        reached=False,
        note="",
        today=today,
    )
    case.refresh_from_db()
    closed = services.case_close(
        actor=actor,
        case=case,
        expected_version=case.version,
        outcome="not_reached",
        goal_text="",
        today=today,
    )
    assert closed.state == Case.State.CLOSED and closed.outcome == "not_reached"
    assert closed.first_contact_on is None
    with pytest.raises(DomainError, match="al afgesloten"):
        services.case_close(
            actor=actor,
            case=closed,
            expected_version=closed.version,
            outcome="not_needed",
            goal_text="",
            today=today,
        )


def test_help_accepted_becomes_a_goal_in_the_households_words(world, login):
    today = timezone.localdate()
    case = a_case(world.household, today=today - dt.timedelta(days=3))
    client = login(world.coordinator)
    url = reverse("signals_outreach:attempt", args=[case.pk])
    response = client.post(
        url,
        {"version": case.version, "made_on": today.isoformat(), "channel": "door", "reached": "on"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    close_url = reverse("signals_outreach:close", args=[case.pk])
    missing = client.post(close_url, {"close-version": case.version, "close-outcome": "accepted"})
    assert missing.status_code == 400  # the goal in their words is asked for
    stale = client.post(
        close_url,
        {"close-version": case.version - 1, "close-outcome": "accepted", "close-goal_text": "Rust"},
    )
    assert stale.status_code == 409
    assert "Iemand anders heeft deze zaak gewijzigd" in stale.content.decode()
    response = client.post(
        close_url,
        {
            "close-version": case.version,
            "close-outcome": "accepted",
            "close-goal_text": "Wij willen weer rust over de huur",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "accepted" and case.first_contact_on == today
    goal = case.goal
    assert goal is not None and goal.text == "Wij willen weer rust over de huur"
    assert goal.author == Goal.Author.HOUSEHOLD and goal.plan.household_id == world.household.pk
    assert OutreachAttempt.objects.filter(case=case).count() == 1
    assert AccessLogEntry.objects.filter(
        event=Event.SIGNALS_CASE_CLOSE, outcome="granted", resident_id=world.resident.pk
    ).exists()


def test_a_refused_post_changes_nothing(world, login):
    case = a_case(world.household, today=timezone.localdate())
    response = login(world.other_coordinator).post(
        reverse("signals_outreach:attempt", args=[case.pk]),
        {"version": case.version, "made_on": timezone.localdate().isoformat(), "channel": "door"},
    )
    assert response.status_code == 404
    assert not OutreachAttempt.objects.exists()


def test_bad_input_is_a_clear_error_not_a_500(world, login):
    case = a_case(world.household, today=timezone.localdate())
    client = login(world.assigned)
    response = client.post(
        reverse("signals_outreach:attempt", args=[case.pk]),
        {"version": "x", "made_on": "gisteren", "channel": "duif"},
    )
    assert response.status_code == 400
    assert client.get("/vroegsignalering/99999999999999999999/").status_code == 404
    assert client.get(reverse("signals_outreach:case", args=[case.pk + 1000])).status_code == 404


def test_selectors_refuse_roles_without_cases(world):
    from nabij.access.gate import AccessDenied

    with pytest.raises(AccessDenied):
        selectors.team_cases(actor_of(world.analyst), today=timezone.localdate())
