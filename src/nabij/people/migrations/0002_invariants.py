"""Invariants of residents, households and memberships, in the database where SQL can say them.

Before the constraints are added, rows written before them are repaired where the repair is
mechanical: control characters leave names, surrounding spaces go; of several current heads
(or partners) of one household the earliest stays and the others become "other member"; of
several current memberships of one resident the newest stays and the older ones end on the day
it started. A date before 1900 cannot be repaired (nobody can tell the real one): the migration
stops and names the rows, to be corrected by hand first.
"""

import datetime
import re

from django.db import migrations, models

import nabij.core.validators

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
EARLIEST = datetime.date(1900, 1, 1)


def _plain(value):
    return CONTROL.sub(" ", value).strip()


def repair(apps, schema_editor):
    Resident = apps.get_model("people", "Resident")
    Household = apps.get_model("people", "Household")
    Membership = apps.get_model("people", "Membership")
    NetworkMember = apps.get_model("people", "NetworkMember")

    early = list(Resident.objects.filter(date_of_birth__lt=EARLIEST).values_list("pk", flat=True))
    early_m = list(Membership.objects.filter(started_on__lt=EARLIEST).values_list("pk", flat=True))
    early_n = list(NetworkMember.objects.filter(added_on__lt=EARLIEST).values_list("pk", flat=True))
    if early or early_m or early_n:
        raise RuntimeError(
            "Dates before 1900 cannot be repaired automatically; correct them first. "
            f"Residents (date_of_birth): {early}; memberships (started_on): {early_m}; "
            f"network members (added_on): {early_n}."
        )
    for model, fields in (
        (Resident, ("first_name", "last_name")),
        (Household, ("name",)),
        (NetworkMember, ("name", "relation_detail")),
    ):
        for row in model.objects.only("pk", *fields).iterator():
            changed = [f for f in fields if _plain(getattr(row, f)) != getattr(row, f)]
            for f in changed:
                setattr(row, f, _plain(getattr(row, f)) or "?")
            if changed:
                row.save(update_fields=changed)
    NetworkMember.objects.filter(ended_on__isnull=False, ended_on__lt=models.F("added_on")).update(
        ended_on=models.F("added_on")
    )

    current = Membership.objects.filter(ended_on__isnull=True)
    newest: dict[int, datetime.date] = {}
    for m in current.order_by("-started_on", "-pk"):
        if m.resident_id in newest:
            # An older current membership: it ended when the newest began.
            m.ended_on = max(m.started_on, newest[m.resident_id])
            m.save(update_fields=["ended_on"])
        else:
            newest[m.resident_id] = m.started_on
    for role in ("head", "partner"):
        kept = set()
        for m in current.filter(role=role).order_by("started_on", "pk"):
            if m.household_id in kept:
                m.role = "other"
                m.save(update_fields=["role"])
            else:
                kept.add(m.household_id)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membership",
            name="membership_once_active",
        ),
        migrations.AlterField(
            model_name="household",
            name="name",
            field=models.CharField(
                max_length=150,
                validators=[nabij.core.validators.validate_plain_text],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="started_on",
            field=models.DateField(
                validators=[nabij.core.validators.validate_plausible_date],
                verbose_name="member since",
            ),
        ),
        migrations.AlterField(
            model_name="networkmember",
            name="name",
            field=models.CharField(
                max_length=150,
                validators=[nabij.core.validators.validate_plain_text],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="networkmember",
            name="relation_detail",
            field=models.CharField(
                blank=True,
                max_length=150,
                validators=[nabij.core.validators.validate_plain_text],
                verbose_name="how they are related",
            ),
        ),
        migrations.AlterField(
            model_name="resident",
            name="date_of_birth",
            field=models.DateField(
                validators=[nabij.core.validators.validate_past_date], verbose_name="date of birth"
            ),
        ),
        migrations.AlterField(
            model_name="resident",
            name="first_name",
            field=models.CharField(
                max_length=80,
                validators=[nabij.core.validators.validate_plain_text],
                verbose_name="first name",
            ),
        ),
        migrations.AlterField(
            model_name="resident",
            name="last_name",
            field=models.CharField(
                max_length=120,
                validators=[nabij.core.validators.validate_plain_text],
                verbose_name="last name",
            ),
        ),
        migrations.RunPython(repair, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="household",
            constraint=models.CheckConstraint(
                condition=models.Q(("name__regex", "[\\x01-\\x1f\\x7f-\\x9f]"), _negated=True),
                name="household_name_plain",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_on__isnull", True)),
                fields=("resident",),
                name="membership_one_current_household",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_on__isnull", True), ("role", "head")),
                fields=("household",),
                name="membership_one_current_head",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_on__isnull", True), ("role", "partner")),
                fields=("household",),
                name="membership_one_current_partner",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("started_on__gte", datetime.date(1900, 1, 1))),
                name="membership_starts_from_1900",
            ),
        ),
        migrations.AddConstraint(
            model_name="networkmember",
            constraint=models.CheckConstraint(
                condition=models.Q(("name__regex", "[\\x01-\\x1f\\x7f-\\x9f]"), _negated=True),
                name="network_member_name_plain",
            ),
        ),
        migrations.AddConstraint(
            model_name="networkmember",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("relation_detail__regex", "[\\x01-\\x1f\\x7f-\\x9f]"), _negated=True
                ),
                name="network_member_relation_plain",
            ),
        ),
        migrations.AddConstraint(
            model_name="networkmember",
            constraint=models.CheckConstraint(
                condition=models.Q(("added_on__gte", datetime.date(1900, 1, 1))),
                name="network_member_added_from_1900",
            ),
        ),
        migrations.AddConstraint(
            model_name="networkmember",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ended_on__isnull", True),
                    ("ended_on__gte", models.F("added_on")),
                    _connector="OR",
                ),
                name="network_member_ends_after_added",
            ),
        ),
        migrations.AddConstraint(
            model_name="resident",
            constraint=models.CheckConstraint(
                condition=models.Q(("date_of_birth__gte", datetime.date(1900, 1, 1))),
                name="resident_born_from_1900",
            ),
        ),
        migrations.AddConstraint(
            model_name="resident",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("first_name__regex", "[\\x01-\\x1f\\x7f-\\x9f]"), _negated=True
                ),
                name="resident_first_name_plain",
            ),
        ),
        migrations.AddConstraint(
            model_name="resident",
            constraint=models.CheckConstraint(
                condition=models.Q(("last_name__regex", "[\\x01-\\x1f\\x7f-\\x9f]"), _negated=True),
                name="resident_last_name_plain",
            ),
        ),
    ]
