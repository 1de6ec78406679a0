"""``nabij import indicators FILE...``: the command-line face of the indicator import.

Exit 0: every table imported (a summary line per table on stdout).
Exit 1: findings, one per line with its place on stderr; nothing was imported.
Exit 2: a file cannot be read (missing, not valid JSON), or the arguments do not fit (a CSV
without ``--table`` and ``--period``, a period that is not a year, an unknown ``--user``).
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

from django.contrib.auth.models import User

from nabij.costs.imports.findings import ImportRefused, print_refused
from nabij.costs.imports.progress import NoProgress, Progress
from nabij.outcomes.imports.tables import CSV, Unreadable, prepare, read
from nabij.outcomes.services import indicators_import

_TABLE_ID = re.compile(r"^[0-9A-Z]{5,12}$")
PROG = "nabij import indicators"


def run(
    paths: list[str],
    *,
    table: str = "",
    period: str = "",
    username: str = "",
    progress: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    user = None
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"{PROG}: no user named “{username}”.", file=err)
            return 2
    table = table.strip().upper()
    if table and not _TABLE_ID.match(table):
        print(f"{PROG}: --table “{table}” is not a CBS table id such as 85984NED.", file=err)
        return 2
    year: int | None = None
    if period:
        if not re.fullmatch(r"\d{4}", period.strip()):
            print(f"{PROG}: --period “{period}” is not a year such as 2024.", file=err)
            return 2
        year = int(period)
    try:
        files = [read(path) for path in paths]
    except Unreadable as exc:
        print(f"{exc.file}: {exc.message}", file=err)
        return 2
    csvs = [f.name for f in files if f.kind == CSV]
    if csvs and not (table and year):
        print(
            f"{PROG}: {csvs[0]} is a StatLine CSV: name its table and year with "
            "--table 85984NED --period 2024.",
            file=err,
        )
        return 2
    if table and not csvs:
        print(f"{PROG}: --table is for a StatLine CSV; JSON has its TableInfos.", file=err)
        return 2
    bar = _progress(err, progress)
    try:
        tables = prepare(files, table_id=table, period=year, progress=bar)
    except ImportRefused as refused:
        print_refused(refused, command=PROG, err=err)
        return 1
    summaries = indicators_import(tables, user=user, progress=bar)
    for summary in summaries:
        line = (
            f"{summary.table_id} {summary.period}: imported {summary.values:,} values for "
            f"{summary.areas:,} areas and {summary.indicators:,} indicators "
            f"(batch {summary.batch_id})"
        )
        if summary.replaced:
            line += "; replaces batch " + ", ".join(str(pk) for pk in summary.replaced)
        if summary.retired:
            line += f"; {summary.retired:,} values of other imports are now history"
        print(line + ".", file=out)
    return 0


def _progress(err: TextIO, forced: bool) -> Progress:
    """A bar on stderr when it is a terminal, or always with ``--progress``."""
    if forced:
        bar = Progress(err)
        bar.tty = True
        return bar
    if err.isatty():
        return Progress(err)
    return NoProgress()
