"""The pages of applications and challenges, per role: the contact person (DigiD), another
resident, the district's team, its coordinator, the administrator and anonymous visitors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nabij.access.digid import resident_user_for_bsn
from nabij.access.models import AccessLogEntry
from nabij.initiatives import services_applications as services
from nabij.initiatives.models import Application, Challenge, FundingEntry
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


def as_karima(client, s):
    client.force_login(s.world.resident_user)
    return client


def as_gerrit(client, s):
    client.force_login(resident_user_for_bsn(None, s.world.other_resident.bsn))
    return client


def url(name, *args):
    return reverse(f"initiatives:{name}", args=args)


# --- Applying -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, s):
    application = apply(s)
    response = client.get(url("apply", s.initiative.pk))
    assert response.status_code == 302 and response["Location"].startswith("/mijn/inloggen/")
    response = client.get(url("application", s.initiative.pk, application.pk))
    assert response.status_code == 302 and "inloggen" in response["Location"]


def test_the_contact_applies_in_plain_words(client, s):
    c = as_karima(client, s)
    page = c.get(url("apply", s.initiative.pk))
    assert page.status_code == 200
    assert b"Mijn Nabij" in page.content  # the resident's own frame
    response = c.post(
        url("apply", s.initiative.pk),
        {
            "kind": "subsidy",
            "amount": "450,50",
            "purpose": "Pannen",
            "year": timezone.localdate().year,
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("application", s.initiative.pk, application.pk)
    assert application.amount_cents == 45_050
    detail = c.get(response["Location"])
    assert detail.status_code == 200
    assert application.decide_by.strftime("%Y").encode() in detail.content


def test_bad_input_comes_back_with_the_errors(client, s):
    c = as_karima(client, s)
    response = c.post(
        url("apply", s.initiative.pk),
        {"kind": "subsidy", "amount": "0", "purpose": "", "year": "1999"},
    )
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert not Application.objects.exists()


def test_another_resident_is_refused_with_a_reason_and_logged(client, s):
    application = apply(s)
    c = as_gerrit(client, s)
    for target in (
        url("apply", s.initiative.pk),
        url("application", s.initiative.pk, application.pk),
        url("account", s.initiative.pk, application.pk),
        url("challenge_create", s.initiative.pk),
    ):
        response = c.get(target)
        assert response.status_code == 403, target
    response = c.post(url("application_withdraw", s.initiative.pk, application.pk), {"version": 1})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted"
    assert (
        AccessLogEntry.objects.filter(
            outcome="refused", resident_id=s.world.other_resident.pk
        ).count()
        == 5
    )


def test_an_application_of_another_initiative_is_not_found(client, s):
    application = apply(s)
    c = as_karima(client, s)
    assert c.get(url("application", s.initiative.pk + 1, application.pk)).status_code == 404
    # beyond 64 bits the URL does not resolve at all (the range-checked <id:> converter)
    beyond = f"/initiatieven/{s.initiative.pk}/aanvragen/{2**70}/"
    assert c.get(beyond).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("assigned", 200),
        ("colleague", 200),
        ("coordinator", 200),
        ("other_coordinator", 403),
        ("other_professional", 403),
        ("broker", 403),
        ("analyst", 403),
        ("administrator", 403),  # a small one: not theirs to decide, no team in the district
    ],
)
def test_who_reads_an_application(client, s, who, status):
    application = apply(s)
    client.force_login(s.world.by_key(who).user)
    assert client.get(url("application", s.initiative.pk, application.pk)).status_code == status


# --- Deciding -----------------------------------------------------------------------------------


@override_settings(INITIATIVES_COORDINATOR_LIMIT_CENTS=LIMIT)
def test_the_coordinator_decides_and_the_contact_sees_it(client, s):
    application = apply(s)
    client.force_login(s.world.coordinator.user)
    page = client.get(url("decide", s.initiative.pk, application.pk))
    assert page.status_code == 200
    response = client.post(
        url("decide", s.initiative.pk, application.pk),
        {"version": 1, "grant": "part", "granted": "300", "reason": "Voor de pannen."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.granted_cents) == ("granted", 30_000)
    assert FundingEntry.objects.filter(application=application, source="area_fund").exists()
    c = as_karima(client, s)
    page = c.get(url("application", s.initiative.pk, application.pk))
    assert "Voor de pannen." in page.content.decode()


@override_settings(INITIATIVES_COORDINATOR_LIMIT_CENTS=LIMIT)
def test_over_the_limit_the_coordinator_gets_a_clear_403(client, s):
    application = apply(s, LIMIT + 100)
    client.force_login(s.world.coordinator.user)
    for response in (
        client.get(url("decide", s.initiative.pk, application.pk)),
        client.post(
            url("decide", s.initiative.pk, application.pk),
            {"version": 1, "grant": "full", "reason": "Ja"},
        ),
    ):
        assert response.status_code == 403
        assert "functionele beheerder" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    client.force_login(s.world.administrator.user)
    assert client.get(url("application", s.initiative.pk, application.pk)).status_code == 200
    response = client.post(
        url("decide", s.initiative.pk, application.pk),
        {"version": 1, "grant": "refuse", "reason": "Past niet in de regeling."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "refused"


def test_a_stale_decision_is_a_409_that_keeps_the_input(client, s):
    application = apply(s)
    services.application_withdraw(actor=s.karima, application=application, expected_version=1)
    client.force_login(s.world.coordinator.user)
    response = client.post(
        url("decide", s.initiative.pk, application.pk),
        {"version": 1, "grant": "full", "reason": "Mijn reden"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mijn reden" in body and 'value="2"' in body


def test_a_decision_without_a_reason_is_a_400(client, s):
    application = apply(s)
    client.force_login(s.world.coordinator.user)
    response = client.post(
        url("decide", s.initiative.pk, application.pk), {"version": 1, "grant": "refuse"}
    )
    assert response.status_code == 400


def test_the_contact_withdraws_and_accounts(client, s):
    first = apply(s)
    c = as_karima(client, s)
    response = c.post(url("application_withdraw", s.initiative.pk, first.pk), {"version": 1})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "withdrawn"
    second = apply(s)
    services.application_decide(
        actor=actor_of(s.world.coordinator),
        application=second,
        expected_version=1,
        decision=services.Decision(services.GRANT_FULL, "Goed plan."),
    )
    assert c.get(url("account", s.initiative.pk, second.pk)).status_code == 200
    response = c.post(
        url("account", s.initiative.pk, second.pk),
        {"version": 2, "story": "Twaalf kookavonden.", "people_reached": "40", "activities": "12"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.figures == {"people_reached": 40, "activities": 12}


def test_the_application_page_costs_a_fixed_number_of_queries(client, s):
    application = apply(s)
    client.force_login(s.world.coordinator.user)
    target = url("application", s.initiative.pk, application.pk)
    client.get(target)
    with CaptureQueriesContext(connection) as few:
        client.get(target)
    for _ in range(5):
        apply(s)
    with CaptureQueriesContext(connection) as more:
        client.get(target)
    assert len(more) == len(few) <= 20


# --- Challenges ---------------------------------------------------------------------------------


def test_the_public_follows_a_challenge_without_unconsented_names(client, s):
    c = challenge(s)
    services.challenge_step(
        actor=actor_of(s.world.coordinator),
        challenge=c,
        expected_version=1,
        to="refused",
        note="De gemeente heeft een contract tot 2027.",
    )
    for target in (url("challenges"), url("challenge", c.pk)):
        response = client.get(target)
        assert response.status_code == 200
        assert "El Amrani" not in response.content.decode()
    body = client.get(url("challenge", c.pk)).content.decode()
    assert "De gemeente heeft een contract tot 2027." in body
    assert client.get(url("challenge", 999_999)).status_code == 404
    assert client.post(url("challenges")).status_code == 405
    assert not AccessLogEntry.objects.filter(
        event__startswith="initiatives.challenge.step"
    ).exists()


def test_a_consenting_contact_is_named(client, world):
    s = initiative_world(world, name_public=True)
    c = challenge(s)
    assert "Karima El Amrani" in client.get(url("challenge", c.pk)).content.decode()


def test_the_contact_challenges_and_the_coordinator_takes_steps(client, s):
    k = as_karima(client, s)
    response = k.post(
        url("challenge_create", s.initiative.pk),
        {"task": "Buurtgroen", "plan": "Wij maaien.", "budget": "15000", "current_cost": ""},
    )
    assert response.status_code == 302
    c = Challenge.objects.get()
    assert c.current_cost_cents is None
    client.force_login(s.world.other_coordinator.user)
    assert client.get(url("challenge_step", c.pk)).status_code == 403
    client.force_login(s.world.coordinator.user)
    page = client.get(url("challenge_step", c.pk))
    assert page.status_code == 200
    response = client.post(
        url("challenge_step", c.pk), {"version": 1, "to": "in_review", "note": "We kijken."}
    )
    assert response.status_code == 302
    response = client.post(
        url("challenge_step", c.pk), {"version": 1, "to": "in_talks", "note": "Te laat"}
    )
    assert response.status_code == 409
    public = client.get(url("challenge", c.pk)).content.decode()
    assert "We kijken." in public


def test_the_challenge_list_costs_a_fixed_number_of_queries(client, s):
    challenge(s)
    client.get(url("challenges"))
    with CaptureQueriesContext(connection) as few:
        client.get(url("challenges"))
    for _ in range(4):
        challenge(s)
    with CaptureQueriesContext(connection) as more:
        client.get(url("challenges"))
    assert len(more) == len(few)


# --- The partials on the register's pages ------------------------------------------------------


def test_the_partials_show_decisions_and_the_district_queue(rf, s):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    application = apply(s)
    overdue = apply(s)
    Application.objects.filter(pk=overdue.pk).update(
        decide_by=timezone.localdate() - timezone.timedelta(days=2)
    )
    services.application_decide(
        actor=actor_of(s.world.coordinator),
        application=application,
        expected_version=1,
        decision=services.Decision(services.REFUSE, "Geen geld meer dit jaar."),
    )
    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string(
        "initiatives/_applications_public.html", {"initiative": s.initiative, "request": request}
    )
    assert "Geen geld meer dit jaar." in html
    assert url("application", s.initiative.pk, application.pk) not in html  # anonymous
    request.user = s.world.coordinator.user
    html = render_to_string(
        "initiatives/_district_applications.html",
        {"district": s.initiative.district, "request": request},
    )
    assert "Te laat" in html or "Overdue" in html
    assert url("decide", s.initiative.pk, overdue.pk) in html
    html = render_to_string(
        "initiatives/_challenges_public.html", {"initiative": s.initiative, "request": request}
    )
    assert "uitdaag" in html.lower() or "challenge" in html.lower()
