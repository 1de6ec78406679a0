"""Wie keek in ons dossier, readable (issue 13): the reads that open the data first, per day and
person with role and purpose said once; the lists a name appeared in counted apart, in one
sentence per list; every row still logged, and in the export."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access import gate
from nabij.access import selectors_residents as log_selectors
from nabij.access.enums import LIST_EVENTS, Event, Outcome, Purpose
from nabij.access.history import entry_at, insert_dated
from nabij.access.models import AccessLogEntry
from nabij.portal.tests.conftest import signed_in

pytestmark = pytest.mark.django_db

URL = "/mijn/inzage/"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_listing_the_caseload_is_logged_per_showing_and_counted_in_one_sentence(world, karima):
    pro = signed_in(world.assigned.user)
    for _ in range(3):
        assert pro.get(reverse("people:caseload")).status_code == 200
    assert pro.get(reverse("people:household_detail", args=[world.household.pk])).status_code == 200
    # NEN 7513: every showing stays a row of its own (who, whose data, when, what, role, purpose)
    listed = AccessLogEntry.objects.filter(event=Event.CASELOAD_LIST, resident=world.resident)
    assert listed.count() == 3
    assert {(r.username, r.role, r.purpose, r.outcome) for r in listed} == {
        (world.assigned.user.username, world.assigned.role, Purpose.CARE, Outcome.GRANTED)
    }

    page = text(karima.get(URL).content.decode())
    name = world.assigned.user.get_full_name()
    assert (
        f"Uw naam stond 3 keer in de werklijst van {name} (Medewerker sociaal wijkteam, "
        f"{world.assigned.organisation.name}), het laatst op"
    ) in page
    # the list is not a line among the reads, and the reads come first
    assert "in een lijst met huishoudens" not in page
    assert page.index("Bekeek het dossier van het huishouden") < page.index("Uw naam in een lijst")


def test_role_and_purpose_are_said_once_per_person_and_day(world, karima):
    pro = signed_in(world.assigned.user)
    for name in ("people:household_detail", "plans:plan_edit"):
        response = pro.get(reverse(name, args=[world.household.pk]))
        assert response.status_code == 200, name
    page = text(karima.get(URL).content.decode())
    assert page.count("Medewerker sociaal wijkteam") == 1
    assert page.count("Waarom: om het huishouden te helpen") == 1
    assert "Bekeek het dossier van het huishouden." in page
    assert "Bekeek het plan." in page


def test_a_list_is_counted_once_over_the_pages(world):
    """Each page counts the lists of its own days, so following the pages counts every row
    once, also when a day is split over two pages."""
    now = timezone.now()
    rows = []
    for days_ago in range(4):
        at = now - dt.timedelta(days=days_ago)
        for event in (
            Event.DOSSIER_VIEW,
            Event.PLAN_VIEW,
            Event.CASELOAD_LIST,
            Event.CASELOAD_LIST,
        ):
            rows.append(
                entry_at(
                    at,
                    gate.Actor(user=world.assigned.user, professional=world.assigned),
                    event=event,
                    outcome=Outcome.GRANTED,
                    purpose=Purpose.CARE,
                    resident_id=world.resident.pk,
                    household_id=world.household.pk,
                )
            )
    insert_dated(rows)
    ids = [world.resident.pk]
    counted, reads, pages, cursor = 0, 0, 0, None
    for _ in range(20):
        page = log_selectors.log_page(ids, cursor=cursor, exclude_events=LIST_EVENTS, page_groups=1)
        listed, _names = log_selectors.list_appearances(ids, LIST_EVENTS, page=page, cursor=cursor)
        counted += sum(item.times for item in listed)
        reads += sum(g.times for g in page.groups)
        assert all(g.event not in LIST_EVENTS for g in page.groups)
        pages += 1
        if page.next is None:
            break
        cursor = page.next
    assert pages == 8  # one group a page: two reads a day, four days
    assert (reads, counted) == (8, 8)


def test_the_export_keeps_every_list_row(world, karima):
    pro = signed_in(world.assigned.user)
    for _ in range(2):
        pro.get(reverse("people:caseload"))
    response = karima.get(reverse("portal:export_json"))
    assert response.status_code == 200
    data = json.loads(b"".join(response.streaming_content))
    events = [row["event"] for row in data["access_log"]["rows"]]
    assert events.count(Event.CASELOAD_LIST) == 2
