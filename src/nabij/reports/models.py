"""Narrative accountability (*verantwoording*): per district per year, an account the area team
writes in the product, with the figures generated from the data, stories, and what the team
learned and will change.

An account is written in draft, sent for review, and published by a coordinator of a team
working in the district who did not write its last change (or returned to draft with the
reviewer's remarks). Every change raises ``version`` (the version check of household plans:
a stale write is refused, nothing is lost) and appends an ``AccountChange`` with the account as
it was after it. Publishing freezes what the public sees: the content (sections and stories,
without any link to a household) and the figures, in ``published_content`` and
``published_figures``; the public page, the PDF and the API read only these. A published account
can be reopened for a correction; the public keeps the last published version until the next
one is published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 10_000


class AreaAccount(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, related_name="accounts"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic concurrency: every change names the version it was based on.
    version = models.PositiveIntegerField(default=1)
    intro = models.TextField(_("introduction"), max_length=TEXT_MAX, blank=True)
    lessons = models.TextField(_("what we learned"), max_length=TEXT_MAX, blank=True)
    changes = models.TextField(_("what we will do differently"), max_length=TEXT_MAX, blank=True)
    # Who last changed the words (sections, stories, consent): never its reviewer.
    last_written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_written_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The reviewer's remarks when the account went back to draft; kept until the next submit.
    review_remarks = models.TextField(_("reviewer's remarks"), max_length=TEXT_MAX, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    # The last publication: what the public page, the PDF and the API show.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_version = models.PositiveIntegerField(null=True, blank=True)
    published_content = models.JSONField(null=True, blank=True)
    published_figures = models.JSONField(null=True, blank=True)
    # The PDF of the last publication, made on its first request and kept (it never changes).
    published_pdf = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district__code", "-year"]
        verbose_name = _("area account")
        verbose_name_plural = _("area accounts")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="areaaccount_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="areaaccount_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | models.Q(published_content__isnull=False, published_figures__isnull=False),
                name="areaaccount_published_has_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        """A publication exists (the account itself may be reopened for a correction)."""
        return self.published_at is not None


class Story(models.Model):
    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Household story")
        RESIDENT = "resident", _("Residents' story")
        INITIATIVE = "initiative", _("Initiative's story")

    class ConsentForm(models.TextChoices):
        WRITTEN = "written", _("Written")
        ORAL = "oral", _("Oral")

    account = models.ForeignKey(AreaAccount, on_delete=models.CASCADE, related_name="stories")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"), max_length=TEXT_MAX)
    position = models.PositiveIntegerField(_("order"))
    # A household story: the household it is about and its recorded consent. Never published:
    # the public sees the story's words and that consent was given, nothing that links them.
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_stories",
    )
    consent_resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent given by"),
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_form = models.CharField(
        _("consent given"), max_length=10, choices=ConsentForm.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="household") | models.Q(household__isnull=True),
                name="story_household_only_for_household_stories",
            ),
            models.CheckConstraint(
                condition=models.Q(consent_resident__isnull=True)
                | models.Q(
                    household__isnull=False,
                    consent_given_on__isnull=False,
                    consent_recorded_at__isnull=False,
                )
                & ~models.Q(consent_form=""),
                name="story_consent_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_consent(self) -> bool:
        return self.kind == self.Kind.HOUSEHOLD

    @property
    def has_consent(self) -> bool:
        return self.household_id is not None and self.consent_resident_id is not None


class AccountChange(models.Model):
    """Append-only history: one row per saved change, with the account as it was after it."""

    class Event(models.TextChoices):
        STARTED = "started", _("Account started")
        SECTIONS = "sections", _("Texts changed")
        STORY_ADDED = "story_added", _("Story added")
        STORY_CHANGED = "story_changed", _("Story changed")
        STORY_REMOVED = "story_removed", _("Story removed")
        CONSENT = "consent", _("Consent recorded")
        SUBMITTED = "submitted", _("Sent for review")
        RETURNED = "returned", _("Returned to draft")
        PUBLISHED = "published", _("Published")
        REOPENED = "reopened", _("Reopened for a correction")

    account = models.ForeignKey(AreaAccount, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    detail = models.CharField(max_length=255, blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "version"], name="accountchange_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.event}"
