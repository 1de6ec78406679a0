"""Writes of referrals: submitting one (the referrer), taking it on, recording the first contact,
closing it and referring it on (the team). Every state change is a conditional update on the
state and the version the user saw: a stale one changes nothing and raises ``ConflictError``.

The caller has been through the gate (``referrals.access``); the rows of the access log are
written here, next to the change they record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access import services as access_services
from nabij.access.enums import AssignmentKind, Event, Outcome, Purpose
from nabij.access.models import DistrictTeam, Professional
from nabij.areas.models import Address
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text
from nabij.people import services as people_services
from nabij.people.models import Household
from nabij.referrals.models import DUE_WORKING_DAYS, Referral
from nabij.signals.linking import normal_postcode
from nabij.signals.workdays import add_working_days

POSTCODE = re.compile(r"^[1-9][0-9]{3} [A-Z]{2}$")
PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
STALE = _(
    "Someone else changed this referral first. Look at it again and, if still needed, try again."
)


@dataclass(frozen=True)
class ReferralInput:
    first_name: str
    last_name: str
    postcode: str
    house_number: int
    addition: str
    worry: str
    basis: str
    urgency: str
    consent_on: dt.date | None = None
    basis_other: str = ""
    date_of_birth: dt.date | None = None
    phone: str = ""
    own_reference: str = ""
    team_id: int | None = None


def _postcode_forms(postcode: str) -> tuple[str, str]:
    """An address may be stored as "8921 AB" or "8921AB" (both valid): look for either."""
    spaced = normal_postcode(postcode)
    return spaced, spaced.replace(" ", "")


def team_for_postcode(postcode: str) -> DistrictTeam | None:
    """The team of the district the postcode lies in, read from the addresses known there
    (buildings, not people): neighbourhood -> district -> the team working in it."""
    address = (
        Address.objects.filter(postcode__in=_postcode_forms(postcode))
        .select_related("neighbourhood")
        .order_by("pk")
        .first()
    )
    if address is None:
        return None
    return (
        DistrictTeam.objects.filter(districts=address.neighbourhood.district_id)
        .order_by("name")
        .first()
    )


def _clean(data: ReferralInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for field, multiline in (
        ("first_name", False),
        ("last_name", False),
        ("addition", False),
        ("worry", True),
        ("basis_other", True),
        ("phone", False),
        ("own_reference", False),
    ):
        try:
            out[field] = clean_text(getattr(data, field), multiline=multiline).strip()
        except ValidationError as exc:
            errors[field] = exc.messages[0]
    for field in ("first_name", "last_name", "worry"):
        if field not in errors and not out[field]:
            errors[field] = {
                "first_name": _("Fill in the first name."),
                "last_name": _("Fill in the last name."),
                "worry": _("Write down your worry."),
            }[field]
    postcode = normal_postcode(data.postcode or "")
    if not POSTCODE.match(postcode):
        errors["postcode"] = _("Fill in a postcode like 8921 AB.")
    out["postcode"] = postcode
    if not 0 < data.house_number <= 99999:
        errors["house_number"] = _("Fill in a house number.")
    out["house_number"] = data.house_number
    out["addition"] = out.get("addition", "").upper()
    if out.get("phone") and not PHONE.match(out["phone"]):
        errors["phone"] = _("Fill in a phone number with digits only, like 058 123 4567.")
    today = timezone.localdate()
    if data.date_of_birth is not None and not dt.date(1900, 1, 1) <= data.date_of_birth <= today:
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    out["date_of_birth"] = data.date_of_birth
    if data.basis not in Referral.Basis.values:
        errors["basis"] = _("Say whether the household agrees, or on which basis you refer.")
    out["basis"] = data.basis
    out["consent_on"] = None
    if data.basis == Referral.Basis.CONSENT:
        if data.consent_on is None:
            errors["consent_on"] = _("Fill in the date the household agreed.")
        elif data.consent_on > today:
            errors["consent_on"] = _("The date of consent cannot be in the future.")
        out["consent_on"] = data.consent_on
    if data.basis == Referral.Basis.OTHER and not out.get("basis_other"):
        errors.setdefault("basis_other", _("Write down the legal basis."))
    if data.basis != Referral.Basis.OTHER:
        out["basis_other"] = ""
    if data.urgency not in Referral.Urgency.values:
        errors["urgency"] = _("Choose how urgent it is.")
    out["urgency"] = data.urgency
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def referral_submit(*, actor: gate.Actor, data: ReferralInput) -> Referral:
    """A referrer sends a referral to the team of the address's district (or to the team they
    chose when the address lies outside the known districts)."""
    gate.require(actor, rules.is_referrer, event=Event.REFERRAL_CREATE)
    professional = actor.professional
    assert professional is not None
    values = _clean(data)
    team = team_for_postcode(values["postcode"])
    if team is None:
        team = (
            DistrictTeam.objects.filter(pk=data.team_id).first()
            if data.team_id is not None
            else None
        )
        if team is None:
            raise ValidationError(
                {"team": _("We do not know this postcode. Choose the district team yourself.")}
            )
    today = timezone.localdate()
    referral = Referral.objects.create(
        referrer=actor.account,
        organisation_id=professional.organisation_id,
        team=team,
        due_on=add_working_days(today, DUE_WORKING_DAYS[values["urgency"]]),
        **values,
    )
    gate.log(
        actor,
        event=Event.REFERRAL_CREATE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE,
        detail=f"referral {referral.pk} to team {team.pk}",
    )
    return referral


def _move(
    referral: Referral,
    *,
    expected_version: int,
    from_states: tuple[str, ...],
    unlinked: bool = False,
    **changes: Any,
) -> None:
    """The one way a referral changes: only from the state and version the user saw."""
    rows = Referral.objects.filter(pk=referral.pk, version=expected_version, state__in=from_states)
    if unlinked:
        rows = rows.filter(household__isnull=True)
    updated = rows.update(version=F("version") + 1, **changes)
    if not updated:
        raise ConflictError(STALE)
    referral.refresh_from_db()


def _member_ids(household: Household) -> list[int | None]:
    ids: list[int | None] = list(
        household.memberships.filter(ended_on__isnull=True).values_list("resident_id", flat=True)
    )
    return ids or [None]


def coordinator_candidates(team_id: int) -> list[Professional]:
    """Who may coordinate a household of the team: its professionals and its coordinator."""
    return list(
        Professional.objects.filter(team_id=team_id, role__in=rules.CASE_ROLES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _coordinator(team_id: int, professional_id: int) -> Professional:
    found = next((p for p in coordinator_candidates(team_id) if p.pk == professional_id), None)
    if found is None:
        raise DomainError(_("Choose a coordinator from the team."), field="coordinator")
    return found


def _link(actor: gate.Actor, referral: Referral, household: Household) -> None:
    """The residents see the referral in their own access log: one row per member, naming the
    referrer and their organisation (written when the household is known, at the take-on), and
    the take-on itself."""
    members = _member_ids(household)
    referrer = gate.Actor(
        user=referral.referrer,
        professional=Professional.objects.filter(user=referral.referrer).first(),
        channel="web",
    )
    detail = (
        f"referral {referral.pk} of {referral.created_at:%Y-%m-%d}, taken on by {actor.username}"
    )
    gate.log(
        referrer,
        event=Event.REFERRAL_LINKED,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE,
        resident_ids=members,
        household_id=household.pk,
        detail=detail,
    )
    gate.log(
        actor,
        event=Event.REFERRAL_ACCEPT,
        outcome=Outcome.GRANTED,
        purpose=gate.purpose_for(actor, household),
        resident_ids=members,
        household_id=household.pk,
        detail=f"referral {referral.pk}",
    )


@transaction.atomic
def referral_accept_existing(
    *,
    actor: gate.Actor,
    referral: Referral,
    expected_version: int,
    household_id: int,
    coordinator_id: int,
) -> Household:
    """Take the referral on for a household the coordinator may work on (the proposed match,
    or one of the team's), and make ``coordinator_id`` its coordinator."""
    household = gate.household_for(actor, household_id, event=Event.REFERRAL_ACCEPT)
    if household.team_id != referral.team_id:
        raise DomainError(_("Choose a household of your own team."), field="household")
    coordinator = _coordinator(referral.team_id, coordinator_id)
    _move(
        referral,
        expected_version=expected_version,
        from_states=(Referral.State.RECEIVED,),
        unlinked=True,
        household=household,
        accepted_by=actor.account,
        accepted_at=timezone.now(),
    )
    access_services.assignment_start(
        household_id=household.pk, professional=coordinator, kind=AssignmentKind.COORDINATOR
    )
    _link(actor, referral, household)
    return household


@transaction.atomic
def referral_accept_new(
    *,
    actor: gate.Actor,
    referral: Referral,
    expected_version: int,
    name: str,
    address: people_services.AddressInput,
    first_member: people_services.ResidentInput,
    coordinator_id: int,
) -> Household:
    """Take the referral on by registering a new household (as the dossier's "new household"
    does), with ``coordinator_id`` as its coordinator."""
    coordinator = _coordinator(referral.team_id, coordinator_id)
    if Referral.objects.filter(pk=referral.pk, version=expected_version).count() == 0:
        raise ConflictError(STALE)
    household = people_services.household_create(
        actor=actor, name=name, address=address, first_member=first_member
    )
    gate.log(
        actor,
        event=Event.HOUSEHOLD_CREATE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE,
        resident_ids=_member_ids(household),
        household_id=household.pk,
    )
    _move(
        referral,
        expected_version=expected_version,
        from_states=(Referral.State.RECEIVED,),
        unlinked=True,
        household=household,
        accepted_by=actor.account,
        accepted_at=timezone.now(),
    )
    access_services.assignment_start(
        household_id=household.pk, professional=coordinator, kind=AssignmentKind.COORDINATOR
    )
    _link(actor, referral, household)
    return household


def _logged(actor: gate.Actor, referral: Referral, event: Event) -> None:
    household = referral.household
    gate.log(
        actor,
        event=event,
        outcome=Outcome.GRANTED,
        purpose=gate.purpose_for(actor, household) if household else Purpose.COORDINATION,
        resident_ids=_member_ids(household) if household else (None,),
        household_id=household.pk if household else None,
        detail=f"referral {referral.pk}",
    )


@transaction.atomic
def referral_contact(
    *, actor: gate.Actor, referral: Referral, expected_version: int, contact_on: dt.date
) -> None:
    """The first contact with the household: the referrer sees "contact made"."""
    if referral.household_id is None:
        raise DomainError(_("Take the referral on first: link or register the household."))
    if (
        contact_on > timezone.localdate()
        or contact_on < timezone.localtime(referral.created_at).date()
    ):
        raise DomainError(
            _("The contact date lies between the referral and today."), field="contact_on"
        )
    _move(
        referral,
        expected_version=expected_version,
        from_states=(Referral.State.RECEIVED,),
        state=Referral.State.CONTACT_MADE,
        contact_on=contact_on,
    )
    _logged(actor, referral, Event.REFERRAL_CONTACT)


@transaction.atomic
def referral_close(
    *, actor: gate.Actor, referral: Referral, expected_version: int, note: str = ""
) -> None:
    """Done: the help goes on in the household's plan; the referrer sees "closed"."""
    try:
        note = clean_text(note, multiline=True).strip()
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="note") from exc
    _move(
        referral,
        expected_version=expected_version,
        from_states=(Referral.State.CONTACT_MADE,),
        state=Referral.State.CLOSED,
        closed_on=timezone.localdate(),
        close_note=note,
    )
    _logged(actor, referral, Event.REFERRAL_CLOSE)


@transaction.atomic
def referral_refer_on(
    *, actor: gate.Actor, referral: Referral, expected_version: int, to: str, reason: str
) -> None:
    """Not for this team: referred on to another organisation, with the reason."""
    errors: dict[str, str] = {}
    try:
        to = clean_text(to).strip()
    except ValidationError as exc:
        errors["referred_to"] = exc.messages[0]
    try:
        reason = clean_text(reason, multiline=True).strip()
    except ValidationError as exc:
        errors["reason"] = exc.messages[0]
    if "referred_to" not in errors and not to:
        errors["referred_to"] = _("Say to which organisation you refer.")
    if "reason" not in errors and not reason:
        errors["reason"] = _("Give the reason.")
    if errors:
        raise ValidationError(errors)
    _move(
        referral,
        expected_version=expected_version,
        from_states=(Referral.State.RECEIVED,),
        state=Referral.State.REFERRED_ON,
        closed_on=timezone.localdate(),
        referred_to=to,
        close_note=reason,
    )
    _logged(actor, referral, Event.REFERRAL_REFER_ON)
