"""The demo municipality and the synthetic city, on the real database.

``demo_load`` takes several seconds, so one test loads it and checks every scenario.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from nabij.access import rules
from nabij.access.models import AccessLogEntry, Assignment, Professional, Role
from nabij.areas.models import District
from nabij.assessment.models import Assessment
from nabij.demo import services
from nabij.demo.generator import CITY_BSN_BLOCK, CITY_LETTERS, household_specs
from nabij.demo.scenarios import KARIMA_BSN
from nabij.demo.world import DEMO_PASSWORD
from nabij.people.bsn import bsn_is_valid
from nabij.people.models import Household, NetworkMember, Resident
from nabij.plans.models import Action, Breakthrough, CoercionThreat, Plan
from nabij.plans.selectors import Dossier, household_dossier


def household(name: str) -> Household:
    return Household.objects.get(name=name)


def dossier_of(name: str) -> Dossier:
    """The dossier, with the parts every scenario has checked to be present."""
    dossier = household_dossier(household(name))
    assert dossier.priority is not None
    assert dossier.coordinator is not None
    return dossier


def counts() -> dict[str, int]:
    return {
        "households": Household.objects.count(),
        "residents": Resident.objects.count(),
        "professionals": Professional.objects.count(),
        "assessments": Assessment.objects.count(),
        "log": AccessLogEntry.objects.count(),
    }


@pytest.mark.django_db
def test_demo_load_has_every_scenario_and_runs_once(client) -> None:
    assert not services.demo_is_loaded()
    assert services.demo_load() is True
    assert services.demo_is_loaded()

    check_logins(client)
    from nabij.referrals.models import Referral

    # the school's referrals, in every state the referrer can see
    assert set(Referral.objects.values_list("state", flat=True)) == {
        "received",
        "contact_made",
        "referred_on",
    }
    check_karima(client)
    check_gladys()
    check_hakan()
    check_neighbours()
    check_homeless_youth()
    check_eviction()
    check_residents_plan(client)
    check_everyone()

    loaded = counts()
    assert services.demo_load() is False  # a second call does nothing
    assert counts() == loaded


def check_logins(client) -> None:
    for login in services.DEMO_LOGINS:
        assert len(login.password) >= 12
        assert authenticate(username=login.username, password=login.password), login.username
    assert {login.username for login in services.DEMO_LOGINS} == {
        "wijkcoach",
        "teamleider",
        "collega",
        "makelaar",
        "analist",
        "beheerder",
        "beheerder2",
        "verwijzer",
    }
    roles = dict(Professional.objects.values_list("user__username", "role"))
    assert roles["wijkcoach"] == Role.PROFESSIONAL
    assert roles["teamleider"] == Role.TEAM_COORDINATOR
    assert roles["makelaar"] == Role.SOCIAL_BROKER
    assert roles["analist"] == Role.POLICY_ANALYST
    assert roles["beheerder"] == Role.ADMINISTRATOR
    assert roles["beheerder2"] == Role.ADMINISTRATOR  # four eyes: a second administrator
    assert roles["verwijzer"] == Role.REFERRER  # a school's care coordinator
    beheerder = Professional.objects.get(user__username="beheerder").user
    # The role opens /beheer/, not Django's flags or permissions (issue 9).
    assert not beheerder.is_staff and not beheerder.is_superuser
    assert not beheerder.user_permissions.exists()
    assert not beheerder.has_perm("people.view_household")  # no case files
    assert client.login(username="beheerder", password=DEMO_PASSWORD)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/accounts/").status_code == 200
    client.logout()
    # Other organisations' professionals exist but cannot log in.
    assert not Professional.objects.get(user__username="p.veenstra").user.has_usable_password()


def check_karima(client) -> None:
    karima = Resident.objects.get(bsn=KARIMA_BSN)
    assert karima.full_name == "Karima El Amrani"
    assert karima.age_on(timezone.localdate()) == 19
    home = household("Huishouden El Amrani")
    assert home.team.name == "Sociaal wijkteam Heechterp-Schieringen"
    assert home.neighbourhood.name in {"Heechterp", "Schieringen"}
    dossier = dossier_of(home.name)
    assert dossier.priority and dossier.coordinator
    assert {m.resident.first_name for m in dossier.current_members} == {"Karima", "Noor"}
    assert dossier.priority.text == "Een eigen huis voor mij en Noor"
    assert dossier.goals[0].text == "Een eigen huis voor mij en Noor"
    kinds = {a.actor_kind for a in dossier.goals[0].actions.all()}
    assert {Action.ActorKind.NETWORK, Action.ActorKind.PROFESSIONAL} <= kinds
    assert dossier.coordinator.professional.user.username == "wijkcoach"
    assert any("12.000" in g.text for g in dossier.goals)

    wijkcoach = Professional.objects.get(user__username="wijkcoach")
    teamleider = Professional.objects.get(user__username="teamleider")
    collega = Professional.objects.get(user__username="collega")
    assert rules.can_work_on_household(wijkcoach, home)
    assert rules.can_work_on_household(teamleider, home)
    assert not rules.can_work_on_household(collega, home)

    assert client.login(username="wijkcoach", password=DEMO_PASSWORD)
    page = client.get(f"/huishoudens/{home.pk}/").content.decode()
    assert "Een eigen huis voor mij en Noor" in page
    client.logout()
    assert client.login(username="collega", password=DEMO_PASSWORD)
    assert client.get(f"/huishoudens/{home.pk}/").status_code == 404
    client.logout()


def check_gladys() -> None:
    home = household("Huishouden Martina")
    dossier = dossier_of(home.name)
    assert dossier.priority
    assert len(dossier.current_members) == 4
    assert dossier.involvement.fragmented
    assert dossier.involvement.too_many_plan_owners
    assert dossier.involvement.too_many_organisations
    assert dossier.involvement.professional_count == 9  # the coordinator and eight helpers
    # Her own priority, the debts, was asked first and is the first goal.
    assert "schulden" in dossier.priority.text
    assert "schulden" in dossier.goals[0].text
    first_priority = home.priorities.order_by("recorded_on").first()
    assert first_priority is not None
    first_assignment = min(a.started_on for a in dossier.involvement.assignments)
    assert first_priority.recorded_on <= first_assignment
    assert dossier.plan.is_signed_off
    gladys = Resident.objects.get(first_name="Gladys", last_name="Martina")
    assert gladys.assessments.filter(instrument__code="zrm-11").count() == 3


def check_hakan() -> None:
    home = household("Huishouden Yıldız")  # noqa: RUF001 - a Turkish dotless i
    breakthrough = Breakthrough.objects.get(household=home)
    assert breakthrough.cost_cents == 40_000
    assert breakthrough.mandated_by.user.username == "teamleider"
    assert "40 uur" in breakthrough.decision
    assert breakthrough.decided_on < timezone.localdate()
    # issue 14: linked to the rule it set aside, with its story so far
    assert breakthrough.rule_set_aside is not None
    assert breakthrough.rule_set_aside.name == "Geen bijstand zonder geldig identiteitsbewijs"
    assert breakthrough.updates.count() == 2 and not breakthrough.is_closed
    from nabij.learning import analysis

    result = analysis.analyse(analysis.Filters())
    assert result.candidates  # a candidate for change, despite suppression
    shown = [c for r in result.rules for c in r.team_cells if not c.hidden and c.value]
    assert len(shown) >= 3  # rules set aside per team, in more than one team
    assert any(c.hidden for r in result.rules for c in r.team_cells)  # and small ones hidden


def check_neighbours() -> None:
    willem, jesse = household("Huishouden Hiemstra"), household("Huishouden Postma")
    assert willem.neighbourhood == jesse.neighbourhood
    assert willem.address and jesse.address
    assert willem.address.street == jesse.address.street
    assert NetworkMember.objects.get(household=willem, name="Jesse Postma").can_do
    assert (
        "administratie" in NetworkMember.objects.get(household=jesse, name="Willem Hiemstra").can_do
    )


def check_homeless_youth() -> None:
    dossier = dossier_of("Huishouden Mulder")
    assert dossier.priority
    assert "Ik heb niemand" in dossier.priority.text
    assert dossier.network == []
    professional_actions = [
        a
        for g in dossier.goals
        for a in g.actions.all()
        if a.actor_kind == Action.ActorKind.PROFESSIONAL
    ]
    assert len(professional_actions) >= 2


def check_eviction() -> None:
    home = household("Huishouden De Graaf")
    dossier = household_dossier(home)
    threat = dossier.earliest_open_threat
    assert threat is not None
    assert threat.kind == CoercionThreat.Kind.EVICTION
    assert threat.status == CoercionThreat.Status.OPEN
    days = (threat.deadline - timezone.localdate()).days
    assert 14 <= days <= 28
    assert dossier.plan.kind == Plan.Kind.FAMILY_GROUP
    mother = NetworkMember.objects.get(household=home, relation_detail="moeder")
    assert "niet bij haar moeder" in mother.household_view
    actions = [a for g in dossier.goals for a in g.actions.all()]
    assert any(a.is_safety_condition for a in actions)
    assert all(
        a.requested_by_family or a.is_safety_condition
        for a in actions
        if a.actor_kind == Action.ActorKind.PROFESSIONAL
    )


def check_residents_plan(client) -> None:
    """Karima and Sandra see their own plan in Mijn Nabij (demo/residents_plan.py)."""
    from nabij.costs import selectors as costs_selectors
    from nabij.plans.models import Goal, GoalWording

    karima = Resident.objects.get(bsn=KARIMA_BSN)
    home = household("Huishouden El Amrani")
    assert set(Goal.objects.filter(plan__household=home).values_list("author", flat=True)) == {
        "household"
    }
    proposal = GoalWording.objects.get(goal__plan__household=home, status="proposed")
    assert proposal.goal.text == "Een eigen huis voor mij en Noor"  # unchanged until she says yes
    client.force_login(karima.account.user)
    page = client.get("/mijn/plan/").content.decode()
    assert proposal.text in page
    assert "Wat moet ik ermee doen?" in page and "Neem de brief dinsdag mee" in page
    assert "Wat het wijkteam heeft uitgerekend" in page and "minder in 5 jaar" in page
    scenario = costs_selectors.household_scenarios(home)[0]
    saving = costs_selectors.scenario_view(scenario).result.net_saving_cents
    assert saving > 0
    assert client.get("/api/v1/me/plan").json()["cost_scenarios"][0]["saving_cents"] == saving
    client.logout()

    graaf = household("Huishouden De Graaf")
    plan = Plan.objects.get(household=graaf)
    assert plan.is_signed_off and plan.signed_in_portal and plan.signed_off_by == "Sandra de Graaf"
    assert set(Goal.objects.filter(plan=plan).values_list("author", flat=True)) == {"household"}
    sandra = Resident.objects.get(first_name="Sandra", last_name="de Graaf")
    client.force_login(sandra.account.user)
    page = client.get("/mijn/plan/").content.decode()
    assert "In ons eigen huis blijven wonen" in page
    assert "Veiligheidsvoorwaarde" in page and "familiegroepsplan" in page
    client.logout()


def check_everyone() -> None:
    assert 300 <= Household.objects.count() <= 310
    assert all(bsn_is_valid(b or "") for b in Resident.objects.values_list("bsn", flat=True))
    # Several residents have assessments over time, so the charts show change.
    per_resident = Counter(Assessment.objects.values_list("resident_id", flat=True))
    assert sum(1 for n in per_resident.values() if n >= 2) >= 5
    # Every household belongs to the team that covers its district, coordinated from it.
    for home in Household.objects.select_related("team", "neighbourhood__district"):
        assert home.team.districts.filter(pk=home.neighbourhood.district_id).exists()
    coordinators = Assignment.objects.filter(kind="coordinator", ended_on__isnull=True)
    assert coordinators.count() == Household.objects.count()
    own_team = Subquery(Household.objects.filter(pk=OuterRef("household_id")).values("team_id"))
    assert not coordinators.exclude(professional__team_id=own_team).exists()
    # All 22 districts are covered by a team.
    assert District.objects.count() == 22
    assert not District.objects.filter(teams__isnull=True).exists()


@pytest.mark.django_db
def test_demo_refuses_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(services.DemoError):
        services.demo_load()
    with pytest.raises(services.DemoError):
        services.demo_city_generate(households=10)
    assert not Household.objects.exists()


def city_rows() -> list[tuple[str, str, str, str, str]]:
    rows = Resident.objects.values_list(
        "bsn",
        "first_name",
        "last_name",
        "memberships__household__name",
        "memberships__household__neighbourhood__code",
    )
    return sorted((bsn or "", first, last, name, code) for bsn, first, last, name, code in rows)


@pytest.mark.django_db
def test_city_is_deterministic_with_valid_bsns() -> None:
    runs = []
    for _ in range(2):
        with transaction.atomic():
            summary = services.demo_city_generate(households=200, seed=99)
            runs.append(city_rows())
            transaction.set_rollback(True)  # the second run starts from the same empty city
    assert summary.households == 200
    first, second = runs
    assert first == second
    assert all(bsn_is_valid(row[0]) for row in first)
    assert len({row[0] for row in first}) == len(first) == summary.residents

    summary = services.demo_city_generate(households=200, seed=99)
    assert Household.objects.count() == 200
    specs = list(
        household_specs(
            areas=services.leeuwarden_areas(),
            count=200,
            seed=99,
            today=timezone.localdate(),
            bsn_block=CITY_BSN_BLOCK,
            letters=CITY_LETTERS,
        )
    )
    assert sorted(p.bsn for s in specs for p in s.members) == [row[0] for row in city_rows()]
    # Every household has a plan and exactly one coordinator from its own team.
    assert Plan.objects.count() == 200
    assert not Household.objects.exclude(
        assignments__kind="coordinator", assignments__professional__team=F("team")
    ).exists()
    with pytest.raises(services.DemoError):
        services.demo_city_generate(households=10, seed=99)


@pytest.mark.django_db
def test_demo_after_city_and_city_after_demo_do_not_collide() -> None:
    services.demo_city_generate(households=50)
    assert services.demo_load(households=20) is True
    assert Household.objects.count() == 50 + 20 + 7


@pytest.mark.django_db
def test_city_after_demo_keeps_the_demo() -> None:
    services.demo_load(households=5)
    summary = services.demo_city_generate(households=30)
    assert summary.households == 30
    assert Household.objects.count() == 5 + 7 + 30
    assert services.demo_is_loaded()


@pytest.mark.django_db
def test_city_with_costs_gives_only_its_own_households_cost_lines() -> None:
    from nabij.costs.models import CostLine

    services.demo_load(households=5)
    demo_ids = set(Household.objects.values_list("pk", flat=True))
    before = CostLine.objects.count()
    services.demo_city_generate(households=300, seed=7, with_costs=True)
    new_lines = CostLine.objects.count() - before
    assert new_lines > 300  # monthly lines for the households that have costs
    assert CostLine.objects.exclude(household_id__in=demo_ids).count() == new_lines
