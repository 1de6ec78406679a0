"""Reads of the register of offers and needs for the residents it is about (Mijn Nabij): their
consent to the neighbourhood help, and their profile in the export. The caller has passed the
gate for these residents (``own_household_for``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Prefetch

from nabij.matching.models import Need, Offer, Participant, ProposalParty


def resident_profile(resident_id: int) -> Participant | None:
    """The resident's own profile while their consent stands (withdrawn profiles are no longer
    linked to the resident: withdrawal erases that link)."""
    return (
        Participant.objects.filter(resident_id=resident_id)
        .exclude(status=Participant.Status.WITHDRAWN)
        .first()
    )


def export_profiles(resident_ids: Collection[int]) -> list[dict[str, Any]]:
    """The profiles of these residents with offers, needs, consent and exchanges, as plain
    values for the export. Other parties of an exchange are not named."""
    profiles = (
        Participant.objects.filter(resident_id__in=list(resident_ids))
        .select_related("neighbourhood")
        .prefetch_related(
            Prefetch("offers", queryset=Offer.objects.select_related("skill")),
            Prefetch("needs", queryset=Need.objects.select_related("skill")),
            Prefetch(
                "proposal_parties",
                queryset=ProposalParty.objects.select_related("proposal").order_by(
                    "proposal__created_at", "pk"
                ),
            ),
        )
        .order_by("resident_id", "pk")
    )
    return [
        {
            "resident_id": p.resident_id,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "neighbourhood": p.neighbourhood.name,
            "phone": p.phone,
            "email": p.email,
            "languages": list(p.languages),
            "status": str(p.get_status_display()),
            "consent_given_at": p.consent_at.isoformat(),
            "consent_given_how": str(p.get_consent_by_display()),
            "consent_withdrawn_at": (
                p.consent_withdrawn_at.isoformat() if p.consent_withdrawn_at else None
            ),
            "matches_in_plan_allowed": p.plan_consent,
            "shared_by_team": p.shared_by_team,
            "offers": [
                {"skill": o.skill.label, "hours_per_week": str(o.hours_per_week)}
                for o in p.offers.all()
            ],
            "needs": [
                {
                    "skill": n.skill.label,
                    "hours_per_week": str(n.hours_per_week),
                    "urgency": str(n.get_urgency_display()),
                    "status": str(n.get_status_display()),
                }
                for n in p.needs.all()
            ],
            "exchanges": [
                {
                    "proposed_at": party.proposal.created_at.isoformat(),
                    "status": str(party.proposal.get_status_display()),
                    "your_answer": str(party.get_response_display()),
                }
                for party in p.proposal_parties.all()
            ],
        }
        for p in profiles
    ]
