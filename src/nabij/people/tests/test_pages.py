import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nabij.access.gate import Actor
from nabij.assessment import services as assessment_services
from nabij.assessment.models import Instrument
from nabij.people.models import Household, Resident
from nabij.plans import services as plan_services
from nabij.tests import factories as f


def grow(world, *, members: int, goals: int, actions: int, assessments: int) -> None:
    """Make the household bigger in every dimension the dossier shows."""
    h = world.household
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    residents = [world.resident]
    for _ in range(members):
        m = f.MembershipFactory(household=h, role="child")
        residents.append(m.resident)
    for _ in range(members):
        f.NetworkMemberFactory(household=h)
        f.AssignmentFactory(
            household=h,
            kind="involved",
            professional=f.ProfessionalFactory(team=world.assigned.team),
        )
    for i in range(goals):
        v = h.plan.__class__.objects.get(household=h).version
        goal = plan_services.goal_add(actor=actor, household=h, expected_version=v, text=f"g{i}")
        for j in range(actions):
            v += 1
            plan_services.action_add(
                actor=actor,
                household=h,
                expected_version=v,
                goal_id=goal.pk,
                description=f"a{j}",
                actor_kind="professional",
                professional_id=world.assigned.pk,
            )
    instrument = Instrument.objects.get(code="zrm-11")
    domains = list(instrument.domains.all())
    for resident in residents:
        for k in range(assessments):
            assessment_services.assessment_record(
                actor=actor,
                resident=resident,
                instrument=instrument,
                assessed_on=dt.date(2025, 1 + k, 1),
                scores={d.pk: 1 + (k + d.position) % 5 for d in domains},
            )


def dossier_queries(client, world) -> int:
    client.force_login(world.assigned.user)
    url = reverse("people:household_detail", args=[world.household.pk])
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_dossier_queries_do_not_grow_with_household_or_plan(world, client):
    grow(world, members=1, goals=1, actions=1, assessments=1)
    small = dossier_queries(client, world)
    grow(world, members=4, goals=5, actions=3, assessments=3)
    big = dossier_queries(client, world)
    assert big == small, f"{small} queries for a small dossier, {big} for a big one"
    assert big <= 40


@pytest.mark.django_db
def test_caseload_queries_are_constant(world, client):
    client.force_login(world.coordinator.user)
    url = reverse("people:caseload")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    before = len(ctx.captured_queries)
    for _ in range(10):
        h = f.HouseholdFactory(team=world.household.team)
        f.MembershipFactory(household=h)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == before


@pytest.mark.django_db
def test_dossier_shows_priority_first_and_fgp_right(world, client):
    actor = Actor(user=world.assigned.user, professional=world.assigned)
    assessment_services.priority_record(
        actor=actor,
        household=world.household,
        text="Een eigen huis voor mij en Noor",
        said_by="Karima",
        recorded_on=dt.date(2026, 1, 1),
    )
    plan_services.goal_add(
        actor=actor, household=world.household, expected_version=1, text="Schulden regelen"
    )
    plan_services.threat_record(
        household=world.household, kind="eviction", deadline=dt.date.today() + dt.timedelta(days=20)
    )
    client.force_login(world.assigned.user)
    html = client.get(reverse("people:household_detail", args=[world.household.pk])).content
    html = html.decode()
    assert html.index("Een eigen huis voor mij en Noor") < html.index("Schulden regelen")
    assert "familiegroepsplan" in html.lower() or "family group plan" in html.lower()


@pytest.mark.django_db
def test_fragmentation_is_flagged(world, client):
    for i in range(6):
        org = f.OrganisationFactory(name=f"Org {i}")
        pro = f.ProfessionalFactory(organisation=org, team=None)
        f.AssignmentFactory(
            household=world.household, professional=pro, kind="involved", has_own_plan=i < 2
        )
    client.force_login(world.assigned.user)
    response = client.get(reverse("people:household_detail", args=[world.household.pk]))
    dossier = response.context["dossier"]
    assert dossier.involvement.organisation_count == 7
    assert dossier.involvement.plan_owner_count == 3
    assert dossier.involvement.too_many_organisations
    assert dossier.involvement.too_many_plan_owners


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bsn": "123456789"}, "bsn"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"neighbourhood": "BU99999999"}, "neighbourhood"),
        ({"name": "x" * 151}, "name"),
        ({"house_number": "twaalf"}, "house_number"),
        ({"postcode": "12345"}, "postcode"),
    ],
)
def test_household_form_rejects_bad_input_clearly(world, client, change, field):
    client.force_login(world.assigned.user)
    data = {
        "name": "Huishouden Test",
        "postcode": "8924 AB",
        "street": "Heechterp",
        "house_number": "12",
        "addition": "",
        "city": "Leeuwarden",
        "neighbourhood": world.household.neighbourhood.code,
        "first_name": "Jan",
        "last_name": "Test",
        "date_of_birth": "1990-02-03",
        "bsn": "111222333",
    } | change
    before = Household.objects.count(), Resident.objects.count()
    response = client.post(reverse("people:household_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert (Household.objects.count(), Resident.objects.count()) == before


@pytest.mark.django_db
def test_household_create_makes_creator_coordinator(world, client):
    client.force_login(world.colleague.user)
    response = client.post(
        reverse("people:household_create"),
        {
            "name": "Huishouden Nieuw",
            "postcode": "8924ab",
            "street": "Heechterp",
            "house_number": "12",
            "addition": "",
            "city": "Leeuwarden",
            "neighbourhood": world.household.neighbourhood.code,
            "first_name": "Jan",
            "last_name": "Nieuw",
            "date_of_birth": "1990-02-03",
            "bsn": "111222333",
        },
    )
    assert response.status_code == 302
    household = Household.objects.get(name="Huishouden Nieuw")
    assert household.address.postcode == "8924 AB"
    assert household.assignments.get().professional == world.colleague
    assert household.plan.version == 1
    assert client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_duplicate_bsn_is_a_clear_error(world, client):
    client.force_login(world.assigned.user)
    response = client.post(
        reverse("people:member_add", args=[world.household.pk]),
        {
            "first_name": "Dubbel",
            "last_name": "X",
            "date_of_birth": "2001-01-01",
            "bsn": world.resident.bsn,
            "role": "other",
        },
    )
    assert response.status_code == 400
    assert "BSN" in str(response.context["form"].errors)


@pytest.mark.django_db
def test_bsn_masked_unless_coordinator_reveals(world, client):
    url = reverse("people:resident_detail", args=[world.resident.pk])
    client.force_login(world.coordinator.user)  # team coordinator, not the household's own
    html = client.get(url + "?bsn=1").content.decode()
    assert world.resident.bsn not in html
    client.force_login(world.assigned.user)  # the household's coordinator
    html = client.get(url).content.decode()
    assert world.resident.bsn not in html and world.resident.bsn[-3:] in html
    html = client.get(url + "?bsn=1").content.decode()
    assert world.resident.bsn in html
    from nabij.access.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(
        event="resident.bsn.view", username="assigned", resident_id=world.resident.pk
    ).exists()


@pytest.mark.django_db
def test_member_end_keeps_history(world, client):
    client.force_login(world.assigned.user)
    membership = world.child.memberships.get()
    client.post(
        reverse("people:member_end", args=[world.household.pk]),
        {"membership": membership.pk, "ended_on": "2026-01-01"},
    )
    membership.refresh_from_db()
    assert membership.ended_on == dt.date(2026, 1, 1)
    response = client.get(reverse("people:household_detail", args=[world.household.pk]))
    assert [m.resident for m in response.context["dossier"].past_members] == [world.child]
