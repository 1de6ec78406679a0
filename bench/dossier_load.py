"""Household dossier throughput and latency against a trivial view, on one server, in one run.

Logs in as the team coordinator (who sees every household of the team), then drives
``--clients`` keep-alive connections from this process against three views: household
dossier pages (``/huishoudens/<id>/`` of random households of that team) and the trivial
``/health/`` with the session cookie and without it. Each view gets ``--warmup`` seconds,
then ``--duration`` measured seconds, taken in ``--rounds`` short windows in turns so that
other work on a shared machine weighs on every view alike. Prints requests/s, median and
p95 latency, the dossier/trivial throughput ratio, the machine and who used its CPU. With
``--queries N`` it also renders N dossiers in-process and reports the SQL per page, to show
where the time goes.

Only ever talks to 127.0.0.1, and every phase is bounded in time. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"  # never anything else
MAX_PHASE_SECONDS = 300
SETTLE = 1.0  # seconds of unmeasured load before each window: connections open, caches warm
REQUEST_TIMEOUT = 30.0
SRC = Path(__file__).resolve().parent.parent / "src"


# --- machine and set-up --------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": usable,
        "cpu_model": model.group(1).strip() if model else platform.processor(),
        "memory_gib": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def code_version() -> dict[str, Any]:
    """The commit measured, and whether the working tree differed from it."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--untracked-files=no", "--", "src")
    return {
        "commit": git("rev-parse", "--short", "HEAD") or None,
        "src_changed_since_commit": bool(changed),
    }


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
    os.environ.pop("NABIJ_ENV", None)
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    import django

    django.setup()


def team_households(username: str, sample: int, seed: int) -> tuple[list[int], int, str]:
    """A random sample of the coordinator's team households, the team size and its name."""
    from django.db import connection

    from nabij.access.models import Professional
    from nabij.people.models import Household

    professional = Professional.objects.select_related("team").get(user__username=username)
    if professional.team is None:
        raise SystemExit(f"{username} is not in a district team.")
    ids = list(Household.objects.filter(team=professional.team).values_list("pk", flat=True))
    if not ids:
        raise SystemExit(f"The team of {username} has no households: generate the city first.")
    chosen = random.Random(seed).sample(ids, min(sample, len(ids)))
    name = professional.team.name
    connection.close()
    return chosen, len(ids), name


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    connection.close()
    return version


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def listens_on(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the listening socket on ``port`` (so that a server
    someone else runs on the same port is never measured by mistake)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = str(fd.readlink())
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if (
                    fields[3] == "0A"
                    and int(fields[1].rsplit(":", 1)[1], 16) == port
                    and fields[9] in inodes
                ):
                    return True
    return False


@contextlib.contextmanager
def gunicorn(*, port: int, workers: int, threads: int, database_url: str) -> Iterator[int]:
    """Start gunicorn on 127.0.0.1 with production-like settings; stop it (by its pid) after."""
    env = {k: v for k, v in os.environ.items() if k not in {"NABIJ_ENV", "DJANGO_DEBUG"}}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(40),
        LOG_LEVEL="WARNING",
        NABIJ_DATA_DIR=tempfile.mkdtemp(prefix="nabij-bench-"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")])),
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "nabij.config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "-k",
        "gthread",
        "--keep-alive",
        "30",
        "--timeout",
        "60",
        # The default control socket is one per user: another gunicorn would collide with it.
        "--no-control-socket",
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}")
            try:
                status, _ = fetch(port, "/health/")
                if status == 200 and listens_on(process.pid, port):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer /health/ on port {port} within 60 s")
            time.sleep(0.3)
        yield process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- HTTP ----------------------------------------------------------------------------------


def fetch(
    port: int,
    path: str,
    *,
    method: str = "GET",
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPResponse]:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, response


def cookies_from(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str, password: str) -> str:
    """Log in through the real form (CSRF token and cookie); returns the session cookie."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    conn.request("GET", "/inloggen/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = cookies_from(response).get("csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not csrf_cookie or not token:
        raise SystemExit("No CSRF token on the login page.")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    )
    conn.request(
        "POST",
        "/inloggen/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://{HOST}:{port}/inloggen/",
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    session = cookies_from(response).get("sessionid")
    if response.status != 302 or not session:
        raise SystemExit(f"Login as {username} failed (HTTP {response.status}).")
    if urllib.parse.urlsplit(response.headers.get("Location", "")).path == "/inloggen/code/":
        session = second_step(port, username, csrf_cookie=csrf_cookie, session=session)
    return session


def second_step(port: int, username: str, *, csrf_cookie: str, session: str) -> str:
    """The two-factor step of a team coordinator (issue 8), with the demo account's current
    code (``nabij totp``). A code works once: if this 30-second step's code was used already
    (a run just before), wait for the next one and try once more."""
    from nabij.demo.two_factor import demo_totp_code

    for attempt in range(2):
        if attempt:
            time.sleep(30 - time.time() % 30 + 0.5)
        code = demo_totp_code(username)
        cookie = f"csrftoken={csrf_cookie}; sessionid={session}"
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        conn.request("GET", "/inloggen/code/", headers={"Cookie": cookie})
        response = conn.getresponse()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
        if response.status != 200 or not token:
            raise SystemExit(f"No code step for {username} (HTTP {response.status}).")
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "code": code})
        conn.request(
            "POST",
            "/inloggen/code/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"http://{HOST}:{port}/inloggen/code/",
            },
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        logged_in = cookies_from(response).get("sessionid")
        if response.status == 302 and logged_in:
            return logged_in
    raise SystemExit(f"The second step for {username} failed (HTTP {response.status}).")


# --- load ----------------------------------------------------------------------------------


def _cpu_line() -> list[float]:
    path = Path("/proc/stat")
    if not path.exists():
        return [0.0] * 8
    return [float(x) for x in path.read_text().splitlines()[0].split()[1:9]]


def busy_ticks() -> float:
    """Machine-wide busy CPU time in clock ticks from /proc/stat (0 where there is none):
    everything but idle, iowait and steal."""
    fields = _cpu_line()
    return sum(fields[:7]) - fields[3] - fields[4]


def iowait_ticks() -> float:
    """Idle time with disk I/O outstanding: a server waiting for fsync shows up here."""
    return _cpu_line()[4]


def wait_for_quiet(max_wait: float, *, busy_below: float = 20.0, window: float = 10.0) -> float:
    """Wait (at most ``max_wait`` s) until the machine is mostly idle for ``window`` seconds,
    so that a shared machine's other work does not end up in the figures. Returns the busy
    share of the last window, in percent of all cores."""
    cores = os.cpu_count() or 1
    ticks = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + max_wait
    while True:
        before = busy_ticks()
        time.sleep(window)
        busy = 100 * (busy_ticks() - before) / ticks / (window * cores)
        if busy < busy_below or time.monotonic() >= deadline:
            return round(busy, 1)
        print(f"machine {busy:.0f}% busy; waiting for it to quieten…", flush=True)


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()  # fields from "state" on; the name may hold spaces


def process_cpu_seconds(pids: list[int]) -> dict[int, float]:
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        fields = _stat(pid)
        if fields:
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return found


def process_tree(root: int) -> list[int]:
    """The root and its children (gunicorn master and workers)."""
    pids = [root]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == root:
                pids.append(int(entry.name))
    return pids


def database_backends() -> list[int]:
    """PostgreSQL backends serving this database (the server's connections), if PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


class CpuSampler:
    """CPU seconds of the gunicorn processes and of this database's PostgreSQL backends,
    sampled every half second in a thread while a window is measured.

    Sampled, not read twice, because Django recycles database connections (CONN_MAX_AGE):
    a backend that starts during the window counts from zero, one that ends keeps what it
    had at the last sample. What is left of the machine's busy time is "other" work.
    """

    def __init__(self, server_pid: int | None) -> None:
        self.server_pid = server_pid
        self.first: dict[str, dict[int, float]] = {"server": {}, "database": {}}
        self.last: dict[str, dict[int, float]] = {"server": {}, "database": {}}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._primed = False

    def _sample(self) -> None:
        current = {
            "server": process_cpu_seconds(process_tree(self.server_pid)) if self.server_pid else {},
            "database": process_cpu_seconds(database_backends()),
        }
        for kind, values in current.items():
            for pid, seconds in values.items():
                # A process first seen after the window began was born inside it.
                self.first[kind].setdefault(pid, seconds if not self._primed else 0.0)
                self.last[kind][pid] = seconds
        self._primed = True

    def _run(self) -> None:
        from django.db import connection

        self._sample()
        while not self._stop.wait(0.5):
            self._sample()
        connection.close()  # this thread's own connection

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self._sample()
        return {
            kind: sum(self.last[kind][pid] - first for pid, first in values.items())
            for kind, values in self.first.items()
        }


@dataclass
class Window:
    """The raw outcome of one measured window of one phase."""

    seconds: float
    latencies: list[float]
    statuses: Counter[str]
    errors: int
    cpu: dict[str, float]  # CPU seconds: busy, server, database, generator


@dataclass
class PhaseResult:
    name: str
    seconds: float
    requests: int
    errors: int
    statuses: dict[str, int]
    requests_per_second: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    # Shares of all cores together during the measured windows; "other" is everything else
    # running on the machine (other users, PostgreSQL background processes).
    machine_cpu_busy_percent: float
    machine_iowait_percent: float
    server_cpu_percent: float | None
    database_cpu_percent: float
    load_generator_cpu_percent: float
    other_cpu_percent: float | None
    # CPU time per successful request: what a request costs, whatever else the machine did.
    server_cpu_ms_per_request: float | None
    database_cpu_ms_per_request: float

    @classmethod
    def of(cls, name: str, windows: list[Window], *, server_known: bool) -> PhaseResult:
        seconds = sum(w.seconds for w in windows)
        latencies = sorted(x for w in windows for x in w.latencies)
        statuses: Counter[str] = Counter()
        for w in windows:
            statuses.update(w.statuses)
        if len(latencies) < 2:
            raise SystemExit(f"{name}: fewer than two successful requests ({dict(statuses)}).")
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        available = seconds * (os.cpu_count() or 1)

        def share(kind: str) -> float:
            return round(100 * sum(w.cpu[kind] for w in windows) / available, 1)

        def per_request(kind: str) -> float:
            return round(1000 * sum(w.cpu[kind] for w in windows) / len(latencies), 2)

        busy, server = share("busy"), share("server")
        database, generator = share("database"), share("generator")
        return cls(
            name=name,
            seconds=seconds,
            requests=len(latencies),
            errors=sum(w.errors for w in windows),
            statuses=dict(statuses),
            requests_per_second=len(latencies) / seconds,
            median_ms=statistics.median(latencies) * 1000,
            p95_ms=cuts[94] * 1000,
            p99_ms=cuts[98] * 1000,
            max_ms=latencies[-1] * 1000,
            machine_cpu_busy_percent=busy,
            machine_iowait_percent=share("iowait"),
            server_cpu_percent=server if server_known else None,
            database_cpu_percent=database,
            load_generator_cpu_percent=generator,
            other_cpu_percent=round(busy - server - database - generator, 1)
            if server_known
            else None,
            server_cpu_ms_per_request=per_request("server") if server_known else None,
            database_cpu_ms_per_request=per_request("database"),
        )


@dataclass
class _Worker:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: int = 0


def _client(
    port: int,
    paths: list[str],
    cookie: str | None,
    seed: int,
    start: threading.Event,
    record_from: list[float],
    stop_at: list[float],
    out: _Worker,
) -> None:
    rng = random.Random(seed)
    headers = {"Connection": "keep-alive"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    start.wait()
    while True:
        now = time.monotonic()
        if now >= stop_at[0]:
            break
        path = rng.choice(paths)
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            status = "error"
        elapsed = time.perf_counter() - began
        if record_from[0] <= now < stop_at[0]:  # only requests started inside the window
            out.statuses[status] += 1
            if status == "200":
                out.latencies.append(elapsed)
            else:
                out.errors += 1
    conn.close()


def measure(
    *,
    port: int,
    paths: list[str],
    cookie: str | None,
    clients: int,
    warmup: float,
    duration: float,
    seed: int,
    server_pid: int | None,
) -> Window:
    """``clients`` threads for ``warmup`` + ``duration`` seconds; only the latter counts."""
    start = threading.Event()
    workers = [_Worker() for _ in range(clients)]
    record_from, stop_at = [0.0], [0.0]
    threads = [
        threading.Thread(
            target=_client,
            args=(port, paths, cookie, seed + i, start, record_from, stop_at, workers[i]),
            daemon=True,
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    t0 = time.monotonic()
    record_from[0], stop_at[0] = t0 + warmup, t0 + warmup + duration
    start.set()
    time.sleep(max(0.0, record_from[0] - time.monotonic()))
    sampler = CpuSampler(server_pid)
    busy0, iowait0, own0 = busy_ticks(), iowait_ticks(), own_cpu_seconds()
    sampler.start()
    time.sleep(max(0.0, stop_at[0] - time.monotonic()))
    busy1, iowait1, own1 = busy_ticks(), iowait_ticks(), own_cpu_seconds()
    processes = sampler.stop()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT + 5)
    statuses: Counter[str] = Counter()
    for w in workers:
        statuses.update(w.statuses)
    return Window(
        seconds=duration,
        latencies=[x for w in workers for x in w.latencies],
        statuses=statuses,
        errors=sum(w.errors for w in workers),
        cpu={
            "busy": (busy1 - busy0) / os.sysconf("SC_CLK_TCK"),
            "iowait": (iowait1 - iowait0) / os.sysconf("SC_CLK_TCK"),
            "generator": own1 - own0,
            **processes,
        },
    )


# --- queries per dossier page --------------------------------------------------------------


def profile_queries(username: str, household_ids: list[int]) -> dict[str, Any]:
    """Render dossiers in-process and time their SQL: where does a dossier's time go?

    Each query is timed around the driver call (an execute wrapper), which is finer than
    Django's query log (rounded to the millisecond).
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page_queries: list[tuple[str, float]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            page_queries.append((sql, (time.perf_counter() - began) * 1000))

    counts, sql_ms, total_ms = [], [], []
    shapes: Counter[str] = Counter()
    shape_ms: defaultdict[str, float] = defaultdict(float)
    with connection.execute_wrapper(timed):
        for household_id in household_ids:
            page_queries.clear()
            began = time.perf_counter()
            response = client.get(f"/huishoudens/{household_id}/")
            total_ms.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"Dossier {household_id}: HTTP {response.status_code}")
            counts.append(len(page_queries))
            sql_ms.append(sum(ms for _, ms in page_queries))
            for sql, ms in page_queries:
                shape = re.sub(r"\b\d+\b", "?", re.sub(r"'[^']*'", "'?'", sql))[:160]
                shapes[shape] += 1
                shape_ms[shape] += ms
    n = len(household_ids)
    return {
        "pages": n,
        "queries_min": min(counts),
        "queries_median": statistics.median(counts),
        "queries_max": max(counts),
        "sql_ms_median": round(statistics.median(sql_ms), 2),
        "page_ms_median": round(statistics.median(total_ms), 2),
        "slowest_query_shapes": [
            {
                "per_page": round(shapes[s] / n, 2),
                "ms_per_page": round(shape_ms[s] / n, 3),
                "sql": s,
            }
            for s in sorted(shape_ms, key=shape_ms.__getitem__, reverse=True)[:8]
        ],
    }


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="the database with the synthetic city (default: $DATABASE_URL)",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="start gunicorn on 127.0.0.1:--port for the run, stop it after",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="with --serve: default a free port; without: the server's port",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument(
        "--rounds",
        type=int,
        default=6,
        help="split --duration into this many windows per view, taken in turns",
    )
    parser.add_argument("--username", default="teamleider")
    parser.add_argument("--password", default="nabij-demo-2026")
    parser.add_argument(
        "--sample", type=int, default=2000, help="how many of the team's households to draw from"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--queries",
        type=int,
        default=0,
        help="also render N dossiers in-process and report their SQL",
    )
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        metavar="SECONDS",
        help="first wait up to this long for the machine to be idle",
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    if not (0 < args.duration <= MAX_PHASE_SECONDS and 0 <= args.warmup <= MAX_PHASE_SECONDS):
        parser.error(f"duration and warm-up must lie within {MAX_PHASE_SECONDS} s")
    if not 1 <= args.clients <= 100:
        parser.error("between 1 and 100 clients")
    if not 1 <= args.rounds <= 60:
        parser.error("between 1 and 60 rounds")

    if args.serve and not args.port:
        args.port = free_port()
    elif not args.port:
        parser.error("without --serve, give the --port of the server to measure")
    if not 0 <= args.wait_idle <= 3600:
        parser.error("wait at most 3600 s for an idle machine")
    idle_before = wait_for_quiet(args.wait_idle) if args.wait_idle else None
    django_setup(args.database_url)
    household_ids, team_size, team_name = team_households(args.username, args.sample, args.seed)
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "code": code_version(),
        "database": database_version(),
        "server": {
            "port": args.port,
            "gunicorn_workers": args.workers,
            "threads": args.threads,
            "worker_class": "gthread",
            "started_by_bench": args.serve,
        },
        "load": {
            "clients": args.clients,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "settle_s_per_window": SETTLE,
            "user": args.username,
            "team": team_name,
            "team_households": team_size,
            "households_sampled": len(household_ids),
        },
        "machine_busy_percent_before_start": idle_before,
    }
    print(
        f"{result['date']}  {result['database']}  {result['machine']}  {result['code']}", flush=True
    )
    print(
        f"{args.username} ({team_name}): {team_size:,} households, sampling {len(household_ids):,}",
        flush=True,
    )

    server = (
        gunicorn(
            port=args.port,
            workers=args.workers,
            threads=args.threads,
            database_url=args.database_url,
        )
        if args.serve
        else contextlib.nullcontext(0)
    )
    with server as server_pid:
        cookie = login(args.port, args.username, args.password)
        # The trivial view twice: with the session cookie (the same middleware work as the
        # dossier: the security-headers middleware reads request.user, so session and user
        # are loaded) and without it (the bare framework). The ratio uses the first.
        plan = (
            ("dossier", [f"/huishoudens/{pk}/" for pk in household_ids], cookie),
            ("trivial", ["/health/"], cookie),
            ("trivial-anonymous", ["/health/"], None),
        )
        common = {
            "port": args.port,
            "clients": args.clients,
            "seed": args.seed,
            "server_pid": server_pid or None,
        }
        print(f"warm-up: {args.warmup:.0f} s per view", flush=True)
        for _, paths, session in plan:
            measure(paths=paths, cookie=session, warmup=0, duration=args.warmup, **common)
        # Short windows taken in turns, so that load from elsewhere on a shared machine falls
        # on every view alike instead of on whichever phase it happened to coincide with.
        windows: dict[str, list[Window]] = {name: [] for name, _, _ in plan}
        slice_seconds = args.duration / args.rounds
        for round_number in range(1, args.rounds + 1):
            print(
                f"round {round_number}/{args.rounds}: {slice_seconds:.1f} s per view, "
                f"{args.clients} clients",
                flush=True,
            )
            for name, paths, session in plan:
                windows[name].append(
                    measure(
                        paths=paths, cookie=session, warmup=SETTLE, duration=slice_seconds, **common
                    )
                )
        phases = [
            PhaseResult.of(name, windows[name], server_known=bool(server_pid))
            for name, _, _ in plan
        ]
    dossier, trivial, anonymous = phases
    result["phases"] = [asdict(p) for p in phases]
    result["ratio_dossier_to_trivial"] = round(
        dossier.requests_per_second / trivial.requests_per_second, 3
    )
    result["ratio_dossier_to_trivial_anonymous"] = round(
        dossier.requests_per_second / anonymous.requests_per_second, 3
    )
    result["targets"] = {
        "dossier_at_least_quarter_of_trivial": result["ratio_dossier_to_trivial"] >= 0.25,
        "dossier_p95_under_150_ms": dossier.p95_ms < 150,
    }
    if args.queries:
        result["queries"] = profile_queries(args.username, household_ids[: args.queries])

    print()
    print("| view | requests | requests/s | median ms | p95 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in phases:
        print(
            f"| {p.name} | {p.requests} | {p.requests_per_second:.1f} | {p.median_ms:.1f} "
            f"| {p.p95_ms:.1f} | {p.p99_ms:.1f} | {p.errors} |"
        )
    print("\nCPU, as a share of all cores during the measured window:")
    print(
        "| view | machine busy | iowait | gunicorn | PostgreSQL backends | load generator "
        "| other | gunicorn CPU ms/request | PostgreSQL CPU ms/request |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in phases:
        print(
            f"| {p.name} | {p.machine_cpu_busy_percent}% | {p.machine_iowait_percent}% "
            f"| {p.server_cpu_percent}% "
            f"| {p.database_cpu_percent}% | {p.load_generator_cpu_percent}% "
            f"| {p.other_cpu_percent}% | {p.server_cpu_ms_per_request} "
            f"| {p.database_cpu_ms_per_request} |"
        )
    print(
        f"\ndossier / trivial throughput: {result['ratio_dossier_to_trivial']:.3f} "
        f"(against the anonymous trivial view: "
        f"{result['ratio_dossier_to_trivial_anonymous']:.3f})"
    )
    for target, met in result["targets"].items():
        print(f"  {target}: {'met' if met else 'NOT met'}")
    if args.queries:
        q = result["queries"]
        print(
            f"\nqueries per dossier page over {q['pages']} pages: min {q['queries_min']}, "
            f"median {q['queries_median']}, max {q['queries_max']}; "
            f"median SQL {q['sql_ms_median']} ms of {q['page_ms_median']} ms in-process"
        )
        for shape in q["slowest_query_shapes"]:
            print(
                f"  {shape['ms_per_page']:7.3f} ms/page  {shape['per_page']:5.2f} x "
                f"{shape['sql'][:110]}"
            )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
