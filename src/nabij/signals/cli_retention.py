"""``nabij signals retention [--date YYYY-MM-DD]``: the daily retention job of Vroegsignalering,
for cron where no ``nabij worker`` runs (the worker runs it by itself once a day).

Exit 0: done, or already done today (the counts of that run are printed); 2: bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "signals",
        help="early signals of payment arrears (vroegsignalering)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="signals_command", required=True)
    retention = sub.add_parser(
        "retention",
        help="delete signals and cases that led to no help, past the retention period",
        description="Once a day; a second run that day changes nothing.",
    )
    retention.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        help="run as on this day (ISO, default today); for tests and catching up",
    )
    retention.set_defaults(func=run_retention_command)


def run_retention_command(args: argparse.Namespace) -> int:
    from nabij.cli import _data_dir, _setup

    _data_dir().mkdir(parents=True, exist_ok=True)
    _setup()
    from django.utils import timezone

    from nabij.signals.retention import run_retention, system_actor

    today = args.date or timezone.localdate()
    run, did = run_retention(today=today, actor=system_actor("cli"))
    what = "Opgeschoond" if did else "Vandaag al opgeschoond"
    print(
        f"{what} op {run.run_on.isoformat()} (alles wat eindigde voor {run.cutoff.isoformat()}): "
        f"{run.signals_deleted} signalen, {run.cases_deleted} zaken, "
        f"{run.attempts_deleted} contactpogingen verwijderd.",
        file=sys.stdout,
    )
    return 0
