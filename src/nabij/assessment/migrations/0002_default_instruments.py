"""Ship the two self-reliance matrices as default data; a municipality may add its own.

Domain and level names are data, in Dutch. Indicator texts per level are not shipped: they
belong to the instrument's owner and a municipality adds them under its own licence.
"""

from typing import Any

from django.db import migrations

LEVELS = [
    (1, "Acute problematiek"),
    (2, "Niet zelfredzaam"),
    (3, "Beperkt zelfredzaam"),
    (4, "Voldoende zelfredzaam"),
    (5, "Volledig zelfredzaam"),
]

INSTRUMENTS: list[dict[str, Any]] = [
    {
        "code": "zrm-11",
        "name": "Zelfredzaamheidsmatrix",
        "version": "11 domeinen",
        "is_default": True,
        "domains": [
            ("financien", "Financiën"),
            ("dagbesteding", "Dagbesteding"),
            ("huisvesting", "Huisvesting"),
            ("huiselijke-relaties", "Huiselijke relaties"),
            ("geestelijke-gezondheid", "Geestelijke gezondheid"),
            ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
            ("verslaving", "Verslaving"),
            ("adl", "ADL"),
            ("sociaal-netwerk", "Sociaal netwerk"),
            ("maatschappelijke-participatie", "Maatschappelijke participatie"),
            ("justitie", "Justitie"),
        ],
    },
    {
        "code": "zrm-2017",
        "name": "Zelfredzaamheidsmatrix",
        "version": "2017",
        "is_default": False,
        "domains": [
            ("financien", "Financiën"),
            ("werk-en-opleiding", "Werk & opleiding"),
            ("tijdsbesteding", "Tijdsbesteding"),
            ("huisvesting", "Huisvesting"),
            ("huiselijke-relaties", "Huiselijke relaties"),
            ("geestelijke-gezondheid", "Geestelijke gezondheid"),
            ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
            ("middelengebruik", "Middelengebruik"),
            ("basale-adl", "Basale ADL"),
            ("instrumentele-adl", "Instrumentele ADL"),
            ("sociaal-netwerk", "Sociaal netwerk"),
            ("maatschappelijke-participatie", "Maatschappelijke participatie"),
            ("justitie", "Justitie"),
        ],
    },
]


def add_instruments(apps, schema_editor):
    Instrument = apps.get_model("assessment", "Instrument")
    Domain = apps.get_model("assessment", "Domain")
    Level = apps.get_model("assessment", "Level")
    for spec in INSTRUMENTS:
        instrument, created = Instrument.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "version": spec["version"],
                "is_default": spec["is_default"],
            },
        )
        if not created:
            # A municipality may already have configured this code; leave its data alone.
            continue
        Domain.objects.bulk_create(
            Domain(instrument=instrument, code=code, name=name, position=position)
            for position, (code, name) in enumerate(spec["domains"], start=1)
        )
        Level.objects.bulk_create(
            Level(instrument=instrument, value=value, label=label) for value, label in LEVELS
        )


def remove_instruments(apps, schema_editor):
    Instrument = apps.get_model("assessment", "Instrument")
    # Fails (PROTECT) once assessments use an instrument, which is the point.
    Instrument.objects.filter(code__in=[spec["code"] for spec in INSTRUMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_instruments, remove_instruments),
    ]
