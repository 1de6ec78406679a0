"""The Vroegsignalering block of the area profile (aggregates only)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("signals/_area_profile.html")
def area_signals(area: Any) -> dict[str, Any]:
    from nabij.signals.selectors_figures import profile_signals

    return {"area": area, "figures": profile_signals(area, today=timezone.localdate())}
