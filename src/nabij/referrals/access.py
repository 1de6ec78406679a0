"""The gate for referrals: who reaches one, with a row in the access log either way.

A referral is not yet a household's file: until the team takes it on, its rows name no
resident (the referrer's words are not linked to anyone). Unknown and not-yours answer alike
(``NotFound``, a 404), as the gate does for households.
"""

from __future__ import annotations

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.core.ids import in_range
from nabij.referrals.models import Referral


def _query():  # type: ignore[no-untyped-def]
    return Referral.objects.select_related(
        "organisation", "team", "referrer", "household", "accepted_by"
    )


def referral_for(
    actor: gate.Actor, referral_id: int, *, event: Event, intake: bool = False
) -> Referral:
    """The referral, for its team's coordinator (``intake``: only them) or, once taken on,
    for whoever works on its household. A referrer never reads one back (not even their own:
    they see its status in their list)."""
    referral = _query().filter(pk=referral_id).first() if in_range(referral_id) else None
    household = None
    if referral is not None and referral.household_id is not None:
        household = gate._household_query().filter(pk=referral.household_id).first()
        referral.household = household
    allowed = referral is not None and (
        rules.can_take_referrals(actor.professional, referral.team_id)
        if intake
        else rules.can_follow_referral(actor.professional, referral.team_id, household)
    )
    members = (
        [m.resident_id for m in household.memberships.all() if m.ended_on is None]
        if household is not None
        else []
    )
    gate.log(
        actor,
        event=event,
        outcome=Outcome.GRANTED if allowed else Outcome.REFUSED,
        purpose=(
            gate.purpose_for(actor, household)
            if household is not None and allowed
            else Purpose.COORDINATION
        ),
        resident_ids=(members or [None]) if allowed else [None],
        household_id=household.pk if household is not None and allowed else None,
        detail=f"referral {referral_id}" + ("" if referral is not None else " (unknown)"),
    )
    if not allowed:
        raise gate.NotFound
    assert referral is not None
    return referral
