"""The upload page: who may import (all roles of the world), results, findings, the size limit."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse
from django.utils import translation

from nabij.access.models import AccessLogEntry
from nabij.conftest import PASSWORD
from nabij.core.templatetags.nabij import euros
from nabij.costs.models import CostLine, ImportBatch
from nabij.costs.tests.test_imports import GERRIT, KARIMA, MESSAGES, NOOR
from nabij.people.models import Resident
from nabij.tests import factories as f
from nabij.tests.browser import browser_page, log_in, screenshot  # noqa: F401

URL = reverse("costs:import_upload")
ROLES = {
    "assigned": 403,
    "colleague": 403,
    "coordinator": 200,
    "other_coordinator": 200,
    "other_professional": 403,
    "broker": 403,
    "analyst": 403,
    "administrator": 403,
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def ledger(world):
    Resident.objects.filter(pk=world.resident.pk).update(bsn=KARIMA)
    Resident.objects.filter(pk=world.child.pk).update(bsn=NOOR)
    Resident.objects.filter(pk=world.other_resident.pk).update(bsn=GERRIT)
    f.OrganisationFactory(name="Jeugdhulp Fryslân Noord", agb_code="12345678")
    f.OrganisationFactory(name="Thuiszorg Mei Elkoar", agb_code="87654321")
    return world


def upload(client: Client, name: str, **extra):
    with (MESSAGES / name).open("rb") as handle:
        return client.post(URL, {"file": handle}, HTTP_ACCEPT_LANGUAGE="en", **extra)


@pytest.mark.parametrize(("key", "status"), ROLES.items())
@pytest.mark.django_db
def test_only_team_coordinators_open_the_upload_page(world, login, key, status):
    client = login(world.by_key(key))
    response = client.get(URL)
    assert response.status_code == status
    entries = AccessLogEntry.objects.filter(event="costs.import")
    if status == 403:
        assert entries.filter(outcome="refused", username=world.by_key(key).user.username).exists()
    else:
        assert not entries.exists()  # the empty page shows no personal data


@pytest.mark.parametrize(("key", "status"), ROLES.items())
@pytest.mark.django_db
def test_only_team_coordinators_can_upload(ledger, login, key, status):
    response = upload(login(ledger.by_key(key)), "jw323_correct.xml")
    assert response.status_code == status
    assert CostLine.objects.count() == (3 if status == 200 else 0)
    if status == 403:
        assert AccessLogEntry.objects.filter(event="costs.import", outcome="refused").count() == 1


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
def test_an_upload_shows_the_result_and_logs_each_resident(ledger, login):
    response = upload(login(ledger.coordinator), "jw323_correct.xml")
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.lines, result.total_cents, result.households) == (3, 489_000, 1)
    body = response.content.decode()
    assert "JW2026001" in body and euros(489_000) in body
    logged = AccessLogEntry.objects.filter(event="costs.import", outcome="granted")
    assert set(logged.values_list("resident_id", flat=True)) == {
        ledger.resident.pk,
        ledger.child.pk,
    }
    assert {entry.channel for entry in logged} == {"web"}
    again = upload(login(ledger.coordinator), "jw323_correct.xml")
    assert again.context["result"].already_imported
    assert CostLine.objects.count() == 3


@pytest.mark.django_db
def test_a_bad_file_lists_every_finding_with_its_place_and_writes_nothing(ledger, login):
    response = upload(login(ledger.coordinator), "jw323_unknown_bsn.xml")
    assert response.status_code == 422
    body = response.content.decode()
    assert "/Bericht/Declaratie/Clienten/Client[1]/Bsn" in body
    assert "188000409" in body and "188000501" in body
    assert len(response.context["findings"]) == 3
    assert not CostLine.objects.exists() and not ImportBatch.objects.exists()


class ExplodingHandler(FileUploadHandler):
    """Proves the body was never parsed: any attempt to read an upload fails the test."""

    def new_file(self, *args, **kwargs):
        raise AssertionError("the upload was read")

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover
        raise AssertionError("the upload was read")

    def file_complete(self, file_size):  # pragma: no cover
        raise AssertionError("the upload was read")


@pytest.mark.django_db
def test_a_2_gb_upload_is_refused_before_its_body_is_read(ledger, login, settings):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.ExplodingHandler"]
    client = login(ledger.coordinator)
    response = upload(client, "jw323_correct.xml", CONTENT_LENGTH=str(2 * 1024**3))
    assert response.status_code == 413
    assert "larger than 100 MB" in response.content.decode()
    assert not CostLine.objects.exists()


@pytest.mark.django_db
def test_the_limit_is_a_setting(ledger, login, settings):
    settings.COSTS_IMPORT_MAX_UPLOAD_MB = 0
    response = upload(login(ledger.coordinator), "jw323_correct.xml")
    assert response.status_code == 413
    assert "larger than 0 MB" in response.content.decode()


@pytest.mark.django_db
def test_the_upload_still_needs_its_csrf_token(ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ledger.coordinator.user)
    response = upload(client, "jw323_correct.xml")
    assert response.status_code == 403
    assert not CostLine.objects.exists()


@pytest.mark.browser
def test_a_coordinator_uploads_a_declaration_in_the_browser(browser_page, ledger):  # noqa: F811
    page = browser_page
    log_in(page, "coordinator", PASSWORD)  # sets up the second factor at this first login
    page.goto(URL)
    page.locator("#id_file").set_input_files(str(MESSAGES / "jw323_wrong_total.xml"))
    page.get_by_role("button", name=re.compile("Controleren|Check")).click()
    page.wait_for_load_state()
    findings = page.locator("section.import-findings").inner_text()
    assert "/Bericht/Declaratie/TotaalIngediendBedrag" in findings
    screenshot(page, "costs-import-findings")
    page.locator("#id_file").set_input_files(str(MESSAGES / "jw323_correct.xml"))
    page.get_by_role("button", name=re.compile("Controleren|Check")).click()
    page.wait_for_load_state()
    result = page.locator("section.import-result").inner_text()
    assert "JW2026001" in result and "4.890,00" in result
    screenshot(page, "costs-import-result")
    assert CostLine.objects.count() == 3


@pytest.mark.django_db
def test_a_post_without_a_file_or_with_an_empty_one_is_a_form_error(ledger, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(ledger.coordinator)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    empty = SimpleUploadedFile("empty.csv", b"", content_type="text/csv")
    response = client.post(URL, {"file": empty})
    assert response.status_code == 400
    assert not CostLine.objects.exists()
