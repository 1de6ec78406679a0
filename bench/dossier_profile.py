"""Where a household dossier page spends its time, step by step, in-process (no HTTP).

Repeats the steps of ``nabij.people.views.household_detail`` for a sample of the team
coordinator's households and times each one with its SQL queries: the access gate (with its
log row), the dossier selector, the assessment panel, the BSN and team rules, and the
template. Then renders the whole page through Django's test client (middleware, session and
user included) for the total. Reads internals on purpose: when the view changes, change this.

    uv run python bench/dossier_profile.py --database-url postgres://…/nabij_bench
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parent.parent / "src"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--username", default="teamleider")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--assessed",
        action="store_true",
        help="only households with a self-reliance assessment (chart shown)",
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.config.settings")
    os.environ.pop("NABIJ_ENV", None)
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from nabij.access import gate, rules
    from nabij.access.enums import Event
    from nabij.access.models import Professional
    from nabij.assessment import selectors as assessment_selectors
    from nabij.matching import selectors as matching_selectors
    from nabij.people.models import Household
    from nabij.plans import selectors  # the dossier (plans reads people, not the reverse)
    from nabij.portal import selectors as portal_selectors

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    professional = Professional.objects.select_related("user", "team", "organisation").get(
        user__username=args.username
    )
    households = Household.objects.filter(team=professional.team)
    if args.assessed:
        households = households.filter(memberships__resident__assessments__isnull=False)
    ids = sorted(set(households.values_list("pk", flat=True)))
    sample = random.Random(args.seed).sample(ids, min(args.pages, len(ids)))
    actor = gate.Actor(user=professional.user, professional=professional, channel="bench")
    factory = RequestFactory()
    times: dict[str, list[float]] = {}
    queries: dict[str, list[int]] = {}

    def step(name: str, work: Callable[[], Any]) -> Any:
        connection.queries_log.clear()  # the log is a bounded deque: keep counts exact
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            result = work()
            times.setdefault(name, []).append((time.perf_counter() - began) * 1000)
        queries.setdefault(name, []).append(len(captured))
        return result

    client = Client()
    client.force_login(professional.user)
    for household_id in sample[:20]:  # warm up: templates, translations, connections
        client.get(f"/huishoudens/{household_id}/")

    def matching_help(actor: gate.Actor, household: Household) -> Any:
        found = matching_selectors.household_matching(household)
        gate.log_participants(
            actor,
            [m.profile for m in found if m.profile is not None],
            event=Event.MATCHING_DOSSIER,
            household_id=household.pk,
        )
        return found

    def profile(household_id: int) -> None:
        request = factory.get(f"/huishoudens/{household_id}/")
        request.user = professional.user
        household = step(
            "gate.household_for (+ access log row)",
            lambda: gate.household_for(actor, household_id, event="dossier.view"),
        )
        dossier = step(
            "selectors.household_dossier",
            lambda: selectors.household_dossier(household, goal_details=False),
        )
        help_ = step(
            "neighbourhood help (+ its log rows)",
            lambda: matching_help(actor, household),
        )
        corrections = step(
            "correction requests", lambda: portal_selectors.household_corrections(household)
        )
        panel = step(
            "assessment panel",
            lambda: assessment_selectors.household_assessment_panel(household=household),
        )
        reveal = step(
            "may_reveal_bsn + can_manage_team",
            lambda: (
                gate.may_reveal_bsn(actor, household),
                rules.can_manage_team(actor.professional, household),
            ),
        )
        context = {
            "neighbourhood_help": help_,
            "corrections": corrections,
            "dossier": dossier,
            "household": household,
            "assessment_panel": panel,
            "reveal_bsn": reveal[0],
            "can_manage_team": reveal[1],
        }
        step(
            "template: whole page",
            lambda: render_to_string("people/household_detail.html", context, request=request),
        )
        step(
            "  of which: assessment panel and chart",
            lambda: render_to_string("assessment/_panel.html", {"assessment_panel": panel}),
        )
        step(
            "  of which: plan goals and actions",
            lambda: render_to_string("plans/_goals.html", {"goals": dossier.goals}),
        )
        step(
            "full request via test client (middleware, session, user)",
            lambda: client.get(f"/huishoudens/{household_id}/"),
        )

    for household_id in sample:
        profile(household_id)

    print(
        f"{len(sample)} dossiers{' with assessments' if args.assessed else ''} of "
        f"{professional.team}, {connection.vendor}, as {args.username}\n"
    )
    print("| step | median ms | p95 ms | queries (median) |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in times.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"| {name} | {statistics.median(values):.1f} | {p95:.1f} "
            f"| {statistics.median(queries[name]):g} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
