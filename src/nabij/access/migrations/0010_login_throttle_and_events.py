"""The login throttle's counters and the login events; on PostgreSQL the database refuses
UPDATE and DELETE on the login events, as on the access log."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION nabij_loginevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'login events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER loginevent_append_only
    BEFORE UPDATE OR DELETE ON access_loginevent
    FOR EACH ROW EXECUTE FUNCTION nabij_loginevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS loginevent_append_only ON access_loginevent;
DROP FUNCTION IF EXISTS nabij_loginevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0009_recorded_request"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "occurred_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="date and time"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("succeeded", "Logged in"),
                            ("wrong_password", "Unknown username or wrong password"),
                            ("wrong_code", "Wrong verification code"),
                            ("locked_out", "Refused: too many failed attempts"),
                            ("device_enrolled", "Two-step login set up"),
                        ],
                        max_length=20,
                        verbose_name="event",
                    ),
                ),
                (
                    "username",
                    models.CharField(db_index=True, max_length=150, verbose_name="username"),
                ),
                (
                    "client_address",
                    models.GenericIPAddressField(null=True, verbose_name="client address"),
                ),
                ("detail", models.CharField(blank=True, max_length=40, verbose_name="detail")),
                (
                    "user",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "login event",
                "verbose_name_plural": "login events",
                "ordering": ["-occurred_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="LoginThrottle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=200, unique=True)),
                ("failures", models.PositiveIntegerField(default=0)),
                ("window_started_at", models.DateTimeField()),
            ],
        ),
        migrations.DeleteModel(
            name="LoginAttempt",
        ),
        migrations.RunPython(forwards, backwards),
    ]
