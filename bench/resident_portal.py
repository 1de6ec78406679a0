"""Mijn Nabij for a household with a long access log: the resident's home, "Wie keek in ons
dossier" and the full export, against the trivial ``/health/`` view, in one process, in one run.

Creates a throw-away database (``test_<name>`` next to the one in ``DATABASE_URL`` on PostgreSQL;
a file in a temporary directory on SQLite), migrates it, and writes one household: a mother
with parental authority, her partner and two children under 16, ten professionals assigned,
200 plan changes (40 goals, four actions each, through the plan services), and access-log rows
over two years by the professionals and the household itself, four rows per read (one per
member). First with ``--small`` rows (1,000), to count the queries, then topped up to ``--rows``
(100,000): the same pages must cost the same number of queries.

The mother signs in (Django's test client, ``force_login``: a fresh DigiD login) and requests,
in turns, ``/mijn/`` (home), ``/mijn/inzage/`` (the newest page), ``/mijn/inzage/?pagina=...``
(an older page) and ``/health/``, ``--requests`` times each. Then the full export (JSON
streamed to the end, and the printable page) ``--exports`` times. Prints medians and p95,
the queries per page at both sizes, the plan of the log queries, the machine, and writes a
Markdown section with ``--markdown``. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_rights \\
        uv run python bench/resident_portal.py --markdown /tmp/bench_portal_pg.md
    uv run python bench/resident_portal.py --markdown /tmp/bench_portal_sqlite.md  # SQLite

The test client runs the whole Django stack (middleware, session, the gate with its access-log
inserts, templates) but no HTTP server; the trivial view is measured the same way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def busy_share(window: float = 10.0) -> float:
    """The machine's busy CPU over ``window`` seconds, in percent of all cores (/proc/stat)."""

    def ticks() -> tuple[float, float]:
        fields = [float(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
        return sum(fields), fields[3] + fields[4]

    total0, idle0 = ticks()
    time.sleep(window)
    total1, idle1 = ticks()
    return 100 * (1 - (idle1 - idle0) / max(total1 - total0, 1))


def wait_for_quiet(max_wait: float) -> float:
    """Wait (at most ``max_wait`` s) until other work uses under 25% of the machine, so that a
    shared machine's other users weigh less on the figures. Returns the last busy share."""
    deadline = time.monotonic() + max_wait
    while True:
        busy = busy_share()
        if busy < 25 or time.monotonic() >= deadline or not Path("/proc/stat").exists():
            return round(busy, 1)
        print(f"machine {busy:.0f}% busy; waiting for it to quieten...", flush=True)


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


# --- The household --------------------------------------------------------------------------------


def build() -> dict[str, Any]:
    """The household, its members, professionals and plan (200 changes); no log rows yet."""
    from nabij.access.digid import resident_user_for_bsn
    from nabij.access.gate import Actor
    from nabij.access.models import Assignment
    from nabij.people.models import Membership
    from nabij.plans import services as plans
    from nabij.tests import factories as f

    today = dt.datetime.now(tz=dt.UTC).date()
    team = f.TeamFactory(name="Bench team")
    household = f.HouseholdFactory(name="Bench household", team=team)
    mother = f.ResidentFactory(first_name="Gladys", last_name="Bench")
    partner = f.ResidentFactory(first_name="Partner", last_name="Bench")
    kids = [
        f.ResidentFactory(first_name=name, date_of_birth=today.replace(year=today.year - age))
        for name, age in (("Naomi", 10), ("Elijah", 7))
    ]
    f.MembershipFactory(household=household, resident=mother, parental_authority=True)
    f.MembershipFactory(household=household, resident=partner, role=Membership.Role.PARTNER)
    for kid in kids:
        f.MembershipFactory(household=household, resident=kid, role=Membership.Role.CHILD)
    pros = [f.ProfessionalFactory(user__username=f"bench{i}", team=team) for i in range(10)]
    for i, pro in enumerate(pros):
        kind = Assignment.Kind.COORDINATOR if i == 0 else Assignment.Kind.INVOLVED
        f.AssignmentFactory(household=household, professional=pro, kind=kind)
    coordinator = Actor(user=pros[0].user, professional=pros[0])
    version = 1
    for g in range(40):
        goal = plans.goal_add(
            actor=coordinator, household=household, expected_version=version, text=f"Doel {g}"
        )
        version += 1
        for a in range(4):
            plans.action_add(
                actor=coordinator,
                household=household,
                expected_version=version,
                goal_id=goal.pk,
                description=f"Actie {g}.{a}",
                actor_kind="household",
            )
            version += 1
    user = resident_user_for_bsn(None, mother.bsn)
    assert user is not None
    members = [mother.pk, partner.pk, *(k.pk for k in kids)]
    return {"household": household, "user": user, "pros": pros, "members": members}


EVENTS = ["dossier.view"] * 6 + ["plan.view"] * 3 + ["assessment.view", "costs.read"]


def add_rows(world: dict[str, Any], count: int, *, seed: int) -> None:
    """``count`` access-log rows over two years: reads of ten professionals, four rows each
    (one per member), working hours; a few refused."""
    from nabij.access.gate import Actor
    from nabij.access.history import entry_at, insert_dated

    rng = random.Random(seed)
    now = dt.datetime.now(tz=dt.UTC)
    pros = world["pros"]
    actors = [Actor(user=p.user, professional=p) for p in pros]

    def rows():
        for _ in range(count // len(world["members"])):
            at = now - dt.timedelta(days=rng.randrange(730), minutes=rng.randrange(24 * 60))
            who = rng.randrange(len(actors))
            refused = rng.random() < 0.01
            for resident_id in world["members"]:
                yield entry_at(
                    at,
                    actors[who],
                    event=rng.choice(EVENTS),
                    outcome="refused" if refused else "granted",
                    purpose="care",
                    resident_id=resident_id,
                    household_id=world["household"].pk,
                )

    insert_dated(rows())


# --- Measuring ------------------------------------------------------------------------------------


def get(client, url: str, *, stream: bool = False) -> tuple[float, int]:
    """Wall-clock ms of one request (a streamed body read to its end) and its size."""
    t0 = time.perf_counter()
    response = client.get(url)
    size = len(b"".join(response.streaming_content)) if stream else len(response.content)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, size


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        get(client, url)
    return len(ctx.captured_queries)


def older_page(client) -> str:
    token = client.get("/api/v1/me/access-log").json()["next_cursor"]
    return f"/mijn/inzage/?pagina={token}" if token else "/mijn/inzage/"


def explain(world: dict[str, Any]) -> list[str]:
    """The plans of the log page's two queries (the window bound and the grouping)."""
    from django.db import connection

    from nabij.access import selectors_residents as s
    from nabij.access.history import LogRow as AccessLogEntry

    ids = [world["members"][0], *world["members"][2:]]
    captured: list[str] = []
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        s.log_page(ids)
    table = AccessLogEntry._meta.db_table
    for query in ctx.captured_queries:
        sql = query["sql"]
        if table in sql and ("GROUP BY" in sql or "OFFSET" in sql):
            captured.append(sql)
    out = []
    with connection.cursor() as cursor:
        for sql in captured:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            out.append("\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--exports", type=int, default=5)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--wait-idle", type=float, default=0, help="wait up to N s for quiet")
    args = parser.parse_args()

    import django
    from django.conf import settings

    if "DATABASE_URL" not in os.environ:  # SQLite: a file, as a real installation has
        folder = tempfile.mkdtemp(prefix="nabij-bench-portal-")
        os.environ["NABIJ_DATA_DIR"] = folder
    django.setup()
    from django.db import connection
    from django.test import Client

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(
            Path(os.environ["NABIJ_DATA_DIR"]) / "bench.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SHOW server_version" if vendor == "postgresql" else "SELECT sqlite_version()"
            )
            version = cursor.fetchone()[0]
        t0 = time.perf_counter()
        world = build()
        build_s = time.perf_counter() - t0
        client = Client()
        client.force_login(world["user"])
        pages = {"home": "/mijn/", "log": "/mijn/inzage/", "health": "/health/"}

        add_rows(world, args.small, seed=1)
        for _ in range(5):
            for url in pages.values():
                get(client, url)
        small = {name: queries(client, url) for name, url in pages.items()}
        small["log (older page)"] = queries(client, older_page(client))

        t0 = time.perf_counter()
        add_rows(world, args.rows - args.small, seed=2)
        rows_s = time.perf_counter() - t0
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE access_accesslogentry")
        from nabij.access.history import LogRow as AccessLogEntry

        total = AccessLogEntry.objects.filter(household_id=world["household"].pk).count()
        older = older_page(client)
        for _ in range(10):
            for url in [*pages.values(), older]:
                get(client, url)
        large = {name: queries(client, url) for name, url in pages.items()}
        large["log (older page)"] = queries(client, older)

        busy = wait_for_quiet(args.wait_idle) if args.wait_idle else None
        timings: dict[str, list[float]] = {
            "home": [],
            "log": [],
            "log (older page)": [],
            "health": [],
        }
        for _ in range(args.requests):
            timings["home"].append(get(client, "/mijn/")[0])
            timings["log"].append(get(client, "/mijn/inzage/")[0])
            timings["log (older page)"].append(get(client, older)[0])
            timings["health"].append(get(client, "/health/")[0])

        client.force_login(world["user"])  # the export needs a fresh DigiD login
        exports: dict[str, list[float]] = {
            "export JSON (streamed to the end)": [],
            "export page": [],
        }
        size = 0
        for _ in range(args.exports):
            ms, size = get(client, "/mijn/export.json", stream=True)
            exports["export JSON (streamed to the end)"].append(ms)
            exports["export page"].append(get(client, "/mijn/export/")[0])
        body = json.loads(b"".join(client.get("/mijn/export.json").streaming_content))
        exported_rows = body["access_log"]["count"]
        plans = explain(world)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    db = f"PostgreSQL {version}" if vendor == "postgresql" else f"SQLite {version}"
    lines = [
        f"#### {db} — {total:,} access-log rows, 200 plan changes",
        "",
        f"`bench/resident_portal.py --rows {args.rows} --requests {args.requests} --exports "
        f"{args.exports}`, commit {commit()}, Django test client in one process (whole stack: "
        f"middleware, session, the gate and its access-log inserts, templates; no HTTP "
        f"server). Machine: {machine()}, "
        + (f"{busy:.0f}% busy before measuring, " if busy is not None else "")
        + f"load average {os.getloadavg()[0]:.1f} at the end. "
        f"Setting up took {build_s:.0f} s (household, plan) and {rows_s:.0f} s (rows).",
        "",
        "| view | median ms | p95 ms | queries at "
        f"{args.small:,} rows | queries at {total:,} rows |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "home": "home `/mijn/`",
        "log": "Wie keek in ons dossier `/mijn/inzage/` (newest)",
        "log (older page)": "Wie keek in ons dossier, an older page",
        "health": "trivial `/health/` (same client, same run)",
    }
    for name, label in labels.items():
        values = timings[name]
        lines.append(
            f"| {label} | {statistics.median(values):.1f} | {p95(values):.1f} | "
            f"{small[name]} | {large[name]} |"
        )
    lines += [
        "",
        "| export | median ms | max ms |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {statistics.median(v):.0f} | {max(v):.0f} |" for name, v in exports.items()),
        "",
        f"The JSON holds {exported_rows:,} access-log rows (the mother's and her two young "
        f"children's; the partner's are his) and is {size / 1e6:.1f} MB.",
        "",
        "Plans of the log page's queries (the window bound, then the grouping):",
        "",
        *(f"```text\n{p}\n```\n" for p in plans),
    ]
    result = "\n".join(lines) + "\n"
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
