"""The upload page: who may import (all roles of the world), results, findings, the size limit."""

from __future__ import annotations

import re
from pathlib import Path

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
from nabij.jobs.models import Job
from nabij.jobs.services import jobs_run_waiting
from nabij.jobs.tests.worker import in_process_worker
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


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.JOBS_HEARTBEAT_SECONDS = 3600


def upload(client: Client, name: str, **extra):
    with (MESSAGES / name).open("rb") as handle:
        return client.post(URL, {"file": handle}, HTTP_ACCEPT_LANGUAGE="en", **extra)


def stored_uploads(settings) -> list:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def imported(client: Client, response):
    """The upload led to its job's page; a worker runs the job; the job page after it."""
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert response.url == reverse("jobs:job", args=[job.pk])
    jobs_run_waiting()
    job.refresh_from_db()
    return job, client.get(response.url, HTTP_ACCEPT_LANGUAGE="en")


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
    client = login(ledger.by_key(key))
    response = upload(client, "jw323_correct.xml")
    if status == 200:
        imported(client, response)
    else:
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
def test_an_upload_shows_the_result_and_logs_each_resident(ledger, login, settings):
    client = login(ledger.coordinator)
    response = upload(client, "jw323_correct.xml")
    assert stored_uploads(settings), "the upload is kept privately until the job runs"
    assert not CostLine.objects.exists(), "imported inside the request"
    job, response = imported(client, response)
    assert job.state == Job.State.DONE, job.reason
    assert not stored_uploads(settings), "the stored upload was not deleted"
    result = job.summary
    assert (result["lines"], result["total_cents"], result["households"]) == (3, 489_000, 1)
    body = response.content.decode()
    assert "JW2026001" in body and euros(489_000) in body
    logged = AccessLogEntry.objects.filter(event="costs.import", outcome="granted")
    assert set(logged.values_list("resident_id", flat=True)) == {
        ledger.resident.pk,
        ledger.child.pk,
    }
    assert {entry.channel for entry in logged} == {"web"}
    again, page = imported(client, upload(client, "jw323_correct.xml"))
    assert again.pk != job.pk and again.summary["already_imported"]
    assert "was imported before" in page.content.decode()
    assert CostLine.objects.count() == 3 and not stored_uploads(settings)


@pytest.mark.django_db
def test_the_same_file_twice_while_it_waits_is_one_job(ledger, login, settings):
    client = login(ledger.coordinator)
    first = upload(client, "jw323_correct.xml")
    second = upload(client, "jw323_correct.xml")
    assert first.url == second.url and Job.objects.count() == 1
    assert len(stored_uploads(settings)) == 1
    job, _page = imported(client, first)
    assert job.state == Job.State.DONE and CostLine.objects.count() == 3


@pytest.mark.django_db
def test_a_bad_file_lists_every_finding_with_its_place_and_writes_nothing(ledger, login, settings):
    client = login(ledger.coordinator)
    job, response = imported(client, upload(client, "jw323_unknown_bsn.xml"))
    assert job.state == Job.State.FAILED
    body = response.content.decode()
    assert "/Bericht/Declaratie/Clienten/Client[1]/Bsn" in body
    assert "188000409" in body and "188000501" in body
    assert len(job.summary["findings"]) == 3 and job.summary["finding_count"] == 3
    assert not CostLine.objects.exists() and not ImportBatch.objects.exists()
    assert not stored_uploads(settings)


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
    with in_process_worker():
        page.get_by_role("button", name=re.compile("Controleren|Check")).click()
        page.wait_for_url(re.compile(r".*/taken/\d+/$"))
        page.locator("section.import-findings").wait_for(timeout=60_000)
    findings = page.locator("section.import-findings").inner_text()
    assert "/Bericht/Declaratie/TotaalIngediendBedrag" in findings
    screenshot(page, "costs-import-findings")
    page.goto(URL)
    page.locator("#id_file").set_input_files(str(MESSAGES / "jw323_correct.xml"))
    with in_process_worker():
        page.get_by_role("button", name=re.compile("Controleren|Check")).click()
        page.wait_for_url(re.compile(r".*/taken/\d+/$"))
        page.locator("section.import-result").wait_for(timeout=60_000)
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
