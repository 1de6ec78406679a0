"""The pages per role, through the HTTP boundary, with the access log they leave."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.assessment.models import Assessment, Priority

pytestmark = pytest.mark.django_db

ALLOWED = ["assigned", "coordinator"]
REFUSED = [
    "colleague",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
]
TODAY = timezone.localdate()


def _rows(professional, outcome, **filters):
    return AccessLogEntry.objects.filter(
        username=professional.user.username, outcome=outcome, **filters
    )


def _pages(world):
    r, h = world.resident.pk, world.household.pk
    return [
        (reverse("assessment:assessment_create", args=[r]), {world.resident.pk}),
        (reverse("assessment:assessment_list", args=[r]), {world.resident.pk}),
        (reverse("assessment:priority_create", args=[h]), {world.resident.pk, world.child.pk}),
    ]


@pytest.mark.parametrize("who", ALLOWED)
def test_case_roles_see_the_pages_and_each_view_is_logged(world, login, record, who):
    record(world.resident, dt.date(2025, 1, 5), {"financien": 2})
    professional = world.by_key(who)
    client = login(professional)
    for url, residents in _pages(world):
        last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        assert response.status_code == 200, url
        granted = _rows(professional, "granted", id__gt=last)
        assert sorted(row.resident_id for row in granted) == sorted(residents), url
        assert "style=" not in response.content.decode()


@pytest.mark.parametrize("who", REFUSED)
def test_everyone_else_is_refused_and_logged(world, login, who):
    professional = world.by_key(who)
    client = login(professional)
    for url, _residents in _pages(world):
        before = _rows(professional, "refused").count()
        assert client.get(url).status_code == 404, url
        assert _rows(professional, "refused").count() == before + (
            2 if "prioriteit" in url else 1
        ), url
    posts = [
        (
            reverse("assessment:assessment_create", args=[world.resident.pk]),
            {"assessed_on": TODAY.isoformat(), "domain_financien": "2"},
        ),
        (
            reverse("assessment:priority_create", args=[world.household.pk]),
            {"text": "De schulden", "said_by": "Karima", "recorded_on": TODAY.isoformat()},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    assert not Assessment.objects.exists()
    assert not Priority.objects.exists()
    assert not _rows(professional, "granted").exists()


def test_anonymous_visitors_are_sent_to_the_login(world, client):
    url = reverse("assessment:assessment_create", args=[world.resident.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_unknown_resident_is_404_and_logged(world, login):
    client = login(world.assigned)
    assert client.get(reverse("assessment:assessment_list", args=[999_999])).status_code == 404
    assert _rows(world.assigned, "refused").exists()


@pytest.mark.parametrize("who", ALLOWED)
def test_record_an_assessment(world, login, zrm, who):
    professional = world.by_key(who)
    client = login(professional)
    url = reverse("assessment:assessment_create", args=[world.resident.pk])
    form = client.get(url).content.decode()
    # The default instrument, one fieldset with a legend per domain, five levels plus "not scored".
    assert form.count("<fieldset") == 11 and form.count("<legend>") == 11
    assert form.count('name="domain_financien"') == 6
    assert "Acute problematiek" in form

    response = client.post(
        url,
        {
            "assessed_on": "2025-02-01",
            "domain_financien": "2",
            "domain_huisvesting": "1",
            "domain_justitie": "",
            "note": "Schulden bij de woningcorporatie.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household_detail", args=[world.household.pk])
    assessment = Assessment.objects.get()
    assert assessment.instrument == zrm
    assert assessment.recorded_by == professional.user
    assert sorted((s.domain.code, s.level) for s in assessment.scores.all()) == [
        ("financien", 2),
        ("huisvesting", 1),
    ]
    assert (
        _rows(
            professional, "granted", event="assessment.create", resident_id=world.resident.pk
        ).count()
        == 1
    )


def test_switch_to_the_2017_instrument(world, login, zrm_2017):
    client = login(world.assigned)
    url = reverse("assessment:assessment_create", args=[world.resident.pk])
    page = client.get(url + "?instrument=zrm-2017").content.decode()
    assert page.count("<fieldset") == 13
    assert "Werk &amp; opleiding" in page
    response = client.post(
        url + "?instrument=zrm-2017", {"assessed_on": "2025-02-01", "domain_werk-en-opleiding": "3"}
    )
    assert response.status_code == 302
    assert Assessment.objects.get().instrument == zrm_2017
    assert client.get(url + "?instrument=nope").status_code == 404


def test_the_form_shows_the_previous_level(world, login, record):
    record(world.resident, dt.date(2024, 11, 3), {"financien": 2})
    client = login(world.assigned)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("assessment:assessment_create", args=[world.resident.pk])
    ).content.decode()
    assert "Last time (3 November 2024): 2 Not self-reliant" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"assessed_on": "2025-02-01"}, "Score at least one domain."),
        (
            {"assessed_on": (TODAY + dt.timedelta(days=2)).isoformat(), "domain_financien": "2"},
            "The date cannot lie in the future.",
        ),
        ({"assessed_on": "2025-02-01", "domain_financien": "6"}, "Select a valid choice."),
        ({"assessed_on": "", "domain_financien": "2"}, "This field is required."),
    ],
)
def test_invalid_assessment_is_shown_again_with_a_message(world, login, data, message):
    client = login(world.assigned)
    client.cookies["django_language"] = "en"
    url = reverse("assessment:assessment_create", args=[world.resident.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Assessment.objects.exists()


def test_list_page_shows_the_chart_and_the_history(world, login, record):
    record(world.resident, dt.date(2024, 3, 1), {"financien": 1})
    record(world.resident, dt.date(2025, 3, 1), {"financien": 3})
    page = (
        login(world.coordinator)
        .get(reverse("assessment:assessment_list", args=[world.resident.pk]))
        .content.decode()
    )
    assert page.count("<svg") == 11
    assert page.count('data-level="') == 2
    assert "assessment/assessment.css" in page


@pytest.mark.parametrize("who", ALLOWED)
def test_record_what_matters_most(world, login, who):
    professional = world.by_key(who)
    client = login(professional)
    client.cookies["django_language"] = "en"
    url = reverse("assessment:priority_create", args=[world.household.pk])
    page = client.get(url).content.decode()
    assert "What matters most to you now?" in page
    response = client.post(
        url, {"text": "Eerst de schulden.", "said_by": "Karima", "recorded_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household_detail", args=[world.household.pk])
    priority = Priority.objects.get()
    assert (priority.text, priority.said_by, priority.household) == (
        "Eerst de schulden.",
        "Karima",
        world.household,
    )
    created = _rows(professional, "granted", event="priority.create")
    assert {row.resident_id for row in created} == {world.resident.pk, world.child.pk}


def test_empty_priority_is_refused_with_a_message(world, login):
    client = login(world.assigned)
    url = reverse("assessment:priority_create", args=[world.household.pk])
    response = client.post(
        url, {"text": "  ", "said_by": "Karima", "recorded_on": TODAY.isoformat()}
    )
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Priority.objects.exists()
