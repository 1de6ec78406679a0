"""The area plan (*gebiedsplan*) of a district for a year: goals on the four questions, each
measured by an indicator from a baseline to a target, and actions by the team, partners and
initiatives. Versioned and with a history, as household plans are.

Agreeing (*vaststellen*) is explicit and kept: who recorded it, on which date it was agreed and
with whom (residents' evening, housing corporation, school ...). An agreed plan can still be
amended: a change to its goals or actions sets it back to draft ("changed since it was agreed",
the last agreement stays visible) until the coordinator agrees it again. Recording how far an
action has got is carrying the plan out, not changing it: it keeps the plan agreed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.outcomes.models import Indicator, Quality, Question

# A goal answers one of the four questions; "context" describes the area and is no goal.
GOAL_QUESTIONS = [(value, label) for value, label in Question.choices if value != "context"]


class AreaPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")  # concept
        AGREED = "agreed", _("Agreed")  # vastgesteld

    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, related_name="area_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("what we want for the district, in plain words"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Who the plan was agreed with: the residents' and partners' part, in words.
    agreed_with = models.TextField(_("agreed with"), blank=True)
    # The last agreement: kept when an amendment sets the plan back to draft.
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreement recorded at"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_version = models.PositiveIntegerField(null=True, blank=True)
    # Optimistic concurrency: every change names the version it was based on.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["district_id", "-year"]
        verbose_name = _("area plan")
        verbose_name_plural = _("area plans")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="areaplan_one_per_year"),
            models.CheckConstraint(
                condition=~models.Q(status="agreed")
                | models.Q(agreed_on__isnull=False, agreed_version__isnull=False),
                name="areaplan_agreed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year} v{self.version}"

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED

    @property
    def changed_since_agreed(self) -> bool:
        """Agreed once, amended since: the last agreement is shown, the plan is a draft again."""
        return self.agreed_on is not None and not self.is_agreed


class AreaPlanGoal(models.Model):
    plan = models.ForeignKey(AreaPlan, on_delete=models.CASCADE, related_name="goals")
    question = models.CharField(_("question"), max_length=20, choices=GOAL_QUESTIONS)
    text = models.TextField(_("goal, in plain words"), max_length=1000)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="plan_goals")
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    # The quality of the figure the baseline was taken from ("synthetic" is shown as such);
    # empty when the team typed a baseline of its own.
    baseline_quality = models.CharField(
        _("quality of the baseline"), max_length=20, choices=Quality.choices, blank=True
    )
    target_value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    position = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("area plan goal")
        verbose_name_plural = _("area plan goals")

    def __str__(self) -> str:
        return self.text[:60]


class AreaPlanAction(models.Model):
    class By(models.TextChoices):
        TEAM = "team", _("The district team")
        PARTNER = "partner", _("A partner")
        INITIATIVE = "initiative", _("A residents' initiative")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan = models.ForeignKey(AreaPlan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        AreaPlanGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField(_("action"), max_length=1000)
    by = models.CharField(_("by whom"), max_length=20, choices=By.choices)
    # The partner's or initiative's name (empty for the team itself).
    by_name = models.CharField(_("name of the partner or initiative"), max_length=150, blank=True)
    owner = models.CharField(_("who carries it"), max_length=150, blank=True)
    due_on = models.DateField(_("ready by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    position = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("area plan action")
        verbose_name_plural = _("area plan actions")

    def __str__(self) -> str:
        return self.description[:60]


class AreaPlanChange(models.Model):
    """Append-only history: one row per saved change, with the plan as it was after it."""

    class Event(models.TextChoices):
        CREATED = "created", _("Plan started")
        DETAILS_CHANGED = "details_changed", _("Description changed")
        GOAL_ADDED = "goal_added", _("Goal added")
        GOAL_CHANGED = "goal_changed", _("Goal changed")
        GOAL_REMOVED = "goal_removed", _("Goal removed")
        ACTION_ADDED = "action_added", _("Action added")
        ACTION_CHANGED = "action_changed", _("Action changed")
        ACTION_STATUS = "action_status", _("Action progress recorded")
        ACTION_REMOVED = "action_removed", _("Action removed")
        AGREED = "agreed", _("Plan agreed")

    plan = models.ForeignKey(AreaPlan, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    # What changed, in words (the goal's or action's text, a status, who it was agreed with).
    summary = models.CharField(max_length=255, blank=True)
    # An action's new status (``ACTION_STATUS``), shown in the reader's language.
    status = models.CharField(max_length=20, choices=AreaPlanAction.Status.choices, blank=True)
    # The change set an agreed plan back to draft (an amendment).
    reopened = models.BooleanField(default=False)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("area plan change")
        verbose_name_plural = _("area plan changes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="areaplanchange_version")
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.event} {self.summary}"
