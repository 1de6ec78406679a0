"""Indicators per area and period: definitions, imports (batches) and values.

An indicator answers one of the four outcome questions of seed 003 (school, work, financial
health, safety) or describes the area (context). Its values come in batches: one import of
one table for one period. Re-importing a table's period marks the earlier batch's values as
no longer current and keeps them, so the history of every figure stays.

Areas are referred to by their CBS code (``NL00``, ``GMxxxx``, ``WKxxxxxx``, ``BUxxxxxxxx``),
stripped of CBS's padding, rather than by three foreign keys: CBS publishes figures for the
country and for areas that a municipality's own register does not hold, and the importer checks
every code against the known areas before anything is written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTRY_CODE = "NL00"


class Question(models.TextChoices):
    """The four global questions per area (seed 003), and the context that explains them."""

    SCHOOL = "school", _("Do people go to school?")
    WORK = "work", _("Do people have work?")
    FINANCE = "finance", _("Are people financially healthy?")
    SAFETY = "safety", _("Is the neighbourhood safe?")
    CONTEXT = "context", _("Who lives here")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")
    NEUTRAL = "neutral", _("Neither better nor worse")


class Quality(models.TextChoices):
    """CBS's status of a figure; ``synthetic`` marks a demo value that is not real data."""

    FINAL = "final", _("final")
    PROVISIONAL = "provisional", _("provisional")  # voorlopig
    ESTIMATED = "estimated", _("estimated")  # geschat
    SECRET = "secret", _("secret")  # geheim: CBS withholds the value (value is null)
    SYNTHETIC = "synthetic", _("synthetic")  # synthetisch: generated for the demo


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("Country")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


def area_level_of(code: str) -> AreaLevel | None:
    """The level of a stripped CBS area code, or ``None`` for a code of no known shape."""
    prefix = code[:2]
    if code == COUNTRY_CODE:
        return AreaLevel.COUNTRY
    if prefix == "GM" and len(code) == 6:
        return AreaLevel.MUNICIPALITY
    if prefix == "WK" and len(code) == 8:
        return AreaLevel.DISTRICT
    if prefix == "BU" and len(code) == 10:
        return AreaLevel.NEIGHBOURHOOD
    return None


class Indicator(models.Model):
    """What is measured. ``code`` is stable across years (CBS renumbers its keys each year:
    ``AantalInwoners_5`` in 2024 is ``AantalInwoners`` here); ``IndicatorKey`` maps a table's
    own keys to it."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.NEUTRAL
    )
    question = models.CharField(
        _("outcome question"), max_length=20, choices=Question.choices, default=Question.CONTEXT
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=100, default="CBS")
    licence = models.CharField(_("licence"), max_length=100, default="CC BY 4.0")
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorKey(models.Model):
    """One field key of one CBS table (``85984NED`` / ``WmoClienten_100``) and its indicator."""

    table_id = models.CharField(_("table"), max_length=20)
    key = models.CharField(_("key"), max_length=100)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="keys")

    class Meta:
        ordering = ["table_id", "key"]
        verbose_name = _("indicator key")
        verbose_name_plural = _("indicator keys")
        constraints = [
            models.UniqueConstraint(fields=["table_id", "key"], name="indicator_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.table_id}/{self.key}"


class IndicatorImport(models.Model):
    """One import of one table for one period: the batch its values belong to."""

    class Format(models.TextChoices):
        ODATA = "odata", _("CBS OData JSON")
        CSV = "csv", _("StatLine CSV")
        DEMO = "demo", _("Demo (synthetic)")
        ESTIMATE = "estimate", _("Estimate by Nabij")

    table_id = models.CharField(_("table"), max_length=20)
    table_title = models.CharField(_("table title"), max_length=300, blank=True)
    period = models.PositiveSmallIntegerField(_("period (year)"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    source = models.CharField(_("source"), max_length=100, default="CBS")
    licence = models.CharField(_("licence"), max_length=100, default="CC BY 4.0")
    modified = models.CharField(_("modified by the publisher"), max_length=40, blank=True)
    files = models.JSONField(_("files"), default=list)
    values_count = models.PositiveIntegerField(_("values"), default=0)
    areas_count = models.PositiveIntegerField(_("areas"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")

    def __str__(self) -> str:
        return f"{self.table_id} {self.period}"


class IndicatorValue(models.Model):
    """One figure for one area and period. ``current`` is false once a later import of the same
    table and period replaced it; the row stays as history."""

    # No database-level foreign keys on the two references, and no index of its own on
    # ``indicator`` (the indexes below start with it): a national table is two million values
    # written at once, and PostgreSQL would check each row's two keys at commit (about half of
    # the import's time, bench/indicators_import.py). ``outcomes.services`` writes values only
    # with the batch and indicators it created or read in the same transaction, and Django still
    # protects both from deletion (PROTECT).
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="values",
        db_constraint=False,
        db_index=False,
    )
    area_code = models.CharField(_("area code"), max_length=10)
    area_level = models.CharField(_("area level"), max_length=20, choices=AreaLevel.choices)
    period = models.PositiveSmallIntegerField(_("period (year)"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    quality = models.CharField(
        _("quality"), max_length=20, choices=Quality.choices, default=Quality.FINAL
    )
    batch = models.ForeignKey(
        IndicatorImport, on_delete=models.PROTECT, related_name="values", db_constraint=False
    )
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        ordering = ["indicator_id", "area_code", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period"],
                condition=models.Q(current=True),
                name="indicator_value_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(quality="secret"),
                name="indicator_value_null_only_secret",
            ),
        ]
        indexes = [
            models.Index(fields=["area_code", "period"], name="indicator_value_area"),
            models.Index(fields=["indicator", "period"], name="indicator_value_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.period}"


# The area plans (gebiedsplan) live in their own module; imported here so Django finds them.
from nabij.outcomes.models_plans import (  # noqa: E402, F401
    AreaPlan,
    AreaPlanAction,
    AreaPlanChange,
    AreaPlanGoal,
)
