"""The national rules district teams break through most, shipped with every installation: the
register starts filled. Local ordinances, policy rules and organisations' own rules belong to a
municipality and its partners; they are added by its policy analysts (the demo adds
Leeuwarden's, see ``learning.demo_data``).

Owners are the ministries responsible for each law (created when missing). References were
checked against the text of the laws as they stood in 2024-2025; the descriptions are plain
summaries, not the legal text. A municipality corrects them on the register's pages.
"""

from django.db import migrations

SZW = "Ministerie van Sociale Zaken en Werkgelegenheid"
VWS = "Ministerie van Volksgezondheid, Welzijn en Sport"

LAWS = [
    (
        SZW,
        "Geen bijstand zonder rechtmatig verblijf",
        "Participatiewet, art. 11 lid 2 en 3",
        "Alleen Nederlanders en vreemdelingen met rechtmatig verblijf (Vreemdelingenwet 2000, "
        "art. 8 onder a tot en met e en l) hebben recht op bijstand. Wie wacht op verlenging "
        "van een verblijfsvergunning, valt er vaak tussen.",
    ),
    (
        SZW,
        "Geen bijstand zonder geldig identiteitsbewijs",
        "Participatiewet, art. 17 lid 4",
        "Wie bijstand aanvraagt, moet een geldig identiteitsbewijs laten zien. Zonder paspoort "
        "of id-kaart stelt de gemeente het recht op bijstand niet vast, en zonder geld is er "
        "geen nieuw paspoort.",
    ),
    (
        SZW,
        "Kostendelersnorm",
        "Participatiewet, art. 22a",
        "Wie met andere volwassenen in één woning woont, krijgt een lagere bijstandsnorm. Dat "
        "maakt het duur om een familielid of vriend in huis te nemen.",
    ),
    (
        SZW,
        "Vier weken zoektijd voor jongeren onder de 27",
        "Participatiewet, art. 41 lid 4",
        "Een jongere onder de 27 kan pas vier weken na de melding bijstand aanvragen, en moet "
        "in die weken zelf werk of een opleiding zoeken.",
    ),
    (
        VWS,
        "Eerst onderzoek, dan een voorziening",
        "Wmo 2015, art. 2.3.2",
        "Na een melding onderzoekt de gemeente binnen zes weken wat iemand nodig heeft (het "
        "keukentafelgesprek). Pas daarna volgen een aanvraag en een besluit over een "
        "maatwerkvoorziening.",
    ),
    (
        VWS,
        "Jeugdhulp alleen na een besluit van de gemeente",
        "Jeugdwet, art. 2.3",
        "Jeugdhulp die niet vrij toegankelijk is, krijgt een jongere of gezin pas nadat de "
        "gemeente heeft besloten dat het nodig is (een individuele voorziening).",
    ),
]


def seed(apps, schema_editor):
    Organisation = apps.get_model("access", "Organisation")
    Rule = apps.get_model("learning", "Rule")
    owners = {}
    for owner_name, name, reference, description in LAWS:
        if owner_name not in owners:
            owners[owner_name], _created = Organisation.objects.get_or_create(
                name=owner_name, defaults={"kind": "other"}
            )
        Rule.objects.get_or_create(
            owner=owners[owner_name],
            name=name,
            defaults={"kind": "law", "reference": reference, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("access", "0015_alter_accesslogentry_purpose"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
