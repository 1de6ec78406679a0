"""Rights under the AVG in Mijn Nabij: a resident's request for a correction (art. 16) and the
register of processing (art. 30) that the administrator keeps and every resident can read."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import no_control_characters, validate_plain_text

ANSWER_MAX = 2_000
TEXT_MAX = 2_000


def one_month_after(day: dt.date) -> dt.date:
    """The same day one calendar month later, or that month's last day when it is shorter
    (31 January -> 28 or 29 February): the AVG's answer period (art. 12, paragraph 3)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class CorrectionRequest(models.Model):
    """A resident's request to correct what Nabij holds about them (AVG art. 16).

    It reaches the household's coordinator, who answers within one calendar month of receipt
    (``due_on``): corrected, or refused with the reason. The answer is final here: a further
    step is an objection to the municipality, outside Nabij.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        DONE = "done", _("Corrected")
        REFUSED = "refused", _("Not corrected")

    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.PROTECT,
        related_name="correction_requests",
        verbose_name=_("asked by"),
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        related_name="correction_requests",
        verbose_name=_("household"),
    )
    what_is_wrong = models.TextField(_("what is wrong"), max_length=TEXT_MAX)
    should_be = models.TextField(_("what it should be"), max_length=TEXT_MAX)
    received_at = models.DateTimeField(_("received at"))
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        indexes = [
            models.Index(fields=["household", "status", "due_on"], name="correction_household")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="open", answered_by__isnull=True, answered_at__isnull=True)
                    | (
                        ~models.Q(status="open")
                        & models.Q(answered_by__isnull=False, answered_at__isnull=False)
                        & ~models.Q(answer="")
                    )
                ),
                name="correction_answered_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.what_is_wrong[:40]} ({self.status})"

    def overdue_on(self, day: dt.date) -> bool:
        return self.status == self.Status.OPEN and day > self.due_on


class Processing(models.Model):
    """One kind of processing of personal data in the register (AVG art. 30), in words a
    resident understands: what for, on which law, how long. Kept by the administrator."""

    class Consent(models.TextChoices):
        """Consents Nabij can withdraw itself; a voluntary processing names which one."""

        NEIGHBOURHOOD_HELP = "neighbourhood_help", _("Neighbourhood help")

    name = models.CharField(
        _("name"), max_length=150, unique=True, validators=[validate_plain_text]
    )
    purpose = models.TextField(_("purpose, in plain words"), max_length=1000)
    legal_basis = models.TextField(_("legal basis, in plain words"), max_length=1000)
    law = models.CharField(
        _("law and article"),
        max_length=200,
        validators=[validate_plain_text],
        help_text=_("For example: Wmo 2015, art. 5.1.1"),
    )
    retention = models.CharField(_("how long it is kept"), max_length=300)
    voluntary = models.BooleanField(
        _("voluntary (based on consent)"),
        default=False,
        help_text=_("Only then does a resident see the consent, and can withdraw it."),
    )
    consent = models.CharField(
        _("consent in Nabij"),
        max_length=30,
        choices=Consent.choices,
        blank=True,
        help_text=_("Which consent the resident can withdraw in Mijn Nabij."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("processing")
        verbose_name_plural = _("register of processing")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent="") | models.Q(voluntary=True),
                name="processing_consent_only_when_voluntary",
            ),
            no_control_characters("name", name="processing_name_plain"),
            no_control_characters("law", name="processing_law_plain"),
        ]

    def __str__(self) -> str:
        return self.name
