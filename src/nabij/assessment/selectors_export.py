"""The assessment part of a resident's export (AVG art. 15 and 20): the self-reliance
assessments about them (and their children under their authority) and what the household said
matters most. The caller has passed the gate (``own_household_for``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Prefetch

from nabij.access.selectors_residents import actor_names
from nabij.assessment.models import Assessment, Priority, Score
from nabij.people.models import Household


def assessments_data(resident_ids: Collection[int]) -> list[dict[str, Any]]:
    assessments = list(
        Assessment.objects.filter(resident_id__in=list(resident_ids))
        .select_related("instrument")
        .prefetch_related(
            "instrument__levels",
            Prefetch("scores", queryset=Score.objects.select_related("domain")),
        )
        .order_by("resident_id", "assessed_on", "pk")
    )
    names = actor_names({a.recorded_by_id for a in assessments})
    out = []
    for a in assessments:
        levels = {level.value: level.label for level in a.instrument.levels.all()}
        out.append(
            {
                "resident_id": a.resident_id,
                "instrument": str(a.instrument),
                "assessed_on": a.assessed_on.isoformat(),
                "recorded_by": names[a.recorded_by_id].name if a.recorded_by_id in names else "",
                "note": a.note,
                "scores": [
                    {
                        "domain": s.domain.name,
                        "level": s.level,
                        "label": levels.get(s.level, ""),
                    }
                    for s in a.scores.all()
                ],
            }
        )
    return out


def priorities_data(household: Household) -> list[dict[str, Any]]:
    return [
        {"text": p.text, "said_by": p.said_by, "recorded_on": p.recorded_on.isoformat()}
        for p in Priority.objects.filter(household=household).order_by("recorded_on", "pk")
    ]
