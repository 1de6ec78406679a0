"""The people part of a resident's export (AVG art. 15 and 20): who they are, their children
under their authority, their household as they may see it, and its network. The caller has
passed the gate (``own_household_for``) and says whose personal data may be read."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from nabij.people.models import Household, Membership, Resident


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def resident_data(resident: Resident) -> dict[str, Any]:
    """Everything Nabij holds on the resident record itself (their own BSN included)."""
    return {
        "id": resident.pk,
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "date_of_birth": resident.date_of_birth.isoformat(),
        "bsn": resident.bsn or "",
        "address_protected": resident.address_protected,
        "registered_at": resident.created_at.isoformat(),
    }


def memberships_of_residents(resident_ids: Collection[int]) -> list[dict[str, Any]]:
    """Every membership these residents had or have, in any household (their own history)."""
    return [
        {
            "resident_id": m.resident_id,
            "household": m.household.name,
            "role": str(m.get_role_display()),
            "started_on": m.started_on.isoformat(),
            "ended_on": _date(m.ended_on),
            "parental_authority": m.parental_authority,
        }
        for m in Membership.objects.filter(resident_id__in=list(resident_ids))
        .select_related("household")
        .order_by("resident_id", "started_on", "pk")
    ]


def household_data(
    household: Household, current: list[Membership], *, address_visible: bool
) -> dict[str, Any]:
    """The household as a member sees it: its name, area, team and current members (name and
    role only; another adult's own data stay theirs). The address only when no other member
    has a protected address."""
    address = household.address if address_visible else None
    return {
        "name": household.name,
        "address": (
            {
                "street": address.street,
                "house_number": address.house_number,
                "addition": address.addition,
                "postcode": address.postcode,
                "city": address.city,
            }
            if address is not None
            else None
        ),
        "address_shown": address_visible,
        "neighbourhood": household.neighbourhood.name,
        "district_team": household.team.name,
        "members": [
            {
                "first_name": m.resident.first_name,
                "last_name": m.resident.last_name,
                "role": str(m.get_role_display()),
                "member_since": m.started_on.isoformat(),
            }
            for m in current
        ],
    }


def network_data(household: Household, resident_id: int) -> list[dict[str, Any]]:
    """The network as this member sees it (``selectors.network_visible_to``): the shared
    entries and their own private ones, never one another member keeps for themselves."""
    from nabij.people.selectors import network_visible_to

    return [
        {
            "name": n.name,
            "only_for_me": n.private_to_id is not None,
            "relation": str(n.get_relation_display()),
            "how_related": n.relation_detail,
            "can_do": n.can_do,
            "wants_to_do": n.wants_to_do,
            "household_view": n.household_view,
            "added_on": n.added_on.isoformat(),
            "no_longer_involved_since": _date(n.ended_on),
        }
        for n in network_visible_to(household.pk, resident_id).order_by("added_on", "pk")
    ]
