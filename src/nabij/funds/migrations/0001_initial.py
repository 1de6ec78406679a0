"""The area-fund ledger; on PostgreSQL a trigger keeps its rows append-only."""

from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY_TABLES = (
    "funds_transaction",
    "funds_entry",
    "funds_allocation",
    "funds_hoursrecord",
    "funds_savingreturnrule",
    "funds_savingreturn",
)
FUNCTION = """
CREATE OR REPLACE FUNCTION nabij_funds_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'area-fund ledger is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
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
    schema_editor.execute("DROP FUNCTION IF EXISTS nabij_funds_append_only();")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("access", "0005_organisation_agb_code"),
        ("areas", "0001_initial"),
        ("costs", "0001_initial"),
        ("people", "0001_initial"),
        ("plans", "0002_planchange_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AreaFund",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "district",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="area_fund",
                        to="areas.district",
                    ),
                ),
            ],
            options={
                "verbose_name": "area fund",
                "verbose_name_plural": "area funds",
                "ordering": ["district__code"],
            },
        ),
        migrations.CreateModel(
            name="Agreement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("grant", "Grant"), ("loan", "Loan")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("amount_cents", models.BigIntegerField(verbose_name="amount (cents)")),
                ("purpose", models.CharField(max_length=300, verbose_name="what it is for")),
                (
                    "reciprocity",
                    models.CharField(blank=True, max_length=300, verbose_name="reciprocity"),
                ),
                (
                    "hours_agreed",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0"),
                        max_digits=6,
                        verbose_name="hours agreed",
                    ),
                ),
                ("decided_on", models.DateField(verbose_name="decided on")),
                ("version", models.PositiveIntegerField(default=1)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "breakthrough",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="fund_agreements",
                        to="plans.breakthrough",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="fund_agreements",
                        to="access.professional",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="fund_agreements",
                        to="people.household",
                    ),
                ),
                (
                    "fund",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreements",
                        to="funds.areafund",
                    ),
                ),
            ],
            options={
                "verbose_name": "agreement",
                "verbose_name_plural": "agreements",
                "ordering": ["-decided_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("municipality", "Municipality: area budget"),
                            ("savings", "Municipality: savings returned"),
                            ("fund", "Area fund"),
                            ("grants", "Grants paid"),
                            ("loan", "Loan outstanding"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "agreement",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="account",
                        to="funds.agreement",
                    ),
                ),
                (
                    "fund",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accounts",
                        to="funds.areafund",
                    ),
                ),
            ],
            options={
                "verbose_name": "account",
                "verbose_name_plural": "accounts",
                "ordering": ["kind", "id"],
            },
        ),
        migrations.CreateModel(
            name="HoursRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("done_on", models.DateField(verbose_name="date")),
                (
                    "hours",
                    models.DecimalField(decimal_places=2, max_digits=6, verbose_name="hours"),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="hours",
                        to="funds.agreement",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "hours record",
                "verbose_name_plural": "hours records",
                "ordering": ["-done_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="SavingReturnRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "share_bp",
                    models.PositiveIntegerField(verbose_name="share returned (basis points)"),
                ),
                ("set_at", models.DateTimeField(auto_now_add=True)),
                (
                    "set_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "saving-return rule",
                "verbose_name_plural": "saving-return rules",
                "ordering": ["-set_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Transaction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("allocation", "Area budget allocated"),
                            ("grant", "Grant paid"),
                            ("loan", "Loan paid out"),
                            ("repayment", "Loan repayment"),
                            ("saving_return", "Saving returned"),
                            ("reversal", "Reversal"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("occurred_on", models.DateField(verbose_name="date")),
                ("description", models.CharField(max_length=300, verbose_name="description")),
                (
                    "override_reason",
                    models.CharField(
                        blank=True,
                        max_length=500,
                        verbose_name="reason to let the fund go below zero",
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="transactions",
                        to="funds.agreement",
                    ),
                ),
                (
                    "fund",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="transactions",
                        to="funds.areafund",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reverses",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reversed_by",
                        to="funds.transaction",
                    ),
                ),
            ],
            options={
                "verbose_name": "transaction",
                "verbose_name_plural": "transactions",
                "ordering": ["-occurred_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="SavingReturn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("scenario_year", models.PositiveSmallIntegerField(verbose_name="scenario year")),
                (
                    "projected_current_cents",
                    models.BigIntegerField(verbose_name="projected cost, current trajectory"),
                ),
                (
                    "projected_alternative_cents",
                    models.BigIntegerField(verbose_name="projected cost, alternative"),
                ),
                ("actual_cents", models.BigIntegerField(verbose_name="actual cost in the ledger")),
                ("realised_saving_cents", models.BigIntegerField(verbose_name="realised saving")),
                (
                    "counted_saving_cents",
                    models.BigIntegerField(verbose_name="saving counted (capped)"),
                ),
                (
                    "share_bp",
                    models.PositiveIntegerField(verbose_name="share returned (basis points)"),
                ),
                ("returned_cents", models.BigIntegerField(verbose_name="returned")),
                (
                    "fund",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="saving_returns",
                        to="funds.areafund",
                    ),
                ),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="saving_returns",
                        to="people.household",
                    ),
                ),
                (
                    "scenario",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="saving_returns",
                        to="costs.scenario",
                    ),
                ),
                (
                    "transaction",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="saving_return",
                        to="funds.transaction",
                    ),
                ),
            ],
            options={
                "verbose_name": "saving returned",
                "verbose_name_plural": "savings returned",
                "ordering": ["-year", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Entry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("amount_cents", models.BigIntegerField(verbose_name="amount (cents)")),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entries",
                        to="funds.account",
                    ),
                ),
                (
                    "transaction",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entries",
                        to="funds.transaction",
                    ),
                ),
            ],
            options={
                "verbose_name": "entry",
                "verbose_name_plural": "entries",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="Allocation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "cents_per_inhabitant",
                    models.PositiveIntegerField(verbose_name="amount per inhabitant (cents)"),
                ),
                ("inhabitants", models.PositiveIntegerField(verbose_name="inhabitants (CBS)")),
                ("amount_cents", models.BigIntegerField(verbose_name="amount (cents)")),
                (
                    "fund",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="allocations",
                        to="funds.areafund",
                    ),
                ),
                (
                    "transaction",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="allocation",
                        to="funds.transaction",
                    ),
                ),
            ],
            options={
                "verbose_name": "area budget allocation",
                "verbose_name_plural": "area budget allocations",
                "ordering": ["-year", "fund__district__code"],
            },
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_cents__gt", 0)), name="agreement_amount_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(("hours_agreed__gte", 0)), name="agreement_hours_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["municipality", "savings"])),
                fields=("kind",),
                name="account_one_per_municipal_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["fund", "grants"])),
                fields=("kind", "fund"),
                name="account_one_per_fund_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("fund__isnull", True), ("kind__in", ["municipality", "savings"])),
                    models.Q(("fund__isnull", False), ("kind__in", ["fund", "grants"])),
                    models.Q(
                        ("agreement__isnull", False), ("fund__isnull", False), ("kind", "loan")
                    ),
                    _connector="OR",
                ),
                name="account_kind_fits_links",
            ),
        ),
        migrations.AddConstraint(
            model_name="hoursrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(("hours", 0), _negated=True), name="hours_not_zero"
            ),
        ),
        migrations.AddConstraint(
            model_name="savingreturnrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("share_bp__gte", 0), ("share_bp__lte", 10000)),
                name="saving_rule_share_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="savingreturn",
            constraint=models.UniqueConstraint(
                fields=("scenario", "year"), name="saving_return_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="savingreturn",
            constraint=models.CheckConstraint(
                condition=models.Q(("returned_cents__gte", 0)), name="saving_return_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="entry",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_cents", 0), _negated=True), name="entry_amount_not_zero"
            ),
        ),
        migrations.AddConstraint(
            model_name="allocation",
            constraint=models.UniqueConstraint(
                fields=("fund", "year"), name="allocation_once_per_year"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
