"""The area budget pages and API against the trivial ``/health/`` view, in one process, one run.

Creates a throw-away database (``test_<name>`` next to the one in ``DATABASE_URL``; PostgreSQL
intended), migrates it, and builds a municipality of ``--districts`` districts with
``--households`` households, each with municipality-paid cost lines in one to three of the
budget's funding streams for the year (bulk-written: the ledger is the input, not what is
measured), and a budget per district set through the service. Logs a policy analyst in and
requests, ``--requests`` times each in turns: the overview (``/gebiedsbudget/``), one district
(``/gebiedsbudget/<code>/``), the API (``/api/v1/areas/<code>/budget``) and ``/health/``. Prints
median and p95 of each, the ratio to ``/health/``, the SQL per request, the time of the
suppression step alone, and writes a Markdown section with ``--markdown``. The database is
dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_budget \\
        uv run python bench/area_budget.py --districts 22 --households 20000 --requests 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from funds_page import SRC, commit, machine, measure, p95

sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def build(districts: int, households: int, year: int, seed: int, periods: int = 1):
    """The municipality, its households and cost lines, and a budget per district."""
    from nabij.access.gate import Actor
    from nabij.areas.models import Address
    from nabij.costs.models import CostLine, Payer, Source, Unit
    from nabij.funds import services, services_budget
    from nabij.funds.models import BUDGET_STREAMS
    from nabij.people.models import Household
    from nabij.tests import factories as f

    rng = random.Random(seed)
    municipality = f.MunicipalityFactory(code="GM9999", name="Benchstad")
    admin = f.ProfessionalFactory(user__username="benchadmin", administrator=True)
    analyst = f.ProfessionalFactory(user__username="benchanalyst", analyst=True)
    team = f.TeamFactory(name="Bench team")
    provider = f.OrganisationFactory(name="Bench provider")
    actor = Actor(user=admin.user, professional=admin)
    area = []
    for i in range(districts):
        district = f.DistrictFactory(
            municipality=municipality, code=f"WK9999{i:02d}", name=f"Wijk {i}", inhabitants=6000
        )
        team.districts.add(district)
        hoods = [
            f.NeighbourhoodFactory(district=district, code=f"BU9999{i:02d}{j:02d}")
            for j in range(3)
        ]
        services.fund_ensure(district)
        area.append((district, hoods))
    places = [area[n % districts][1][n % 3] for n in range(households)]
    addresses = Address.objects.bulk_create(
        (
            Address(neighbourhood=hood, postcode="9999 AA", street="Benchstraat",
                    house_number=n + 1, city="Benchstad")
            for n, hood in enumerate(places)
        ),
        batch_size=2_000,
    )  # fmt: skip
    Household.objects.bulk_create(
        (
            Household(name=f"H{n}", address=address, neighbourhood=hood, team=team)
            for n, (address, hood) in enumerate(zip(addresses, places, strict=True))
        ),
        batch_size=2_000,
    )
    lines: list[CostLine] = []
    written = 0
    for household in Household.objects.filter(team=team).only("pk"):
        for stream in rng.sample(BUDGET_STREAMS, rng.randint(1, 3)):
            cents = rng.randint(100, 20_000) * 100
            for period in range(periods):  # 12: monthly declarations, as providers send them
                month = period + 1 if periods == 12 else rng.randint(1, 12)
                lines.append(
                    CostLine(
                        household_id=household.pk,
                        provider=provider,
                        stream=stream,
                        payer=Payer.MUNICIPALITY,
                        period_start=dt.date(year, month, 1),
                        period_end=dt.date(year, month, 28),
                        volume=Decimal(1),
                        unit=Unit.MONTH,
                        unit_price_cents=cents,
                        amount_cents=cents,
                        source=Source.MANUAL,
                    )
                )
        if len(lines) >= 50_000:
            CostLine.objects.bulk_create(lines, batch_size=5_000)
            written += len(lines)
            lines = []
    CostLine.objects.bulk_create(lines, batch_size=5_000)
    written += len(lines)
    for district, _hoods in area:
        services_budget.area_budget_set(
            actor=actor,
            district=district,
            year=year,
            lines={s: 500 * 100 * 6000 for s in BUDGET_STREAMS},
            expected_version=0,
        )
    return area[0][0], analyst, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=22)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--periods", type=int, default=1, help="lines per service in the year (12: monthly)"
    )
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from nabij.access.services import api_token_create
    from nabij.funds import selectors_budget

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    vendor = connection.vendor
    year = timezone.localdate().year
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        district, analyst, line_count = build(
            args.districts, args.households, year, args.seed, args.periods
        )
        built_s = time.perf_counter() - t0
        if vendor == "postgresql":  # statistics, as autovacuum keeps them in a running database
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(analyst.user)
        token = api_token_create(user=analyst.user, name="bench")
        urls = {
            "overview `/gebiedsbudget/`": reverse("funds:area_budgets"),
            "district `/gebiedsbudget/<code>/`": reverse("funds:area_budget", args=[district.code]),
            "API `/api/v1/areas/<code>/budget`": f"/api/v1/areas/{district.code}/budget",
            "trivial `/health/`": reverse("core:health"),
        }
        api_headers = {"Authorization": f"Bearer {token}"}

        def get(url: str) -> float:
            if url.startswith("/api/"):
                t = time.perf_counter()
                response = client.get(url, headers=api_headers)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                return (time.perf_counter() - t) * 1000
            return measure(client, url)

        for _ in range(5):
            for url in urls.values():
                get(url)
        queries = {}
        for label, url in urls.items():
            with CaptureQueriesContext(connection) as ctx:
                get(url)
            queries[label] = len(ctx.captured_queries)
        times: dict[str, list[float]] = {label: [] for label in urls}
        for _ in range(args.requests):
            for label, url in urls.items():
                times[label].append(get(url))
        districts = selectors_budget._districts(district.municipality)
        cells, per_district = selectors_budget.realised_exact(districts, year)
        suppression_ms, sql_ms = [], []
        for _ in range(20):
            t = time.perf_counter()
            selectors_budget.realised_exact(districts, year)
            sql_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            selectors_budget.realised_table(districts, year)
            suppression_ms.append((time.perf_counter() - t) * 1000)
        if os.environ.get("BENCH_EXPLAIN"):
            from django.db.models import F, Sum

            from nabij.costs.models import CostLine, Payer
            from nabij.funds.models import BUDGET_STREAMS

            qs = (  # the inner query of ``realised_exact``, one stream column shown
                CostLine.objects.filter(
                    payer=Payer.MUNICIPALITY,
                    stream__in=BUDGET_STREAMS,
                    period_start__gte=dt.date(year, 1, 1),
                    period_start__lt=dt.date(year + 1, 1, 1),
                    household__neighbourhood__district_id__in=[d.pk for d in districts],
                )
                .values(
                    "stream", "household_id", district=F("household__neighbourhood__district_id")
                )
                .annotate(t=Sum("amount_cents"))
                .order_by()
            )
            print(qs.explain(analyze=True))
        table = selectors_budget.realised_table(districts, year)
        hidden = sum(cell.suppressed for cell in table.values())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    trivial = statistics.median(times["trivial `/health/`"])
    rows = "".join(
        f"| {label} | {statistics.median(ms):.1f} | {p95(ms):.1f} | "
        f"{statistics.median(ms) / trivial:.1f} | {queries[label]} |\n"
        for label, ms in times.items()
    )
    result = (
        f"`bench/area_budget.py --districts {args.districts} --households {args.households} "
        f"--periods {args.periods} --requests {args.requests}`, commit {commit()}, {vendor}, "
        "Django test client in one process (whole stack, no HTTP server), a policy analyst. "
        f"{args.districts} districts, {args.households:,} households with {line_count:,} "
        f"municipality-paid cost lines in the year (built in {built_s:.0f} s), "
        "a budget per district.\n\n"
        "| request | median ms | p95 ms | ratio to `/health/` | SQL |\n"
        "| --- | ---: | ---: | ---: | ---: |\n"
        f"{rows}\n"
        f"The realised table alone (one DuckDB query on the cost ledger's snapshot, the heuristic "
        f"suppression and the exact check of every sum): median "
        f"{statistics.median(suppression_ms):.1f} ms, of which the query "
        f"{statistics.median(sql_ms):.1f} ms, for {len(cells)} cells in "
        f"{len(per_district)} districts, {hidden} entries hidden. Machine: {machine()}, shared "
        f"with other work; load average {os.getloadavg()[0]:.1f}.\n"
    )
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
