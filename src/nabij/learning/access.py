"""Who maintains the rules register and who reads its analysis (no personal data in either).

The register is kept by policy analysts and the administrator: a rule is no personal data, so
the administrator keeping it opens no back door to case files. Every role of the municipality's
own work reads it (a breakthrough picks from it); a referrer does not. The analysis is for policy
analysts and team coordinators: aggregates only, small cells suppressed.
"""

from __future__ import annotations

from nabij.access.enums import STAFF_ROLES, Role
from nabij.access.models import Professional

KEEPERS = (Role.POLICY_ANALYST, Role.ADMINISTRATOR)
ANALYSTS = (Role.POLICY_ANALYST, Role.TEAM_COORDINATOR)


def may_read_register(professional: Professional | None) -> bool:
    return professional is not None and professional.role in STAFF_ROLES


def may_keep_register(professional: Professional | None) -> bool:
    return professional is not None and professional.role in KEEPERS


def may_analyse(professional: Professional | None) -> bool:
    return professional is not None and professional.role in ANALYSTS
