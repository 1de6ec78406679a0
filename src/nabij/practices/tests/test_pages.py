"""The library's pages: public reading, search and filters (query count), drafting through the
gate, publishing with the check's findings shown, withdrawing; refusals logged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.practices.models import PracticeStory
from nabij.practices.tests.helpers import a_rule, drafted, published

pytestmark = pytest.mark.django_db


def test_the_library_is_public_and_shows_published_stories_only(client, world):
    story = published(world)
    drafted(world, title="Geheim concept")
    response = client.get(reverse("practices:index"))
    assert response.status_code == 200
    assert story.title in response.text and "Geheim concept" not in response.text
    assert client.get(reverse("practices:story", args=[story.pk])).status_code == 200
    draft = PracticeStory.objects.get(title="Geheim concept")
    assert client.get(reverse("practices:story", args=[draft.pk])).status_code == 404


def test_search_and_filters(client, world):
    rule = a_rule()
    a = published(world, title="Paspoort", domains=["justitie"], rule_ids=[rule.pk])
    b = published(
        world,
        title="Huur",
        text="De corporatie schortte de ontruiming op.",
        domains=["huisvesting"],
        outcome="partly",
        cost_before_cents=6_000_000,
        cost_after_cents=500_000,
    )
    url = reverse("practices:index")

    def titles(**params):
        return [s.title for s in client.get(url, params).context["stories"]]

    assert titles(q="ontruiming") == [b.title]
    assert titles(q="PASPOORT") == [a.title]
    assert titles(domain="huisvesting") == [b.title]
    assert titles(rule=rule.pk) == [a.title]
    assert titles(outcome="partly") == [b.title]
    assert titles(saving_min="50000") == [b.title]
    assert titles(saving_max="10000") == [a.title]
    assert client.get(url, {"municipality": "Nergens"}).status_code == 400  # not a choice
    assert client.get(url, {"rule": "abc"}).status_code == 400


def test_the_list_costs_the_same_queries_for_more_stories(client, world):
    rule = a_rule()
    published(world, rule_ids=[rule.pk])
    url = reverse("practices:index")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        published(world, title=f"Verhaal {i}", rule_ids=[rule.pk], domains=["adl", "justitie"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["stories"]) == 6
    assert len(many) == len(few)


def test_text_is_never_rendered_as_markup(client, world):
    story = published(world, text="Eerst <script>alert(1)</script> en <b>vet</b>.")
    response = client.get(reverse("practices:story", args=[story.pk]))
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)" in response.text


def test_drafting_from_a_breakthrough_goes_through_the_gate(client, world, login):
    from nabij.funds.tests.helpers import breakthrough_for

    bt = breakthrough_for(world.household, world.coordinator)
    url = reverse("practices:from_breakthrough", args=[bt.pk])
    login(world.colleague)
    assert client.get(url).status_code == 404
    assert AccessLogEntry.objects.filter(
        user=world.colleague.user, outcome="refused", event="practices.draft.start"
    ).exists()
    login(world.assigned)
    response = client.get(url)
    assert response.status_code == 200 and "Paspoort verlopen" in response.text
    granted = AccessLogEntry.objects.filter(
        user=world.assigned.user, outcome="granted", household_id=world.household.pk
    )
    assert {e.resident_id for e in granted} == {world.resident.pk, world.child.pk}
    response = client.post(
        url, {"title": "Paspoort", "text": "Een man kreeg een voorschot.", "outcome": "solved"}
    )
    story = PracticeStory.objects.get()
    assert response.status_code == 302 and story.breakthrough == bt


def test_publish_shows_the_findings_and_keeps_the_draft(client, world, login):
    story = drafted(world, text="Het ging goed. Karima El Amrani kreeg haar paspoort.")
    login(world.assigned)
    response = client.post(
        reverse("practices:publish", args=[story.pk]), {"version": story.version}
    )
    assert response.status_code == 400
    assert "consent" in response.text or "toestemming" in response.text
    edit = reverse("practices:edit", args=[story.pk])
    response = client.post(
        edit,
        {
            "version": story.version,
            "title": story.title,
            "text": story.text,
            "outcome": "solved",
            "consent_given_on": "2026-01-05",
            "consent_form": "oral",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    response = client.post(
        reverse("practices:publish", args=[story.pk]), {"version": story.version}
    )
    assert response.status_code == 400
    assert "Sentence 2" in response.text or "Zin 2" in response.text
    assert "<mark>Karima El Amrani</mark>" in response.text
    story.refresh_from_db()
    assert story.state == "draft"


def test_a_stale_form_is_a_conflict(client, world, login):
    story = drafted(world)
    login(world.assigned)
    form = {"version": story.version, "title": "A", "text": "Een tekst.", "outcome": "solved"}
    assert client.post(reverse("practices:edit", args=[story.pk]), form).status_code == 302
    assert client.post(reverse("practices:edit", args=[story.pk]), form).status_code == 409


def test_withdraw(client, world, login):
    story = published(world)
    login(world.colleague)  # not the author, not the coordinator
    response = client.post(
        reverse("practices:withdraw", args=[story.pk]), {"version": story.version}
    )
    assert response.status_code == 403
    login(world.coordinator)
    response = client.post(
        reverse("practices:withdraw", args=[story.pk]), {"version": story.version}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == "withdrawn"
    assert client.get(reverse("practices:story", args=[story.pk])).status_code == 404
