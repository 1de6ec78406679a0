"""Four shipped reference prices cite their own passage of the source text.

The teen-mother shelter (€60,000 a year), the crisis placement (€60,000 a year) and detention
for unpaid fines (€190 a day) were credited to Van de Logt & Cuyvers (2014); the essay that
gives them (Hilhorst & Van der Lans, *Nabij is beter*) states them itself. Each row now quotes
its passage, and the €168,000 of Van de Logt & Cuyvers says where it is quoted. A row that a
municipality has changed since (its source is no longer the shipped one) is left alone.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "reference_prices.json"
OLD_SOURCES = {
    "stacked-problems-family": "Van de Logt & Cuyvers, Zuid-Holland Zuid (2014), aangehaald in de "
    "brontekst 002",
    "youth-crisis-shelter": "Brontekst 002 (Van de Logt & Cuyvers, 2014)",
    "teen-mother-shelter": "Brontekst 002 (Van de Logt & Cuyvers, 2014)",
    "detention-unpaid-fines": "Brontekst 002 (Van de Logt & Cuyvers, 2014)",
}


def cite_passages(apps, schema_editor):
    ReferencePrice = apps.get_model("costs", "ReferencePrice")
    rows = {row["key"]: row for row in json.loads(DATA.read_text(encoding="utf-8"))}
    for key, old in OLD_SOURCES.items():
        row = rows[key]
        ReferencePrice.objects.filter(key=key, source=old).update(
            source=row["source"], note=row.get("note", "")
        )


def restore(apps, schema_editor):
    ReferencePrice = apps.get_model("costs", "ReferencePrice")
    rows = {row["key"]: row for row in json.loads(DATA.read_text(encoding="utf-8"))}
    for key, old in OLD_SOURCES.items():
        ReferencePrice.objects.filter(key=key, source=rows[key]["source"]).update(
            source=old, note=""
        )


class Migration(migrations.Migration):
    dependencies = [("costs", "0008_assumption_formula")]
    operations = [migrations.RunPython(cite_passages, restore)]
