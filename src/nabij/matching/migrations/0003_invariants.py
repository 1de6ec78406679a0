"""No control characters in participants' names, in the database; names written before are
repaired first (control characters become spaces, surrounding spaces go)."""

import re

from django.db import migrations, models

import nabij.core.validators

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def repair(apps, schema_editor):
    Participant = apps.get_model("matching", "Participant")
    for p in Participant.objects.only("pk", "first_name", "last_name").iterator():
        first = CONTROL.sub(" ", p.first_name).strip() or "?"
        last = CONTROL.sub(" ", p.last_name).strip() or "?"
        if (first, last) != (p.first_name, p.last_name):
            p.first_name, p.last_name = first, last
            p.save(update_fields=["first_name", "last_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_skills"),
    ]

    operations = [
        migrations.AlterField(
            model_name="participant",
            name="first_name",
            field=models.CharField(
                max_length=80,
                validators=[nabij.core.validators.validate_plain_text],
                verbose_name="first name",
            ),
        ),
        migrations.AlterField(
            model_name="participant",
            name="last_name",
            field=models.CharField(
                max_length=120,
                validators=[nabij.core.validators.validate_plain_text],
                verbose_name="last name",
            ),
        ),
        migrations.RunPython(repair, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("first_name__regex", "[\\x01-\\x1f\\x7f-\\x9f]"), _negated=True
                ),
                name="participant_first_name_plain",
            ),
        ),
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.CheckConstraint(
                condition=models.Q(("last_name__regex", "[\\x01-\\x1f\\x7f-\\x9f]"), _negated=True),
                name="participant_last_name_plain",
            ),
        ),
    ]
