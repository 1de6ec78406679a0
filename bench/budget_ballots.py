"""Ballots cast through the real code path (``services_voting.ballot_cast``), and the close.

Creates a throw-away database (``test_<name>`` next to the one in ``DATABASE_URL``, or a
SQLite file without it), migrates it, and bulk-writes a district of ``--neighbourhoods``
neighbourhoods with ``--ballots`` adult residents (four to a household) and a round in its
voting phase with ``--projects`` feasible projects (the input, not what is measured). Then:

1. every resident votes once through ``ballot_cast`` (gate check and access-log row, choices
   checked against the budget, shared lock on the round, Voter + Ballot written), each call
   its own transaction as in a request: ballots per second, and the SQL of one call;
2. baselines in the same run, on a second round: the same Voter + Ballot rows written by
   ``bulk_create`` (batches of 5,000), and written one ballot per transaction with two plain
   ORM inserts (``--plain`` ballots);
3. ``voting_close`` on the round: unlink, re-create the ballots under new ids in random order,
   tally greedy, mes and mes-add1, store, with the time of each step.

Prints a Markdown section (``--markdown FILE`` writes it). The database is dropped at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nabij_voting \\
        uv run python bench/budget_ballots.py --ballots 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from funds_page import SRC, commit, machine

sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def build(ballots: int, projects: int, neighbourhoods: int, seed: int):
    """A district, its residents (bulk) and a round in the voting phase with its projects."""
    from django.utils import timezone

    from nabij.areas.models import Address, Neighbourhood
    from nabij.budgets.models import BudgetProposal, BudgetRound, Phase, ProposalStatus
    from nabij.people.models import Household, Membership, Resident
    from nabij.tests import factories as f

    rng = random.Random(seed)
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    municipality = f.MunicipalityFactory(code="GM9998", name="Stemstad")
    district = f.DistrictFactory(municipality=municipality, code="WK999801", name="Bankwijk")
    team = f.TeamFactory(name="Bench team")
    team.districts.add(district)
    coordinator = f.ProfessionalFactory(user__username="benchcoord", team=team, coordinator=True)
    areas = Neighbourhood.objects.bulk_create(
        Neighbourhood(district=district, code=f"BU9998{i:04d}", name=f"Buurt {i}")
        for i in range(neighbourhoods)
    )
    homes = (ballots + 3) // 4
    addresses = Address.objects.bulk_create(
        (
            Address(
                neighbourhood=areas[i % neighbourhoods],
                postcode=f"{1000 + i // 2000} AB",
                street="Stemstraat",
                house_number=i % 2000 + 1,
                city="Stemstad",
            )
            for i in range(homes)
        ),
        batch_size=5000,
    )
    households = Household.objects.bulk_create(
        (
            Household(name=f"H{i}", address=a, neighbourhood_id=a.neighbourhood_id, team=team)
            for i, a in enumerate(addresses)
        ),
        batch_size=5000,
    )
    residents = Resident.objects.bulk_create(
        (
            Resident(
                first_name=f"R{i}",
                last_name="Stemmer",
                date_of_birth=dt.date(1960 + i % 40, 1 + i % 12, 1),
            )
            for i in range(ballots)
        ),
        batch_size=5000,
    )
    Membership.objects.bulk_create(
        (
            Membership(
                household=households[i // 4],
                resident=r,
                role="head" if i % 4 == 0 else "other",
                started_on=dt.date(2020, 1, 1),
            )
            for i, r in enumerate(residents)
        ),
        batch_size=5000,
    )
    fields = {
        "district": district,
        "year": today.year,
        "amount_cents": 100_000_000,
        "phase": Phase.VOTING,
        "proposals_from": today - 40 * day,
        "proposals_until": today - 20 * day,
        "checking_until": today - 10 * day,
        "voting_from": today - 5 * day,
        "voting_until": today + 10 * day,
        "results_on": today + 12 * day,
        "created_by": coordinator.user,
    }
    rounds = [
        BudgetRound.objects.create(title="Buurtbudget", **fields),
        BudgetRound.objects.create(
            title="Baseline", neighbourhood=areas[0], **fields
        ),  # the baseline's rows
    ]
    costs = []
    for budget_round in rounds:
        made = BudgetProposal.objects.bulk_create(
            BudgetProposal(
                round=budget_round,
                number=n + 1,
                title=f"Project {n + 1}",
                description="Een plan.",
                cost_estimate_cents=c,
                cost_cents=c,
                status=ProposalStatus.FEASIBLE,
            )
            for n, c in enumerate(
                rng.randrange(500_000, 5_000_000, 10_000) for _ in range(projects)
            )
        )
        costs.append({p.pk: p.cost_cents for p in made})
    places = [addresses[i // 4].neighbourhood_id for i in range(ballots)]
    return rounds, residents, costs, coordinator, rng, places


def approvals(rng: random.Random, costs: dict[int, int], budget: int) -> list[int]:
    """A synthetic approval set: 1 to 8 projects, popular ones likelier, within the budget."""
    ids = sorted(costs)
    weights = [1 / (rank + 1) for rank in range(len(ids))]
    chosen: list[int] = []
    total = 0
    for pk in set(rng.choices(ids, weights, k=rng.randint(1, 8))):
        if total + costs[pk] <= budget:
            chosen.append(pk)
            total += costs[pk]
    return sorted(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=150)
    parser.add_argument("--neighbourhoods", type=int, default=12)
    parser.add_argument("--plain", type=int, default=10_000, help="ballots of the per-row baseline")
    parser.add_argument(
        "--cast",
        type=int,
        default=0,
        help="cast only this many through ballot_cast (0: all); the rest are bulk-written, so "
        "the close still runs on --ballots",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from nabij.access.gate import Actor
    from nabij.budgets import services_voting as services
    from nabij.budgets.models import Ballot, Channel, Voter
    from nabij.budgets.tally import tally

    vendor = connection.vendor
    load = os.getloadavg()[0]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        rounds, residents, costs, coordinator, rng, places = build(
            args.ballots, args.projects, args.neighbourhoods, args.seed
        )
        voting, baseline = rounds
        built_s = time.perf_counter() - t0
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        ballots = [approvals(rng, costs[0], voting.amount_cents) for _ in residents]
        anonymous = AnonymousUser()

        # 1. The real code path, one request's transaction per ballot.
        with CaptureQueriesContext(connection) as one:
            services.ballot_cast(
                actor=Actor(user=anonymous, professional=None, resident=residents[0]),
                budget_round=voting,
                proposal_ids=ballots[0],
            )
        cast = args.cast or len(residents)
        t = time.perf_counter()
        for resident, choices in zip(residents[1:cast], ballots[1:cast], strict=True):
            services.ballot_cast(
                actor=Actor(user=anonymous, professional=None, resident=resident),
                budget_round=voting,
                proposal_ids=choices,
            )
        cast_s = time.perf_counter() - t
        cast_rate = (cast - 1) / cast_s
        rest = Ballot.objects.bulk_create(
            (
                Ballot(round=voting, neighbourhood_id=places[i], choices=ballots[i])
                for i in range(cast, len(ballots))
            ),
            batch_size=5000,
        )
        Voter.objects.bulk_create(
            (
                Voter(round=voting, resident=r, channel=Channel.DIGID, ballot=b)
                for r, b in zip(residents[cast:], rest, strict=True)
            ),
            batch_size=5000,
        )
        assert Voter.objects.filter(round=voting).count() == len(residents)

        # 2a. Baseline: the same rows, bulk-inserted.
        area = baseline.neighbourhood_id
        remap = dict(zip(sorted(costs[0]), sorted(costs[1]), strict=True))
        t = time.perf_counter()
        with transaction.atomic():
            rows = Ballot.objects.bulk_create(
                (
                    Ballot(round=baseline, neighbourhood_id=area, choices=[remap[c] for c in b])
                    for b in ballots
                ),
                batch_size=5000,
            )
            Voter.objects.bulk_create(
                (
                    Voter(round=baseline, resident=r, channel=Channel.DIGID, ballot=b)
                    for r, b in zip(residents, rows, strict=True)
                ),
                batch_size=5000,
            )
        bulk_s = time.perf_counter() - t
        bulk_rate = len(residents) / bulk_s
        Voter.objects.filter(round=baseline).delete()
        Ballot.objects.filter(round=baseline).delete()
        # 2b. Baseline: two plain inserts in a transaction per ballot.
        plain = min(args.plain, len(residents))
        t = time.perf_counter()
        for r, b in zip(residents[:plain], ballots[:plain], strict=True):
            with transaction.atomic():
                row = Ballot.objects.create(round=baseline, neighbourhood_id=area, choices=b)
                Voter.objects.create(round=baseline, resident=r, channel=Channel.DIGID, ballot=row)
        plain_rate = plain / (time.perf_counter() - t)

        # 3. The close on the cast ballots, and its steps alone.
        voting.refresh_from_db()
        t = time.perf_counter()
        services.voting_close(
            actor=Actor(user=coordinator.user, professional=coordinator),
            budget_round=voting,
            expected_version=voting.version,
        )
        close_s = time.perf_counter() - t
        kept = list(Ballot.objects.filter(round=voting))
        election = services.election_for(voting, kept)
        tally_s = {}
        for rule in ("greedy", "mes", "mes-add1"):
            t = time.perf_counter()
            tally(election, rule)
            tally_s[rule] = time.perf_counter() - t
        with transaction.atomic():
            t = time.perf_counter()
            services._reshuffle(voting)
            reshuffle_s = time.perf_counter() - t
            transaction.set_rollback(True)
        assert not Voter.objects.filter(round=voting, ballot__isnull=False).exists()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    lines = [
        f"### Casting ballots ({vendor}, {args.ballots:,} ballots, {args.projects} projects)",
        "",
        f"- date {dt.datetime.now(dt.UTC).date().isoformat()}, commit {commit()}, {machine()}, "
        f"load {load:.2f} "
        f"at the start; set-up (bulk, not measured) {built_s:.0f} s",
        f"- one `ballot_cast` runs {len(one.captured_queries)} SQL statements",
        "",
        "| what | ballots/s | ratio to `ballot_cast` |",
        "| --- | ---: | ---: |",
        f"| `ballot_cast` (gate + log row + checks + Voter + Ballot, a transaction each; "
        f"{cast:,}) | "
        f"{cast_rate:,.0f} | 1.0 |",
        f"| baseline: two plain ORM inserts, a transaction each ({plain:,}) | {plain_rate:,.0f} | "
        f"{plain_rate / cast_rate:.1f} |",
        f"| baseline: the same rows by `bulk_create` | {bulk_rate:,.0f} | "
        f"{bulk_rate / cast_rate:.1f} |",
        "",
        f"`voting_close` on {args.ballots:,} ballots: **{close_s:.1f} s** in one transaction "
        f"(unlink and re-create the ballots alone {reshuffle_s:.1f} s; tally greedy "
        f"{tally_s['greedy']:.2f} s, mes {tally_s['mes']:.2f} s, mes-add1 "
        f"{tally_s['mes-add1']:.2f} s).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
