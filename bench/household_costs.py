"""One household's cost page against the trivial ``/health/`` view, in one process, in one run.

Creates a throw-away database (``test_<name>`` next to the one in ``DATABASE_URL``; PostgreSQL
intended), migrates it, writes one household of the world the tests use with ``--lines`` cost
lines over three years (every tenth corrected by a counter-entry), logs the team coordinator
in through Django's test client and then requests, in turns, the cost page
(``/huishoudens/<id>/kosten/``, pages 1 and 2 of the ledger alternately) and ``/health/``
``--requests`` times each. Prints median and p95 latency of both, their ratio, the SQL per cost
page, and writes a Markdown section with ``--markdown``. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_household \\
        uv run python bench/household_costs.py --lines 500 --requests 400 \\
        --markdown /tmp/bench_household.md

The test client runs the whole Django stack (middleware, sessions, the gate and its access-log
insert, templates) but no HTTP server; the trivial view is measured the same way, so the ratio
compares like with like.
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


def build(lines: int):
    """One household, two members, the coordinator assigned; ``lines`` lines over three years."""
    from nabij.access.gate import Actor
    from nabij.access.models import Assignment
    from nabij.costs import services
    from nabij.costs.models import CostLine, FundingStream, Payer, Source, Unit
    from nabij.tests import factories as f

    team = f.TeamFactory(name="Bench team")
    household = f.HouseholdFactory(name="Bench household", team=team)
    for first in ("Karima", "Noor"):
        f.MembershipFactory(household=household, resident=f.ResidentFactory(first_name=first))
    coordinator = f.ProfessionalFactory(user__username="bench", team=team, coordinator=True)
    f.AssignmentFactory(household=household, professional=coordinator,
                        kind=Assignment.Kind.COORDINATOR)  # fmt: skip
    actor = Actor(user=coordinator.user, professional=coordinator)
    orgs = [f.OrganisationFactory(name=f"Bench org {i}") for i in range(9)]
    streams, payers = list(FundingStream.values), list(Payer.values)
    rows = []
    today = dt.datetime.now(tz=dt.UTC).date()
    for i in range(lines):
        start = dt.date(today.year - 2 + i % 3, 1 + i % 12, 1)
        rows.append(
            CostLine(
                household=household,
                provider=orgs[i % len(orgs)],
                stream=streams[i % len(streams)],
                payer=payers[i % len(payers)],
                description=f"Bench line {i}",
                period_start=start,
                period_end=start + dt.timedelta(days=27),
                volume=Decimal(10),
                unit=Unit.HOUR,
                unit_price_cents=5_000 + i,
                amount_cents=10 * (5_000 + i),
                source=Source.MANUAL,
                recorded_by=coordinator.user,
            )
        )
    created = CostLine.objects.bulk_create(rows)
    for line in created[::10]:
        services.cost_line_correct(actor=actor, line=line, reason="bench correction")
    return household, coordinator


CPU_MS: dict[str, list[float]] = {}


def measure(client, url: str, kind: str = "") -> float:
    """Wall-clock ms of one request; its CPU ms in this process are kept under ``kind``."""
    c0, t0 = time.process_time(), time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    if kind:
        CPU_MS.setdefault(kind, []).append((time.process_time() - c0) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def phases(household, coordinator, rounds: int) -> dict[str, float]:
    """Median ms of each step of the page, in-process: where the time goes."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from nabij.access import gate
    from nabij.costs import selectors

    steps: dict[str, list[float]] = {
        "gate (household read, access-log insert and commit)": [],
        "figures (one aggregate query)": [],
        "ledger page (count and 25 lines)": [],
        "template": [],
    }
    names = list(steps)
    request = RequestFactory().get("/")
    request.user = coordinator.user
    actor = gate.Actor(user=coordinator.user, professional=coordinator)
    for _ in range(rounds):
        t0 = time.perf_counter()
        h = gate.household_for(actor, household.pk, event="costs.read")
        t1 = time.perf_counter()
        costs = selectors.household_costs(h)
        t2 = time.perf_counter()
        page = Paginator(selectors.household_lines(h), 25).get_page(1)
        rows = selectors.line_rows(page.object_list)
        t3 = time.perf_counter()
        context = {
            "household": h,
            "costs": costs,
            "by_stream": costs.by_stream,
            "by_payer": costs.by_payer,
            "bars": selectors.trend_bars(costs.by_year),
            "chart_width": selectors.CHART_WIDTH,
            "chart_height": selectors.CHART_HEIGHT,
            "chart_base": selectors.CHART_BASE,
            "professional_count": 1,
            "page": page,
            "rows": rows,
        }
        render_to_string("costs/household.html", context, request=request)
        t4 = time.perf_counter()
        for name, (a, b) in zip(names, ((t0, t1), (t1, t2), (t2, t3), (t3, t4)), strict=True):
            steps[name].append((b - a) * 1000)
    return {name: statistics.median(values) for name, values in steps.items()}


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--requests", type=int, default=400)
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
        household, coordinator = build(args.lines)
        client = Client()
        client.force_login(coordinator.user)
        page = reverse("costs:household", args=[household.pk])
        urls = [page, page + "?page=2"]
        trivial = reverse("core:health")
        for _ in range(20):  # warm: templates compiled, connection open, caches filled
            measure(client, urls[0])
            measure(client, trivial)
        with CaptureQueriesContext(connection) as ctx:
            measure(client, page)
        queries = len(ctx.captured_queries)
        costs_ms: list[float] = []
        trivial_ms: list[float] = []
        for i in range(args.requests):
            costs_ms.append(measure(client, urls[i % 2], "costs"))
            trivial_ms.append(measure(client, trivial, "trivial"))
        steps = phases(household, coordinator, max(20, args.requests // 5))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    med_c, med_t = statistics.median(costs_ms), statistics.median(trivial_ms)
    result = (
        f"## Household cost page (`costs:household`), {args.lines} lines\n\n"
        f"`bench/household_costs.py --lines {args.lines} --requests {args.requests}`, "
        f"commit {commit()}, {vendor}, Django test client in one process (whole stack: "
        f"middleware, session, gate with its access-log insert, template; no HTTP server). "
        f"Machine: {machine()}, shared with other work. {args.lines} lines over three years, "
        f"every tenth cancelled by a counter-entry; ledger pages 1 and 2 alternately.\n\n"
        "| view | median ms | p95 ms |\n| --- | ---: | ---: |\n"
        f"| cost page | {med_c:.1f} | {p95(costs_ms):.1f} |\n"
        f"| trivial `/health/` (same client, same run) | {med_t:.1f} | {p95(trivial_ms):.1f} |\n\n"
        f"CPU time in the Django process per request (median; excludes waiting for the CPU and "
        f"PostgreSQL's own work): cost page {statistics.median(CPU_MS['costs']):.1f} ms, "
        f"trivial view {statistics.median(CPU_MS['trivial']):.1f} ms.\n\n"
        f"Ratio of medians (cost page / trivial): {med_c / med_t:.1f}. SQL per cost page: "
        f"{queries}, whatever the number of lines. Target: under 50 ms on PostgreSQL "
        f"({'met' if med_c < 50 else 'not met'} at the median, "
        f"{'met' if p95(costs_ms) < 50 else 'not met'} at p95).\n\n"
        "Where the time goes (median ms per step, in-process, same run):\n\n"
        "| step | ms |\n| --- | ---: |\n"
        + "".join(f"| {name} | {ms:.1f} |\n" for name, ms in steps.items())
        + f"\nLoad average during the run: {os.getloadavg()[0]:.1f} on {machine()}.\n"
    )
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
