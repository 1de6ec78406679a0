"""The households of every scenario in the domain brief, registered through the real services.

Each is written the way the wijkcoach of Sociaal wijkteam Heechterp-Schieringen would record
it: household, members, network, what matters most to them (asked first), the one plan with
network and professional actions side by side, assessments over time, threats and
breakthroughs. All of them live in Heechterp or Schieringen (district WK008050), where the
first Dutch social district team started. People and addresses are invented.
"""

# Turkish names are spelled with a dotless i (U+0131): not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone

from nabij.access import gate
from nabij.access.digid import resident_user_for_bsn
from nabij.access.enums import Event
from nabij.access.models import Assignment, Outcome, Purpose
from nabij.access.services import assignment_start
from nabij.assessment.services import assessment_record, priority_record
from nabij.demo.generator import SCENARIO_BSN_BLOCK, bsn_for
from nabij.demo.residents_plan import residents_plan_load
from nabij.demo.residents_platform import residents_platform_load
from nabij.demo.residents_rights import residents_rights_load
from nabij.demo.residents_together import together_demo_load
from nabij.demo.world import World
from nabij.demo.writers import actor_for, backdate, default_instrument
from nabij.people import services as people
from nabij.people.models import Household, Membership, NetworkMember, Resident
from nabij.plans import services as plans
from nabij.plans.models import Action, Breakthrough, CoercionThreat, Goal, Plan

HEECHTERP = "BU00805001"
SCHIERINGEN = "BU00805002"
SCENARIO_POSTCODE = "8924"  # letters A*: see generator.SCENARIO_LETTERS

# A resident of the Karima scenario; her BSN marks the demo as loaded.
KARIMA_BSN = bsn_for(SCENARIO_BSN_BLOCK, 2)

ZRM = (
    "financien",
    "dagbesteding",
    "huisvesting",
    "huiselijke-relaties",
    "geestelijke-gezondheid",
    "lichamelijke-gezondheid",
    "verslaving",
    "adl",
    "sociaal-netwerk",
    "maatschappelijke-participatie",
    "justitie",
)


def levels(*values: int) -> dict[str, int]:
    """Eleven levels in zrm-11 domain order, as a mapping by domain code."""
    return dict(zip(ZRM, values, strict=True))


@dataclass
class Writer:
    """Records one household through the services, keeping track of the plan's version."""

    world: World
    today: dt.date
    household: Household
    coordinator: str = "wijkcoach"
    known_since: dt.date | None = None
    version: int = 1
    network: dict[str, NetworkMember] = field(default_factory=dict)
    residents: dict[str, Resident] = field(default_factory=dict)

    @property
    def actor(self) -> gate.Actor:
        return actor_for(self.world.staff[self.coordinator])

    def member_actor(self, first_name: str | None = None) -> gate.Actor:
        """A member of the household in Mijn Nabij (the first one unless named): the
        household writes its own goals and signs its own plan."""
        resident = self.residents[first_name or next(iter(self.residents))]
        user = resident_user_for_bsn(None, resident.bsn or "")
        assert user is not None, f"{resident} has no Mijn Nabij account"
        return gate.Actor(user=user, professional=None, resident=resident, channel="demo")

    def member(
        self, first_name: str, last_name: str, born: dt.date, role: str, serial: int
    ) -> Resident:
        membership = people.member_add(
            household=self.household,
            role=role,
            resident=people.ResidentInput(
                first_name=first_name,
                last_name=last_name,
                date_of_birth=born,
                bsn=bsn_for(SCENARIO_BSN_BLOCK, serial),
            ),
        )
        self.residents[first_name] = membership.resident
        return membership.resident

    def involve(self, username: str, *, own_plan: bool = False) -> None:
        assignment_start(
            household_id=self.household.pk,
            professional=self.world.staff[username],
            kind=Assignment.Kind.INVOLVED,
            has_own_plan=own_plan,
        )

    def know(
        self,
        key: str,
        name: str,
        relation: str,
        detail: str,
        can_do: str = "",
        wants_to_do: str = "",
        view: str = "",
    ) -> NetworkMember:
        member = people.network_member_add(
            household=self.household,
            name=name,
            relation=relation,
            relation_detail=detail,
            can_do=can_do,
            wants_to_do=wants_to_do,
            household_view=view,
        )
        self.network[key] = member
        return member

    def priority(self, text: str, said_by: str, days_ago: int) -> None:
        priority_record(
            actor=self.actor,
            household=self.household,
            text=text,
            said_by=said_by,
            recorded_on=self.today - dt.timedelta(days=days_ago),
        )

    def plan_kind(self, kind: str) -> None:
        plans.plan_set_kind(
            actor=self.actor, household=self.household, expected_version=self.version, kind=kind
        )
        self.version += 1

    def goal(
        self,
        text: str,
        *,
        author: str = Goal.Author.HOUSEHOLD,
        due_days: int = 90,
        review_days: int | None = 30,
        by: str | None = None,
    ) -> Goal:
        """A goal in the household's words is written by a member (``by``, else the first) in
        Mijn Nabij; a professional's or the network's by the coordinator."""
        household_goal = author == Goal.Author.HOUSEHOLD
        goal = plans.goal_add(
            actor=self.member_actor(by) if household_goal else self.actor,
            household=self.household,
            expected_version=self.version,
            text=text,
            author=None if household_goal else author,
            due_on=self.today + dt.timedelta(days=due_days),
            review_on=self.today + dt.timedelta(days=review_days) if review_days else None,
        )
        self.version += 1
        return goal

    def action(
        self,
        goal: Goal,
        description: str,
        kind: str,
        *,
        network: str | None = None,
        professional: str | None = None,
        name: str = "",
        status: str = "",
        requested: bool = False,
        safety: bool = False,
        due_days: int | None = None,
    ) -> Action:
        action = plans.action_add(
            actor=self.actor,
            household=self.household,
            expected_version=self.version,
            goal_id=goal.pk,
            description=description,
            actor_kind=kind,
            network_member_id=self.network[network].pk if network else None,
            professional_id=self.world.staff[professional].pk if professional else None,
            actor_name=name,
            due_on=self.today + dt.timedelta(days=due_days) if due_days else None,
            requested_by_family=requested,
            is_safety_condition=safety,
        )
        self.version += 1
        if status:
            plans.action_set_status(
                actor=self.actor,
                household=self.household,
                expected_version=self.version,
                action_id=action.pk,
                status=status,
            )
            self.version += 1
        return action

    def goal_status(self, goal: Goal, status: str) -> None:
        plans.goal_update(
            actor=self.actor,
            household=self.household,
            expected_version=self.version,
            goal_id=goal.pk,
            text=goal.text,
            status=status,
            due_on=goal.due_on,
            review_on=goal.review_on,
        )
        self.version += 1

    def sign(self, by: str) -> None:
        """A signature given on paper, recorded by the coordinator."""
        plans.plan_sign_off(
            actor=self.actor,
            household=self.household,
            expected_version=self.version,
            signed_off_by=by,
        )
        self.version += 1

    def sign_in_portal(self, first_name: str) -> None:
        """The member signs the plan themselves in Mijn Nabij."""
        plans.plan_sign(
            actor=self.member_actor(first_name),
            household=self.household,
            expected_version=self.version,
        )
        self.version += 1

    def assess(
        self, first_name: str, days_ago: int, scores: Mapping[str, int], note: str = ""
    ) -> None:
        instrument, domains = default_instrument()
        by_code = {d.code: d.pk for d in domains}
        assessment_record(
            actor=self.actor,
            resident=self.residents[first_name],
            instrument=instrument,
            assessed_on=self.today - dt.timedelta(days=days_ago),
            scores={by_code[code]: level for code, level in scores.items()},
            note=note,
        )


def born(today: dt.date, age: int, month: int, day: int) -> dt.date:
    """A birthday that makes the person ``age`` today (month and day fixed for readability)."""
    year = today.year - age
    if (month, day) > (today.month, today.day):
        year -= 1
    return dt.date(year, month, day)


def start(
    world: World,
    today: dt.date,
    *,
    name: str,
    street: str,
    number: int,
    letters: str,
    neighbourhood: str,
    first_name: str,
    last_name: str,
    birth: dt.date,
    serial: int,
    known_for_days: int,
) -> Writer:
    """Register a household with its first member, as the wijkcoach does on the page."""
    coordinator = world.staff["wijkcoach"]
    household = people.household_create(
        actor=actor_for(coordinator),
        name=name,
        address=people.AddressInput(
            postcode=f"{SCENARIO_POSTCODE} {letters}",
            street=street,
            house_number=number,
            addition="",
            city="Leeuwarden",
            neighbourhood_code=neighbourhood,
        ),
        first_member=people.ResidentInput(
            first_name=first_name,
            last_name=last_name,
            date_of_birth=birth,
            bsn=bsn_for(SCENARIO_BSN_BLOCK, serial),
        ),
    )
    writer = Writer(
        world=world,
        today=today,
        household=household,
        known_since=today - dt.timedelta(days=known_for_days),
    )
    writer.residents[first_name] = household.memberships.get().resident
    return writer


def finish(writer: Writer) -> Household:
    """Back-date membership and assignments, and log the registration as the page would."""
    household = writer.household
    backdate(household, writer.known_since or writer.today)
    gate.log(
        writer.actor,
        event=Event.HOUSEHOLD_CREATE,
        outcome=Outcome.GRANTED,
        purpose=Purpose.CARE,
        resident_ids=list(
            Membership.objects.filter(household=household).values_list("resident_id", flat=True)
        ),
        household_id=household.pk,
        detail="demo municipality",
    )
    return household


A = Action.ActorKind


def gladys(world: World, today: dt.date) -> Household:
    """Three children, two with sickle-cell disease, a learning disability, debts, and eight
    kinds of helpers from eight organisations, five of them with a plan of their own."""
    w = start(
        world,
        today,
        name="Huishouden Martina",
        street="Lijsterstraat",
        number=12,
        letters="AB",
        neighbourhood=HEECHTERP,
        first_name="Gladys",
        last_name="Martina",
        birth=born(today, 38, 3, 12),
        serial=10,
        known_for_days=300,
    )
    w.member("Jayden", "Martina", born(today, 14, 6, 2), Membership.Role.CHILD, 11)
    w.member("Naomi", "Martina", born(today, 10, 9, 23), Membership.Role.CHILD, 12)
    w.member("Elijah", "Martina", born(today, 7, 1, 30), Membership.Role.CHILD, 13)
    # Asked first, before any helper wrote anything down: what matters most to Gladys.
    w.priority(
        "De schulden. Ik wil weer post kunnen openmaken zonder bang te zijn.",
        "Gladys",
        days_ago=300,
    )
    for username, own_plan in (
        ("p.veenstra", True),  # debt help
        ("r.kooistra", True),  # youth care
        ("j.vanderwal", True),  # learning-disability support
        ("a.sikkema", True),  # home care
        ("a.mensah", True),  # paediatric sickle-cell care
        ("l.terpstra", False),  # school social work
        ("h.bouma", False),  # housing corporation
        ("e.vandermeer", False),  # mental health care
    ):
        w.involve(username, own_plan=own_plan)
    w.know(
        "ruth",
        "Ruth Martina",
        NetworkMember.Relation.FAMILY,
        "tante",
        can_do="post openmaken, meegaan naar afspraken",
        wants_to_do="elke week een middag helpen",
        view="Ruth is de enige die ik vertrouw.",
    )
    w.know(
        "joke",
        "Joke de Haan",
        NetworkMember.Relation.NEIGHBOUR,
        "buurvrouw",
        can_do="oppassen op Elijah als Naomi naar het ziekenhuis moet",
        wants_to_do="oppassen",
    )
    debts = w.goal("Van de schulden af: weer post openmaken zonder bang te zijn")
    w.action(
        debts,
        "Gladys doet alle brieven in één doos en neemt die mee naar de wijkcoach",
        A.HOUSEHOLD,
        status="done",
    )
    w.action(
        debts,
        "Opent elke dinsdag samen met Gladys de post",
        A.NETWORK,
        network="ruth",
        status="doing",
    )
    w.action(
        debts,
        "Stabilisatie: beslagvrije voet laten herberekenen en schuldeisers aanschrijven",
        A.PROFESSIONAL,
        professional="p.veenstra",
        status="doing",
    )
    w.action(
        debts,
        "Bijzondere bijstand aanvragen voor de achterstallige energierekening",
        A.PROFESSIONAL,
        professional="wijkcoach",
        status="done",
    )
    hospital = w.goal("Naomi en Elijah minder vaak in het ziekenhuis", due_days=180)
    w.action(
        hospital,
        "Eén behandelplan voor sikkelcelziekte en één contactpersoon bij een crisis",
        A.PROFESSIONAL,
        professional="a.mensah",
    )
    w.action(hospital, "Past op Elijah als Naomi opgenomen wordt", A.NETWORK, network="joke")
    w.action(
        hospital,
        "Thuiszorg in de week na een ziekenhuisopname",
        A.PROFESSIONAL,
        professional="a.sikkema",
    )
    school = w.goal("Jayden weer elke dag naar school")
    w.action(school, "Jayden zet zelf zijn wekker (afspraak met mama)", A.HOUSEHOLD)
    w.action(
        school,
        "Gesprek met Jayden en zijn mentor over het verzuim",
        A.PROFESSIONAL,
        professional="l.terpstra",
    )
    one_plan = w.goal("Eén plan en één aanspreekpunt in plaats van acht hulpverleners", due_days=60)
    w.action(
        one_plan,
        "Eén overleg met alle acht hulpverleners: hun plannen gaan op in dit ene plan",
        A.PROFESSIONAL,
        professional="wijkcoach",
    )
    w.goal_status(debts, Goal.Status.IN_PROGRESS)
    w.sign("Gladys Martina")
    threat = plans.threat_record(
        household=w.household,
        kind=CoercionThreat.Kind.DISCONNECTION,
        deadline=today - dt.timedelta(days=200),
        description="De energieleverancier dreigde af te sluiten om een achterstand van €1.150.",
    )
    plans.threat_set_status(
        household=w.household, threat_id=threat.pk, status=CoercionThreat.Status.AVERTED
    )
    w.assess("Gladys", 290, levels(1, 2, 3, 3, 2, 3, 5, 3, 2, 2, 5), "Intake bij het wijkteam.")
    w.assess("Gladys", 170, levels(2, 2, 3, 3, 2, 3, 5, 3, 3, 2, 5))
    w.assess(
        "Gladys",
        30,
        levels(2, 3, 3, 4, 3, 3, 5, 4, 3, 3, 5),
        "Schulden gestabiliseerd; nog geen regeling.",
    )
    return finish(w)


def karima(world: World, today: dt.date) -> Household:
    """Teen mother (19) with baby Noor in a teen-mother shelter; a €12,000 debt blocks a house,
    and debt help waits for a house. Network and professionals act side by side."""
    w = start(
        world,
        today,
        name="Huishouden El Amrani",
        street="Zwanestraat",
        number=40,
        letters="AE",
        neighbourhood=SCHIERINGEN,
        first_name="Karima",
        last_name="El Amrani",
        birth=born(today, 19, 2, 14),
        serial=2,
        known_for_days=120,
    )
    w.member("Noor", "El Amrani", today - dt.timedelta(days=130), Membership.Role.CHILD, 3)
    w.priority("Een eigen huis voor mij en Noor", "Karima", days_ago=120)
    w.involve("h.bouma")
    w.involve("p.veenstra")
    w.involve("r.kooistra")
    w.know(
        "samira",
        "Samira El Amrani",
        NetworkMember.Relation.FAMILY,
        "tante",
        can_do="meegaan naar bezichtigingen, oppassen op Noor",
        wants_to_do="Karima helpen een huis in te richten",
        view="Mijn tante is er altijd voor me.",
    )
    w.know(
        "youssef",
        "Youssef El Amrani",
        NetworkMember.Relation.FAMILY,
        "oom",
        can_do="papieren ordenen",
        wants_to_do="helpen met de schulden",
        view="Hij mag helpen, maar mijn vader hoeft het niet te weten.",
    )
    w.know(
        "lotte",
        "Lotte Bosma",
        NetworkMember.Relation.FRIEND,
        "vriendin van school",
        can_do="oppassen",
        wants_to_do="oppassen op schooldagen",
    )
    house = w.goal("Een eigen huis voor mij en Noor", due_days=60)
    w.action(house, "Karima schrijft zich in als woningzoekende", A.HOUSEHOLD, status="done")
    w.action(house, "Gaat mee naar bezichtigingen en past dan op Noor", A.NETWORK, network="samira")
    w.action(
        house,
        "Urgentie aanvragen: de opvang kost €60.000 per jaar, een huis veel minder",
        A.PROFESSIONAL,
        professional="wijkcoach",
        status="doing",
    )
    w.action(
        house,
        "Woning met voorrang toewijzen, ook al is de schuld nog niet geregeld",
        A.PROFESSIONAL,
        professional="h.bouma",
    )
    debt = w.goal("Van mijn schuld van €12.000 af", due_days=365, review_days=60)
    w.action(debt, "Helpt de papieren ordenen", A.NETWORK, network="youssef", status="doing")
    w.action(
        debt,
        "Schuldregeling starten zonder te wachten op een vaste woning",
        A.PROFESSIONAL,
        professional="p.veenstra",
    )
    school = w.goal("Mijn opleiding afmaken (mbo Helpende Zorg & Welzijn)", due_days=270)
    w.action(school, "Karima meldt zich weer bij school", A.HOUSEHOLD)
    w.action(school, "Past op Noor op schooldagen", A.NETWORK, network="lotte")
    w.action(school, "Kinderopvangtoeslag aanvragen", A.PROFESSIONAL, professional="wijkcoach")
    w.assess("Karima", 110, levels(1, 2, 1, 2, 2, 4, 5, 4, 3, 2, 5), "Intake in de opvang.")
    w.assess("Karima", 60, levels(1, 2, 1, 3, 3, 4, 5, 4, 3, 2, 5))
    w.assess(
        "Karima", 10, levels(2, 3, 1, 3, 3, 4, 5, 4, 4, 3, 5), "Schuldhulp gestart; huis nog niet."
    )
    return finish(w)


def hakan(world: World, today: dt.date) -> Household:
    """Former chef, 45, passport expired, no benefit: the team sets a rule aside."""
    w = start(
        world,
        today,
        name="Huishouden Yıldız",
        street="Reigerstraat",
        number=7,
        letters="AG",
        neighbourhood=SCHIERINGEN,
        first_name="Hakan",
        last_name="Yıldız",
        birth=born(today, 45, 5, 3),
        serial=20,
        known_for_days=90,
    )
    w.priority("Weer een geldig paspoort. Zonder paspoort kan ik niks.", "Hakan", days_ago=90)
    w.know(
        "emre",
        "Emre Şahin",
        NetworkMember.Relation.FRIEND,
        "oud-collega uit de keuken",
        can_do="Hakan kan bij hem logeren",
        wants_to_do="helpen met werk in de horeca",
    )
    breakthrough = plans.breakthrough_record(
        actor=w.actor,
        household=w.household,
        blocked="Hakans paspoort is verlopen. Zonder geldig paspoort geen verlenging van zijn "
        "verblijfsvergunning en geen uitkering; zonder uitkering geen geld voor een "
        "paspoort.",
        rule="Participatiewet: geen bijstand of voorschot zonder geldig identiteitsbewijs",
        decision="Voorschot van €400 uit de wijkkas voor paspoort en leges. Tegenprestatie: "
        "Hakan kookt 40 uur als vrijwilliger in buurthuis De Skalm. De uren worden "
        "in het plan bijgehouden.",
        decided_on=today - dt.timedelta(days=60),
        cost_cents=40_000,
        outcome=Breakthrough.Outcome.PARTLY,
        outcome_note="Paspoort ontvangen; verlenging verblijfsvergunning in behandeling. "
        "16 van de 40 uur gekookt.",
    )
    assert breakthrough.cost_cents == 40_000
    # The coach recorded it; the team coordinator, who holds the mandate, gives it.
    plans.breakthrough_mandate(
        actor=actor_for(world.staff["teamleider"]),
        household=w.household,
        breakthrough_id=breakthrough.pk,
    )
    papers = w.goal("Weer een geldig paspoort en verblijfsvergunning", due_days=45)
    w.action(
        papers,
        "Voorschot €400 uit de wijkkas (doorbraak, mandaat teamleider)",
        A.PROFESSIONAL,
        professional="wijkcoach",
        status="done",
    )
    w.action(papers, "Hakan vraagt zijn paspoort aan bij de ambassade", A.HOUSEHOLD, status="done")
    w.action(
        papers,
        "Verlenging verblijfsvergunning aanvragen bij de IND",
        A.PROFESSIONAL,
        professional="wijkcoach",
        status="doing",
    )
    cooking = w.goal("Weer koken: eerst als vrijwilliger, dan betaald", due_days=180)
    w.action(
        cooking,
        "40 uur vrijwillig koken in buurthuis De Skalm (tegenprestatie voor het voorschot)",
        A.HOUSEHOLD,
        status="doing",
    )
    w.action(
        cooking,
        "Maakt het rooster voor de kookavonden",
        A.VOLUNTEER,
        name="Anke, coördinator buurthuis De Skalm",
    )
    w.action(cooking, "Vraagt in zijn restaurant naar werk", A.NETWORK, network="emre")
    income = w.goal("Een uitkering tot ik weer werk heb", due_days=30)
    w.action(
        income,
        "Bijstand aanvragen zodra het paspoort er is",
        A.PROFESSIONAL,
        professional="a.elhaddouti",
    )
    w.goal_status(papers, Goal.Status.IN_PROGRESS)
    w.sign("Hakan Yıldız")
    w.assess("Hakan", 85, levels(1, 2, 2, 3, 3, 4, 4, 5, 2, 2, 4), "Geen inkomen, geen paspoort.")
    w.assess("Hakan", 15, levels(2, 3, 2, 3, 3, 4, 4, 5, 3, 3, 4))
    return finish(w)


def wheelchair_and_handyman(world: World, today: dt.date) -> tuple[Household, Household]:
    """Two neighbours in Schieringen, matched both ways by the social broker: Willem (in a
    wheelchair, good at paperwork) needs help in house and garden; Jesse can do odd jobs and
    his finances are a mess. *Koppel ze!*"""
    willem = start(
        world,
        today,
        name="Huishouden Hiemstra",
        street="Meeuwenstraat",
        number=5,
        letters="AH",
        neighbourhood=SCHIERINGEN,
        first_name="Willem",
        last_name="Hiemstra",
        birth=born(today, 63, 10, 8),
        serial=30,
        known_for_days=60,
    )
    jesse = start(
        world,
        today,
        name="Huishouden Postma",
        street="Meeuwenstraat",
        number=22,
        letters="AJ",
        neighbourhood=SCHIERINGEN,
        first_name="Jesse",
        last_name="Postma",
        birth=born(today, 20, 4, 17),
        serial=40,
        known_for_days=60,
    )
    matched = "Gekoppeld via de sociale makelaar (Fatma Yılmaz, Stichting Buurtkracht)."

    willem.priority(
        "Mijn tuin en huis weer bijhouden. Zelf kan ik niet meer bukken of op een trap.",
        "Willem",
        days_ago=60,
    )
    willem.involve("t.bosma")
    willem.know(
        "jesse",
        "Jesse Postma",
        NetworkMember.Relation.NEIGHBOUR,
        "buurjongen, Meeuwenstraat 22",
        can_do="klussen in huis en tuin, gras maaien, lampen ophangen",
        wants_to_do="iets terug: hulp met zijn administratie",
        view=f"{matched} Jesse helpt mij, ik help Jesse met zijn papieren.",
    )
    willem.know(
        "greet",
        "Greet Hiemstra",
        NetworkMember.Relation.FAMILY,
        "zus",
        can_do="belt elke week",
        wants_to_do="",
    )
    garden = willem.goal("Mijn huis en tuin netjes, zonder op een wachtlijst te staan")
    willem.action(
        garden,
        "Maait elke twee weken het gras en doet kleine klussen",
        A.NETWORK,
        network="jesse",
        status="doing",
    )
    willem.action(
        garden,
        "Wmo: traplift en hulp bij het huishouden aanvragen",
        A.PROFESSIONAL,
        professional="t.bosma",
    )
    useful = willem.goal("Iets betekenen voor de buurt met wat ik goed kan: papierwerk")
    willem.action(
        useful,
        "Willem helpt Jesse elke donderdag met zijn post en budget",
        A.HOUSEHOLD,
        status="doing",
    )
    willem.assess("Willem", 55, levels(4, 2, 3, 4, 3, 2, 5, 2, 2, 2, 5))
    willem.assess("Willem", 5, levels(4, 3, 3, 4, 4, 2, 5, 3, 3, 3, 5), "Koppeling met Jesse.")

    jesse.priority("Van mijn schulden af en snappen waar mijn geld blijft.", "Jesse", days_ago=60)
    jesse.involve("p.veenstra")
    jesse.know(
        "willem",
        "Willem Hiemstra",
        NetworkMember.Relation.NEIGHBOUR,
        "buurman, Meeuwenstraat 5",
        can_do="administratie, post ordenen, een budgetplan maken",
        wants_to_do="Jesse helpen, in ruil voor hulp in huis en tuin",
        view=f"{matched} Willem is goed met papieren.",
    )
    jesse.know(
        "anja",
        "Anja Postma",
        NetworkMember.Relation.FAMILY,
        "moeder",
        can_do="af en toe een maaltijd",
    )
    money = jesse.goal("Weten waar mijn geld blijft en geen nieuwe schulden")
    jesse.action(
        money,
        "Doet elke donderdag samen met Jesse de post en het budget",
        A.NETWORK,
        network="willem",
        status="doing",
    )
    jesse.action(
        money,
        "Schulden in kaart brengen en betalingsregelingen treffen",
        A.PROFESSIONAL,
        professional="p.veenstra",
    )
    jesse.action(money, "Jesse zet al zijn abonnementen op een rij", A.HOUSEHOLD)
    work = jesse.goal("Werk met mijn handen", due_days=180)
    jesse.action(work, "Klussen voor buren via de sociale makelaar", A.HOUSEHOLD, status="doing")
    jesse.action(
        work,
        "Gesprek over een leerwerkplek bij een aannemer",
        A.PROFESSIONAL,
        professional="a.elhaddouti",
    )
    jesse.assess("Jesse", 50, levels(1, 2, 3, 3, 4, 5, 4, 5, 3, 3, 4))
    return finish(willem), finish(jesse)


def homeless_youth(world: World, today: dt.date) -> Household:
    """Dylan (19) sleeps where he can and says "Ik heb niemand". No network is recorded and
    nothing waits for one: the plan carries professional support from the first day."""
    w = start(
        world,
        today,
        name="Huishouden Mulder",
        street="Kievitstraat",
        number=1,
        letters="AA",
        neighbourhood=HEECHTERP,
        first_name="Dylan",
        last_name="Mulder",
        birth=born(today, 19, 8, 21),
        serial=50,
        known_for_days=45,
    )
    w.priority("Een plek om te slapen. Ik heb niemand.", "Dylan", days_ago=45)
    w.involve("h.bouma")
    w.involve("e.vandermeer")
    bed = w.goal("Een vaste slaapplek", due_days=30, review_days=14)
    w.action(
        bed,
        "Vandaag een bed in de jongerenopvang regelen",
        A.PROFESSIONAL,
        professional="wijkcoach",
        status="done",
    )
    w.action(
        bed,
        "Een kamer met begeleiding zoeken",
        A.PROFESSIONAL,
        professional="h.bouma",
        status="doing",
    )
    w.action(bed, "Dylan komt elke dinsdag naar het spreekuur", A.HOUSEHOLD, status="doing")
    money = w.goal("Geld om van te leven", due_days=30)
    w.action(
        money,
        "Briefadres bij het wijkteam (Kievitstraat 1) en bijstand aanvragen",
        A.PROFESSIONAL,
        professional="wijkcoach",
        status="done",
    )
    w.action(money, "Samen een weekbudget maken", A.VOLUNTEER, name="Humanitas Thuisadministratie")
    w.goal(
        "Misschien later: weer contact met mijn zus. Dat bepaal ik zelf.",
        due_days=365,
        review_days=90,
    )
    w.assess(
        "Dylan",
        40,
        levels(1, 1, 1, 2, 2, 3, 3, 4, 1, 1, 4),
        "Slaapt bij wisselende "
        "kennissen en buiten. Zegt niemand te hebben; niet doorgevraagd als voorwaarde.",
    )
    w.assess("Dylan", 7, levels(2, 2, 2, 2, 3, 3, 3, 4, 2, 2, 4))
    return finish(w)


def eviction(world: World, today: dt.date) -> Household:
    """Sandra faces eviction in three weeks and does not want to move in with her own mother.
    Her choice is recorded; the open threat gives the family the right to their own plan."""
    w = start(
        world,
        today,
        name="Huishouden De Graaf",
        street="Lijsterstraat",
        number=31,
        letters="AC",
        neighbourhood=HEECHTERP,
        first_name="Sandra",
        last_name="de Graaf",
        birth=born(today, 34, 11, 2),
        serial=60,
        known_for_days=30,
    )
    w.member("Mila", "de Graaf", born(today, 8, 7, 19), Membership.Role.CHILD, 61)
    w.member("Daan", "de Graaf", born(today, 5, 12, 1), Membership.Role.CHILD, 62)
    plans.threat_record(
        household=w.household,
        kind=CoercionThreat.Kind.EVICTION,
        deadline=today + dt.timedelta(days=21),
        description="Huurachterstand van vier maanden bij Woonstichting Nabij; de deurwaarder "
        "heeft de ontruiming aangezegd.",
    )
    w.priority("In ons eigen huis blijven wonen, met de kinderen.", "Sandra", days_ago=28)
    w.involve("h.bouma")
    w.involve("p.veenstra")
    w.know(
        "ineke",
        "Ineke de Graaf",
        NetworkMember.Relation.FAMILY,
        "moeder",
        can_do="Sandra en de kinderen tijdelijk in huis nemen; oppassen",
        wants_to_do="dat ze bij haar komen wonen",
        view='Sandra wil niet bij haar moeder gaan wonen: "Dan gaat het mis tussen ons, '
        'dat weet ik zeker." Dat is haar keuze en die wordt gerespecteerd. Oma mag wel '
        "helpen met oppassen.",
    )
    w.know(
        "marleen",
        "Marleen Haaksma",
        NetworkMember.Relation.FRIEND,
        "vriendin",
        can_do="meedenken, meegaan naar de woningcorporatie",
        wants_to_do="meegaan naar het gesprek",
    )
    w.plan_kind(Plan.Kind.FAMILY_GROUP)
    home = w.goal("In ons eigen huis blijven wonen", due_days=21, review_days=14)
    # The family wrote its plan at the family group conference; the coordinator records the
    # actions the family asked for (only the family writes the goals, in Mijn Nabij).
    w.action(
        home,
        "Sandra laat de huur automatisch afschrijven op de dag dat haar uitkering binnenkomt",
        A.HOUSEHOLD,
        status="done",
        requested=True,
    )
    w.action(
        home,
        "Gaat mee naar het gesprek met Woonstichting Nabij",
        A.NETWORK,
        network="marleen",
        requested=True,
    )
    w.action(
        home,
        "Betalingsregeling voor de achterstand en de ontruiming opschorten (gevraagd door Sandra)",
        A.PROFESSIONAL,
        professional="h.bouma",
        requested=True,
        due_days=14,
    )
    w.action(
        home,
        "De achterstand in kaart brengen (gevraagd door Sandra)",
        A.PROFESSIONAL,
        professional="p.veenstra",
        requested=True,
    )
    w.action(
        home,
        "Veiligheidsvoorwaarde: de huur wordt elke maand betaald en Mila en Daan "
        "gaan elke dag naar school; het wijkteam kijkt dit elke twee weken na",
        A.PROFESSIONAL,
        professional="wijkcoach",
        safety=True,
    )
    grandma = w.goal("Oma helpt, maar we wonen niet bij haar")
    w.action(
        grandma,
        "Past op woensdagmiddag op Mila en Daan",
        A.NETWORK,
        network="ineke",
        requested=True,
    )
    w.sign_in_portal("Sandra")
    w.assess("Sandra", 28, levels(1, 3, 1, 3, 2, 4, 5, 5, 3, 3, 5), "Ontruiming aangezegd.")
    w.assess(
        "Sandra",
        3,
        levels(2, 3, 2, 3, 3, 4, 5, 5, 3, 3, 5),
        "Familiegroepsplan gemaakt; regeling aangevraagd.",
    )
    return finish(w)


def scenarios_load(world: World, today: dt.date | None = None) -> dict[str, Household]:
    today = today or timezone.localdate()
    willem, jesse = wheelchair_and_handyman(world, today)
    named = {
        "gladys": gladys(world, today),
        "karima": karima(world, today),
        "hakan": hakan(world, today),
        "willem": willem,
        "jesse": jesse,
        "dylan": homeless_youth(world, today),
        "sandra": eviction(world, today),
    }
    residents_plan_load(named)
    residents_platform_load(named)
    residents_rights_load(named, today)
    together_demo_load(world, named, today)
    return named
