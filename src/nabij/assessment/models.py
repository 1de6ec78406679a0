"""Configurable self-reliance instruments, assessments over time, and what matters most."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The domain and level names the default matrices ship with (migration 0002) are data, in Dutch;
# the English interface shows them in English. A name a municipality typed itself is shown as
# typed. The context is written out in each call so that makemessages extracts it.
SHIPPED_NAMES: dict[str, Promise] = {
    "Zelfredzaamheidsmatrix": pgettext_lazy("self-reliance matrix", "Self-reliance matrix"),
    "11 domeinen": pgettext_lazy("self-reliance matrix", "11 domains"),
    "Financiën": pgettext_lazy("self-reliance matrix", "Finances"),
    "Dagbesteding": pgettext_lazy("self-reliance matrix", "Daytime activities"),
    "Huisvesting": pgettext_lazy("self-reliance matrix", "Housing"),
    "Huiselijke relaties": pgettext_lazy("self-reliance matrix", "Domestic relationships"),
    "Geestelijke gezondheid": pgettext_lazy("self-reliance matrix", "Mental health"),
    "Lichamelijke gezondheid": pgettext_lazy("self-reliance matrix", "Physical health"),
    "Verslaving": pgettext_lazy("self-reliance matrix", "Addiction"),
    "ADL": pgettext_lazy("self-reliance matrix", "ADL (activities of daily living)"),
    "Sociaal netwerk": pgettext_lazy("self-reliance matrix", "Social network"),
    "Maatschappelijke participatie": pgettext_lazy(
        "self-reliance matrix", "Participation in society"
    ),
    "Justitie": pgettext_lazy("self-reliance matrix", "Justice"),
    "Werk & opleiding": pgettext_lazy("self-reliance matrix", "Work & education"),
    "Tijdsbesteding": pgettext_lazy("self-reliance matrix", "Use of time"),
    "Middelengebruik": pgettext_lazy("self-reliance matrix", "Substance use"),
    "Basale ADL": pgettext_lazy("self-reliance matrix", "Basic ADL"),
    "Instrumentele ADL": pgettext_lazy("self-reliance matrix", "Instrumental ADL"),
    "Acute problematiek": pgettext_lazy("self-reliance matrix", "Acute problems"),
    "Niet zelfredzaam": pgettext_lazy("self-reliance matrix", "Not self-reliant"),
    "Beperkt zelfredzaam": pgettext_lazy("self-reliance matrix", "Partly self-reliant"),
    "Voldoende zelfredzaam": pgettext_lazy("self-reliance matrix", "Sufficiently self-reliant"),
    "Volledig zelfredzaam": pgettext_lazy("self-reliance matrix", "Fully self-reliant"),
}


def shown(name: str) -> str:
    """A domain's or level's name in the interface's language (shipped names only)."""
    found = SHIPPED_NAMES.get(name)
    return str(found) if found is not None else name


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    version = models.CharField(_("version"), max_length=20, blank=True)
    is_default = models.BooleanField(_("default instrument"), default=False)

    class Meta:
        ordering = ["-is_default", "name", "version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            # The assessment form opens with the default; two defaults would make that a guess.
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="instrument_one_default",
            )
        ]

    def __str__(self) -> str:
        return f"{shown(self.name)} {shown(self.version)}".strip()


class Domain(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="domain_code_unique"),
            models.UniqueConstraint(fields=["instrument", "position"], name="domain_pos_unique"),
        ]

    def __str__(self) -> str:
        return shown(self.name)


class Level(models.Model):
    """An ordered level; a higher value means more self-reliant."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        ordering = ["instrument", "value"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "value"], name="level_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value} {shown(self.label)}"


class Assessment(models.Model):
    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("assessed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resident", "assessed_on", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.instrument} {self.assessed_on}"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        ordering = ["domain__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="score_once_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}={self.level}"


class Priority(models.Model):
    """The household's answer to "Wat is voor u nu het belangrijkste?", in their own words."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="priorities"
    )
    text = models.TextField(_("what matters most now, in their words"), max_length=1000)
    said_by = models.CharField(_("said by"), max_length=150)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return self.text[:60]
