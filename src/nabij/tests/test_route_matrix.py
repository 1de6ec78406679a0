"""The access matrix, generated: every URL pattern and every operation of ``openapi.json``, by
every role, against the rule declared for it in ``nabij.access.routes``.

For each (route, method, role) one request with real ids from one shared world. A refusal must
be a refusal (403 or 404, as ``expected_refusal`` says; a 302 to a login page without a
session; 401 from the API without a token), change nothing, and (where the rule logs) leave a
refused row for that user.
A grant must answer (2xx/3xx; for writes with a dummy body also 400/409/422) and, where the
route shows personal data, leave granted rows for the persons concerned, with the declared
purposes. A route without a rule, or a rule without a route, fails ``test_every_route_*``.

The world is built once per module, inside one transaction that is rolled back at the end;
each cell runs in a savepoint of it (pytest-django's ``db``), so what a cell writes is gone
before the next one.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from nabij.access import routes
from nabij.access.models import AccessLogEntry, Professional
from nabij.access.routes import Audience, Log, Rule
from nabij.tests.openapi import committed_schema

pytestmark = pytest.mark.django_db

# A refusal is a 403 or a 404; which one is checked per cell by ``expected_refusal``.
REFUSED_STATUSES = frozenset({403, 404})
VALIDATION_STATUSES = frozenset({400, 409, 422})
# Tables a refused request may write: the log of the refusal itself, and session bookkeeping.
LOG_TABLES = frozenset({"access_accesslogentry", "django_session", "access_loginattempt"})

PROFESSIONAL_ROLES = (
    "assigned",
    "colleague",
    "coordinator",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
    "referrer",  # a school's care coordinator: only their own referral pages, no token
)
# The roles of the municipality's own work; a referrer is none of them (``STAFF_ROLES``).
STAFF = frozenset(PROFESSIONAL_ROLES) - {"referrer"}
# ``resident`` (Karima) signs in with DigiD: a session, never an API token. The other
# resident contexts are tried on every resident page and endpoint (Mijn Nabij):
# - ``protected_member``: an adult of Karima's household whose address is protected;
# - ``other_resident``: Gerrit, of another household (Karima's ids are a 404 to him);
# - ``former_member``: left Karima's household yesterday; the session signed in before;
# - ``minor``: Karima's daughter of 14, who gets no account (DigiD refuses her).
RESIDENT_CONTEXTS = ("protected_member", "other_resident", "former_member", "minor")
ROLES = (*PROFESSIONAL_ROLES, "resident", *RESIDENT_CONTEXTS, "anonymous")
# Who reaches an item of Karima's household named in a resident route's path.
OWN_HOUSEHOLD_ROLES = frozenset({"resident", "protected_member"})
# Items that are one member's alone, not the household's (a neighbourhood-help proposal Karima
# is a party to): only that member reaches them; another member of her household gets a 404.
PERSONAL_PARAMS = frozenset({"proposal_id"})
RESIDENT_ROLES = frozenset({"resident", *RESIDENT_CONTEXTS})

# Who each audience is in the world, for the objects the matrix uses: household A (team A,
# district A, assigned = ``assigned``), its resident Karima (also a participant of the broker's
# register), the fund of district A (team A works there) and one of its agreements.
# ``None``: computed from who has a session or token (so a resident login joins by itself).
AUDIENCE_ROLES: dict[Audience, frozenset[str] | None] = {
    Audience.PUBLIC: frozenset(ROLES),
    Audience.SIGNED_IN: None,
    Audience.OWN_ACCOUNT: STAFF,
    Audience.ANY_TOKEN: None,
    Audience.ANY_ROLE: STAFF,
    Audience.CASE_ROLES: frozenset(
        {"assigned", "colleague", "coordinator", "other_coordinator", "other_professional"}
    ),
    Audience.HOUSEHOLD_CASE: frozenset({"assigned", "coordinator"}),
    Audience.HOUSEHOLD_TEAM_COORDINATOR: frozenset({"coordinator"}),
    Audience.TEAM_COORDINATOR: frozenset({"coordinator", "other_coordinator"}),
    Audience.AGGREGATES: frozenset({"coordinator", "other_coordinator", "analyst"}),
    Audience.FUNDS_OVERVIEW: STAFF - {"broker"},
    Audience.FUND_TEAM: frozenset({"assigned", "colleague", "coordinator"}),
    Audience.FUND_MANDATE: frozenset({"coordinator"}),
    Audience.FUND_HOUSEHOLD: frozenset({"assigned", "coordinator"}),
    Audience.FUND_HOUSEHOLD_MANDATE: frozenset({"coordinator"}),
    Audience.FUND_CONFIG_OR_MANDATE: frozenset({"administrator", "coordinator"}),
    Audience.PROJECTION_REVIEWERS: frozenset({"coordinator", "other_coordinator", "analyst"}),
    # household A's projection: approved only outside team A (not by anyone assigned to it)
    Audience.PROJECTION_APPROVER: frozenset({"other_coordinator", "analyst"}),
    Audience.AREA_TEAM: frozenset({"assigned", "colleague", "coordinator"}),
    Audience.AREA_MANDATE: frozenset({"coordinator"}),
    # Buurtkracht: the round of district A (Karima and Samira live there, both adults; Gerrit
    # lives in district B); Karima made the proposal and is the initiative's contact person;
    # the application is under the coordinator's limit.
    Audience.ROUND_RESIDENT: frozenset({"resident", "protected_member"}),
    Audience.PROPOSAL_AUTHOR: frozenset({"resident"}),
    Audience.INITIATIVE_CONTACT: frozenset({"resident"}),
    Audience.INITIATIVE_STEWARDS: frozenset({"resident", "assigned", "colleague", "coordinator"}),
    Audience.APPLICATION_DECIDER: frozenset({"coordinator"}),
    Audience.CHALLENGE_DECIDER: frozenset({"coordinator"}),
    Audience.BROKER: frozenset({"broker"}),
    Audience.BROKER_OR_HOUSEHOLD_CASE: frozenset({"broker", "assigned", "coordinator"}),
    Audience.ADMINISTRATOR: frozenset({"administrator"}),
    Audience.RULE_KEEPERS: frozenset({"analyst", "administrator"}),
    Audience.RESIDENT_SELF: frozenset({"resident", "protected_member", "other_resident"}),
    # the signal at Karima's address (district A, where team A works)
    Audience.SIGNAL_TEAM: frozenset({"assigned", "colleague", "coordinator"}),
    # the world's referral: sent by ``referrer`` to team A, about Karima at her address, not
    # taken on yet (its team's coordinator only)
    Audience.REFERRER: frozenset({"referrer"}),
    Audience.REFERRAL_TEAM: frozenset({"coordinator"}),
    Audience.JOB_STARTER: frozenset({"broker"}),  # the broker started the world's job
    # household A's arrears signal case (team A's): its team's professionals and coordinator
    Audience.SIGNAL_CASE_TEAM: frozenset({"assigned", "colleague", "coordinator"}),
    Audience.NOBODY: frozenset(),
}

# Where a declared defect shows in the world: (route key, method) -> the roles whose cell fails.
# Every rule with a ``defect`` needs an entry, and every entry a rule with a defect.
DEFECT_CELLS: dict[tuple[str, str], frozenset[str]] = {}


# --- The routes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlRoute:
    key: str  # namespace:name, or the route for an unnamed pattern
    route: str  # the whole pattern, prefixes included


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str | None, Any]]:
    """(route, namespaced name or None, callback) of every pattern, includes unfolded."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            name = (f"{namespace}:{p.name}" if namespace else p.name) if p.name else None
            yield prefix + str(p.pattern), name, p.callback


def url_routes() -> list[UrlRoute]:
    """Every pattern of the URLconf but the API's operations (those come from openapi.json)."""
    return [
        UrlRoute(key=name or route, route=route)
        for route, name, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "__module__", "") != "ninja.operation"
    ]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    body_schema: dict[str, Any] | None


def operations() -> list[Operation]:
    found = []
    for path, methods in committed_schema()["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            found.append(Operation(op["operationId"], method.upper(), path, body.get("schema")))
    return found


# --- The world --------------------------------------------------------------------------------


@dataclass
class MatrixWorld:
    w: Any  # the shared ``World`` of nabij/conftest.py
    sessions: dict[str, str]  # role -> session key
    tokens: dict[str, str]  # role -> API token
    ids: dict[str, Any]  # path parameter -> value
    admin_objects: dict[str, int]  # "app/model" -> an object's id
    owner: str  # the role whose token the token routes point at
    subjects: dict[str, set[int]] = field(default_factory=dict)
    resident_users: dict[str, Any] = field(default_factory=dict)  # context -> account
    protected_address: str = ""  # the household's street, never shown to Karima

    def has_login(self, role: str) -> bool:
        return role in self.sessions

    def roles(self, audience: Audience) -> frozenset[str]:
        fixed = AUDIENCE_ROLES[audience]
        if fixed is not None:
            return fixed
        if audience == Audience.ANY_TOKEN:
            return frozenset(self.tokens)
        return frozenset(self.sessions)  # SIGNED_IN

    def username(self, role: str) -> str | None:
        if role in PROFESSIONAL_ROLES:
            return str(self.w.by_key(role).user.username)
        if role == "resident":
            return str(self.w.resident_user.username)
        if role in self.resident_users:
            return str(self.resident_users[role].username)
        return None


def resident_login(w: Any) -> Any:
    """The resident's account, once the next issue gives residents one; ``None`` until then."""
    return getattr(w, "resident_user", None)


def _build(w: Any) -> MatrixWorld:
    from nabij.access.services import api_token_create
    from nabij.costs import services as costs
    from nabij.costs.models import FundingStream, Payer, Unit
    from nabij.funds import services as funds
    from nabij.funds.models import Agreement, Transaction
    from nabij.funds.tests.helpers import a_while_ago, actor_of, breakthrough_for, fund_world
    from nabij.matching import services as matching
    from nabij.matching.models import BlockedPair, Notice, Skill
    from nabij.matching.tests.conftest import register
    from nabij.plans import services as plans
    from nabij.plans.models import Plan
    from nabij.tests import factories as f

    # The administrator as the demo loader makes one: staff, with the admin's permissions.
    admin_user = w.administrator.user
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    registered = [ContentType.objects.get_for_model(m) for m in admin.site._registry]
    admin_user.user_permissions.add(*Permission.objects.filter(content_type__in=registered))

    h = w.household
    assigned = actor_of(w.assigned)
    goal = plans.goal_add(actor=assigned, household=h, expected_version=1, text="Werk vinden")
    plans.action_add(
        actor=assigned,
        household=h,
        expected_version=2,
        goal_id=goal.pk,
        description="Cv schrijven",
        actor_kind="professional",
        professional_id=w.assigned.pk,
    )
    action = goal.actions.get()
    # Ons plan: a goal in Karima's own words, and a professional's proposal for other words
    from nabij.access.gate import Actor

    karima = Actor(user=w.resident_user, professional=None, resident=w.resident)
    own_goal = plans.goal_add(actor=karima, household=h, expected_version=3, text="Een huis")
    wording = plans.wording_propose(
        actor=assigned, household=h, expected_version=4, goal_id=own_goal.pk, text="Een woning"
    )
    threat = plans.threat_record(household=h, kind="eviction", deadline=dt.date(2030, 1, 1))
    breakthrough = breakthrough_for(h, w.coordinator)
    line = costs.cost_line_record(
        actor=assigned,
        household=h,
        provider=f.OrganisationFactory(name="Jeugdhulp Noord"),
        stream=FundingStream.YOUTH,
        payer=Payer.MUNICIPALITY,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 1, 31),
        volume=Decimal(1),
        unit=Unit.MONTH,
        unit_price_cents=500_000,
        amount_cents=500_000,
    )
    scenario = costs.scenario_create(
        actor=assigned,
        household=h,
        title="Nu huisvesten",
        current_label="Wachten",
        alternative_label="Huis nu",
        horizon_years=5,
        discount_rate_bp=225,
        price_year=2026,
    )
    costs.assumptions_add(
        actor=assigned,
        scenario=scenario,
        expected_version=1,
        items=[costs.AssumptionInput("current", "Opvang", "youth", "municipality", 6_000_000)],
    )
    assumption = scenario.assumptions.get()

    fund_a, _fund_b = fund_world(w)
    agreement = funds.agreement_create(
        actor=actor_of(w.coordinator),
        household=h,
        kind=Agreement.Kind.LOAN,
        amount_cents=40_000,
        purpose="Paspoort en leges",
        reciprocity="40 uur vrijwillig koken",
        hours_agreed=Decimal("40"),
        decided_on=a_while_ago(30),
    )
    txn = Transaction.objects.filter(agreement=agreement).order_by("pk").first()
    assert txn is not None
    area_plan, area_goal, area_action = _area_plan(fund_a.district, assigned)

    hood = h.neighbourhood
    karima = register(
        w.assigned,
        "Karima",
        "El Amrani",
        hood,
        offers=("koken",),
        needs=(("administratie", 3),),
        resident=w.resident,
        plan_consent=True,
        shared_by_team="Liefst overdag.",
    )
    jesse = register(
        w.broker, "Jesse", "Postma", hood, offers=("administratie",), needs=(("koken", 1),)
    )
    bram = register(w.broker, "Bram", "Smit", hood, offers=("tuin",), needs=(("klussen", 2),))
    cor = register(w.broker, "Cor", "Tol", hood, offers=("klussen",), needs=(("tuin", 2),))
    run = matching.run_matching(actor=actor_of(w.broker))
    by_people = {
        frozenset(p.parties.values_list("participant_id", flat=True)): p
        for p in run.proposal_set.all()
    }
    live = by_people[frozenset({karima.pk, jesse.pk})]
    declined = by_people[frozenset({bram.pk, cor.pk})]
    matching.proposal_respond(
        actor=actor_of(w.broker),
        proposal=declined,
        expected_version=declined.version,
        participant_id=cor.pk,
        agrees=False,
        reason="Niet nu",
    )
    notice = Notice.objects.order_by("pk").first()
    block = BlockedPair.objects.order_by("pk").first()
    assert notice is not None and block is not None

    group = Group.objects.create(name="Matrix")
    tokens = {
        role: api_token_create(user=w.by_key(role).user, name="matrix")
        for role in PROFESSIONAL_ROLES
        if role in STAFF  # a referrer gets no token (test_referrers_get_no_token)
    }
    sessions = {}
    for role in PROFESSIONAL_ROLES:
        client = Client()
        client.force_login(w.by_key(role).user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    resident_user = resident_login(w)
    if resident_user is not None:  # the next issue: the resident signs in like anyone else
        client = Client()
        client.force_login(resident_user)
        sessions["resident"] = client.cookies[settings.SESSION_COOKIE_NAME].value
        # and no token: api_token_create refuses a resident (test_residents_never_get_tokens)
    resident_users = _resident_contexts(w)
    for role, user in resident_users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    _former_member_leaves(w, resident_users["former_member"])
    owner = "assigned"
    own_token = w.assigned.user.api_tokens.order_by("pk").first()

    admin_objects: dict[str, int] = {}
    for model in admin.site._registry:
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            admin_objects[f"{model._meta.app_label}/{model._meta.model_name}"] = obj.pk
    admin_objects["auth/user"] = w.colleague.user.pk  # someone else's account
    admin_objects["auth/group"] = group.pk
    unused = Skill.objects.filter(offers__isnull=True, needs__isnull=True).order_by("pk").first()
    assert unused is not None
    admin_objects["matching/skill"] = unused.pk  # skills in use cannot be deleted
    admin_objects["access/professional"] = w.colleague.pk

    plan = Plan.objects.get(household=h)
    from nabij.people import services as people_services

    network_member = people_services.network_member_add(
        household=h, name="Samira", relation="family", can_do="Oppassen"
    )
    from nabij.access.models import RoleChangeRequest

    waiting = RoleChangeRequest.objects.create(
        professional=w.broker,
        role="professional",
        team=w.colleague.team,
        is_active=True,
        reason="matrix",
        requested_by=w.administrator.user,
    )
    _account, story = _area_account(w)
    buurtkracht = _buurtkracht(w, fund_a.district, area_goal)
    ids = {
        "household_id": h.pk,
        "resident_id": w.resident.pk,
        "goal_id": goal.pk,
        "action_id": action.pk,
        "wording_id": wording.pk,
        "threat_id": threat.pk,
        "assignment_id": h.assignments.get(professional=w.assigned).pk,
        "line_id": line.pk,
        "scenario_id": scenario.pk,
        "assumption_id": assumption.pk,
        "price_id": _first_price_id(),
        "agreement_id": agreement.pk,
        "transaction_id": txn.pk,
        "code": fund_a.district.code,
        "participant_id": karima.pk,
        "run_id": run.pk,
        "job_id": _job(w.broker.user).pk,
        "proposal_id": live.pk,
        "notice_id": notice.pk,
        "block_id": block.pk,
        "token_id": own_token.pk,
        "id": w.colleague.user.pk,  # the admin's password form: someone else's account
        "content_type_id": ContentType.objects.get_for_model(Professional).pk,
        "app_label": "access",
        "url": "nothing-here/",
        "neighbourhood_code": hood.code,
        "plan_version": plan.version,
        "breakthrough_id": breakthrough.pk,
        "professional_id": w.colleague.pk,
        "request_id": waiting.pk,
        "decision": "afwijzen",
        "uidb64": "MQ",
        "token": "no-such-token",
        "scenario_version": scenario.version,
        "member_id": network_member.pk,
        "membership_id": h.memberships.get(resident=w.resident).pk,
        "year": area_plan.year,
        "area_goal_id": area_goal.pk,
        "area_action_id": area_action.pk,
        "story_id": story.pk,
        "signal_id": _uncertain_signal(h).pk,
        "practice_id": _practice_story(breakthrough, w.assigned.user).pk,
        "rule_id": _learning_rule(w).pk,
        "case_id": _signal_case(h).pk,
        "referral_id": _referral(w).pk,
        **buurtkracht,
    }
    members = {m.resident_id for m in h.memberships.filter(ended_on__isnull=True)}
    subjects = {
        "household": members,
        "resident": {w.resident.pk},
        "participant": {karima.pk},
        "proposal": {karima.pk, jesse.pk},
    }
    address = h.address
    return MatrixWorld(
        w,
        sessions,
        tokens,
        ids,
        admin_objects,
        owner,
        subjects,
        resident_users=resident_users,
        protected_address=address.street if address is not None else "",
    )


def _uncertain_signal(household: Any) -> Any:
    """An arrears signal at the household's address that a person must link (issue 14)."""
    from nabij.signals.models import Creditor, Delivery, Signal

    address = household.address
    delivery = Delivery.objects.create(file_name="signalen.csv", sha256="0" * 64)
    return Signal.objects.create(
        delivery=delivery,
        creditor=Creditor.objects.create(name="Woonbedrijf Matrix"),
        kind=Signal.Kind.RENT,
        name="K. Amrani",
        postcode=address.postcode,
        house_number=address.house_number,
        addition=address.addition,
        arrears_cents=80_000,
        months=2,
        signalled_on=dt.date(2026, 11, 30),
        identity="matrix-signal",
        link=Signal.Link.UNCERTAIN,
    )


def _practice_story(breakthrough: Any, author: Any) -> Any:
    """A published practice story drawn from household A's breakthrough, with consent."""
    from nabij.practices.models import PracticeStory

    now = timezone.now()
    return PracticeStory.objects.create(
        title="Een paspoort en een kookgroep",
        text="Het team betaalde de leges voor.",
        source=PracticeStory.Source.BREAKTHROUGH,
        breakthrough=breakthrough,
        municipality="Gemeente Matrix",
        state=PracticeStory.State.PUBLISHED,
        consent_given_on=now.date(),
        consent_form=PracticeStory.ConsentForm.WRITTEN,
        consent_recorded_by=author,
        consent_recorded_at=now,
        author=author,
        published_at=now,
        published_by=author,
    )


def _learning_rule(w: Any) -> Any:
    """A rule in the register (issue 14), owned by the household's team's organisation."""
    from nabij.learning.models import Rule

    return Rule.objects.create(
        name="Geen nieuw huurcontract bij huurschuld",
        kind=Rule.Kind.ORGANISATION,
        reference="Toewijzingsbeleid",
        owner=w.coordinator.team.organisation,
        description="Wie huurschuld heeft, krijgt geen nieuw huurcontract.",
    )


def _signal_case(household: Any) -> Any:
    """Household A's open arrears signal case (team A's outreach list shows it)."""
    from nabij.signals.cases import bundle
    from nabij.signals.models import Creditor, Delivery, Signal

    delivery = Delivery.objects.create(file_name="matrix.csv", sha256="0" * 64)
    signal = Signal.objects.create(
        delivery=delivery,
        creditor=Creditor.objects.create(name="Woonstad Matrix"),
        kind=Signal.Kind.RENT,
        name="Karima El Amrani",
        postcode="8921 AB",
        house_number=1,
        arrears_cents=120_000,
        months=2,
        signalled_on=timezone.localdate(),
        identity="matrix-case-signal",
        link=Signal.Link.CERTAIN,
        household=household,
    )
    (case,) = bundle([signal], today=timezone.localdate())
    return case


def _referral(w: Any) -> Any:
    """A referral from the school to team A about Karima, at her address, not taken on yet."""
    from nabij.referrals.models import Referral

    address = w.household.address
    return Referral.objects.create(
        referrer=w.referrer.user,
        organisation=w.referrer.organisation,
        team=w.household.team,
        first_name="Karima",
        last_name="El Amrani",
        postcode=address.postcode,
        house_number=address.house_number,
        addition=address.addition,
        worry="Noor komt vaak te laat en zegt dat er thuis geen eten is.",
        basis=Referral.Basis.CONSENT,
        consent_on=timezone.localdate(),
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )


def _job(user: Any) -> Any:
    """A finished matching run job the broker started (the job page shows its result)."""
    from nabij.jobs.models import Job

    return Job.objects.create(
        started_by=user,
        kind=Job.Kind.MATCHING_RUN,
        key="matrix",
        state=Job.State.DONE,
        summary={"participants": 2, "proposals": 1},
        result_url="/buurthulp/",
    )


def _area_plan(district: Any, author: Any) -> tuple[Any, Any, Any]:
    """This year's area plan of district A (team A works there), with a goal and an action."""
    from nabij.outcomes import services_plans as area_plans
    from nabij.tests import factories as f

    indicator = f.IndicatorFactory(code="VoortijdigSchoolverlaters", question="school")
    plan = area_plans.plan_create(actor=author, district=district, year=timezone.localdate().year)
    goal = area_plans.goal_save(
        actor=author,
        plan=plan,
        expected_version=plan.version,
        data=area_plans.GoalData(
            question="school",
            text="Meer jongeren halen een diploma",
            indicator_id=indicator.pk,
            target_value=Decimal(2),
            target_year=plan.year + 4,
        ),
    )
    action = area_plans.action_save(
        actor=author,
        plan=plan,
        expected_version=plan.version,
        data=area_plans.ActionData(
            description="Huiswerkklas in het buurthuis",
            by="initiative",
            by_name="Buurtcoöperatie",
            goal_id=goal.pk,
        ),
    )
    return plan, goal, action


def _area_account(w: Any) -> tuple[Any, Any]:
    """District A's account: published (the public page, the PDF and the API show it), then
    reopened as a draft (the team's pages can change it); its household story is Karima's."""
    from nabij.reports import services as reports
    from nabij.reports.models import Story
    from nabij.reports.tests.helpers import actor_of, published_account

    # this year's, so that "year" in a path names both the area plan and the account
    account = published_account(w, year=timezone.localdate().year)
    reports.reopen(actor=actor_of(w.coordinator), account=account, expected_version=account.version)
    return account, account.stories.get(kind=Story.Kind.HOUSEHOLD)


def _buurtkracht(w: Any, district: Any, area_goal: Any) -> dict[str, int]:
    """District A's budget round of this year in its voting phase, with Karima's proposal on
    the ballot (and an update on it), her initiative with a funding line, a small application
    and a challenge."""
    from nabij.budgets.models import BudgetProposal, BudgetRound, ExecutionUpdate, Phase
    from nabij.initiatives.models import (
        Application,
        Challenge,
        ContactPerson,
        FundingEntry,
        FundingSource,
        Initiative,
        LegalForm,
    )

    today = timezone.localdate()
    day = dt.timedelta(days=1)
    author = w.coordinator.user
    budget_round = BudgetRound.objects.create(
        district=district,
        year=today.year,
        title="Buurtbudget Heechterp",
        amount_cents=5_000_000,
        phase=Phase.VOTING,
        proposals_from=today - 40 * day,
        proposals_until=today - 20 * day,
        checking_until=today - 10 * day,
        voting_from=today - 5 * day,
        voting_until=today + 10 * day,
        results_on=today + 12 * day,
        created_by=author,
    )
    proposal = BudgetProposal.objects.create(
        round=budget_round,
        number=1,
        title="Bankjes bij de speeltuin",
        description="Drie bankjes, zodat ouders kunnen zitten.",
        cost_estimate_cents=600_000,
        cost_cents=650_000,
        neighbourhood=w.household.neighbourhood,
        area_goal=area_goal,
        author=w.resident,
        author_name_public=True,
        status="feasible",
        check_reason="Kan, op grond van de gemeente.",
        checked_at=timezone.now(),
        checked_by=author,
    )
    update = ExecutionUpdate(
        proposal=proposal, text="Offerte gevraagd.", photo_alt="Een bankje", created_by=author
    )
    photo = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(photo, format="PNG")
    update.photo.save("bankje.png", ContentFile(photo.getvalue()), save=False)
    update.save()
    initiative = Initiative.objects.create(
        name="Kookgroep Heechterp",
        purpose="Samen koken en eten met buren.",
        district=district,
        neighbourhood=w.household.neighbourhood,
        legal_form=LegalForm.INFORMAL,
        members_count=12,
        volunteers_count=5,
        created_by=author,
    )
    ContactPerson.objects.create(
        initiative=initiative,
        resident=w.resident,
        name_public=True,
        consent_at=timezone.now(),
        started_on=today - 30 * day,
    )
    entry = FundingEntry.objects.create(
        initiative=initiative,
        year=today.year,
        source=FundingSource.MEMBER_FEES,
        amount_cents=24_000,
        booked_on=today - 20 * day,
        recorded_by=author,
    )
    application = Application.objects.create(
        initiative=initiative,
        kind=Application.Kind.AREA_FUND,
        year=today.year,
        amount_cents=50_000,
        purpose="Pannen en borden",
        submitted_by=w.resident,
        decide_by=today + 20 * day,
    )
    challenge = Challenge.objects.create(
        initiative=initiative,
        task="Onderhoud van het buurtgroen",
        plan="Wij doen het groen met tien vrijwilligers.",
        budget_cents=1_500_000,
        decide_by=today + 56 * day,
    )
    return {
        "round_id": budget_round.pk,
        "budget_proposal_id": proposal.pk,
        "update_id": update.pk,
        "initiative_id": initiative.pk,
        "entry_id": entry.pk,
        "application_id": application.pk,
        "challenge_id": challenge.pk,
    }


def _resident_contexts(w: Any) -> dict[str, Any]:
    """Accounts for the resident contexts (see ``RESIDENT_CONTEXTS``); the minor has none."""
    from nabij.access.digid import resident_user_for_bsn
    from nabij.tests import factories as f

    today = timezone.localdate()
    protected = f.ResidentFactory(first_name="Samira", last_name="El Amrani")
    protected.address_protected = True
    protected.save(update_fields=["address_protected"])
    # A street name found nowhere else (not in a team's or a neighbourhood's name), so the
    # check that Karima's pages never show it cannot match anything else.
    address = w.household.address
    address.street = "Schuilplaatsweg"
    address.save(update_fields=["street"])
    f.MembershipFactory(household=w.household, resident=protected, role="partner")
    former = f.ResidentFactory(first_name="Yusuf", last_name="El Amrani")
    f.MembershipFactory(household=w.household, resident=former, role="other")
    minor = f.ResidentFactory(
        first_name="Lina", last_name="El Amrani", date_of_birth=today.replace(year=today.year - 14)
    )
    f.MembershipFactory(household=w.household, resident=minor, role="child")
    assert resident_user_for_bsn(None, minor.bsn) is None, "a child under 16 got an account"
    users = {
        "protected_member": resident_user_for_bsn(None, protected.bsn),
        "other_resident": resident_user_for_bsn(None, w.other_resident.bsn),
        "former_member": resident_user_for_bsn(None, former.bsn),
    }
    assert all(users.values())
    return users


def _former_member_leaves(w: Any, user: Any) -> None:
    """The former member signed in while a member; the membership ended yesterday."""
    from nabij.people.models import Membership

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Membership.objects.filter(
        household=w.household, resident=user.resident_account.resident, ended_on__isnull=True
    ).update(ended_on=max(yesterday, dt.date(2000, 1, 1)))


def _first_price_id() -> int:
    from nabij.costs.models import ReferencePrice

    price = ReferencePrice.objects.order_by("pk").first()
    assert price is not None, "the reference prices of the data migration are missing"
    return int(price.pk)


@pytest.fixture(scope="module")
def mw(django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    """The world and everything the routes point at, once for the module; rolled back after."""
    from nabij.conftest import world as world_fixture

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        tempfile.TemporaryDirectory() as private,  # the budget update's photo
        override_settings(PRIVATE_MEDIA_ROOT=private),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build(world_fixture.__wrapped__(None))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- Requests ---------------------------------------------------------------------------------

CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


# Query strings a route needs to do its work at all.
_MOCK_IDP = "?acs=/digid/acs/&next=/mijn/&cancel=/mijn/inloggen/"
QUERIES = {
    "admin:autocomplete": "?app_label=access&model_name=professional&field_name=user",
    "digid-mock:login": _MOCK_IDP,  # the IdP is opened with where to return (a 400 without)
    "digid-mock:bsn": _MOCK_IDP,
}


def fill(route: str, key: str, mw: MatrixWorld) -> str:
    """The route with real ids; ``object_id`` is an object of the admin model in the route."""
    admin_model = re.match(r"beheer/(\w+)/(\w+)/", route)

    def value(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        if name == "object_id":
            key = f"{admin_model.group(1)}/{admin_model.group(2)}" if admin_model else ""
            return str(mw.admin_objects.get(key, mw.w.colleague.pk))
        return str(mw.ids[name])

    return (
        "/" + CONVERTER.sub(value, route).replace("^", "").replace("$", "") + QUERIES.get(key, "")
    )


def fill_api(path: str, mw: MatrixWorld) -> str:
    ids = dict(mw.ids)
    if "/neighbourhoods/" in path:
        ids["code"] = mw.ids["neighbourhood_code"]
    elif "/districts/" in path:
        ids["code"] = mw.w.household.neighbourhood.district.code
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


def _schema(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return _schema(committed_schema()["components"]["schemas"][ref.rsplit("/", 1)[1]])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"]
            return _schema(options[0])
    return node


def example(node: dict[str, Any]) -> Any:
    """A minimal value that passes the schema (so the request reaches the gate)."""
    s = _schema(node)
    if "enum" in s:
        return s["enum"][0]
    kind = s.get("type")
    if kind == "object" or "properties" in s:
        props = s.get("properties", {})
        return {k: example(props[k]) for k in s.get("required", [])}
    if kind == "array":
        return [example(s.get("items", {}))] * s.get("minItems", 0)
    if kind == "integer":
        return max(int(s.get("minimum", 1)), 1) if s.get("maximum", 2) >= 1 else s["maximum"]
    if kind == "number":
        return max(float(s.get("minimum", 1)), 1.0)
    if kind == "boolean":
        return False
    if s.get("format") == "date":
        return "2026-01-15"
    if s.get("format") == "date-time":
        return "2026-01-15T10:00:00+01:00"
    return "x" * max(int(s.get("minLength", 1)), 1)


# Page posts that need a field to reach their access check; by role where it differs.
PAGE_BODIES: dict[str, Callable[[MatrixWorld, str], dict[str, Any]]] = {
    "funds:savings": lambda mw, role: {"action": "share" if role == "administrator" else "claim"},
}


# openapi.json names several enums alike ("Kind", "Status"), so one schema stands for all of
# them and documents the wrong values for these; the real ones, until that is fixed.
API_BODY_FIELDS: dict[str, dict[str, Any]] = {
    "nabij_plans_api_action_status": {"status": "doing"},
    "nabij_plans_api_plan_kind": {"kind": "standard"},
    "nabij_plans_api_threat_add": {"kind": "eviction"},
    "nabij_plans_api_threat_status": {"status": "averted"},
}


def api_body(op: Operation, mw: MatrixWorld) -> Any:
    body = example(op.body_schema) if op.body_schema else None
    if isinstance(body, dict):
        body.update(API_BODY_FIELDS.get(op.operation_id, {}))
        if "version" in body:
            body["version"] = 1
        if "household_id" in body:  # a real household (a move to the same one is refused)
            body["household_id"] = mw.ids["household_id"]
        if "professional_id" in body:
            body["professional_id"] = mw.w.colleague.pk
    return body


# One client for the module: a new one loads the middleware again (WhiteNoise then scans the
# static files), which took most of the matrix's time.
_CLIENT = Client()


def client_for(
    mw: MatrixWorld, role: str, *, api: bool, session: bool = False
) -> tuple[Client, dict[str, str]]:
    """The client with only this role's credentials: its session cookie, or its token (the
    resident's API, ``/api/v1/me``, takes the session only)."""
    _CLIENT.cookies = SimpleCookie()
    # Every resident who still signs in (not the former member, whose session ended with the
    # membership): a run longer than the fresh-login window must not turn their exports into
    # refusals.
    if role in {"resident", "protected_member", "other_resident"} and role in mw.sessions:
        _stamp_login(mw.sessions[role])
    if api and not session:
        token = mw.tokens.get(role)
        return _CLIENT, ({"Authorization": f"Bearer {token}"} if token else {})
    if role in mw.sessions:
        _CLIENT.cookies[settings.SESSION_COOKIE_NAME] = mw.sessions[role]
    return _CLIENT, {}


def _stamp_login(session_key: str) -> None:
    """The resident's exports need a DigiD login of the last few minutes
    (``fresh_login_required``); the matrix logged in once, when the world was built, so the
    session is stamped as logged in just now before each cell of a signed-in resident."""
    from importlib import import_module

    from nabij.access.middleware import AUTH_AT, SEEN_AT

    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    store[AUTH_AT] = store[SEEN_AT] = time.time()
    store.save()


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class Writes:
    """The tables a request writes (INSERT, UPDATE, DELETE), from the SQL it sends."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        m = WRITE.match(sql)
        if m and context["cursor"].rowcount != 0:  # an UPDATE that matched nothing changed nothing
            self.tables.add(m.group(1).lower())
        return result

    @property
    def data(self) -> set[str]:
        return self.tables - LOG_TABLES


@dataclass(frozen=True)
class Sent:
    response: HttpResponse
    writes: set[str]
    rows: list[AccessLogEntry]


def send(
    client: tuple[Client, dict[str, str]], method: str, url: str, body: Any, *, api: bool
) -> Sent:
    c, headers = client
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    writes = Writes()
    with connection.execute_wrapper(writes):
        if method == "GET":
            response = c.get(url, headers=headers)
        elif api:
            payload = json.dumps(body if body is not None else {})
            response = getattr(c, method.lower())(
                url, payload, content_type="application/json", headers=headers
            )
        else:
            response = c.post(url, body or {}, headers=headers)
    rows = list(AccessLogEntry.objects.filter(pk__gt=last))
    return Sent(response, writes.data, rows)


# Where a request without the right session is sent to sign in.
LOGIN_PATHS = frozenset({"/inloggen/", "/beheer/login/", "/mijn/inloggen/"})


def to_login(response: HttpResponse) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.split("?")[0] in LOGIN_PATHS


# --- The checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    key: str  # URL key or operationId
    method: str
    api: bool
    url: Callable[[MatrixWorld], str]
    body: Callable[[MatrixWorld, str], Any]
    rule: Rule | None  # None: the method is not allowed here
    kwargs: frozenset[str]  # path parameters, for the subjects of the request
    refusals_only: bool = False  # a POST to a read view: only those the GET refuses


def subjects(mw: MatrixWorld, params: frozenset[str]) -> tuple[set[int], set[int]]:
    """The residents and participants a request about these path parameters concerns."""
    residents: set[int] = set()
    participants: set[int] = set()
    if params & {"household_id", "agreement_id", "case_id"}:
        residents |= mw.subjects["household"]
    elif "resident_id" in params:
        residents |= mw.subjects["resident"]
    if "participant_id" in params:
        participants |= mw.subjects["participant"]
    elif "proposal_id" in params and "household_id" not in params:
        participants |= mw.subjects["proposal"]
    return residents, participants


def takes_session(cell: Cell) -> bool:
    """The resident's API (``/api/v1/me``) takes the session; the rest of the API a token."""
    return cell.api and cell.rule is not None and cell.rule.audience == Audience.RESIDENT_SELF


def sends_credentials(mw: MatrixWorld, cell: Cell, role: str) -> bool:
    """Whether the request carries this role's credentials: its token on the token API (a
    resident has none), its session on pages and on the resident's API."""
    if cell.api and not takes_session(cell):
        return role in mw.tokens
    if role == "former_member":
        return False  # its session ended with the membership: the request is anonymous
    return mw.has_login(role)


def check(mw: MatrixWorld, cell: Cell, role: str) -> None:
    url = cell.url(mw)
    session = takes_session(cell)
    sent = send(
        client_for(mw, role, api=cell.api, session=session),
        cell.method,
        url,
        cell.body(mw, role),
        api=cell.api,
    )
    status = sent.response.status_code
    label = f"{cell.method} {url} as {role}: {status}"
    assert status < 500, label
    rule = cell.rule
    if rule is None:
        assert status == 405 or _refused_status(mw, role, sent, cell), f"{label}, expected 405"
        assert not sent.writes, f"{label} wrote {sent.writes}"
        return
    if role in allowed_roles(mw, cell, rule):
        _check_granted(mw, cell, role, rule, sent, label)
    else:
        _check_refused(mw, cell, role, rule, sent, label)
    if role == "resident" and mw.protected_address and cell.method == "GET":
        response = sent.response
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        assert mw.protected_address not in body.decode(errors="replace"), (
            f"{label}: shows the address of a member whose address is protected"
        )


def allowed_roles(mw: MatrixWorld, cell: Cell, rule: Rule) -> frozenset[str]:
    """The rule's audience; on a resident route that names an item of Karima's household in
    its path, only the members of that household."""
    roles = mw.roles(rule.audience)
    if rule.audience == Audience.RESIDENT_SELF and cell.kwargs:
        members = frozenset({"resident"}) if cell.kwargs & PERSONAL_PARAMS else OWN_HOUSEHOLD_ROLES
        return roles & members
    return roles


def _refused_status(mw: MatrixWorld, role: str, sent: Sent, cell: Cell) -> bool:
    """A refusal: 403/404, 401 from the API without a token, or off to sign in."""
    response = sent.response
    status = response.status_code
    signed_in = sends_credentials(mw, cell, role)
    if status in REFUSED_STATUSES or to_login(response) or (status == 401 and not signed_in):
        return True
    # Django's admin sends a user without admin rights from some pages to its index, which
    # shows its login.
    return cell.key.startswith("admin:") and response.headers.get("Location") == "/beheer/"


def expected_refusal(cell: Cell, role: str, rule: Rule) -> int | None:
    """Unknown and forbidden answer alike: a household (or its resident, its agreement) or a
    register profile that the role may not see is a 404, as an id that does not exist; an
    action on one it may see, and a page without an object, a 403. ``None``: the
    administration and routes for nobody, which answer as Django's admin does."""
    if cell.key.startswith(("admin:", "beheer/")) or rule.audience == Audience.NOBODY:
        return None
    if rule.audience == Audience.RESIDENT_SELF and cell.kwargs and role in RESIDENT_ROLES:
        return 404  # another household's item: unknown and not theirs answer alike
    sees = AUDIENCE_ROLES[Audience.HOUSEHOLD_CASE] or frozenset()
    if cell.kwargs & {"household_id", "resident_id", "agreement_id"}:
        return 403 if role in sees else 404
    if cell.key.startswith("practices:") and cell.kwargs & {"breakthrough_id", "practice_id"}:
        return 403 if role in sees else 404  # a household's breakthrough, a story drawn from it
    if "job_id" in cell.kwargs:  # someone else's background job: as if it did not exist
        return 404
    if "case_id" in cell.kwargs:  # another team's signal case: as if it did not exist
        return 404
    if "referral_id" in cell.kwargs:  # not the team's referral: as if it did not exist
        return 404
    if "participant_id" in cell.kwargs:  # Karima's profile: her household's case roles see it
        return 403 if role in sees | {"broker"} else 404
    return 403


def _check_refused(
    mw: MatrixWorld, cell: Cell, role: str, rule: Rule, sent: Sent, label: str
) -> None:
    assert _refused_status(mw, role, sent, cell), f"{label}, expected a refusal"
    expected = expected_refusal(cell, role, rule)
    status = sent.response.status_code
    if expected is not None and status in REFUSED_STATUSES:
        assert status == expected, f"{label}, expected {expected}"
    assert not sent.writes, f"{label}: refused, but wrote {sent.writes}"
    username = mw.username(role)
    signed_in = sends_credentials(mw, cell, role)
    assert not [
        r for r in sent.rows if r.outcome == "granted" and (r.resident_id or r.participant_id)
    ], f"{label}: refused, but personal data was granted"
    if rule.log == Log.NONE or not signed_in or to_login(sent.response):
        return
    refused = [r for r in sent.rows if r.outcome == "refused" and r.username == username]
    assert refused, f"{label}: refusal not logged"
    residents, _participants = subjects(mw, cell.kwargs)
    if rule.log == Log.SUBJECT and residents:  # the attempt shows in the resident's own log
        logged = {r.resident_id for r in refused}
        assert residents <= logged, f"{label}: refusal not logged for residents {residents}"


def _check_granted(
    mw: MatrixWorld, cell: Cell, role: str, rule: Rule, sent: Sent, label: str
) -> None:
    status = sent.response.status_code
    if cell.method == "GET":  # a read that sends one to sign in granted nothing
        ok = 200 <= status < 400 and (
            rule.audience == Audience.PUBLIC or not to_login(sent.response)
        )
    else:  # a write may redirect anywhere (a logout to the login page)
        ok = 200 <= status < 400 or status in VALIDATION_STATUSES
    assert ok, f"{label}, expected a grant"
    username = mw.username(role)
    granted = [r for r in sent.rows if r.outcome == "granted" and r.username == username]
    personal = [r for r in granted if r.resident_id or r.participant_id]
    wrong = {r.purpose for r in personal} - set(rule.purposes)
    assert not wrong, f"{label}: rows with purpose {wrong}, declared {set(rule.purposes)}"
    if rule.log == Log.SUBJECT:
        residents, participants = subjects(mw, cell.kwargs)
        logged_residents = {r.resident_id for r in personal}
        logged_participants = {r.participant_id for r in personal}
        assert residents <= logged_residents, f"{label}: residents {residents} not all logged"
        assert participants <= logged_participants, f"{label}: {participants} not all logged"
        assert personal, f"{label}: granted, but nothing logged"
    elif rule.log == Log.LISTED and rule.shows is not None and role in mw.roles(rule.shows):
        assert personal, f"{label}: shows persons, but logged none"
    if rule.audience == Audience.OWN_ACCOUNT and role != mw.owner:
        assert not sent.writes, f"{label}: changed another account's data: {sent.writes}"


# --- The cells --------------------------------------------------------------------------------


def _params(route: str) -> frozenset[str]:
    return frozenset(a or b for a, b in CONVERTER.findall(route))


def page_cells() -> list[Cell]:
    cells = []
    for r in url_routes():
        access = routes.access_for_url(r.key)
        if access is None:
            continue  # test_every_url_pattern_has_a_rule says so
        for method in ("GET", "POST"):
            body = PAGE_BODIES.get(r.key, lambda mw, role: {})
            cells.append(
                Cell(
                    key=r.key,
                    method=method,
                    api=r.route.startswith(("api/", "^api/")),
                    url=lambda mw, route=r.route, key=r.key: fill(route, key, mw),
                    body=body if method == "POST" else (lambda mw, role: None),
                    rule=access.rule(method),
                    kwargs=_params(r.route),
                    refusals_only=method == "POST" and access.writes_nothing,
                )
            )
    return cells


def api_cells() -> list[Cell]:
    cells = []
    for op in operations():
        rule = routes.rule_for_operation(op.operation_id)
        if rule is None:
            continue  # test_every_operation_has_a_rule says so
        cells.append(
            Cell(
                key=op.operation_id,
                method=op.method,
                api=True,
                url=lambda mw, path=op.path: fill_api(path, mw),
                body=lambda mw, role, op=op: api_body(op, mw),
                rule=rule,
                kwargs=frozenset(re.findall(r"\{(\w+)\}", op.path)),
            )
        )
    return cells


def static_roles(audience: Audience) -> frozenset[str]:
    """The audience before the world exists (sessions and tokens: the professionals)."""
    fixed = AUDIENCE_ROLES[audience]
    return fixed if fixed is not None else frozenset(PROFESSIONAL_ROLES)


def _params_for(cells: list[Cell]) -> list[Any]:
    out = []
    for cell in cells:
        for role in ROLES:
            if cell.refusals_only and cell.rule and role in static_roles(cell.rule.audience):
                continue  # a read view's POST by who may read: the GET cell covers it
            resident_route = cell.rule is not None and cell.rule.audience == Audience.RESIDENT_SELF
            if role in RESIDENT_CONTEXTS and not resident_route:
                continue  # elsewhere they are residents as Karima is: her cells cover them
            marks = []
            failing = DEFECT_CELLS.get((cell.key, cell.method), frozenset())
            if role in failing and cell.rule is not None:
                marks.append(
                    pytest.mark.xfail(reason=cell.rule.defect, strict=True, raises=AssertionError)
                )
            out.append(pytest.param(cell, role, id=f"{cell.method} {cell.key} {role}", marks=marks))
    return out


@pytest.mark.parametrize(("cell", "role"), _params_for(page_cells()))
def test_page(mw, cell, role):
    check(mw, cell, role)


@pytest.mark.parametrize(("cell", "role"), _params_for(api_cells()))
def test_api(mw, cell, role):
    check(mw, cell, role)


# --- The registry is complete, and holds nothing else ----------------------------------------


def test_every_url_pattern_has_a_rule():
    missing = sorted(r.key for r in url_routes() if routes.access_for_url(r.key) is None)
    assert not missing, f"URL patterns without a rule in nabij.access.routes: {missing}"


def test_every_operation_has_a_rule():
    missing = sorted(
        op.operation_id for op in operations() if routes.rule_for_operation(op.operation_id) is None
    )
    assert not missing, f"API operations without a rule in nabij.access.routes: {missing}"


def test_the_registry_declares_no_route_that_does_not_exist():
    keys = {r.key for r in url_routes()}
    stale = sorted(routes.declared_url_keys() - keys)
    assert not stale, f"rules for URL patterns that do not exist: {stale}"
    for prefix in routes.GROUPS:
        assert any(k.startswith(prefix) for k in keys), f"no route under the group {prefix!r}"
    ids = {op.operation_id for op in operations()}
    stale_ops = sorted(set(routes.OPERATIONS) - ids)
    assert not stale_ops, f"rules for operations not in openapi.json: {stale_ops}"


def test_every_audience_is_someone_in_the_world():
    assert set(AUDIENCE_ROLES) == set(Audience)
    assert "resident" in ROLES


def test_every_defect_has_its_failing_cells_and_no_more():
    """A declared defect is expected to fail somewhere; a fixed one must lose its declaration."""
    rules: dict[tuple[str, str], Rule] = {}
    for r in url_routes():
        access = routes.access_for_url(r.key)
        for method in ("GET", "POST"):
            rule = access.rule(method) if access else None
            if rule is not None:
                rules[(r.key, method)] = rule
    for op in operations():
        rule = routes.rule_for_operation(op.operation_id)
        if rule is not None:
            rules[(op.operation_id, op.method)] = rule
    with_defect = {k for k, rule in rules.items() if rule.defect}
    assert with_defect == set(DEFECT_CELLS), "DEFECT_CELLS and the declared defects differ"


def test_a_route_without_a_rule_is_found(monkeypatch):
    """The completeness check can fail: drop one rule and it names the route."""
    pages = dict(routes.PAGES)
    pages.pop("people:household_detail")
    monkeypatch.setattr(routes, "PAGES", pages)
    with pytest.raises(AssertionError, match="people:household_detail"):
        test_every_url_pattern_has_a_rule()
