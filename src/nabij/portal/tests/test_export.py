"""A copy of all one's data (AVG art. 15 and 20): after a fresh DigiD login, logged, with
everything Nabij holds about the resident and their young children, and nothing of another
adult's own records or a protected address."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.middleware import AUTH_AT
from nabij.access.models import AccessLogEntry
from nabij.assessment.services import assessment_record, priority_record
from nabij.costs import services as costs
from nabij.costs.models import FundingStream, Payer, Unit
from nabij.matching.tests.conftest import register
from nabij.plans import services as plans
from nabij.portal.models import CorrectionRequest
from nabij.portal.tests.conftest import signed_in
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/mijn/export/"
JSON = "/mijn/export.json"
API = "/api/v1/me/export"


def actor(professional) -> gate.Actor:
    return gate.Actor(user=professional.user, professional=professional)


def download(client: Client, url: str = JSON) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response
    return json.loads(b"".join(response.streaming_content))


def stale(client: Client) -> None:
    session = client.session
    session[AUTH_AT] = time.time() - 6 * 60
    session.save()


def test_an_old_login_must_log_in_again_first(world, karima):
    stale(karima)
    for url in (PAGE, JSON):
        response = karima.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/mijn/inloggen/?next=")
    assert not AccessLogEntry.objects.filter(event=Event.ME_EXPORT).exists()


def test_the_api_answers_log_in_again_and_logs_the_refusal(world, karima):
    stale(karima)
    response = karima.get(API)
    assert response.status_code == 403
    assert response.json()["title"] == "Log in again"
    row = AccessLogEntry.objects.get(event=Event.ME_EXPORT)
    assert (row.outcome, row.resident_id, row.detail) == (
        "refused",
        world.resident.pk,
        "login not fresh",
    )


def test_the_export_is_logged_for_the_resident_and_the_child(world, family):
    download(signed_in(family.karima_user))
    subjects = set(
        AccessLogEntry.objects.filter(event=Event.ME_EXPORT, outcome="granted").values_list(
            "resident_id", flat=True
        )
    )
    assert subjects == {family.karima.pk, family.child.pk}


@pytest.fixture
def filled(world, family):
    """Karima's household with something in every part of the export, and the partner's own
    records that must stay out of hers."""
    h = world.household
    pro = actor(world.assigned)
    goal = plans.goal_add(actor=pro, household=h, expected_version=1, text="Een eigen huis")
    plans.action_add(
        actor=pro,
        household=h,
        expected_version=2,
        goal_id=goal.pk,
        description="Woningnet inschrijven",
        actor_kind="household",
    )
    priority_record(
        actor=pro,
        household=h,
        text="Rust in huis",
        said_by="Karima",
        recorded_on=timezone.localdate(),
    )
    from nabij.assessment.models import Instrument

    instrument = Instrument.objects.get(is_default=True)
    levels = {d.pk: 3 for d in instrument.domains.all()}
    assessment_record(
        actor=pro,
        resident=family.karima,
        instrument=instrument,
        assessed_on=timezone.localdate(),
        scores=levels,
        note="Karima zelf",
    )
    assessment_record(
        actor=pro,
        resident=family.partner,
        instrument=instrument,
        assessed_on=timezone.localdate(),
        scores=levels,
        note="ALLEEN-YOUSSEF",
    )
    f.NetworkMemberFactory(household=h, name="Tante Fatima")
    provider = f.OrganisationFactory(name="GGZ Noord")
    for resident, text in (
        (None, "Huishouden"),
        (family.partner, "BEHANDELING-YOUSSEF"),
        (family.child, "Jeugdhulp Noor"),
    ):
        costs.cost_line_record(
            actor=pro,
            household=h,
            provider=provider,
            stream=FundingStream.YOUTH,
            payer=Payer.MUNICIPALITY,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 1, 31),
            volume=Decimal(1),
            unit=Unit.MONTH,
            unit_price_cents=1000,
            amount_cents=1000,
            description=text,
            resident=resident,
        )
    hood = h.neighbourhood
    register(world.assigned, "Karima", "El Amrani", hood, offers=("koken",), resident=family.karima)
    register(
        world.assigned,
        "Youssef",
        "El Amrani",
        hood,
        offers=("klussen",),
        resident=family.partner,
        phone="06-YOUSSEF",
    )
    CorrectionRequest.objects.create(
        resident=family.karima,
        household=h,
        what_is_wrong="Fout",
        should_be="Goed",
        received_at=timezone.now(),
        due_on=timezone.localdate(),
    )
    for resident in (family.karima, family.partner, family.child):
        gate.log(
            pro,
            event=Event.RESIDENT_VIEW,
            outcome=Outcome.GRANTED,
            purpose=Purpose.CARE,
            resident_ids=[resident.pk],
            household_id=h.pk,
        )
    return family


def test_the_export_holds_the_residents_data_and_not_the_partners(world, filled):
    data = download(signed_in(filled.karima_user))
    text = json.dumps(data, ensure_ascii=False)
    assert data["format"] == "nabij-export/1"
    assert data["resident"]["bsn"] == filled.karima.bsn
    assert [c["first_name"] for c in data["children"]] == ["Noor"]
    assert {m["first_name"] for m in data["household"]["members"]} == {"Karima", "Noor", "Youssef"}
    assert data["household"]["address"] is not None
    assert data["plan"]["goals"][0]["text"] == "Een eigen huis"
    assert data["plan"]["goals"][0]["actions"][0]["description"] == "Woningnet inschrijven"
    assert len(data["plan_history"]) == 2
    assert data["priorities"][0]["text"] == "Rust in huis"
    assert [a["note"] for a in data["assessments"]] == ["Karima zelf"]
    assert data["network"][0]["name"] == "Tante Fatima"
    assert sorted(line["description"] for line in data["costs"]["lines"]) == [
        "Huishouden",
        "Jeugdhulp Noor",
    ]
    assert [p["first_name"] for p in data["neighbourhood_help"]] == ["Karima"]
    assert data["consents"][0]["given"] is True
    assert data["correction_requests"][0]["what_is_wrong"] == "Fout"
    about = {row["about_resident_id"] for row in data["access_log"]["rows"]}
    assert about == {filled.karima.pk, filled.child.pk}
    assert data["access_log"]["count"] == len(data["access_log"]["rows"])
    # the partner's own records never reach Karima's export
    for secret in ("ALLEEN-YOUSSEF", "BEHANDELING-YOUSSEF", "06-YOUSSEF", filled.partner.bsn):
        assert secret not in text


def test_without_authority_the_childs_data_stay_out(world, filled):
    filled.karima.memberships.update(parental_authority=False)
    data = download(signed_in(filled.karima_user))
    assert data["children"] == []
    assert "Jeugdhulp Noor" not in json.dumps(data)
    assert {row["about_resident_id"] for row in data["access_log"]["rows"]} == {filled.karima.pk}


def test_the_partner_gets_his_own_and_not_karimas(world, filled):
    data = download(signed_in(filled.partner_user))
    assert [a["note"] for a in data["assessments"]] == ["ALLEEN-YOUSSEF"]
    assert data["children"] == []
    assert data["correction_requests"] == []
    assert {row["about_resident_id"] for row in data["access_log"]["rows"]} == {filled.partner.pk}


def test_a_protected_address_of_another_member_is_never_in_it(world, filled):
    filled.partner.address_protected = True
    filled.partner.save(update_fields=["address_protected"])
    data = download(signed_in(filled.karima_user))
    assert data["household"]["address"] is None and data["household"]["address_shown"] is False
    postcode = world.household.address.postcode
    assert postcode not in json.dumps(data, ensure_ascii=False)
    page = signed_in(filled.karima_user).get(PAGE).content.decode()
    assert postcode not in page and "Staat hier niet" in page
    # without the protection the address is there (so the check above can fail)
    filled.partner.address_protected = False
    filled.partner.save(update_fields=["address_protected"])
    assert postcode in json.dumps(download(signed_in(filled.karima_user)), ensure_ascii=False)


def test_a_threat_about_one_adult_stays_out_when_there_is_another(world, filled):
    plans.threat_record(
        household=world.household, kind="psychiatric", deadline=timezone.localdate()
    )
    plans.threat_record(household=world.household, kind="eviction", deadline=timezone.localdate())
    data = download(signed_in(filled.karima_user))
    assert [t["threat"] for t in data["threats"]] == ["Dreigende huisuitzetting"]


def test_the_readable_page_shows_every_part_and_prints(world, filled):
    page = signed_in(filled.karima_user).get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    for part in (
        "Over u",
        "Uw huishouden",
        "Uw plan",
        "Een eigen huis",
        "Metingen van zelfredzaamheid",
        "Tante Fatima",
        "Buurthulp",
        "Wie keek in uw gegevens",
    ):
        assert part in text
    assert "ALLEEN-YOUSSEF" not in text
    assert 'class="export"' in text


def test_the_api_export_on_a_fresh_session(world, filled):
    client = signed_in(filled.karima_user)
    data = download(client, API)
    assert data["resident"]["first_name"] == "Karima"


def test_professionals_are_refused(world, client):
    client.force_login(world.assigned.user)
    assert client.get(PAGE).status_code == 403
    assert client.get(API).status_code == 403
