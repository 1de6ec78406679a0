"""The demo's citizen initiatives in Heechterp & Schieringen (WK008050), each with two years
of hybrid funding, so the ledger and the picture are worth looking at:

- Buurtcoöperatie Heechterp-Schieringen, a cooperative with 86 members: member fees, a fund,
  sponsoring by the housing corporation, a municipal subsidy (booked by the team) and many
  hours. Willem Hiemstra chairs it (his name is shown); Sandra de Graaf keeps the money (her
  name is not: the page says "een bewoner"). One member-fee line was booked twice and is
  corrected with a reversing line.
- Kookgroep De Skalm, the cooking group where Hakan works off his €400 loan: his reciprocity
  hours (read from the area fund's hours record, so the two always agree) are valued as hours
  given, beside the other cooks' hours, the guests' own contributions, a supermarket's
  donations and an area-fund contribution. Karima is its contact person (name shown). It
  offers cooking through the social broker.
- Wandelgroep Schieringen Stapt: mostly hours, a few small donations. Gladys is its contact
  (name shown); it offers walks through the social broker.

Written through the services, by the people who would do it on the pages (contacts in Mijn
Nabij, the team for municipal money and for adding a second contact), so the ledger and the
access log are as in real use. Amounts are made up for the demo; the value of an hour is the
documented default (``services.hour_value``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from nabij.access import gate
from nabij.access.digid import resident_user_for_bsn
from nabij.areas.models import District, Neighbourhood
from nabij.demo.world import World
from nabij.demo.writers import actor_for
from nabij.funds.models import HoursRecord
from nabij.initiatives import services
from nabij.initiatives.models import ContactPerson, FundingSource, Initiative, LegalForm
from nabij.matching.models import Skill
from nabij.people.models import Household, Resident

DEMO_DISTRICT = "WK008050"
S = FundingSource


def _resident(named: dict[str, Household], key: str, first_name: str) -> Resident | None:
    household = named.get(key)
    if household is None:
        return None
    membership = (
        household.memberships.select_related("resident")
        .filter(resident__first_name=first_name, ended_on__isnull=True)
        .first()
    )
    return membership.resident if membership is not None else None


def _as_resident(resident: Resident) -> gate.Actor:
    user = resident_user_for_bsn(None, resident.bsn or "")
    assert user is not None, f"{resident} has no Mijn Nabij account"
    return gate.Actor(user=user, professional=None, resident=resident, channel="demo")


def _on(today: dt.date, year: int, month: int, day: int) -> dt.date:
    """A date in ``year``, never after today (this year's lines lie in the past)."""
    return max(dt.date(year, 1, 1), min(dt.date(year, month, day), today))


class _Ledger:
    """Books the lines of one initiative."""

    def __init__(self, initiative: Initiative, today: dt.date) -> None:
        self.initiative = initiative
        self.today = today
        self.value = services.hour_value()

    def money(
        self,
        actor: gate.Actor,
        year: int,
        when: tuple[int, int],
        source: str,
        euros: int,
        what: str,
    ) -> None:
        services.funding_entry_add(
            actor=actor,
            initiative=self.initiative,
            year=year,
            source=source,
            amount_cents=euros * 100,
            booked_on=_on(self.today, year, *when),
            description=what,
        )

    def hours(
        self, actor: gate.Actor, year: int, when: tuple[int, int], hours: Decimal, what: str
    ) -> None:
        if hours <= 0:
            return
        services.funding_entry_add(
            actor=actor,
            initiative=self.initiative,
            year=year,
            source=S.HOURS,
            amount_cents=services.hours_amount_cents(hours, self.value.cents),
            booked_on=_on(self.today, year, *when),
            description=what,
            hours=hours,
            hour_rate_cents=self.value.cents,
            rate_source=self.value.source,
        )


def _register(
    actor: gate.Actor, district: District, hood: Neighbourhood | None, **fields: object
) -> Initiative:
    name_public = bool(fields.pop("name_public", True))
    role = str(fields.pop("role", ContactPerson.Role.CONTACT))
    return services.initiative_register(
        actor=actor,
        data=services.InitiativeData(district=district, neighbourhood=hood, **fields),  # type: ignore[arg-type]
        name_public=name_public,
        role=role,
    )


def _offer(actor: gate.Actor, initiative: Initiative, codes: list[str], hours: str) -> None:
    skills = {s.code: s.pk for s in Skill.objects.filter(code__in=codes, active=True)}
    if not skills:
        return
    initiative.refresh_from_db()
    services.broker_offer_save(
        actor=actor,
        initiative=initiative,
        expected_version=initiative.version,
        offers={pk: Decimal(hours) for pk in skills.values()},
        consent=True,
    )


def initiatives_demo_load(
    world: World, named: dict[str, Household], today: dt.date
) -> list[Initiative]:
    """The three initiatives; nothing without the district or its demo residents."""
    district = District.objects.defer("boundary").filter(code=DEMO_DISTRICT).first()
    willem = _resident(named, "willem", "Willem")
    sandra = _resident(named, "sandra", "Sandra")
    karima = _resident(named, "karima", "Karima")
    gladys = _resident(named, "gladys", "Gladys")
    if district is None or None in (willem, sandra, karima, gladys):
        return []
    assert willem and sandra and karima and gladys
    hoods = {n.code: n for n in district.neighbourhoods.defer("boundary")}
    coach = actor_for(world.staff["wijkcoach"])
    lead = actor_for(world.staff["teamleider"])
    this, last = today.year, today.year - 1
    made = [
        _cooperative(district, willem, sandra, coach, lead, today, this, last),
        _cooking_group(district, hoods.get("BU00805002"), karima, named, coach, today, this, last),
        _walking_group(district, hoods.get("BU00805002"), gladys, today, this, last),
    ]
    return made


def _cooperative(
    district: District,
    willem: Resident,
    sandra: Resident,
    coach: gate.Actor,
    lead: gate.Actor,
    today: dt.date,
    this: int,
    last: int,
) -> Initiative:
    chair = _as_resident(willem)
    coop = _register(
        chair,
        district,
        None,
        name="Buurtcoöperatie Heechterp-Schieringen",
        purpose="Bewoners regelen samen wat de buurt nodig heeft: klussen, een buurtkamer, "
        "groen en hulp bij elkaar thuis. Leden betalen een kleine bijdrage en doen mee.",
        legal_form=LegalForm.COOPERATIVE,
        kvk_number="90123456",
        members_count=86,
        volunteers_count=14,
        activities="Klussendienst voor ouderen (dinsdag en donderdag).\nBuurtkamer in de "
        "Reigerstraat, elke werkdag open.\nGroenploeg: elke eerste zaterdag van de maand.",
        role=ContactPerson.Role.CHAIR,
    )
    services.contact_add(
        actor=coach,
        initiative=coop,
        expected_version=coop.version,
        resident=sandra,
        role=ContactPerson.Role.TREASURER,
        agreed=True,
        name_public=False,
    )
    book = _Ledger(coop, today)
    treasurer = _as_resident(sandra)
    for year, members, fund, sponsor, hours in (
        (last, 74, 3_500, 1_000, Decimal("980")),
        (this, 86, 2_500, 1_500, Decimal("420")),
    ):
        book.money(treasurer, year, (2, 1), S.MEMBER_FEES, members * 25, f"Contributie {year}")
        book.money(treasurer, year, (3, 15), S.FUNDS, fund, "Oranje Fonds: buurtkamer")
        book.money(treasurer, year, (4, 1), S.SPONSORING, sponsor, "Woningcorporatie: groenploeg")
        book.money(treasurer, year, (5, 10), S.OWN_CONTRIBUTIONS, 640, "Bijdragen klussendienst")
        book.hours(chair, year, (6, 30), hours, "Klussendienst, buurtkamer en groenploeg")
    book.money(lead, last, (1, 20), S.SUBSIDY, 5_000, "Subsidie bewonersinitiatieven (besluit)")
    book.money(lead, this, (1, 20), S.SUBSIDY, 4_000, "Subsidie bewonersinitiatieven (besluit)")
    # The contribution of a late member booked twice: corrected, both lines stay.
    twice = services.funding_entry_add(
        actor=treasurer,
        initiative=coop,
        year=last,
        source=S.MEMBER_FEES,
        amount_cents=25_00,
        booked_on=_on(today, last, 9, 1),
        description="Contributie nieuw lid",
    )
    services.funding_entry_reverse(
        actor=treasurer, initiative=coop, entry=twice, reason="Dubbel geboekt"
    )
    _offer(chair, coop, ["klussen", "tuin"], "4")
    return coop


def _cooking_group(
    district: District,
    hood: Neighbourhood | None,
    karima: Resident,
    named: dict[str, Household],
    coach: gate.Actor,
    today: dt.date,
    this: int,
    last: int,
) -> Initiative:
    contact = _as_resident(karima)
    group = _register(
        contact,
        district,
        hood,
        name="Kookgroep De Skalm",
        purpose="Samen koken en eten in buurthuis De Skalm. Iedereen kan aanschuiven, ook wie "
        "weinig te besteden heeft.",
        legal_form=LegalForm.INFORMAL,
        members_count=0,
        volunteers_count=9,
        activities="Elke dinsdag en donderdag een maaltijd voor 25 tot 40 buren (€ 3 per bord).",
    )
    book = _Ledger(group, today)
    for year, meals, donation, hours in (
        (last, 2_100, 600, Decimal("520")),
        (this, 1_050, 350, Decimal("210")),
    ):
        book.money(contact, year, (3, 31), S.OWN_CONTRIBUTIONS, meals, "Bijdragen van de eters")
        book.money(contact, year, (4, 15), S.DONATIONS, donation, "Supermarkt: boodschappen")
        book.hours(contact, year, (6, 30), hours, "Koken en afwassen door vrijwilligers")
    book.money(coach, last, (2, 10), S.AREA_FUND, 500, "Wijkkas: pannen en borden")
    book.money(contact, last, (11, 1), S.FUNDS, 750, "Fonds voor een nieuwe oven")
    # Hakan's reciprocity: the hours recorded on his loan, valued as hours given. No name on
    # the line: the ledger is for the stewards, the public page shows only the groups.
    hakan = named.get("hakan")
    done = (
        HoursRecord.objects.filter(agreement__household=hakan).aggregate(t=Sum("hours"))["t"]
        if hakan is not None
        else None
    )
    book.hours(
        coach,
        this,
        (today.month, today.day),
        Decimal(done or 0),
        "Kookavonden als tegenprestatie (afspraak met het wijkteam)",
    )
    _offer(contact, group, ["koken"], "3")
    return group


def _walking_group(
    district: District,
    hood: Neighbourhood | None,
    gladys: Resident,
    today: dt.date,
    this: int,
    last: int,
) -> Initiative:
    contact = _as_resident(gladys)
    group = _register(
        contact,
        district,
        hood,
        name="Wandelgroep Schieringen Stapt",
        purpose="Elke week een uur samen wandelen door de wijk. Goed voor je lijf en je "
        "kent daarna je buren.",
        legal_form=LegalForm.INFORMAL,
        volunteers_count=4,
        activities="Woensdag 10.00 uur vanaf het winkelcentrum, ook met rollator of kinderwagen.",
    )
    book = _Ledger(group, today)
    for year, hours, gifts in ((last, Decimal("208"), (40, 25)), (this, Decimal("96"), (30,))):
        book.hours(contact, year, (6, 30), hours, "Wandelingen begeleiden")
        for i, euros in enumerate(gifts):
            book.money(contact, year, (3 + 4 * i, 1), S.DONATIONS, euros, "Giften van lopers")
    _offer(contact, group, ["wandelen"], "1")
    return group
