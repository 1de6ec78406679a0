"""Sharing practice stories between municipalities: export and import in the open JSON format
of ``docs/practices-format.md`` (schema: ``docs/practices.schema.json``, the same file as
``practices/data/practices.schema.json``).

Export: every published story, rules by name/kind/reference/owner name, life domains by code,
amounts in cents, ISO dates; never a household, an author or a consent's details.

Import: all or nothing, every finding located (a JSON pointer such as ``/stories/3/title``, and
line and column for a file that is not JSON). In this order, each step only on what passed the
one before: the size cap (``PRACTICES_IMPORT_MAX_BYTES``), UTF-8, the nesting depth, JSON
syntax (duplicate keys and NaN refused too), the schema (format and version, unknown fields,
lengths, control characters), then markup in a text, duplicate ids in the file, and the story
check against THIS installation's register. A story already here (same origin installation and
id) is skipped: importing the same file twice adds nothing.

Rules are matched to the local register by kind, name and owner's name (case-insensitive); a
rule not found stays on the story as a text tag (``other_rules``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nabij.core.validators import clean_text
from nabij.practices import story_check
from nabij.practices.models import PracticeDomain, PracticeStory

FORMAT = "nabij-practices"
VERSION = 1
MAX_DEPTH = 8  # the format nests 5 deep (root, stories, a story, its rules, a rule)
SCHEMA_PATH = Path(__file__).parent / "data" / "practices.schema.json"
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|&#?\w+;|javascript:", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One located finding: a JSON pointer, and for syntax errors the line and column."""

    pointer: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.pointer or "/"
        if self.line is not None:
            where = f"line {self.line}, column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    added: list[PracticeStory] = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems[:5])))
        self.problems = problems


# --- Export -----------------------------------------------------------------------------------


def _rule(rule: Any) -> dict[str, Any]:
    return {
        "name": rule.name,
        "kind": rule.kind,
        "reference": rule.reference,
        "owner": rule.owner.name,
    }


def export_document(*, now: dt.datetime | None = None) -> dict[str, Any]:
    from nabij.practices.selectors import published

    installation = settings.NABIJ_INSTALLATION_NAME
    stories = []
    for s in published().order_by("published_at", "id"):
        origin_installation = s.source_installation or installation
        stories.append(
            {
                "origin": {
                    "installation": origin_installation,
                    "id": s.source_id or str(s.public_id),
                },
                "title": s.title,
                "text": s.text,
                "published_on": timezone.localdate(s.published_at).isoformat()
                if s.published_at
                else timezone.localdate().isoformat(),
                "municipality": s.municipality,
                "area_type": s.area_type or None,
                "life_domains": [d.code for d in s.domains.all()],
                "rules": [_rule(r) for r in s.rules.all()]
                + [
                    {k: str(r.get(k, "")) for k in ("name", "kind", "reference", "owner")}
                    for r in s.other_rules
                ],
                "cost_before_cents": s.cost_before_cents,
                "cost_after_cents": s.cost_after_cents,
                "outcome": s.outcome,
                "household_consent": s.has_consent if s.needs_consent else False,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or timezone.now()).isoformat(timespec="seconds"),
        "installation": {"name": installation, "software": "Nabij"},
        "stories": stories,
    }


def export_json(**kw: Any) -> str:
    return json.dumps(export_document(**kw), ensure_ascii=False, indent=2) + "\n"


# --- Import: reading --------------------------------------------------------------------------


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _too_deep(text: str) -> int | None:
    """The index where brackets nest deeper than ``MAX_DEPTH`` (outside strings), if any:
    checked before parsing, so a file of a million ``[`` never reaches the parser."""
    depth = 0
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return i
        elif ch in "]}":
            depth -= 1
    return None


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in JSON")


def read(data: bytes) -> Any:
    """The parsed document, or ``Refused`` with the place of what makes it unreadable."""
    cap = settings.PRACTICES_IMPORT_MAX_BYTES
    if len(data) > cap:
        raise Refused([Problem("", f"the file is {len(data)} bytes; at most {cap} are read")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"), exc.start)
        raise Refused([Problem("", "not UTF-8", line, col)]) from None
    text = text.removeprefix("\ufeff")
    deep = _too_deep(text)
    if deep is not None:
        line, col = _line_col(text, deep)
        raise Refused([Problem("", f"nested deeper than {MAX_DEPTH} levels", line, col)])
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise Refused([Problem("", f"not JSON: {exc.msg}", exc.lineno, exc.colno)]) from None
    except _Duplicate as exc:
        raise Refused(
            [Problem("", f"the key {str(exc)[:50]!r} occurs twice in one object")]
        ) from None
    except ValueError as exc:
        raise Refused([Problem("", f"not JSON: {str(exc)[:100]}")]) from None


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _pointer(path: Any) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else ""


def _schema_problems(doc: Any) -> list[Problem]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    if isinstance(doc, dict) and doc.get("format") != FORMAT:
        return [Problem("/format", f"not a practices file: the format must be {FORMAT!r}")]
    if isinstance(doc, dict) and doc.get("version") != VERSION:
        return [
            Problem(
                "/version",
                f"version {str(doc.get('version'))[:20]} is not supported; "
                f"this installation reads {VERSION}",
            )
        ]
    problems = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        message = error.message
        if len(message) > 200:
            message = f"{error.validator} fails ({error.validator_value!r})"[:200]
        problems.append(Problem(_pointer(error.absolute_path), message))
        if len(problems) >= 100:
            break
    return problems


# --- Import: checking and saving --------------------------------------------------------------


def _content_problems(doc: dict[str, Any]) -> list[Problem]:
    from nabij.reports.selectors import check_register

    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    register = check_register(fresh=True)
    for i, s in enumerate(doc["stories"]):
        at = f"/stories/{i}"
        key = (s["origin"]["installation"], s["origin"]["id"])
        if key in seen:
            problems.append(Problem(f"{at}/origin/id", f"the same id as /stories/{seen[key]}"))
        seen.setdefault(key, i)
        for name in ("title", "text", "municipality"):
            value = s[name]
            if _MARKUP.search(value):
                problems.append(Problem(f"{at}/{name}", "markup (HTML or script) in a plain text"))
            try:
                clean_text(value, multiline=name == "text")
            except Exception:
                problems.append(Problem(f"{at}/{name}", "an invisible or control character"))
        for finding in story_check.check_story(
            s["title"], s["text"], register, threshold=settings.SMALL_CELL_THRESHOLD
        ):
            from nabij.practices.selectors import finding_label

            problems.append(
                Problem(
                    f"{at}/{finding.field}",
                    f"sentence {finding.sentence_number}, character {finding.offset + 1}: "
                    f"{finding_label(finding.kind)}: {finding.fragment!r}",
                )
            )
    return problems


def _match_rules(rules: list[dict[str, Any]]) -> tuple[list[Any], list[dict[str, str]]]:
    from nabij.learning.models import Rule

    matched, other = [], []
    for r in rules:
        found = (
            Rule.objects.filter(
                kind=r["kind"], name__iexact=r["name"], owner__name__iexact=r["owner"]
            )
            .order_by("pk")
            .first()
        )
        if found is not None:
            matched.append(found)
        else:
            other.append({k: str(r.get(k, "")) for k in ("name", "kind", "reference", "owner")})
    return matched, other


def import_bytes(data: bytes, *, dry_run: bool = False) -> ImportResult:
    """Import a practices file: everything or, with located problems, nothing."""
    try:
        doc = read(data)
    except Refused as refused:
        return ImportResult(problems=refused.problems)
    problems = _schema_problems(doc)
    if not problems:
        problems = _content_problems(doc)
    if problems:
        return ImportResult(problems=problems)
    result = ImportResult()
    ours = settings.NABIJ_INSTALLATION_NAME
    with transaction.atomic():
        for s in doc["stories"]:
            installation, source_id = s["origin"]["installation"], s["origin"]["id"]
            exists = PracticeStory.objects.filter(
                source_installation=installation, source_id=source_id
            ).exists() or (
                installation == ours
                and PracticeStory.objects.filter(public_id__iexact=source_id).exists()
            )
            if exists:
                result.skipped += 1
                continue
            published_on = dt.date.fromisoformat(s["published_on"])
            matched, other = _match_rules(s["rules"])
            story = PracticeStory.objects.create(
                title=clean_text(s["title"]),
                text=clean_text(s["text"], multiline=True),
                source=PracticeStory.Source.IMPORTED,
                municipality=clean_text(s["municipality"])[:100],
                area_type=s.get("area_type") or "",
                outcome=s["outcome"],
                cost_before_cents=s["cost_before_cents"],
                cost_after_cents=s["cost_after_cents"],
                other_rules=other,
                state=PracticeStory.State.PUBLISHED,
                source_installation=installation,
                source_id=source_id,
                imported_at=timezone.now(),
                published_at=timezone.make_aware(dt.datetime.combine(published_on, dt.time(12))),
            )
            PracticeDomain.objects.bulk_create(
                PracticeDomain(story=story, code=code) for code in s["life_domains"]
            )
            story.rules.set(matched)
            result.added.append(story)
        if dry_run:
            transaction.set_rollback(True)
    return result
