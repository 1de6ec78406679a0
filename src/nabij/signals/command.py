"""``nabij import signals FILE...``: the command-line face of the signal import.

Exit 0: every file imported (signals delivered before are counted as already known and add
nothing). Exit 1: findings, one per line on stderr; nothing written. Exit 2: a file cannot be
opened, or ``--user`` names nobody.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TextIO

from nabij.costs.imports.command import cli_actor
from nabij.costs.imports.findings import ImportRefused, print_refused
from nabij.signals.services import signals_import

COMMAND = "nabij import signals"


def _opener(path: Path) -> IO[bytes]:
    return path.open("rb")


def run(
    paths: list[str],
    *,
    username: str = "",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    actor = cli_actor(username)
    if actor is None:
        print(f"{COMMAND}: no user named “{username}”.", file=err)
        return 2
    files = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            print(f"{raw}: cannot be read: no such file.", file=err)
            return 2
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            print(f"{raw}: cannot be read: {exc.strerror}.", file=err)
            return 2
        files.append((raw, lambda path=path: _opener(path)))
    try:
        results = signals_import(actor, files)
    except ImportRefused as refused:
        print_refused(refused, command=COMMAND, err=err)
        return 1
    for r in results:
        print(
            f"{r.file_name}: {r.lines} lines, {r.new} new, {r.known} already known; "
            f"{r.linked} linked, {r.uncertain} to decide, {r.not_found} not found; "
            f"cases: {r.cases_opened} opened, {r.cases_extended} extended "
            f"(delivery {r.delivery_id}).",
            file=out,
        )
    return 0
