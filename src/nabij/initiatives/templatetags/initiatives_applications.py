"""The applications' and challenges' parts of the initiatives' pages (the register's public
page of an initiative, and a district's page): filled in here, included there."""

from __future__ import annotations

from typing import Any

from django import template

from nabij.access import rules
from nabij.access.enums import Role
from nabij.access.web import actor_for
from nabij.initiatives import selectors_applications as selectors
from nabij.initiatives import services_applications as services
from nabij.initiatives.models import Initiative

register = template.Library()


def _viewer(context: template.Context, initiative: Initiative) -> dict[str, bool]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"is_contact": False, "is_steward": False}
    actor = actor_for(request)
    contacts = selectors.contact_resident_ids(initiative)
    return {
        "is_contact": rules.is_initiative_contact(actor.resident_id, contacts),
        "is_steward": rules.can_steward_initiative(
            actor.professional, actor.resident_id, initiative.district_id, contacts
        ),
    }


@register.inclusion_tag("initiatives/applications/_public_applications.html", takes_context=True)
def public_applications(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    """What the initiative asked for, what was decided and why, and what it did with it."""
    viewer = _viewer(context, initiative)
    rows = (
        selectors.initiative_applications(initiative)
        if viewer["is_steward"]
        else selectors.public_applications(initiative)
    )
    return {
        "initiative": initiative,
        "applications": [(a, selectors.figures_of(a)) for a in rows],
        **viewer,
    }


@register.inclusion_tag("initiatives/applications/_public_challenges.html", takes_context=True)
def public_challenges(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    return {
        "initiative": initiative,
        "challenges": selectors.public_challenges(initiative),
        **_viewer(context, initiative),
    }


@register.inclusion_tag("initiatives/applications/_district_queue.html", takes_context=True)
def district_applications(context: template.Context, district: Any) -> dict[str, Any]:
    """The district's open applications, most urgent first, overdue ones flagged; who decides
    each; and its open challenges."""
    request = context.get("request")
    professional = actor_for(request).professional if request is not None else None
    limit = selectors.limit_cents()
    rows = selectors.district_queue(district.pk)
    return {
        "district": district,
        "rows": [
            (
                row,
                rules.can_decide_application(
                    professional, district.pk, row.application.amount_cents, limit
                ),
            )
            for row in rows
        ],
        "challenges": selectors.district_challenges(district.pk),
        "may_step": rules.can_move_challenge(professional, district.pk),
        "administrator": Role.ADMINISTRATOR,
        "limit": limit,
        "days_small": services.decision_days(1),
    }


@register.filter
def application_status(status: str) -> str:
    return str(selectors.APPLICATION_LABELS.get(status, status))


@register.filter
def challenge_status(status: str) -> str:
    return str(selectors.CHALLENGE_LABELS.get(status, status))
