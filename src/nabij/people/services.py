"""Writes for residents, households, memberships and the network.

Callers pass objects they obtained through ``nabij.access.gate``; the gate has logged the access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access.gate import Actor
from nabij.access.models import Assignment, DistrictTeam, Role
from nabij.areas.models import Address, Neighbourhood
from nabij.people.bsn import normalise_bsn
from nabij.people.models import Household, Membership, NetworkMember, Resident
from nabij.plans.models import Plan


@dataclass(frozen=True)
class ResidentInput:
    first_name: str
    last_name: str
    date_of_birth: dt.date
    bsn: str = ""


@dataclass(frozen=True)
class AddressInput:
    postcode: str
    street: str
    house_number: int
    addition: str
    city: str
    neighbourhood_code: str


def _clean_resident(data: ResidentInput) -> Resident:
    bsn = normalise_bsn(data.bsn) if data.bsn else None
    resident = Resident(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        date_of_birth=data.date_of_birth,
        bsn=bsn,
    )
    resident.full_clean()
    return resident


def _address(data: AddressInput) -> Address:
    neighbourhood = Neighbourhood.objects.filter(code=data.neighbourhood_code).first()
    if neighbourhood is None:
        raise ValidationError(
            {
                "neighbourhood_code": _("Unknown neighbourhood code: %(code)s.")
                % {"code": data.neighbourhood_code}
            }
        )
    postcode = data.postcode.upper().replace(" ", "")
    postcode = f"{postcode[:4]} {postcode[4:]}"
    address = Address.objects.filter(
        postcode=postcode, house_number=data.house_number, addition=data.addition.strip()
    ).first()
    if address is not None:
        return address
    address = Address(
        neighbourhood=neighbourhood,
        postcode=postcode,
        street=data.street.strip(),
        house_number=data.house_number,
        addition=data.addition.strip(),
        city=data.city.strip(),
    )
    address.full_clean()
    address.save()
    return address


@transaction.atomic
def household_create(
    *,
    actor: Actor,
    name: str,
    address: AddressInput,
    first_member: ResidentInput,
    role: str = Membership.Role.HEAD,
) -> Household:
    """A new household with its first member, an empty plan, and the creator as coordinator."""
    professional = actor.professional
    if professional is None or professional.role not in (Role.PROFESSIONAL, Role.TEAM_COORDINATOR):
        raise ValidationError(_("Only district-team professionals register households."))
    team: DistrictTeam | None = professional.team
    if team is None:
        raise ValidationError(_("You are not a member of a district team."))
    resident = _clean_resident(first_member)
    household = Household(name=name.strip(), team=team)
    where = _address(address)
    household.address = where
    household.neighbourhood = where.neighbourhood
    household.full_clean(exclude=["team", "address", "neighbourhood"])
    household.save()
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"bsn": _("A resident with this BSN is already registered.")}
        ) from exc
    today = timezone.localdate()
    Membership.objects.create(household=household, resident=resident, role=role, started_on=today)
    Plan.objects.create(household=household)
    Assignment.objects.create(
        household=household,
        professional=professional,
        kind=Assignment.Kind.COORDINATOR,
        started_on=today,
    )
    return household


@transaction.atomic
def member_add(
    *, household: Household, resident: ResidentInput, role: str, started_on: dt.date | None = None
) -> Membership:
    new = _clean_resident(resident)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"bsn": _("A resident with this BSN is already registered.")}
        ) from exc
    membership = Membership(
        household=household,
        resident=new,
        role=role,
        started_on=started_on or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def member_end(*, household: Household, membership_id: int, ended_on: dt.date) -> Membership:
    """Membership history is kept: a member leaves, the row stays with its end date."""
    membership = (
        Membership.objects.select_for_update()
        .filter(pk=membership_id, household=household, ended_on__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This person is not a current member of the household."))
    if ended_on < membership.started_on:
        raise ValidationError({"ended_on": _("The end date lies before the start date.")})
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    return membership


def network_member_add(
    *,
    household: Household,
    name: str,
    relation: str,
    relation_detail: str = "",
    can_do: str = "",
    wants_to_do: str = "",
    household_view: str = "",
) -> NetworkMember:
    """Record someone around the household. Deliberately touches nothing else: a network is a
    resource the household may call on, never a reason to lower or delay professional support."""
    member = NetworkMember(
        household=household,
        name=name.strip(),
        relation=relation,
        relation_detail=relation_detail.strip(),
        can_do=can_do.strip(),
        wants_to_do=wants_to_do.strip(),
        household_view=household_view.strip(),
    )
    member.full_clean()
    member.save()
    return member


def network_member_end(*, household: Household, member_id: int) -> NetworkMember:
    member = NetworkMember.objects.filter(pk=member_id, household=household).first()
    if member is None:
        raise ValidationError(_("Unknown network member."))
    member.ended_on = timezone.localdate()
    member.save(update_fields=["ended_on"])
    return member
