"""Vroegsignalering (Wet gemeentelijke schuldhulpverlening, art. 3a): arrears signals that
creditors deliver, their link to a household, the case that bundles a household's signals, and
the outreach that follows.

A signal is personal data received without the person's consent. It is reached only through the
gate and logged; what led to nothing is deleted after the retention period, leaving aggregates
without persons.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import no_control_characters, validate_plain_text


class Creditor(models.Model):
    """A signalling party (housing corporation, energy or water company, health insurer), by the
    name it delivers in the ``schuldeiser`` column."""

    name = models.CharField(
        _("name"), max_length=150, unique=True, validators=[validate_plain_text]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("creditor")
        verbose_name_plural = _("creditors")
        constraints = [no_control_characters("name", name="creditor_name_plain")]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One imported file: who imported it, when, and what it added."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    added = models.PositiveIntegerField(_("new signals"), default=0)
    # The import's summary (docs/signals.md): a redelivered signal is "known" and adds nothing.
    known = models.PositiveIntegerField(_("already known"), default=0)
    linked = models.PositiveIntegerField(_("linked"), default=0)
    uncertain = models.PositiveIntegerField(_("to decide"), default=0)
    not_found = models.PositiveIntegerField(_("not found"), default=0)
    cases_opened = models.PositiveIntegerField(_("cases opened"), default=0)
    cases_extended = models.PositiveIntegerField(_("cases extended"), default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("delivery of signals")
        verbose_name_plural = _("deliveries of signals")

    def __str__(self) -> str:
        return self.file_name


class Case(models.Model):
    """All open signals of one household bundled into one outreach task for the area's team.

    State: open (outreach to do) -> closed (an outcome recorded). Two or more creditors make a
    stronger signal (``creditor_count``), which orders the team's list.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Outreach to do")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        NONE = "", _("No outcome yet")
        REACHED = "reached", _("Reached at the door")
        ACCEPTED = "accepted", _("Help accepted")
        NOT_NEEDED = "not_needed", _("Help not needed")
        NOT_REACHED = "not_reached", _("Not reached")

    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="signal_cases"
    )
    team = models.ForeignKey(
        "access.DistrictTeam", on_delete=models.PROTECT, related_name="signal_cases"
    )
    # Kept apart from the household so the area figures survive the household's deletion.
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood", on_delete=models.PROTECT, related_name="signal_cases"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="open")
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=Outcome.choices, default="", blank=True
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("first contact due"))
    first_contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    creditor_count = models.PositiveSmallIntegerField(_("creditors"), default=1)
    arrears_cents = models.BigIntegerField(_("total arrears (cents)"), default=0)
    # The plan goal an accepted offer became, in the household's words.
    goal = models.ForeignKey(
        "plans.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("signal case")
        verbose_name_plural = _("signal cases")
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(state="open"), name="case_one_open"
            ),
            models.CheckConstraint(
                condition=(models.Q(state="open") & models.Q(outcome=""))
                | (
                    ~models.Q(state="open")
                    & ~models.Q(outcome="")
                    & models.Q(closed_on__isnull=False)
                ),
                name="case_outcome_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} ({self.state})"


class Signal(models.Model):
    """One line of a creditor's delivery, as delivered, with its link to the register."""

    class Kind(models.TextChoices):
        RENT = "huur", _("Rent")
        ENERGY = "energie", _("Energy")
        WATER = "water", _("Water")
        HEALTH_INSURANCE = "zorgverzekering", _("Health insurance")

    class Link(models.TextChoices):
        CERTAIN = "certain", _("Linked")
        UNCERTAIN = "uncertain", _("A person decides")
        CONFIRMED = "confirmed", _("Linked by a person")
        NONE = "none", _("No household found")

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="signals")
    creditor = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="signals")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7)  # normalised: "8921 AB"
    house_number = models.PositiveIntegerField(_("house number"))
    addition = models.CharField(_("addition"), max_length=10, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    arrears_cents = models.BigIntegerField(_("arrears (cents)"))
    months = models.PositiveSmallIntegerField(_("months in arrears"))
    signalled_on = models.DateField(_("signal date"))
    # What makes a redelivery the same signal: creditor, kind, address, name and signal date,
    # normalised and hashed (a second delivery of the same signal adds nothing).
    identity = models.CharField(max_length=64, unique=True)
    link = models.CharField(_("link"), max_length=10, choices=Link.choices)
    link_score = models.FloatField(_("link score"), default=0.0)
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
    )
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signalled_on", "id"]
        verbose_name = _("arrears signal")
        verbose_name_plural = _("arrears signals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(arrears_cents__gt=0), name="signal_arrears_pos"
            ),
            models.CheckConstraint(
                condition=models.Q(link__in=["certain", "confirmed"], household__isnull=False)
                | models.Q(link__in=["uncertain", "none"], case__isnull=True),
                name="signal_case_only_when_linked",
            ),
        ]
        indexes = [models.Index(fields=["postcode", "house_number"], name="signal_address")]

    def __str__(self) -> str:
        return f"{self.creditor_id} {self.kind} {self.signalled_on}"


class OutreachAttempt(models.Model):
    """One attempt to reach the household: a letter, a visit at the door, a call."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        DOOR = "door", _("At the door")
        PHONE = "phone", _("Phone")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attempts")
    made_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    reached = models.BooleanField(_("reached"), default=False)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "id"]
        verbose_name = _("outreach attempt")
        verbose_name_plural = _("outreach attempts")

    def __str__(self) -> str:
        return f"{self.case_id} {self.made_on} {self.channel}"


# The retention job's aggregates live in their own module; imported here so Django finds them.
from nabij.signals.models_statistics import RetentionRun, SignalStatistic  # noqa: E402

__all__ = [
    "Case",
    "Creditor",
    "Delivery",
    "OutreachAttempt",
    "RetentionRun",
    "Signal",
    "SignalStatistic",
]
