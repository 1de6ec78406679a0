"""Two ways to write generated households: through the real services, or in bulk.

The demo's few hundred households go through the same services the pages use, so they carry
plan history and pass every validation. The benchmark city is too big for that (50,000
households in well under five minutes), so it uses ``bulk_create`` in batches and writes
what a fresh dossier has: no plan history, no access log.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from nabij.access.gate import Actor
from nabij.access.models import Assignment, Professional
from nabij.access.services import assignment_start
from nabij.areas.models import Address, Neighbourhood
from nabij.assessment.models import Assessment, Domain, Instrument, Priority, Score
from nabij.assessment.services import assessment_record, priority_record
from nabij.demo.generator import HouseholdSpec
from nabij.people import services as people
from nabij.people.models import Household, Membership, NetworkMember, Resident
from nabij.plans import services as plans
from nabij.plans.models import Action, Goal, Plan

T = TypeVar("T")
BATCH = 5_000


def default_instrument() -> tuple[Instrument, list[Domain]]:
    instrument = Instrument.objects.get(code="zrm-11")
    return instrument, list(instrument.domains.order_by("position"))


def actor_for(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional, channel="demo")


# --- through the services ------------------------------------------------------------------


def write_through_services(
    spec: HouseholdSpec, staff: dict[str, Professional], today: dt.date
) -> Household:
    """One household the way a professional would register it, page by page."""
    coordinator = staff[spec.coordinator]
    actor = actor_for(coordinator)
    head, *others = spec.members
    household = people.household_create(
        actor=actor,
        name=spec.name,
        address=people.AddressInput(
            postcode=spec.address.postcode,
            street=spec.address.street,
            house_number=spec.address.house_number,
            addition=spec.address.addition,
            city=spec.address.city,
            neighbourhood_code=spec.address.neighbourhood_code,
        ),
        first_member=people.ResidentInput(
            first_name=head.first_name,
            last_name=head.last_name,
            date_of_birth=head.date_of_birth,
            bsn=head.bsn,
        ),
    )
    for person in others:
        people.member_add(
            household=household,
            role=person.role,
            resident=people.ResidentInput(
                first_name=person.first_name,
                last_name=person.last_name,
                date_of_birth=person.date_of_birth,
                bsn=person.bsn,
            ),
            started_on=max(spec.started_on, person.date_of_birth),
        )
    backdate(household, spec.started_on)
    for username, own_plan in spec.involved:
        assignment_start(
            household_id=household.pk,
            professional=staff[username],
            kind=Assignment.Kind.INVOLVED,
            has_own_plan=own_plan,
        )
    network = [
        people.network_member_add(
            household=household,
            name=n.name,
            relation=n.relation,
            relation_detail=n.relation_detail,
            can_do=n.can_do,
            wants_to_do=n.wants_to_do,
            household_view=n.household_view,
        )
        for n in spec.network
    ]
    if spec.priority:
        priority_record(
            actor=actor,
            household=household,
            text=spec.priority,
            said_by=head.first_name,
            recorded_on=spec.started_on,
        )
    version = 1
    for goal_spec in spec.goals:
        goal = plans.goal_add(
            actor=actor,
            household=household,
            expected_version=version,
            text=goal_spec.text,
            due_on=today + dt.timedelta(days=goal_spec.due_in_days),
        )
        version += 1
        for a in goal_spec.actions:
            plans.action_add(
                actor=actor,
                household=household,
                expected_version=version,
                goal_id=goal.pk,
                description=a.description,
                actor_kind=a.actor_kind,
                network_member_id=network[a.network_index].pk
                if a.network_index is not None
                else None,
                professional_id=staff[a.professional].pk if a.professional else None,
                actor_name=a.actor_name,
            )
            version += 1
    if spec.assessments:
        instrument, domains = default_instrument()
        resident = household.memberships.get(role="head").resident
        for assessment in spec.assessments:
            assessment_record(
                actor=actor,
                resident=resident,
                instrument=instrument,
                assessed_on=today - dt.timedelta(days=assessment.days_ago),
                scores={d.pk: lv for d, lv in zip(domains, assessment.levels, strict=True)},
            )
    return household


def backdate(household: Household, started_on: dt.date) -> None:
    """The services register a household today; a demo household has been known for a while."""
    household.memberships.filter(
        started_on__gt=started_on, resident__date_of_birth__lte=started_on
    ).update(started_on=started_on)
    household.assignments.filter(ended_on__isnull=True).update(started_on=started_on)


# --- in bulk -------------------------------------------------------------------------------


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass
class BulkTotals:
    households: int = 0
    residents: int = 0
    network_members: int = 0
    goals: int = 0
    actions: int = 0
    assessments: int = 0


@dataclass
class BulkContext:
    neighbourhoods: dict[str, int]
    teams: dict[str, int]
    staff: dict[str, int]
    staff_users: dict[str, int]
    instrument: Instrument
    domain_ids: list[int]
    today: dt.date


def bulk_context(
    *, teams: dict[str, int], staff: dict[str, Professional], today: dt.date
) -> BulkContext:
    instrument, domains = default_instrument()
    return BulkContext(
        neighbourhoods=dict(Neighbourhood.objects.values_list("code", "pk")),
        teams=teams,
        staff={username: p.pk for username, p in staff.items()},
        staff_users={username: p.user_id for username, p in staff.items()},
        instrument=instrument,
        domain_ids=[d.pk for d in domains],
        today=today,
    )


def write_in_bulk(
    specs: Iterable[HouseholdSpec],
    context: BulkContext,
    *,
    total: int,
    report: Callable[[str], None] | None = None,
) -> BulkTotals:
    """Write households in batches of ``BATCH``; the caller holds the transaction."""
    totals = BulkTotals()
    started = time.monotonic()
    for batch in batches(specs, BATCH):
        _bulk_batch(batch, context, totals)
        if report:
            report(
                f"{totals.households:>9,} / {total:,} huishoudens"
                f"  ({time.monotonic() - started:5.1f} s)"
            )
    return totals


def _bulk_batch(batch: list[HouseholdSpec], c: BulkContext, totals: BulkTotals) -> None:
    today = c.today
    addresses = Address.objects.bulk_create(
        Address(
            neighbourhood_id=c.neighbourhoods[s.address.neighbourhood_code],
            postcode=s.address.postcode,
            street=s.address.street,
            house_number=s.address.house_number,
            addition=s.address.addition,
            city=s.address.city,
        )
        for s in batch
    )
    households = Household.objects.bulk_create(
        Household(
            name=s.name,
            address_id=a.pk,
            neighbourhood_id=a.neighbourhood_id,
            team_id=c.teams[s.team],
        )
        for s, a in zip(batch, addresses, strict=True)
    )
    residents = Resident.objects.bulk_create(
        Resident(
            first_name=p.first_name, last_name=p.last_name, date_of_birth=p.date_of_birth, bsn=p.bsn
        )
        for s in batch
        for p in s.members
    )
    memberships: list[Membership] = []
    heads: list[Resident] = []
    people_iter = iter(residents)
    for s, h in zip(batch, households, strict=True):
        for p in s.members:
            resident = next(people_iter)
            if p.role == "head":
                heads.append(resident)
            memberships.append(
                Membership(
                    household_id=h.pk,
                    resident_id=resident.pk,
                    role=p.role,
                    started_on=max(s.started_on, p.date_of_birth),
                )
            )
    Membership.objects.bulk_create(memberships)
    plan_rows = Plan.objects.bulk_create(Plan(household_id=h.pk) for h in households)
    assignments = []
    for s, h in zip(batch, households, strict=True):
        assignments.append(
            Assignment(
                household_id=h.pk,
                professional_id=c.staff[s.coordinator],
                kind=Assignment.Kind.COORDINATOR,
                started_on=s.started_on,
            )
        )
        for username, own_plan in s.involved:
            assignments.append(
                Assignment(
                    household_id=h.pk,
                    professional_id=c.staff[username],
                    kind=Assignment.Kind.INVOLVED,
                    has_own_plan=own_plan,
                    started_on=s.started_on,
                )
            )
    Assignment.objects.bulk_create(assignments)

    network = NetworkMember.objects.bulk_create(
        NetworkMember(
            household_id=h.pk,
            name=n.name,
            relation=n.relation,
            relation_detail=n.relation_detail,
            can_do=n.can_do,
            wants_to_do=n.wants_to_do,
            household_view=n.household_view,
            added_on=s.started_on,
        )
        for s, h in zip(batch, households, strict=True)
        for n in s.network
    )
    network_iter = iter(network)
    network_by_household = [[next(network_iter) for _ in s.network] for s in batch]

    goals = Goal.objects.bulk_create(
        Goal(
            plan_id=plan.pk,
            position=position,
            text=g.text,
            status=g.status,
            due_on=today + dt.timedelta(days=g.due_in_days),
        )
        for s, plan in zip(batch, plan_rows, strict=True)
        for position, g in enumerate(s.goals, start=1)
    )
    goal_iter = iter(goals)
    actions = []
    for s, members in zip(batch, network_by_household, strict=True):
        for g in s.goals:
            goal = next(goal_iter)
            for position, a in enumerate(g.actions, start=1):
                actions.append(
                    Action(
                        goal_id=goal.pk,
                        position=position,
                        description=a.description,
                        actor_kind=a.actor_kind,
                        actor_name=a.actor_name,
                        status=a.status,
                        network_member_id=members[a.network_index].pk
                        if a.network_index is not None
                        else None,
                        professional_id=c.staff[a.professional] if a.professional else None,
                    )
                )
    Action.objects.bulk_create(actions)

    Priority.objects.bulk_create(
        Priority(
            household_id=h.pk,
            text=s.priority,
            said_by=s.members[0].first_name,
            recorded_on=s.started_on,
            recorded_by_id=c.staff_users[s.coordinator],
        )
        for s, h in zip(batch, households, strict=True)
        if s.priority
    )
    assessment_specs = [
        (head, s.coordinator, a)
        for s, head in zip(batch, heads, strict=True)
        for a in s.assessments
    ]
    assessments = Assessment.objects.bulk_create(
        Assessment(
            resident_id=head.pk,
            instrument=c.instrument,
            recorded_by_id=c.staff_users[who],
            assessed_on=today - dt.timedelta(days=a.days_ago),
        )
        for head, who, a in assessment_specs
    )
    Score.objects.bulk_create(
        Score(assessment_id=row.pk, domain_id=domain_id, level=level)
        for row, (_, _, a) in zip(assessments, assessment_specs, strict=True)
        for domain_id, level in zip(c.domain_ids, a.levels, strict=True)
    )

    totals.households += len(households)
    totals.residents += len(residents)
    totals.network_members += len(network)
    totals.goals += len(goals)
    totals.actions += len(actions)
    totals.assessments += len(assessments)
