"""Rights under the AVG in Mijn Nabij: the register of processing (kept by the administrator,
audited), withdrawing consent to the neighbourhood help, and a correction request that reaches
the coordinator with a one-month deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access.enums import Event
from nabij.access.models import AccessLogEntry, AuditEvent
from nabij.matching import services as matching
from nabij.matching.models import Need, Notice, Participant, Proposal
from nabij.matching.tests.conftest import register
from nabij.portal.models import CorrectionRequest, Processing, one_month_after
from nabij.portal.tests.conftest import signed_in

pytestmark = pytest.mark.django_db

RIGHTS = "/mijn/rechten/"


# --- The register -------------------------------------------------------------------------------


def test_the_register_is_seeded_with_the_laws_and_one_voluntary_processing():
    laws = " | ".join(Processing.objects.values_list("law", flat=True))
    for article in (
        "Wmo 2015, art. 2.3.2",
        "art. 5.1.1",
        "Jeugdwet, art. 2.3",
        "art. 7.4.0",
        "Participatiewet, art. 64 en 67",
        "Wgs, art. 3 en 3a",
        "art. 5 (gegevens)",
        "AVG, art. 6 lid 1 onder a",
    ):
        assert article in laws
    voluntary = Processing.objects.filter(voluntary=True)
    assert [p.consent for p in voluntary] == ["neighbourhood_help"]


def test_the_rights_page_shows_purpose_and_basis_and_consent_only_where_voluntary(world, karima):
    page = karima.get(RIGHTS).content.decode()
    for p in Processing.objects.all():
        assert p.name in page and p.law in page
    assert page.count("U beslist zelf: meedoen is vrijwillig.") == 1
    assert "U gaf geen toestemming" in page


def test_a_processing_out_of_use_is_not_shown(world, karima):
    Processing.objects.filter(name="Buurthulp").update(active=False)
    page = karima.get(RIGHTS).content.decode()
    assert "vrijwillig" not in page


def test_the_rights_page_is_logged_for_the_resident(world, karima):
    karima.get(RIGHTS)
    row = AccessLogEntry.objects.get(event=Event.ME_RIGHTS_VIEW)
    assert (row.resident_id, row.purpose, row.role) == (world.resident.pk, "own_data", "resident")


def test_the_api_lists_the_register_with_the_residents_consent(world, karima):
    register(
        world.assigned,
        "Karima",
        "El Amrani",
        world.household.neighbourhood,
        offers=("koken",),
        resident=world.resident,
    )
    body = karima.get("/api/v1/me/processings").json()
    consent = [p for p in body if p["voluntary"]]
    assert [(p["consent"], p["consent_given"]) for p in consent] == [("neighbourhood_help", True)]
    assert all(p["consent_given"] is None for p in body if not p["voluntary"])


def test_the_administrator_edits_the_register_audited(world, client):
    client.force_login(world.administrator.user)
    processing = Processing.objects.get(name="Buurthulp")
    url = reverse("admin:portal_processing_change", args=[processing.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "name": processing.name,
        "purpose": processing.purpose,
        "legal_basis": processing.legal_basis,
        "law": processing.law,
        "retention": "Tot u uw toestemming intrekt.",
        "voluntary": "on",
        "consent": "neighbourhood_help",
        "position": processing.position,
        "active": "on",
        "based_on_version": processing.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    processing.refresh_from_db()
    assert processing.retention == "Tot u uw toestemming intrekt." and processing.version == 2
    event = AuditEvent.objects.get(kind="processing_changed")
    assert event.object_id == processing.pk and list(event.after) == ["retention"]
    # a second save from the same (now stale) form is refused, not silently overwritten
    stale = client.post(url, {**data, "retention": "Anders"})
    assert stale.status_code == 200
    assert "Iemand anders heeft deze verwerking net gewijzigd" in stale.content.decode()
    processing.refresh_from_db()
    assert processing.retention == "Tot u uw toestemming intrekt."


def test_a_consent_needs_a_voluntary_processing(world, client):
    client.force_login(world.administrator.user)
    response = client.post(
        reverse("admin:portal_processing_add"),
        {
            "name": "Proef",
            "purpose": "x",
            "legal_basis": "x",
            "law": "x",
            "retention": "x",
            "consent": "neighbourhood_help",
            "position": 1,
        },
    )
    assert response.status_code == 200 and not Processing.objects.filter(name="Proef").exists()


def test_only_the_administrator_opens_the_register(world, client):
    client.force_login(world.coordinator.user)
    response = client.get(reverse("admin:portal_processing_changelist"))
    assert response.status_code in (302, 403)


# --- Consent ------------------------------------------------------------------------------------


@pytest.fixture
def karima_in_buurthulp(world):
    hood = world.household.neighbourhood
    karima = register(
        world.assigned,
        "Karima",
        "El Amrani",
        hood,
        offers=("koken",),
        needs=(("administratie", 3),),
        resident=world.resident,
        phone="06 12345678",
        plan_consent=True,
    )
    jesse = register(
        world.broker, "Jesse", "Postma", hood, offers=("administratie",), needs=(("koken", 1),)
    )
    run = matching.run_matching(actor=_broker(world))
    proposal = run.proposal_set.get()
    return karima, jesse, proposal


def _broker(world):
    from nabij.access.gate import Actor

    return Actor(user=world.broker.user, professional=world.broker)


def test_withdrawing_consent_stops_everything_as_the_brokers_withdrawal_does(
    world, karima, karima_in_buurthulp
):
    profile, jesse, proposal = karima_in_buurthulp
    page = karima.get(RIGHTS).content.decode()
    assert "U gaf toestemming op" in page
    response = karima.post(reverse("portal:consent_withdraw"), {"confirm": "yes"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Participant.Status.WITHDRAWN and profile.consent_withdrawn_at
    assert profile.phone == "" and profile.resident_id is None
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert Notice.objects.filter(participant=jesse, proposal=proposal).exists()
    assert not Need.objects.filter(participant=profile, status=Need.Status.OPEN).exists()
    row = AccessLogEntry.objects.get(event=Event.ME_CONSENT_WITHDRAW)
    assert (row.resident_id, row.outcome, row.purpose) == (world.resident.pk, "granted", "own_data")
    assert "U gaf geen toestemming" in karima.get(RIGHTS).content.decode()


def test_withdrawal_needs_the_tick(world, karima, karima_in_buurthulp):
    profile, _jesse, _proposal = karima_in_buurthulp
    karima.post(reverse("portal:consent_withdraw"), {})
    profile.refresh_from_db()
    assert profile.status == Participant.Status.ACTIVE


def test_withdrawal_through_the_api(world, karima, karima_in_buurthulp):
    url = "/api/v1/me/consents/neighbourhood-help/withdraw"
    response = karima.post(url, content_type="application/json")
    assert response.status_code == 200 and response.json()["consent"] == "neighbourhood_help"
    again = karima.post(url, content_type="application/json")
    assert again.status_code == 409  # nothing left to withdraw: a state, not a missing object


def test_another_members_consent_is_not_withdrawn(world, family, karima_in_buurthulp):
    profile, _jesse, _proposal = karima_in_buurthulp
    signed_in(family.partner_user).post(reverse("portal:consent_withdraw"), {"confirm": "yes"})
    profile.refresh_from_db()
    assert profile.status == Participant.Status.ACTIVE


# --- Correction requests -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 15), dt.date(2026, 4, 15)),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 31)),
        (dt.date(2026, 5, 31), dt.date(2026, 6, 30)),
    ],
)
def test_one_calendar_month(received, due):
    assert one_month_after(received) == due


def ask(client, wrong="Mijn geboortedatum klopt niet.", right="17 mei 1985"):
    return client.post(
        reverse("portal:correction_new"), {"what_is_wrong": wrong, "should_be": right}
    )


def test_a_correction_request_has_a_one_month_deadline(world, karima):
    response = ask(karima)
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.resident == world.resident and request.household == world.household
    assert request.due_on == one_month_after(timezone.localdate())
    assert request.status == "open"
    page = karima.get(RIGHTS).content.decode()
    assert "Mijn geboortedatum klopt niet." in page and "Wacht op antwoord" in page
    assert AccessLogEntry.objects.filter(
        event=Event.ME_CORRECTION_CREATE, resident=world.resident, outcome="granted"
    ).exists()


def test_an_empty_request_is_refused_with_a_message(world, karima):
    response = ask(karima, wrong="   ", right="")
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_the_caseload_shows_the_deadline_and_marks_it_when_overdue(world, karima, client):
    ask(karima)
    client.force_login(world.coordinator.user)
    page = client.get(reverse("people:caseload")).content.decode()
    due = one_month_after(timezone.localdate())
    assert f"Correctieverzoek, uiterlijk {due.day}\u2011{due.month}\u2011{due.year}" in page
    assert "te laat" not in page
    CorrectionRequest.objects.update(due_on=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(reverse("people:caseload")).content.decode()
    assert "badge--danger" in page and "te laat" in page


def test_the_coordinator_answers_on_the_dossier_and_the_resident_reads_it(world, karima, client):
    ask(karima)
    request = CorrectionRequest.objects.get()
    client.force_login(world.assigned.user)
    dossier = client.get(reverse("people:household_detail", args=[world.household.pk]))
    assert "Correctieverzoeken (AVG art. 16)" in dossier.content.decode()
    url = reverse("portal:correction_answer", args=[world.household.pk])
    answer = {"correction_id": request.pk, "status": "done", "answer": "Verbeterd in het dossier."}
    assert client.post(url, answer).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answered_by) == ("done", world.assigned.user)
    page = karima.get(RIGHTS).content.decode()
    assert "Verbeterd in het dossier." in page and "Verbeterd" in page
    # a second answer does not overwrite the first
    again = client.post(url, {**answer, "status": "refused", "answer": "Nee."})
    assert again.status_code == 409
    request.refresh_from_db()
    assert request.status == "done"
    assert AccessLogEntry.objects.filter(
        event=Event.CORRECTION_ANSWER, username="assigned", outcome="granted"
    ).exists()


def test_an_answer_needs_words(world, karima, client):
    ask(karima)
    request = CorrectionRequest.objects.get()
    client.force_login(world.assigned.user)
    url = reverse("portal:correction_answer", args=[world.household.pk])
    response = client.post(url, {"correction_id": request.pk, "status": "refused", "answer": ""})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "open"


def test_another_households_professional_cannot_answer(world, karima, client):
    ask(karima)
    request = CorrectionRequest.objects.get()
    client.force_login(world.other_professional.user)
    url = reverse("portal:correction_answer", args=[world.household.pk])
    response = client.post(url, {"correction_id": request.pk, "status": "done", "answer": "x"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "open"


def test_a_request_of_another_household_is_not_found_through_this_one(world, client):
    gerrit = CorrectionRequest.objects.create(
        resident=world.other_resident,
        household=world.other_household,
        what_is_wrong="x",
        should_be="y",
        received_at=timezone.now(),
        due_on=timezone.localdate(),
    )
    client.force_login(world.assigned.user)
    url = reverse("portal:correction_answer", args=[world.household.pk])
    response = client.post(url, {"correction_id": gerrit.pk, "status": "done", "answer": "x"})
    assert response.status_code == 404
    gerrit.refresh_from_db()
    assert gerrit.status == "open"


def test_a_resident_sees_only_their_own_requests(world, family, karima):
    ask(karima)
    youssef = signed_in(family.partner_user)
    assert "Mijn geboortedatum klopt niet." not in youssef.get(RIGHTS).content.decode()
    assert youssef.get("/api/v1/me/corrections").json() == []


def test_the_api_creates_and_lists_corrections(world, karima):
    url = "/api/v1/me/corrections"
    response = karima.post(
        url, {"what_is_wrong": "Adres", "should_be": "Nieuw adres"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (
        body["status"] == "open"
        and body["due_on"] == one_month_after(timezone.localdate()).isoformat()
    )
    assert [c["id"] for c in karima.get(url).json()] == [body["id"]]
    bad = karima.post(url, {"what_is_wrong": "", "should_be": "x"}, content_type="application/json")
    assert bad.status_code == 422
    unknown = karima.post(
        url,
        {"what_is_wrong": "a", "should_be": "b", "status": "done"},
        content_type="application/json",
    )
    assert unknown.status_code == 422


def test_a_flood_of_requests_is_refused(world, karima):
    for i in range(10):
        assert ask(karima, wrong=f"Fout {i}").status_code == 302
    response = ask(karima, wrong="Nog een")
    assert response.status_code == 400
    assert "U heeft al 10 verzoeken" in response.content.decode()
