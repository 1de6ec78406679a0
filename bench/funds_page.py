"""A district's area-fund page against the trivial ``/health/`` view, in one process, one run.

Creates a throw-away database (``test_<name>`` next to the one in ``DATABASE_URL``; PostgreSQL
intended), migrates it, gives one district a year's budget and ``--agreements`` loans (each
with a repayment and hours recorded, all through the services, so every transaction is a
balanced, locked write), logs the team coordinator in and requests the fund page
(``/wijkkas/<code>/``) and ``/health/`` ``--requests`` times each, in turns. Prints median and
p95 of both, their ratio, the SQL per fund page, the time per ledger write, and writes a
Markdown section with ``--markdown``. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_funds \\
        uv run python bench/funds_page.py --agreements 200 --requests 200 \\
        --markdown /tmp/bench_funds.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cores} cores, {model.group(1).strip() if model else platform.processor()}"


def commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=SRC.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def build(agreements: int):
    """A district with a team, one household, a budget and ``agreements`` loans."""
    from django.utils import timezone

    from nabij.access.gate import Actor
    from nabij.access.models import Assignment
    from nabij.funds import services
    from nabij.funds.models import Agreement
    from nabij.tests import factories as f

    team = f.TeamFactory(name="Bench team")
    household = f.HouseholdFactory(name="Bench household", team=team)
    f.MembershipFactory(household=household, resident=f.ResidentFactory(first_name="Hakan"))
    district = household.neighbourhood.district
    team.districts.add(district)
    coordinator = f.ProfessionalFactory(user__username="bench", team=team, coordinator=True)
    f.AssignmentFactory(household=household, professional=coordinator,
                        kind=Assignment.Kind.COORDINATOR)  # fmt: skip
    admin = f.ProfessionalFactory(user__username="benchadmin", administrator=True)
    services.budget_allocate(
        actor=Actor(user=admin.user, professional=admin),
        district=district,
        year=timezone.localdate().year,
        cents_per_inhabitant=100_00,
    )
    actor = Actor(user=coordinator.user, professional=coordinator)
    decided = timezone.localdate() - dt.timedelta(days=30)
    writes: list[float] = []
    for i in range(agreements):
        t0 = time.perf_counter()
        loan = services.agreement_create(
            actor=actor,
            household=household,
            kind=Agreement.Kind.LOAN,
            amount_cents=10_000 + i,
            purpose=f"Bench loan {i}",
            reciprocity="uren",
            hours_agreed=Decimal(10),
            decided_on=decided,
        )
        services.repayment_record(
            actor=actor,
            agreement=loan,
            household=household,
            amount_cents=1_000,
            paid_on=decided,
            version=loan.version,
        )
        services.hours_record(
            actor=actor,
            agreement=loan,
            household=household,
            hours=Decimal(2),
            done_on=decided,
            note="",
            version=loan.version,
        )
        writes.append((time.perf_counter() - t0) * 1000 / 3)
    return district, coordinator, writes


def measure(client, url: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        district, coordinator, writes = build(args.agreements)
        client = Client()
        client.force_login(coordinator.user)
        page = reverse("funds:fund", args=[district.code])
        trivial = reverse("core:health")
        for _ in range(10):
            measure(client, page)
            measure(client, trivial)
        with CaptureQueriesContext(connection) as ctx:
            measure(client, page)
        queries = len(ctx.captured_queries)
        fund_ms: list[float] = []
        trivial_ms: list[float] = []
        for _ in range(args.requests):
            fund_ms.append(measure(client, page))
            trivial_ms.append(measure(client, trivial))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    med_f, med_t = statistics.median(fund_ms), statistics.median(trivial_ms)
    entries = 1 + 2 * args.agreements
    result = (
        f"## Area-fund page (`funds:fund`), {args.agreements} loans\n\n"
        f"`bench/funds_page.py --agreements {args.agreements} --requests {args.requests}`, "
        f"commit {commit()}, {vendor}, Django test client in one process (whole stack, no HTTP "
        f"server). Machine: {machine()}, shared with other work. One district fund with a "
        f"budget and {args.agreements} loans, each with a repayment and hours: {entries} fund "
        f"entries and {args.agreements} agreements; the page shows 25 agreements and 50 "
        f"entries (running balance over all of them).\n\n"
        "| view | median ms | p95 ms |\n| --- | ---: | ---: |\n"
        f"| fund page | {med_f:.1f} | {p95(fund_ms):.1f} |\n"
        f"| trivial `/health/` (same client, same run) | {med_t:.1f} | {p95(trivial_ms):.1f} |\n\n"
        f"Ratio of medians (fund page / trivial): {med_f / med_t:.1f}. SQL per fund page: "
        f"{queries}, whatever the number of agreements. Ledger writes through the services "
        f"(loan, repayment, hours; each locks the fund row or bumps the agreement version): "
        f"median {statistics.median(writes):.1f} ms per write.\n\n"
        f"Load average during the run: {os.getloadavg()[0]:.1f} on {machine()}.\n"
    )
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
