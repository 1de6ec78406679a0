"""Residents, households with membership history, and the household's network."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import (
    no_control_characters,
    not_before_1900,
    validate_not_future,
    validate_past_date,
    validate_plain_text,
    validate_plausible_date,
)
from nabij.people.bsn import mask_bsn, validate_bsn

__all__ = ["Household", "Membership", "NetworkMember", "Resident", "validate_not_future"]

# A head of the household or a partner is at least this old on the day the membership starts.
# Sixteen, not eighteen: a district team does meet sixteen- and seventeen-year-olds who run a
# household of their own (a young mother, who may be declared of age by the court from sixteen,
# art. 1:235 BW; a young person living on their own after youth care, "kamertraining"). Younger
# children are never the head of a household.
HEAD_MIN_AGE = 16


class Resident(models.Model):
    first_name = models.CharField(_("first name"), max_length=80, validators=[validate_plain_text])
    last_name = models.CharField(_("last name"), max_length=120, validators=[validate_plain_text])
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_past_date])
    bsn = models.CharField(
        _("BSN"), max_length=9, unique=True, null=True, blank=True, validators=[validate_bsn]
    )
    # A protected address (domestic violence, "geheimhouding"): no other member of the
    # household is ever shown it, in Mijn Nabij or in an export.
    address_protected = models.BooleanField(_("protected address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            not_before_1900("date_of_birth", name="resident_born_from_1900"),
            no_control_characters("first_name", name="resident_first_name_plain"),
            no_control_characters("last_name", name="resident_last_name_plain"),
        ]

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
    name = models.CharField(_("name"), max_length=150, validators=[validate_plain_text])
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
        constraints = [no_control_characters("name", name="household_name_plain")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A resident's place in a household over time; the row with no end date is the current one.

    Roles, as a district team records them: at most one current head of the household and at
    most one current partner (the head's), both at least ``HEAD_MIN_AGE`` on the start date;
    any number of children, parents and other members. A household may be left without a head
    for a while (the head moved out); it never has two, since "who is the head" decides whose
    name the letters carry and who signs the plan. A resident belongs to one household at a
    time: moving ends the old membership on the day the new one starts (``resident_move``).
    """

    class Role(models.TextChoices):
        HEAD = "head", _("Head of household")
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other household member")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    started_on = models.DateField(_("member since"), validators=[validate_plausible_date])
    ended_on = models.DateField(_("member until"), null=True, blank=True)
    # Parental authority (gezag) over the household's children under 16: who sees their data
    # in Mijn Nabij. Children under 16 have no account of their own.
    parental_authority = models.BooleanField(_("has parental authority"), default=False)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(ended_on__isnull=True),
                name="membership_one_current_household",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(ended_on__isnull=True, role="head"),
                name="membership_one_current_head",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(ended_on__isnull=True, role="partner"),
                name="membership_one_current_partner",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
            not_before_1900("started_on", name="membership_starts_from_1900"),
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
    name = models.CharField(_("name"), max_length=150, validators=[validate_plain_text])
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    relation_detail = models.CharField(
        _("how they are related"), max_length=150, blank=True, validators=[validate_plain_text]
    )
    can_do = models.TextField(_("what they can do"), max_length=1000, blank=True)
    wants_to_do = models.TextField(_("what they want to do"), max_length=1000, blank=True)
    household_view = models.TextField(
        _("the household's own view of this relation"), max_length=1000, blank=True
    )
    added_on = models.DateField(_("added on"), default=timezone.localdate)
    ended_on = models.DateField(_("no longer involved since"), null=True, blank=True)
    # Kept "alleen voor mij" by one member in Mijn Nabij: shown to that member and to the
    # household's professionals, never to another member (and never named in the shared plan).
    # Chosen when the entry is added; its owner may share it later, nobody makes it private.
    private_to = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="private_network",
        verbose_name=_("only for"),
    )
    # Optimistic concurrency: a change names the version it was based on (409 when stale).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["relation", "name"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            no_control_characters("name", name="network_member_name_plain"),
            no_control_characters("relation_detail", name="network_member_relation_plain"),
            not_before_1900("added_on", name="network_member_added_from_1900"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("added_on")),
                name="network_member_ends_after_added",
            ),
        ]

    def __str__(self) -> str:
        return self.name
