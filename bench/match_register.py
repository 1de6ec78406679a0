"""The broker's "find matches" end to end, on a register of N participants in the database.

Fills an empty database (SQLite in ``--data-dir``, or ``DATABASE_URL``) with Leeuwarden's
areas and N participants drawn by the issue's density rules (``matching.synthetic.people``:
15 skills, 20% volunteers, offers 1-3, needs 1-2), each with a 2 km radius between
neighbourhood centres, one language in common and capacity 1. Then, in the same run and for
``--runs`` rounds, times:

- ``services.run_matching`` as the page calls it (read profiles, build arcs, solve, write
  proposals and the access-log rows), proposals withdrawn again after each round;
- its parts: reading the profiles (``profiles_for``), the compatibility arcs
  (``gift_options``), and the solver alone on those arcs (the baseline).

Prints one JSON object with medians and the ratio of the whole to the solver alone.

    uv run python bench/match_register.py --participants 1000 --data-dir /tmp/reg1k
    uv run python bench/match_register.py --participants 10000 --data-dir /tmp/reg10k
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path


def setup(data_dir: Path | None) -> None:
    if data_dir is not None and not os.environ.get("DATABASE_URL"):
        data_dir.mkdir(parents=True, exist_ok=True)
        os.environ["NABIJ_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(count: int, seed: int) -> int:
    from decimal import Decimal

    from django.utils import timezone

    from nabij.areas.models import Neighbourhood
    from nabij.areas.services import leeuwarden_load
    from nabij.demo.world import world_ensure
    from nabij.matching import synthetic
    from nabij.matching.models import Need, Offer, Participant, Skill

    if Participant.objects.exists():
        return Participant.objects.count()
    leeuwarden_load()
    world = world_ensure()
    broker = world.staff["makelaar"].user
    codes, _weights, _adjacency = synthetic.leeuwarden_neighbourhoods()
    by_code = dict(Neighbourhood.objects.values_list("code", "id"))
    skills = list(Skill.objects.order_by("position").values_list("id", flat=True))
    now = timezone.now()
    crowd = synthetic.people(count, seed=seed)
    Participant.objects.bulk_create(
        (
            Participant(
                first_name=f"Deelnemer{i}",
                last_name="Bench",
                neighbourhood_id=by_code[codes[person.neighbourhood]],
                languages=["nl"],
                radius_km=Decimal("2.0"),
                consent_by="orally",
                consent_at=now,
                registered_by=broker,
            )
            for i, person in enumerate(crowd)
        ),
        batch_size=2000,
    )
    ids = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    Offer.objects.bulk_create(
        (
            Offer(participant_id=pid, skill_id=skills[s])
            for pid, p in zip(ids, crowd, strict=True)
            for s in p.offers
        ),
        batch_size=5000,
    )
    Need.objects.bulk_create(
        (
            Need(participant_id=pid, skill_id=skills[s], urgency=1 + (pid + s) % 3)
            for pid, p in zip(ids, crowd, strict=True)
            for s in p.needs
        ),
        batch_size=5000,
    )
    return len(ids)


def machine() -> dict[str, str]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=int, default=30)
    args = parser.parse_args()
    setup(args.data_dir)

    from django.db import connection

    from nabij.access.gate import Actor
    from nabij.demo.world import world_ensure
    from nabij.matching import compatibility, geo, services
    from nabij.matching.models import Participant, Proposal

    started = time.perf_counter()
    count = fill(args.participants, args.seed)
    fill_seconds = time.perf_counter() - started
    broker = world_ensure().staff["makelaar"]
    actor = Actor(user=broker.user, professional=broker, channel="bench")
    area = geo.area_geometry()

    def where(a: int, b: int) -> tuple[float | None, str]:
        return area.distance_km(a, b), area.nearness(a, b)

    rounds = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        participants = list(
            Participant.objects.filter(status="active").only(*services.PROFILE_FIELDS)
        )
        profiles, _seen, blocked = services.profiles_for(participants)
        t1 = time.perf_counter()
        options = compatibility.gift_options(profiles, services.skill_groups(), where, blocked)
        t2 = time.perf_counter()
        result = compatibility.propose(
            profiles,
            services.skill_groups(),
            where,
            blocked=blocked,
            time_limit=args.time_limit,
        )
        t3 = time.perf_counter()
        run = services.run_matching(actor=actor, time_limit=args.time_limit)
        t4 = time.perf_counter()
        Proposal.objects.filter(run=run).update(status="withdrawn")
        rounds.append(
            {
                "read_profiles": t1 - t0,
                "arcs": t2 - t1,
                "propose": t3 - t2,
                "solver_alone": result.seconds,
                "run_matching": t4 - t3,
                "arc_count": len(options),
                "proposals": run.proposals,
                "objective": run.objective,
                "optimal": run.optimal,
                "gap": run.gap,
                "method": run.method,
            }
        )
    median = {
        k: statistics.median(r[k] for r in rounds)
        for k in ("read_profiles", "arcs", "propose", "solver_alone", "run_matching")
    }
    print(
        json.dumps(
            {
                "participants": count,
                "database": connection.vendor,
                "fill_seconds": round(fill_seconds, 1),
                "runs": args.runs,
                "median_seconds": {k: round(v, 3) for k, v in median.items()},
                "ratio_run_matching_to_solver_alone": round(
                    median["run_matching"] / max(median["solver_alone"], 1e-9), 2
                ),
                "last": {
                    k: v
                    for k, v in rounds[-1].items()
                    if not isinstance(v, float) or k in ("objective", "gap")
                },
                "machine": machine(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
