"""The caseload: sorted and filtered in the database from the address, plan state and next
evaluation shown, bad values left out (never a 500), the same queries for any number of rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nabij.access.gate import Actor
from nabij.plans import services as plan_services
from nabij.plans.models import Plan
from nabij.tests import factories as f

URL = reverse("people:caseload")


def _actor(world) -> Actor:
    return Actor(user=world.assigned.user, professional=world.assigned)


def _household(world, name: str, *, district=None):
    """A household of the assigned professional's team, with them as coordinator."""
    kwargs = {}
    if district is not None:
        address = f.AddressFactory(neighbourhood=f.NeighbourhoodFactory(district=district))
        kwargs = {"address": address, "neighbourhood": address.neighbourhood}
    h = f.HouseholdFactory(name=name, team=world.household.team, **kwargs)
    f.MembershipFactory(household=h)
    f.AssignmentFactory(household=h, professional=world.assigned, kind="coordinator")
    return h


def _goal(world, household, *, review_on=None, sign=False):
    actor = _actor(world)
    version = Plan.objects.get(household=household).version
    plan_services.goal_add(
        actor=actor,
        household=household,
        expected_version=version,
        text="Een doel",
        review_on=review_on,
    )
    if sign:
        plan_services.plan_sign_off(
            actor=actor, household=household, expected_version=version + 1, signed_off_by="Ma"
        )


def _names(response) -> list[str]:
    return [h.name for h in response.context["page"].object_list]


@pytest.fixture
def caseload(world):
    """Four households besides El Amrani (no goals): one signed with an evaluation soon, one
    not signed with an overdue evaluation, one with an open threat, one in another district."""
    today = timezone.localdate()
    signed = _household(world, "Huishouden Bakker")
    _goal(world, signed, review_on=today + dt.timedelta(days=10), sign=True)
    overdue = _household(world, "Huishouden Cohen")
    _goal(world, overdue, review_on=today - dt.timedelta(days=3))
    threatened = _household(world, "Huishouden Dijkstra")
    plan_services.threat_record(
        household=threatened, kind="eviction", deadline=today + dt.timedelta(days=20)
    )
    elsewhere = _household(world, "Huishouden Zwart", district=f.DistrictFactory(name="Zuid"))
    return {"signed": signed, "overdue": overdue, "threatened": threatened, "zuid": elsewhere}


@pytest.mark.django_db
def test_caseload_shows_plan_state_and_next_evaluation(world, caseload, login):
    response = login(world.assigned).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    rows = {h.name: h for h in response.context["page"].object_list}
    assert rows["Huishouden Bakker"].plan_state == 4  # signed
    assert rows["Huishouden Cohen"].plan_state == 2  # goals, not signed
    assert rows["Huishouden El Amrani"].plan_state == 1  # no goals
    assert rows["Huishouden Cohen"].next_review < timezone.localdate()
    assert rows["Huishouden Dijkstra"].open_threats == 1
    review = (timezone.localdate() + dt.timedelta(days=10)).strftime("%-d\u2011%-m\u2011%Y")
    assert review in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"plan": "4"}, ["Huishouden Bakker"]),
        ({"plan": "1"}, ["Huishouden Dijkstra", "Huishouden El Amrani", "Huishouden Zwart"]),
        ({"review": "overdue"}, ["Huishouden Cohen"]),
        ({"review": "soon"}, ["Huishouden Bakker"]),
        ({"threats": "on"}, ["Huishouden Dijkstra"]),
        ({"q": "zwa"}, ["Huishouden Zwart"]),
    ],
)
def test_caseload_filters(world, caseload, login, params, expected):
    response = login(world.assigned).get(URL, params)
    assert response.status_code == 200
    assert _names(response) == expected
    assert response.context["ignored"] == []


@pytest.mark.django_db
def test_caseload_filters_by_district(world, caseload, login):
    code = caseload["zuid"].neighbourhood.district.code
    response = login(world.assigned).get(URL, {"district": code})
    assert _names(response) == ["Huishouden Zwart"]


@pytest.mark.django_db
def test_caseload_sorts_in_the_database(world, caseload, login):
    client = login(world.assigned)
    # next evaluation: overdue first, then soon, households without one last (by name)
    by_review = _names(client.get(URL, {"sort": "review"}))
    assert by_review[:2] == ["Huishouden Cohen", "Huishouden Bakker"]
    assert _names(client.get(URL, {"sort": "threats"}))[0] == "Huishouden Dijkstra"
    assert _names(client.get(URL, {"sort": "-plan"}))[0] == "Huishouden Bakker"
    assert _names(client.get(URL, {"sort": "-name"}))[0] == "Huishouden Zwart"
    by_district = _names(client.get(URL, {"sort": "-district"}))
    assert by_district[0] == "Huishouden Zwart"
    # the column header says how the list is sorted, and sorts the other way when clicked
    html = client.get(URL, {"sort": "review"}).content.decode()
    header = re.search(r'<th scope="col" aria-sort="ascending"><a href="([^"]+)">', html)
    assert header and "sort=-review" in header.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"plan": "9"},
        {"plan": "x"},
        {"review": "yesterday"},
        {"district": "WK9999"},
        {"sort": "password"},
        {"sort": "-"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"threats": "maybe", "q": "x" * 5000},
    ],
)
def test_caseload_bad_values_are_left_out_never_a_500(world, caseload, login, params):
    response = login(world.assigned).get(URL, params)
    assert response.status_code == 200
    assert len(_names(response)) >= 1 or "q" in params
    if set(params) & {"plan", "review", "district", "sort"}:
        assert response.context["ignored"], "the page names what it left out"


@pytest.mark.django_db
def test_caseload_filters_stay_within_what_the_user_may_see(world, caseload, login):
    """A filter never widens the list: another team's household stays out, and its district is
    not even offered."""
    other = world.other_household
    response = login(world.assigned).get(URL, {"district": other.neighbourhood.district.code})
    assert other.name not in response.content.decode()
    assert other.name not in _names(response)
    assert len(_names(response)) == 5, "left out, the filter shows the whole own caseload"
    assert response.context["ignored"], "a district outside the caseload is not a choice"


@pytest.mark.django_db
def test_caseload_queries_stay_constant_with_filters_and_sort(world, login):
    """Filtered and sorted, the page asks the same number of queries for 2 or 12 households."""
    client = login(world.assigned)
    params = {"sort": "review", "review": "", "plan": "", "district": ""}

    def count() -> int:
        client.get(URL, params)  # warm up (sessions, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    today = timezone.localdate()
    for i in range(2):
        h = _household(world, f"Huishouden A{i}")
        _goal(world, h, review_on=today + dt.timedelta(days=i))
    small = count()
    for i in range(10):
        h = _household(world, f"Huishouden B{i}", district=f.DistrictFactory())
        _goal(world, h, review_on=today + dt.timedelta(days=i), sign=i % 2 == 0)
        plan_services.threat_record(
            household=h, kind="eviction", deadline=today + dt.timedelta(days=5)
        )
    big = count()
    assert big == small, f"{small} queries for 3 households, {big} for 13"
