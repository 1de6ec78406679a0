"""The pages: a referrer sees only date, own reference and status of their own referrals, never a
dossier, a caseload, an API token or a referral's content; the team takes it on through the
pages; the dossier shows the referral to the household's case roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.access.services import api_token_create
from nabij.core.errors import DomainError
from nabij.referrals import services
from nabij.referrals.models import Referral
from nabij.referrals.tests.conftest import actor_of, karima_input
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

WORRY = "Noor komt vaak zonder ontbijt op school."


def test_the_referrer_sees_status_only(client, referral, world):
    client.force_login(world.referrer.user)
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "klas 1B" in page and "Ontvangen" in page
    for secret in (WORRY, "Karima", "El Amrani", world.household.team.name):
        assert secret not in page
    # after contact: "contact made", and still nothing more
    lead = actor_of(world.coordinator)
    services.referral_accept_existing(
        actor=lead,
        referral=referral,
        expected_version=1,
        household_id=world.household.pk,
        coordinator_id=world.assigned.pk,
    )
    services.referral_contact(
        actor=lead, referral=referral, expected_version=2, contact_on=timezone.localdate()
    )
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "Contact gemaakt" in page
    for secret in (WORRY, "Karima", world.household.name, str(world.assigned)):
        assert secret not in page


def test_another_referrer_sees_none_of_it(client, referral, world):
    other = f.ProfessionalFactory(
        referrer=True, organisation=f.OrganisationFactory(kind="gp_practice")
    )
    client.force_login(other.user)
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "klas 1B" not in page
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["referrals:detail", "referrals:accept", "referrals:refer_on"],
)
def test_the_referrer_never_reads_a_referral_back(client, referral, world, name):
    client.force_login(world.referrer.user)
    assert client.get(reverse(name, args=[referral.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(username="referrer", outcome="refused").exists()


def test_the_referrer_is_refused_every_case_file(client, world):
    client.force_login(world.referrer.user)
    h, r = world.household.pk, world.resident.pk
    assert client.get(reverse("people:household_detail", args=[h])).status_code == 404
    assert client.get(reverse("people:resident_detail", args=[r])).status_code == 404
    assert client.get(reverse("people:caseload")).status_code == 403
    assert client.get(reverse("referrals:queue")).status_code == 403
    assert client.get(reverse("access:tokens")).status_code == 403
    assert client.get(reverse("outcomes:index")).status_code == 403
    assert client.get(reverse("costs:prices")).status_code == 403
    assert client.get(reverse("funds:index")).status_code == 403
    assert client.get("/beheer/").status_code in (302, 403)
    assert client.get(reverse("core:home")).url == reverse("referrals:mine")


def test_referrers_get_no_token(world):
    with pytest.raises(DomainError):
        api_token_create(user=world.referrer.user, name="x")


def test_a_referrer_logs_in_with_two_factors(world):
    from nabij.access.two_factor import second_factor_required

    assert second_factor_required(world.referrer.user)


def test_the_form_shows_errors_in_a_summary(client, team_area):
    client.force_login(team_area.referrer.user)
    response = client.post(reverse("referrals:new"), {"basis": "consent", "urgency": "normal"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page and 'href="#id_consent_on"' in page
    assert not Referral.objects.exists()


def test_the_form_sends_a_referral(client, team_area):
    client.force_login(team_area.referrer.user)
    address = team_area.household.address
    response = client.post(
        reverse("referrals:new"),
        {
            "first_name": "Ilse",
            "last_name": "Bouma",
            "postcode": address.postcode.replace(" ", "").lower(),
            "house_number": "99",
            "worry": "Daan is veel afwezig.",
            "basis": "meldcode",
            "urgency": "urgent",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.team == team_area.household.team and referral.urgency == "urgent"


def test_the_queue_lists_urgent_first_in_few_queries(
    client, team_area, django_assert_max_num_queries
):
    referrer = actor_of(team_area.referrer)
    normal = services.referral_submit(actor=referrer, data=karima_input(team_area))
    for _ in range(4):
        services.referral_submit(actor=referrer, data=karima_input(team_area))
    urgent = services.referral_submit(
        actor=referrer, data=karima_input(team_area, urgency="urgent", first_name="Noor")
    )
    client.force_login(team_area.coordinator.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("referrals:queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(f"/wijkteam/verwijzingen/{urgent.pk}/") < page.index(
        f"/wijkteam/verwijzingen/{normal.pk}/"
    )
    # another team's coordinator sees none of them
    client.force_login(team_area.other_coordinator.user)
    assert "Karima" not in client.get(reverse("referrals:queue")).content.decode()
    assert client.get(reverse("referrals:detail", args=[urgent.pk])).status_code == 404


def test_take_on_through_the_page_and_the_dossier_shows_it(client, referral, world):
    client.force_login(world.coordinator.user)
    url = reverse("referrals:accept", args=[referral.pk])
    page = client.get(url).content.decode()
    assert world.household.name in page  # the register's proposal at the address
    response = client.post(
        url,
        {
            "mode": "existing",
            "existing-version": 1,
            "existing-household": world.household.pk,
            "existing-coordinator": world.assigned.pk,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.household_id == world.household.pk
    # stale: a second take-on with the old version changes nothing
    again = client.post(
        url,
        {
            "mode": "existing",
            "existing-version": 1,
            "existing-household": world.household.pk,
            "existing-coordinator": world.assigned.pk,
        },
    )
    assert again.status_code == 302  # already taken on: back to the referral
    client.force_login(world.assigned.user)
    dossier = client.get(reverse("people:household_detail", args=[world.household.pk]))
    text = dossier.content.decode()
    assert WORRY in text and world.referrer.organisation.name in text
    assert "Wmo 2015" in text  # the legal basis from the register of processing
    response = client.post(
        reverse("referrals:contact", args=[referral.pk]),
        {"version": 1, "contact_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 409  # the version it saw is stale
    response = client.post(
        reverse("referrals:contact", args=[referral.pk]),
        {"version": 2, "contact_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 400  # a date in the future
    response = client.post(
        reverse("referrals:contact", args=[referral.pk]),
        {"version": 2, "contact_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == Referral.State.CONTACT_MADE


def test_the_resident_sees_the_referral_in_their_access_log(client, referral, world):
    services.referral_accept_existing(
        actor=actor_of(world.coordinator),
        referral=referral,
        expected_version=1,
        household_id=world.household.pk,
        coordinator_id=world.assigned.pk,
    )
    client.force_login(world.resident_user)
    session = client.session
    session["nabij_resident"] = True
    session.save()
    page = client.get(reverse("portal:access_log")).content.decode()
    assert world.referrer.organisation.name in page
