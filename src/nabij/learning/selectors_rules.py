"""Reads of the rules register (no personal data)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nabij.access.models import Organisation
from nabij.learning.models import Rule


def register(*, kind: str = "", active: bool | None = None) -> QuerySet[Rule]:
    rules = Rule.objects.select_related("owner")
    if kind:
        rules = rules.filter(kind=kind)
    if active is not None:
        rules = rules.filter(active=active)
    return rules.order_by("-active", "kind", "name")


def rule(rule_id: int) -> Rule | None:
    return Rule.objects.select_related("owner").filter(pk=rule_id).first()


def owners() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def owners_in_register() -> QuerySet[Organisation]:
    return Organisation.objects.filter(rules__isnull=False).distinct().order_by("name")


def grouped_choices(*, include_id: int | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Rules in force, grouped by kind, each with its owner: what a breakthrough picks from.
    ``include_id`` keeps a retired rule that is already chosen in the list."""
    rules = Rule.objects.select_related("owner").order_by("kind", "name")
    if include_id is None:
        rules = rules.filter(active=True)
    else:
        rules = rules.filter(Q(active=True) | Q(pk=include_id))
    groups: dict[str, list[tuple[int, str]]] = {}
    for r in rules:
        label = (
            f"{r.name} ({r.reference}, {r.owner.name})"
            if r.reference
            else (f"{r.name} ({r.owner.name})")
        )
        groups.setdefault(r.kind, []).append((r.pk, label))
    return [(str(Rule.Kind(kind).label), items) for kind, items in groups.items()]
