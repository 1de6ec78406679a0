"""Writes of the register of citizen initiatives: registering one, its details (optimistic
locking), its contact persons (with consent), its offer through the social broker (through
matching's services: the broker's register stays the broker's) and its funding ledger.

The ledger is append-only like the area fund's: a line is never changed or deleted; a mistake
is corrected with a reversing line (``funding_entry_reverse``). Hours given are valued at a
reference price kept on the line with its source (``hour_value``).

Every write checks the actor's right here too (``rules``), so a service called from elsewhere
(the applications helper books granted subsidies through ``funding_entry_add``) cannot skip it.
Contact persons are personal data: adding, ending or changing one is logged for that resident
with purpose participation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.core.errors import DomainError
from nabij.core.validators import clean_text
from nabij.core.versioning import lock_at_version
from nabij.initiatives.models import (
    ContactPerson,
    FundingEntry,
    FundingSource,
    Initiative,
    LegalForm,
)

if TYPE_CHECKING:
    from nabij.areas.models import District, Neighbourhood
    from nabij.initiatives.models import Application
    from nabij.people.models import Resident

# The value of an hour given, when the reference prices hold no volunteer hour
# (``costs.ReferencePrice`` with key ``HOUR_PRICE_KEY``) and the settings set none: the
# Belastingdienst's maximum untaxed volunteer allowance per hour for volunteers of 21 and over
# in 2025 (€ 5,60; 2024: € 5,50). It is a floor, not a market price: what the municipality
# would at least have paid. Settings: INITIATIVE_HOUR_VALUE_CENTS, INITIATIVE_HOUR_VALUE_SOURCE.
HOUR_PRICE_KEY = "volunteer-hour"
DEFAULT_HOUR_VALUE_CENTS = 560
DEFAULT_HOUR_VALUE_SOURCE = (
    "Belastingdienst, maximale vrijwilligersvergoeding per uur (21 jaar en ouder), 2025: € 5,60"
)
MAX_AMOUNT_CENTS = 10_000_000_00  # ten million euros: a typo, not a grant
MAX_HOURS = Decimal("100000")
MAX_HOUR_RATE_CENTS = 200_00
# Lines without an application come from the municipality only through the team: residents
# enter their own means; subsidy and area-fund money is booked from a granted application or
# by a team member who names the decision.
MUNICIPAL_SOURCES = frozenset({FundingSource.SUBSIDY, FundingSource.AREA_FUND})

CONFLICT = "Someone else changed this initiative (version %(current)s, yours %(mine)s)."


@dataclass(frozen=True)
class HourValue:
    cents: int
    source: str


def hour_value() -> HourValue:
    """The default value of an hour given: the reference price of a volunteer hour if the
    municipality keeps one, else the setting, else the Belastingdienst's allowance."""
    from nabij.costs.models import ReferencePrice

    price = ReferencePrice.objects.filter(key=HOUR_PRICE_KEY).first()
    if price is not None:
        return HourValue(int(price.amount_cents), f"{price.name} ({price.year}): {price.source}")
    return HourValue(
        int(getattr(settings, "INITIATIVE_HOUR_VALUE_CENTS", DEFAULT_HOUR_VALUE_CENTS)),
        str(getattr(settings, "INITIATIVE_HOUR_VALUE_SOURCE", DEFAULT_HOUR_VALUE_SOURCE)),
    )


def hours_amount_cents(hours: Decimal, rate_cents: int) -> int:
    """Hours times the rate, rounded half up to whole cents."""
    return int((hours * rate_cents).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# --- Access (the services check again what the gate checked) ---------------------------------


def _refuse(actor: gate.Actor, event: Event, detail: str) -> None:
    gate.log(
        actor, event=event, outcome=Outcome.REFUSED, purpose=Purpose.PARTICIPATION, detail=detail
    )
    raise gate.AccessDenied


def _check_steward(actor: gate.Actor, initiative: Initiative, event: Event) -> None:
    if not rules.can_steward_initiative(
        actor.professional,
        actor.resident_id,
        initiative.district_id,
        initiative.contact_resident_ids(),
    ):
        _refuse(actor, event, f"initiative {initiative.pk}")


# --- The initiative ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeData:
    """What the register says of an initiative."""

    name: str
    purpose: str
    district: District
    legal_form: str
    neighbourhood: Neighbourhood | None = None
    kvk_number: str = ""
    members_count: int = 0
    volunteers_count: int = 0
    activities: str = ""
    website: str = ""


def _check(data: InitiativeData) -> None:
    if not clean_text(data.name):
        raise DomainError(_("Give the initiative a name."), field="name")
    if not clean_text(data.purpose, multiline=True):
        raise DomainError(_("Say in a few words what the initiative is for."), field="purpose")
    if data.legal_form not in LegalForm.values:
        raise DomainError(_("Choose a legal form from the list."), field="legal_form")
    if data.neighbourhood is not None and data.neighbourhood.district_id != data.district.pk:
        raise DomainError(_("The neighbourhood lies in another district."), field="neighbourhood")
    kvk = data.kvk_number.strip()
    if kvk and not (len(kvk) == 8 and kvk.isascii() and kvk.isdigit()):
        raise DomainError(_("A KvK number has 8 digits."), field="kvk_number")
    if data.legal_form == LegalForm.INFORMAL and kvk:
        raise DomainError(
            _("An informal group has no KvK number. Choose another legal form."),
            field="kvk_number",
        )


def _apply(initiative: Initiative, data: InitiativeData) -> None:
    initiative.name = clean_text(data.name)
    initiative.purpose = clean_text(data.purpose, multiline=True)
    initiative.district = data.district
    initiative.neighbourhood = data.neighbourhood
    initiative.legal_form = data.legal_form
    initiative.kvk_number = data.kvk_number.strip()
    initiative.members_count = data.members_count
    initiative.volunteers_count = data.volunteers_count
    initiative.activities = clean_text(data.activities, multiline=True)
    initiative.website = data.website.strip()


def initiative_register(
    *,
    actor: gate.Actor,
    data: InitiativeData,
    name_public: bool,
    role: str = ContactPerson.Role.CONTACT,
) -> Initiative:
    """A resident registers an initiative and becomes its first contact person; their name is
    shown publicly only if they said so (``name_public``)."""
    resident = gate.participating_resident(actor, event=Event.INITIATIVES_REGISTER)
    _check(data)
    if role not in ContactPerson.Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    with transaction.atomic():
        initiative = Initiative(created_by=actor.account)
        _apply(initiative, data)
        initiative.save()
        _contact_create(initiative, resident, role=role, name_public=name_public)
    gate.log_contacts(
        actor, [resident.pk], event=Event.INITIATIVES_REGISTER, detail=f"initiative {initiative.pk}"
    )
    return initiative


def initiative_update(
    *, actor: gate.Actor, initiative: Initiative, expected_version: int, data: InitiativeData
) -> Initiative:
    """New details; a stale version is a ``ConflictError`` (the form shows it again)."""
    _check_steward(actor, initiative, Event.INITIATIVES_UPDATE)
    _check(data)
    with transaction.atomic():
        fresh = lock_at_version(
            Initiative.objects.filter(pk=initiative.pk), expected_version, _(CONFLICT)
        )
        _apply(fresh, data)
        fresh.version += 1
        fresh.save()
    return fresh


def _bump(initiative: Initiative, expected_version: int) -> Initiative:
    fresh = lock_at_version(
        Initiative.objects.filter(pk=initiative.pk), expected_version, _(CONFLICT)
    )
    fresh.version += 1
    fresh.save(update_fields=["version"])
    return fresh


# --- Contact persons ---------------------------------------------------------------------------


def _contact_create(
    initiative: Initiative, resident: Resident, *, role: str, name_public: bool
) -> ContactPerson:
    now = timezone.now()
    try:
        with transaction.atomic():
            return ContactPerson.objects.create(
                initiative=initiative,
                resident=resident,
                role=role,
                name_public=name_public,
                consent_at=now if name_public else None,
                started_on=timezone.localdate(),
            )
    except IntegrityError as exc:
        raise DomainError(
            _("This resident is already a contact person of the initiative."), field="bsn"
        ) from exc


def contact_add(
    *,
    actor: gate.Actor,
    initiative: Initiative,
    expected_version: int,
    resident: Resident,
    role: str,
    agreed: bool,
    name_public: bool,
) -> ContactPerson:
    """A team member adds a resident from the register as a contact person, with the
    resident's agreement (and, separately, their consent to show their name)."""
    if not rules.can_add_initiative_contact(actor.professional, initiative.district_id):
        _refuse(actor, Event.INITIATIVES_CONTACT_ADD, f"initiative {initiative.pk}")
    if not agreed:
        raise DomainError(_("Only with the resident's agreement: ask them first."), field="agreed")
    if role not in ContactPerson.Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    if resident.age_on(timezone.localdate()) < rules.RESIDENT_MIN_AGE:
        raise DomainError(_("A contact person is 16 or older."), field="bsn")
    with transaction.atomic():
        _bump(initiative, expected_version)
        contact = _contact_create(initiative, resident, role=role, name_public=name_public)
    gate.log_contacts(
        actor, [resident.pk], event=Event.INITIATIVES_CONTACT_ADD, detail=f"contact {contact.pk}"
    )
    return contact


def contact_end(
    *, actor: gate.Actor, initiative: Initiative, expected_version: int, contact_id: int
) -> ContactPerson:
    """A contact person stops (from today); the last one cannot: the initiative would have no
    one to speak for it."""
    _check_steward(actor, initiative, Event.INITIATIVES_CONTACT_END)
    with transaction.atomic():
        _bump(initiative, expected_version)
        current = list(
            ContactPerson.objects.select_for_update().filter(
                initiative=initiative, ended_on__isnull=True
            )
        )
        contact = next((c for c in current if c.pk == contact_id), None)
        if contact is None:
            raise DomainError(_("This contact person has already stopped."), field="contact")
        if len(current) == 1:
            raise DomainError(
                _("The last contact person cannot stop. Add someone else first."),
                field="contact",
            )
        contact.ended_on = timezone.localdate()
        contact.save(update_fields=["ended_on"])
    gate.log_contacts(
        actor,
        [contact.resident_id],
        event=Event.INITIATIVES_CONTACT_END,
        detail=f"contact {contact.pk}",
    )
    return contact


def contact_name_public_set(
    *, actor: gate.Actor, initiative: Initiative, name_public: bool
) -> ContactPerson:
    """A contact person gives or withdraws their consent to show their name: only their own."""
    contact = (
        ContactPerson.objects.filter(
            initiative=initiative, resident_id=actor.resident_id, ended_on__isnull=True
        ).first()
        if actor.resident_id is not None
        else None
    )
    if contact is None:
        _refuse(actor, Event.INITIATIVES_CONTACT_CONSENT, f"initiative {initiative.pk}")
    assert contact is not None
    contact.name_public = name_public
    contact.consent_at = timezone.now() if name_public else None
    contact.save(update_fields=["name_public", "consent_at"])
    gate.log_contacts(
        actor,
        [contact.resident_id],
        event=Event.INITIATIVES_CONTACT_CONSENT,
        detail="name shown" if name_public else "name hidden",
    )
    return contact


# --- The offer through the social broker ---------------------------------------------------


def broker_offer_save(
    *,
    actor: gate.Actor,
    initiative: Initiative,
    expected_version: int,
    offers: dict[int, Decimal],
    consent: bool,
) -> Initiative:
    """The help the initiative offers in the broker's register of offers and needs: a
    participant of its own (named after the initiative, no person), registered or changed
    through matching's services, so the broker's rules (skills in use, hours) hold."""
    from nabij.matching import services as matching
    from nabij.matching.models import Language, Participant

    _check_steward(actor, initiative, Event.INITIATIVES_BROKER_OFFER)
    if not consent:
        raise DomainError(
            _("Tick that the initiative wants to be in the register of the social broker."),
            field="consent",
        )
    if not offers:
        raise DomainError(
            _("Tick at least one kind of help the initiative offers."), field="offers"
        )
    hood = initiative.neighbourhood or initiative.district.neighbourhoods.order_by("code").first()
    if hood is None:
        raise DomainError(_("The district has no neighbourhoods."), field="offers")
    data = matching.ProfileInput(
        first_name="Initiatief",  # data in the register, not a screen text
        last_name=initiative.name[:120],
        neighbourhood_id=hood.pk,
        languages=[Language.DUTCH],
        offers=offers,
        capacity=min(5, max(1, initiative.volunteers_count or 1)),
        note=_("Citizen initiative: contact through its contact persons."),
    )
    with transaction.atomic():
        fresh = _bump(initiative, expected_version)
        participant = fresh.participant
        if participant is None or participant.status == Participant.Status.WITHDRAWN:
            participant = matching.participant_register(
                actor=actor,
                data=data,
                consent_given=True,
                consent_by=(
                    Participant.ConsentBy.SELF
                    if actor.resident is not None
                    else Participant.ConsentBy.TEAM
                ),
                not_a_duplicate=True,
            )
            fresh.participant = participant
            fresh.save(update_fields=["participant"])
        else:
            matching.participant_update(
                actor=actor,
                participant=participant,
                expected_version=participant.version,
                data=data,
                not_a_duplicate=True,
            )
    return fresh


# --- The funding ledger ----------------------------------------------------------------------


def _year_range() -> tuple[int, int]:
    this_year = timezone.localdate().year
    return this_year - 10, this_year + 1


def funding_entry_add(
    *,
    actor: gate.Actor,
    initiative: Initiative,
    year: int,
    source: str,
    amount_cents: int,
    booked_on: dt.date,
    description: str,
    application: Application | None = None,
    hours: Decimal | None = None,
    hour_rate_cents: int | None = None,
    rate_source: str = "",
) -> FundingEntry:
    """Append one line to the initiative's ledger.

    Money lines have a positive amount (a correction is a reversal). Hours given have the
    hours, the value of an hour and its source; their amount is hours times that value (the
    caller passes it, and it must agree). Subsidy and area-fund money without an application
    is booked by a team member only. ``application`` is the granted application the money comes
    from (the applications helper books those lines here).
    """
    _check_steward(actor, initiative, Event.INITIATIVES_FUNDING_ADD)
    description = clean_text(description or "")
    rate_source = clean_text(rate_source or "")
    low, high = _year_range()
    if source not in FundingSource.values:
        raise DomainError(_("Choose where the money comes from."), field="source")
    if not low <= year <= high:
        raise DomainError(
            _("Choose a year between %(low)s and %(high)s.") % {"low": low, "high": high},
            field="year",
        )
    if booked_on.year != year:
        raise DomainError(_("The date lies in the year of the line."), field="booked_on")
    if booked_on > timezone.localdate() and year <= timezone.localdate().year:
        raise DomainError(_("The date is not in the future."), field="booked_on")
    if len(description) > 300:
        raise DomainError(_("A description of at most 300 characters."), field="description")
    if source in MUNICIPAL_SOURCES and application is None and actor.professional is None:
        raise DomainError(
            _(
                "Municipal money comes in through an application, or the district team "
                "books it. Choose another source."
            ),
            field="source",
        )
    if application is not None and application.initiative_id != initiative.pk:
        raise DomainError(_("The application is of another initiative."), field="application")
    if source == FundingSource.HOURS:
        if hours is None or hour_rate_cents is None:
            raise DomainError(
                _("Hours given need the number of hours and the value of an hour."),
                field="hours",
            )
        if not Decimal("0") < hours <= MAX_HOURS:
            raise DomainError(_("Enter the hours given (more than 0)."), field="hours")
        if not 0 < hour_rate_cents <= MAX_HOUR_RATE_CENTS:
            raise DomainError(
                _("The value of an hour lies between € 0,01 and € 200."), field="hour_rate"
            )
        if not rate_source:
            raise DomainError(_("Say where the value of an hour comes from."), field="rate_source")
        if amount_cents != hours_amount_cents(hours, hour_rate_cents):
            raise DomainError(
                _("The amount is the hours times the value of an hour."), field="amount"
            )
    else:
        if hours is not None or hour_rate_cents is not None:
            raise DomainError(
                _("Only hours given have hours and a value of an hour."), field="hours"
            )
        rate_source = ""
    if not 0 < amount_cents <= MAX_AMOUNT_CENTS:
        raise DomainError(_("Enter an amount of more than € 0."), field="amount")
    with transaction.atomic():
        # One writer at a time per initiative (the applications helper books here too).
        Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
        return FundingEntry.objects.create(
            initiative=initiative,
            year=year,
            source=source,
            amount_cents=amount_cents,
            hours=hours,
            hour_rate_cents=hour_rate_cents,
            rate_source=rate_source,
            description=description,
            booked_on=booked_on,
            application=application,
            recorded_by=actor.account,
        )


def funding_entry_reverse(
    *, actor: gate.Actor, initiative: Initiative, entry: FundingEntry, reason: str
) -> FundingEntry:
    """Correct a line with its exact opposite in the same year; the line itself stays. A
    reversal is not reversed again (enter the line anew), and a line is reversed once."""
    _check_steward(actor, initiative, Event.INITIATIVES_FUNDING_REVERSE)
    reason = clean_text(reason or "")
    if entry.initiative_id != initiative.pk:
        raise DomainError(_("This line is of another initiative."), field="reason")
    if not reason:
        raise DomainError(_("Say why this line is corrected."), field="reason")
    if len(reason) > 300:
        raise DomainError(_("A reason of at most 300 characters."), field="reason")
    if entry.reverses_id is not None:
        raise DomainError(
            _("A correction is not corrected again; enter the right line instead."),
            field="reason",
        )
    if entry.application_id is not None and actor.professional is None:
        raise DomainError(
            _("Money from a granted application is corrected by the district team."),
            field="reason",
        )
    if FundingEntry.objects.filter(reverses=entry).exists():
        raise DomainError(_("This line has already been corrected."), field="reason")
    today = timezone.localdate()
    # the correction belongs to the line's year: today, or that year's last or first day
    booked_on = today
    if entry.year < today.year:
        booked_on = dt.date(entry.year, 12, 31)
    elif entry.year > today.year:
        booked_on = dt.date(entry.year, 1, 1)
    try:
        with transaction.atomic():
            Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
            return FundingEntry.objects.create(
                initiative=initiative,
                year=entry.year,
                source=entry.source,
                amount_cents=-entry.amount_cents,
                hours=-entry.hours if entry.hours is not None else None,
                hour_rate_cents=entry.hour_rate_cents,
                rate_source=entry.rate_source,
                description=reason,
                booked_on=booked_on,
                reverses=entry,
                application_id=entry.application_id,
                recorded_by=actor.account,
            )
    except IntegrityError as exc:
        raise DomainError(_("This line has already been corrected."), field="reason") from exc
