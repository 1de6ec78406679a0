"""The demo's area funds: this year's budget for every district a demo team works in, and
Hakan's breakthrough paid from the Heechterp-Schieringen fund (a €400 loan, 40 hours of
volunteer cooking, two repayments and 16 hours so far). Written through the services, by the
people who would do it on the pages, so the ledger and the access log are as in real use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.funds import services
from nabij.funds.models import Agreement
from nabij.people.models import Household

DEMO_CENTS_PER_INHABITANT = services.DEFAULT_CENTS_PER_INHABITANT  # €10 per inhabitant


def funds_demo_load(world: World, named: dict[str, Household], today: dt.date) -> Agreement | None:
    """Budgets for this year, then Hakan's loan; returns the loan (None without Hakan)."""
    services.budgets_allocate_all(
        actor=actor_for(world.staff["beheerder"]),
        year=today.year,
        cents_per_inhabitant=DEMO_CENTS_PER_INHABITANT,
    )
    hakan = named.get("hakan")
    if hakan is None:
        return None
    breakthrough = hakan.breakthroughs.order_by("-decided_on").first()
    decided_on = breakthrough.decided_on if breakthrough else today - dt.timedelta(days=60)
    loan = services.agreement_create(
        actor=actor_for(world.staff["teamleider"]),
        household=hakan,
        kind=Agreement.Kind.LOAN,
        amount_cents=40_000,
        purpose="Voorschot voor paspoort en leges",
        reciprocity="40 uur vrijwillig koken in buurthuis De Skalm",
        hours_agreed=Decimal("40"),
        decided_on=decided_on,
        breakthrough=breakthrough,
    )
    coach = actor_for(world.staff["wijkcoach"])
    for days_ago, cents in ((30, 5_000), (5, 5_000)):
        services.repayment_record(
            actor=coach,
            agreement=loan,
            household=hakan,
            amount_cents=cents,
            paid_on=max(decided_on, today - dt.timedelta(days=days_ago)),
            version=loan.version,
        )
    for days_ago, hours, note in ((40, "8", "Twee kookavonden"), (20, "8", "Twee kookavonden")):
        services.hours_record(
            actor=coach,
            agreement=loan,
            household=hakan,
            hours=Decimal(hours),
            done_on=max(decided_on, today - dt.timedelta(days=days_ago)),
            note=note,
            version=loan.version,
        )
    return loan
