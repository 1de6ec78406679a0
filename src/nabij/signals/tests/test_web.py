"""The signal pages: who gets in (every role of the world), the upload as a job with its
summary or findings, the overview's counts, and the outcome export that tells only outcomes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nabij.access.enums import Event
from nabij.access.models import AccessLogEntry
from nabij.conftest import PASSWORD
from nabij.jobs.models import Job
from nabij.jobs.services import jobs_run_waiting
from nabij.jobs.tests.worker import in_process_worker
from nabij.signals.models import Case, Creditor, Signal
from nabij.signals.services import signals_import
from nabij.signals.tests.test_import import HEADER, actor_of, csv_of, karima_line, opener
from nabij.tests.browser import browser_page, log_in, screenshot  # noqa: F401

UPLOAD = reverse("signals:upload")
OVERVIEW = reverse("signals:index")
EXPORT = reverse("signals:export")
COORDINATORS = {"coordinator", "other_coordinator"}
CASE_ROLES = {"assigned", "colleague", "coordinator", "other_coordinator", "other_professional"}
ALL = CASE_ROLES | {"broker", "analyst", "administrator"}


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.JOBS_HEARTBEAT_SECONDS = 3600


def today_line(world, **kw) -> str:
    return karima_line(world, **kw).replace("2026-11-30", timezone.localdate().isoformat())


def no_sideways_scroll(page) -> None:
    wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"{page.url} is {wide}px wider than the screen"


def post_file(client, name: str, data: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize(
    ("url", "allowed"), [(UPLOAD, COORDINATORS), (OVERVIEW, CASE_ROLES), (EXPORT, COORDINATORS)]
)
def test_who_gets_in(world, login, role, url, allowed):
    client = login(world.by_key(role))
    response = client.get(url)
    assert response.status_code == (200 if role in allowed else 403)
    if role not in allowed:
        event = {
            UPLOAD: Event.SIGNALS_IMPORT,
            OVERVIEW: Event.SIGNALS_OVERVIEW,
            EXPORT: Event.SIGNALS_EXPORT,
        }[url]
        assert AccessLogEntry.objects.filter(event=event, outcome="refused").exists()


@pytest.mark.django_db
def test_anonymous_goes_to_the_login(client):
    for url in (UPLOAD, OVERVIEW, EXPORT):
        assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_a_refused_upload_reads_nothing(world, login):
    client = login(world.assigned)
    assert post_file(client, "s.csv", csv_of(today_line(world))).status_code == 403
    assert not Job.objects.exists() and not Signal.objects.exists()


@pytest.mark.django_db
def test_the_upload_runs_as_a_job_and_shows_the_summary(world, login, settings):
    client = login(world.coordinator)
    response = post_file(client, "okt.csv", csv_of(today_line(world)))
    assert response.status_code == 302
    job = Job.objects.get(kind=Job.Kind.SIGNALS_IMPORT)
    jobs_run_waiting()
    job.refresh_from_db()
    assert job.state == "done", job.reason
    assert job.summary["linked"] == 1 and job.summary["cases_opened"] == 1
    page = client.get(response.url).content.decode()
    assert "okt.csv" in page and "Karima" not in page
    assert Case.objects.filter(household=world.household).exists()
    # The stored upload is gone.
    from pathlib import Path

    assert not any((Path(settings.PRIVATE_MEDIA_ROOT) / "imports").iterdir())


@pytest.mark.django_db
def test_findings_are_shown_on_the_job_page(world, login):
    client = login(world.coordinator)
    response = post_file(client, "fout.csv", csv_of("Wbv;huur;Jan;12345;1;;;12,50;1;2026-11-01"))
    jobs_run_waiting()
    job = Job.objects.get()
    assert job.state == "failed"
    page = client.get(response.url).content.decode()
    assert "postcode" in page and "achterstand_cent" in page
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_an_empty_upload_is_a_form_error(world, login):
    client = login(world.coordinator)
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("e.csv", b"")})
    assert response.status_code == 400 and not Job.objects.exists()


@pytest.mark.django_db
def test_a_too_large_upload_is_refused_before_reading(world, login, settings):
    settings.SIGNALS_IMPORT_MAX_UPLOAD_MB = 0
    client = login(world.coordinator)
    response = post_file(client, "groot.csv", csv_of(today_line(world)))
    assert response.status_code == 413 and not Job.objects.exists()


def _import(world, *lines: str):
    return signals_import(actor_of(world.coordinator), [("x.csv", opener(csv_of(*lines)))])


@pytest.mark.django_db
def test_the_overview_shows_deliveries_and_counts_without_names(world, login):
    for n in range(3):
        _import(world, today_line(world, creditor=f"Schuldeiser {n}"))
    client = login(world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERVIEW)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Karima" not in page and "El Amrani" not in page
    assert "Wet gemeentelijke schuldhulpverlening, art. 3a" in page  # from the register
    assert response.context["counts"].open_cases == 1
    assert response.context["counts"].stronger == 1
    few = len(queries)
    for n in range(3, 8):
        _import(world, today_line(world, creditor=f"Schuldeiser {n}"))
    with CaptureQueriesContext(connection) as queries:
        client.get(OVERVIEW)
    assert len(queries) == few  # no query per delivery


@pytest.mark.django_db
def test_the_other_team_sees_no_cases_of_team_a(world, login):
    _import(world, today_line(world))
    response = login(world.other_coordinator).get(OVERVIEW)
    assert response.context["counts"].open_cases == 0


@pytest.mark.django_db
def test_the_export_tells_the_creditor_only_outcomes(world, login):
    _import(
        world,
        today_line(world),
        today_line(world, creditor="Energie Noord", kind="energie", cents="42000"),
        f"Woonstichting Nabij;huur;Piet Onbekend;9999 ZZ;1;;;90000;2;{timezone.localdate()}",
    )
    case = Case.objects.get()
    Case.objects.filter(pk=case.pk).update(
        state="closed",
        outcome="accepted",
        closed_on=timezone.localdate(),
        first_contact_on=timezone.localdate(),
    )
    creditor = Creditor.objects.get(name="Woonstichting Nabij")
    client = login(world.coordinator)
    listing = client.get(EXPORT).content.decode()
    assert "Woonstichting Nabij" in listing and "Karima" not in listing
    response = client.get(EXPORT, {"schuldeiser": creditor.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0] == [
        "naam",
        "postcode",
        "huisnummer",
        "toevoeging",
        "soort",
        "signaaldatum",
        "contact",
        "hulp",
    ]
    body = {r[0]: r for r in rows[1:]}
    assert set(body) == {"Karima El Amrani", "Piet Onbekend"}  # not the energy company's line
    assert body["Karima El Amrani"][6:] == ["contact gemaakt", "hulp aanvaard"]
    assert body["Piet Onbekend"][6:] == ["geen contact", "hulp niet aanvaard"]
    text = response.content.decode()
    for secret in ("Noor", "Energie", "42000", "150000", str(case.arrears_cents), "Huishouden"):
        assert secret not in text
    row = AccessLogEntry.objects.get(event=Event.SIGNALS_EXPORT, outcome="granted")
    assert row.resident_id == world.resident.pk


@pytest.mark.django_db
def test_an_unknown_creditor_is_a_404_and_logged(world, login):
    client = login(world.coordinator)
    assert client.get(EXPORT, {"schuldeiser": "999"}).status_code == 404
    assert client.get(EXPORT, {"schuldeiser": "abc"}).status_code == 404
    assert client.get(EXPORT, {"schuldeiser": "9" * 40}).status_code == 404
    assert AccessLogEntry.objects.filter(event=Event.SIGNALS_EXPORT, outcome="refused").count() == 3


@pytest.mark.django_db
def test_a_formula_in_a_name_is_no_formula_in_the_export(world, login):
    _import(world, f"Wbv;huur;=HYPERLINK(1);9999 ZZ;1;;;90000;2;{timezone.localdate()}")
    creditor = Creditor.objects.get()
    text = login(world.coordinator).get(EXPORT, {"schuldeiser": creditor.pk}).content.decode()
    assert "\n'=HYPERLINK(1);" in text


@pytest.mark.django_db
def test_the_resident_sees_the_signal_in_their_own_access_log(world):
    from django.utils import translation

    from nabij.access.log_phrases import describe

    _import(world, today_line(world))
    row = AccessLogEntry.objects.get(event=Event.SIGNALS_RECEIVED_RENT)
    assert row.resident_id == world.resident.pk and row.household_id == world.household.pk
    with translation.override("nl"):
        assert describe(row.event, refused=False) == (
            "kreeg een signaal van de verhuurder dat de huur niet betaald is"
        )


@pytest.mark.django_db
def test_the_resident_page_shows_the_row(world, client):
    _import(world, today_line(world))
    client.force_login(world.resident_user)
    page = client.get(reverse("portal:access_log")).content.decode()
    assert "reeg een signaal van de verhuurder dat de huur niet betaald is" in page


@pytest.mark.browser
def test_a_coordinator_imports_signals_in_the_browser(browser_page, world, tmp_path):  # noqa: F811
    page = browser_page
    log_in(page, "coordinator", PASSWORD)
    bad = tmp_path / "fout.csv"
    bad.write_bytes(
        csv_of(
            "Wbv;huur;Jan;12345;1;;;12,50;1;2026-11-01", "Wbv;huur;Jan;1234 AB;1;;;100;0;2099-01-01"
        )
    )
    good = tmp_path / "november.csv"
    day = timezone.localdate() - dt.timedelta(days=3)
    good.write_bytes(
        csv_of(
            karima_line(world).replace("2026-11-30", day.isoformat()),
            karima_line(world, creditor="Energie Noord", kind="energie", cents="42000").replace(
                "2026-11-30", day.isoformat()
            ),
            f"Woonstichting Nabij;huur;Piet Onbekend;9999 ZZ;1;;;90000;2;{day}",
        )
    )
    assert HEADER.startswith("schuldeiser;")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(UPLOAD)
        screenshot(page, f"signals-upload-{width}")
        no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(UPLOAD)
    page.locator("#id_file").set_input_files(str(bad))
    with in_process_worker():
        page.get_by_role("button", name=re.compile("Controleren|Check")).click()
        page.wait_for_url(re.compile(r".*/taken/\d+/$"))
        page.locator("section.import-findings").wait_for(timeout=60_000)
    assert "postcode" in page.locator("section.import-findings").inner_text()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"signals-findings-{width}")
        no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(UPLOAD)
    page.locator("#id_file").set_input_files(str(good))
    with in_process_worker():
        page.get_by_role("button", name=re.compile("Controleren|Check")).click()
        page.wait_for_url(re.compile(r".*/taken/\d+/$"))
        page.locator("section.import-result").wait_for(timeout=60_000)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"signals-result-{width}")
        no_sideways_scroll(page)
        page.goto(OVERVIEW)
        screenshot(page, f"signals-overview-{width}")
        no_sideways_scroll(page)
        page.goto(EXPORT)
        screenshot(page, f"signals-export-{width}")
        no_sideways_scroll(page)
        page.go_back()
        page.go_back()
    assert Signal.objects.count() == 3
