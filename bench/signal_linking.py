"""Linking arrears signals to the register: precision, recall and time per signal.

In memory, no database (the linker is pure): a seeded synthetic register of ``--households``
households and ``--signals`` signals with creditors' spelling variants and ground truth
(``nabij.signals.synthetic_linking``), including signals about people not in the register
(new tenants, wrong addresses). Then, for ``--runs`` rounds in the same process, times:

- the tolerant linker (``linking.link``) on every signal, given the candidates at its address
  (what ``register.candidates_at`` returns: every addition at the postcode and house number);
- the baseline: the first, exact-match version (same address, same folded full name).

Prints one JSON object: precision (correct household / links made as certain), recall (certain
links to the right household / signals whose person is in the register), the share sent to a
person (uncertain) and its precision@1 (the first candidate's household is right), the share
with no link, recall per variant class, false links per kind of outsider, and the median time
per signal of both linkers with their ratio.

    uv run python bench/signal_linking.py --households 50000 --signals 50000 --seed 14 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence

from nabij.signals.linking import Candidate, LinkResult, Query, link, normal_postcode
from nabij.signals.synthetic_linking import Planted, register, signals


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def exact_link(query: Query, candidates: Sequence[Candidate]) -> LinkResult:
    """The first version of ``link`` (commit 01c76da): same address, same folded full name."""
    wanted = _fold(query.name)
    addition = query.addition.strip().upper()
    hits = [
        c
        for c in candidates
        if c.addition == addition and _fold(f"{c.first_name} {c.last_name}") == wanted
    ]
    if len(hits) == 1:
        return LinkResult("certain", hits[0].household_id, hits[0].resident_id, 1.0)
    return LinkResult("none")


def score(planted: list[Planted], results: list[LinkResult], household_of: dict[int, int]) -> dict:
    inside = [i for i, p in enumerate(planted) if p.household_id is not None]
    certain = [i for i, r in enumerate(results) if r.status == "certain"]
    right = [i for i in certain if results[i].household_id == planted[i].household_id]
    uncertain = [i for i, r in enumerate(results) if r.status == "uncertain"]
    uncertain_inside = [i for i in uncertain if planted[i].household_id is not None]
    first_right = [
        i
        for i in uncertain_inside
        if results[i].candidates
        and household_of[results[i].candidates[0]] == planted[i].household_id
    ]
    by_class: dict[str, Counter[str]] = {}
    for i, p in enumerate(planted):
        row = by_class.setdefault(p.variant, Counter())
        row["signals"] += 1
        row[results[i].status] += 1
        if results[i].status == "certain" and results[i].household_id != p.household_id:
            row["wrong"] += 1
    return {
        "signals": len(planted),
        "in_register": len(inside),
        "certain": len(certain),
        "precision": round(len(right) / len(certain), 4) if certain else None,
        "recall": round(len(right) / len(inside), 4),
        "false_links": len(certain) - len(right),
        "uncertain_share": round(len(uncertain) / len(planted), 4),
        "uncertain_precision_at_1": (
            round(len(first_right) / len(uncertain_inside), 4) if uncertain_inside else None
        ),
        "none_share": round(sum(r.status == "none" for r in results) / len(planted), 4),
        "by_variant": {
            k: {
                "signals": v["signals"],
                "certain": v["certain"],
                "uncertain": v["uncertain"],
                "none": v["none"],
                "wrong": v["wrong"],
            }
            for k, v in sorted(by_class.items())
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--signals", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    reg = register(args.households, seed=args.seed)
    planted = signals(reg, args.signals, seed=args.seed)
    generated = time.perf_counter() - started
    household_of = {c.resident_id: c.household_id for rows in reg.at.values() for c in rows}
    residents = len(household_of)
    candidates = [
        reg.at.get((normal_postcode(p.query.postcode), p.query.house_number), []) for p in planted
    ]
    queries = [p.query for p in planted]

    def run(fn) -> tuple[float, list[LinkResult]]:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        out = [fn(q, c) for q, c in zip(queries, candidates, strict=True)]
        return time.perf_counter() - t, out

    tolerant_times: list[float] = []
    exact_times: list[float] = []
    tolerant: list[LinkResult] = []
    exact: list[LinkResult] = []
    for _ in range(args.runs):
        # Fresh caches each round: the linker's caches are per process, and a delivery's names
        # are mostly new to it.
        from nabij.signals import linking

        for cached in (linking._similar, linking._parse, linking._surname_parts):
            cached.cache_clear()
        linking._given_parts.cache_clear()
        seconds, exact = run(exact_link)
        exact_times.append(seconds)
        seconds, tolerant = run(link)
        tolerant_times.append(seconds)

    per_signal = statistics.median(tolerant_times) / len(planted)
    per_signal_exact = statistics.median(exact_times) / len(planted)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(
        json.dumps(
            {
                "households": args.households,
                "residents": residents,
                "seed": args.seed,
                "runs": args.runs,
                "generated_s": round(generated, 2),
                "tolerant": score(planted, tolerant, household_of),
                "exact_baseline": {
                    k: v
                    for k, v in score(planted, exact, household_of).items()
                    if k != "by_variant"
                },
                "us_per_signal_median": round(per_signal * 1e6, 2),
                "us_per_signal_exact_median": round(per_signal_exact * 1e6, 2),
                "ratio_to_exact": round(per_signal / per_signal_exact, 2),
                "python": platform.python_version(),
                "nproc": os.cpu_count(),
                "load": [round(x, 2) for x in load] if load else None,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
