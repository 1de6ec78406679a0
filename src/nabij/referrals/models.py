"""A referral from a partner organisation (vindplaats) to a district team.

What the referrer typed (who, the worry, consent or the legal basis, urgency) is kept as typed:
the referrer never sees the register, the team links it to a household when taking it on. The
state moves only forward, by conditional updates in ``services`` (with ``version`` for two
people acting at once):

    received -> contact_made -> closed
    received -> referred_on   (closed with a reason: to another organisation)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nabij.core.validators import no_control_characters

# Working days within which the team makes contact (``signals.workdays``).
DUE_WORKING_DAYS = {"normal": 10, "urgent": 5}


class Referral(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("referral", "Received")
        CONTACT_MADE = "contact_made", pgettext_lazy("referral", "Contact made")
        CLOSED = "closed", pgettext_lazy("referral", "Closed")
        REFERRED_ON = "referred_on", pgettext_lazy("referral", "Referred on")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal: contact within 10 working days")
        URGENT = "urgent", _("Urgent: contact within 5 working days")

    class Basis(models.TextChoices):
        """Why the referral may be sent: the household's consent, or a legal basis without it."""

        CONSENT = "consent", _("The household agrees to this referral")
        MELDCODE = (
            "meldcode",
            _("No consent: reporting code for domestic violence and child abuse (meldcode)"),
        )
        SAFETY = "safety", _("No consent: a safety concern, acute danger")
        OTHER = "other", _("No consent: another legal basis (say which)")

    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_made",
        verbose_name=_("referrer"),
    )
    organisation = models.ForeignKey(
        "access.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        "access.DistrictTeam",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("district team"),
    )
    own_reference = models.CharField(_("own reference"), max_length=60, blank=True)
    # Who, as the referrer typed it (the team links it to the register)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    postcode = models.CharField(_("postcode"), max_length=7)
    house_number = models.PositiveIntegerField(_("house number"))
    addition = models.CharField(_("addition"), max_length=10, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    worry = models.TextField(_("the worry, in the referrer's words"), max_length=4000)
    basis = models.CharField(_("consent or legal basis"), max_length=10, choices=Basis.choices)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    basis_other = models.CharField(_("other legal basis"), max_length=300, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    due_on = models.DateField(_("contact due on"))
    state = models.CharField(
        _("state"), max_length=15, choices=State.choices, default=State.RECEIVED
    )
    # Set when the team takes it on
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        verbose_name=_("household"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    referred_to = models.CharField(_("referred on to"), max_length=150, blank=True)
    close_note = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["team", "state"], name="referral_team_state")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(basis="consent") | models.Q(consent_on__isnull=False),
                name="referral_consent_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(basis="other") | ~models.Q(basis_other=""),
                name="referral_other_basis_named",
            ),
            no_control_characters("first_name", name="referral_first_name_plain"),
            no_control_characters("last_name", name="referral_last_name_plain"),
            no_control_characters("own_reference", name="referral_reference_plain"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.RECEIVED, self.State.CONTACT_MADE)

    @property
    def status_for_referrer(self) -> str:
        """What the referrer sees: received, contact made or closed (referred on is closed)."""
        if self.state == self.State.REFERRED_ON:
            return str(self.State.CLOSED.label)
        return str(self.State(self.state).label)
