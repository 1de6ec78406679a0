from __future__ import annotations

from typing import Any

from nabij.learning.models import Rule


def a_rule(name: str = "Geen voorschot zonder uitkering", **kwargs: Any) -> Rule:
    from nabij.tests import factories as f

    owner = kwargs.pop("owner", None) or f.OrganisationFactory(name=f"Eigenaar van {name}"[:150])
    defaults: dict[str, Any] = {
        "kind": Rule.Kind.POLICY,
        "reference": "Beleidsregels bijzondere bijstand",
        "description": "Een voorschot alleen als er al een uitkering is.",
    }
    return Rule.objects.create(name=name, owner=owner, **(defaults | kwargs))
