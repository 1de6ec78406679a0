"""Reads for the linking decision: the uncertain signals of the actor's area, and one signal with
the residents at its address, best fit first.

A signal has no household until it is linked, so its area is its address's: the registered
address with that postcode and house number -> neighbourhood -> district -> the teams working
there (``DistrictTeam.districts``). Members of those teams (professionals and coordinators)
decide. Everything here goes through the gate (``gate.require`` for the role, ``gate.log`` for
each signal and each resident shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.areas.models import Address
from nabij.signals.linking import Candidate, Query, address_of, link
from nabij.signals.models import Signal
from nabij.signals.register import candidates_at


def _addresses_in(district_ids: frozenset[int] | set[int]) -> QuerySet[Address]:
    """Registered addresses matching the signal's postcode (stored with or without its space)
    and house number, in these districts."""
    return Address.objects.filter(
        Q(postcode=OuterRef("postcode"))
        | Q(postcode=Replace(OuterRef("postcode"), Value(" "), Value(""))),
        house_number=OuterRef("house_number"),
        neighbourhood__district_id__in=district_ids,
    )


def district_of(signal: Signal) -> int | None:
    """The district of the signal's address (any addition), ``None`` when it is unregistered."""
    compact = signal.postcode.replace(" ", "")
    return (
        Address.objects.filter(
            Q(postcode=signal.postcode) | Q(postcode=compact), house_number=signal.house_number
        )
        .values_list("neighbourhood__district_id", flat=True)
        .order_by("id")
        .first()
    )


def uncertain_for(actor: gate.Actor) -> list[Signal]:
    """The uncertain signals at addresses in the districts of the actor's team, oldest first.
    Each signal listed is logged (it names a person, though not yet a resident), by id."""
    gate.require(actor, rules.has_case_role, event=Event.SIGNAL_LINK_LIST)
    districts = rules.team_district_ids(actor.professional)
    signals = list(
        Signal.objects.filter(link=Signal.Link.UNCERTAIN)
        .filter(Exists(_addresses_in(districts)))
        .select_related("creditor")
        .order_by("signalled_on", "id")[:200]
    )
    # One row names as many signals as its detail holds: a few inserts, not one per signal.
    chunk: list[str] = []
    for signal in signals:
        if len(" ".join(["signals", *chunk, str(signal.pk)])) > 255:
            _log_list(actor, chunk)
            chunk = []
        chunk.append(str(signal.pk))
    if chunk:
        _log_list(actor, chunk)
    return signals


def _log_list(actor: gate.Actor, ids: list[str]) -> None:
    gate.log(
        actor,
        event=Event.SIGNAL_LINK_LIST,
        outcome=Outcome.GRANTED,
        purpose=Purpose.EARLY_SIGNALS,
        detail=" ".join(["signals", *ids]),
    )


@dataclass(frozen=True)
class Choice:
    """A resident the person deciding may pick, with their household and the linker's score."""

    resident_id: int
    household_id: int
    name: str
    date_of_birth: dt.date
    addition: str
    suggested: bool  # the linker listed them as a candidate


def signal_for(actor: gate.Actor, signal_id: int, *, event: Event) -> Signal:
    """The signal if the actor is in a team working in its address's district: a refusal is
    logged; an unknown signal is a 404, one outside the area a 403."""
    if not rules.has_case_role(actor.professional):
        gate.log(actor, event=event, outcome=Outcome.REFUSED, purpose=Purpose.EARLY_SIGNALS)
        raise gate.AccessDenied
    signal = Signal.objects.select_related("creditor").filter(pk=signal_id).first()
    if signal is None:
        gate.log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.EARLY_SIGNALS,
            detail=f"no signal {signal_id}"[:255],
        )
        raise gate.NotFound
    district = district_of(signal)
    if district is None or district not in rules.team_district_ids(actor.professional):
        gate.log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.EARLY_SIGNALS,
            detail=f"signal {signal.pk} outside the team's area",
        )
        raise gate.AccessDenied
    return signal


def candidates_for(signal: Signal) -> list[Candidate]:
    """The current residents at the signal's address (every addition)."""
    address = address_of(signal.postcode, signal.house_number, signal.addition)
    return candidates_at([address])[address]


def choices_for(actor: gate.Actor, signal: Signal, *, event: Event) -> list[Choice]:
    """The residents at the address, the linker's candidates first (best first), each logged as
    listed for the actor (they are shown by name and date of birth)."""
    candidates = candidates_for(signal)
    result = link(
        Query(
            signal.name, signal.postcode, signal.house_number, signal.addition, signal.date_of_birth
        ),
        candidates,
    )
    # The register may have changed since the import: a now-certain fit is simply shown first.
    best_first = result.candidates or ((result.resident_id,) if result.resident_id else ())
    rank = {rid: i for i, rid in enumerate(best_first)}
    ordered = sorted(
        candidates,
        key=lambda c: (rank.get(c.resident_id, len(rank)), c.last_name, c.first_name),
    )
    by_household: dict[int, list[int | None]] = {}
    for c in ordered:
        by_household.setdefault(c.household_id, []).append(c.resident_id)
    for household_id, resident_ids in by_household.items():
        gate.log(
            actor,
            event=event,
            outcome=Outcome.GRANTED,
            purpose=Purpose.EARLY_SIGNALS,
            resident_ids=resident_ids,
            household_id=household_id,
            detail=f"signal {signal.pk}",
        )
    if not ordered:
        gate.log(
            actor,
            event=event,
            outcome=Outcome.GRANTED,
            purpose=Purpose.EARLY_SIGNALS,
            detail=f"signal {signal.pk}",
        )
    return [
        Choice(
            c.resident_id,
            c.household_id,
            f"{c.first_name} {c.last_name}",
            c.date_of_birth,
            c.addition,
            c.resident_id in rank,
        )
        for c in ordered
    ]
