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

from nabij.access import services as access_services
from nabij.access.enums import AssignmentKind, Role
from nabij.access.gate import Actor
from nabij.access.models import DistrictTeam
from nabij.areas.models import Address, Neighbourhood
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text, validate_past_date
from nabij.people.bsn import normalise_bsn
from nabij.people.models import HEAD_MIN_AGE, Household, Membership, NetworkMember, Resident
from nabij.people.signals import household_created

ADULT_ROLES = (Membership.Role.HEAD, Membership.Role.PARTNER)


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


def _clean_fields(**values: tuple[str, bool]) -> dict[str, str]:
    """Each text through ``clean_text`` (value, multiline); all failures at once, by field."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for field, (value, multiline) in values.items():
        try:
            cleaned[field] = clean_text(value, multiline=multiline)
        except ValidationError as exc:
            errors[field] = [exc]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_resident(data: ResidentInput) -> Resident:
    bsn = normalise_bsn(data.bsn) if data.bsn else None
    names = _clean_fields(first_name=(data.first_name, False), last_name=(data.last_name, False))
    resident = Resident(date_of_birth=data.date_of_birth, bsn=bsn, **names)
    resident.full_clean()
    return resident


def _check_membership(
    *,
    household: Household,
    resident: Resident,
    role: str,
    started_on: dt.date,
) -> None:
    """The household rules of ``Membership``, with the field each failure belongs to; the
    database holds the "at most one" rules as well (see the model's constraints)."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    try:
        validate_past_date(started_on)
    except ValidationError as exc:
        raise ValidationError({"started_on": exc.messages}) from exc
    if started_on < resident.date_of_birth:
        raise ValidationError(
            {"started_on": _("A membership cannot start before the member was born.")}
        )
    if role in ADULT_ROLES and resident.age_on(started_on) < HEAD_MIN_AGE:
        raise ValidationError(
            {
                "role": _(
                    "A head of the household or a partner is at least %(age)s years old; "
                    "record a younger member as a child or other member."
                )
                % {"age": HEAD_MIN_AGE}
            }
        )
    if role in ADULT_ROLES:
        taken = (
            Membership.objects.select_for_update()
            .filter(household=household, role=role, ended_on__isnull=True)
            .exists()
        )
        if taken:
            message = (
                _("This household already has a head; end that membership first.")
                if role == Membership.Role.HEAD
                else _("This household already has a partner; end that membership first.")
            )
            raise ValidationError({"role": message})


def _save_membership(membership: Membership) -> Membership:
    """Insert; a concurrent writer that won the database constraint gets the same message."""
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"role": _("Someone changed this household at the same time; reload and try again.")}
        ) from exc
    return membership


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
    household = Household(team=team, **_clean_fields(name=(name, False)))
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
    try:
        _check_membership(household=household, resident=resident, role=role, started_on=today)
    except ValidationError as exc:
        # The form has no role: the first member's date of birth is what to correct.
        raise ValidationError({"date_of_birth": exc.messages}) from exc
    _save_membership(
        Membership(household=household, resident=resident, role=role, started_on=today)
    )
    household_created.send(sender=Household, household=household)
    # Assignments are access's table: written through its service (one coordinator, always).
    access_services.assignment_start(
        household_id=household.pk, professional=professional, kind=AssignmentKind.COORDINATOR
    )
    return household


def _check_authority(resident: Resident, on: dt.date) -> None:
    """Parental authority (gezag) over the household's children is held by a member of at
    least ``HEAD_MIN_AGE``: a younger member is a child, without an account of their own."""
    if resident.age_on(on) < HEAD_MIN_AGE:
        raise ValidationError(
            {
                "parental_authority": _(
                    "Only a member of %(age)s or older has parental authority over the "
                    "household's children."
                )
                % {"age": HEAD_MIN_AGE}
            }
        )


@transaction.atomic
def member_add(
    *,
    household: Household,
    resident: ResidentInput,
    role: str,
    started_on: dt.date | None = None,
    parental_authority: bool = False,
) -> Membership:
    new = _clean_resident(resident)
    started_on = started_on or timezone.localdate()
    _check_membership(household=household, resident=new, role=role, started_on=started_on)
    if parental_authority:
        _check_authority(new, timezone.localdate())
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
        started_on=started_on,
        parental_authority=parental_authority,
    )
    membership.full_clean()
    return _save_membership(membership)


@transaction.atomic
def membership_set_parental_authority(
    *, household: Household, membership_id: int, parental_authority: bool
) -> Membership:
    """Who has parental authority over the household's children under 16: they see the
    children's data in Mijn Nabij (``rules.resident_sees_member``). Current members only."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("resident")
        .filter(pk=membership_id, household=household, ended_on__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This person is not a current member of the household."))
    if parental_authority:
        _check_authority(membership.resident, timezone.localdate())
    if membership.parental_authority != parental_authority:
        membership.parental_authority = parental_authority
        membership.save(update_fields=["parental_authority"])
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
    _check_end(membership, ended_on, field="ended_on")
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    return membership


def _check_end(membership: Membership, ended_on: dt.date, *, field: str) -> None:
    """An end date from the start date up to today: a membership ending later is still current
    (the gate and every list treat "no end date" as current), so it is ended on the day."""
    try:
        validate_past_date(ended_on)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if ended_on < membership.started_on:
        raise ValidationError({field: _("The end date lies before the start date.")})


@transaction.atomic
def resident_move(
    *, resident: Resident, to_household: Household, on: dt.date, role: str
) -> Membership:
    """The resident leaves their current household on ``on`` and joins ``to_household`` on the
    same day, in one transaction: the history keeps both rows, and at no moment is the resident
    in two households or in none.

    The caller has passed both households through the gate (``gate.household_for`` twice).
    Refused: no current household, a move to the same household, a date before the current
    membership started (it would overlap the history) or in the future, and a role the new
    household's rules do not allow.
    """
    current = (
        Membership.objects.select_for_update()
        .select_related("resident")
        .filter(resident=resident, ended_on__isnull=True)
        .first()
    )
    if current is None:
        raise ValidationError(_("This resident has no current household to move from."))
    if current.household_id == to_household.pk:
        raise ValidationError({"household_id": _("The resident already lives in this household.")})
    _check_end(current, on, field="on")
    overlap = (
        Membership.objects.filter(resident=resident, ended_on__gt=on)
        .exclude(pk=current.pk)
        .exists()
    )
    if overlap:
        raise ValidationError({"on": _("This date overlaps an earlier membership.")})
    try:
        _check_membership(
            household=to_household, resident=current.resident, role=role, started_on=on
        )
    except ValidationError as exc:
        raise ValidationError(
            {("on" if k == "started_on" else k): v for k, v in exc.message_dict.items()}
        ) from exc
    current.ended_on = on
    current.save(update_fields=["ended_on"])
    return _save_membership(
        Membership(household=to_household, resident=current.resident, role=role, started_on=on)
    )


def _network_texts(
    *, name: str, relation_detail: str, can_do: str, wants_to_do: str, household_view: str
) -> dict[str, str]:
    return _clean_fields(
        name=(name, False),
        relation_detail=(relation_detail, False),
        can_do=(can_do, True),
        wants_to_do=(wants_to_do, True),
        household_view=(household_view, True),
    )


def network_member_add(
    *,
    household: Household,
    name: str,
    relation: str,
    relation_detail: str = "",
    can_do: str = "",
    wants_to_do: str = "",
    household_view: str = "",
    private_to: Resident | None = None,
) -> NetworkMember:
    """Record someone around the household. Deliberately touches nothing else: a network is a
    resource the household may call on, never a reason to lower or delay professional support.

    ``private_to``: a current member who keeps this entry for themselves ("alleen voor mij").
    """
    texts = _network_texts(
        name=name,
        relation_detail=relation_detail,
        can_do=can_do,
        wants_to_do=wants_to_do,
        household_view=household_view,
    )
    if (
        private_to is not None
        and not household.memberships.filter(resident=private_to, ended_on__isnull=True).exists()
    ):
        raise ValidationError(
            {"private": _("Only a member of the household keeps an entry for themselves.")}
        )
    member = NetworkMember(household=household, relation=relation, private_to=private_to, **texts)
    member.full_clean()
    member.save()
    return member


def _locked_network_member(member_id: int, household: Household) -> NetworkMember:
    member = (
        NetworkMember.objects.select_for_update().filter(pk=member_id, household=household).first()
    )
    if member is None:
        raise ValidationError(_("Unknown network member."))
    return member


def _check_network_version(member: NetworkMember, expected_version: int) -> None:
    if member.version != expected_version:
        raise ConflictError(
            _(
                "Someone else changed this person in the network while you were working on "
                "it. Your text is kept; look at the network again and save once more."
            )
        )


@transaction.atomic
def network_member_update(
    *,
    household: Household,
    member_id: int,
    expected_version: int,
    name: str,
    relation: str,
    relation_detail: str = "",
    can_do: str = "",
    wants_to_do: str = "",
    household_view: str = "",
    share: bool = False,
) -> NetworkMember:
    """Change an entry in the household's words, only from the version it was based on (a
    stale change is refused, never saved over someone else's). ``share`` ends "alleen voor mij":
    the entry becomes the household's; an entry is never made private afterwards."""
    member = _locked_network_member(member_id, household)
    _check_network_version(member, expected_version)
    if member.ended_on is not None:
        raise DomainError(_("This person is no longer in the network; the entry stays as it was."))
    texts = _network_texts(
        name=name,
        relation_detail=relation_detail,
        can_do=can_do,
        wants_to_do=wants_to_do,
        household_view=household_view,
    )
    for field, value in texts.items():
        setattr(member, field, value)
    member.relation = relation
    if share:
        member.private_to = None
    member.version += 1
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def network_member_end(
    *, household: Household, member_id: int, expected_version: int | None = None
) -> NetworkMember:
    """Someone is no longer involved; the entry stays, with the date. With ``expected_version``
    a stale end is refused (409); ending an ended entry changes nothing."""
    member = _locked_network_member(member_id, household)
    if expected_version is not None:
        _check_network_version(member, expected_version)
    if member.ended_on is None:
        member.ended_on = timezone.localdate()
        member.version += 1
        member.save(update_fields=["ended_on", "version"])
    return member
