"""The register of processing gets the early signalling of payment arrears (Wgs art. 3a) as a
processing of its own: what residents read in Mijn Nabij, and what the signal pages show as
their legal basis. The retention words agree with docs/signals.md ("Bewaartermijn")."""

from django.db import migrations

NAME = "Vroegsignalering van betalingsachterstanden"
ROW = {
    "position": 45,
    "purpose": (
        "Betaalt u de huur, de energie, het water of de zorgverzekering niet op tijd? Dan meldt "
        "de verhuurder, het energiebedrijf, het waterbedrijf of de zorgverzekeraar dat aan de "
        "gemeente. Dat heet een signaal. Het wijkteam biedt u dan hulp aan, voordat de schuld "
        "groter wordt. Wij vertellen de schuldeiser alleen of er contact was en of u hulp "
        "aannam."
    ),
    "legal_basis": (
        "De wet zegt dat deze bedrijven het signaal aan de gemeente moeten geven, en dat de "
        "gemeente u dan hulp moet aanbieden. Daarvoor is uw toestemming niet nodig (AVG, "
        "artikel 6 lid 1 onder c en e). U hoeft de hulp niet aan te nemen."
    ),
    "law": "Wet gemeentelijke schuldhulpverlening, art. 3a",
    "retention": (
        "Leidt een signaal niet tot hulp? Dan wissen wij het na 12 maanden. Wat overblijft, "
        "zijn alleen aantallen, zonder namen."
    ),
}


def add(apps, schema_editor):
    Processing = apps.get_model("portal", "Processing")
    Processing.objects.update_or_create(name=NAME, defaults=ROW)


def remove(apps, schema_editor):
    apps.get_model("portal", "Processing").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_register_of_processing_seed")]

    operations = [migrations.RunPython(add, remove)]
