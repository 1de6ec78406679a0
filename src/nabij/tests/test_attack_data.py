"""Attack classes of issue 9 about the data itself: loose data that fuzzing stored, and the gate
that followed a moved resident to the old household on PostgreSQL.

Each refusal is checked where a caller meets it (the page, the API, the service) and, where
SQL can say the rule, in the database itself, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nabij.access import gate
from nabij.access.models import AccessLogEntry, Assignment
from nabij.access.services import api_token_create
from nabij.assessment import services as assessment_services
from nabij.core.validators import clean_text
from nabij.demo import generator as g
from nabij.demo.world import TEAMS
from nabij.matching import services as matching_services
from nabij.matching.models import Participant, Skill
from nabij.people import services
from nabij.people.models import HEAD_MIN_AGE, Household, NetworkMember, Resident
from nabij.plans import services as plan_services
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
INFANT = TODAY - dt.timedelta(days=200)
CONTROL_NAMES = [
    "Karima\x00",  # NUL: PostgreSQL cannot even store it (a 500 before)
    "Kar\x1b[31mima",  # a terminal escape sequence
    "Kar\nima",  # a line break in a name
    "\u202eamiraK",  # right-to-left override: shows reversed
    "Kar\u200bima",  # zero-width space: looks like "Karima"
    "Kari\x85ma",  # C1 next line
]


def api_client(professional) -> Client:
    token = api_token_create(user=professional.user, name="attack")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def resident_in(**overrides) -> dict:
    return {
        "first_name": "Noor",
        "last_name": "El Amrani",
        "date_of_birth": "2015-03-01",
        "bsn": "",
    } | overrides


def problem_fields(response) -> set[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return {e["field"].split(".")[-1] for e in response.json().get("errors", [])}


def household_body(first_member: dict, name: str = "Huishouden Test") -> dict:
    return {
        "name": name,
        "address": {
            "postcode": "8921 AB",
            "street": "Teststraat",
            "house_number": 1,
            "addition": "",
            "city": "Leeuwarden",
            "neighbourhood_code": "",
        },
        "first_member": first_member,
    }


class TestLooseData:
    """Fuzzing stored a birth date in the year 215, infants as head of the household, 26 heads
    in one household, and control characters in names."""

    # --- implausible dates -----------------------------------------------------------------

    @pytest.mark.parametrize("born", ["0215-03-01", "1899-12-31"])
    def test_api_refuses_a_birth_date_before_1900(self, world, born):
        api = api_client(world.assigned)
        url = f"/api/v1/households/{world.household.pk}/members"
        body = {"resident": resident_in(date_of_birth=born), "role": "child"}
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 422
        assert "date_of_birth" in problem_fields(response)
        assert (
            not Resident.objects.filter(first_name="Noor", last_name="El Amrani")
            .exclude(pk=world.child.pk)
            .exists()
        )

    def test_api_refuses_a_birth_date_in_the_future(self, world):
        api = api_client(world.assigned)
        url = f"/api/v1/households/{world.household.pk}/members"
        future = (TODAY + dt.timedelta(days=1)).isoformat()
        body = {"resident": resident_in(date_of_birth=future), "role": "child"}
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 422
        assert "date_of_birth" in problem_fields(response)

    def test_page_refuses_a_birth_date_before_1900_on_the_field(self, world, login):
        client = login(world.assigned)
        url = reverse("people:member_add", args=[world.household.pk])
        data = resident_in(date_of_birth="0215-03-01") | {"role": "child"}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "date_of_birth" in response.context["form"].errors
        assert world.household.memberships.count() == 2

    def test_service_refuses_implausible_dates(self, world):
        with pytest.raises(ValidationError) as exc:
            services.member_add(
                household=world.household,
                role="child",
                resident=services.ResidentInput("Noor", "Test", dt.date(215, 3, 1)),
            )
        assert "date_of_birth" in exc.value.message_dict
        born = dt.date(2010, 5, 1)
        with pytest.raises(ValidationError) as exc:
            services.member_add(
                household=world.household,
                role="child",
                resident=services.ResidentInput("Noor", "Test", born),
                started_on=born - dt.timedelta(days=1),
            )
        assert "started_on" in exc.value.message_dict
        membership = world.household.memberships.get(resident=world.child)
        for ended_on in (TODAY + dt.timedelta(days=30), dt.date(2019, 12, 31)):
            with pytest.raises(ValidationError) as exc:
                services.member_end(
                    household=world.household, membership_id=membership.pk, ended_on=ended_on
                )
            assert "ended_on" in exc.value.message_dict
        membership.refresh_from_db()
        assert membership.ended_on is None

    def test_database_refuses_dates_before_1900(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            Resident.objects.create(first_name="A", last_name="B", date_of_birth=dt.date(215, 3, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            f.MembershipFactory(role="child", started_on=dt.date(1899, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            f.NetworkMemberFactory(household=world.household, added_on=dt.date(1899, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            f.NetworkMemberFactory(
                household=world.household,
                added_on=dt.date(2024, 1, 2),
                ended_on=dt.date(2024, 1, 1),
            )

    # --- household roles ---------------------------------------------------------------------

    def test_api_refuses_an_infant_as_head_of_a_new_household(self, world):
        api = api_client(world.assigned)
        body = household_body(resident_in(date_of_birth=INFANT.isoformat()))
        body["address"]["neighbourhood_code"] = world.household.neighbourhood.code
        response = api.post("/api/v1/households", body, content_type="application/json")
        assert response.status_code == 422
        assert "date_of_birth" in problem_fields(response)
        assert not Household.objects.filter(name="Huishouden Test").exists()

    def test_api_refuses_an_infant_as_partner(self, world):
        api = api_client(world.assigned)
        url = f"/api/v1/households/{world.household.pk}/members"
        body = {"resident": resident_in(date_of_birth=INFANT.isoformat()), "role": "partner"}
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 422
        assert "role" in problem_fields(response)

    def test_a_sixteen_year_old_may_head_a_household(self, world):
        """The boundary: a young person living on their own is registered as the head."""
        born = TODAY.replace(year=TODAY.year - HEAD_MIN_AGE) - dt.timedelta(days=1)
        alone = f.HouseholdFactory(team=world.household.team)
        membership = services.member_add(
            household=alone, role="head", resident=services.ResidentInput("Jesse", "Test", born)
        )
        assert membership.role == "head"
        younger = born + dt.timedelta(days=2)
        with pytest.raises(ValidationError) as exc:
            services.member_add(
                household=alone,
                role="partner",
                resident=services.ResidentInput("Sam", "Test", younger),
            )
        assert "role" in exc.value.message_dict

    def test_second_head_refused_by_api_page_and_database(self, world, login):
        api = api_client(world.assigned)
        url = f"/api/v1/households/{world.household.pk}/members"
        body = {"resident": resident_in(date_of_birth="1980-01-01"), "role": "head"}
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 422
        assert "role" in problem_fields(response)

        page = login(world.assigned).post(
            reverse("people:member_add", args=[world.household.pk]),
            resident_in(date_of_birth="1980-01-01") | {"role": "head"},
        )
        assert page.status_code == 400
        assert "role" in page.context["form"].errors
        assert world.household.memberships.filter(role="head").count() == 1

        with pytest.raises(IntegrityError), transaction.atomic():
            f.MembershipFactory(household=world.household, role="head")

    def test_one_partner_at_a_time(self, world):
        services.member_add(
            household=world.household,
            role="partner",
            resident=services.ResidentInput("Youssef", "El Amrani", dt.date(1983, 2, 1)),
        )
        with pytest.raises(ValidationError) as exc:
            services.member_add(
                household=world.household,
                role="partner",
                resident=services.ResidentInput("Omar", "El Amrani", dt.date(1983, 2, 1)),
            )
        assert "role" in exc.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            f.MembershipFactory(household=world.household, role="partner")

    def test_head_may_be_replaced_after_the_old_one_left(self, world):
        """ "At most one" is about current members: the history keeps the former head."""
        head = world.household.memberships.get(role="head")
        services.member_end(household=world.household, membership_id=head.pk, ended_on=TODAY)
        services.member_add(
            household=world.household,
            role="head",
            resident=services.ResidentInput("Fatima", "El Amrani", dt.date(1960, 1, 1)),
        )
        assert world.household.memberships.filter(role="head").count() == 2
        assert world.household.memberships.filter(role="head", ended_on=None).count() == 1

    # --- control characters ------------------------------------------------------------------

    @pytest.mark.parametrize("name", CONTROL_NAMES)
    def test_api_refuses_control_characters_in_names(self, world, name):
        api = api_client(world.assigned)
        members = f"/api/v1/households/{world.household.pk}/members"
        response = api.post(
            members,
            {"resident": resident_in(first_name=name), "role": "child"},
            content_type="application/json",
        )
        assert response.status_code == 422
        assert "first_name" in problem_fields(response)
        network = f"/api/v1/households/{world.household.pk}/network"
        response = api.post(
            network, {"name": name, "relation": "friend"}, content_type="application/json"
        )
        assert response.status_code == 422
        assert "name" in problem_fields(response)
        body = household_body(resident_in(date_of_birth="1980-01-01"), name=name)
        body["address"]["neighbourhood_code"] = world.household.neighbourhood.code
        response = api.post("/api/v1/households", body, content_type="application/json")
        assert response.status_code == 422
        assert "name" in problem_fields(response)
        assert (
            not Resident.objects.filter(first_name__contains="Kar")
            .exclude(first_name="Karima")
            .exists()
        )

    @pytest.mark.parametrize("name", ["Kar\x07ima", "Kar\u200bima"])
    def test_pages_refuse_control_characters_on_the_field(self, world, login, name):
        client = login(world.assigned)
        response = client.post(
            reverse("people:member_add", args=[world.household.pk]),
            resident_in(last_name=name) | {"role": "child"},
        )
        assert response.status_code == 400
        assert "last_name" in response.context["form"].errors
        response = client.post(
            reverse("people:network_add", args=[world.household.pk]),
            {"name": "Buurvrouw", "relation": "neighbour", "relation_detail": name},
        )
        assert response.status_code == 400
        assert "relation_detail" in response.context["form"].errors
        assert not NetworkMember.objects.exists()

    def test_services_refuse_control_characters_everywhere_a_person_is_named(self, world):
        with pytest.raises(ValidationError) as exc:
            services.network_member_add(
                household=world.household, name="Oom\x1b]0;x\x07", relation="family"
            )
        assert "name" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.network_member_add(
                household=world.household, name="Oom", relation="family", can_do="a\x00b"
            )
        assert "can_do" in exc.value.message_dict
        skill = Skill.objects.filter(active=True).first()
        assert skill is not None
        data = matching_services.ProfileInput(
            first_name="Ans\u202e",
            last_name="Bakker",
            neighbourhood_id=world.household.neighbourhood_id,
            languages=["nl"],
            offers={skill.pk: Decimal("2")},
        )
        with pytest.raises(ValidationError) as exc:
            matching_services.participant_register(
                actor=gate.Actor(user=world.broker.user, professional=world.broker),
                data=data,
                consent_given=True,
                consent_by="orally",
            )
        assert "first_name" in exc.value.message_dict
        assert not Participant.objects.exists()

        actor = gate.Actor(user=world.assigned.user, professional=world.assigned)
        with pytest.raises(ValidationError) as exc:
            assessment_services.priority_record(
                actor=actor, household=world.household, text="Rust", said_by="Karima\u2066"
            )
        assert "said_by" in exc.value.message_dict
        goal = plan_services.goal_add(
            actor=actor, household=world.household, expected_version=1, text="Werk"
        )
        with pytest.raises(ValidationError) as exc:
            plan_services.action_add(
                actor=actor,
                household=world.household,
                expected_version=2,
                goal_id=goal.pk,
                description="Koken",
                actor_kind="volunteer",
                actor_name="Ans\x1b[2J",
            )
        assert "actor_name" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            plan_services.plan_sign_off(
                actor=actor, household=world.household, expected_version=2, signed_off_by="\x00"
            )
        assert "signed_off_by" in exc.value.message_dict

    def test_names_are_stored_trimmed_with_ordinary_spaces(self, world):
        membership = services.member_add(
            household=world.household,
            role="child",
            resident=services.ResidentInput(
                "  Anne\u00a0Marie\t", " de Vries ", dt.date(2012, 1, 1)
            ),
        )
        assert (membership.resident.first_name, membership.resident.last_name) == (
            "Anne Marie",
            "de Vries",
        )
        # Line breaks and tabs are fine inside a note, never in a name.
        assert clean_text("een\r\ntwee\tdrie", multiline=True) == "een\ntwee\tdrie"
        with pytest.raises(ValidationError):
            clean_text("een\ntwee")

    def test_database_refuses_control_characters_in_names(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            Resident.objects.create(
                first_name="Kar\x1bima", last_name="B", date_of_birth=dt.date(1980, 1, 1)
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Household.objects.filter(pk=world.household.pk).update(name="Huis\nhouden")
        with pytest.raises(IntegrityError), transaction.atomic():
            f.NetworkMemberFactory(household=world.household, name="Buur\x85man")
        with pytest.raises(IntegrityError), transaction.atomic():
            Participant.objects.create(
                first_name="A\x07",
                last_name="B",
                neighbourhood=world.household.neighbourhood,
                consent_by="orally",
                consent_at=timezone.now(),
            )

    # --- the demo obeys the same rules ---------------------------------------------------------

    def test_demo_city_households_obey_the_role_rules(self):
        areas = [
            g.Area(code=f"BU{d[2:]}01", name=f"Buurt {i}", district_code=d, inhabitants=800)
            for i, d in enumerate(d for team in TEAMS for d in team.districts)
        ]
        today = dt.date(2026, 11, 23)
        specs = list(g.household_specs(areas=areas, count=600, seed=9, today=today))
        for spec in specs:
            roles = [p.role for p in spec.members]
            assert roles.count("head") == 1 and roles.count("partner") <= 1
            for p in spec.members:
                assert clean_text(p.first_name) == p.first_name
                assert p.date_of_birth >= dt.date(1900, 1, 1)
                start = max(spec.started_on, p.date_of_birth)
                if p.role in ("head", "partner"):
                    resident = Resident(date_of_birth=p.date_of_birth)
                    assert resident.age_on(start) >= HEAD_MIN_AGE, (spec.name, p)


class TestMovedResident:
    """A resident who moved was reached through the old household's team on PostgreSQL, since
    ``resident_for`` sorted on the end date and NULL sorts last there (first on SQLite)."""

    @pytest.fixture
    def both(self, world):
        """``assigned`` may work on both households (assigned to the second one too)."""
        f.AssignmentFactory(
            household=world.other_household,
            professional=world.assigned,
            kind=Assignment.Kind.INVOLVED,
        )
        return world

    def move(self, world, on=None, role="child"):
        return services.resident_move(
            resident=world.child,
            to_household=world.other_household,
            on=on or TODAY - dt.timedelta(days=10),
            role=role,
        )

    def test_gate_follows_the_current_household(self, world):
        """The heart of the class; CI runs it on PostgreSQL too."""
        self.move(world)
        old_team = gate.Actor(user=world.coordinator.user, professional=world.coordinator)
        new_team = gate.Actor(
            user=world.other_coordinator.user, professional=world.other_coordinator
        )
        _resident, household = gate.resident_for(new_team, world.child.pk, event="resident.view")
        assert household == world.other_household
        with pytest.raises(gate.NotFound):  # not theirs any more: the answer to an unknown id
            gate.resident_for(old_team, world.child.pk, event="resident.view")
        refused = AccessLogEntry.objects.get(username="coordinator", outcome="refused")
        assert refused.household_id == world.other_household.pk

    def test_pages_and_api_follow_the_current_household(self, world, client):
        self.move(world)
        client.force_login(world.assigned.user)
        assert (
            client.get(reverse("people:resident_detail", args=[world.child.pk])).status_code == 404
        )
        response = api_client(world.other_professional).get(f"/api/v1/residents/{world.child.pk}")
        assert response.status_code == 200
        assert response.json()["household_id"] == world.other_household.pk

    def test_a_resident_who_left_is_reached_through_the_last_household(self, world):
        membership = world.household.memberships.get(resident=world.child)
        services.member_end(household=world.household, membership_id=membership.pk, ended_on=TODAY)
        actor = gate.Actor(user=world.assigned.user, professional=world.assigned)
        _resident, household = gate.resident_for(actor, world.child.pk, event="resident.view")
        assert household == world.household

    def test_move_keeps_history_in_one_transaction(self, world):
        on = TODAY - dt.timedelta(days=3)
        new = self.move(world, on=on)
        rows = list(world.child.memberships.order_by("started_on", "pk"))
        assert [(m.household_id, m.started_on, m.ended_on) for m in rows] == [
            (world.household.pk, dt.date(2020, 1, 1), on),
            (world.other_household.pk, on, None),
        ]
        assert new.pk == rows[-1].pk

    @pytest.mark.parametrize(
        ("on", "role", "field"),
        [
            (dt.date(2019, 12, 31), "child", "on"),  # before the current membership started
            (TODAY + dt.timedelta(days=1), "child", "on"),  # in the future
            (TODAY, "head", "role"),  # the new household has a head already
        ],
    )
    def test_move_refuses_overlaps_and_role_conflicts(self, world, on, role, field):
        with pytest.raises(ValidationError) as exc:
            self.move(world, on=on, role=role)
        assert field in exc.value.message_dict
        assert world.child.memberships.get().household == world.household

    def test_move_to_the_same_household_is_refused(self, world):
        with pytest.raises(ValidationError):
            services.resident_move(
                resident=world.child, to_household=world.household, on=TODAY, role="child"
            )

    def test_database_holds_one_current_household_per_resident(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            f.MembershipFactory(household=world.other_household, resident=world.child, role="child")

    def test_api_moves_with_both_households_checked(self, both):
        w = both
        url = f"/api/v1/residents/{w.child.pk}/move"
        body = {"household_id": w.other_household.pk, "on": TODAY.isoformat(), "role": "child"}
        # A professional of the old household only: refused for the new one, nothing moved.
        colleague = f.ProfessionalFactory(team=w.household.team)
        f.AssignmentFactory(
            household=w.household, professional=colleague, kind=Assignment.Kind.INVOLVED
        )
        refused = api_client(colleague).post(url, body, content_type="application/json")
        assert refused.status_code in (403, 404)
        assert w.child.memberships.get().household == w.household
        assert AccessLogEntry.objects.filter(
            username=colleague.user.username,
            outcome="refused",
            household_id=w.other_household.pk,
        ).exists()
        # Someone of the new household only is refused at the resident already.
        refused = api_client(w.other_professional).post(url, body, content_type="application/json")
        assert refused.status_code in (403, 404)
        assert w.child.memberships.get().household == w.household

        bad = api_client(w.assigned).post(
            url, body | {"on": "0215-01-01"}, content_type="application/json"
        )
        assert bad.status_code == 422
        assert "on" in problem_fields(bad)
        moved = api_client(w.assigned).post(url, body, content_type="application/json")
        assert moved.status_code == 201, moved.content
        assert moved.json()["started_on"] == TODAY.isoformat()
        assert w.child.memberships.get(ended_on=None).household == w.other_household

    def test_page_moves_and_shows_errors_on_the_field(self, both, login):
        w = both
        client = login(w.assigned)
        url = reverse("people:resident_move", args=[w.child.pk])
        assert client.get(url).status_code == 200
        data = {"household_id": w.other_household.pk, "on": TODAY.isoformat(), "role": "head"}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "role" in response.context["form"].errors
        response = client.post(url, data | {"role": "child"})
        assert response.status_code == 302
        assert w.child.memberships.get(ended_on=None).household == w.other_household
