"""Reads of referrals. The referrer's list holds only what they may see back (date, own
reference, status); the team's queue and the dossier's panel read after the gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.models import DistrictTeam
from nabij.areas.models import Address
from nabij.people.models import Household
from nabij.portal.models import Processing
from nabij.referrals.models import Referral
from nabij.signals.linking import LinkResult, Query, address_of, link_many
from nabij.signals.register import candidates_at

# The register of processing's entry for referrals (data migration 0002)
PROCESSING_NAME = "Verwijzing door een vindplaats"


@dataclass(frozen=True)
class OwnReferral:
    """One line of "Mijn verwijzingen": nothing of what was written, nobody's name."""

    sent_on: dt.date
    own_reference: str
    status: str
    state: str


def own_referrals(user_id: int) -> list[OwnReferral]:
    rows = (
        Referral.objects.filter(referrer_id=user_id)
        .order_by("-created_at", "-pk")
        .values_list("created_at", "own_reference", "state")
    )
    out = []
    for created_at, reference, state in rows:
        shown = Referral.State.CLOSED if state == Referral.State.REFERRED_ON else state
        out.append(
            OwnReferral(
                sent_on=timezone.localtime(created_at).date(),
                own_reference=reference,
                status=str(Referral.State(shown).label),
                state=str(shown),
            )
        )
    return out


_URGENT_FIRST = Case(
    When(urgency=Referral.Urgency.URGENT, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


def intake_queue(team_id: int) -> QuerySet[Referral]:
    """The team's open referrals: urgent first, then the oldest first."""
    return (
        Referral.objects.filter(
            team_id=team_id, state__in=[Referral.State.RECEIVED, Referral.State.CONTACT_MADE]
        )
        .select_related("organisation", "household")
        .annotate(urgent_first=_URGENT_FIRST)
        .order_by("urgent_first", "created_at", "pk")
    )


def recently_done(team_id: int, limit: int = 10) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(
            team_id=team_id, state__in=[Referral.State.CLOSED, Referral.State.REFERRED_ON]
        )
        .select_related("organisation", "household")
        .order_by("-closed_on", "-pk")[:limit]
    )


def proposed_match(referral: Referral) -> LinkResult:
    """The register's household at the typed address carrying the typed name (the team
    decides; an uncertain link is only a proposal)."""
    query = Query(
        name=referral.full_name,
        postcode=referral.postcode,
        house_number=referral.house_number,
        addition=referral.addition,
        date_of_birth=referral.date_of_birth,
    )
    return link_many([query])[0]


def households_to_choose(actor: gate.Actor, referral: Referral, search: str) -> list[Household]:
    """Households of the team the coordinator may link to: the proposed match first, then those
    whose name holds ``search``. Each one shown is logged as shown in a list."""
    caseload = gate.caseload_for(actor).filter(team_id=referral.team_id)
    chosen: list[Household] = []
    match = proposed_match(referral)
    ids = [match.household_id] if match.household_id is not None else []
    where = address_of(referral.postcode, referral.house_number, referral.addition)
    ids += [c.household_id for c in candidates_at({where})[where] if c.household_id not in ids]
    if ids:
        found = {h.pk: h for h in caseload.filter(pk__in=ids).select_related("address")}
        chosen += [found[i] for i in dict.fromkeys(ids) if i in found]
    if search.strip():
        more = (
            caseload.filter(name__icontains=search.strip())
            .exclude(pk__in=[h.pk for h in chosen])
            .select_related("address")
            .order_by("name", "pk")[:10]
        )
        chosen += list(more)
    gate.log_listed(actor, chosen, event=Event.REFERRAL_CHOOSE)
    return chosen


def household_referrals(household: Household) -> list[Referral]:
    """The referrals linked to a household (the dossier has been through the gate)."""
    return list(
        Referral.objects.filter(household=household)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def processing() -> Processing | None:
    """The legal basis of this processing, as the register of processing states it."""
    return Processing.objects.filter(name=PROCESSING_NAME, active=True).first()


def team_choices() -> list[tuple[int, str]]:
    """The district teams a referrer may pick when the postcode is not known."""
    return list(DistrictTeam.objects.order_by("name").values_list("pk", "name"))


def known_address(referral: Referral) -> Address | None:
    """The building at the typed address, when the register knows it (to fill in the form)."""
    return (
        Address.objects.filter(
            postcode__in=(referral.postcode, referral.postcode.replace(" ", "")),
            house_number=referral.house_number,
            addition=referral.addition,
        )
        .select_related("neighbourhood")
        .first()
    )
