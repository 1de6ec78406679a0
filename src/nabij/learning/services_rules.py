"""Writes to the rules register: add, edit (with the version the editor saw), retire and
reinstate. A retired rule stays (breakthroughs point at it) but is no longer offered."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.models import Organisation
from nabij.core.errors import ConflictError
from nabij.learning.access import may_keep_register
from nabij.learning.models import Rule


@dataclass(frozen=True)
class RuleData:
    name: str
    kind: str
    reference: str
    owner_id: int
    description: str


def _clean(data: RuleData) -> RuleData:
    problems: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        problems["name"] = _("Give the rule a name.")
    if data.kind not in Rule.Kind.values:
        problems["kind"] = _("Choose the kind of rule.")
    if not Organisation.objects.filter(pk=data.owner_id).exists():
        problems["owner"] = _("Choose the organisation that owns the rule.")
    if not data.description.strip():
        problems["description"] = _("Say in plain words what the rule says.")
    if problems:
        raise ValidationError(problems)
    return RuleData(
        name=name,
        kind=data.kind,
        reference=data.reference.strip(),
        owner_id=data.owner_id,
        description=data.description.strip(),
    )


def _duplicate() -> ValidationError:
    return ValidationError(
        {"name": _("This organisation already has a rule with this name in the register.")}
    )


def rule_create(*, actor: gate.Actor, data: RuleData) -> Rule:
    gate.require(actor, may_keep_register, event=Event.RULE_CREATE)
    data = _clean(data)
    rule = Rule(
        name=data.name,
        kind=data.kind,
        reference=data.reference,
        owner_id=data.owner_id,
        description=data.description,
    )
    rule.full_clean(exclude=["owner"], validate_unique=False)
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise _duplicate() from None
    return rule


def rule_update(*, actor: gate.Actor, rule_id: int, expected_version: int, data: RuleData) -> Rule:
    """Change a rule; refused when someone else saved first (the caller's input is kept)."""
    gate.require(actor, may_keep_register, event=Event.RULE_UPDATE)
    data = _clean(data)
    probe = Rule(
        name=data.name,
        kind=data.kind,
        reference=data.reference,
        owner_id=data.owner_id,
        description=data.description,
    )
    probe.full_clean(exclude=["owner"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            updated = Rule.objects.filter(pk=rule_id, version=expected_version).update(
                name=data.name,
                kind=data.kind,
                reference=data.reference,
                owner_id=data.owner_id,
                description=data.description,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
    except IntegrityError:
        raise _duplicate() from None
    if not updated:
        if not Rule.objects.filter(pk=rule_id).exists():
            raise gate.NotFound
        raise ConflictError(
            _("Someone else changed this rule first. Check the rule and save again.")
        )
    return Rule.objects.get(pk=rule_id)


def rule_set_active(
    *, actor: gate.Actor, rule_id: int, expected_version: int, active: bool
) -> Rule:
    """Retire a rule (``active=False``) or put it back in force: a conditional update, so a
    retire on a stale page is refused, not applied to a rule that changed meanwhile."""
    gate.require(actor, may_keep_register, event=Event.RULE_RETIRE)
    updated = Rule.objects.filter(pk=rule_id, version=expected_version, active=not active).update(
        active=active, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        if not Rule.objects.filter(pk=rule_id).exists():
            raise gate.NotFound
        raise ConflictError(
            _("Someone else changed this rule first. Check the rule and try again.")
        )
    return Rule.objects.get(pk=rule_id)
