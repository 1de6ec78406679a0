"""How the audit trail shows values before and after: labels, not codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from nabij.access.models import AuditEvent, Role
from nabij.core.templatetags.nabij import euros

register = template.Library()

LABELS = {
    "role": _("Role"),
    "team": _("District team"),
    "is_active": _("Can log in"),
    "organisation": _("Organisation"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("E-mail"),
    "expertise": _("Expertise"),
    "name": _("Name"),
    "kind": _("Kind"),
    "agb_code": _("AGB code"),
    "districts": _("Districts"),
    "requested_by": _("Asked by"),
    "approved_by": _("Approved by"),
    "amount_cents": _("Amount"),
    "fund": _("Area fund"),
    "district": _("District"),
    "year": _("Year"),
    "cents_per_inhabitant": _("Per inhabitant"),
    "share_bp": _("Share of the saving"),
    "key": _("Reference price"),
    "unit": _("Unit"),
    "source": _("Source"),
    "version": _("Version"),
    "index": _("Index"),
}
HIDDEN = {"team_id"}


def _show(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if key == "role" and value in Role.values:
        return str(Role(value).label)
    if isinstance(value, int) and (key.endswith("_cents") or key == "cents_per_inhabitant"):
        return euros(value)
    if key == "share_bp" and isinstance(value, int):
        return f"{localize(Decimal(value) / 100)} %"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


@register.simple_tag
def audit_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(label, before, after) for every key that changed (or has no before), in a stable order."""
    keys = [
        k
        for k in {**event.before, **event.after}
        if k not in HIDDEN and not (k in event.before and event.before[k] == event.after.get(k))
    ]
    return [
        (
            str(LABELS.get(key, key)),
            _show(key, event.before.get(key)) if key in event.before else "",
            _show(key, event.after.get(key)),
        )
        for key in keys
    ]


@register.filter
def role_label(value: str) -> str:
    return str(Role(value).label) if value in Role.values else value or "—"
