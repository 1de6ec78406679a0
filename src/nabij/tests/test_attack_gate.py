"""Attack classes of issue 9 around the gate itself, one class each: a household left without a
coordinator, audit fields the caller chooses, reads that were not logged, and unknown and
forbidden objects that answered differently."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nabij.access import services as access_services
from nabij.access.models import Assignment
from nabij.core.errors import DomainError


def _active_coordinators(household) -> list[int]:
    return list(
        Assignment.objects.filter(
            household=household, kind="coordinator", ended_on__isnull=True
        ).values_list("professional_id", flat=True)
    )


@pytest.mark.django_db
class TestHouseholdWithoutCoordinator:
    """A coordinator re-assigned as merely involved left the household with none; nobody could
    then reveal the BSN. Now the coordinator only changes in one swap."""

    def test_service_refuses_demoting_the_coordinator(self, world):
        with pytest.raises(DomainError):
            access_services.assignment_start(
                household_id=world.household.pk, professional=world.assigned, kind="involved"
            )
        assert _active_coordinators(world.household) == [world.assigned.pk]

    def test_service_refuses_ending_the_coordinator(self, world):
        assignment = Assignment.objects.get(household=world.household, kind="coordinator")
        with pytest.raises(DomainError):
            access_services.assignment_end(assignment=assignment)
        assert _active_coordinators(world.household) == [world.assigned.pk]

    def test_swap_leaves_exactly_one_coordinator(self, world):
        access_services.assignment_start(
            household_id=world.household.pk, professional=world.colleague, kind="involved"
        )
        access_services.assignment_start(
            household_id=world.household.pk, professional=world.colleague, kind="coordinator"
        )
        assert _active_coordinators(world.household) == [world.colleague.pk]
        # the colleague's earlier involvement ended with the swap: one live row each
        live = Assignment.objects.filter(household=world.household, ended_on__isnull=True)
        assert sorted(live.values_list("professional_id", flat=True)) == [world.colleague.pk]

    def test_page_refuses_demoting_the_coordinator(self, world, login):
        client = login(world.coordinator)
        url = reverse("plans:assignment_add", args=[world.household.pk])
        response = client.post(url, {"professional": world.assigned.pk, "kind": "involved"})
        assert response.status_code == 400
        assert _active_coordinators(world.household) == [world.assigned.pk]

    def test_page_refuses_ending_the_coordinator(self, world, login):
        client = login(world.coordinator)
        assignment = Assignment.objects.get(household=world.household, kind="coordinator")
        url = reverse("plans:assignment_end", args=[world.household.pk, assignment.pk])
        client.post(url)
        assert _active_coordinators(world.household) == [world.assigned.pk]

    def test_api_refuses_demoting_the_coordinator(self, world):
        token = access_services.api_token_create(user=world.coordinator.user, name="t")
        response = self._api(world, token).post(
            f"/api/v1/households/{world.household.pk}/assignments",
            {"professional_id": world.assigned.pk, "kind": "involved"},
            content_type="application/json",
        )
        assert response.status_code == 422
        assert _active_coordinators(world.household) == [world.assigned.pk]

    @staticmethod
    def _api(world, token):
        from django.test import Client

        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def test_the_new_coordinator_may_reveal_the_bsn(self, world, login):
        access_services.assignment_start(
            household_id=world.household.pk, professional=world.colleague, kind="coordinator"
        )
        client = login(world.colleague)
        url = reverse("people:resident_detail", args=[world.resident.pk]) + "?bsn=1"
        response = client.get(url)
        assert response.status_code == 200
        assert world.resident.bsn in response.content.decode()


BREAKTHROUGH = {
    "blocked": "Paspoort verlopen, geen uitkering",
    "rule": "Geen voorschot zonder inkomen",
    "decision": "€400 voorschot",
    "decided_on": "2026-03-01",
    "cost_cents": 40000,
}


def _rule_pk() -> str:
    """A rule from the register to pick on the page (issue 14: no rule in free text there)."""
    from nabij.learning.tests.helpers import a_rule

    return str(a_rule().pk)


@pytest.mark.django_db
class TestCallerChosenAuditFields:
    """A professional could record any team member, or the team coordinator, as the one who
    mandated a breakthrough. The mandate is now set by the server from who holds it."""

    def _api(self, professional):
        from django.test import Client

        token = access_services.api_token_create(user=professional.user, name="t")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def test_api_refuses_a_chosen_mandate(self, world):
        url = f"/api/v1/households/{world.household.pk}/breakthroughs"
        body = BREAKTHROUGH | {"mandated_by_id": world.coordinator.pk}
        response = self._api(world.assigned).post(url, body, content_type="application/json")
        assert response.status_code == 422
        assert not world.household.breakthroughs.exists()

    def test_professional_breakthrough_awaits_the_coordinator(self, world):
        url = f"/api/v1/households/{world.household.pk}/breakthroughs"
        made = self._api(world.assigned).post(url, BREAKTHROUGH, content_type="application/json")
        assert made.status_code == 201 and made.json()["mandated_by_id"] is None
        mandate = f"{url}/{made.json()['id']}/mandate"
        # the professional cannot mandate their own breakthrough, nor can another team
        refused = self._api(world.assigned).post(mandate)
        assert refused.status_code in (403, 404)
        refused = self._api(world.other_coordinator).post(mandate)
        assert refused.status_code in (403, 404)
        given = self._api(world.coordinator).post(mandate)
        assert given.status_code == 200
        assert given.json()["mandated_by_id"] == world.coordinator.pk
        again = self._api(world.coordinator).post(mandate)
        assert again.status_code == 422

    def test_page_ignores_a_chosen_mandate(self, world, login):
        client = login(world.assigned)
        url = reverse("plans:breakthrough_create", args=[world.household.pk])
        data = BREAKTHROUGH | {"cost": "400", "outcome": "pending", "rule_set_aside": _rule_pk()}
        response = client.post(url, data | {"mandated_by": world.coordinator.pk})
        assert response.status_code == 302
        assert world.household.breakthroughs.get().mandated_by is None

    def test_coordinator_gives_the_mandate_on_the_dossier(self, world, login):
        login(world.assigned).post(
            reverse("plans:breakthrough_create", args=[world.household.pk]),
            BREAKTHROUGH | {"cost": "400", "outcome": "pending", "rule_set_aside": _rule_pk()},
        )
        breakthrough = world.household.breakthroughs.get()
        client = login(world.coordinator)
        dossier = client.get(reverse("people:household_detail", args=[world.household.pk]))
        mandate_url = reverse(
            "plans:breakthrough_mandate", args=[world.household.pk, breakthrough.pk]
        )
        assert mandate_url in dossier.content.decode()
        client.post(mandate_url)
        breakthrough.refresh_from_db()
        assert breakthrough.mandated_by == world.coordinator


@pytest.mark.django_db
class TestUnloggedReads:
    """The saving-return claim form and the area-fund entries API showed household names and
    loan details without a log row per household."""

    @pytest.fixture
    def funded(self, world):
        from decimal import Decimal

        from nabij.funds import services as fund_services
        from nabij.funds.models import Agreement
        from nabij.funds.tests.helpers import a_while_ago, actor_of, fund_world

        fund_a, _fund_b = fund_world(world)
        fund_services.agreement_create(
            actor=actor_of(world.coordinator),
            household=world.household,
            kind=Agreement.Kind.LOAN,
            amount_cents=40_000,
            purpose="Paspoort en leges",
            reciprocity="40 uur vrijwillig koken",
            hours_agreed=Decimal("40"),
            decided_on=a_while_ago(30),
        )
        return fund_a

    @staticmethod
    def _logged(event: str, world) -> set[int]:
        from nabij.access.models import AccessLogEntry

        return set(
            AccessLogEntry.objects.filter(event=event, outcome="granted").values_list(
                "household_id", flat=True
            )
        ) - {None}

    def test_entries_api_logs_the_households_it_describes(self, world, funded):
        from django.test import Client

        token = access_services.api_token_create(user=world.coordinator.user, name="t")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        url = f"/api/v1/area-funds/{funded.district.code}/entries"
        first = api.get(url + "?limit=1")
        assert first.json()["items"][0]["description"] == "Paspoort en leges"
        assert self._logged("funds.api.entries", world) == {world.household.pk}

    def test_entries_api_logs_no_household_on_a_page_without_one(self, world, funded):
        from django.test import Client

        token = access_services.api_token_create(user=world.coordinator.user, name="t")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        url = f"/api/v1/area-funds/{funded.district.code}/entries"
        second = api.get(url + "?limit=1&offset=1")  # the allocation: no household
        assert second.json()["items"][0]["description"] != "Paspoort en leges"
        assert self._logged("funds.api.entries", world) == set()

    def test_claim_form_logs_the_households_it_lists(self, world, funded, login):
        from nabij.costs import services as cost_services
        from nabij.funds.tests.helpers import actor_of

        cost_services.scenario_create(
            actor=actor_of(world.coordinator),
            household=world.household,
            title="Schuld aflossen",
            current_label="Wachten",
            alternative_label="Nu aflossen",
            horizon_years=5,
            discount_rate_bp=225,
            price_year=2025,
        )
        page = login(world.coordinator).get(reverse("funds:savings"))
        assert world.household.name in page.content.decode()
        assert world.household.pk in self._logged("funds.savings.view", world)


@pytest.mark.django_db
class TestOnBehalfOf:
    """An X-On-Behalf-Of header went verbatim into the access log and into the resident's view
    of it. Now it names a request from the register, recorded with its legal basis."""

    @staticmethod
    def _api(professional, on_behalf: str | None = None):
        from django.test import Client

        token = access_services.api_token_create(user=professional.user, name="t")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if on_behalf is not None:
            headers["HTTP_X_ON_BEHALF_OF"] = on_behalf
        return Client(**headers)

    @staticmethod
    def _record(world, household=None, **overrides):
        import datetime as dt

        from django.utils import timezone

        today = timezone.localdate()
        data = {
            "requester": "Leerplichtbureau Leeuwarden",
            "legal_basis": "compulsory_education",
            "reference": "LPB-2026-0412",
            "received_on": today - dt.timedelta(days=2),
            "valid_until": today + dt.timedelta(days=28),
        } | overrides
        return access_services.recorded_request_create(
            recorded_by=world.assigned, household=household or world.household, **data
        )

    def _rows(self, username: str):
        from nabij.access.models import AccessLogEntry

        return AccessLogEntry.objects.filter(username=username, household_id__isnull=False)

    @pytest.mark.parametrize(
        "header", ["wijkteam-loket", "Rechtbank; DROP TABLE", "12abc", "-3", "0", "٣", "9" * 30]
    )
    def test_text_is_refused_and_never_logged(self, world, header):
        response = self._api(world.assigned, header).get(f"/api/v1/households/{world.household.pk}")
        assert response.status_code == 422
        assert not self._rows("assigned").exclude(on_behalf_of="").exists()

    def test_a_recorded_request_is_logged_with_its_legal_basis(self, world):
        recorded = self._record(world)
        response = self._api(world.assigned, str(recorded.pk)).get(
            f"/api/v1/households/{world.household.pk}"
        )
        assert response.status_code == 200
        rows = self._rows("assigned").filter(outcome="granted")
        assert rows.exists()
        assert {r.request_id for r in rows} == {recorded.pk}
        assert all("LPB-2026-0412" in r.on_behalf_of for r in rows)

    def test_a_request_of_another_household_is_refused(self, world):
        other = self._record(world, household=world.other_household)
        response = self._api(world.assigned, str(other.pk)).get(
            f"/api/v1/households/{world.household.pk}"
        )
        assert response.status_code == 422
        assert not self._rows("assigned").filter(outcome="granted").exists()
        assert self._rows("assigned").filter(outcome="refused").exists()

    def test_an_expired_request_is_refused(self, world):
        import datetime as dt

        from django.utils import timezone

        today = timezone.localdate()
        old = self._record(
            world,
            received_on=today - dt.timedelta(days=60),
            valid_until=today - dt.timedelta(days=1),
        )
        response = self._api(world.assigned, str(old.pk)).get(
            f"/api/v1/households/{world.household.pk}"
        )
        assert response.status_code == 422

    def test_register_over_the_api(self, world):
        url = f"/api/v1/households/{world.household.pk}/requests"
        body = {
            "requester": "Rechtbank Noord-Nederland",
            "legal_basis": "court_order",
            "reference": "C/17/123456",
            "received_on": "2026-12-01",
            "valid_until": "2026-12-31",
        }
        colleague = self._api(world.colleague).post(url, body, content_type="application/json")
        assert colleague.status_code == 404  # not their household: unknown and forbidden alike
        made = self._api(world.assigned).post(url, body, content_type="application/json")
        assert made.status_code == 201, made.content
        listed = self._api(world.coordinator).get(url)
        assert [r["reference"] for r in listed.json()["items"]] == ["C/17/123456"]
        bad = self._api(world.assigned).post(
            url, body | {"valid_until": "2026-11-01"}, content_type="application/json"
        )
        assert bad.status_code == 422

    def test_register_page(self, world, login):
        url = reverse("access:requests", args=[world.household.pk])
        client = login(world.assigned)
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "requester": "Leerplichtbureau",
                "legal_basis": "compulsory_education",
                "reference": "LPB-1",
                "received_on": "2026-12-01",
                "valid_until": "2026-12-20",
            },
        )
        assert response.status_code == 302
        assert world.household.recorded_requests.get().reference == "LPB-1"
        assert login(world.colleague).get(url).status_code == 404


@pytest.mark.django_db
class TestUnknownAndForbidden:
    """A forbidden household answered 403 and an unknown one 404, so ids could be probed.
    Both now give the same answer, and both are logged."""

    @staticmethod
    def _refused(username: str) -> list[str]:
        from nabij.access.models import AccessLogEntry

        return list(
            AccessLogEntry.objects.filter(username=username, outcome="refused")
            .order_by("id")
            .values_list("detail", flat=True)
        )

    @staticmethod
    def _page(response, household_id: int) -> str:
        """The page without its per-response CSRF token and its own path (the language form
        sends the visitor back to it)."""
        import re

        body = re.sub(r'value="[^"]{40,}"', "", response.content.decode())
        return body.replace(f"/{household_id}/", "/ID/")

    def test_pages_answer_alike(self, world, login):
        client = login(world.colleague)
        unknown_id = world.other_household.pk + 1000
        for name in ("people:household_detail", "plans:plan_edit", "access:requests"):
            forbidden = client.get(reverse(name, args=[world.household.pk]))
            unknown = client.get(reverse(name, args=[unknown_id]))
            assert forbidden.status_code == unknown.status_code == 404, name
            assert self._page(forbidden, world.household.pk) == self._page(unknown, unknown_id)
        # a row per member of the forbidden household (two), one for each unknown id
        assert self._refused("colleague") == ["forbidden", "forbidden", "not found"] * 3

    def test_api_answers_alike(self, world):
        from django.test import Client

        token = access_services.api_token_create(user=world.colleague.user, name="t")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        unknown_id = world.other_household.pk + 1000
        for path in ("/api/v1/households/{}", "/api/v1/households/{}/plan"):
            forbidden = api.get(path.format(world.household.pk))
            unknown = api.get(path.format(unknown_id))
            assert forbidden.status_code == unknown.status_code == 404, path
            assert forbidden.json() | {"instance": ""} == unknown.json() | {"instance": ""}
        resident = api.get(f"/api/v1/residents/{world.resident.pk}")
        assert resident.status_code == 404
        assert self._refused("colleague") == ["forbidden", "forbidden", "not found"] * 2 + [
            "forbidden"
        ]

    def test_a_visible_household_forbidden_action_is_a_403(self, world, login):
        """The assigned professional sees the household; assigning is the coordinator's."""
        response = login(world.assigned).get(
            reverse("plans:assignment_add", args=[world.household.pk])
        )
        assert response.status_code == 403


@pytest.mark.django_db
class TestBusinessEventsInTheAuditTrail:
    """The access log is for access to personal data; changes of configuration and money rules
    are business events with before and after, in the audit trail."""

    def test_budget_and_saving_rule_go_to_the_audit_trail(self, world):
        from nabij.access.models import AccessLogEntry, AuditEvent
        from nabij.funds import services as fund_services
        from nabij.funds.tests.helpers import actor_of, fund_world

        fund_world(world)
        fund_services.saving_rule_set(actor=actor_of(world.administrator), share_bp=2_500)
        kinds = list(
            AuditEvent.objects.filter(actor_username="admin")
            .order_by("id")
            .values_list("kind", flat=True)
        )
        assert kinds == ["budget_allocated", "budget_allocated", "saving_rule_set"]
        rule = AuditEvent.objects.get(kind="saving_rule_set")
        assert rule.after == {"share_bp": 2_500}
        assert not AccessLogEntry.objects.filter(username="admin", outcome="granted").exists()
