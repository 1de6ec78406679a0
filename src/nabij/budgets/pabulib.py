"""Pabulib's ``.pb`` format (https://pabulib.org/format): read any approval election, write one.

A ``.pb`` file is UTF-8 text (a BOM is tolerated) in three sections, each a title line
(``META``, ``PROJECTS``, ``VOTES``; any case) followed by a header line and rows, fields
separated by ``;`` and quoted as in CSV (``"a;b"``, ``""`` for a quote). Spaces around fields
are ignored; a field ``None`` counts as empty, as in pabutools.

``read_pb(data, name)`` checks the whole file and raises ``PbRefused`` with every finding
(``FILE:regel 12, kolom cost: …``), or returns a ``PbElection``. Checked:
- the encoding (line and byte of the first byte that is not UTF-8), an empty file;
- each section present once, ``key;value`` as META's header, ``project_id`` and ``cost`` in
  PROJECTS', ``voter_id`` and ``vote`` in VOTES'; as many fields in a row as in its header;
- META: ``budget`` present and a whole number above 0, ``vote_type`` present and
  ``approval`` or ``choose-1`` (one project per ballot, read as an approval ballot); a
  ``cumulative``, ``scoring`` or ``ordinal`` file is refused: points or a ranking do not say
  which projects a voter approves, and any conversion would be a choice the file does not
  make; no key twice; ``num_projects`` and ``num_votes``, when given, match the sections;
- PROJECTS: an id, not twice; ``cost`` a whole number above 0 (``1000``, ``1000.00`` and
  ``1000,00`` are read as 1000; ``12.5`` is refused);
- VOTES: a voter id, not twice; every project in ``vote`` listed under PROJECTS. A project
  named twice in one vote counts once (the ballot is a set, as in pabutools).
Amounts are in the file's own unit; Nabij's exports use cents (``currency;EUR`` and
``unit_of_amounts;cent`` in META).

``write_pb(pb, out)`` writes a ``PbElection`` back; ``read_pb(write_pb(x)) == x``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from nabij.budgets.tally import Election

APPROVAL_TYPES = ("approval", "choose-1")
REFUSED_TYPES = ("cumulative", "scoring", "ordinal")
SECTIONS = ("meta", "projects", "votes")
# The voter column Nabij groups ballots by (Pabulib spells it the American way).
GROUP_COLUMN = "neighborhood"
MAX_KEPT = 1_000  # findings kept; the rest are counted
_AMOUNT = re.compile(r"^(-?)(\d+)(?:[.,](\d*))?$")


@dataclass(frozen=True, slots=True)
class PbFinding:
    file: str
    place: str  # "regel 12, kolom cost", "regel 3", or "" for the whole file
    message: str

    def __str__(self) -> str:
        if self.place:
            return f"{self.file}:{self.place}: {self.message}"
        return f"{self.file}: {self.message}"


class PbRefused(Exception):
    """The file is not a readable approval election; ``findings`` say what and where."""

    def __init__(self, findings: list[PbFinding], dropped: int = 0) -> None:
        super().__init__(f"{len(findings) + dropped} bevindingen")
        self.findings = findings
        self.dropped = dropped


@dataclass
class PbProject:
    id: str
    cost: int
    # every other column, by its header name (name, votes, selected, category, …)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class PbVoter:
    id: str
    vote: tuple[str, ...]  # approved project ids, in the file's order, each once
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class PbElection:
    meta: dict[str, str]  # every META key, in the file's order (budget included)
    projects: list[PbProject]
    voters: list[PbVoter]

    @property
    def budget(self) -> int:
        return int(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval").lower()

    def election(self, group_column: str | None = None) -> Election:
        """The election to tally; with ``group_column`` (a voter column such as
        ``neighborhood``) each ballot is labelled by that column (empty: ``""``)."""
        groups = None
        if group_column is not None:
            groups = [v.fields.get(group_column, "") for v in self.voters]
        return Election(
            budget=self.budget,
            costs={p.id: p.cost for p in self.projects},
            ballots=[frozenset(v.vote) for v in self.voters],
            groups=groups,
        )


class _Findings:
    def __init__(self, file: str) -> None:
        self.file = file
        self.kept: list[PbFinding] = []
        self.count = 0

    def add(self, line: int | None, message: str, column: str = "") -> None:
        self.count += 1
        if len(self.kept) >= MAX_KEPT:
            return
        place = "" if line is None else f"regel {line}"
        if column:
            place = f"{place}, kolom {column}"
        self.kept.append(PbFinding(self.file, place, message))

    def refuse(self) -> None:
        if self.count:
            raise PbRefused(self.kept, self.count - len(self.kept))


def amount(text: str) -> tuple[int | None, str]:
    """A whole amount from a field: (value, "") or (None, why not)."""
    match = _AMOUNT.match(text.strip())
    if not match:
        return None, f"“{text}” is geen getal"
    sign, whole, fraction = match.groups()
    if fraction and fraction.strip("0"):
        return None, f"“{text}” is geen geheel getal"
    value = int(whole)
    if sign and value:
        return None, f"“{text}” is negatief"
    return value, ""


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value.lower() == "none" else value


def _decode(data: bytes, found: _Findings) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        found.add(
            line,
            f"het bestand is geen UTF-8: byte 0x{data[exc.start]:02X} op bytepositie "
            f"{exc.start} is niet te lezen. Sla het op als UTF-8 en probeer het opnieuw.",
        )
        return None


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", skipinitialspace=True)
    for row in reader:
        if not row or all(not cell.strip() for cell in row):
            continue
        yield reader.line_num, row


@dataclass
class _Section:
    name: str
    line: int  # of the title
    header: list[str] = field(default_factory=list)
    header_line: int = 0
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def _sections(text: str, found: _Findings) -> dict[str, _Section]:
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    for line, row in _rows(text):
        alone = len(row) == 1 or not any(c.strip() for c in row[1:])
        title = row[0].strip().lower() if alone else ""
        if title in SECTIONS:
            if title in sections:
                found.add(
                    line,
                    f"de sectie {title.upper()} staat er twee keer in "
                    f"(eerst op regel {sections[title].line})",
                )
                current = None
                continue
            current = sections[title] = _Section(title, line)
            continue
        if current is None:
            if not sections:
                found.add(line, "tekst vóór de eerste sectie (META, PROJECTS of VOTES)")
            continue
        if not current.header_line:
            current.header = [cell.strip() for cell in row]
            current.header_line = line
            continue
        current.rows.append((line, row))
    for name in SECTIONS:
        if name not in sections:
            found.add(None, f"de sectie {name.upper()} ontbreekt")
    return sections


def _check_header(section: _Section, required: tuple[str, ...], found: _Findings) -> bool:
    if not section.header_line:
        found.add(section.line, f"de kopregel van {section.name.upper()} ontbreekt")
        return False
    ok = True
    seen: set[str] = set()
    for column in section.header:
        if column in seen:
            found.add(section.header_line, f"de kolom “{column}” staat er twee keer in")
            ok = False
        seen.add(column)
    for column in required:
        if column not in seen:
            found.add(section.header_line, f"de kolom “{column}” ontbreekt")
            ok = False
    return ok


def _fields(section: _Section, line: int, row: list[str], found: _Findings) -> dict[str, str]:
    if len(row) != len(section.header):
        # trailing empty fields (a ; too many) are harmless
        while len(row) > len(section.header) and not row[-1].strip():
            row = row[:-1]
        if len(row) != len(section.header):
            found.add(
                line,
                f"{len(row)} velden, maar de kopregel van {section.name.upper()} heeft er "
                f"{len(section.header)}",
            )
            return {}
    return {col: _clean(value) for col, value in zip(section.header, row, strict=True)}


def _meta(section: _Section, found: _Findings) -> tuple[dict[str, str], dict[str, int]]:
    """META's keys and values, and the line of each key."""
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    if not section.header_line:
        found.add(section.line, "de kopregel van META ontbreekt")
        return meta, lines
    if [c.lower() for c in section.header] != ["key", "value"]:
        found.add(section.header_line, "de kopregel van META moet “key;value” zijn")
        return meta, lines
    for line, row in section.rows:
        cells = list(row)
        while len(cells) > 2 and not cells[-1].strip():
            cells.pop()
        if len(cells) != 2:
            found.add(line, "een regel in META heeft de vorm sleutel;waarde")
            continue
        key, value = cells[0].strip(), cells[1].strip()
        if not key:
            found.add(line, "een regel in META zonder sleutel")
            continue
        if key in meta:
            found.add(line, f"de sleutel “{key}” staat er al (regel {lines[key]})", "key")
            continue
        meta[key] = value
        lines[key] = line
    budget = meta.get("budget")
    if budget is None:
        found.add(section.line, "META mist het budget (budget;…)")
    else:
        whole, why = amount(budget)
        if whole is None:
            found.add(lines["budget"], f"het budget: {why}", "value")
        elif whole <= 0:
            found.add(lines["budget"], "het budget moet groter dan 0 zijn", "value")
        else:
            meta["budget"] = str(whole)
    vote_type = meta.get("vote_type")
    if vote_type is None:
        found.add(section.line, "META mist het soort stem (vote_type;approval)")
    elif vote_type.lower() in REFUSED_TYPES:
        found.add(
            lines["vote_type"],
            f"vote_type “{vote_type}” wordt niet geteld: alleen goedkeuringsstemmen "
            "(approval, choose-1); punten of een rangorde zeggen niet welke projecten iemand "
            "goedkeurt",
            "value",
        )
    elif vote_type.lower() not in APPROVAL_TYPES:
        found.add(lines["vote_type"], f"onbekend vote_type “{vote_type}”", "value")
    return meta, lines


def read_pb(data: bytes, name: str = "-") -> PbElection:
    found = _Findings(name)
    text = _decode(data, found)
    if text is None:
        raise PbRefused(found.kept)
    if not text.strip():
        found.add(None, "het bestand is leeg")
        found.refuse()
    sections = _sections(text, found)
    meta, meta_lines = _meta(sections["meta"], found) if "meta" in sections else ({}, {})
    projects: list[PbProject] = []
    project_line: dict[str, int] = {}
    if "projects" in sections and _check_header(
        sections["projects"], ("project_id", "cost"), found
    ):
        section = sections["projects"]
        for line, row in section.rows:
            values = _fields(section, line, row, found)
            if not values:
                continue
            pid = values.pop("project_id")
            cost_text = values.pop("cost")
            if not pid:
                found.add(line, "een project zonder id", "project_id")
                continue
            if pid in project_line:
                found.add(
                    line, f"project {pid} staat er al (regel {project_line[pid]})", "project_id"
                )
                continue
            project_line[pid] = line
            cost, why = amount(cost_text) if cost_text else (None, "de kosten ontbreken")
            if cost is None:
                found.add(line, f"kosten van project {pid}: {why}", "cost")
                continue
            if cost <= 0:
                found.add(line, f"kosten van project {pid} moeten groter dan 0 zijn", "cost")
                continue
            projects.append(PbProject(pid, cost, values))
    voters: list[PbVoter] = []
    if "votes" in sections and _check_header(sections["votes"], ("voter_id", "vote"), found):
        section = sections["votes"]
        choose_one = meta.get("vote_type", "").lower() == "choose-1"
        voter_line: dict[str, int] = {}
        for line, row in section.rows:
            values = _fields(section, line, row, found)
            if not values:
                continue
            vid = values.pop("voter_id")
            vote_text = values.pop("vote")
            if not vid:
                found.add(line, "een stem zonder voter_id", "voter_id")
                continue
            if vid in voter_line:
                found.add(line, f"kiezer {vid} staat er al (regel {voter_line[vid]})", "voter_id")
                continue
            voter_line[vid] = line
            approved = tuple(dict.fromkeys(p.strip() for p in vote_text.split(",") if p.strip()))
            unknown = [p for p in approved if p not in project_line]
            for pid in unknown:
                found.add(line, f"project {pid} staat niet bij PROJECTS", "vote")
            if choose_one and len(approved) > 1:
                found.add(line, "vote_type choose-1, maar deze stem noemt meer projecten", "vote")
            voters.append(PbVoter(vid, approved, values))
    for key, count in (("num_projects", len(project_line)), ("num_votes", len(voters))):
        given = meta.get(key)
        if given is None or found.count:
            continue
        value, _ = amount(given)
        if value != count:
            found.add(
                meta_lines.get(key), f"{key} is {given}, maar er staan er {count} in", "value"
            )
    found.refuse()
    return PbElection(meta=meta, projects=projects, voters=voters)


def write_pb(pb: PbElection, out: TextIO) -> None:
    """The election as a ``.pb`` file: META as given, then PROJECTS and VOTES with every column
    the projects and voters have (in order of first appearance)."""
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in pb.meta.items():
        writer.writerow([key, value])
    project_columns = _columns(p.fields for p in pb.projects)
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", *project_columns])
    for project in pb.projects:
        writer.writerow(
            [project.id, project.cost, *(project.fields.get(c, "") for c in project_columns)]
        )
    voter_columns = _columns(v.fields for v in pb.voters)
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", *voter_columns])
    for voter in pb.voters:
        writer.writerow(
            [voter.id, ",".join(voter.vote), *(voter.fields.get(c, "") for c in voter_columns)]
        )


def _columns(rows: Iterable[dict[str, str]]) -> list[str]:
    columns: dict[str, None] = {}
    for fields in rows:
        for column in fields:
            columns.setdefault(column, None)
    return list(columns)


def pb_text(pb: PbElection) -> str:
    buffer = io.StringIO()
    write_pb(pb, buffer)
    return buffer.getvalue()
