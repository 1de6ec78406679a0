"""Pure access rules, one condition per line. No logging here: see ``gate``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from nabij.access.enums import STAFF_ROLES
from nabij.access.models import Assignment, Professional, Role

if TYPE_CHECKING:
    from nabij.people.models import Household, Membership, Resident


def has_case_role(professional: Professional | None) -> bool:
    if professional is None:
        return False
    return professional.role in (Role.PROFESSIONAL, Role.TEAM_COORDINATOR)


def _active_assignments(household: Household) -> list[Assignment]:
    """Uses the gate's prefetched assignments when present, so checks cost no extra query."""
    return [a for a in household.assignments.all() if a.ended_on is None]


def is_assigned(professional: Professional, household: Household) -> bool:
    return any(a.professional_id == professional.pk for a in _active_assignments(household))


def is_household_coordinator(professional: Professional, household: Household) -> bool:
    return any(
        a.professional_id == professional.pk and a.kind == Assignment.Kind.COORDINATOR
        for a in _active_assignments(household)
    )


def can_work_on_household(professional: Professional | None, household: Household) -> bool:
    """Assigned professionals; team coordinators for their own team's households. No one else."""
    if not has_case_role(professional):
        return False
    assert professional is not None
    own_team = professional.team_id is not None and household.team_id == professional.team_id
    if professional.role == Role.TEAM_COORDINATOR and own_team:
        return True
    return is_assigned(professional, household)


def can_reveal_bsn(professional: Professional | None, household: Household) -> bool:
    """Only the household's own coordinator needs the full BSN (for applications, referrals)."""
    if not has_case_role(professional):
        return False
    assert professional is not None
    return is_household_coordinator(professional, household)


def can_manage_team(professional: Professional | None, household: Household) -> bool:
    """Assigning professionals is the team coordinator's job, within the own team."""
    if professional is None:
        return False
    if professional.role != Role.TEAM_COORDINATOR:
        return False
    return professional.team_id is not None and household.team_id == professional.team_id


def can_record_request(professional: Professional | None, household: Household) -> bool:
    """A third party's request is recorded by those accountable for the household: its own
    coordinator or the team coordinator of its team."""
    return can_reveal_bsn(professional, household) or can_manage_team(professional, household)


def household_filter(professional: Professional | None) -> Q:
    """The same rule as ``can_work_on_household``, as a filter for lists."""
    if not has_case_role(professional):
        return Q(pk__in=[])
    assert professional is not None
    assigned = Q(assignments__professional=professional, assignments__ended_on__isnull=True)
    if professional.role == Role.TEAM_COORDINATOR and professional.team_id is not None:
        return assigned | Q(team_id=professional.team_id)
    return assigned


# --- Area fund (wijkkas) -------------------------------------------------------------------


def team_district_ids(professional: Professional | None) -> frozenset[int]:
    """The districts the professional's team works in; read once and kept on the object."""
    if professional is None or professional.team_id is None:
        return frozenset()
    cached: frozenset[int] | None = getattr(professional, "_nabij_district_ids", None)
    if cached is None:
        from nabij.access.models import DistrictTeam

        cached = frozenset(
            DistrictTeam.districts.through.objects.filter(
                districtteam_id=professional.team_id
            ).values_list("district_id", flat=True)
        )
        professional._nabij_district_ids = cached  # type: ignore[attr-defined]
    return cached


def can_view_fund(professional: Professional | None, district_id: int) -> bool:
    """The district's fund page: members (professional or coordinator) of a team working there."""
    if not has_case_role(professional):
        return False
    return district_id in team_district_ids(professional)


def can_spend_from_fund(professional: Professional | None, district_id: int) -> bool:
    """The mandate (*doorzettingsmacht*): the team coordinator of a team working in the district.

    Professionals of that team, coordinators of other teams, brokers, analysts and
    administrators never spend, whatever else they may see.
    """
    if professional is None or professional.role != Role.TEAM_COORDINATOR:
        return False
    return district_id in team_district_ids(professional)


def reads_area(professional: Professional | None, district_id: int) -> bool:
    """A district's figures and area plans (aggregates and open data, no personal data): any
    professional with a role, in any district."""
    return professional is not None and professional.role in STAFF_ROLES


def may_hold_tokens(professional: Professional | None) -> bool:
    """API tokens: the professionals of the municipality's own work. A referrer submits
    referrals in the browser, with two factors, and gets no token (a resident none either)."""
    return professional is not None and professional.role in STAFF_ROLES


def is_referrer(professional: Professional | None) -> bool:
    """A professional of a partner organisation who refers households (verwijzer)."""
    return professional is not None and professional.role == Role.REFERRER


def can_take_referrals(professional: Professional | None, team_id: int) -> bool:
    """A referral's intake (read, take on, refer on): the coordinator of the team it went to."""
    return (
        professional is not None
        and professional.role == Role.TEAM_COORDINATOR
        and professional.team_id is not None
        and professional.team_id == team_id
    )


def can_follow_referral(
    professional: Professional | None, team_id: int, household: Household | None
) -> bool:
    """A referral taken on: its intake, and whoever works on the household it is linked to
    (records the first contact and closes it). A referrer never reads one back."""
    if can_take_referrals(professional, team_id):
        return True
    return household is not None and can_work_on_household(professional, household)


def works_in_district(professional: Professional | None, district_id: int) -> bool:
    """Area plans and accounts of a district: members of a team working there write them."""
    return can_view_fund(professional, district_id)


def has_district_mandate(professional: Professional | None, district_id: int) -> bool:
    """The coordinator of a team working in the district: reviews and decides for the area."""
    return can_spend_from_fund(professional, district_id)


def can_spend_for_household(
    professional: Professional | None, district_id: int, household: Household
) -> bool:
    """Mandate for the district, the household is the coordinator's own team's, and it lives in
    that district (a district's money is for its own residents)."""
    if not can_spend_from_fund(professional, district_id):
        return False
    if not can_manage_team(professional, household):
        return False
    return household.neighbourhood.district_id == district_id


def can_record_reciprocity(
    professional: Professional | None, district_id: int, household: Household
) -> bool:
    """Repayments and hours: whoever works on the household in a team of that district."""
    return can_view_fund(professional, district_id) and can_work_on_household(
        professional, household
    )


# --- Frontline freedom (issue 11) ------------------------------------------------------------

# A team coordinator sets the team's limit between nothing and this (a frontline allowance,
# not a second mandate); above the limit the coordinator decides anyway.
FRONTLINE_LIMIT_MAX_CENTS = 2_500_00
# A professional's frontline agreements in one calendar month together stay within this many
# times the team's limit per agreement (three €400 advances a month at the default).
FRONTLINE_MONTH_FACTOR = 3


def can_spend_frontline(
    professional: Professional | None, district_id: int, household: Household
) -> bool:
    """Frontline freedom (*ruimte voor de professional*): a district-team professional pays
    from their own district's area fund, without the coordinator, for a household they work on.

    Every condition must hold: the role is a district-team professional (the coordinator has the
    mandate and needs no frontline room; brokers, analysts and administrators never spend); their
    team works in the district; the household is their own team's; they are assigned to it; it
    lives in that district. How much (the team's limit) is ``frontline_allows``.
    """
    if professional is None or professional.role != Role.PROFESSIONAL:
        return False
    if professional.team_id is None or household.team_id != professional.team_id:
        return False
    if district_id not in team_district_ids(professional):
        return False
    if household.neighbourhood.district_id != district_id:
        return False
    return is_assigned(professional, household)


def frontline_month_cap_cents(limit_cents: int) -> int:
    return limit_cents * FRONTLINE_MONTH_FACTOR


def frontline_allows(amount_cents: int, limit_cents: int, spent_this_month_cents: int) -> bool:
    """Whether an amount fits the frontline room: at most the team's limit per agreement (the
    limit itself included), and with what the professional already paid this month within the
    monthly cap. A limit of 0 leaves no room."""
    if amount_cents <= 0 or limit_cents <= 0:
        return False
    if amount_cents > limit_cents:
        return False
    return spent_this_month_cents + amount_cents <= frontline_month_cap_cents(limit_cents)


def can_spend_or_frontline(
    professional: Professional | None, district_id: int, household: Household
) -> bool:
    """The household may be paid for from this district's fund by this person in some way: the
    coordinator's mandate (any amount) or frontline freedom (up to the team's limit)."""
    return can_spend_for_household(professional, district_id, household) or can_spend_frontline(
        professional, district_id, household
    )


def can_set_frontline_limit(professional: Professional | None, team_id: int | None) -> bool:
    """The team's coordinator hands part of the own mandate to the team: only for the own team.
    (The administrator does not: the limit is a decision about the team's way of working.)"""
    if professional is None or professional.role != Role.TEAM_COORDINATOR:
        return False
    return team_id is not None and professional.team_id == team_id


def can_set_own_frontline_limit(professional: Professional | None) -> bool:
    """``can_set_frontline_limit`` for the professional's own team (the page has no team)."""
    team_id = professional.team_id if professional is not None else None
    return can_set_frontline_limit(professional, team_id)


# --- The saving return's four eyes (issue 11) ------------------------------------------------


def may_review_projections(professional: Professional | None) -> bool:
    """The page of projections waiting for approval: policy analysts and team coordinators."""
    if professional is None:
        return False
    return professional.role in (Role.POLICY_ANALYST, Role.TEAM_COORDINATOR)


def can_approve_projection(professional: Professional | None, household: Household) -> bool:
    """The projection behind a saving return is approved by someone other than the team that
    books the return (the household's team): a policy analyst, or the coordinator of another
    team, and never someone assigned to the household."""
    if not may_review_projections(professional):
        return False
    assert professional is not None
    if professional.role == Role.TEAM_COORDINATOR and (
        professional.team_id is None or professional.team_id == household.team_id
    ):
        return False
    return not is_assigned(professional, household)


def projection_filter(professional: Professional | None) -> Q:
    """``can_approve_projection`` as a filter on households (assignments aside, which the
    caller checks per row)."""
    if not may_review_projections(professional):
        return Q(pk__in=[])
    assert professional is not None
    if professional.role == Role.TEAM_COORDINATOR:
        if professional.team_id is None:
            return Q(pk__in=[])
        return ~Q(team_id=professional.team_id)
    return Q()


def can_view_area_budgets(professional: Professional | None) -> bool:
    """Area budgets and realised spending per district (aggregates, no households): every
    professional role but the social broker, who works with the register, not with money."""
    if professional is None:
        return False
    return professional.role in (
        Role.PROFESSIONAL,
        Role.TEAM_COORDINATOR,
        Role.POLICY_ANALYST,
        Role.ADMINISTRATOR,
    )


def can_configure_funds(professional: Professional | None) -> bool:
    """Allocating area budgets, setting a district's budget per funding stream and the
    saving-return share: the municipality's functional administrator, who sees no dossiers."""
    return professional is not None and professional.role == Role.ADMINISTRATOR


def can_edit_reference_prices(professional: Professional | None) -> bool:
    """The reference-price catalogue serves the whole municipality (one per installation), so
    only its administrator edits it; a team coordinator's change would move every team's
    figures."""
    return professional is not None and professional.role == Role.ADMINISTRATOR


# --- Citizen initiatives (issue 12) --------------------------------------------------------


def is_initiative_contact(resident_id: int | None, contact_resident_ids: Iterable[int]) -> bool:
    """A resident who is one of the initiative's current contact persons."""
    return resident_id is not None and resident_id in set(contact_resident_ids)


def can_steward_initiative(
    professional: Professional | None,
    resident_id: int | None,
    district_id: int,
    contact_resident_ids: Iterable[int],
) -> bool:
    """Who keeps an initiative's details, contacts and funding ledger: its current contact
    persons (signed in with DigiD), and members of a team working in its district."""
    if is_initiative_contact(resident_id, contact_resident_ids):
        return True
    return works_in_district(professional, district_id)


def can_add_initiative_contact(professional: Professional | None, district_id: int) -> bool:
    """Adding a resident from the register as a contact person needs the register (personal
    data): only a member of a team working in the district, never a resident."""
    return works_in_district(professional, district_id)


# --- Offers and needs (the social broker) ----------------------------------------------------


def is_broker(professional: Professional | None) -> bool:
    """Social brokers work with the register of offers and needs, never with case files."""
    return professional is not None and professional.role == Role.SOCIAL_BROKER


def can_see_participant(
    professional: Professional | None, resident_household: Household | None
) -> bool:
    """A broker sees every participant's offer/need profile; a district-team member sees only
    the profile of a resident of a household they may work on (registered from the dossier)."""
    if is_broker(professional):
        return True
    return resident_household is not None and can_work_on_household(
        professional, resident_household
    )


def can_broker_participant(professional: Professional | None) -> bool:
    """Changing a profile, proposing, recording answers and follow-up: the broker's work."""
    return is_broker(professional)


# --- Administration: accounts, roles and teams ---------------------------------------------


def can_administer(professional: Professional | None) -> bool:
    """Accounts, roles, teams and configuration: the functional administrator, by role only
    (Django's is_staff and is_superuser flags count for nothing)."""
    return professional is not None and professional.role == Role.ADMINISTRATOR


# Roles that reach personal data or the power to grant it: case files (professional, team
# coordinator), the register of offers and needs with names and phone numbers (social broker),
# and accounts and roles (administrator). A policy analyst sees aggregates only.
ROLES_WITH_REACH = frozenset(
    {Role.PROFESSIONAL, Role.TEAM_COORDINATOR, Role.SOCIAL_BROKER, Role.ADMINISTRATOR}
)
CASE_ROLES = frozenset({Role.PROFESSIONAL, Role.TEAM_COORDINATOR})


@dataclass(frozen=True)
class AccessState:
    """What decides an account's reach: its role, its team and whether it can log in."""

    role: str
    team_id: int | None
    is_active: bool


def is_self_change(actor_user_id: int | None, subject_user_id: int) -> bool:
    """Nobody changes their own role, team or active flag, whatever their role."""
    return actor_user_id is not None and actor_user_id == subject_user_id


def change_needs_approval(before: AccessState | None, after: AccessState) -> bool:
    """True when the change gives reach the account did not have (``before`` None: a new
    account); such a change waits for a second administrator. Narrowing takes effect at once:
    deactivating, becoming a policy analyst, a coordinator becoming a professional of the
    same team (or of none)."""
    if not after.is_active or after.role not in ROLES_WITH_REACH:
        return False
    if before is None or not before.is_active:
        return True
    if after.role != before.role:
        step_down = before.role == Role.TEAM_COORDINATOR and after.role == Role.PROFESSIONAL
        return not (step_down and after.team_id in (before.team_id, None))
    # Same role: a team only matters to the case roles (households, area funds).
    return after.role in CASE_ROLES and after.team_id not in (before.team_id, None)


# --- Residents ----------------------------------------------------------------------------------

RESIDENT_MIN_AGE = 16  # members from this age have their own account (DigiD)


def membership_current_on(ended_on: dt.date | None, day: dt.date) -> bool:
    """A membership counts until the day it ends: on the end date access is already gone."""
    return ended_on is None or ended_on > day


def resident_may_log_in(resident: Resident, ended_on: dt.date | None, day: dt.date) -> bool:
    """An account while a member, from 16: younger children are seen by their parents."""
    return membership_current_on(ended_on, day) and resident.age_on(day) >= RESIDENT_MIN_AGE


def resident_membership(resident: Resident, day: dt.date) -> Membership | None:
    """The membership that gives this resident their door, or ``None``: the current one (at
    most one, a database constraint) if it has not ended by ``day`` and the resident is 16."""
    from nabij.people.models import Membership

    membership = (
        Membership.objects.select_related("household")
        .filter(resident=resident, ended_on__isnull=True)
        .first()
    ) or (
        Membership.objects.select_related("household")
        .filter(resident=resident, ended_on__gt=day)
        .order_by("-started_on")
        .first()
    )
    if membership is None or not resident_may_log_in(resident, membership.ended_on, day):
        return None
    return membership


def resident_sees_member(viewer: Membership, member: Membership, day: dt.date) -> bool:
    """Whose personal rows a signed-in member sees: their own, and those of the household's
    children under 16 when they have parental authority. Never another adult's: each adult has
    their own door, and an item kept "alleen voor mij" stays theirs."""
    if member.resident_id == viewer.resident_id:
        return True
    return viewer.parental_authority and member.resident.age_on(day) < RESIDENT_MIN_AGE


def household_address_visible(viewer: Membership, members: list[Membership]) -> bool:
    """A protected address (domestic violence) is shown to no other member: when any other
    current member has one, the household's address is not shown to this viewer."""
    return not any(
        m.resident.address_protected for m in members if m.resident_id != viewer.resident_id
    )


def resident_in_parties(resident_id: int, party_resident_ids: list[int | None]) -> bool:
    """A resident answers a neighbourhood-help proposal only when their own profile is one of
    its parties."""
    return resident_id in party_resident_ids


# --- Citizen initiatives: applications and the right to challenge (issue 12) -----------------


def application_decider_role(amount_cents: int, coordinator_limit_cents: int) -> str:
    """Who decides an application: up to the limit (included) the coordinator of a team in the
    district, above it the functional administrator. One decider per application, never both:
    the administrator does not take over small decisions, which stay close to the district."""
    if amount_cents <= coordinator_limit_cents:
        return Role.TEAM_COORDINATOR
    return Role.ADMINISTRATOR


def can_decide_application(
    professional: Professional | None,
    district_id: int,
    amount_cents: int,
    coordinator_limit_cents: int,
) -> bool:
    """The decider of ``application_decider_role``; a coordinator only for their own districts."""
    if professional is None:
        return False
    role = application_decider_role(amount_cents, coordinator_limit_cents)
    if role == Role.TEAM_COORDINATOR:
        return has_district_mandate(professional, district_id)
    return professional.role == Role.ADMINISTRATOR


def can_move_challenge(professional: Professional | None, district_id: int) -> bool:
    """A challenge's process and decision: the coordinator of a team working in the district of
    the initiative (the mandate), as for the area's plans and account."""
    return has_district_mandate(professional, district_id)


# --- Neighbourhood budgets (issue 12) ------------------------------------------------------------


def in_round_area(
    neighbourhood_id: int,
    district_id: int,
    *,
    round_district_id: int,
    round_neighbourhood_id: int | None,
) -> bool:
    """A neighbourhood lies in a round's area: the round's neighbourhood, or, for a round of the
    whole district, any neighbourhood of that district."""
    if round_neighbourhood_id is not None:
        return neighbourhood_id == round_neighbourhood_id
    return district_id == round_district_id


def may_take_part_in_round(
    *, age: int, min_age: int, membership_current: bool, lives_in_area: bool
) -> bool:
    """A resident takes part in a round (proposes, supports, votes) while a current member of
    a household in the round's area and at least the round's minimum age on the day."""
    if not membership_current:
        return False
    if not lives_in_area:
        return False
    return age >= min_age


def born_on_or_before_for_age(day: dt.date, age: int) -> dt.date:
    """The last birth date of someone who is at least ``age`` on ``day`` (``Resident.age_on``):
    the same date ``age`` years earlier; 29 February counts from 28 February in other years."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February, and that year has none
        return day.replace(year=day.year - age, day=28)


def is_proposal_author(resident_id: int | None, author_id: int | None) -> bool:
    """A budget proposal is withdrawn only by the resident who made it."""
    return resident_id is not None and author_id is not None and resident_id == author_id
