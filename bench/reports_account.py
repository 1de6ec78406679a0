"""The area account (verantwoording): the story check against a large register, the team's edit
page and the public page against the trivial ``/health/`` view, and the PDF, in one process.

Creates a throw-away database (``test_<name>`` next to the one in ``DATABASE_URL``, or an
SQLite one), writes a register of ``--residents`` residents (names from the demo's lists) and
``--streets`` streets with addresses, and one district's account with ``--stories`` stories of
about 250 words each, all through the services. Then, in turns, ``--requests`` times each:

- the story check of the whole account, the register read included (``account_check``);
- the team's edit page (``reports:account``, which runs the check and the figures);
- the published page (``reports:public``, from the frozen publication);
- ``/health/``, the trivial view, with the same client.

Also the PDF made from scratch (WeasyPrint) and served once kept. Prints medians, p95, the
ratios to ``/health/`` and the SQL per page; ``--markdown`` writes the section for
``docs/benchmarks.md``. The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_bench_account \\
        uv run python bench/reports_account.py --residents 100000 --requests 50 \\
        --markdown /tmp/bench_reports.md
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
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

PARAGRAPH = (
    "Een moeder met drie kinderen had schulden en acht verschillende hulpverleners, die elk een "
    "eigen plan hadden. Ze maakte haar post niet meer open, uit angst voor wat erin zat. Op de "
    "vraag wat voor haar het belangrijkste was, zei ze: de schulden. Dat werd het eerste doel in "
    "één gezamenlijk plan, o.a. met hulp van een tante en bijv. de buurvrouw. "
)


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


def register(residents: int, streets: int) -> None:
    """Residents with names from the demo's lists and addresses on ``streets`` streets."""
    from nabij.areas.models import Address
    from nabij.demo import names
    from nabij.people.models import Resident
    from nabij.tests import factories as f

    firsts = names.FIRST_NAMES_FEMALE + names.FIRST_NAMES_MALE
    lasts = names.LAST_NAMES
    born = dt.date(1980, 1, 1)

    def suffix(n: int) -> str:  # "", "a", "b", ... "aa": many distinct, mostly rare names
        out = ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(97 + r) + out
        return out

    batch = [
        Resident(
            first_name=firsts[i % len(firsts)],
            last_name=lasts[i % len(lasts)] + suffix(i // len(lasts)),
            date_of_birth=born,
        )
        for i in range(residents)
    ]
    Resident.objects.bulk_create(batch, batch_size=5_000)
    hood = f.NeighbourhoodFactory()
    Address.objects.bulk_create(
        [
            Address(
                neighbourhood=hood,
                postcode=f"{1000 + i // 26:04d} {chr(65 + i % 26)}A",
                street=f"Benchstraat{i}",
                house_number=1 + i % 200,
                city="Leeuwarden",
            )
            for i in range(streets)
        ],
        batch_size=5_000,
    )


def build(stories: int):
    from nabij.access.gate import Actor
    from nabij.reports import services
    from nabij.tests import factories as f

    team = f.TeamFactory(name="Bench team")
    household = f.HouseholdFactory(name="Bench household", team=team)
    district = household.neighbourhood.district
    team.districts.add(district)
    writer = f.ProfessionalFactory(user__username="benchwriter", team=team)
    reviewer = f.ProfessionalFactory(user__username="benchlead", team=team, coordinator=True)
    w = Actor(user=writer.user, professional=writer)
    account = services.account_start(actor=w, district=district, year=2025)
    services.sections_save(
        actor=w,
        account=account,
        expected_version=account.version,
        intro=PARAGRAPH,
        lessons=PARAGRAPH,
        changes=PARAGRAPH,
    )
    for i in range(stories):
        services.story_add(
            actor=w,
            account=account,
            expected_version=account.version,
            kind="initiative",
            title=f"Verhaal {i + 1}",
            text="\n\n".join([PARAGRAPH] * 4),
        )
    services.submit(actor=w, account=account, expected_version=account.version)
    services.publish(
        actor=Actor(user=reviewer.user, professional=reviewer),
        account=account,
        expected_version=account.version,
    )
    services.reopen(
        actor=Actor(user=reviewer.user, professional=reviewer),
        account=account,
        expected_version=account.version,
    )
    account.refresh_from_db()
    return account, writer


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def get(client, url: str):
    def run() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    return run


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--streets", type=int, default=2_000)
    parser.add_argument("--stories", type=int, default=6)
    parser.add_argument("--requests", type=int, default=50)
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
        register(args.residents, args.streets)
        account, writer = build(args.stories)
        from nabij.reports import pdf, selectors

        words = sum(len(s.text.split()) for s in account.stories.all()) + 3 * len(PARAGRAPH.split())
        client = Client()
        client.force_login(writer.user)
        code, year = account.district.code, account.year
        views = {
            "story check (register read included)": lambda: selectors.account_check(account),
            "edit page (check and figures)": get(
                client, reverse("reports:account", args=[code, year])
            ),
            "published page": get(client, reverse("reports:public", args=[code, year])),
            "trivial `/health/`": get(client, reverse("core:health")),
        }
        for fn in views.values():
            for _ in range(3):
                fn()
        queries = {}
        for name in ("edit page (check and figures)", "published page"):
            with CaptureQueriesContext(connection) as ctx:
                views[name]()
            queries[name] = len(ctx.captured_queries)
        times: dict[str, list[float]] = {name: [] for name in views}
        for _ in range(args.requests):
            for name, fn in views.items():
                times[name].append(timed(fn))
        render = [timed(lambda: pdf.render_pdf(account)) for _ in range(3)]
        pdf_url = reverse("reports:pdf", args=[code, year])
        first = timed(get(client, pdf_url))
        kept = [timed(get(client, pdf_url)) for _ in range(20)]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    trivial = statistics.median(times["trivial `/health/`"])
    rows = "\n".join(
        f"| {name} | {statistics.median(v):.1f} | {p95(v):.1f} | "
        f"{statistics.median(v) / trivial:.1f} | {queries.get(name, '-')} |"
        for name, v in times.items()
    )
    result = (
        f"### Area accounts (verantwoording)\n\n"
        f"`bench/reports_account.py --residents {args.residents} --streets {args.streets} "
        f"--stories {args.stories} --requests {args.requests}`, commit {commit()}, {vendor}, "
        f"Django test client in one process (whole stack, no HTTP server). Machine: "
        f"{machine()}, shared with other work. A register of {args.residents:,} residents and "
        f"{args.streets:,} streets; one account with {args.stories} stories, {words:,} words "
        f"checked in all.\n\n"
        "| view | median ms | p95 ms | / trivial | SQL |\n| --- | ---: | ---: | ---: | ---: |\n"
        f"{rows}\n\n"
        f"PDF made by WeasyPrint from the frozen publication: median "
        f"{statistics.median(render):.0f} ms (3 runs); its first request {first:.0f} ms (made "
        f"and kept), then {statistics.median(kept):.1f} ms (served as kept).\n\n"
        f"Load average during the run: {os.getloadavg()[0]:.1f} on {machine()}.\n"
    )
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
