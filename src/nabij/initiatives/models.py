"""Citizen initiatives and neighbourhood cooperatives (bewonersinitiatieven, buurtcoöperaties):
a public register, their hybrid funding on an append-only ledger, light applications for a
subsidy or an area-fund contribution, and the right to challenge (uitdaagrecht).

Contact persons are residents; their names are shown publicly only with their consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import validate_plain_text
from nabij.funds.models import AppendOnlyModel, AppendOnlyQuerySet


class LegalForm(models.TextChoices):
    INFORMAL = "informal", _("Informal group")
    ASSOCIATION = "association", _("Association")  # vereniging
    FOUNDATION = "foundation", _("Foundation")  # stichting
    COOPERATIVE = "cooperative", _("Cooperative with members")  # coöperatie


class Initiative(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    name = models.CharField(_("name"), max_length=160, validators=[validate_plain_text])
    purpose = models.TextField(_("purpose"))
    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, related_name="initiatives"
    )
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    legal_form = models.CharField(_("legal form"), max_length=12, choices=LegalForm.choices)
    kvk_number = models.CharField(_("Chamber of Commerce number"), max_length=8, blank=True)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    volunteers_count = models.PositiveIntegerField(_("volunteers"), default=0)
    activities = models.TextField(_("activities"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The initiative offers help through the social broker: its entry in the register.
    participant = models.OneToOneField(
        "matching.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.name

    def contact_resident_ids(self) -> list[int]:
        """The residents who are its current contact persons (``ended_on`` empty); uses the
        selectors' prefetched ``current_contacts`` when there, else one query."""
        contacts = getattr(self, "current_contacts", None)
        if contacts is None:
            contacts = self.contacts.filter(ended_on__isnull=True)
        return [c.resident_id for c in contacts]


class ContactPerson(models.Model):
    """A resident who speaks for the initiative; shown by name only with their consent."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        TREASURER = "treasurer", _("Treasurer")
        CONTACT = "contact", _("Contact person")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="contacts")
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="initiative_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CONTACT)
    name_public = models.BooleanField(_("my name may be shown on the public page"), default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["initiative_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "resident"],
                condition=Q(ended_on__isnull=True),
                name="one_current_contact_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.resident_id}"


class FundingSource(models.TextChoices):
    """Where an initiative's means come from (hybrid funding); grouped in the picture."""

    MEMBER_FEES = "member_fees", _("Member fees")
    OWN_CONTRIBUTIONS = "own_contributions", _("Own contributions")
    FUNDS = "funds", _("Funds")
    DONATIONS = "donations", _("Donations")
    SPONSORING = "sponsoring", _("Sponsoring")
    SUBSIDY = "subsidy", _("Municipal subsidy")
    AREA_FUND = "area_fund", _("Area fund")
    HOURS = "hours", _("Hours given")


class FundingEntry(AppendOnlyModel):
    """One line of an initiative's funding in a year; a negative line (``reverses``) corrects an
    earlier one. Hours are valued at a reference price, kept with its source on the line."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="funding")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    hour_rate_cents = models.PositiveIntegerField(
        _("value of an hour (cents)"), null=True, blank=True
    )
    rate_source = models.CharField(_("source of the hour value"), max_length=300, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    booked_on = models.DateField(_("date"))
    reverses = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    application = models.ForeignKey(
        "Application", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["initiative_id", "-year", "booked_on", "pk"]
        verbose_name = _("funding entry")
        verbose_name_plural = _("funding entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount_cents=0), name="funding_not_zero"),
            models.CheckConstraint(
                condition=~Q(source="hours")
                | (Q(hours__isnull=False) & Q(hour_rate_cents__isnull=False)),
                name="hours_have_a_rate",
            ),
            # A line is corrected once: a second reversal (two stewards at once) is refused.
            models.UniqueConstraint(
                fields=["reverses"],
                condition=Q(reverses__isnull=False),
                name="funding_reversed_once",
            ),
        ]


class Application(models.Model):
    """A light application for a municipal subsidy or an area-fund contribution. Decided with
    reasons before ``decide_by``, by the coordinator or the administrator according to the
    amount; accounted for afterwards with a story and a few figures."""

    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", _("Municipal subsidy")
        AREA_FUND = "area_fund", _("Area-fund contribution")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount_cents = models.BigIntegerField(_("amount asked (cents)"))
    purpose = models.TextField(_("what it is for"))
    submitted_by = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decide_by = models.DateField(_("decision due by"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    granted_cents = models.BigIntegerField(_("amount granted (cents)"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Light accountability: a story and a few figures (seed 003), not paperwork.
    story = models.TextField(_("what happened"), blank=True)
    figures = models.JSONField(default=dict, blank=True)
    accounted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="application_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.amount_cents}"


class Challenge(models.Model):
    """Right to challenge (uitdaagrecht): an initiative proposes to take over a municipal task in
    its area with a budget; a visible process ends in a decision."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("Being assessed")
        IN_TALKS = "in_talks", _("In talks")
        GRANTED = "granted", _("Agreed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="challenges")
    task = models.CharField(_("the municipal task"), max_length=200)
    plan = models.TextField(_("how the initiative will do it"))
    current_cost_cents = models.BigIntegerField(
        _("what the municipality spends on it now (cents)"), null=True, blank=True
    )
    budget_cents = models.BigIntegerField(_("budget asked (cents)"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decide_by = models.DateField(_("decision due by"))
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_cents__gt=0), name="challenge_positive"),
        ]

    def __str__(self) -> str:
        return self.task


class ChallengeStep(models.Model):
    """One step of a challenge's process, kept and shown publicly."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=10, choices=Challenge.Status.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["challenge_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.status}"
