"""The demo municipality's organisations, district teams and staff, as static data.

Static so that the synthetic city generator can pick coordinators by username without asking
the database, and so that ``world_ensure`` can run twice (``nabij serve`` after
``nabij demo --households N``) without creating anything twice.

All organisation and person names are invented, except Gemeente Leeuwarden and the real CBS
districts the teams cover.
"""

# Turkish names are spelled with a dotless i (U+0131): not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from nabij.access.models import AuditKind, DistrictTeam, Organisation, Professional, Role
from nabij.access.services import audit
from nabij.areas.models import District

# Public on purpose: printed by `nabij serve`. demo_load refuses to run in production.
DEMO_PASSWORD = "nabij-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    districts: tuple[str, ...]


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    team: str | None = None
    expertise: str = ""
    login: bool = False
    description: str = ""


@dataclass(frozen=True)
class DemoLogin:
    """What `nabij serve` prints: a login that works in the demo municipality."""

    username: str
    password: str
    description: str


K = Organisation.Kind
ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec("gemeente", "Gemeente Leeuwarden", K.MUNICIPALITY),
    OrganisationSpec("wijkteams", "Wijkteams Leeuwarden", K.WELFARE),
    OrganisationSpec("buurtkracht", "Stichting Buurtkracht Leeuwarden", K.WELFARE),
    OrganisationSpec("jeugdhulp", "Jeugdhulp Fryslân Noord", K.YOUTH_CARE),
    OrganisationSpec("schuldhulp", "Schuldhulp Leeuwarden", K.DEBT_HELP),
    OrganisationSpec("ggz", "GGZ De Mienskip", K.MENTAL_HEALTH),
    OrganisationSpec("woonstichting", "Woonstichting Nabij", K.HOUSING),
    OrganisationSpec("reclassering", "Stichting Nije Start (reclassering)", K.JUSTICE),
    OrganisationSpec("thuiszorg", "Thuiszorg Mei Elkoar", K.HEALTH),
    OrganisationSpec("smw", "Schoolmaatschappelijk Werk Leeuwarden", K.OTHER),
    OrganisationSpec("kinderkliniek", "Kinderkliniek Noord", K.HEALTH),
    OrganisationSpec("ynsjoch", "Steunpunt Ynsjoch (licht verstandelijke beperking)", K.OTHER),
    # a finding place (vindplaats) that refers households: a fictional vmbo school
    OrganisationSpec("vmbo", "Vmbo De Nije Kolk", K.SCHOOL),
)

# Five teams over the 22 real districts (CBS 2022 codes), roughly 21,000 to 28,000 inhabitants each.
# The first Dutch social district team started in Heechterp & Schieringen (WK008050).
HEECHTERP_TEAM = "heechterp"
TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        HEECHTERP_TEAM,
        "Sociaal wijkteam Heechterp-Schieringen",
        ("WK008050", "WK008051", "WK008060", "WK008061", "WK008062"),
    ),
    TeamSpec(
        "binnenstad", "Sociaal wijkteam Binnenstad-Oost", ("WK008010", "WK008011", "WK008020")
    ),
    TeamSpec("west", "Sociaal wijkteam West", ("WK008030", "WK008031", "WK008032", "WK008041")),
    TeamSpec(
        "zuid",
        "Sociaal wijkteam Zuid",
        ("WK008040", "WK008070", "WK008071", "WK008072", "WK008073", "WK008074"),
    ),
    TeamSpec("dorpen", "Sociaal wijkteam Dorpen", ("WK008063", "WK008080", "WK008081", "WK008082")),
)

R = Role
STAFF: tuple[StaffSpec, ...] = (
    # Logins printed by `nabij serve`.
    StaffSpec(
        "wijkcoach",
        "Sanne",
        "Hoekstra",
        R.PROFESSIONAL,
        "wijkteams",
        HEECHTERP_TEAM,
        "generalist: gezin, schulden, wonen",
        login=True,
        description="wijkcoach, Sociaal wijkteam Heechterp-Schieringen "
        "(coördinator van Karima, Gladys, Hakan en de anderen)",
    ),
    StaffSpec(
        "teamleider",
        "Jelle",
        "Wijnstra",
        R.TEAM_COORDINATOR,
        "wijkteams",
        HEECHTERP_TEAM,
        "teamcoördinatie, doorzettingsmacht",
        login=True,
        description="teamcoördinator Heechterp-Schieringen (ziet alle huishoudens "
        "van het team, geeft mandaat voor doorbraken)",
    ),
    StaffSpec(
        "collega",
        "Pieter",
        "Zijlstra",
        R.PROFESSIONAL,
        "wijkteams",
        "binnenstad",
        "generalist: werk en inkomen",
        login=True,
        description="wijkcoach in een ander team (Binnenstad-Oost): geen toegang tot Karima",
    ),
    StaffSpec(
        "makelaar",
        "Fatma",
        "Yılmaz",
        R.SOCIAL_BROKER,
        "buurtkracht",
        None,
        "sociale makelaar: vraag en aanbod in de buurt koppelen",
        login=True,
        description="sociale makelaar: Buurthulp op /buurthulp/, vraag en aanbod koppelen "
        "(geen dossiers)",
    ),
    StaffSpec(
        "analist",
        "Marloes",
        "Kuipers",
        R.POLICY_ANALYST,
        "gemeente",
        None,
        "beleidsonderzoek sociaal domein",
        login=True,
        description="beleidsanalist gemeente (alleen cijfers per gebied)",
    ),
    StaffSpec(
        "beheerder",
        "Tjeerd",
        "Bakker",
        R.ADMINISTRATOR,
        "gemeente",
        None,
        "functioneel beheer",
        login=True,
        description="beheerder (gebruikers en instellingen via /beheer/, geen dossiers)",
    ),
    StaffSpec(
        "beheerder2",
        "Sjoukje",
        "de Jong",
        R.ADMINISTRATOR,
        "gemeente",
        None,
        "functioneel beheer",
        login=True,
        description="tweede beheerder: keurt in /beheer/ goed wat de eerste vraagt "
        "(vier ogen bij toegang tot dossiers)",
    ),
    StaffSpec(
        "verwijzer",
        "Anouk",
        "Visser",
        R.REFERRER,
        "vmbo",
        None,
        "zorgcoördinator",
        login=True,
        description="zorgcoördinator van vmbo De Nije Kolk: verwijst gezinnen naar het "
        "wijkteam en ziet alleen de status (geen dossiers)",
    ),
    # District-team colleagues (no login): coordinators of synthetic households.
    StaffSpec(
        "m.dijkstra",
        "Mirjam",
        "Dijkstra",
        R.PROFESSIONAL,
        "wijkteams",
        HEECHTERP_TEAM,
        "jeugd en gezin",
    ),
    StaffSpec(
        "a.elhaddouti",
        "Ahmed",
        "El Haddouti",
        R.PROFESSIONAL,
        "wijkteams",
        HEECHTERP_TEAM,
        "werk en inkomen",
    ),
    StaffSpec(
        "t.bosma",
        "Tineke",
        "Bosma",
        R.PROFESSIONAL,
        "wijkteams",
        HEECHTERP_TEAM,
        "ouderen en mantelzorg",
    ),
    StaffSpec(
        "r.visser",
        "Rianne",
        "Visser",
        R.TEAM_COORDINATOR,
        "wijkteams",
        "binnenstad",
        "teamcoördinatie",
    ),
    StaffSpec(
        "k.huisman", "Koen", "Huisman", R.PROFESSIONAL, "wijkteams", "binnenstad", "jongeren"
    ),
    StaffSpec(
        "n.demir", "Nur", "Demir", R.PROFESSIONAL, "wijkteams", "binnenstad", "gezin en opvoeding"
    ),
    StaffSpec("j.sijtsma", "Joke", "Sijtsma", R.PROFESSIONAL, "wijkteams", "binnenstad", "ouderen"),
    StaffSpec(
        "h.holwerda",
        "Hylke",
        "Holwerda",
        R.TEAM_COORDINATOR,
        "wijkteams",
        "west",
        "teamcoördinatie",
    ),
    StaffSpec("l.koster", "Lieke", "Koster", R.PROFESSIONAL, "wijkteams", "west", "schulden"),
    StaffSpec(
        "d.tjeerdsma",
        "Douwe",
        "Tjeerdsma",
        R.PROFESSIONAL,
        "wijkteams",
        "west",
        "wonen en huisvesting",
    ),
    StaffSpec(
        "s.mahabier",
        "Shanti",
        "Mahabier",
        R.PROFESSIONAL,
        "wijkteams",
        "west",
        "gezin en opvoeding",
    ),
    StaffSpec(
        "w.vandijk",
        "Wendy",
        "van Dijk",
        R.PROFESSIONAL,
        "wijkteams",
        "west",
        "psychische problemen",
    ),
    StaffSpec(
        "g.faber", "Geert", "Faber", R.TEAM_COORDINATOR, "wijkteams", "zuid", "teamcoördinatie"
    ),
    StaffSpec(
        "i.reitsma", "Ilse", "Reitsma", R.PROFESSIONAL, "wijkteams", "zuid", "jeugd en gezin"
    ),
    StaffSpec("b.kaya", "Burak", "Kaya", R.PROFESSIONAL, "wijkteams", "zuid", "werk en inkomen"),
    StaffSpec(
        "a.wiersma", "Aafke", "Wiersma", R.PROFESSIONAL, "wijkteams", "zuid", "ouderen en dementie"
    ),
    StaffSpec("e.smit", "Erik", "Smit", R.PROFESSIONAL, "wijkteams", "zuid", "verslaving"),
    StaffSpec(
        "f.hofstra",
        "Froukje",
        "Hofstra",
        R.TEAM_COORDINATOR,
        "wijkteams",
        "dorpen",
        "teamcoördinatie",
    ),
    StaffSpec(
        "s.jongsma",
        "Sjoerd",
        "Jongsma",
        R.PROFESSIONAL,
        "wijkteams",
        "dorpen",
        "boeren en zelfstandigen",
    ),
    StaffSpec(
        "m.brouwer", "Marieke", "Brouwer", R.PROFESSIONAL, "wijkteams", "dorpen", "mantelzorg"
    ),
    StaffSpec("o.hamid", "Omar", "Hamid", R.PROFESSIONAL, "wijkteams", "dorpen", "statushouders"),
    StaffSpec(
        "h.kramer", "Hester", "Kramer", R.PROFESSIONAL, "wijkteams", "dorpen", "jeugd en gezin"
    ),
    # Professionals of other organisations (no login): involved with households.
    StaffSpec(
        "p.veenstra", "Petra", "Veenstra", R.PROFESSIONAL, "schuldhulp", None, "schuldhulpverlener"
    ),
    StaffSpec(
        "r.kooistra", "Ruben", "Kooistra", R.PROFESSIONAL, "jeugdhulp", None, "jeugdhulpverlener"
    ),
    StaffSpec(
        "e.vandermeer",
        "Esther",
        "van der Meer",
        R.PROFESSIONAL,
        "ggz",
        None,
        "sociaal-psychiatrisch verpleegkundige",
    ),
    StaffSpec(
        "h.bouma", "Hendrik", "Bouma", R.PROFESSIONAL, "woonstichting", None, "woonconsulent"
    ),
    StaffSpec(
        "m.dejong", "Marco", "de Jong", R.PROFESSIONAL, "reclassering", None, "reclasseringswerker"
    ),
    StaffSpec(
        "a.sikkema", "Anneke", "Sikkema", R.PROFESSIONAL, "thuiszorg", None, "wijkverpleegkundige"
    ),
    StaffSpec(
        "l.terpstra",
        "Lisa",
        "Terpstra",
        R.PROFESSIONAL,
        "smw",
        None,
        "schoolmaatschappelijk werker",
    ),
    StaffSpec(
        "a.mensah",
        "Abena",
        "Mensah",
        R.PROFESSIONAL,
        "kinderkliniek",
        None,
        "verpleegkundig specialist sikkelcelziekte",
    ),
    StaffSpec(
        "j.vanderwal",
        "Jorrit",
        "van der Wal",
        R.PROFESSIONAL,
        "ynsjoch",
        None,
        "begeleider licht verstandelijke beperking",
    ),
)

DEMO_LOGINS: tuple[DemoLogin, ...] = tuple(
    DemoLogin(username=s.username, password=DEMO_PASSWORD, description=s.description)
    for s in STAFF
    if s.login
)

# Professionals of other organisations, in a fixed order the city generator draws from.
EXTERNAL_STAFF: tuple[str, ...] = tuple(
    s.username for s in STAFF if s.team is None and s.role == Role.PROFESSIONAL
)


def team_for_district() -> dict[str, str]:
    return {district: team.key for team in TEAMS for district in team.districts}


def team_case_workers(team_key: str) -> tuple[str, ...]:
    """Usernames that may coordinate a household of this team, in a fixed order."""
    return tuple(s.username for s in STAFF if s.team == team_key and s.role == Role.PROFESSIONAL)


@dataclass
class World:
    organisations: dict[str, Organisation]
    teams: dict[str, DistrictTeam]
    staff: dict[str, Professional]


@transaction.atomic
def world_ensure() -> World:
    """Create what is missing of the organisations, teams and staff; leave existing rows be.

    Needs the Leeuwarden districts (``leeuwarden_load``) for the teams' areas. This is trusted
    setup code: it creates accounts and roles directly, without the second administrator's
    approval that ``access.services_admin`` demands in the running product, and records each
    account in the audit trail as created by "system".
    """
    organisations = {}
    for org in ORGANISATIONS:
        organisations[org.key], _ = Organisation.objects.get_or_create(
            name=org.name, defaults={"kind": org.kind}
        )
    districts = District.objects.in_bulk(
        [code for team in TEAMS for code in team.districts], field_name="code"
    )
    teams = {}
    for team_spec in TEAMS:
        team, created = DistrictTeam.objects.get_or_create(
            name=team_spec.name, defaults={"organisation": organisations["wijkteams"]}
        )
        if created:
            team.districts.set([districts[c] for c in team_spec.districts if c in districts])
        teams[team_spec.key] = team

    user_model = get_user_model()
    existing = {
        p.user.username: p
        for p in Professional.objects.select_related("user", "team", "organisation").filter(
            user__username__in=[s.username for s in STAFF]
        )
    }
    staff: dict[str, Professional] = {}
    for spec in STAFF:
        professional = existing.get(spec.username)
        if professional is None:
            user = user_model.objects.filter(username=spec.username).first()
            if user is None:
                user = user_model(
                    username=spec.username, first_name=spec.first_name, last_name=spec.last_name
                )
                if spec.login:
                    user.set_password(DEMO_PASSWORD)
                else:
                    user.set_unusable_password()
                user.save()
            professional = Professional.objects.create(
                user=user,
                role=spec.role,
                organisation=organisations[spec.organisation],
                team=teams[spec.team] if spec.team else None,
                expertise=spec.expertise,
            )
            audit(
                None,
                AuditKind.ACCOUNT_CREATED,
                subject=user,
                after={"role": spec.role, "team": spec.team and teams[spec.team].name},
                reason="demo",
            )
        staff[spec.username] = professional
    return World(organisations=organisations, teams=teams, staff=staff)
