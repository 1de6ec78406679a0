"""Reading public instance files, and the ``nabij match`` command's contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nabij.matching.instances import FormatError, load

WMD = """# FILE NAME: 00001-00000001.wmd
# TITLE: Kidney matching, a small pool
# DATA TYPE: wmd
# NUMBER ALTERNATIVES: 5
# NUMBER EDGES: 7
# ALTERNATIVE NAME 1: Pair 1
# ALTERNATIVE NAME 2: Pair 2
# ALTERNATIVE NAME 3: Pair 3
# ALTERNATIVE NAME 4: Pair 4
# ALTERNATIVE NAME 5: Altruist 1
1,2,1.0
2,1,1.0
2,3,1.0
3,4,1.0
4,2,1.0
5,3,1.0
3,5,1.0
"""

INPUT = "4 5\n0 1 1\n1 0 1\n1 2 1\n2 3 1\n3 1 1\n-1 -1 -1\n"
NDDS = "1 1\n0 0 1\n-1 -1 -1\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_match(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nabij.cli", "match", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_wmd_altruists_become_donors(tmp_path):
    loaded = load(write(tmp_path, "pool.wmd", WMD))
    assert loaded.instance.participants == 4
    assert loaded.instance.donors == 1
    assert loaded.participant_ids == [1, 2, 3, 4]
    assert loaded.donor_ids == [5]
    assert (0, 2, 1.0) in loaded.instance.donor_arcs  # altruist 5 -> pair 3
    assert len(loaded.instance.arcs) == 5  # the arc into the altruist is dropped


def test_input_and_ndds_pair(tmp_path):
    write(tmp_path, "pool.ndds", NDDS)
    loaded = load(write(tmp_path, "pool.input", INPUT))
    assert loaded.instance.participants == 4
    assert loaded.instance.donor_arcs == [(0, 0, 1.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4 5\n0 1 1\n-1 -1 -1\n", "5 arcs declared, 1 found"),
        ("4 1\n0 1 1\n", "terminator is missing"),
        ("4 1\n0 9 1\n-1 -1 -1\n", "outside 0..3"),
        ("4 1\n0 1 x\n-1 -1 -1\n", ":2: 'x' is not a number"),
        ("4 1\n0 1 -2\n-1 -1 -1\n", ":2: negative weight"),
        ("4\n", ":1: expected 'count arcs'"),
        ("", "empty file"),
    ],
)
def test_malformed_input_files_name_the_place(tmp_path, text, message):
    with pytest.raises(FormatError, match=message):
        load(write(tmp_path, "bad.input", text))


def test_malformed_wmd_names_the_line(tmp_path):
    bad = WMD.replace("2,3,1.0", "2;3;1.0")
    with pytest.raises(FormatError, match=r"bad\.wmd"):
        load(write(tmp_path, "bad.wmd", bad))
    with pytest.raises(FormatError, match="7 edges declared, 6 found"):
        load(write(tmp_path, "short.wmd", WMD.replace("3,5,1.0\n", "")))


def test_cli_prints_one_json_object(tmp_path):
    write(tmp_path, "pool.ndds", NDDS)
    result = run_match("--instance", str(write(tmp_path, "pool.input", INPUT)), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["objective"] == 4
    assert data["optimal"] is True
    assert data["gap"] == 0
    assert data["seconds"] >= 0
    kinds = sorted((e["kind"], e["vertices"]) for e in data["exchanges"])
    assert kinds == [("chain", [0, 0]), ("cycle", [1, 2, 3])]


def test_cli_on_wmd_reports_file_ids(tmp_path):
    result = run_match("--instance", str(write(tmp_path, "pool.wmd", WMD)), "--json")
    data = json.loads(result.stdout)
    chains = [e["vertices"] for e in data["exchanges"] if e["kind"] == "chain"]
    assert chains and all(c[0] == 5 for c in chains)


def test_cli_malformed_file_exits_non_zero_with_a_message(tmp_path):
    result = run_match("--instance", str(write(tmp_path, "bad.input", "4 1\n0 1\n")), "--json")
    assert result.returncode == 2
    assert "bad.input:2: expected 'from to weight'" in result.stderr
    assert result.stdout == ""
    missing = run_match("--instance", str(tmp_path / "nope.wmd"))
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
