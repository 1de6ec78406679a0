"""The demo residents who log in to Mijn Nabij through the DigiD mock.

``residents_platform_load`` runs at the end of ``scenarios_load``: it gives the scenario parents
parental authority over their children under 16 (so Mijn Nabij shows them the children's data)
and fills the mock IdP's list (``MockDigidUser``), so a new user picks "Karima El Amrani" from a
list instead of typing a BSN. ``nabij serve`` prints the list from the database
(``demo_resident_lines``); the README carries the same list (a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from digid_eherkenning.models.digid import MockDigidUser
from django.utils import timezone

from nabij.access import rules
from nabij.people.models import Household, Membership, Resident


@dataclass(frozen=True)
class DemoResident:
    scenario: str  # the key in scenarios_load's result
    first_name: str
    shows: str  # what to look at, in the words `nabij serve` prints


DEMO_RESIDENTS: tuple[DemoResident, ...] = (
    DemoResident("karima", "Karima", "haar plan, en wat het schuldscenario voor dat plan betekent"),
    DemoResident("gladys", "Gladys", "veel hulpverleners, en een lang toegangslog"),
    DemoResident("sandra", "Sandra", "het familiegroepsplan: alleen de familie schrijft de doelen"),
    DemoResident("willem", "Willem", "de buurthulp: wat hij aanbiedt en vraagt, zijn koppeling"),
)
PARENTS = (Membership.Role.HEAD, Membership.Role.PARTNER)
ADULT_AGE = 18


def residents_platform_load(scenarios: Mapping[str, Household]) -> None:
    today = timezone.localdate()
    for household in scenarios.values():
        parental_authority_set(household)
    for demo in DEMO_RESIDENTS:
        membership = (
            Membership.objects.select_related("resident")
            .filter(
                household=scenarios[demo.scenario],
                resident__first_name=demo.first_name,
                ended_on__isnull=True,
            )
            .get()
        )
        resident = membership.resident
        if rules.resident_membership(resident, today) is None:  # a demo that cannot log in
            raise ValueError(f"{resident.full_name} cannot log in to Mijn Nabij")
        MockDigidUser.objects.update_or_create(
            bsn=resident.bsn, defaults={"name": resident.full_name[:50]}
        )


def parental_authority_set(household: Household) -> None:
    """The adult head and partner have parental authority when children under 16 live there."""
    today = timezone.localdate()
    current = list(
        Membership.objects.select_related("resident").filter(
            household=household, ended_on__isnull=True
        )
    )
    if not any(m.resident.age_on(today) < rules.RESIDENT_MIN_AGE for m in current):
        return
    parents = [m.pk for m in current if m.role in PARENTS and m.resident.age_on(today) >= ADULT_AGE]
    Membership.objects.filter(pk__in=parents).update(parental_authority=True)


@dataclass(frozen=True)
class DemoResidentLogin:
    name: str
    bsn: str
    shows: str


def demo_resident_logins() -> list[DemoResidentLogin]:
    """The demo residents in the mock IdP's list, as they are in the database."""
    shows = {demo.first_name: demo.shows for demo in DEMO_RESIDENTS}
    users = list(MockDigidUser.objects.order_by("pk"))
    first_names = dict(
        Resident.objects.filter(bsn__in=[u.bsn for u in users]).values_list("bsn", "first_name")
    )
    return [
        DemoResidentLogin(name=u.name, bsn=u.bsn, shows=shows.get(first_names.get(u.bsn, ""), ""))
        for u in users
    ]


def demo_resident_lines(url: str) -> list[str]:
    """What ``nabij serve`` prints about the demo residents."""
    logins = demo_resident_logins()
    if not logins:
        return []
    lines = [
        f"Demo-inwoners: Mijn Nabij op {url}mijn/ (Inloggen met DigiD, kies een naam in de "
        "DigiD-demo):"
    ]
    width = max(len(login.name) for login in logins)
    lines += [f"  {login.name:<{width}}  BSN {login.bsn}  {login.shows}" for login in logins]
    return lines
