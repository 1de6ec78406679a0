"""Benchmark of the exchange solver (issue 4) on seeded synthetic participants.

For each size, on the same instance in the same run: the exact solver (cycles <= 3, chains <= 3,
a time limit; ``--runs`` times, the median reported), the greedy fallback (heaviest cycles, then
each volunteer's chain), greedy pairwise matching (heaviest two-way swaps first), and two-way
swaps only via networkx ``max_weight_matching`` (weight of a pair = both arcs). Reports
objective, people helped (participants receiving help), optimality, the proven gap and seconds,
with the instance's density and the machine (cores, CPU model, load before and after).

    uv run python bench/match_solver.py --sizes 1000 10000 --time-limit 30 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import networkx as nx

from nabij.matching import synthetic
from nabij.matching.solver import CHAIN, Instance, Solution, solve, solve_greedy


def helped(solution: Solution) -> int:
    return sum(len(e.vertices) for e in solution.exchanges)


def mutual_pairs(instance: Instance) -> dict[tuple[int, int], float]:
    weights: dict[tuple[int, int], float] = {}
    for u, v, w in instance.arcs:
        weights[(u, v)] = max(weights.get((u, v), 0.0), float(w))
    return {
        (u, v): w + weights[(v, u)] for (u, v), w in weights.items() if u < v and (v, u) in weights
    }


def greedy_pairs(instance: Instance) -> dict[str, Any]:
    """Greedy pairwise matching: the heaviest two-way swap first, each person once."""
    started = time.perf_counter()
    taken: set[int] = set()
    objective = 0.0
    for (u, v), w in sorted(mutual_pairs(instance).items(), key=lambda item: -item[1]):
        if u not in taken and v not in taken:
            taken.update((u, v))
            objective += w
    return {
        "objective": objective,
        "helped": len(taken),
        "seconds": round(time.perf_counter() - started, 2),
    }


def swaps_only(instance: Instance) -> dict[str, Any]:
    started = time.perf_counter()
    graph = nx.Graph()
    for (u, v), w in mutual_pairs(instance).items():
        graph.add_edge(u, v, weight=w)
    matching = nx.max_weight_matching(graph)
    objective = sum(graph[u][v]["weight"] for u, v in matching)
    return {
        "objective": objective,
        "helped": 2 * len(matching),
        "seconds": round(time.perf_counter() - started, 2),
    }


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    return {
        "nproc": os.cpu_count(),
        "cpu": models[0] if models else platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3, help="exact solves per size (median)")
    parser.add_argument(
        "--threads", type=int, default=None, help="HiGHS threads (default: its own)"
    )
    parser.add_argument("--no-networkx", action="store_true", help="skip max_weight_matching")
    parser.add_argument(
        "--adjacency",
        choices=synthetic.ADJACENCY,
        default="touching",
        help="neighbourhood adjacency (default: outlines touch; the others are sparser)",
    )
    args = parser.parse_args()
    for size in args.sizes:
        load_before = os.getloadavg()
        started = time.perf_counter()
        instance, _people = synthetic.instance(size, seed=args.seed, adjacency_kind=args.adjacency)
        generated = time.perf_counter() - started
        runs = [
            solve(instance, time_limit=args.time_limit, threads=args.threads)
            for _ in range(args.runs)
        ]
        exact = sorted(runs, key=lambda s: s.seconds)[len(runs) // 2]
        greedy = solve_greedy(instance)
        record = {
            "participants": size,
            "seed": args.seed,
            "adjacency": args.adjacency,
            "residents": instance.participants,
            "volunteers": instance.donors,
            "arcs": len(instance.arcs),
            "donor_arcs": len(instance.donor_arcs),
            "mean_out_degree": round(len(instance.arcs) / max(instance.participants, 1), 1),
            "generate_seconds": round(generated, 2),
            "time_limit": args.time_limit,
            "exact": {
                "objective": exact.objective,
                "helped": helped(exact),
                "optimal": exact.optimal,
                "gap": exact.gap,
                "seconds_median": round(statistics.median(s.seconds for s in runs), 2),
                "seconds_all": [round(s.seconds, 2) for s in runs],
                "objectives_all": [s.objective for s in runs],
                "optimal_all": [s.optimal for s in runs],
                "gaps_all": [s.gap for s in runs],
                "method": exact.method,
                "chains": sum(e.kind == CHAIN for e in exact.exchanges),
                **exact.stats,
            },
            "greedy": {
                "objective": greedy.objective,
                "helped": helped(greedy),
                "seconds": round(greedy.seconds, 2),
            },
            "greedy_pairs": greedy_pairs(instance),
        }
        if not args.no_networkx:
            record["swaps_only_networkx"] = swaps_only(instance)
        record["machine"] = {**machine(), "load_before": load_before, "load_after": os.getloadavg()}
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
