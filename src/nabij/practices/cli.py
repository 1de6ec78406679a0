"""``nabij practices export [FILE]`` and ``nabij practices import FILE [--dry-run]``.

Export writes every published story of this installation's library in the open format of
``docs/practices-format.md`` (to stdout without FILE). Import reads such a file from another
installation: all or nothing, each problem on stderr with its place.

Exit 0: done; 1: problems in the file, nothing imported; 2: the file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "practices",
        help="practice library: export published stories, import another installation's",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="practices_command", required=True)
    export = sub.add_parser("export", help="write the published stories as JSON")
    export.add_argument("file", nargs="?", type=Path, metavar="FILE", help="default: stdout")
    export.set_defaults(func=run_export)
    imp = sub.add_parser(
        "import",
        help="import a practices JSON file: all stories or none",
        description="Exit 0: imported; 1: problems, nothing imported; 2: unreadable file.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="check only, import nothing")
    imp.set_defaults(func=run_import)


def _setup() -> None:
    from nabij.cli import _data_dir
    from nabij.cli import _setup as setup

    _data_dir().mkdir(parents=True, exist_ok=True)
    setup()


def export_to(path: Path | None, *, out: TextIO) -> int:
    from nabij.practices.exchange import export_json

    text = export_json()
    if path is None:
        out.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return 0


def import_from(path: Path, *, dry_run: bool, out: TextIO, err: TextIO) -> int:
    from django.conf import settings

    from nabij.practices.exchange import import_bytes

    try:
        with path.open("rb") as fh:
            data = fh.read(settings.PRACTICES_IMPORT_MAX_BYTES + 1)
    except OSError as exc:
        print(f"{path}: kan niet gelezen worden: {exc.strerror}.", file=err)
        return 2
    result = import_bytes(data, dry_run=dry_run)
    if not result.ok:
        for problem in result.problems:
            print(f"{path}: {problem}", file=err)
        print(f"{path}: niets geïmporteerd ({len(result.problems)} bevinding(en)).", file=err)
        return 1
    verb = "zou importeren" if dry_run else "geïmporteerd"
    print(
        f"{path}: {len(result.added)} verhaal/verhalen {verb}, {result.skipped} al aanwezig.",
        file=out,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    _setup()
    return export_to(args.file, out=sys.stdout)


def run_import(args: argparse.Namespace) -> int:
    _setup()
    return import_from(args.file, dry_run=args.dry_run, out=sys.stdout, err=sys.stderr)
