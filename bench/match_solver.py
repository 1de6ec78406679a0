"""Benchmark of the exchange solver (issue 4) on seeded synthetic participants.

For each size: the exact solver (cycles <= 3, chains <= 3, a time limit), the greedy
fallback, and two-way swaps only via networkx ``max_weight_matching`` on the mutual pairs
(weight of a pair = both arcs), all on the same instance in the same run. Reports objective,
people helped (participants receiving help), optimality, gap and seconds.

    uv run python bench/match_solver.py --sizes 1000 10000 --time-limit 30
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import networkx as nx

from nabij.matching import synthetic
from nabij.matching.solver import CHAIN, Instance, Solution, solve, solve_greedy


def helped(solution: Solution) -> int:
    return sum(len(e.vertices) for e in solution.exchanges)


def swaps_only(instance: Instance) -> tuple[float, int, float]:
    started = time.perf_counter()
    weights = {(u, v): float(w) for u, v, w in instance.arcs}
    graph = nx.Graph()
    for (u, v), w in weights.items():
        if u < v and (v, u) in weights:
            graph.add_edge(u, v, weight=w + weights[(v, u)])
    matching = nx.max_weight_matching(graph)
    objective = sum(graph[u][v]["weight"] for u, v in matching)
    return objective, 2 * len(matching), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    for size in args.sizes:
        started = time.perf_counter()
        instance, _people = synthetic.instance(size, seed=args.seed)
        generated = time.perf_counter() - started
        exact = solve(instance, time_limit=args.time_limit)
        greedy = solve_greedy(instance)
        swap_objective, swap_helped, swap_seconds = swaps_only(instance)
        print(
            json.dumps(
                {
                    "participants": size,
                    "residents": instance.participants,
                    "volunteers": instance.donors,
                    "arcs": len(instance.arcs),
                    "donor_arcs": len(instance.donor_arcs),
                    "generate_seconds": round(generated, 2),
                    "exact": {
                        "objective": exact.objective,
                        "helped": helped(exact),
                        "optimal": exact.optimal,
                        "gap": exact.gap,
                        "seconds": round(exact.seconds, 2),
                        "method": exact.method,
                        "chains": sum(e.kind == CHAIN for e in exact.exchanges),
                        **exact.stats,
                    },
                    "greedy": {
                        "objective": greedy.objective,
                        "helped": helped(greedy),
                        "seconds": round(greedy.seconds, 2),
                    },
                    "swaps_only_networkx": {
                        "objective": swap_objective,
                        "helped": swap_helped,
                        "seconds": round(swap_seconds, 2),
                    },
                    "machine": f"{platform.processor() or platform.machine()}, "
                    f"{platform.python_version()}",
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
