"""A district's area plan (gebiedsplan) page and API against the trivial ``/health/`` view, in one
process, one run; and the cost of a versioned write (lock, check, change, snapshot, history).

Creates a throw-away database (``test_<name>`` next to the one in ``DATABASE_URL``; PostgreSQL
intended, SQLite works), migrates it, and builds one district with a team and a plan of
``--goals`` goals (spread over the four questions, each with ``--actions`` actions and ten years
of figures for its indicator), every goal and action written through the services, so the
plan's history holds one row with a snapshot per change. Then it logs a team coordinator in and
requests the plan page (``/gebieden/<code>/plannen/<year>/``), the plan in the API and
``/health/`` ``--requests`` times each, in turns. Prints median and p95 of each, the ratios of
the medians, the SQL per page, the time per write, and writes a Markdown section with
``--markdown``. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_plan \\
        uv run python bench/area_plan_page.py --goals 16 --actions 4 --requests 200 \\
        --markdown /tmp/bench_area_plan.md
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from funds_page import commit, machine, p95  # noqa: E402 - the same machine line and p95

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

QUESTIONS = (
    ("school", "lower_better"),
    ("work", "higher_better"),
    ("finance", "lower_better"),
    ("safety", "lower_better"),
)


def build(goals: int, actions: int):
    """A district, its team's coordinator, and a plan with ``goals`` x ``actions``."""
    from django.utils import timezone

    from nabij.access.gate import Actor
    from nabij.outcomes import services_plans as services
    from nabij.tests import factories as f

    team = f.TeamFactory(name="Bench team")
    district = f.DistrictFactory(code="WK008050", name="Bench district")
    team.districts.add(district)
    coordinator = f.ProfessionalFactory(user__username="bench", team=team, coordinator=True)
    actor = Actor(user=coordinator.user, professional=coordinator)
    year = timezone.localdate().year
    batch = {p: f.IndicatorImportFactory(period=p) for p in range(year - 11, year - 1)}
    plan = services.plan_create(actor=actor, district=district, year=year, summary="Bench")
    writes: list[float] = []
    for i in range(goals):
        question, direction = QUESTIONS[i % 4]
        indicator = f.IndicatorFactory(
            code=f"Bench{i}", question=question, direction=direction, unit="%"
        )
        for period, b in batch.items():
            f.IndicatorValueFactory(
                indicator=indicator,
                area_code=district.code,
                period=period,
                value=Decimal(20 + (period % 7)),
                batch=b,
            )
        t0 = time.perf_counter()
        goal = services.goal_save(
            actor=actor,
            plan=plan,
            expected_version=plan.version,
            data=services.GoalData(
                question=question,
                text=f"Bench goal {i}",
                indicator_id=indicator.pk,
                target_value=Decimal(15 if direction == "lower_better" else 30),
                target_year=year + 4,
                baseline_value=Decimal(22),
                baseline_period=year - 5,
            ),
        )
        writes.append((time.perf_counter() - t0) * 1000)
        for j in range(actions):
            t0 = time.perf_counter()
            services.action_save(
                actor=actor,
                plan=plan,
                expected_version=plan.version,
                data=services.ActionData(
                    description=f"Bench action {i}.{j}",
                    by=("team", "partner", "initiative")[j % 3],
                    by_name="" if j % 3 == 0 else "Partner",
                    goal_id=goal.pk,
                ),
            )
            writes.append((time.perf_counter() - t0) * 1000)
    return district, coordinator, plan, writes


def measure(client, url: str, **headers: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=16)
    parser.add_argument("--actions", type=int, default=4)
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

    from nabij.access.services import api_token_create

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        district, coordinator, plan, writes = build(args.goals, args.actions)
        changes = plan.changes.count()
        client = Client()
        client.force_login(coordinator.user)
        token = api_token_create(user=coordinator.user, name="bench")
        auth = {"Authorization": f"Bearer {token}"}
        page = reverse("outcomes:area_plan", args=[district.code, plan.year])
        api = f"/api/v1/areas/{district.code}/plans/{plan.year}"
        trivial = reverse("core:health")
        for _ in range(10):
            measure(client, page)
            measure(client, api, **auth)
            measure(client, trivial)
        with CaptureQueriesContext(connection) as ctx:
            measure(client, page)
        page_queries = len(ctx.captured_queries)
        with CaptureQueriesContext(connection) as ctx:
            measure(client, api, **auth)
        api_queries = len(ctx.captured_queries)
        page_ms: list[float] = []
        api_ms: list[float] = []
        trivial_ms: list[float] = []
        for _ in range(args.requests):
            page_ms.append(measure(client, page))
            api_ms.append(measure(client, api, **auth))
            trivial_ms.append(measure(client, trivial))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    med_p, med_a, med_t = (statistics.median(x) for x in (page_ms, api_ms, trivial_ms))
    n_actions = args.goals * args.actions
    result = (
        f"#### Area plan page and API, {args.goals} goals, {n_actions} actions\n\n"
        f"`bench/area_plan_page.py --goals {args.goals} --actions {args.actions} --requests "
        f"{args.requests}`, commit {commit()}, {vendor}, Django test client in one process "
        f"(whole stack, no HTTP server). Machine: {machine()}, shared with other work. One "
        f"plan of {args.goals} goals over the four questions, {n_actions} actions, ten years of "
        f"figures per indicator, {changes} history rows with snapshots.\n\n"
        "| view | median ms | p95 ms | SQL |\n| --- | ---: | ---: | ---: |\n"
        f"| plan page | {med_p:.1f} | {p95(page_ms):.1f} | {page_queries} |\n"
        f"| plan in the API | {med_a:.1f} | {p95(api_ms):.1f} | {api_queries} |\n"
        f"| trivial `/health/` (same client, same run) | {med_t:.1f} | {p95(trivial_ms):.1f} "
        "| 0 |\n\n"
        f"Ratio of medians to the trivial view: page {med_p / med_t:.1f}, API "
        f"{med_a / med_t:.1f}. Versioned writes through the services (lock the plan, check "
        f"the version, change, count up, snapshot the whole plan into the history): median "
        f"{statistics.median(writes):.1f} ms, p95 {p95(writes):.1f} ms, the last "
        f"{statistics.median(writes[-10:]):.1f} ms (the snapshot grows with the plan).\n\n"
        f"Load average during the run: {os.getloadavg()[0]:.1f} on {machine()}.\n"
    )
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
