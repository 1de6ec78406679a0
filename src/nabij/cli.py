"""The ``nabij`` command: serve, demo, import, match, budget, and any Django management command
via ``manage``."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

DEFAULT_SETTINGS = "nabij.config.settings"


def _data_dir() -> Path:
    return Path(os.environ.get("NABIJ_DATA_DIR", Path.cwd() / "var")).resolve()


def _ensure_secret_key(data_dir: Path) -> None:
    """Keep a random secret key in the data directory so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ["SECRET_KEY"] = key_file.read_text().strip()


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def cmd_serve(args: argparse.Namespace) -> int:
    data_dir = _data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    _ensure_secret_key(data_dir)
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    from nabij.demo import services as demo_services
    from nabij.demo import two_factor as demo_two_factor
    from nabij.demo.residents_platform import demo_resident_lines

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # shared by the workers (DigiD's requests)
    if digid_at_start():
        print("nabij serve: DigiD is niet goed ingesteld (zie hierboven); de server start niet.")
        return 1
    demo = not settings.PRODUCTION  # the demo's passwords are public: never in production
    if demo and not demo_services.demo_is_loaded():
        print("Eerste start: demogemeente Leeuwarden laden…", flush=True)
        demo_services.demo_load()
    if demo:  # a demo loaded before two-factor login existed gets its authenticators too
        demo_two_factor.demo_second_factors_ensure()
    url = f"http://{args.host}:{args.port}/"
    print(f"\nNabij draait op {url}\n")
    if demo:
        print("Demo-inloggegevens (gebruikersnaam / wachtwoord):")
        for login in demo_services.DEMO_LOGINS:
            print(f"  {login.username:<14} {login.password:<22} {login.description}")
        print()
        for line in demo_two_factor.demo_second_factor_lines():
            print(line)
        print()
        for line in demo_resident_lines(url) or [
            "Demo-inwoners: geen (deze demo is van voor Mijn Nabij; verwijder de map "
            f"{data_dir} om hem opnieuw te laden)."
        ]:
            print(line)
    print("\nStoppen: Ctrl+C", flush=True)
    from django.db import connections

    from nabij.server import supervise

    connections.close_all()
    # The web server and the task workers run as fresh processes of their own: the demo load
    # above ran the matching solver (HiGHS's thread pool); a gunicorn arbiter forked from this
    # process gave its workers that pool's state, and they crashed (SIGSEGV) when they stopped.
    return supervise(
        web=[
            *_self_command(),
            "web",
            "--host",
            args.host,
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
        ],
        worker=[*_self_command(), "worker"],
        task_workers=settings.SERVE_TASK_WORKERS,
    )


def _self_command() -> list[str]:
    return [sys.executable, "-m", "nabij.cli"]


def cmd_web(args: argparse.Namespace) -> int:
    """The web server alone (``nabij serve`` starts it after setting up)."""
    _data_dir().mkdir(parents=True, exist_ok=True)
    _ensure_secret_key(_data_dir())
    _setup()
    from nabij.server import run_server

    run_server(host=args.host, port=args.port, workers=args.workers)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """A task worker: runs background jobs until stopped (Ctrl+C, SIGTERM)."""
    _data_dir().mkdir(parents=True, exist_ok=True)
    _ensure_secret_key(_data_dir())
    _setup()
    from nabij.jobs.worker import run_worker

    return run_worker(interval=args.interval)


def digid_at_start() -> int:
    """In production (``DIGID_MOCK`` off): DigiD's SAML configuration from the ``DIGID_*``
    variables, before serving; the exit status of ``digid_configure``. Without the variables
    the configuration stored before stays."""
    from django.conf import settings

    from nabij.access import digid_configure
    from nabij.access.management.commands.digid_configure import run

    if not settings.PRODUCTION or settings.DIGID_MOCK:
        return 0
    if not digid_configure.requested(os.environ):
        print("DigiD: geen DIGID_*-variabelen gezet; de opgeslagen DigiD-configuratie blijft.")
        return 0
    return run()


def cmd_demo(args: argparse.Namespace) -> int:
    data_dir = _data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    _setup()
    from django.core.management import call_command

    from nabij.demo import services as demo_services

    call_command("migrate", interactive=False, verbosity=0)
    try:
        if args.households:
            demo_services.demo_city_generate(
                households=args.households,
                seed=args.seed,
                progress=True,
                with_costs=args.with_costs,
            )
        else:
            demo_services.demo_load()
    except demo_services.DemoError as exc:
        print(f"nabij demo: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_totp(args: argparse.Namespace) -> int:
    """The current two-factor code of a demo account (only while it has the demo's secret)."""
    _data_dir().mkdir(parents=True, exist_ok=True)
    _setup()
    import time

    from nabij.demo.two_factor import DemoTwoFactorError, demo_totp_code

    try:
        code = demo_totp_code(args.username)
    except DemoTwoFactorError as exc:
        print(f"nabij totp: {exc}", file=sys.stderr)
        return 1
    seconds = 30 - int(time.time()) % 30
    print(code)
    print(f"(nog {seconds} s geldig; elke code werkt één keer)", file=sys.stderr)
    return 0


def cmd_import_costs(args: argparse.Namespace) -> int:
    _data_dir().mkdir(parents=True, exist_ok=True)
    _setup()
    from nabij.costs.imports.command import run

    return run(args.files, username=args.user)


def cmd_import_signals(args: argparse.Namespace) -> int:
    _data_dir().mkdir(parents=True, exist_ok=True)
    _setup()
    from nabij.signals.command import run

    return run(args.files, username=args.user)


def cmd_import_indicators(args: argparse.Namespace) -> int:
    _data_dir().mkdir(parents=True, exist_ok=True)
    _setup()
    from nabij.outcomes.imports.command import run

    return run(
        args.files,
        table=args.table,
        period=args.period,
        username=args.user,
        progress=args.progress,
    )


def cmd_manage(args: argparse.Namespace) -> int:
    _data_dir().mkdir(parents=True, exist_ok=True)
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nabij", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nabij", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="set up on first run and serve the web application")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser(
        "worker",
        help="run a task worker for background jobs (nabij serve starts one itself)",
        description="Runs matching runs, cost imports and closing votes that pages started. "
        "Stop with Ctrl+C or SIGTERM; a job it was running is taken up again by a worker later.",
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks for new jobs"
    )
    worker.set_defaults(func=cmd_worker)

    web = sub.add_parser("web", help=argparse.SUPPRESS)  # nabij serve's web server process
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8000)
    web.add_argument("--workers", type=int, default=2)
    web.set_defaults(func=cmd_web)

    demo = sub.add_parser("demo", help="load the demo municipality or a large synthetic city")
    demo.add_argument(
        "--households",
        type=int,
        default=0,
        help="generate a deterministic synthetic city of N households",
    )
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument(
        "--with-costs",
        action="store_true",
        help="give the synthetic city seeded cost lines (for the cost pages)",
    )
    demo.set_defaults(func=cmd_demo)

    totp = sub.add_parser(
        "totp",
        help="print the current two-factor code of a demo account "
        "(teamleider, verwijzer, beheerder)",
        description="Only for the demo accounts, and only while they keep the demo's secret.",
    )
    totp.add_argument("username")
    totp.set_defaults(func=cmd_totp)

    imports = sub.add_parser("import", help="import data files")
    import_sub = imports.add_subparsers(dest="what", required=True)
    costs = import_sub.add_parser(
        "costs",
        help="import cost lines (CSV, XLSX, JW323/WMO323): all files or nothing",
        description="Exit 0: imported; 1: findings, nothing imported; 2: unreadable file.",
    )
    costs.add_argument("files", nargs="+", metavar="FILE")
    costs.add_argument("--user", default="", help="the account the import is recorded for")
    costs.set_defaults(func=cmd_import_costs)
    signals = import_sub.add_parser(
        "signals",
        help="import arrears signals of creditors (Wgs art. 3a; CSV or XLSX): all files or nothing",
        description="Exit 0: imported (signals delivered before add nothing); 1: findings, "
        "nothing imported; 2: unreadable file or unknown --user. See docs/signals.md.",
    )
    signals.add_argument("files", nargs="+", metavar="FILE")
    signals.add_argument("--user", default="", help="the account the import is recorded for")
    signals.set_defaults(func=cmd_import_signals)
    indicators = import_sub.add_parser(
        "indicators",
        help="import CBS open data (OData TypedDataSet + DataProperties + TableInfos, or a "
        "StatLine CSV): everything checked first, then all or nothing",
        description="Exit 0: imported; 1: findings, nothing imported; 2: unreadable file or "
        "bad arguments. See docs/import-indicators.md.",
    )
    indicators.add_argument("files", nargs="+", metavar="FILE")
    indicators.add_argument("--table", default="", help="a CSV's table, e.g. 85984NED")
    indicators.add_argument("--period", default="", help="a CSV's year, e.g. 2024")
    indicators.add_argument("--user", default="", help="the account the import is recorded for")
    indicators.add_argument(
        "--progress", action="store_true", help="show the progress bar even when not a terminal"
    )
    indicators.set_defaults(func=cmd_import_indicators)

    from nabij.matching.cli import add_parser as add_match_parser

    add_match_parser(sub)  # pure: needs no database or Django setup

    from nabij.budgets.cli import add_parser as add_budget_parser

    add_budget_parser(sub)  # tally is pure; export sets Django up itself

    from nabij.practices.cli import add_parser as add_practices_parser

    add_practices_parser(sub)  # sets Django up itself
    from nabij.signals.cli_retention import add_parser as add_signals_parser

    add_signals_parser(sub)  # sets Django up itself

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
