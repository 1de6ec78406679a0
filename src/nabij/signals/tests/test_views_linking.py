"""The linking decision page: who sees which uncertain signals, confirming and rejecting, two
people deciding at once, bad input, and the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.signals.models import Case, Creditor, Delivery, Signal

pytestmark = pytest.mark.django_db


def signal_at(household, name: str, *, identity: str = "s1", **extra) -> Signal:
    address = household.address
    delivery = Delivery.objects.create(file_name="signalen.csv", sha256="0" * 64)
    creditor, _ = Creditor.objects.get_or_create(name="Woonbedrijf")
    return Signal.objects.create(
        delivery=delivery,
        creditor=creditor,
        kind=Signal.Kind.RENT,
        name=name,
        postcode=address.postcode,
        house_number=address.house_number,
        addition=address.addition,
        arrears_cents=80_000,
        months=2,
        signalled_on=dt.date(2026, 11, 30),
        identity=identity,
        link=Signal.Link.UNCERTAIN,
        **extra,
    )


@pytest.fixture
def area(world):
    """Team A works in the district of Karima's household, team B in Gerrit's."""
    world.coordinator.team.districts.add(world.household.neighbourhood.district)
    world.other_coordinator.team.districts.add(world.other_household.neighbourhood.district)
    return world


def test_the_team_sees_the_uncertain_signals_of_its_area_only(area, login):
    ours = signal_at(area.household, "K. Amrani")
    theirs = signal_at(area.other_household, "G. Vries", identity="s2")
    client = login(area.colleague)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("signals_linking:list"))
    for n in range(30):
        signal_at(area.household, f"N. El Amrani {n}", identity=f"more{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("signals_linking:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert ours.name in body and "N. El Amrani 29" in body
    assert theirs.name not in body
    # No query per signal listed: the same queries for 1 signal and for 31.
    assert len(many) == len(few)
    listed = " ".join(
        AccessLogEntry.objects.filter(event="signal.link.list", username="colleague")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert f"signals {ours.pk}" in listed and str(theirs.pk) not in listed.split()
    other = login(area.other_professional).get(reverse("signals_linking:list"))
    assert theirs.name in other.content.decode()


def test_roles_without_case_files_are_refused_and_logged(area, login):
    response = login(area.analyst).get(reverse("signals_linking:list"))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        event="signal.link.list", outcome="refused", username="analyst"
    ).exists()


def test_the_page_lists_the_residents_at_the_address_best_first_and_logs_them(area, login):
    signal = signal_at(area.household, "N. el Amrani")
    response = login(area.colleague).get(reverse("signals_linking:decide", args=[signal.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Noor El Amrani") < body.index("Karima El Amrani")
    logged = set(
        AccessLogEntry.objects.filter(event="signal.link.view", outcome="granted").values_list(
            "resident_id", flat=True
        )
    )
    assert logged == {area.resident.pk, area.child.pk}


def test_another_team_is_refused_and_an_unknown_signal_is_not_found(area, login):
    signal = signal_at(area.household, "K. Amrani")
    client = login(area.other_professional)
    assert client.get(reverse("signals_linking:decide", args=[signal.pk])).status_code == 403
    assert client.get(reverse("signals_linking:decide", args=[signal.pk + 99])).status_code == 404
    post = client.post(
        reverse("signals_linking:decide", args=[signal.pk]), {"resident": area.resident.pk}
    )
    assert post.status_code == 403
    signal.refresh_from_db()
    assert signal.link == "uncertain"
    assert not AccessLogEntry.objects.filter(outcome="granted", username="otherpro").exists()


def test_confirming_links_the_resident_and_bundles_the_signal_into_a_case(area, login):
    signal = signal_at(area.household, "K. Amrani")
    response = login(area.colleague).post(
        reverse("signals_linking:decide", args=[signal.pk]), {"resident": area.resident.pk}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.link, signal.household_id, signal.resident_id) == (
        "confirmed",
        area.household.pk,
        area.resident.pk,
    )
    assert signal.decided_by == area.colleague.user and signal.decided_at is not None
    case = Case.objects.get()
    assert signal.case_id == case.pk and case.household_id == area.household.pk
    assert case.team_id == area.household.team_id and case.state == "open"
    assert AccessLogEntry.objects.filter(
        event="signal.link.confirm", outcome="granted", resident_id=area.resident.pk
    ).exists()


def test_nobody_leaves_the_signal_unlinked(area, login):
    signal = signal_at(area.household, "P. Hoekstra")
    response = login(area.coordinator).post(
        reverse("signals_linking:decide", args=[signal.pk]), {"resident": "nobody"}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.link, signal.household_id, signal.case_id) == ("none", None, None)
    assert signal.decided_by == area.coordinator.user
    assert not Case.objects.exists()


def test_the_second_of_two_people_deciding_at_once_gets_a_clear_message(area, login, client):
    signal = signal_at(area.household, "K. Amrani")
    url = reverse("signals_linking:decide", args=[signal.pk])
    # Both opened the page while it was undecided; the coordinator sends first.
    login(area.coordinator).post(url, {"resident": "nobody"})
    second = login(area.colleague).post(url, {"resident": area.resident.pk})
    assert second.status_code == 409
    assert "Iemand anders heeft al over dit signaal beslist" in second.content.decode()
    signal.refresh_from_db()
    assert (signal.link, signal.decided_by) == ("none", area.coordinator.user)
    assert not Case.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999999", "-1", "²", "١٢"])
def test_a_bad_choice_is_a_clear_error(area, login, value):
    signal = signal_at(area.household, "K. Amrani")
    response = login(area.colleague).post(
        reverse("signals_linking:decide", args=[signal.pk]), {"resident": value}
    )
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.link == "uncertain"


def test_a_resident_who_does_not_live_at_the_address_cannot_be_chosen(area, login):
    signal = signal_at(area.household, "G. de Vries")
    response = login(area.colleague).post(
        reverse("signals_linking:decide", args=[signal.pk]), {"resident": area.other_resident.pk}
    )
    assert response.status_code == 400
    assert "Kies een van de inwoners op dit adres" in response.content.decode()
    signal.refresh_from_db()
    assert signal.link == "uncertain"
