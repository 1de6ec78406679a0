"""The demo's accounts: last year's published with consent, this year's draft flagged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nabij.demo import services as demo
from nabij.reports import selectors
from nabij.reports.demo_data import DEMO_DISTRICT
from nabij.reports.models import AreaAccount, Story
from nabij.reports.story_check import Kind


@pytest.mark.django_db
def test_the_demo_publishes_last_year_and_leaves_this_year_flagged():
    assert demo.demo_load(households=20) is True
    year = timezone.localdate().year
    published = AreaAccount.objects.get(district__code=DEMO_DISTRICT, year=year - 1)
    assert published.status == AreaAccount.Status.PUBLISHED
    assert published.published_by.username == "teamleider"
    assert published.last_written_by.username == "wijkcoach"
    household_story = published.stories.get(kind=Story.Kind.HOUSEHOLD)
    assert household_story.has_consent
    assert household_story.consent_resident.first_name == "Gladys"
    assert [s["kind"] for s in published.published_content["stories"]] == [
        "household",
        "initiative",
    ]
    page = Client().get(reverse("reports:public", args=[DEMO_DISTRICT, year - 1]))
    assert page.status_code == 200 and "Martina" not in page.content.decode()

    draft = AreaAccount.objects.get(district__code=DEMO_DISTRICT, year=year)
    assert draft.status == AreaAccount.Status.DRAFT
    check = selectors.account_check(selectors.account_of(draft.district, year))
    assert [(f.kind, f.fragment) for f in check.findings] == [(Kind.NAME, "Karima El Amrani")]
