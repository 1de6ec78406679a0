"""Shared fixtures: fast password hashing, and a small world of teams, roles and households."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from nabij.access.digid import resident_user_for_bsn
from nabij.access.models import Assignment, Professional
from nabij.people.models import Household, Resident
from nabij.tests import factories as f


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _seed_rows(request):
    """Transactional tests get back the data-migration rows an earlier one flushed."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        from nabij.tests.seed import restore_seed_rows

        request.getfixturevalue("transactional_db")
        restore_seed_rows()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Dutch), whatever an earlier test activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_map_shapes():
    """Projected map shapes are kept per process (areas.selectors): never across tests."""
    from nabij.areas.selectors import forget_shapes

    forget_shapes()
    yield
    forget_shapes()


@dataclass
class World:
    """Team A and team B; one household in each; every role represented.

    - ``assigned``: professional in team A, assigned to ``household``
    - ``colleague``: professional in team A, not assigned
    - ``coordinator``: team coordinator of team A
    - ``other_coordinator``: team coordinator of team B
    - ``other_professional``: professional in team B, assigned to ``other_household``
    """

    household: Household
    resident: Resident
    child: Resident
    other_household: Household
    other_resident: Resident
    assigned: Professional
    colleague: Professional
    coordinator: Professional
    other_coordinator: Professional
    other_professional: Professional
    broker: Professional
    analyst: Professional
    administrator: Professional
    # a school's care coordinator (verwijzer): a partner organisation, no team
    referrer: Professional
    # Karima's own account (Mijn Nabij, DigiD); the matrix signs her in like anyone else.
    resident_user: User

    def by_key(self, key: str) -> Professional:
        return getattr(self, key)


PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts only


@pytest.fixture
def world(db) -> World:
    team_a = f.TeamFactory(name="Wijkteam Heechterp")
    team_b = f.TeamFactory(name="Wijkteam Vrijheidswijk")
    household = f.HouseholdFactory(name="Huishouden El Amrani", team=team_a)
    resident = f.ResidentFactory(first_name="Karima", last_name="El Amrani")
    child = f.ResidentFactory(first_name="Noor", last_name="El Amrani")
    f.MembershipFactory(household=household, resident=resident)
    f.MembershipFactory(household=household, resident=child, role="child")
    other_household = f.HouseholdFactory(name="Huishouden De Vries", team=team_b)
    other_resident = f.ResidentFactory(first_name="Gerrit", last_name="de Vries")
    f.MembershipFactory(household=other_household, resident=other_resident)

    assigned = f.ProfessionalFactory(user__username="assigned", team=team_a)
    colleague = f.ProfessionalFactory(user__username="colleague", team=team_a)
    coordinator = f.ProfessionalFactory(user__username="coordinator", team=team_a, coordinator=True)
    other_coordinator = f.ProfessionalFactory(
        user__username="othercoord", team=team_b, coordinator=True
    )
    other_professional = f.ProfessionalFactory(user__username="otherpro", team=team_b)
    org = team_a.organisation
    broker = f.ProfessionalFactory(user__username="broker", broker=True, organisation=org)
    analyst = f.ProfessionalFactory(user__username="analyst", analyst=True, organisation=org)
    administrator = f.ProfessionalFactory(
        user__username="admin", administrator=True, organisation=org
    )
    school = f.OrganisationFactory(name="Vmbo De Wadden", kind="school")
    referrer = f.ProfessionalFactory(user__username="referrer", referrer=True, organisation=school)
    f.AssignmentFactory(
        household=household, professional=assigned, kind=Assignment.Kind.COORDINATOR
    )
    f.AssignmentFactory(household=other_household, professional=other_professional)
    return World(
        household=household,
        resident=resident,
        child=child,
        other_household=other_household,
        other_resident=other_resident,
        assigned=assigned,
        colleague=colleague,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        other_professional=other_professional,
        broker=broker,
        analyst=analyst,
        administrator=administrator,
        referrer=referrer,
        resident_user=resident_user_for_bsn(None, resident.bsn),
    )


@pytest.fixture
def login(client):
    """Log the test client in as a professional: ``login(world.assigned)``."""

    def _login(professional: Professional):
        client.force_login(professional.user)
        return client

    return _login
