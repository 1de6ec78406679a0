"""The audit trail of business events; on PostgreSQL the database refuses UPDATE and DELETE."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION nabij_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON access_auditevent
    FOR EACH ROW EXECUTE FUNCTION nabij_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON access_auditevent;
DROP FUNCTION IF EXISTS nabij_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0006_accesslog_participant"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
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
                            ("account_created", "Account created"),
                            ("account_activated", "Account activated"),
                            ("account_deactivated", "Account deactivated"),
                            ("role_changed", "Role changed"),
                            ("team_changed", "Team changed"),
                            ("profile_changed", "Profile changed"),
                            ("role_change_requested", "Change of access requested"),
                            ("role_change_approved", "Change of access approved"),
                            ("role_change_rejected", "Change of access rejected"),
                            ("self_change_refused", "Change of own access refused"),
                            ("approval_refused", "Approval refused"),
                            ("password_link_issued", "Set-password link issued"),
                            ("organisation_created", "Organisation created"),
                            ("organisation_changed", "Organisation changed"),
                            ("district_team_created", "District team created"),
                            ("district_team_changed", "District team changed"),
                            ("fund_override", "Area fund taken below zero by override"),
                        ],
                        max_length=40,
                        verbose_name="event",
                    ),
                ),
                ("actor_username", models.CharField(max_length=150, verbose_name="by")),
                (
                    "actor_role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("professional", "District-team professional"),
                            ("team_coordinator", "Team coordinator"),
                            ("social_broker", "Social broker"),
                            ("policy_analyst", "Policy analyst"),
                            ("administrator", "Administrator"),
                        ],
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "subject_username",
                    models.CharField(blank=True, max_length=150, verbose_name="concerning"),
                ),
                ("object_type", models.CharField(blank=True, max_length=40, verbose_name="object")),
                ("object_id", models.BigIntegerField(null=True, verbose_name="object id")),
                ("before", models.JSONField(blank=True, default=dict, verbose_name="before")),
                ("after", models.JSONField(blank=True, default=dict, verbose_name="after")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="reason")),
                (
                    "client_address",
                    models.GenericIPAddressField(null=True, verbose_name="client address"),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "subject",
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
                "verbose_name": "audit event",
                "verbose_name_plural": "audit trail",
                "ordering": ["-occurred_at", "-id"],
                "indexes": [models.Index(fields=["subject", "-occurred_at"], name="audit_subject")],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
