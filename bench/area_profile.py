"""An area profile and the indicator map against the trivial ``/health/`` view, in one run.

Runs on a generated city (``uv run nabij demo --households 50000 --with-costs`` in the database
of ``DATABASE_URL``; see bench/README.md). ``--setup`` adds, once, what the pages read:
``--years`` years of ``--indicators`` indicators for the country, the municipality, its 22
districts and 134 neighbourhoods (marked synthetic), and the records behind Nabij's own figures
that a generated city lacks (plan changes, coercion threats, breakthroughs). Then it logs the
analyst in through Django's test client and requests, in turns, ``--requests`` times each:

- ``profile``: a district's profile (``/gebieden/WK008020/``), own figures kept (the usual case:
  they are computed once per few minutes);
- ``profile, own figures cold``: the same with nothing kept (``OUTCOMES_OWN_FIGURES_MAX_AGE=0``),
  so every request computes every own figure over the 50,000 households (fewer requests);
- ``neighbourhood profile``, the ``map`` by a CBS indicator over 134 neighbourhoods, the map of
  an own figure, the printable SVG, and ``/health/``.

Prints median and p95 of each, the ratio of medians to ``/health/``, the SQL per page, and
writes a Markdown section with ``--markdown``.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_bench
    uv run python bench/area_profile.py --setup --requests 200 --markdown /tmp/bench_area.md
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

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

# The machine and commit lines every bench prints (bench/ is on the path when run as a script).
from funds_page import commit, machine  # noqa: E402

BENCH_TABLE = "BENCH"
DISTRICT = "WK008020"
NEIGHBOURHOOD = "BU00802003"


def setup(years: int, indicators: int) -> str:
    """Indicator values and own-figure records, once (a second run finds them)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from nabij.areas.models import District, Municipality, Neighbourhood
    from nabij.outcomes import catalogue
    from nabij.outcomes.models import (
        Indicator,
        IndicatorImport,
        IndicatorValue,
        Question,
        area_level_of,
    )
    from nabij.people.models import Household
    from nabij.plans.models import Breakthrough, CoercionThreat, Plan, PlanChange

    if IndicatorImport.objects.filter(table_id=BENCH_TABLE).exists():
        return "already set up"
    rng = random.Random(2026)
    municipality = Municipality.objects.get(code="GM0080")
    codes = ["NL00", municipality.code]
    codes += list(District.objects.filter(municipality=municipality).values_list("code", flat=True))
    codes += list(
        Neighbourhood.objects.filter(district__municipality=municipality).values_list(
            "code", flat=True
        )
    )
    today = timezone.localdate()
    with transaction.atomic():
        defined = []
        for position, (code, entry) in enumerate(catalogue.CATALOGUE.items()):
            defined.append(
                Indicator.objects.update_or_create(
                    code=code,
                    defaults={
                        "name": code,
                        "unit": "%",
                        "decimals": 1,
                        "question": entry.question,
                        "direction": entry.direction,
                        "position": position,
                    },
                )[0]
            )
        for n in range(len(defined), indicators):
            defined.append(
                Indicator.objects.update_or_create(
                    code=f"BenchContext{n}",
                    defaults={"name": f"Context {n}", "question": Question.CONTEXT},
                )[0]
            )
        rows = []
        for year in range(2024 - years + 1, 2025):
            batch = IndicatorImport.objects.create(
                table_id=BENCH_TABLE, period=year, format="demo", source="CBS"
            )
            for indicator in defined:
                for code in codes:
                    if indicator.code == "MateVanStedelijkheid":
                        value = Decimal(1 + rng.randrange(5))
                    elif indicator.code == "AantalInwoners":
                        value = Decimal(rng.randint(500, 20000))
                    else:
                        value = Decimal(rng.randint(0, 10000)) / 100
                    rows.append(
                        IndicatorValue(
                            indicator=indicator,
                            area_code=code,
                            area_level=area_level_of(code),
                            period=year,
                            value=value,
                            quality="synthetic",
                            batch=batch,
                        )
                    )
        IndicatorValue.objects.bulk_create(rows, batch_size=5000)

        # What a generated city lacks for the own figures: plan changes (a first goal), open
        # coercion threats and breakthroughs, spread over the households.
        user = get_user_model().objects.filter(username="analist").first()
        plans = list(Plan.objects.values_list("pk", "household_id"))
        changes = []
        for plan_id, _household in plans[::2]:
            changes.append(
                PlanChange(
                    plan_id=plan_id,
                    version=1000,
                    changed_by=user,
                    event="goal_added",
                    snapshot={},
                )
            )
        made = PlanChange.objects.bulk_create(changes, batch_size=5000)
        # ``changed_at`` is set on insert (auto_now_add): spread the moments over 20 months
        # afterwards, a tenth of the changes per statement.
        for k in range(10):
            PlanChange.objects.filter(pk__in=[c.pk for c in made[k::10]]).update(
                changed_at=F("changed_at") - dt.timedelta(days=60 * k)
            )
        households = list(Household.objects.values_list("pk", flat=True))
        CoercionThreat.objects.bulk_create(
            CoercionThreat(household_id=h, kind="eviction", deadline=today)
            for h in households[::33]
        )
        Breakthrough.objects.bulk_create(
            Breakthrough(
                household_id=h,
                blocked="x",
                rule="y",
                decision="z",
                decided_on=today - dt.timedelta(days=rng.randint(0, 200)),
                cost_cents=rng.randint(100, 100_000),
                recorded_by=user,
            )
            for h in households[::97]
        )
    return f"{len(rows):,} values, {len(changes):,} plan changes"


CPU: dict[str, list[float]] = {}


def measure(client, url: str) -> float:
    """Wall-clock ms of one request; its CPU ms in this process go to ``CPU[url]``."""
    t0, c0 = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    CPU.setdefault(url, []).append((time.process_time() - c0) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--cold", type=int, default=10, help="requests with own figures cold")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from nabij.outcomes import figures
    from nabij.outcomes.models import IndicatorValue
    from nabij.people.models import Household

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    done = setup(args.years, args.indicators) if args.setup else "not set up here"
    households = Household.objects.count()
    values = IndicatorValue.objects.filter(current=True).count()
    client = Client()
    client.force_login(get_user_model().objects.get(username="analist"))
    pages: dict[str, str] = {
        "district profile": reverse("outcomes:profile", args=[DISTRICT]),
        "neighbourhood profile": reverse("outcomes:profile", args=[NEIGHBOURHOOD]),
        "map, CBS indicator, 134 neighbourhoods": reverse("outcomes:map")
        + "?indicator=PersonenPerSoortUitkeringBijstand&niveau=buurt",
        "map, own figure, 134 neighbourhoods": reverse("outcomes:map")
        + "?indicator=nabij-zrm-financien&niveau=buurt",
        "map as SVG file": reverse("outcomes:map_svg")
        + "?indicator=PersonenPerSoortUitkeringBijstand&niveau=buurt",
        "trivial /health/": reverse("core:health"),
    }
    for url in pages.values():
        for _ in range(3):
            measure(client, url)
    queries: dict[str, int] = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as ctx:
            measure(client, url)
        queries[name] = len(ctx.captured_queries)
    times: dict[str, list[float]] = {name: [] for name in pages}
    CPU.clear()
    for _ in range(args.requests):
        for name, url in pages.items():
            times[name].append(measure(client, url))

    cold: list[float] = []
    settings.OUTCOMES_OWN_FIGURES_MAX_AGE = 0
    with CaptureQueriesContext(connection) as ctx:
        measure(client, pages["district profile"])
    cold_queries = len(ctx.captured_queries)
    cold_trivial: list[float] = []
    for _ in range(args.cold):
        figures.forget()
        cold.append(measure(client, pages["district profile"]))
        cold_trivial.append(measure(client, pages["trivial /health/"]))

    trivial = statistics.median(times["trivial /health/"])
    lines = [
        "### Area profile and indicator map",
        "",
        f"`bench/area_profile.py --requests {args.requests} --cold {args.cold}`, commit "
        f"{commit()}, {connection.vendor}, Django test client in one process (whole stack, no "
        f"HTTP server), logged in as the analyst. City: {households:,} households "
        f"(`nabij demo --households 50000 --with-costs`), {values:,} current indicator values "
        f"({args.indicators} indicators, {args.years} years, country, municipality, 22 "
        f"districts, 134 neighbourhoods; setup: {done}). Machine: {machine()}, shared with "
        "other work.",
        "",
        "| page | median ms | p95 ms | ratio to /health/ | CPU ms (median) | SQL |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, url in pages.items():
        med = statistics.median(times[name])
        cpu = statistics.median(CPU[url][: args.requests])
        lines.append(
            f"| {name} | {med:.1f} | {p95(times[name]):.1f} | {med / trivial:.1f} | "
            f"{cpu:.1f} | {queries[name]} |"
        )
    cold_median = statistics.median(cold)
    lines.append(
        f"| district profile, own figures cold ({args.cold} requests) | {cold_median:.1f} | "
        f"{max(cold):.1f} (max) | {cold_median / statistics.median(cold_trivial):.1f} | "
        f"{statistics.median(CPU[pages['district profile']][-args.cold :]):.1f} | "
        f"{cold_queries} |"
    )
    lines += [
        "",
        "Targets: an area profile under 100 ms, the indicator map over 134 neighbourhoods "
        "under 100 ms. CPU ms: time on the CPU in the Django process per request (excludes "
        "waiting for a core and PostgreSQL's own work), steadier than the wall clock on a "
        "shared machine. Nabij's own figures are computed for the whole municipality at once "
        "and kept for a few minutes (`outcomes.figures.own_figures`); the cold row is the "
        "request that computes them (most of it in PostgreSQL: the self-reliance query reads "
        "every score).",
        "",
        f"Load average during the run: {os.getloadavg()[0]:.1f} on {machine()}.",
    ]
    result = "\n".join(lines) + "\n"
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
