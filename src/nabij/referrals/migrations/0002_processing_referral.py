"""The register of processing's entry for referrals from finding places (vindplaatsen): a
school, GP practice, housing corporation or the police tells the district team about a worry.
The administrator keeps it up to date in Nabij beheer (every change audited)."""

from django.db import migrations

ROW = {
    "position": 45,
    "name": "Verwijzing door een vindplaats",
    "purpose": (
        "Een school, huisarts, woningcorporatie of wijkagent maakt zich zorgen over u of uw "
        "gezin. Dan kan die het wijkteam vragen contact met u op te nemen. Het wijkteam krijgt "
        "uw naam, adres en de zorg. Wie u verwees, hoort alleen of er contact is geweest."
    ),
    "legal_basis": (
        "Meestal vraagt de verwijzer eerst of u het goed vindt. Soms mag het zonder uw "
        "toestemming: als er zorgen zijn over huiselijk geweld of kindermishandeling (de "
        "meldcode), of als er gevaar is. De gemeente moet dan hulp bieden (AVG, artikel 6 lid 1 "
        "onder e)."
    ),
    "law": (
        "Wmo 2015, art. 2.3.2 en 5.1.1; Jeugdwet, art. 2.3 en 7.4.0; Wet verplichte meldcode "
        "huiselijk geweld en kindermishandeling"
    ),
    "retention": (
        "Zolang u hulp krijgt. Daarna zo lang als de selectielijst voor gemeenten zegt "
        "(Archiefwet 1995)."
    ),
}


def seed(apps, schema_editor):
    Processing = apps.get_model("portal", "Processing")
    Processing.objects.update_or_create(name=ROW["name"], defaults=ROW)


def unseed(apps, schema_editor):
    apps.get_model("portal", "Processing").objects.filter(name=ROW["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("portal", "0002_register_of_processing_seed"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
