"""The demo municipality (Leeuwarden) and the large synthetic city for benchmarks.

``demo_load`` is what a new user sees after ``nabij serve``: the real Leeuwarden districts and
neighbourhoods, invented organisations and teams, a household for every scenario in the
domain brief, and a few hundred ordinary households. ``demo_city_generate`` builds a city of
any size for benchmarks. Both are deterministic and refuse to run in production, because the
demo logins have published passwords.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.models import Outcome, Purpose
from nabij.areas.models import Neighbourhood
from nabij.areas.services import LEEUWARDEN_CODE, leeuwarden_load
from nabij.budgets.demo_data import budgets_rounds_demo_load
from nabij.costs.demo_data import costs_demo_load
from nabij.costs.synthetic import demo_costs_load
from nabij.demo.generator import (
    CITY_BSN_BLOCK,
    CITY_LETTERS,
    DEMO_BSN_BLOCK,
    DEMO_LETTERS,
    Area,
    bsn_for,
    household_specs,
)
from nabij.demo.residents_together import willem_waits_for_an_answer
from nabij.demo.scenarios import KARIMA_BSN, scenarios_load
from nabij.demo.two_factor import demo_second_factors_ensure
from nabij.demo.world import DEMO_LOGINS, DemoLogin, World, world_ensure
from nabij.demo.writers import (
    BulkTotals,
    actor_for,
    bulk_context,
    write_in_bulk,
    write_through_services,
)
from nabij.funds.demo_data import funds_demo_load
from nabij.initiatives.demo_applications import applications_demo_load
from nabij.initiatives.demo_data import initiatives_demo_load
from nabij.learning.demo_data import breakthroughs_demo_load
from nabij.matching.demo_data import matching_demo_load
from nabij.outcomes.demo_data import outcomes_demo_load
from nabij.outcomes.demo_plans import area_plans_demo_load
from nabij.people.models import Household, Membership, Resident
from nabij.practices.demo_data import practices_demo_load
from nabij.referrals.demo_data import referrals_demo_load
from nabij.reports.demo_data import reports_demo_load
from nabij.signals.demo_data import signals_demo_load
from nabij.signals.demo_linking import linking_demo_load
from nabij.signals.demo_outreach import outreach_demo_load

__all__ = [
    "DEMO_LOGINS",
    "CitySummary",
    "DemoError",
    "DemoLogin",
    "demo_city_generate",
    "demo_is_loaded",
    "demo_load",
]

DEMO_SEED = 2026
DEMO_HOUSEHOLDS = 300


class DemoError(RuntimeError):
    """The demo cannot be loaded here; the message says why and what to do."""


def _refuse_in_production() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise DemoError(
            "De demo heeft openbare wachtwoorden en wordt niet geladen met NABIJ_ENV=production."
        )


def demo_is_loaded() -> bool:
    """The scenario households exist (Karima's BSN is their marker)."""
    return Resident.objects.filter(bsn=KARIMA_BSN).exists()


def leeuwarden_areas() -> list[Area]:
    rows = Neighbourhood.objects.filter(district__municipality__code=LEEUWARDEN_CODE).values_list(
        "code", "name", "district__code", "inhabitants_estimate"
    )
    return [Area(code=c, name=n, district_code=d, inhabitants=i or 0) for c, n, d, i in rows]


def _areas_ensure() -> None:
    if not Neighbourhood.objects.filter(district__municipality__code=LEEUWARDEN_CODE).exists():
        leeuwarden_load()


@contextmanager
def _quiet() -> Iterator[None]:
    """The services log every write at INFO; for a few thousand demo writes that is noise
    on the console of a first `nabij serve`."""
    logger = logging.getLogger("nabij")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def demo_load(*, households: int = DEMO_HOUSEHOLDS, seed: int = DEMO_SEED) -> bool:
    """Load the demo municipality; returns False (and does nothing) when it is already there.

    All or nothing: one transaction, so a failure leaves no half-loaded demo behind.
    """
    _refuse_in_production()
    with _quiet(), transaction.atomic():
        if demo_is_loaded():
            return False
        _demo_write(households=households, seed=seed)
    return True


def _demo_write(*, households: int, seed: int) -> None:
    leeuwarden_load()
    world = world_ensure()
    demo_second_factors_ensure()
    today = timezone.localdate()
    named = scenarios_load(world, today)
    costs_demo_load(actor_for(world.staff["wijkcoach"]), named, today)
    funds_demo_load(world, named, today)
    matching_demo_load(world, named, today)
    linking_demo_load(world, named, today)
    outcomes_demo_load()
    willem_waits_for_an_answer(world, named)
    area_plans_demo_load(world, today)  # after the indicators' demo, if any: baselines from it
    specs = household_specs(
        areas=leeuwarden_areas(),
        count=households,
        seed=seed,
        today=today,
        bsn_block=DEMO_BSN_BLOCK,
        letters=DEMO_LETTERS,
    )
    synthetic_ids: list[int] = []
    for spec in specs:
        household = write_through_services(spec, world.staff, today)
        _log_registration(world, spec.coordinator, household.pk)
        synthetic_ids.append(household.pk)
    demo_costs_load(world.organisations, synthetic_ids, today, seed=seed)
    breakthroughs_demo_load(world, named, synthetic_ids, today, seed=seed)
    outreach_demo_load(world, named, today)  # vroegsignalering: needs the synthetic households
    signals_demo_load(actor_for(world.staff["teamleider"]), named, today)  # after the city
    reports_demo_load(world, named, today)
    practices_demo_load(world, named, today)
    initiatives_demo_load(world, named, today)
    applications_demo_load(world, today)
    budgets_rounds_demo_load(world, named, today)
    referrals_demo_load(world, named, today)


def _log_registration(world: World, coordinator: str, household_id: int) -> None:
    """The access log row the registration page writes, so the demo's log starts complete."""
    gate.log(
        actor_for(world.staff[coordinator]),
        event=Event.HOUSEHOLD_CREATE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE,
        resident_ids=list(
            Membership.objects.filter(household_id=household_id).values_list(
                "resident_id", flat=True
            )
        ),
        household_id=household_id,
        detail="demo municipality",
    )


@dataclass(frozen=True)
class CitySummary:
    households: int
    residents: int
    network_members: int
    goals: int
    actions: int
    assessments: int
    seconds: float
    database: str

    def __str__(self) -> str:
        return (
            f"{self.households:,} huishoudens, {self.residents:,} inwoners, "
            f"{self.network_members:,} netwerkleden, {self.goals:,} doelen, "
            f"{self.actions:,} acties, {self.assessments:,} zelfredzaamheidsmetingen "
            f"in {self.seconds:.1f} s ({self.database})"
        )


def city_is_generated() -> bool:
    """The first BSN the city generator hands out marks a generated city."""
    return Resident.objects.filter(bsn=bsn_for(CITY_BSN_BLOCK, 0)).exists()


def demo_city_generate(
    *, households: int, seed: int = 2026, progress: bool = False, with_costs: bool = False
) -> CitySummary:
    """A large deterministic synthetic city, spread over Leeuwarden by inhabitants.

    For benchmarks: 50,000 households in well under five minutes on SQLite or PostgreSQL.
    Written with ``bulk_create`` in one transaction, so no plan history and no access log.
    Run it on a fresh database; a second city in the same database is refused.
    """
    _refuse_in_production()
    if households < 1:
        raise ValueError("Give a positive number of households.")
    report: Callable[[str], None] | None = (
        (lambda line: print(line, flush=True)) if progress else None
    )
    started = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic():
        _areas_ensure()
        world = world_ensure()
        demo_second_factors_ensure()
        if city_is_generated():
            raise DemoError(
                "Deze database bevat al een synthetische stad. Genereer een nieuwe in een "
                "lege database (NABIJ_DATA_DIR of DATABASE_URL)."
            )
        if report:
            report(
                f"Synthetische stad: {households:,} huishoudens, seed {seed}, "
                f"database {connection.vendor}"
            )
        specs = household_specs(
            areas=leeuwarden_areas(),
            count=households,
            seed=seed,
            today=today,
            bsn_block=CITY_BSN_BLOCK,
            letters=CITY_LETTERS,
        )
        context = bulk_context(
            teams={k: t.pk for k, t in world.teams.items()}, staff=world.staff, today=today
        )
        first_new = (Household.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        totals: BulkTotals = write_in_bulk(specs, context, total=households, report=report)
        cost_lines = 0
        if with_costs:  # seeded cost lines, so the cost pages show every level of a full city
            ids = list(
                Household.objects.filter(pk__gte=first_new)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            cost_lines = demo_costs_load(world.organisations, ids, today, seed=seed)
            if report:
                report(f"{cost_lines:,} kostenregels")
    _analyze()
    summary = CitySummary(
        households=totals.households,
        residents=totals.residents,
        network_members=totals.network_members,
        goals=totals.goals,
        actions=totals.actions,
        assessments=totals.assessments,
        seconds=time.monotonic() - started,
        database=connection.vendor,
    )
    if report:
        report(f"Klaar: {summary}")
    return summary


def _analyze() -> None:
    """Fresh planner statistics, so the first queries on the new city use the indexes."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
