"""Demo: arrears signals and their outreach in the Heechterp-Schieringen team, so the list
"Vroegsignalering", a case page and the area profile's block are not empty.

Called by the demo loader after the synthetic households exist
(``demo.services._demo_write``: ``outreach_demo_load(world, named, today)``). Cases are opened
on dates in the past through ``bundle`` and worked on through the outreach services, so the
attempts, outcomes and goals are what the product itself would have written. Fictional
creditors only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from nabij.access.gate import Actor
from nabij.signals import services_outreach as services
from nabij.signals.cases import bundle
from nabij.signals.demo_data import ENERGY, HOUSING, INSURER, WATER
from nabij.signals.models import Case, Creditor, Delivery, Signal

# The demo's one set of (fictional) creditors, shared with its monthly deliveries (demo_data), so
# a household has one landlord and the export per creditor holds all of that creditor's lines.
CREDITORS: dict[str, str] = {
    Signal.Kind.RENT: HOUSING,
    Signal.Kind.ENERGY: ENERGY,
    Signal.Kind.WATER: WATER,
    Signal.Kind.HEALTH_INSURANCE: INSURER,
}
KINDS = list(CREDITORS)
GOALS = (
    "Wij willen weer rust over de huur",
    "Ik wil mijn rekeningen op tijd kunnen betalen",
    "We willen weten waar we aan toe zijn met de schulden",
    "Ik wil niet meer bang zijn voor de post",
)
SYNTHETIC_CASES = 36


def _signal(
    delivery: Delivery, household: Any, kind: str, arrears_cents: int, months: int, on: dt.date
) -> Signal:
    member = household.memberships.select_related("resident").order_by("started_on", "pk").first()
    address = household.address
    creditor, _ = Creditor.objects.get_or_create(name=CREDITORS[kind])
    return Signal.objects.create(
        delivery=delivery,
        creditor=creditor,
        kind=kind,
        name=member.resident.full_name if member else household.name,
        postcode=address.postcode if address else "8921 AA",
        house_number=address.house_number if address else 1,
        addition=address.addition if address else "",
        arrears_cents=arrears_cents,
        months=months,
        signalled_on=on,
        identity=f"demo-{household.pk}-{kind}-{on.isoformat()}",
        link=Signal.Link.CERTAIN,
        household=household,
    )


def _open(
    delivery: Delivery, household: Any, kinds: Sequence[str], arrears: int, on: dt.date
) -> Case:
    signals = [
        _signal(delivery, household, kind, arrears + 7_300 * i, 2 + i, on)
        for i, kind in enumerate(kinds)
    ]
    (case,) = bundle(signals, today=on)
    case.refresh_from_db()
    return case


def _attempt(actor: Actor, case: Case, on: dt.date, channel: str, reached: bool, note: str) -> None:
    case.refresh_from_db()
    services.attempt_record(
        actor=actor,
        case=case,
        expected_version=case.version,
        made_on=on,
        channel=channel,
        reached=reached,
        note=note,
        today=on,
    )


def _close(actor: Actor, case: Case, outcome: str, on: dt.date, goal: str = "") -> None:
    case.refresh_from_db()
    services.case_close(
        actor=actor,
        case=case,
        expected_version=case.version,
        outcome=outcome,
        goal_text=goal,
        today=on,
    )


def outreach_demo_load(world: Any, named: dict[str, Any], today: dt.date) -> int:
    """Cases in every state for the wijkcoach's team; returns how many were opened."""
    from nabij.people.models import Household

    coach = world.staff["wijkcoach"]
    actor = Actor(user=coach.user, professional=coach)
    if Delivery.objects.filter(file_name="demo-vroegsignalering.csv").exists():
        return 0
    delivery = Delivery.objects.create(file_name="demo-vroegsignalering.csv", sha256="d" * 64)
    day = dt.timedelta(days=1)
    opened = 0
    # Named households of the team: Sandra (eviction) has two creditors and is overdue.
    sandra = named.get("sandra")
    if sandra is not None and sandra.team_id == coach.team_id:
        _open(delivery, sandra, [Signal.Kind.RENT, Signal.Kind.ENERGY], 184_000, today - 21 * day)
        opened += 1
    karima = named.get("karima")
    if karima is not None and karima.team_id == coach.team_id:
        case = _open(delivery, karima, [Signal.Kind.HEALTH_INSURANCE], 41_250, today - 6 * day)
        _attempt(actor, case, today - 4 * day, "letter", False, "Brief met aanbod gestuurd.")
        opened += 1
    # Synthetic households of the team, most in one district so its figures can be shown.
    taken = {h.pk for h in named.values() if h is not None}
    pool = list(
        Household.objects.filter(team_id=coach.team_id, address__isnull=False)
        .exclude(pk__in=taken)
        .select_related("neighbourhood")
        .order_by("pk")
    )
    districts = Counter(h.neighbourhood.district_id for h in pool)
    if not districts:
        return opened
    main = districts.most_common(1)[0][0]
    pool = [h for h in pool if h.neighbourhood.district_id == main][:SYNTHETIC_CASES]
    for i, household in enumerate(pool):
        kinds = [KINDS[i % 4]] + ([KINDS[(i + 1) % 4]] if i % 5 == 0 else [])
        arrears = 35_000 + (i * 12_345) % 250_000
        plan = i % 6
        if plan in (4, 5):  # open: some due soon, some overdue
            start = today - (2 + (i % 9) * 3) * day
            case = _open(delivery, household, kinds, arrears, start)
            if plan == 5:
                _attempt(actor, case, start + day, "letter", False, "Brief gestuurd.")
            opened += 1
            continue
        start = today - (25 + i * 7) * day
        case = _open(delivery, household, kinds, arrears, start)
        opened += 1
        first = start + (2 + i % 5) * day
        if plan == 2:  # not reached after three attempts
            for n, channel in enumerate(("letter", "door", "phone")):
                _attempt(actor, case, start + (1 + n * 3) * day, channel, False, "")
            _close(actor, case, "not_reached", start + 12 * day)
            continue
        _attempt(actor, case, start + day, "letter", False, "Brief met aanbod gestuurd.")
        _attempt(actor, case, first, "door", True, "Aan de deur gesproken.")
        if plan == 0:
            _close(actor, case, "accepted", first, GOALS[i % len(GOALS)])
        elif plan == 1:
            _close(actor, case, "not_needed", first + day)
        else:
            _close(actor, case, "reached", first + 2 * day)
    written = Signal.objects.filter(delivery=delivery).count()
    Delivery.objects.filter(pk=delivery.pk).update(
        lines=written, added=written, linked=written, cases_opened=opened
    )
    return opened
