"""Bundling: every linked signal joins its household's one open case, or opens it.

Shared by the import (certain links), the linking decision (a person confirms a link) and the
tests. Runs inside the caller's transaction; the caller has been through the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Sum

from nabij.people.models import Household
from nabij.signals.models import Case, Signal
from nabij.signals.workdays import add_working_days


def bundle(signals: Iterable[Signal], *, today: dt.date) -> list[Case]:
    """Attach linked signals without a case to their household's open case (opened when there is
    none, due ``SIGNALS_OUTREACH_WORKING_DAYS`` working days from ``today``); refresh the
    case's creditor count and arrears. Returns the cases touched, in household order."""
    by_household: dict[int, list[Signal]] = {}
    for signal in signals:
        if signal.case_id is None and signal.household_id is not None:
            by_household.setdefault(signal.household_id, []).append(signal)
    if not by_household:
        return []
    open_cases = {
        case.household_id: case
        for case in Case.objects.filter(household_id__in=by_household, state=Case.State.OPEN)
    }
    due = add_working_days(today, settings.SIGNALS_OUTREACH_WORKING_DAYS)
    new_households = Household.objects.in_bulk(set(by_household) - set(open_cases))
    Case.objects.bulk_create(
        Case(
            household=household,
            team_id=household.team_id,
            neighbourhood_id=household.neighbourhood_id,
            opened_on=today,
            due_on=due,
        )
        for household in new_households.values()
    )
    if new_households:  # read back: not every backend returns the new keys
        open_cases.update(
            (case.household_id, case)
            for case in Case.objects.filter(household_id__in=new_households, state=Case.State.OPEN)
        )
    touched: list[Case] = []
    for household_id in sorted(by_household):
        case = open_cases[household_id]
        Signal.objects.filter(pk__in=[s.pk for s in by_household[household_id]]).update(case=case)
        for s in by_household[household_id]:
            s.case = case
        touched.append(case)
    totals = (
        Signal.objects.filter(case__in=touched)
        .values("case_id")
        .annotate(creditors=Count("creditor_id", distinct=True), arrears=Sum("arrears_cents"))
    )
    by_case = {row["case_id"]: row for row in totals}
    for case in touched:
        row = by_case[case.pk]
        case.creditor_count = row["creditors"]
        case.arrears_cents = row["arrears"]
        case.version += 1
        case.save(update_fields=["creditor_count", "arrears_cents", "version"])
    return touched
