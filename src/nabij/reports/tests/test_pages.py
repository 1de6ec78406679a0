"""The account's pages by role: the team writes, a coordinator reviews and publishes, the
public sees the publication only. Refusals are logged; the consent goes through the gate."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.reports.models import AreaAccount, Story
from nabij.reports.tests.helpers import YEAR, districts, published_account, written_account

pytestmark = pytest.mark.django_db


def url(name, account, *extra):
    return reverse(f"reports:{name}", args=[account.district.code, account.year, *extra])


def as_(client, professional):
    client.force_login(professional.user)
    return client


def test_anonymous_sees_a_published_account_and_its_pdf_never_a_draft(client, world):
    published = published_account(world)
    draft = written_account(world, year=YEAR - 1)
    page = client.get(url("public", published))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Eerst de schulden" in body and "Samen koken" in body
    assert "Karima" not in body and "El Amrani" not in body
    assert "Bron: CBS" in body or "Source: CBS" in body
    assert client.get(url("public", draft)).status_code == 404
    assert client.get(url("pdf", draft)).status_code == 404
    assert client.get(url("account", published)).status_code == 302  # to the login
    index = client.get(reverse("reports:index")).content.decode()
    assert url("public", published) in index and url("public", draft) not in index


def test_a_reopened_account_shows_its_last_publication_to_the_public(client, world, login):
    from nabij.reports import services
    from nabij.reports.tests.helpers import actor_of

    account = published_account(world)
    services.reopen(
        actor=actor_of(world.coordinator), account=account, expected_version=account.version
    )
    services.sections_save(
        actor=actor_of(world.assigned),
        account=account,
        expected_version=account.version + 0,
        intro="Nieuwe tekst die nog niet gepubliceerd is.",
        lessons=account.lessons,
        changes=account.changes,
    )
    body = Client().get(url("public", account)).content.decode()
    assert "Nieuwe tekst" not in body and "Heechterp is een wijk" in body


def test_the_team_reads_and_writes_others_are_refused_and_logged(client, world):
    account = written_account(world)
    for professional in (world.assigned, world.colleague, world.coordinator):
        response = as_(Client(), professional).get(url("account", account))
        assert response.status_code == 200, professional
    for professional in (
        world.other_coordinator,
        world.other_professional,
        world.analyst,
        world.broker,
        world.administrator,
    ):
        c = as_(Client(), professional)
        before = AccessLogEntry.objects.filter(outcome="refused").count()
        assert c.get(url("account", account)).status_code == 403
        assert c.post(url("submit", account), {"version": account.version}).status_code == 403
        assert AccessLogEntry.objects.filter(outcome="refused").count() == before + 2
    account.refresh_from_db()
    assert account.status == AreaAccount.Status.DRAFT


def test_only_a_coordinator_of_the_district_publishes(world):
    account = written_account(world)
    as_(Client(), world.assigned).post(url("submit", account), {"version": account.version})
    account.refresh_from_db()
    assert account.status == AreaAccount.Status.IN_REVIEW
    for professional in (world.assigned, world.colleague, world.other_coordinator):
        response = as_(Client(), professional).post(
            url("publish", account), {"version": account.version}
        )
        assert response.status_code == 403
    response = as_(Client(), world.coordinator).post(
        url("publish", account), {"version": account.version}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == AreaAccount.Status.PUBLISHED


def test_the_edit_view_shows_findings_at_the_sentence(world):
    account = written_account(world)
    story = account.stories.get(kind=Story.Kind.INITIATIVE)
    c = as_(Client(), world.assigned)
    response = c.post(
        url("story_edit", account, story.pk),
        {
            "version": account.version,
            "title": story.title,
            "text": "Het ging goed. Karima El Amrani kookte op Heechterp 12 voor 3 gezinnen.",
        },
    )
    assert response.status_code == 302
    page = c.get(url("account", account)).content.decode()
    assert '<mark class="finding finding--name">Karima El Amrani</mark>' in page
    assert '<mark class="finding finding--address">Heechterp 12</mark>' in page
    assert '<mark class="finding finding--small_figure">3 gezinnen</mark>' in page
    assert "Zin 2" in page or "Sentence 2" in page
    account.refresh_from_db()
    refused = c.post(url("submit", account), {"version": account.version})
    assert refused.status_code == 400
    account.refresh_from_db()
    assert account.status == AreaAccount.Status.DRAFT


def test_a_stale_form_is_a_conflict_and_keeps_the_input(world):
    account = written_account(world)
    response = as_(Client(), world.colleague).post(
        url("account", account),
        {"version": account.version - 1, "intro": "Mijn tekst", "lessons": "", "changes": ""},
    )
    assert response.status_code == 409
    assert "Mijn tekst" in response.content.decode()


def test_consent_lists_only_households_the_professional_works_on_and_logs_them(world):
    account = written_account(world, consent=False)
    story = account.stories.get(kind=Story.Kind.HOUSEHOLD)
    consent_url = url("consent", account, story.pk)
    listed = AccessLogEntry.objects.filter(household_id=world.household.pk, outcome="granted")
    before = listed.count()
    page = as_(Client(), world.assigned).get(consent_url).content.decode()
    assert world.household.name in page
    assert listed.count() > before  # one row per member shown
    # A colleague of the team who does not work on the household sees nothing of it.
    page = as_(Client(), world.colleague).get(consent_url).content.decode()
    assert world.household.name not in page
    refused = as_(Client(), world.colleague).get(f"{consent_url}?household={world.household.pk}")
    assert refused.status_code == 404
    assert AccessLogEntry.objects.filter(
        household_id=world.household.pk, outcome="refused", username="colleague"
    ).exists()
    # The assigned professional opens the household and records Karima's consent.
    c = as_(Client(), world.assigned)
    form = c.get(f"{consent_url}?household={world.household.pk}")
    assert "Karima El Amrani" in form.content.decode()
    response = c.post(
        consent_url,
        {
            "version": account.version,
            "household": world.household.pk,
            "resident": world.resident.pk,
            "given_on": "2026-01-15",
            "form": "oral",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.has_consent and story.consent_form == "oral"


def test_a_team_member_starts_an_account(world):
    district, _ = districts(world)
    c = as_(Client(), world.colleague)
    page = c.get(reverse("reports:district", args=[district.code]))
    assert page.status_code == 200
    response = c.post(reverse("reports:district", args=[district.code]), {"year": YEAR})
    assert response.status_code == 302
    assert AreaAccount.objects.filter(district=district, year=YEAR).exists()
    assert (
        c.post(reverse("reports:district", args=[district.code]), {"year": 1999}).status_code == 400
    )


def test_unknown_district_or_year_is_a_404(world):
    district, _ = districts(world)
    c = as_(Client(), world.assigned)
    assert c.get(reverse("reports:district", args=["WK000000"])).status_code == 404
    assert c.get(reverse("reports:account", args=[district.code, 2001])).status_code == 404
    assert Client().get(reverse("reports:public", args=["WK000000", 2025])).status_code == 404


def _more_stories(world, account, n):
    from nabij.reports import services
    from nabij.reports.tests.helpers import actor_of

    for i in range(n):
        services.story_add(
            actor=actor_of(world.assigned),
            account=account,
            expected_version=account.version,
            kind="household",
            title=f"Verhaal {i}",
            text="Een gezin vond een huis.",
        )


def test_the_pages_cost_the_same_queries_for_more_stories(world, django_assert_max_num_queries):
    """No query per story: the edit page and the published page read a fixed number."""
    from nabij.reports import selectors

    account = written_account(world)
    c = as_(Client(), world.assigned)
    c.get(url("account", account))  # the kept register, the session, the caches: warm
    with django_assert_max_num_queries(30) as few:
        assert c.get(url("account", account)).status_code == 200
    _more_stories(world, account, 12)
    selectors.check_register(fresh=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get(url("account", account)).status_code == 200
    published = published_account(world, year=YEAR - 1)
    with django_assert_max_num_queries(6):
        assert Client().get(url("public", published)).status_code == 200
