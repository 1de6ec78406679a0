"""The cost ledger: what a household costs, per funding stream and payer, in integer cents.

Cost lines are append-only. A wrong line is never edited: a counter-entry (``corrects``) cancels
it and, where needed, a new line replaces it, so every figure shown can be traced back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingStream(models.TextChoices):
    WMO = "wmo", _("Wmo (social support)")
    YOUTH = "youth", _("Jeugdwet (youth care)")
    PARTICIPATION = "participation", _("Participatiewet (benefits)")
    DEBT = "debt", _("Debt counselling")
    # Welfare work (*welzijn*): subsidised community and social work, a line of the area budget.
    WELFARE = "welfare", _("Welzijn (welfare work)")
    ZVW = "zvw", _("Zvw (health insurance)")
    WLZ = "wlz", _("Wlz (long-term care)")
    JUSTICE = "justice", _("Justice")
    HOUSING = "housing", _("Housing corporation")
    OTHER = "other", _("Other")


class Payer(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    INSURER = "insurer", _("Health insurer")
    STATE = "state", _("State")
    CORPORATION = "corporation", _("Housing corporation")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    DECLARATION = "declaration", _("Declaration import")
    MANUAL = "manual", _("Manual entry")
    ESTIMATE = "estimate", _("Estimate from a reference price")


class Unit(models.TextChoices):
    """Units of volume: the iStandaarden code list WJ756 plus the units of reference prices."""

    MINUTE = "01", _("minute")
    HOUR = "04", _("hour")
    DAY_NIGHT = "14", _("24 hours")
    DAY_PART = "16", _("part of a day (4 hours)")
    PIECE_EFFORT = "82", _("piece (effort)")
    EURO = "83", _("euro (budget)")
    PIECE_OUTPUT = "84", _("piece (output)")
    DAY = "day", _("day")
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    CASE = "case", _("case")
    EVENT = "event", _("event")
    PERCENT = "percent", _("percent per year")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The cost ledger is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The cost ledger is append-only.")


class Product(models.Model):
    """A product in the declaration code lists: category (national) and code (per contract)."""

    category = models.CharField(_("product category"), max_length=4)
    code = models.CharField(_("product code"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=200)
    stream = models.CharField(_("funding stream"), max_length=20, choices=FundingStream.choices)
    # Where the code comes from: a national code list, or the municipality's contracts.
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="product_category_code")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.code} {self.name}".strip()


class ImportBatch(models.Model):
    """One imported file. Its content hash makes a re-import of the same file add nothing."""

    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        JW323 = "jw323", "JW323 (iJw)"
        WMO323 = "wmo323", "WMO323 (iWmo)"

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    total_cents = models.BigIntegerField(_("total (cents)"), default=0)
    declaration_number = models.CharField(_("declaration number"), max_length=40, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name


class CostLine(models.Model):
    """One cost for one household (and where known one resident) over a period."""

    # No index of its own: ``costline_household`` (household, period_start) serves every
    # lookup by household. Each index costs every imported line (docs/import-costs.md).
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="cost_lines", db_index=False
    )
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Likewise served by ``costline_provider_ref`` (provider, external_ref).
    provider = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="cost_lines", db_index=False
    )
    stream = models.CharField(_("funding stream"), max_length=20, choices=FundingStream.choices)
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices)
    product_category = models.CharField(_("product category"), max_length=4, blank=True)
    product_code = models.CharField(_("product code"), max_length=10, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    volume = models.DecimalField(_("volume"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    unit_price_cents = models.BigIntegerField(_("unit price (cents)"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )
    # Indexed only where set (``costline_reference_price``): imported lines never are.
    reference_price = models.ForeignKey(
        "costs.ReferencePrice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    external_ref = models.CharField(_("reference"), max_length=60, blank=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        indexes = [
            models.Index(fields=["household", "period_start"], name="costline_household"),
            # Imports look up a provider's reference numbers (duplicates, credits) by this.
            models.Index(fields=["provider", "external_ref"], name="costline_provider_ref"),
            models.Index(
                fields=["reference_price"],
                condition=models.Q(reference_price__isnull=False),
                name="costline_reference_price",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="costline_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_cents__gte=0) | models.Q(corrects__isnull=False),
                name="costline_negative_only_as_correction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start} {self.stream} {self.amount_cents}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The cost ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The cost ledger is append-only.")


class ReferencePrice(models.Model):
    """A *kengetal*: what something costs, per unit, in a given price year, and who says so."""

    class Quality(models.TextChoices):
        SOUND = "sound", _("Sound source")
        WEAK = "weak", _("Weak source")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    per = models.CharField(_("per"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("price year"))
    source = models.CharField(_("source"), max_length=300)
    quality = models.CharField(
        _("quality of the source"), max_length=10, choices=Quality.choices, default=Quality.SOUND
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    stream = models.CharField(
        _("funding stream"), max_length=20, choices=FundingStream.choices, blank=True
    )
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("reference price")
        verbose_name_plural = _("reference prices")

    def __str__(self) -> str:
        return self.name


class PriceIndex(models.Model):
    """A price index per year (e.g. CBS CPI, any base), to state reference prices in one year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    index = models.DecimalField(_("index"), max_digits=8, decimal_places=3)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["year"]
        verbose_name = _("price index")
        verbose_name_plural = _("price indices")

    def __str__(self) -> str:
        return f"{self.year}: {self.index}"


class Scenario(models.Model):
    """Integral cost-benefit for one household: the current trajectory against an alternative."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="scenarios"
    )
    breakthrough = models.ForeignKey(
        "plans.Breakthrough",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
    )
    title = models.CharField(_("title"), max_length=200)
    current_label = models.CharField(_("current trajectory"), max_length=200)
    alternative_label = models.CharField(_("alternative"), max_length=200)
    horizon_years = models.PositiveSmallIntegerField(_("horizon (years)"), default=5)
    discount_rate_bp = models.PositiveIntegerField(
        _("discount rate (basis points per year)"), default=225
    )
    price_year = models.PositiveSmallIntegerField(_("price year"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon_years__gte=1, horizon_years__lte=30),
                name="scenario_horizon_range",
            ),
            models.CheckConstraint(
                condition=models.Q(discount_rate_bp__lte=2000), name="scenario_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Assumption(models.Model):
    """One cost flow in one branch of a scenario: an amount per year (or once) for some years."""

    class Branch(models.TextChoices):
        CURRENT = "current", _("Current trajectory")
        ALTERNATIVE = "alternative", _("Alternative")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="assumptions")
    branch = models.CharField(_("branch"), max_length=12, choices=Branch.choices)
    label = models.CharField(_("what"), max_length=200)
    stream = models.CharField(_("funding stream"), max_length=20, choices=FundingStream.choices)
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices)
    reference_price = models.ForeignKey(
        ReferencePrice, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount_cents = models.BigIntegerField(_("amount per year, or once (cents)"))
    one_off = models.BooleanField(_("once"), default=False)
    from_year = models.PositiveSmallIntegerField(_("from year"), default=1)
    until_year = models.PositiveSmallIntegerField(_("until year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The arithmetic of an amount costed from a reference price (costs.formulas), so the page
    # words it in the reader's language; None when set or changed by hand.
    formula = models.JSONField(_("formula"), null=True, blank=True)

    class Meta:
        ordering = ["branch", "from_year", "id"]
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gte=0), name="assumption_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(from_year__gte=1), name="assumption_from_year_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def explanation(self) -> str:
        """How the amount came about in the active language, else the note as written."""
        if self.formula:
            from nabij.costs.formulas import formula_text

            return formula_text(self.formula) or self.note
        return self.note
