"""The tally of a city-wide neighbourhood budget (issue 12): 150 projects and 100,000 approval
ballots, synthetic and seeded, written as a Pabulib ``.pb`` file, then in one run:

- reading the file (``nabij.budgets.pabulib.read_pb``);
- the Method of Equal Shares (``mes``), median of ``--runs``; ``mes-add1`` and ``greedy``;
- pabutools on the same file (its own reader, then ``method_of_equal_shares`` and
  ``greedy_utilitarian_welfare`` with ``Cost_Sat``), with identical results asserted.

    uv run python bench/budget_tally.py [--voters 100000] [--projects 150] [--runs 5]
        [--pabutools-add1]   # also pabutools' mes-add1 (slow: one full MES per increment)

The city: 12 districts; a third of the projects are city-wide, the others belong to a
district; every voter lives in a district and approves 1 to 12 projects, drawn with weights
that favour popular projects and their own district's. Costs are whole euros (10,000 to
400,000), the budget 6,000,000.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from nabij.budgets.pabulib import PbElection, PbProject, PbVoter, read_pb, write_pb
from nabij.budgets.tally import tally

DISTRICTS = 12


def synthetic(voters: int, projects: int, seed: int) -> PbElection:
    rng = np.random.default_rng(seed)
    district_of = rng.integers(-1, DISTRICTS, size=projects)  # -1: city-wide
    district_of[: projects // 3] = -1
    popularity = rng.lognormal(0.0, 0.8, size=projects)
    costs = (rng.integers(10, 401, size=projects) * 1000).tolist()
    pb_projects = [
        PbProject(str(j + 1), int(costs[j]), {"name": f"Project {j + 1}"}) for j in range(projects)
    ]
    home = rng.integers(0, DISTRICTS, size=voters)
    lengths = rng.integers(1, 13, size=voters)
    pb_voters = []
    weights_by_district = []
    for d in range(DISTRICTS):
        w = popularity * np.where(district_of == d, 6.0, np.where(district_of == -1, 1.0, 0.15))
        weights_by_district.append(w / w.sum())
    for i in range(voters):
        chosen = rng.choice(
            projects, size=int(lengths[i]), replace=False, p=weights_by_district[home[i]]
        )
        vote = tuple(str(j + 1) for j in sorted(chosen.tolist()))
        pb_voters.append(PbVoter(str(i + 1), vote, {"neighborhood": f"WK{home[i]:02d}"}))
    meta = {
        "description": "Synthetic city-wide round (bench/budget_tally.py)",
        "country": "Netherlands",
        "unit": "Synthetic city",
        "instance": "2026",
        "num_projects": str(projects),
        "num_votes": str(voters),
        "budget": "6000000",
        "currency": "EUR",
        "vote_type": "approval",
        "rule": "equalshares/add1",
        "experimental": "1",
    }
    return PbElection(meta=meta, projects=pb_projects, voters=pb_voters)


def timed(func, runs: int = 1):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return result, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=150)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--pabutools-add1", action="store_true")
    parser.add_argument("--file", type=Path, help="keep the .pb file here")
    parser.add_argument("--input", type=Path, help="use this .pb file instead of generating one")
    parser.add_argument("--rules", default="mes,mes-add1,greedy", help="which of ours to time")
    parser.add_argument("--no-pabutools", action="store_true", help="ours only")
    args = parser.parse_args()

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"commit {commit}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}"
    )
    start = time.perf_counter()
    if args.input:
        path = args.input
    else:
        pb = synthetic(args.voters, args.projects, args.seed)
        path = args.file or Path(tempfile.mkstemp(suffix=".pb")[1])
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_pb(pb, handle)
        del pb
    print(
        f"generated {args.projects} projects, {args.voters} ballots in "
        f"{time.perf_counter() - start:.1f} s: {path} ({path.stat().st_size / 1e6:.1f} MB)"
    )

    data = path.read_bytes()
    read, read_times = timed(lambda: read_pb(data, path.name), 3)
    election = read.election()
    print(f"read_pb: median {statistics.median(read_times):.3f} s of {read_times}")
    results = {}
    plan = {"mes": args.runs, "mes-add1": max(1, args.runs // 2), "greedy": 3}
    for rule, runs in ((r, plan[r]) for r in args.rules.split(",")):
        outcome, times = timed(lambda rule=rule: tally(election, rule), runs)
        results[rule] = (outcome, times)
        print(
            f"tally {rule:8}: median {statistics.median(times):.3f} s (runs {runs}: "
            f"{', '.join(f'{t:.3f}' for t in times)}); {len(outcome.selected)} selected, "
            f"{outcome.budget_used:,} used, {outcome.increments} increments"
        )

    if args.no_pabutools:
        return
    try:
        from pabutools.election import Cost_Sat, parse_pabulib
        from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    except ImportError:
        print("pabutools is not installed (uv sync --group dev): no comparison")
        return
    (instance, profile), parse_times = timed(lambda: parse_pabulib(str(path)))
    print(f"pabutools parse_pabulib: {parse_times[0]:.3f} s")
    # Merging identical ballots is pabutools' own advice for large profiles.
    multi, multi_times = timed(lambda: profile.as_multiprofile())
    print(f"pabutools as_multiprofile: {multi_times[0]:.3f} s")
    checks = [
        ("mes", lambda: method_of_equal_shares(instance, multi, sat_class=Cost_Sat)),
        ("greedy", lambda: greedy_utilitarian_welfare(instance, multi, sat_class=Cost_Sat)),
    ]
    if args.pabutools_add1:
        checks.append(
            (
                "mes-add1",
                lambda: method_of_equal_shares(
                    instance, multi, sat_class=Cost_Sat, voter_budget_increment=1
                ),
            )
        )
    for rule, func in checks:
        if rule not in results:
            continue
        allocation, times = timed(func)
        theirs = [p.name for p in allocation]
        ours_outcome, our_times = results[rule]
        same = (
            theirs == ours_outcome.selected
            if rule != "greedy"
            else sorted(theirs) == sorted(ours_outcome.selected)
        )
        assert same, (rule, theirs, ours_outcome.selected)
        ratio = times[0] / statistics.median(our_times)
        print(
            f"pabutools {rule:8}: {times[0]:.3f} s; identical selection; "
            f"{ratio:.0f}x the time of ours"
        )


if __name__ == "__main__":
    main()
