"""What the retention job keeps of signals and cases it deletes: counts without persons.

Imported by ``signals/models.py``; the table comes from migration ``0003_d_statistics``.

A row is one month, one neighbourhood (``None``: the address was in no known neighbourhood)
and one kind of arrears. Signals are counted by their own kind and signal month; a case by the
kind of its largest arrears and the month it was opened. Never a household, name or address.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalStatistic(models.Model):
    month = models.DateField(_("month"))  # the first day of the month
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signal_statistics",
    )
    kind = models.CharField(_("kind"), max_length=20)
    signals = models.PositiveIntegerField(_("signals"), default=0)
    cases = models.PositiveIntegerField(_("cases"), default=0)
    reached = models.PositiveIntegerField(_("reached"), default=0)
    helped = models.PositiveIntegerField(_("help accepted"), default=0)
    closed = models.PositiveIntegerField(_("closed cases"), default=0)
    contact_days_sum = models.PositiveIntegerField(default=0)
    contact_days_count = models.PositiveIntegerField(default=0)
    # {"days": cases}: the spread of days to first contact, so a median survives deletion.
    contact_days = models.JSONField(default=dict)

    class Meta:
        app_label = "signals"
        ordering = ["month", "neighbourhood_id", "kind"]
        verbose_name = _("signal statistic")
        verbose_name_plural = _("signal statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "neighbourhood", "kind"], name="signal_statistic_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.neighbourhood_id} {self.kind}"


class RetentionRun(models.Model):
    """One day's run of the retention job: what it deleted, in counts. One per day."""

    run_on = models.DateField(_("run on"), unique=True)
    cutoff = models.DateField(_("deleted what ended before"))
    signals_deleted = models.PositiveIntegerField(default=0)
    cases_deleted = models.PositiveIntegerField(default=0)
    attempts_deleted = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "signals"
        ordering = ["-run_on"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.run_on}"
