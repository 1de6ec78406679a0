"""Pure access rules, one condition per line. No logging here: see ``gate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from nabij.access.models import Assignment, Professional, Role

if TYPE_CHECKING:
    from nabij.people.models import Household


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


def household_filter(professional: Professional | None) -> Q:
    """The same rule as ``can_work_on_household``, as a filter for lists."""
    if not has_case_role(professional):
        return Q(pk__in=[])
    assert professional is not None
    assigned = Q(assignments__professional=professional, assignments__ended_on__isnull=True)
    if professional.role == Role.TEAM_COORDINATOR and professional.team_id is not None:
        return assigned | Q(team_id=professional.team_id)
    return assigned
