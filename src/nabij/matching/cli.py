"""``nabij match --instance PATH``: the exchange solver on a public kidney-exchange instance.

Prints one JSON object: objective, optimal, gap, seconds, exchanges (kind and vertex ids as in
the file; a chain starts with its donor's id). Needs no database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from nabij.matching.instances import FormatError, LoadedInstance, load
from nabij.matching.solver import CHAIN, InstanceError, Solution, solve


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "match",
        help="run the exchange solver on a .wmd or .input(+.ndds) instance",
        description=__doc__,
    )
    parser.add_argument("--instance", required=True, type=Path, help=".wmd or .input file")
    parser.add_argument("--max-cycle", type=int, default=3, help="longest cycle (default 3)")
    parser.add_argument("--max-chain", type=int, default=3, help="longest chain (default 3)")
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="seconds before stopping (default 60)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def as_json(solution: Solution, loaded: LoadedInstance) -> dict[str, Any]:
    exchanges = []
    for exchange in solution.exchanges:
        vertices = [loaded.participant_ids[v] for v in exchange.vertices]
        if exchange.kind == CHAIN and exchange.donor is not None:
            vertices = [loaded.donor_ids[exchange.donor], *vertices]
        exchanges.append({"kind": exchange.kind, "vertices": vertices, "weight": exchange.weight})
    return {
        "objective": solution.objective,
        "optimal": solution.optimal,
        "gap": solution.gap,
        "seconds": round(solution.seconds, 3),
        "method": solution.method,
        "exchanges": exchanges,
    }


def run(args: argparse.Namespace) -> int:
    if args.max_cycle < 0 or args.max_chain < 0 or args.time_limit <= 0:
        print("nabij match: limits must be positive", file=sys.stderr)
        return 2
    try:
        loaded = load(args.instance)
        solution = solve(
            loaded.instance,
            max_cycle=args.max_cycle,
            max_chain=args.max_chain,
            time_limit=args.time_limit,
        )
    except (FormatError, InstanceError) as exc:
        print(f"nabij match: {exc}", file=sys.stderr)
        return 2
    result = as_json(solution, loaded)
    if args.json:
        print(json.dumps(result))
    else:
        state = "optimal" if solution.optimal else f"gap {solution.gap}"
        print(
            f"objective {solution.objective:g} ({state}) in {solution.seconds:.2f} s, "
            f"{len(solution.exchanges)} exchanges"
        )
    return 0
