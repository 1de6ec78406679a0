"""Reads for the caseload and the household members, each with a fixed number of queries.

The dossier page (household, members and plan) is composed by ``plans.selectors``: plans
builds on people, never the other way round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects

from nabij.access import rules
from nabij.access.models import Assignment
from nabij.areas.models import District
from nabij.people.models import Household, Membership, NetworkMember

MAX_ORGANISATIONS = 5


def memberships_of(household: Household) -> list[Membership]:
    """All memberships with their residents, read once: prefetched by the access gate, or now."""
    if "memberships" not in getattr(household, "_prefetched_objects_cache", {}):
        prefetch_related_objects(
            [household],
            Prefetch("memberships", queryset=Membership.objects.select_related("resident")),
        )
    return sorted(
        household.memberships.all(), key=lambda m: (m.ended_on is not None, m.started_on, m.pk)
    )


def caseload(households: QuerySet[Household]) -> QuerySet[Household]:
    """The caseload list: current members and coordinator in one page of queries (the open
    threats are counted by ``plans.selectors.with_open_threats``)."""
    return (
        households.select_related("neighbourhood__district", "address", "team", "plan")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(ended_on__isnull=True).select_related(
                    "resident"
                ),
                to_attr="current_memberships",
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(
                    ended_on__isnull=True, kind=Assignment.Kind.COORDINATOR
                ).select_related("professional__user"),
                to_attr="coordinators",
            ),
        )
        .order_by("name", "pk")
    )


def districts_of(households: QuerySet[Household]) -> QuerySet[District]:
    """The districts the households live in (the caseload's district filter)."""
    return District.objects.filter(pk__in=households.values("neighbourhood__district_id")).order_by(
        "name"
    )


@dataclass
class Involvement:
    """Who is involved, and the two fragmentation signals the dossier must show."""

    assignments: list[Assignment]
    professional_count: int
    organisation_count: int
    plan_owner_count: int
    organisations: list[str] = field(default_factory=list)

    @property
    def too_many_plan_owners(self) -> bool:
        return self.plan_owner_count > 1

    @property
    def too_many_organisations(self) -> bool:
        return self.organisation_count > MAX_ORGANISATIONS

    @property
    def fragmented(self) -> bool:
        return self.too_many_plan_owners or self.too_many_organisations


def involvement(assignments: list[Assignment]) -> Involvement:
    active = [a for a in assignments if a.ended_on is None]
    organisations = sorted({a.professional.organisation.name for a in active})
    plan_owners = {
        a.professional.organisation_id
        for a in active
        if a.kind == Assignment.Kind.COORDINATOR or a.has_own_plan
    }
    return Involvement(
        assignments=active,
        professional_count=len({a.professional_id for a in active}),
        organisation_count=len(organisations),
        plan_owner_count=len(plan_owners),
        organisations=organisations,
    )


# --- The network as one member of the household sees it (Mijn Nabij, its API, the export) ---


def network_visible_to(household_id: int, resident_id: int) -> QuerySet[NetworkMember]:
    """The household's network for one member: the shared entries and their own private ones,
    never an entry another member (current or former) keeps "alleen voor mij". Current entries
    first. The one place Mijn Nabij's page, its API and the export read the network from."""
    return (
        NetworkMember.objects.filter(household_id=household_id)
        .filter(Q(private_to__isnull=True) | Q(private_to_id=resident_id))
        .order_by(F("ended_on").desc(nulls_first=True), "relation", "name", "pk")
    )


def network_member_visible_to(
    household_id: int, resident_id: int, member_id: int
) -> NetworkMember | None:
    """One entry of ``network_visible_to``; ``None`` for another household's, another member's
    private one, or an id that does not exist (the caller answers all three alike: 404)."""
    return network_visible_to(household_id, resident_id).filter(pk=member_id).first()


def members_seen_by(
    viewer: Membership, members: list[Membership], day: dt.date
) -> list[Membership]:
    """The current members a signed-in member sees on their home page: every member of 16 or
    over (first name and role), and the children under 16 only with parental authority over
    them (``rules.resident_sees_member``). Adults first, then children, each by age."""
    seen = [
        m
        for m in members
        if m.resident.age_on(day) >= rules.RESIDENT_MIN_AGE
        or rules.resident_sees_member(viewer, m, day)
    ]
    return sorted(
        seen,
        key=lambda m: (m.resident.age_on(day) < rules.RESIDENT_MIN_AGE, m.resident.date_of_birth),
    )
