"""Issue 11: area budgets per funding stream with their history, frontline agreements, the
approval of a projection and the two conditions of a saving return. On PostgreSQL the new
append-only tables get the ledger's trigger (its function comes from 0001)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY_TABLES = ("funds_projectionapproval", "funds_areabudgetchange")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION nabij_funds_append_only();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0014_frontline_limit_and_issue11_audit"),
        ("areas", "0001_initial"),
        ("costs", "0007_funding_stream_welfare"),
        ("funds", "0001_initial"),
        ("people", "0004_network_private_and_version"),
        ("plans", "0004_goal_wording_action_comment_signed_by_resident"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AreaBudget",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "synthetic",
                    models.BooleanField(default=False, verbose_name="made up (synthetic)"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "area budget",
                "verbose_name_plural": "area budgets",
                "ordering": ["-year", "district__code"],
            },
        ),
        migrations.CreateModel(
            name="AreaBudgetChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("before", models.JSONField(blank=True, default=dict, verbose_name="before")),
                ("after", models.JSONField(default=dict, verbose_name="after")),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="changed at")),
            ],
            options={
                "verbose_name": "area budget change",
                "verbose_name_plural": "area budget changes",
                "ordering": ["-version"],
            },
        ),
        migrations.CreateModel(
            name="AreaBudgetLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "stream",
                    models.CharField(
                        choices=[
                            ("wmo", "Wmo (social support)"),
                            ("youth", "Jeugdwet (youth care)"),
                            ("participation", "Participatiewet (benefits)"),
                            ("debt", "Debt counselling"),
                            ("welfare", "Welzijn (welfare work)"),
                            ("zvw", "Zvw (health insurance)"),
                            ("wlz", "Wlz (long-term care)"),
                            ("justice", "Justice"),
                            ("housing", "Housing corporation"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="funding stream",
                    ),
                ),
                ("amount_cents", models.BigIntegerField(verbose_name="amount (cents)")),
            ],
            options={
                "verbose_name": "area budget line",
                "verbose_name_plural": "area budget lines",
                "ordering": ["budget", "id"],
            },
        ),
        migrations.CreateModel(
            name="ProjectionApproval",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scenario_version", models.PositiveIntegerField(verbose_name="scenario version")),
                ("approver_role", models.CharField(max_length=20, verbose_name="role")),
                (
                    "approver_team_id",
                    models.BigIntegerField(
                        blank=True, null=True, verbose_name="team of the approver"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                (
                    "approved_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="approved at"),
                ),
            ],
            options={
                "verbose_name": "approval of a projection",
                "verbose_name_plural": "approvals of projections",
                "ordering": ["-approved_at", "-id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="savingreturn",
            name="saving_return_once",
        ),
        migrations.AddField(
            model_name="agreement",
            name="frontline",
            field=models.BooleanField(
                default=False, verbose_name="decided within the frontline limit"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="frontline_limit_cents",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="frontline limit at the time (cents)"
            ),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="approval_met",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="projection approved outside the team"
            ),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="approval_reason",
            field=models.CharField(blank=True, max_length=20, verbose_name="approval check"),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="outcome_basis",
            field=models.CharField(
                blank=True,
                choices=[("goals", "Goals achieved"), ("self_reliance", "Self-reliance not worse")],
                max_length=20,
                verbose_name="outcome held by",
            ),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="outcome_detail",
            field=models.JSONField(blank=True, default=dict, verbose_name="outcome check"),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="outcome_met",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="the household's outcome held"
            ),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="recorded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="recorded at"),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="recorded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="status",
            field=models.CharField(
                choices=[("booked", "Booked"), ("refused", "Refused")],
                default="booked",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("frontline", False),
                    models.Q(
                        ("amount_cents__lte", models.F("frontline_limit_cents")),
                        ("frontline_limit_cents__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="agreement_frontline_within_limit",
            ),
        ),
        migrations.AddField(
            model_name="areabudget",
            name="district",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="area_budgets",
                to="areas.district",
            ),
        ),
        migrations.AddField(
            model_name="areabudget",
            name="updated_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="areabudgetchange",
            name="budget",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="changes",
                to="funds.areabudget",
            ),
        ),
        migrations.AddField(
            model_name="areabudgetchange",
            name="changed_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="areabudgetline",
            name="budget",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="funds.areabudget",
            ),
        ),
        migrations.AddField(
            model_name="projectionapproval",
            name="approved_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projection_approvals",
                to="access.professional",
            ),
        ),
        migrations.AddField(
            model_name="projectionapproval",
            name="scenario",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="approvals",
                to="costs.scenario",
            ),
        ),
        migrations.AddField(
            model_name="savingreturn",
            name="approval",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="saving_returns",
                to="funds.projectionapproval",
            ),
        ),
        migrations.AddConstraint(
            model_name="savingreturn",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "booked")),
                fields=("scenario", "year"),
                name="saving_return_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="savingreturn",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "booked"),
                    models.Q(("returned_cents", 0), ("transaction__isnull", True)),
                    _connector="OR",
                ),
                name="saving_return_refused_books_nothing",
            ),
        ),
        migrations.AddConstraint(
            model_name="areabudget",
            constraint=models.UniqueConstraint(
                fields=("district", "year"), name="area_budget_once_per_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="areabudgetchange",
            constraint=models.UniqueConstraint(
                fields=("budget", "version"), name="area_budget_change_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="areabudgetline",
            constraint=models.UniqueConstraint(
                fields=("budget", "stream"), name="area_budget_line_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="areabudgetline",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_cents__gte", 0)), name="area_budget_line_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="projectionapproval",
            constraint=models.UniqueConstraint(
                fields=("scenario", "scenario_version"), name="projection_approved_once"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
