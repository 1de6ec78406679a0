"""Residents, households with membership history, and the household's network."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.people.bsn import mask_bsn, validate_bsn


def validate_not_future(value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("A date of birth cannot lie in the future."), code="future_date")


class Resident(models.Model):
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_not_future])
    bsn = models.CharField(
        _("BSN"), max_length=9, unique=True, null=True, blank=True, validators=[validate_bsn]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_bsn(self) -> str:
        return mask_bsn(self.bsn or "")

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - int(before_birthday)


class Household(models.Model):
    name = models.CharField(_("name"), max_length=150)
    address = models.ForeignKey(
        "areas.Address",
        on_delete=models.PROTECT,
        related_name="households",
        null=True,
        blank=True,
    )
    # Denormalised from the address so area counts need no join through addresses.
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood", on_delete=models.PROTECT, related_name="households"
    )
    team = models.ForeignKey(
        "access.DistrictTeam", on_delete=models.PROTECT, related_name="households"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of household")
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other household member")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    started_on = models.DateField(_("member since"))
    ended_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "resident"],
                condition=models.Q(ended_on__isnull=True),
                name="membership_once_active",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} in {self.household_id} ({self.role})"


class NetworkMember(models.Model):
    """Someone around the household. A resource the household may call on, never a gate.

    Deliberately no field that could rank, require or offset professional support.
    """

    class Relation(models.TextChoices):
        FAMILY = "family", _("Family")
        FRIEND = "friend", _("Friend")
        NEIGHBOUR = "neighbour", _("Neighbour")
        VOLUNTEER = "volunteer", _("Volunteer")
        OTHER = "other", _("Other")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="network")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    relation_detail = models.CharField(_("how they are related"), max_length=150, blank=True)
    can_do = models.TextField(_("what they can do"), max_length=1000, blank=True)
    wants_to_do = models.TextField(_("what they want to do"), max_length=1000, blank=True)
    household_view = models.TextField(
        _("the household's own view of this relation"), max_length=1000, blank=True
    )
    added_on = models.DateField(_("added on"), default=timezone.localdate)
    ended_on = models.DateField(_("no longer involved since"), null=True, blank=True)

    class Meta:
        ordering = ["relation", "name"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")

    def __str__(self) -> str:
        return self.name
