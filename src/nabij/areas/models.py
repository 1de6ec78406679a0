"""Municipality → district (wijk) → neighbourhood (buurt) with CBS codes, and addresses."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

POSTCODE_VALIDATOR = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Enter a Dutch postcode such as 8921 AB.")
)


class Municipality(models.Model):
    code = models.CharField(_("CBS code"), max_length=6, unique=True)  # GMxxxx
    name = models.CharField(_("name"), max_length=100)
    inhabitants = models.PositiveIntegerField(_("inhabitants (CBS)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    code = models.CharField(_("CBS code"), max_length=8, unique=True)  # WKxxxxxx
    name = models.CharField(_("name"), max_length=100)
    inhabitants = models.PositiveIntegerField(_("inhabitants (CBS)"), null=True, blank=True)
    dwellings = models.PositiveIntegerField(_("dwellings (CBS)"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry, WGS84)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="neighbourhoods")
    code = models.CharField(_("CBS code"), max_length=10, unique=True)  # BUxxxxxxxx
    name = models.CharField(_("name"), max_length=100)
    # CBS publishes no neighbourhood counts in the shipped file: this is the district's CBS
    # count shared out by land area, and it is labelled an estimate wherever it is shown.
    inhabitants_estimate = models.PositiveIntegerField(
        _("inhabitants (estimate)"), null=True, blank=True
    )
    boundary = models.JSONField(_("boundary (GeoJSON geometry, WGS84)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="addresses"
    )
    postcode = models.CharField(_("postcode"), max_length=7, validators=[POSTCODE_VALIDATOR])
    street = models.CharField(_("street"), max_length=120)
    house_number = models.PositiveIntegerField(_("house number"))
    addition = models.CharField(_("addition"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80)

    class Meta:
        ordering = ["street", "house_number", "addition"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "addition"],
                name="address_unique_postcode_number",
            )
        ]

    def __str__(self) -> str:
        number = f"{self.house_number}{self.addition}"
        return f"{self.street} {number}, {self.postcode} {self.city}"
