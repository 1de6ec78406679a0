"""``nabij budget tally FILE.pb --rule greedy|mes|mes-add1 [--json]`` and
``nabij budget export ROUND [--output FILE]``.

``tally`` needs no database: it reads any Pabulib approval election and prints the result in
Dutch, or with ``--json`` one JSON object (``rule``, ``budget``, ``budget_used``, ``selected``:
the ids as in the file, ``num_projects``, ``num_votes``, ``votes``, ``reasons``,
``voter_budget``, ``increments``). ``export`` writes a closed round of Nabij as ``.pb``.

Exit 0: done; 1: findings in the file (each on stderr with its place), or the round cannot be
exported (still open, unknown); 2: the file cannot be read, or bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

RULE_NAMES = {
    "greedy": "meeste stemmen eerst (greedy)",
    "mes": "Method of Equal Shares, zonder aanvulling (mes)",
    "mes-add1": "Method of Equal Shares met aanvulling (mes-add1)",
}
REASON_WORDS = {
    "selected": "gekozen",
    "selected_in_completion": "gekozen toen de aandelen werden verhoogd om het budget te besteden",
    "not_enough_left": "er was niet genoeg budget meer over toen het aan de beurt was",
    "supporters_ran_out": "de stemmers hadden hun deel al uitgegeven aan andere projecten",
    "too_few_supporters": "de delen van alle stemmers samen waren minder dan de kosten",
    "no_votes": "niemand stemde erop",
    "selected_leftover": "niemand stemde erop, maar het paste nog in wat over was",
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "budget",
        help="neighbourhood budgets: tally a Pabulib .pb file, export a round as .pb",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="budget_command", required=True)
    tally_parser = sub.add_parser(
        "tally",
        help="the result of a Pabulib approval election (needs no database)",
        description="Exit 0: done; 1: findings in the file; 2: unreadable file.",
    )
    tally_parser.add_argument("file", type=Path, metavar="FILE.pb")
    tally_parser.add_argument("--rule", required=True, choices=["greedy", "mes", "mes-add1"])
    tally_parser.add_argument("--json", action="store_true", help="print one JSON object")
    tally_parser.set_defaults(func=run_tally)
    export = sub.add_parser(
        "export",
        help="write a closed budget round as a Pabulib .pb file",
        description="Exit 0: written; 1: the round is unknown or its vote is still open.",
    )
    export.add_argument("round", type=int, metavar="ROUND", help="the budget round's id")
    export.add_argument("--output", type=Path, help="write to this file instead of stdout")
    export.set_defaults(func=run_export)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def tally_file(path: Path, rule: str, *, as_json: bool, out: TextIO, err: TextIO) -> int:
    from nabij.budgets.pabulib import PbRefused, read_pb
    from nabij.budgets.tally import tally

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: kan niet gelezen worden: {exc.strerror}.", file=err)
        return 2
    try:
        pb = read_pb(data, str(path))
    except PbRefused as refused:
        for finding in refused.findings:
            print(finding, file=err)
        if refused.dropped:
            print(f"… en nog {refused.dropped} bevindingen.", file=err)
        total = len(refused.findings) + refused.dropped
        print(f"nabij budget tally: {total} bevindingen; niets geteld.", file=err)
        return 1
    outcome = tally(pb.election(), rule)
    if as_json:
        result = {
            "rule": rule,
            "budget": pb.budget,
            "budget_used": outcome.budget_used,
            "selected": outcome.selected,
            "num_projects": len(pb.projects),
            "num_votes": len(pb.voters),
            "votes": outcome.votes,
            "reasons": outcome.reasons,
            "voter_budget": str(outcome.voter_budget) if outcome.voter_budget is not None else None,
            "increments": outcome.increments,
        }
        print(json.dumps(result, ensure_ascii=False), file=out)
        return 0
    names = {p.id: p.fields.get("name", "") for p in pb.projects}
    costs = {p.id: p.cost for p in pb.projects}
    unit = f" {pb.meta['currency']}" if pb.meta.get("currency") else ""
    title = pb.meta.get("description") or path.name
    print(f"{title}", file=out)
    print(f"Regel: {RULE_NAMES[rule]}", file=out)
    share = f"{outcome.budget_used / pb.budget:.0%}"
    print(
        f"Budget {_number(pb.budget)}{unit}, besteed {_number(outcome.budget_used)}{unit} "
        f"({share}); {len(pb.voters)} stemmen, {len(pb.projects)} projecten",
        file=out,
    )
    if outcome.increments:
        print(f"Aanvulling: ieder deel {outcome.increments} keer met 1 verhoogd.", file=out)
    print("Gekozen, in volgorde:", file=out)
    for place, pid in enumerate(outcome.selected, start=1):
        why = outcome.reasons[pid]
        print(
            f"  {place:>3}. {pid}  {names[pid]}  kosten {_number(costs[pid])}  "
            f"stemmen {outcome.votes[pid]}"
            + ("" if why == "selected" else f": {REASON_WORDS[why]}"),
            file=out,
        )
    chosen = set(outcome.selected)
    rest = [p for p in pb.projects if p.id not in chosen]
    if rest:
        print("Niet gekozen:", file=out)
        for project in sorted(rest, key=lambda p: (-outcome.votes[p.id], p.id)):
            print(
                f"       {project.id}  {names[project.id]}  kosten {_number(project.cost)}  "
                f"stemmen {outcome.votes[project.id]}: "
                f"{REASON_WORDS[outcome.reasons[project.id]]}",
                file=out,
            )
    return 0


def run_tally(args: argparse.Namespace) -> int:
    return tally_file(args.file, args.rule, as_json=args.json, out=sys.stdout, err=sys.stderr)


def export_round(round_id: int, output: Path | None, *, out: TextIO, err: TextIO) -> int:
    from nabij.budgets.exports import ExportRefused, round_pb
    from nabij.budgets.pabulib import write_pb

    try:
        pb = round_pb(round_id)
    except ExportRefused as exc:
        print(f"nabij budget export: {exc}.", file=err)
        return 1
    if output is None:
        write_pb(pb, out)
        return 0
    try:
        with output.open("w", encoding="utf-8", newline="") as handle:
            write_pb(pb, handle)
    except OSError as exc:
        print(f"{output}: kan niet geschreven worden: {exc.strerror}.", file=err)
        return 2
    print(
        f"{output}: ronde {round_id} geschreven ({len(pb.projects)} projecten, "
        f"{len(pb.voters)} stemmen).",
        file=err,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    from nabij.cli import _data_dir, _setup

    _data_dir().mkdir(parents=True, exist_ok=True)
    _setup()
    return export_round(args.round, args.output, out=sys.stdout, err=sys.stderr)
