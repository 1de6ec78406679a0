"""``nabij import costs FILE...``: the CLI face of the import, with exit codes for scripts.

Exit 0: every file imported (or already imported before: a re-run adds nothing and says so).
Exit 1: findings; every finding on its own line on stderr, nothing written.
Exit 2: a file cannot be opened, is a ZIP (XLSX) over the limits of ``nabij.core.uploads``, or
``--user`` names nobody.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import IO, TextIO

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from nabij.access.gate import Actor
from nabij.access.models import Professional
from nabij.core.uploads import ArchiveRefused, check_archive, xlsx_streamed
from nabij.costs.imports.findings import ImportRefused, print_refused
from nabij.costs.imports.pipeline import euros, import_files
from nabij.costs.imports.progress import Progress

ZIP_MAGIC = b"PK\x03\x04"


def _opener(path: Path) -> IO[bytes]:
    return path.open("rb")


def cli_actor(username: str) -> Actor | None:
    """The named account, or (without a name) the operating-system user, kept in the log."""
    if not username:
        return Actor(
            user=AnonymousUser(),
            professional=None,
            channel="cli",
            os_user=getpass.getuser(),
        )
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    professional = Professional.objects.filter(user=user).first()
    return Actor(user=user, professional=professional, channel="cli")


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
        print(f"nabij import costs: no user named “{username}”.", file=err)
        return 2
    files = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            print(f"{raw}: cannot be read: no such file.", file=err)
            return 2
        try:
            with path.open("rb") as binary:
                if binary.read(4) == ZIP_MAGIC:  # sizes and ratio before anything is unpacked
                    check_archive(binary, streamed=xlsx_streamed)
        except OSError as exc:
            print(f"{raw}: cannot be read: {exc.strerror}.", file=err)
            return 2
        except ArchiveRefused as exc:
            print(f"{raw}: cannot be read: {exc.message}", file=err)
            return 2
        files.append((raw, lambda path=path: _opener(path), path.stat().st_size))
    try:
        results = import_files(actor, files, progress=Progress(err))
    except ImportRefused as refused:
        print_refused(refused, command="nabij import costs", err=err)
        return 1
    for result in results:
        if result.already_imported:
            when = timezone.localtime(result.imported_at).strftime("%Y-%m-%d %H:%M")
            print(
                f"{result.file_name}: already imported on {when} (batch {result.batch_id}); "
                "nothing added.",
                file=out,
            )
        else:
            print(
                f"{result.file_name}: imported {result.lines} lines, {euros(result.total_cents)}, "
                f"{result.households} households (batch {result.batch_id}).",
                file=out,
            )
    return 0
