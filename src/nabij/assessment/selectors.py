"""Reads for instruments, assessments and priorities.

Callers pass objects that already went through ``nabij.access.gate``; nothing here checks or
logs access. Every read loads what its page shows in a fixed number of queries, so a household
with many members or a long history costs no more round trips than a small one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string

from nabij.assessment.chart import (
    Chart,
    ChartAssessment,
    ChartDomain,
    ChartLevel,
    build_chart,
)
from nabij.assessment.models import Assessment, Instrument, Priority, Score, shown
from nabij.people.models import Household, Resident
from nabij.people.selectors import memberships_of


@dataclass(frozen=True)
class LatestScore:
    domain: str
    level: int
    label: str
    assessed_on: dt.date


@dataclass(frozen=True)
class InstrumentHistory:
    """A resident's assessments with one instrument, as a chart and the latest scores."""

    instrument: Instrument
    assessments: tuple[Assessment, ...]  # oldest first
    chart: Chart

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]

    @property
    def latest_scores(self) -> list[LatestScore]:
        """Per domain the most recent level, even when the last assessment skipped it."""
        return [
            LatestScore(
                domain=s.name, level=s.latest.level, label=s.latest.label, assessed_on=s.latest.on
            )
            for s in self.chart.series
            if s.latest is not None
        ]


@dataclass(frozen=True)
class MemberAssessments:
    resident: Resident
    role: str
    histories: tuple[InstrumentHistory, ...]  # most recently used instrument first


def instruments() -> QuerySet[Instrument]:
    return Instrument.objects.prefetch_related("domains", "levels")


def instrument_by_code(*, code: str) -> Instrument | None:
    return instruments().filter(code=code).first()


def default_instrument() -> Instrument | None:
    """The instrument marked default, or else the first one configured."""
    return instruments().order_by("-is_default", "name", "version").first()


def _with_scores(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return queryset.select_related("instrument", "recorded_by").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("domain")),
        "instrument__domains",
        "instrument__levels",
    )


def resident_assessments(*, resident: Resident) -> QuerySet[Assessment]:
    """Newest first, with instrument, domains, levels and scores: four queries in all."""
    return _with_scores(Assessment.objects.filter(resident=resident)).order_by(
        "-assessed_on", "-id"
    )


def resident_latest_levels(
    *, resident: Resident, instrument: Instrument
) -> dict[int, tuple[int, dt.date]]:
    """Per domain id the last level and its date, shown as a reference on the form."""
    rows = (
        Score.objects.filter(assessment__resident=resident, assessment__instrument=instrument)
        .order_by("domain_id", "-assessment__assessed_on", "-assessment_id")
        .values_list("domain_id", "level", "assessment__assessed_on")
    )
    latest: dict[int, tuple[int, dt.date]] = {}
    for domain_id, level, assessed_on in rows:
        latest.setdefault(domain_id, (level, assessed_on))
    return latest


def _chart_for(key: str, instrument: Instrument, assessments: Iterable[Assessment]) -> Chart:
    chart = build_chart(
        key=key,
        domains=[
            ChartDomain(id=d.pk, code=d.code, name=shown(d.name)) for d in instrument.domains.all()
        ],
        levels=[
            ChartLevel(value=lv.value, label=shown(lv.label)) for lv in instrument.levels.all()
        ],
        assessments=[
            ChartAssessment(
                id=a.pk,
                on=a.assessed_on,
                levels={s.domain_id: s.level for s in a.scores.all()},
            )
            for a in assessments
        ],
    )
    # Every panel shares the same axes; render them once instead of once per domain.
    frame = render_to_string("assessment/_chart_frame.svg.html", {"chart": chart})
    return dataclasses.replace(chart, frame=frame)


def assessment_histories(
    *, key: str, assessments: Iterable[Assessment]
) -> tuple[InstrumentHistory, ...]:
    """Group one resident's loaded assessments per instrument, most recently used first."""
    grouped: dict[int, list[Assessment]] = defaultdict(list)
    for a in sorted(assessments, key=lambda a: (a.assessed_on, a.pk)):
        grouped[a.instrument_id].append(a)
    histories = [
        InstrumentHistory(
            instrument=items[-1].instrument,
            assessments=tuple(items),
            chart=_chart_for(f"{key}-{items[-1].instrument.code}", items[-1].instrument, items),
        )
        for items in grouped.values()
    ]
    histories.sort(key=lambda h: (h.latest.assessed_on, h.latest.pk), reverse=True)
    return tuple(histories)


def household_assessment_panel(*, household: Household) -> dict[str, Any]:
    """Latest scores and a chart per current member, in five queries however big the household.

    Returns ``members`` (``MemberAssessments`` for members with assessments) and ``unassessed``
    (current members without any, so the dossier can offer a first assessment).
    """
    memberships = [m for m in memberships_of(household) if m.ended_on is None]
    by_resident: dict[int, list[Assessment]] = defaultdict(list)
    if memberships:
        assessments = _with_scores(
            Assessment.objects.filter(resident_id__in=[m.resident_id for m in memberships])
        )
        for a in assessments:
            by_resident[a.resident_id].append(a)

    members = []
    unassessed = []
    for membership in memberships:
        resident = membership.resident
        if not by_resident.get(resident.pk):
            unassessed.append(resident)
            continue
        members.append(
            MemberAssessments(
                resident=resident,
                role=membership.get_role_display(),
                histories=assessment_histories(
                    key=f"zrm-{resident.pk}", assessments=by_resident[resident.pk]
                ),
            )
        )
    return {"household": household, "members": members, "unassessed": unassessed}


def household_priorities(*, household: Household) -> QuerySet[Priority]:
    """Newest first: earlier answers stay as history, the first row is what matters now."""
    return (
        Priority.objects.filter(household=household)
        .select_related("recorded_by")
        .order_by("-recorded_on", "-id")
    )


def latest_priority(*, household: Household) -> Priority | None:
    return household_priorities(household=household).first()


def household_current_members(*, household: Household) -> list[Resident]:
    return [m.resident for m in memberships_of(household) if m.ended_on is None]
