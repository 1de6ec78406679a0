"""The register of processing as a municipality's district teams start with it: the laws the
work rests on, and the neighbourhood help, which rests on consent. The administrator keeps it
up to date in Nabij beheer (every change audited)."""

from django.db import migrations

RETENTION_CASE = (
    "Zolang u hulp krijgt. Daarna zo lang als de selectielijst voor gemeenten zegt "
    "(Archiefwet 1995)."
)
TASK = (
    "De wet geeft de gemeente deze taak. Daarom mag de gemeente uw gegevens hiervoor gebruiken, "
    "ook zonder uw toestemming. Maar alleen wat daarvoor nodig is (AVG, artikel 6 lid 1 onder e)."
)

REGISTER = [
    {
        "position": 10,
        "name": "Ondersteuning bij wonen, zorg en meedoen (Wmo 2015)",
        "purpose": (
            "Vraagt u hulp, bijvoorbeeld in huis of bij het regelen van uw zaken? Dan onderzoekt "
            "de gemeente samen met u wat u nodig heeft. Daarvoor gebruiken we uw gegevens. Ook "
            "over uw gezondheid, als dat nodig is voor de hulp."
        ),
        "legal_basis": TASK,
        "law": "Wmo 2015, art. 2.3.2 (onderzoek) en art. 5.1.1 (gegevens)",
        "retention": RETENTION_CASE,
    },
    {
        "position": 20,
        "name": "Jeugdhulp (Jeugdwet)",
        "purpose": (
            "Heeft een kind of een ouder hulp nodig bij opgroeien of opvoeden? Dan zorgt de "
            "gemeente voor die hulp. Daarvoor gebruiken we gegevens van het kind en van de ouders."
        ),
        "legal_basis": TASK,
        "law": "Jeugdwet, art. 2.3 (jeugdhulp) en art. 7.4.0 (gegevens)",
        "retention": RETENTION_CASE,
    },
    {
        "position": 30,
        "name": "Bijstand en werk (Participatiewet)",
        "purpose": (
            "De gemeente kijkt of u recht heeft op bijstand of hulp bij werk, en blijft dat "
            "controleren. Daarvoor krijgt de gemeente ook gegevens van andere instanties, zoals "
            "het UWV, en geeft zij gegevens door als de wet dat zegt."
        ),
        "legal_basis": (
            "De wet geeft de gemeente deze taak en zegt welke gegevens de instanties moeten "
            "geven. U hoeft daarvoor geen toestemming te geven (AVG, artikel 6 lid 1 onder c "
            "en e)."
        ),
        "law": "Participatiewet, art. 64 en 67 (gegevens van en aan instanties)",
        "retention": RETENTION_CASE,
    },
    {
        "position": 40,
        "name": "Hulp bij schulden (Wgs)",
        "purpose": (
            "De gemeente helpt u met geldzorgen en schulden. Soms meldt een verhuurder, "
            "energiebedrijf, waterbedrijf of zorgverzekeraar dat een rekening niet betaald is. "
            "Dan biedt de gemeente u hulp aan, voordat het erger wordt (vroegsignalering)."
        ),
        "legal_basis": TASK,
        "law": "Wgs, art. 3 en 3a (vroegsignalering) en art. 5 (gegevens)",
        "retention": RETENTION_CASE,
    },
    {
        "position": 50,
        "name": "Buurthulp",
        "purpose": (
            "Bewoners helpen elkaar. U biedt hulp aan, of u vraagt om hulp. De sociaal makelaar "
            "zoekt iemand in de buurt die bij u past."
        ),
        "legal_basis": (
            "U doet alleen mee als u dat zelf wilt. Daarvoor gaf u toestemming. U kunt die "
            "toestemming altijd intrekken (AVG, artikel 6 lid 1 onder a)."
        ),
        "law": "AVG, art. 6 lid 1 onder a (toestemming)",
        "retention": (
            "Tot u uw toestemming intrekt. Dan wissen we meteen uw telefoonnummer, e-mailadres "
            "en notities. Uw naam blijft alleen staan bij contacten die al klaar waren."
        ),
        "voluntary": True,
        "consent": "neighbourhood_help",
    },
    {
        "position": 60,
        "name": "Wie keek in uw gegevens (toegangslog)",
        "purpose": (
            "Nabij schrijft op wie uw gegevens bekijkt of verandert, wanneer en waarom. Ook als "
            "iemand het probeerde maar niet mocht. Zo kunnen u en de gemeente dat controleren."
        ),
        "legal_basis": (
            "De gemeente moet uw gegevens goed beveiligen en kunnen laten zien wie ze gebruikte "
            "(AVG, artikel 5 lid 2 en artikel 32)."
        ),
        "law": "AVG, art. 5 lid 2 en art. 32 (beveiliging; werkwijze NEN 7513)",
        "retention": (
            "Zo lang als de selectielijst voor gemeenten zegt. Niemand kan het log veranderen."
        ),
    },
]


def seed(apps, schema_editor):
    Processing = apps.get_model("portal", "Processing")
    for row in REGISTER:
        Processing.objects.update_or_create(name=row["name"], defaults=row)


def unseed(apps, schema_editor):
    Processing = apps.get_model("portal", "Processing")
    Processing.objects.filter(name__in=[row["name"] for row in REGISTER]).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_rights_corrections_and_register")]

    operations = [migrations.RunPython(seed, unseed)]
