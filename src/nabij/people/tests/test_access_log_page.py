"""A resident's access log for professionals (issue 13): actions in words, never codes; per day
and person, role and purpose said once; showings of the same list in a row one line with a
count; every row is kept."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access.enums import Event
from nabij.access.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_log_is_in_words_grouped_and_lists_collapsed(world):
    pro = Client()
    pro.force_login(world.assigned.user)
    for _ in range(3):
        assert pro.get(reverse("people:caseload")).status_code == 200
    assert pro.get(reverse("people:household_detail", args=[world.household.pk])).status_code == 200
    url = reverse("people:access_log", args=[world.resident.pk])
    response = pro.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    for event in Event:
        assert f">{event.value}<" not in html and f" {event.value} " not in page
    assert "Bekeek het dossier van het huishouden" in page
    assert "Zag het huishouden in een lijst met huishoudens 3 keer" in page
    assert page.count("doel: Ondersteuning van het huishouden") == 1
    assert html.count(f"<strong>{world.assigned.user.get_full_name()}</strong>") == 1
    # every showing is still a row of its own (the API lists them one by one)
    listed = AccessLogEntry.objects.filter(resident=world.resident, event=Event.CASELOAD_LIST)
    assert listed.count() == 3
