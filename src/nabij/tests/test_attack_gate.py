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
