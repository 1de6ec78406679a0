"""The practice library: stories of what a district team did differently, anonymised and
checked against the register before they are published, tagged so others can find them.

A story is drawn from a breakthrough (``plans.Breakthrough``: then the household's consent is
required to publish it), from a published area account's story, written fresh, or imported
from another installation (identity: source installation + source id)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import no_control_characters, validate_plain_text
from nabij.practices.domains import LIFE_DOMAINS

TEXT_MAX = 10_000
TITLE_MAX = 200


class PracticeStory(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        BREAKTHROUGH = "breakthrough", _("A breakthrough")
        AREA_ACCOUNT = "area_account", _("An area account")
        FRESH = "fresh", _("Written fresh")
        IMPORTED = "imported", _("Imported")

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("Solved")
        PARTLY = "partly", _("Partly solved")
        NOT_SOLVED = "not_solved", _("Not solved")
        UNKNOWN = "unknown", _("Not yet known")

    class AreaType(models.TextChoices):
        CITY = "city", _("City")
        TOWN = "town", _("Town")
        RURAL = "rural", _("Village or countryside")

    class ConsentForm(models.TextChoices):
        WRITTEN = "written", _("Written")
        ORAL = "oral", _("Oral")

    # The identity in exchanges: this installation's stories are exported with it; an imported
    # story keeps the source's id in ``source_id`` (and gets a uuid of its own here).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX, validators=[validate_plain_text])
    text = models.TextField(_("story"), max_length=TEXT_MAX)
    source = models.CharField(_("drawn from"), max_length=20, choices=Source.choices)
    # The household's breakthrough it is drawn from: never exported, never shown publicly.
    breakthrough = models.ForeignKey(
        "plans.Breakthrough",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_stories",
    )
    account = models.ForeignKey(
        "reports.AreaAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_stories",
    )
    rules = models.ManyToManyField(
        "learning.Rule", blank=True, related_name="practice_stories", verbose_name=_("rules")
    )
    # Imported rules not found in this installation's register: kept as text tags
    # ({"name", "kind", "reference", "owner"}), see docs/practices-format.md.
    other_rules = models.JSONField(default=list, blank=True)
    cost_before_cents = models.BigIntegerField(_("cost per year before (cents)"), null=True)
    cost_after_cents = models.BigIntegerField(_("cost per year after (cents)"), null=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    area_type = models.CharField(
        _("type of area"), max_length=10, choices=AreaType.choices, blank=True
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # The household's consent (a story drawn from a breakthrough is published only with it).
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_form = models.CharField(
        _("consent given"), max_length=10, choices=ConsentForm.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_team = models.ForeignKey(
        "access.DistrictTeam", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_installation = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=100, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdraw_reason = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("practice story")
        verbose_name_plural = _("practice stories")
        constraints = [
            models.UniqueConstraint(
                fields=["source_installation", "source_id"],
                condition=~models.Q(source_id=""),
                name="practice_source_identity",
            ),
            models.CheckConstraint(
                condition=(models.Q(cost_before_cents__gte=0) | models.Q(cost_before_cents=None))
                & (models.Q(cost_after_cents__gte=0) | models.Q(cost_after_cents=None)),
                name="practice_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(consent_recorded_at__isnull=True)
                | (models.Q(consent_given_on__isnull=False) & ~models.Q(consent_form="")),
                name="practice_consent_complete",
            ),
            no_control_characters("title", name="practice_title_plain"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_consent(self) -> bool:
        return self.breakthrough_id is not None

    @property
    def has_consent(self) -> bool:
        return self.consent_recorded_at is not None

    @property
    def saving_cents(self) -> int | None:
        if self.cost_before_cents is None or self.cost_after_cents is None:
            return None
        return self.cost_before_cents - self.cost_after_cents


class PracticeDomain(models.Model):
    """A life domain a story is tagged with (a row each, so filtering works on any database)."""

    story = models.ForeignKey(PracticeStory, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=40, choices=LIFE_DOMAINS)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["story", "code"], name="practice_domain_once")
        ]

    def __str__(self) -> str:
        return self.code
