"""Changes of access that wait for a second administrator (four eyes); field labels."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0007_audit_event"),
        ("areas", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="districtteam",
            name="districts",
            field=models.ManyToManyField(
                blank=True, related_name="teams", to="areas.district", verbose_name="districts"
            ),
        ),
        migrations.AlterField(
            model_name="districtteam",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="teams",
                to="access.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="professional",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="professionals",
                to="access.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="professional",
            name="team",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="members",
                to="access.districtteam",
                verbose_name="district team",
            ),
        ),
        migrations.AlterField(
            model_name="professional",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="professional",
                to=settings.AUTH_USER_MODEL,
                verbose_name="account",
            ),
        ),
        migrations.CreateModel(
            name="RoleChangeRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
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
                ("is_active", models.BooleanField(verbose_name="active")),
                ("before", models.JSONField(default=dict, verbose_name="before")),
                ("reason", models.CharField(max_length=500, verbose_name="reason")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("requested", "Awaiting approval"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                        ],
                        default="requested",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="requested at"),
                ),
                ("decided_at", models.DateTimeField(null=True, verbose_name="decided at")),
                (
                    "decision_note",
                    models.CharField(blank=True, max_length=500, verbose_name="note"),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "professional",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="change_requests",
                        to="access.professional",
                        verbose_name="professional",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="access.districtteam",
                        verbose_name="district team",
                    ),
                ),
            ],
            options={
                "verbose_name": "access change request",
                "verbose_name_plural": "access change requests",
                "ordering": ["-requested_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("state", "requested")),
                        fields=("professional",),
                        name="rolechangerequest_one_open_per_professional",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("decided_by", models.F("requested_by")),
                            ("state", "approved"),
                            _negated=True,
                        ),
                        name="rolechangerequest_decider_is_not_requester",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("decided_at__isnull", True),
                                ("decided_by__isnull", True),
                                ("state", "requested"),
                            ),
                            models.Q(
                                models.Q(("state", "requested"), _negated=True),
                                ("decided_at__isnull", False),
                                ("decided_by__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="rolechangerequest_decided_iff_not_open",
                    ),
                ],
            },
        ),
    ]
