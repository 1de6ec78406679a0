"""Write the API's OpenAPI schema to ``openapi.json`` at the repository root.

The schema is committed so that API changes show up in review; ``--check`` (and the test
``nabij/tests/test_openapi.py``) fails when the committed file is not current.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# src/nabij/core/management/commands/openapi_export.py -> repository root
REPO_ROOT = Path(__file__).resolve().parents[5]
DEFAULT_PATH = REPO_ROOT / "openapi.json"
REGENERATE_HINT = "run `uv run nabij manage openapi_export`"


def build_schema() -> dict[str, Any]:
    """The schema as plain JSON data (lazy translations and the like turned into strings)."""
    from nabij.config.api import api

    schema = api.get_openapi_schema()
    return json.loads(json.dumps(schema, default=str))


def render_schema(schema: dict[str, Any] | None = None) -> str:
    """Stable text: sorted keys, two-space indent, UTF-8 as is, one trailing newline."""
    data = build_schema() if schema is None else schema
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def diff_summary(old: str, new: str, *, max_lines: int = 60) -> str:
    """Which operations appeared or vanished, then the start of a unified diff."""
    lines: list[str] = []
    try:
        old_ops = _operations(json.loads(old))
    except ValueError:
        old_ops = set()
        lines.append("The committed openapi.json is not valid JSON.")
    new_ops = _operations(json.loads(new))
    lines += [f"+ {op}" for op in sorted(new_ops - old_ops)]
    lines += [f"- {op}" for op in sorted(old_ops - new_ops)]
    diff = list(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            "openapi.json (committed)",
            "openapi.json (generated)",
            lineterm="",
            n=1,
        )
    )
    if diff:
        lines.append(f"{len(diff)} diff lines; the first {min(len(diff), max_lines)}:")
        lines += diff[:max_lines]
    return "\n".join(lines)


def _operations(schema: dict[str, Any]) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in schema.get("paths", {}).items()
        for method in item
        if method in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    }


class Command(BaseCommand):
    help = "Write the OpenAPI schema of /api/v1/ to openapi.json (or --check that it is current)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=DEFAULT_PATH,
            help=f"where to write the schema (default: {DEFAULT_PATH})",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit 1 if the file differs from the schema",
        )

    def handle(self, *args: Any, output: Path, check: bool, **options: Any) -> None:
        text = render_schema()
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                raise CommandError(
                    f"{output} is not current; {REGENERATE_HINT}.\n" + diff_summary(current, text),
                    returncode=1,
                )
            self.stdout.write(f"{output} is current.")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}.")
