"""The demo's rules register and breakthroughs (issue 14).

Leeuwarden's own rules (ordinances and policy rules of the municipality, the housing
corporation's and the debt help's own rules) join the national laws the migration ships.
Hakan's breakthrough is linked to the rule it set aside and gets its story; a hundred-odd
breakthroughs of synthetic households, spread over the five teams and the last four quarters,
make the analysis page show figures despite suppression (cells of at least ten households for
the rules set aside most, smaller ones hidden, as in a real municipality).

Hooked into ``demo.services._demo_write`` after the synthetic households exist. Written through
``plans.services`` (record, update, close) as the teams' coordinators, who hold the mandate.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping

from nabij.access.gate import Actor
from nabij.access.models import Organisation, Professional, Role
from nabij.demo.world import World
from nabij.learning.models import Rule
from nabij.people.models import Household
from nabij.plans import services as plans
from nabij.plans.models import Breakthrough, GoalHeld

GEMEENTE, WOONSTICHTING, SCHULDHULP = "gemeente", "woonstichting", "schuldhulp"

LOCAL_RULES = (
    (
        GEMEENTE,
        Rule.Kind.ORDINANCE,
        "Maatwerk alleen als een algemene voorziening niet volstaat",
        "Verordening maatschappelijke ondersteuning Leeuwarden",
        "Eerst kijken of een algemene voorziening (zoals de was- of boodschappendienst) "
        "genoeg is; pas daarna een maatwerkvoorziening.",
    ),
    (
        GEMEENTE,
        Rule.Kind.ORDINANCE,
        "Inkomenstoeslag pas na langdurig laag inkomen",
        "Verordening individuele inkomenstoeslag (Participatiewet, art. 8 lid 1 onder c en "
        "art. 36)",
        "De individuele inkomenstoeslag is er alleen voor wie al lange tijd (de "
        "referteperiode in de verordening) een laag inkomen heeft.",
    ),
    (
        GEMEENTE,
        Rule.Kind.POLICY,
        "Geen bijzondere bijstand voor schulden",
        "Beleidsregels bijzondere bijstand (Participatiewet, art. 35)",
        "Schulden worden niet betaald uit bijzondere bijstand; alleen in zeer bijzondere gevallen.",
    ),
    (
        GEMEENTE,
        Rule.Kind.POLICY,
        "Maatschappelijke opvang alleen met regiobinding",
        "Beleidsregels maatschappelijke opvang",
        "Wie geen band heeft met de regio, wordt doorverwezen naar een andere gemeente.",
    ),
    (
        WOONSTICHTING,
        Rule.Kind.ORGANISATION,
        "Geen nieuw huurcontract bij een huurschuld",
        "Toewijzingsbeleid",
        "Wie nog een huurschuld heeft bij een corporatie, krijgt geen nieuw huurcontract.",
    ),
    (
        SCHULDHULP,
        Rule.Kind.ORGANISATION,
        "Schuldhulp pas bij een geordende administratie",
        "Toelatingsbeleid schuldhulpverlening",
        "Een schuldregeling begint pas als de administratie op orde is en de situatie stabiel "
        "is (eerst stabilisatie).",
    ),
)

HAKAN_RULE = "Geen bijstand zonder geldig identiteitsbewijs"

# (rule name, team key, households, of which solved with the goal holding)
SPREAD = (
    ("Kostendelersnorm", "heechterp", 12, 10),
    ("Kostendelersnorm", "zuid", 11, 9),
    ("Kostendelersnorm", "west", 3, 2),
    ("Geen nieuw huurcontract bij een huurschuld", "heechterp", 12, 9),
    ("Geen nieuw huurcontract bij een huurschuld", "binnenstad", 10, 8),
    ("Vier weken zoektijd voor jongeren onder de 27", "binnenstad", 11, 4),
    ("Vier weken zoektijd voor jongeren onder de 27", "zuid", 4, 1),
    ("Schuldhulp pas bij een geordende administratie", "west", 10, 5),
    ("Schuldhulp pas bij een geordende administratie", "dorpen", 2, 1),
    ("Eerst onderzoek, dan een voorziening", "dorpen", 5, 3),
    ("Maatschappelijke opvang alleen met regiobinding", "heechterp", 3, 2),
)

STORIES = {
    "Kostendelersnorm": (
        "Zoon (23) mocht bij zijn moeder blijven wonen zonder dat haar uitkering daalde.",
        "De kostendelersnorm zou de bijstand van de moeder verlagen als haar zoon bleef.",
        "Zes maanden geen korting; de zoon zoekt intussen een kamer.",
    ),
    "Geen nieuw huurcontract bij een huurschuld": (
        "Huurcontract getekend; de oude huurschuld wordt in termijnen afgelost.",
        "Zonder nieuw huurcontract bleef het gezin in de opvang.",
        "Afspraak met de corporatie: huis nu, aflossen in 24 termijnen.",
    ),
    "Vier weken zoektijd voor jongeren onder de 27": (
        "Direct een voorschot; de jongere woont weer ergens.",
        "Een dakloze jongere kon vier weken geen uitkering aanvragen.",
        "Voorschot in de zoekweken, met een vaste afspraak per week.",
    ),
    "Schuldhulp pas bij een geordende administratie": (
        "Schuldhulp begonnen terwijl een vrijwilliger de administratie ordent.",
        "Schuldhulp wilde pas beginnen als de administratie op orde was.",
        "Schuldhulp en ordenen tegelijk, met een vrijwilliger van de buurt.",
    ),
    "Eerst onderzoek, dan een voorziening": (
        "Huishoudelijke hulp gestart voor het gesprek; later bevestigd.",
        "Het onderzoek duurt zes weken; de hulp was nu nodig.",
        "Hulp direct inzetten, onderzoek daarna.",
    ),
    "Maatschappelijke opvang alleen met regiobinding": (
        "Opgevangen in Leeuwarden; terug naar de eigen regio bleek onveilig.",
        "Zonder regiobinding geen opvang.",
        "Opvang zonder regiobinding, vanwege de veiligheid.",
    ),
}


def rules_demo_load(world: World) -> dict[str, Rule]:
    """Leeuwarden's own rules in the register, beside the laws the migration shipped."""
    owners: dict[str, Organisation] = world.organisations
    rules = {}
    for owner_key, kind, name, reference, description in LOCAL_RULES:
        rule, _created = Rule.objects.get_or_create(
            owner=owners[owner_key],
            name=name,
            defaults={"kind": kind, "reference": reference, "description": description},
        )
        rules[name] = rule
    for rule in Rule.objects.filter(kind=Rule.Kind.LAW):
        rules[rule.name] = rule
    return rules


def _coordinator(team_id: int | None) -> Actor:
    professional = (
        Professional.objects.select_related("user")
        .filter(team_id=team_id, role=Role.TEAM_COORDINATOR)
        .order_by("pk")
        .first()
    )
    assert professional is not None, "every demo team has a coordinator"
    return Actor(user=professional.user, professional=professional, channel="demo")


def _hakan(household: Household, rule: Rule | None, today: dt.date) -> None:
    """Hakan's breakthrough: the rule it set aside, and what came of it so far."""
    breakthrough = household.breakthroughs.order_by("decided_on").first()
    if breakthrough is None or rule is None:
        return
    Breakthrough.objects.filter(pk=breakthrough.pk).update(rule_set_aside=rule)
    actor = _coordinator(household.team_id)
    plans.breakthrough_update_add(
        actor=actor,
        household=household,
        breakthrough_id=breakthrough.pk,
        expected_version=breakthrough.version,
        on_date=today - dt.timedelta(days=35),
        text="Paspoort ontvangen. Verlenging van de verblijfsvergunning aangevraagd bij de IND.",
        real_cost_cents=40_000,
        saving_cents=None,
        saving_basis="",
        goal_held=GoalHeld.PARTLY,
    )
    plans.breakthrough_update_add(
        actor=actor,
        household=household,
        breakthrough_id=breakthrough.pk,
        expected_version=breakthrough.version + 1,
        on_date=today - dt.timedelta(days=7),
        text="16 van de 40 uur gekookt in De Skalm. Bijstand aangevraagd nu het paspoort er is.",
        real_cost_cents=40_000,
        saving_cents=193_600,
        saving_basis="Een maand nachtopvang minder: 1/12 van €23.236 per persoon per jaar "
        "(Cebeon 2011, kengetal).",
        goal_held=GoalHeld.PARTLY,
    )


def breakthroughs_demo_load(
    world: World,
    named: Mapping[str, Household],
    synthetic_ids: list[int],
    today: dt.date,
    *,
    seed: int = 2026,
) -> int:
    """Breakthroughs of synthetic households, spread over teams, rules and quarters; some
    still open, most closed with their outcome. Returns how many were recorded."""
    rules = rules_demo_load(world)
    if "hakan" in named:
        _hakan(named["hakan"], rules.get(HAKAN_RULE), today)
    rng = random.Random(seed)
    by_team: dict[int, list[Household]] = {}
    for household in Household.objects.filter(pk__in=synthetic_ids).order_by("pk"):
        if household.team_id is not None:
            by_team.setdefault(household.team_id, []).append(household)
    for households in by_team.values():
        rng.shuffle(households)
    recorded = 0
    for rule_name, team_key, count, good in SPREAD:
        rule = rules.get(rule_name)
        team = world.teams.get(team_key)
        if rule is None or team is None:
            continue
        pool = by_team.get(team.pk, [])
        chosen, by_team[team.pk] = pool[:count], pool[count:]
        actor = _coordinator(team.pk)
        came_of_it, blocked, decision = STORIES[rule_name]
        for i, household in enumerate(chosen):
            decided_on = today - dt.timedelta(days=rng.randint(40, 220))
            cost = rng.choice((0, 15_000, 40_000, 75_000, 120_000))
            b = plans.breakthrough_record(
                actor=actor,
                household=household,
                blocked=blocked,
                rule_set_aside_id=rule.pk,
                decision=decision,
                decided_on=decided_on,
                cost_cents=cost,
            )
            solved = i < good
            plans.breakthrough_update_add(
                actor=actor,
                household=household,
                breakthrough_id=b.pk,
                expected_version=1,
                on_date=decided_on + dt.timedelta(days=30),
                text=came_of_it,
                real_cost_cents=cost + rng.choice((0, 0, 5_000, 10_000)),
                saving_cents=rng.choice((100_000, 250_000, 500_000)) if solved else 0,
                saving_basis="Opvang en uitzetting die niet nodig waren, tegen de kengetallen."
                if solved
                else "",
                goal_held=GoalHeld.YES if solved else rng.choice((GoalHeld.PARTLY, GoalHeld.NO)),
            )
            if i % 4 != 3:  # a quarter of them is still open
                plans.breakthrough_close(
                    actor=actor,
                    household=household,
                    breakthrough_id=b.pk,
                    expected_version=2,
                    closed_on=min(today, decided_on + dt.timedelta(days=35)),
                    outcome=Breakthrough.Outcome.SOLVED
                    if solved
                    else rng.choice((Breakthrough.Outcome.PARTLY, Breakthrough.Outcome.NOT_SOLVED)),
                    outcome_note="",
                )
            recorded += 1
    return recorded
