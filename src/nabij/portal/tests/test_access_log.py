"""Wie keek in ons dossier: grouped in SQL, in plain words, refusals included, and only the rows
a member may see (their own, their young children's with parental authority; never another
adult's)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nabij.access import gate
from nabij.access import selectors_residents as log_selectors
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.history import entry_at, insert_dated
from nabij.access.log_phrases import PHRASES, describe
from nabij.access.models import AccessLogEntry, RecordedRequest
from nabij.portal.tests.conftest import signed_in

pytestmark = pytest.mark.django_db

URL = "/mijn/inzage/"
API = "/api/v1/me/access-log"


def actor(professional) -> gate.Actor:
    return gate.Actor(user=professional.user, professional=professional)


def lines(client: Client, **params) -> list[dict]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()["lines"]


def others(found: list[dict]) -> list[dict]:
    """Leave out the resident's own visits (the page's own reads)."""
    return [line for line in found if not line["is_you"]]


def test_repeated_reads_on_one_day_are_one_line_with_a_count(world, karima):
    pro = signed_in(world.assigned.user)
    for _ in range(3):
        assert (
            pro.get(reverse("people:household_detail", args=[world.household.pk])).status_code
            == 200
        )
    [line] = [x for x in lines(karima) if x["event"] == "dossier.view"]
    assert line["times"] == 3
    assert line["who"] == world.assigned.user.get_full_name()
    assert line["organisation"] == world.assigned.organisation.name
    assert line["role"] == "Medewerker sociaal wijkteam"
    assert line["what"] == "bekeek het dossier van het huishouden"
    assert line["why"] == "om het huishouden te helpen"
    assert line["first_at"] <= line["last_at"]
    # in this world Noor is grown up: her rows are hers
    assert line["about_ids"] == [world.resident.pk] and line["about"] == ["u"]


def test_two_days_are_two_lines_and_two_actions_two_lines(world, karima):
    yesterday = timezone.now() - dt.timedelta(days=1)
    rows = [
        entry_at(
            at,
            actor(world.assigned),
            event=event,
            outcome=Outcome.GRANTED,
            purpose=Purpose.CARE,
            resident_id=world.resident.pk,
            household_id=world.household.pk,
        )
        for at, event in (
            (yesterday, Event.DOSSIER_VIEW),
            (yesterday, Event.PLAN_VIEW),
            (timezone.now(), Event.DOSSIER_VIEW),
        )
    ]
    insert_dated(rows)
    found = others(lines(karima))
    today = timezone.localdate().isoformat()
    assert [(x["day"] == today, x["event"], x["times"]) for x in found] == [
        (True, "dossier.view", 1),
        (False, "dossier.view", 1),
        (False, "plan.view", 1),
    ]


def test_a_refusal_is_shown_as_a_refusal(world, karima):
    outsider = signed_in(world.colleague.user)
    assert (
        outsider.get(reverse("people:household_detail", args=[world.household.pk])).status_code
        == 404
    )
    [line] = others(lines(karima))
    assert line["refused"] is True
    assert line["who"] == world.colleague.user.get_full_name()
    assert line["what"] == (
        "probeerde het dossier van het huishouden te bekijken, maar mocht dat niet"
    )
    page = karima.get(URL).content.decode()
    assert "Geweigerd" in page
    assert "Probeerde het dossier van het huishouden te bekijken, maar mocht dat niet" in page


def test_a_member_never_sees_another_adults_rows(world, family):
    """Youssef's own rows (his details read by the coordinator) are his, not Karima's."""
    pro = signed_in(world.assigned.user)
    assert pro.get(reverse("people:resident_detail", args=[family.partner.pk])).status_code == 200
    karima = signed_in(family.karima_user)
    youssef = signed_in(family.partner_user)
    assert not [x for x in others(lines(karima)) if x["event"] == "resident.view"]
    [line] = [x for x in others(lines(youssef)) if x["event"] == "resident.view"]
    assert line["about"] == ["u"] and line["about_ids"] == [family.partner.pk]
    # and a household read lists only whom the reader may see
    assert pro.get(reverse("people:household_detail", args=[world.household.pk])).status_code == 200
    [seen] = [x for x in lines(karima) if x["event"] == "dossier.view"]
    assert set(seen["about_ids"]) == {family.karima.pk, family.child.pk}
    assert seen["about"] == ["u", "Noor"] or seen["about"] == ["Noor", "u"]
    [his] = [x for x in lines(youssef) if x["event"] == "dossier.view"]
    assert his["about_ids"] == [family.partner.pk]


def test_a_parent_with_authority_sees_the_childs_rows_and_one_without_does_not(world, family):
    pro = signed_in(world.assigned.user)
    assert pro.get(reverse("people:resident_detail", args=[family.child.pk])).status_code == 200
    karima = signed_in(family.karima_user)
    [line] = [x for x in lines(karima) if x["event"] == "resident.view"]
    assert line["about"] == ["Noor"]
    youssef = signed_in(family.partner_user)  # no parental authority recorded for him
    assert not [x for x in lines(youssef) if x["event"] == "resident.view"]
    assert "Noor" in karima.get(URL).content.decode()


def test_without_authority_the_child_is_not_shown(world, family):
    family.karima.memberships.update(parental_authority=False)
    pro = signed_in(world.assigned.user)
    assert pro.get(reverse("people:resident_detail", args=[family.child.pk])).status_code == 200
    assert not [x for x in lines(signed_in(family.karima_user)) if x["event"] == "resident.view"]


def test_reading_the_log_is_logged_for_the_resident(world, karima):
    karima.get(URL)
    row = AccessLogEntry.objects.get(event=Event.ME_ACCESS_LOG_VIEW)
    assert (row.resident_id, row.outcome, row.purpose, row.role) == (
        world.resident.pk,
        "granted",
        "own_data",
        "resident",
    )
    assert row.user_id == world.resident_user.pk


def test_a_parent_reading_the_log_is_logged_for_the_child_too(world, family):
    signed_in(family.karima_user).get(URL)
    subjects = set(
        AccessLogEntry.objects.filter(event=Event.ME_ACCESS_LOG_VIEW).values_list(
            "resident_id", flat=True
        )
    )
    assert subjects == {family.karima.pk, family.child.pk}


def test_the_residents_own_reads_are_one_line_a_day_and_can_be_hidden(world, karima):
    for _ in range(4):
        assert karima.get(URL).status_code == 200
    own = [x for x in lines(karima) if x["event"] == "me.access_log.view"]
    assert len(own) == 1 and own[0]["is_you"] and own[0]["who"] == "U"
    assert own[0]["times"] == 5  # four pages and this API read
    assert not [x for x in lines(karima, others_only=True) if x["is_you"]]
    assert "Toon alleen wat anderen deden" in karima.get(URL).content.decode()


def test_a_request_of_a_third_party_is_named(world, karima):
    request = RecordedRequest.objects.create(
        household=world.household,
        requester="Raad voor de Kinderbescherming",
        legal_basis="child_protection",
        reference="RvdK-1",
        received_on=timezone.localdate(),
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        recorded_by=world.assigned,
    )
    gate.log(
        actor(world.assigned),
        event=Event.DOSSIER_VIEW,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE,
        resident_ids=[world.resident.pk],
        household_id=world.household.pk,
        request=request,
    )
    [line] = others(lines(karima))
    assert line["on_behalf_of"].startswith("Raad voor de Kinderbescherming (")
    assert "Op verzoek van: Raad voor de Kinderbescherming" in karima.get(URL).content.decode()


def _spread_rows(world, count: int, *, days: int, seed: int = 7) -> list:
    """``count`` rows over ``days`` days by three professionals, about Karima and Noor."""
    rng = random.Random(seed)
    pros = [world.assigned, world.coordinator, world.colleague]
    now = timezone.now()
    rows = []
    for _ in range(count):
        pro = rng.choice(pros)
        rows.append(
            entry_at(
                now - dt.timedelta(days=rng.randrange(days), minutes=rng.randrange(600)),
                actor(pro),
                event=rng.choice([Event.DOSSIER_VIEW, Event.PLAN_VIEW, Event.COSTS_READ]),
                outcome=Outcome.REFUSED if pro == world.colleague else Outcome.GRANTED,
                purpose=Purpose.CARE,
                resident_id=rng.choice([world.resident.pk, world.child.pk]),
                household_id=world.household.pk,
            )
        )
    insert_dated(rows)
    return rows


def test_paging_walks_every_group_once(world, monkeypatch):
    """Small windows and pages: following next_cursor to the end gives exactly the groups a
    plain count per day, actor, event and outcome gives, none twice, newest day first."""
    monkeypatch.setattr(log_selectors, "WINDOW_ROWS", 25)
    rows = _spread_rows(world, 600, days=40)
    ids = [world.resident.pk, world.child.pk]
    expected = Counter(
        (timezone.localtime(r.occurred_at).date(), r.user_id, r.event, r.outcome) for r in rows
    )
    seen: list[tuple] = []
    days: list[dt.date] = []
    cursor = None
    for _ in range(1000):
        page = log_selectors.log_page(ids, cursor=cursor, page_groups=7)
        for g in page.groups:
            seen.append((g.day, g.user_id, g.event, g.outcome))
            days.append(g.day)
            assert g.times == max(
                expected_rows(rows, g, world.resident.pk), expected_rows(rows, g, world.child.pk)
            )
        if page.next is None:
            break
        cursor = page.next
    assert len(seen) == len(set(seen)), "a group was shown twice"
    assert set(seen) == set(expected)
    assert days == sorted(days, reverse=True)


def expected_rows(rows: list, g, resident_id: int) -> int:
    return sum(
        1
        for r in rows
        if r.resident_id == resident_id
        and timezone.localtime(r.occurred_at).date() == g.day
        and (r.user_id, r.event, r.outcome) == (g.user_id, g.event, g.outcome)
    )


def test_the_page_costs_the_same_queries_for_a_short_and_a_long_log(world, karima):
    _spread_rows(world, 60, days=30, seed=1)
    karima.get(URL)  # warm: the session's first request stamps it
    with CaptureQueriesContext(connection) as few:
        assert karima.get(URL).status_code == 200
    _spread_rows(world, 3000, days=300, seed=2)
    with CaptureQueriesContext(connection) as many:
        assert karima.get(URL).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_older_lines_are_on_the_next_page(world, karima, monkeypatch):
    monkeypatch.setattr(log_selectors, "PAGE_GROUPS", 3)
    _spread_rows(world, 200, days=60, seed=3)
    first = karima.get(URL).content.decode()
    assert "Oudere regels" in first
    token = karima.get(API).json()["next_cursor"]
    assert token
    older = karima.get(URL, {"pagina": token})
    assert older.status_code == 200
    assert "Terug naar de nieuwste regels" in older.content.decode()


def test_a_bad_cursor_is_a_clear_error(world, karima):
    response = karima.get(API, {"cursor": "gisteren"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"
    page = karima.get(URL, {"pagina": "2025-02-30.1"})
    assert page.status_code == 200
    assert "Deze pagina van de lijst bestaat niet" in page.content.decode()


def test_professionals_and_anonymous_are_refused(world, client):
    assert client.get(URL).status_code == 302
    assert client.get(API).status_code == 401
    pro = signed_in(world.assigned.user)
    assert pro.get(URL).status_code == 403
    assert pro.get(API).status_code == 403
    assert (
        AccessLogEntry.objects.filter(
            event=Event.ME_ACCESS_LOG_VIEW, outcome="refused", username="assigned"
        ).count()
        == 2
    )


def test_every_phrase_belongs_to_a_real_event_and_reads_two_ways():
    events = {e.value for e in Event}
    assert set(PHRASES) <= events
    for done, tried in PHRASES.values():
        assert str(done) != str(tried) and "%" not in str(done)


def test_an_event_without_phrases_still_reads_as_a_sentence():
    assert describe("me.plan.goal.archive", refused=False) == "veranderde het plan"
    assert describe("me.messages.view", refused=True) == (
        "probeerde de berichten te bekijken, maar mocht dat niet"
    )
    assert describe("plan.priority.form", refused=False) == "opende een formulier voor het plan"
    assert describe("something.new", refused=False) == ("deed iets met de gegevens (something.new)")


@pytest.mark.parametrize(
    "utc",
    [
        "2026-03-28T22:59:59",  # 23:59:59 local, winter: still the 28th
        "2026-03-28T23:00:00",  # 00:00 local on the 29th
        "2026-03-29T00:59:00",  # just before summer time starts (02:00 local)
        "2026-03-29T01:00:00",  # 03:00 local, summer time
        "2026-06-30T22:30:00",  # 00:30 local on 1 July
        "2026-10-24T21:59:00",  # 23:59 local, summer
        "2026-10-25T00:30:00",  # 02:30 local, summer: before the change back
        "2026-10-25T01:30:00",  # 02:30 local again, winter
        "2026-12-31T23:00:00",  # midnight local: the new year
        "2025-07-15T21:59:59",
    ],
)
def test_a_line_has_the_local_day_also_around_daylight_saving(world, utc):
    at = dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC)
    insert_dated(
        [
            entry_at(
                at,
                actor(world.assigned),
                event=Event.DOSSIER_VIEW,
                outcome=Outcome.GRANTED,
                purpose=Purpose.CARE,
                resident_id=world.resident.pk,
                household_id=world.household.pk,
            )
        ]
    )
    upper = log_selectors.Cursor(dt.date(2027, 1, 10))
    [group] = log_selectors.log_page([world.resident.pk], cursor=upper).groups
    assert group.day == timezone.localtime(at).date()


def test_the_offsets_follow_the_zone():
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert log_selectors.offset_segments(start, end) == [
        (start, 60),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC), 120),
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC), 60),
    ]
