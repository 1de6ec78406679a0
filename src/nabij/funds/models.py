"""The area fund (*wijkkas*): a double-entry, append-only ledger per district.

Every movement of money is one ``Transaction`` with two or more ``Entry`` rows whose amounts
sum to zero (debit positive, credit negative). Accounts:

- ``municipality``: the municipality's area budget (one, the source of every allocation);
- ``savings``: realised savings the municipality returns (one, the source of every return);
- ``fund``: a district's area fund, the money the team may spend (debit balance);
- ``grants``: per district, what was given away (an expense, debit balance);
- ``loan``: per loan agreement, what is still owed (a receivable, debit balance).

Transactions and entries are never edited or deleted (queryset, model and, on PostgreSQL, a
trigger refuse it); a mistake is undone by a reversing transaction. A fund's balance is the sum
of its entries, so it can always be recomputed from the ledger.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.costs.models import FundingStream

APPEND_ONLY = "The area-fund ledger is append-only."


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError(APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)


class AppendOnlyModel(models.Model):
    """Rows are written once: saving an existing row or deleting one is refused."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)


class AreaFund(models.Model):
    """The area fund of one district; its balance lives in the ledger, not on this row.

    The row is also what a spending transaction locks (``select_for_update``), so two
    coordinators spending at once cannot both pass the "never negative" check.
    """

    district = models.OneToOneField(
        "areas.District", on_delete=models.PROTECT, related_name="area_fund"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district__code"]
        verbose_name = _("area fund")
        verbose_name_plural = _("area funds")

    def __str__(self) -> str:
        return str(self.district)


class Agreement(models.Model):
    """A grant or loan to a household with the reciprocity agreed (*tegenprestatie*).

    The money is in the ledger (the payment, repayments); hours done are ``HoursRecord`` rows.
    Only ``version`` ever changes: it is raised by every recording, so two people recording at
    once get a conflict instead of a double entry.
    """

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        LOAN = "loan", _("Loan")

    fund = models.ForeignKey(AreaFund, on_delete=models.PROTECT, related_name="agreements")
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="fund_agreements"
    )
    breakthrough = models.ForeignKey(
        "plans.Breakthrough",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_agreements",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    purpose = models.CharField(_("what it is for"), max_length=300)
    reciprocity = models.CharField(_("reciprocity"), max_length=300, blank=True)
    hours_agreed = models.DecimalField(
        _("hours agreed"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        "access.Professional", on_delete=models.PROTECT, related_name="fund_agreements"
    )
    # Frontline freedom: decided by a professional within the team's limit (kept as it was
    # then), not by the coordinator's mandate.
    frontline = models.BooleanField(_("decided within the frontline limit"), default=False)
    frontline_limit_cents = models.PositiveIntegerField(
        _("frontline limit at the time (cents)"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0), name="agreement_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_agreed__gte=0), name="agreement_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(frontline=False)
                | models.Q(
                    frontline_limit_cents__isnull=False,
                    amount_cents__lte=models.F("frontline_limit_cents"),
                ),
                name="agreement_frontline_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Account(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality: area budget")
        SAVINGS = "savings", _("Municipality: savings returned")
        FUND = "fund", _("Area fund")
        GRANTS = "grants", _("Grants paid")
        LOAN = "loan", _("Loan outstanding")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    fund = models.ForeignKey(
        AreaFund, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts"
    )
    agreement = models.OneToOneField(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="account"
    )

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind__in=["municipality", "savings"]),
                name="account_one_per_municipal_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "fund"],
                condition=models.Q(kind__in=["fund", "grants"]),
                name="account_one_per_fund_kind",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["municipality", "savings"], fund__isnull=True)
                    | models.Q(kind__in=["fund", "grants"], fund__isnull=False)
                    | models.Q(kind="loan", fund__isnull=False, agreement__isnull=False)
                ),
                name="account_kind_fits_links",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.fund_id or '-'})"


class Transaction(AppendOnlyModel):
    """One movement of money; its entries sum to zero (checked by the service that writes it)."""

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", _("Area budget allocated")
        GRANT = "grant", _("Grant paid")
        LOAN = "loan", _("Loan paid out")
        REPAYMENT = "repayment", _("Loan repayment")
        SAVING_RETURN = "saving_return", _("Saving returned")
        REVERSAL = "reversal", _("Reversal")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    fund = models.ForeignKey(AreaFund, on_delete=models.PROTECT, related_name="transactions")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="transactions"
    )
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    override_reason = models.CharField(
        _("reason to let the fund go below zero"), max_length=500, blank=True
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind}"


class Entry(AppendOnlyModel):
    """One side of a transaction: debit (positive) or credit (negative), never zero."""

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount_cents = models.BigIntegerField(_("amount (cents)"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount_cents=0), name="entry_amount_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount_cents}"


class Allocation(AppendOnlyModel):
    """A year's area budget for a district: amount per inhabitant x the CBS inhabitants."""

    fund = models.ForeignKey(AreaFund, on_delete=models.PROTECT, related_name="allocations")
    year = models.PositiveSmallIntegerField(_("year"))
    cents_per_inhabitant = models.PositiveIntegerField(_("amount per inhabitant (cents)"))
    inhabitants = models.PositiveIntegerField(_("inhabitants (CBS)"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, related_name="allocation"
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "fund__district__code"]
        verbose_name = _("area budget allocation")
        verbose_name_plural = _("area budget allocations")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="allocation_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"


class HoursRecord(AppendOnlyModel):
    """Hours of reciprocity done; a negative row (with a note) corrects an earlier one."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="hours")
    done_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-done_on", "-id"]
        verbose_name = _("hours record")
        verbose_name_plural = _("hours records")
        constraints = [
            models.CheckConstraint(condition=~models.Q(hours=0), name="hours_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.hours}"


class SavingReturnRule(AppendOnlyModel):
    """The share of a realised saving that goes back to the district; the newest row applies."""

    share_bp = models.PositiveIntegerField(_("share returned (basis points)"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = _("saving-return rule")
        verbose_name_plural = _("saving-return rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_bp__gte=0, share_bp__lte=10_000),
                name="saving_rule_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.share_bp / 100:.2f}%"


class ProjectionApproval(AppendOnlyModel):
    """The projection behind a saving (a scenario, in one version) approved by someone outside
    the team that books the return: a policy analyst or another team's coordinator
    (``access.rules.can_approve_projection``). It holds for that version only: any change to the
    scenario raises its version, and the approval lapses."""

    scenario = models.ForeignKey(
        "costs.Scenario", on_delete=models.PROTECT, related_name="approvals"
    )
    scenario_version = models.PositiveIntegerField(_("scenario version"))
    approved_by = models.ForeignKey(
        "access.Professional", on_delete=models.PROTECT, related_name="projection_approvals"
    )
    approver_role = models.CharField(_("role"), max_length=20)
    approver_team_id = models.BigIntegerField(_("team of the approver"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-id"]
        verbose_name = _("approval of a projection")
        verbose_name_plural = _("approvals of projections")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "scenario_version"], name="projection_approved_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} v{self.scenario_version}"

    @property
    def approver_role_label(self) -> str:
        from nabij.access.enums import Role

        return str(Role(self.approver_role).label) if self.approver_role in Role.values else ""


class SavingReturn(AppendOnlyModel):
    """One claim of a realised saving, with every figure it was computed from and, since issue
    11, the two conditions as they stood when it was made: the household's outcome held, and the
    projection was approved outside the team. A claim that fails a condition is kept as
    ``refused``, with nothing booked; a claim made before the conditions existed has ``None``
    for both."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        REFUSED = "refused", _("Refused")

    class Basis(models.TextChoices):
        GOALS = "goals", _("Goals achieved")
        SELF_RELIANCE = "self_reliance", _("Self-reliance not worse")

    scenario = models.ForeignKey(
        "costs.Scenario", on_delete=models.PROTECT, related_name="saving_returns"
    )
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="saving_returns"
    )
    fund = models.ForeignKey(AreaFund, on_delete=models.PROTECT, related_name="saving_returns")
    year = models.PositiveSmallIntegerField(_("year"))
    scenario_year = models.PositiveSmallIntegerField(_("scenario year"))
    projected_current_cents = models.BigIntegerField(_("projected cost, current trajectory"))
    projected_alternative_cents = models.BigIntegerField(_("projected cost, alternative"))
    actual_cents = models.BigIntegerField(_("actual cost in the ledger"))
    realised_saving_cents = models.BigIntegerField(_("realised saving"))
    counted_saving_cents = models.BigIntegerField(_("saving counted (capped)"))
    share_bp = models.PositiveIntegerField(_("share returned (basis points)"))
    returned_cents = models.BigIntegerField(_("returned"))
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="saving_return"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    outcome_met = models.BooleanField(_("the household's outcome held"), null=True, blank=True)
    outcome_basis = models.CharField(
        _("outcome held by"), max_length=20, choices=Basis.choices, blank=True
    )
    # What the outcome check found (``funds.conditions.OutcomeCheck.as_json``): no names.
    outcome_detail = models.JSONField(_("outcome check"), default=dict, blank=True)
    approval = models.ForeignKey(
        ProjectionApproval,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saving_returns",
    )
    approval_met = models.BooleanField(
        _("projection approved outside the team"), null=True, blank=True
    )
    # Why (``funds.conditions.ApprovalReason``): approved, none, lapsed, own_team.
    approval_reason = models.CharField(_("approval check"), max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("saving returned")
        verbose_name_plural = _("savings returned")
        constraints = [
            # Booked once per scenario and year; refused claims are kept, and may be made again
            # (once the projection is approved, say).
            models.UniqueConstraint(
                fields=["scenario", "year"],
                condition=models.Q(status="booked"),
                name="saving_return_once",
            ),
            models.CheckConstraint(
                condition=models.Q(returned_cents__gte=0), name="saving_return_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(status="booked")
                | models.Q(returned_cents=0, transaction__isnull=True),
                name="saving_return_refused_books_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.year}"

    @property
    def projected_saving_cents(self) -> int:
        return self.projected_current_cents - self.projected_alternative_cents

    @property
    def share_percent(self) -> Decimal:
        return Decimal(self.share_bp) / 100

    @property
    def refused(self) -> bool:
        return self.status == self.Status.REFUSED

    @property
    def conditions_checked(self) -> bool:
        return self.outcome_met is not None


# --- Area budget (gebiedsbudget) ------------------------------------------------------------

# The funding streams of an area budget (seed 002: population-based funding of the social
# domain), in the order the pages show them: the streams the municipality itself pays.
BUDGET_STREAMS: tuple[str, ...] = (
    FundingStream.WMO,
    FundingStream.YOUTH,
    FundingStream.PARTICIPATION,
    FundingStream.WELFARE,
    FundingStream.DEBT,
)


class AreaBudget(models.Model):
    """A district's area budget for one year, per funding stream, set by the administrator.

    A planning figure, compared with what the cost ledger shows was spent for the district's
    households; it is not money in the area fund (that is ``Allocation`` and the ledger). Every
    change raises ``version`` (two administrators cannot overwrite each other unseen) and adds
    an ``AreaBudgetChange`` with the lines before and after.
    """

    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, related_name="area_budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(default=1)
    # Made up (the demo's amounts): every page marks them *synthetisch*. Any save through the
    # form sets real figures and clears it.
    synthetic = models.BooleanField(_("made up (synthetic)"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "district__code"]
        verbose_name = _("area budget")
        verbose_name_plural = _("area budgets")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="area_budget_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}"


class AreaBudgetLine(models.Model):
    """The budget of one funding stream; changed only together with its budget's version."""

    budget = models.ForeignKey(AreaBudget, on_delete=models.CASCADE, related_name="lines")
    stream = models.CharField(_("funding stream"), max_length=20, choices=FundingStream.choices)
    amount_cents = models.BigIntegerField(_("amount (cents)"))

    class Meta:
        ordering = ["budget", "id"]
        verbose_name = _("area budget line")
        verbose_name_plural = _("area budget lines")
        constraints = [
            models.UniqueConstraint(fields=["budget", "stream"], name="area_budget_line_once"),
            models.CheckConstraint(
                condition=models.Q(amount_cents__gte=0), name="area_budget_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream} {self.amount_cents}"


class AreaBudgetChange(AppendOnlyModel):
    """The history of a budget: one row per version, the lines before and after (stream ->
    cents) and why."""

    budget = models.ForeignKey(AreaBudget, on_delete=models.PROTECT, related_name="changes")
    version = models.PositiveIntegerField(_("version"))
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("area budget change")
        verbose_name_plural = _("area budget changes")
        constraints = [
            models.UniqueConstraint(fields=["budget", "version"], name="area_budget_change_once"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} v{self.version}"
