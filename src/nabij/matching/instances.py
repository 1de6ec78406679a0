"""Public kidney-exchange instance formats, read into a solver ``Instance``.

- PrefLib ``.wmd`` (weighted matching data): ``#`` header lines with ``NUMBER ALTERNATIVES``,
  ``NUMBER EDGES`` and ``ALTERNATIVE NAME i: ...`` (a name containing "altruist" marks a
  non-directed donor), then one ``from,to,weight`` line per arc, ids as in the file. The older
  PrefLib layout (a count line, ``id,name`` lines, a ``vertices,edges`` line, then arcs) is read
  too.
- ``.input`` + ``.ndds``: first line ``n m``, then ``from to weight`` arcs, ended by
  ``-1 -1 -1``; the ``.ndds`` file beside it lists the donors' arcs the same way (first line
  ``donors arcs``, donor index first). Ids are 0-based, as in the files.

Every problem is reported as ``FILE:LINE: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from nabij.matching.solver import Instance


class FormatError(ValueError):
    """A malformed instance file; the message names the file and line."""


@dataclass(frozen=True)
class LoadedInstance:
    instance: Instance
    participant_ids: list[int]  # file id of each participant index
    donor_ids: list[int]  # file id (.wmd) or .ndds index of each donor index


def load(path: Path) -> LoadedInstance:
    if not path.is_file():
        raise FormatError(f"{path}: no such file")
    if path.suffix == ".wmd":
        return read_wmd(path)
    if path.suffix == ".input":
        return read_input(path)
    raise FormatError(f"{path}: expected a .wmd or .input file")


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def _number(text: str, path: Path, line: int, kind: type[int] | type[float] = int) -> float:
    try:
        value = kind(text.strip())
    except ValueError:
        raise FormatError(f"{path}:{line}: {text.strip()!r} is not a number") from None
    if kind is float and not value == value:  # NaN
        raise FormatError(f"{path}:{line}: weight is not a number")
    return value


HEADER = re.compile(r"#\s*([A-Z ]+?)\s*(\d+)?\s*:\s*(.*)$")


def read_wmd(path: Path) -> LoadedInstance:
    names: dict[int, str] = {}
    declared_vertices = declared_edges = None
    arcs: list[tuple[int, int, float, int]] = []
    for number, raw in enumerate(_lines(path), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            match = HEADER.match(line)
            if not match:
                continue
            key, index, value = match.group(1).strip(), match.group(2), match.group(3).strip()
            if key == "NUMBER ALTERNATIVES":
                declared_vertices = int(_number(value, path, number))
            elif key == "NUMBER EDGES":
                declared_edges = int(_number(value, path, number))
            elif key == "ALTERNATIVE NAME" and index is not None:
                names[int(index)] = value
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) == 3:
            u = int(_number(fields[0], path, number))
            v = int(_number(fields[1], path, number))
            w = float(_number(fields[2], path, number, float))
            arcs.append((u, v, w, number))
        elif len(fields) == 2 and not fields[1].lstrip("-").isdigit():
            names[int(_number(fields[0], path, number))] = fields[1]
        elif len(fields) in (1, 2):  # count lines of the older layout
            counts = [int(_number(f, path, number)) for f in fields]
            if len(counts) == 2:
                declared_vertices, declared_edges = counts
            elif declared_vertices is None:
                declared_vertices = counts[0]
        else:
            raise FormatError(f"{path}:{number}: expected 'from,to,weight'")
    if declared_vertices is None and not names:
        raise FormatError(f"{path}: no vertices declared (NUMBER ALTERNATIVES or names)")
    vertex_ids = sorted(names) if names else list(range(1, (declared_vertices or 0) + 1))
    if declared_vertices is not None and len(vertex_ids) != declared_vertices:
        raise FormatError(f"{path}: {declared_vertices} vertices declared, {len(vertex_ids)} named")
    if declared_edges is not None and len(arcs) != declared_edges:
        raise FormatError(f"{path}: {declared_edges} edges declared, {len(arcs)} found")
    altruists = [i for i in vertex_ids if "altruist" in names.get(i, "").lower()]
    pairs = [i for i in vertex_ids if i not in set(altruists)]
    pair_index = {vid: k for k, vid in enumerate(pairs)}
    donor_index = {vid: k for k, vid in enumerate(altruists)}
    pair_arcs: list[tuple[int, int, float]] = []
    donor_arcs: list[tuple[int, int, float]] = []
    for u, v, w, number in arcs:
        if u not in pair_index and u not in donor_index:
            raise FormatError(f"{path}:{number}: unknown vertex {u}")
        if v not in pair_index and v not in donor_index:
            raise FormatError(f"{path}:{number}: unknown vertex {v}")
        if w < 0:
            raise FormatError(f"{path}:{number}: negative weight")
        if u == v:
            raise FormatError(f"{path}:{number}: an arc from a vertex to itself")
        if v in donor_index:
            continue  # a non-directed donor needs nothing
        if u in donor_index:
            donor_arcs.append((donor_index[u], pair_index[v], w))
        else:
            pair_arcs.append((pair_index[u], pair_index[v], w))
    return LoadedInstance(
        Instance(len(pairs), pair_arcs, len(altruists), donor_arcs), pairs, altruists
    )


def _read_arc_file(path: Path) -> tuple[int, list[tuple[int, int, float]]]:
    """``count arcs`` header, ``a b w`` lines, ``-1 -1 -1`` terminator."""
    lines = _lines(path)
    body = [(i, line.split()) for i, line in enumerate(lines, start=1) if line.strip()]
    if not body:
        raise FormatError(f"{path}: empty file")
    first_line, header = body[0]
    if len(header) != 2:
        raise FormatError(f"{path}:{first_line}: expected 'count arcs' on the first line")
    count, arc_count = (int(_number(f, path, first_line)) for f in header)
    if count < 0 or arc_count < 0:
        raise FormatError(f"{path}:{first_line}: counts cannot be negative")
    arcs: list[tuple[int, int, float]] = []
    ended = False
    for number, fields in body[1:]:
        if ended:
            raise FormatError(f"{path}:{number}: text after the '-1 -1 -1' terminator")
        if len(fields) != 3:
            raise FormatError(f"{path}:{number}: expected 'from to weight'")
        a = int(_number(fields[0], path, number))
        b = int(_number(fields[1], path, number))
        w = float(_number(fields[2], path, number, float))
        if (a, b) == (-1, -1):
            ended = True
            continue
        if a < 0 or b < 0:
            raise FormatError(f"{path}:{number}: negative vertex id")
        if w < 0:
            raise FormatError(f"{path}:{number}: negative weight")
        arcs.append((a, b, w))
    if not ended:
        raise FormatError(f"{path}: the '-1 -1 -1' terminator is missing")
    if len(arcs) != arc_count:
        raise FormatError(f"{path}: {arc_count} arcs declared, {len(arcs)} found")
    return count, arcs


def read_input(path: Path) -> LoadedInstance:
    n, arcs = _read_arc_file(path)
    for a, b, _w in arcs:
        if a >= n or b >= n:
            raise FormatError(f"{path}: arc {a} -> {b} outside 0..{n - 1}")
        if a == b:
            raise FormatError(f"{path}: arc {a} -> {b} is a self-loop")
    ndds_path = path.with_suffix(".ndds")
    donors, donor_arcs = 0, list[tuple[int, int, float]]()
    if ndds_path.is_file():
        donors, donor_arcs = _read_arc_file(ndds_path)
        for a, b, _w in donor_arcs:
            if a >= donors or b >= n:
                raise FormatError(f"{ndds_path}: donor arc {a} -> {b} out of range")
    return LoadedInstance(
        Instance(n, arcs, donors, donor_arcs), list(range(n)), list(range(donors))
    )
