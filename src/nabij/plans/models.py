"""The one plan per household, its history, coercion threats and breakthroughs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    class Kind(models.TextChoices):
        STANDARD = "standard", _("Household plan")
        FAMILY_GROUP = "family_group", _("Family group plan")

    household = models.OneToOneField(
        "people.Household", on_delete=models.CASCADE, related_name="plan"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    # Optimistic concurrency: every change must name the version it was based on.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.CharField(_("signed off by"), max_length=150, blank=True)
    signed_off_version = models.PositiveIntegerField(null=True, blank=True)
    # Who signed: the account that did it (the resident in Mijn Nabij, or the professional who
    # recorded a signature on paper), and the resident when they signed it themselves.
    signed_off_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"Plan {self.household_id} v{self.version}"

    @property
    def is_signed_off(self) -> bool:
        """Signed off by the household, and not changed since."""
        return self.signed_off_version is not None and self.signed_off_version == self.version

    @property
    def signed_in_portal(self) -> bool:
        """The resident signed in Mijn Nabij (not a name a professional typed in)."""
        return self.signed_off_resident_id is not None


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        STOPPED = "stopped", _("Stopped")

    class Author(models.TextChoices):
        HOUSEHOLD = "household", _("The household")
        NETWORK = "network", _("The network")
        PROFESSIONAL = "professional", _("A professional")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("goal, in the household's words"), max_length=1000)
    author = models.CharField(
        _("written by"), max_length=20, choices=Author.choices, default=Author.HOUSEHOLD
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    due_on = models.DateField(_("due"), null=True, blank=True)
    review_on = models.DateField(_("review"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def in_household_words(self) -> bool:
        """Written by the household: its text changes only when the household changes it."""
        return self.author == self.Author.HOUSEHOLD


class GoalWording(models.Model):
    """A professional's proposal for other words for a goal the household wrote; the household
    accepts it (the text changes, the goal stays the household's) or declines it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the household")
        ACCEPTED = "accepted", _("Accepted by the household")
        DECLINED = "declined", _("Declined by the household")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="wordings")
    text = models.TextField(_("proposed words"), max_length=1000)
    # The goal's words when the proposal was made, so both stand side by side later.
    text_before = models.TextField(max_length=1000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("wording proposal")
        verbose_name_plural = _("wording proposals")
        constraints = [
            # One proposal at a time waits for the household's answer, per goal.
            models.UniqueConstraint(
                fields=["goal"],
                condition=models.Q(status="proposed"),
                name="goalwording_one_open_per_goal",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED


class Action(models.Model):
    class ActorKind(models.TextChoices):
        HOUSEHOLD = "household", _("The household")
        NETWORK = "network", _("Network member")
        VOLUNTEER = "volunteer", _("Volunteer")
        PROFESSIONAL = "professional", _("Professional")

    class Status(models.TextChoices):
        NOT_STARTED = "todo", _("To do")
        DOING = "doing", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField(_("order"))
    description = models.TextField(_("action"), max_length=1000)
    actor_kind = models.CharField(_("who does it"), max_length=20, choices=ActorKind.choices)
    network_member = models.ForeignKey(
        "people.NetworkMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    professional = models.ForeignKey(
        "access.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    actor_name = models.CharField(_("name of who does it"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="todo")
    due_on = models.DateField(_("due"), null=True, blank=True)
    # Family group plans: a professional adds only what the family asked for, or a safety
    # condition, which is shown as such.
    requested_by_family = models.BooleanField(_("asked for by the family"), default=False)
    is_safety_condition = models.BooleanField(_("safety condition"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_household_action(self) -> bool:
        return self.actor_kind == self.ActorKind.HOUSEHOLD


class ActionComment(models.Model):
    """A comment on an action, by a member of the household or a professional. Comments are
    not changes of the plan: they do not change its version or its signature."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The name shown with the comment, as it was when it was written.
    author_name = models.CharField(_("written by"), max_length=200)
    by_household = models.BooleanField(_("by the household"), default=False)
    text = models.TextField(_("comment"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on an action")
        verbose_name_plural = _("comments on actions")

    def __str__(self) -> str:
        return self.text[:60]


class PlanChange(models.Model):
    """Append-only history: one row per saved change, with the plan as it was after it."""

    class Event(models.TextChoices):
        GOAL_ADDED = "goal_added", _("Goal added")
        GOAL_CHANGED = "goal_changed", _("Goal changed")
        GOAL_MOVED = "goal_moved", _("Goal moved")
        ACTION_ADDED = "action_added", _("Action added")
        ACTION_STATUS = "action_status", _("Action status changed")
        KIND_CHANGED = "kind_changed", _("Kind of plan changed")
        SIGNED_OFF = "signed_off", _("Signed by the household")
        GOALS_ORDERED = "goals_ordered", _("Goals put in order")
        WORDING_PROPOSED = "wording_proposed", _("Other words proposed")
        WORDING_ACCEPTED = "wording_accepted", _("Proposed words accepted")
        WORDING_DECLINED = "wording_declined", _("Proposed words declined")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    # Made by a member of the household (in Mijn Nabij), not by a professional.
    by_household = models.BooleanField(default=False)
    # The words concerned (goal or action text, who signed) or a status/kind code.
    detail = models.CharField(max_length=255, blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="planchange_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.event} {self.detail}"

    @property
    def detail_display(self) -> str:
        """Codes shown in the reader's language; the household's own words as they are."""
        if self.event == self.Event.ACTION_STATUS and self.detail in Action.Status.values:
            return str(Action.Status(self.detail).label)
        if self.event == self.Event.KIND_CHANGED and self.detail in Plan.Kind.values:
            return str(Plan.Kind(self.detail).label)
        return self.detail


class CoercionThreat(models.Model):
    class Kind(models.TextChoices):
        EVICTION = "eviction", _("Threatened eviction")
        DISCONNECTION = "disconnection", _("Disconnection of gas, water or power")
        DETENTION_FINES = "detention_fines", _("Detention for unpaid fines")
        FORCED_DEBT = "forced_debt", _("Forced debt restructuring")
        PSYCHIATRIC = "psychiatric", _("Compulsory psychiatric admission")
        CHILD_PROTECTION = "child_protection", _("Child protection measure")
        PLACEMENT = "placement", _("Out-of-home placement")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        AVERTED = "averted", _("Averted")
        EXECUTED = "executed", _("Carried out")

    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="threats"
    )
    kind = models.CharField(_("threat"), max_length=20, choices=Kind.choices)
    deadline = models.DateField(_("date of the threatened measure"))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("coercion threat")
        verbose_name_plural = _("coercion threats")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.deadline}"


class GoalHeld(models.TextChoices):
    """Whether the household's goal held after a breakthrough, as last reported."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not yet known")


class Breakthrough(models.Model):
    """A rule set aside or an unorthodox solution, recorded so it can be costed and learned from."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet known")
        SOLVED = "solved", _("Solved")
        PARTLY = "partly", _("Partly solved")
        NOT_SOLVED = "not_solved", _("Not solved")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="breakthroughs"
    )
    blocked = models.TextField(_("what was blocked"), max_length=2000)
    rule = models.CharField(_("rule or regulation set aside"), max_length=300)
    decision = models.TextField(_("what was decided"), max_length=2000)
    # Set by the server, never chosen by the caller: the team coordinator who holds the mandate
    # (doorzettingsmacht) and used it. Empty while a professional's breakthrough awaits it.
    mandated_by = models.ForeignKey(
        "access.Professional",
        on_delete=models.PROTECT,
        related_name="mandated_breakthroughs",
        null=True,
        blank=True,
    )
    mandated_at = models.DateTimeField(_("mandated at"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"))
    cost_cents = models.BigIntegerField(_("cost (cents)"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_note = models.TextField(_("outcome in words"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The rule set aside, picked from the register (issue 14). Empty for breakthroughs recorded
    # before the register existed: their free text ``rule`` stays as it was written. For new
    # ones ``rule`` keeps the rule's name and reference as they were on the day (history).
    rule_set_aside = models.ForeignKey(
        "learning.Rule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breakthroughs",
        verbose_name=_("rule set aside"),
    )
    # Its story: open while updates come in, closed with a final outcome (reopened by the
    # team coordinator). Moves only open -> closed -> open, with a conditional update.
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # As the latest outcome update reported them (kept here so the analysis sums rows, not
    # subqueries): the real cost so far, the saving so far, whether the household's goal held.
    real_cost_cents = models.BigIntegerField(_("real cost (cents)"), null=True, blank=True)
    saving_cents = models.BigIntegerField(_("saving (cents)"), null=True, blank=True)
    goal_held = models.CharField(
        _("the household's goal held"),
        max_length=10,
        choices=GoalHeld.choices,
        default=GoalHeld.UNKNOWN,
    )
    # Optimistic concurrency: an update, a close or a reopen names the version it was based on.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("breakthrough")
        verbose_name_plural = _("breakthroughs")
        constraints = [
            models.CheckConstraint(condition=models.Q(cost_cents__gte=0), name="bt_cost_not_neg"),
            models.CheckConstraint(
                condition=models.Q(state="open", closed_on__isnull=True)
                | models.Q(state="closed", closed_on__isnull=False),
                name="bt_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.rule

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def on_date_before(self, day: dt.date) -> bool:
        """``day`` lies before the decision: no step of the story can."""
        return day < self.decided_on

    @property
    def cost_to_date_cents(self) -> int:
        """The real cost as last reported, or the cost recorded at the decision."""
        return self.cost_cents if self.real_cost_cents is None else self.real_cost_cents


class BreakthroughUpdate(models.Model):
    """One step in a breakthrough's story: what came of it, the real cost and the saving so
    far (the saving with how it was estimated), and whether the household's goal held."""

    breakthrough = models.ForeignKey(Breakthrough, on_delete=models.CASCADE, related_name="updates")
    on_date = models.DateField(_("date"))
    text = models.TextField(_("what came of it"), max_length=2000)
    real_cost_cents = models.BigIntegerField(_("real cost so far (cents)"), null=True, blank=True)
    saving_cents = models.BigIntegerField(_("saving so far (cents)"), null=True, blank=True)
    saving_basis = models.TextField(_("how the saving was estimated"), max_length=1000, blank=True)
    goal_held = models.CharField(
        _("the household's goal held"),
        max_length=10,
        choices=GoalHeld.choices,
        default=GoalHeld.UNKNOWN,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The name shown with the update, as it was when it was written.
    recorded_by_name = models.CharField(_("by"), max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on_date", "id"]
        verbose_name = _("breakthrough update")
        verbose_name_plural = _("breakthrough updates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(real_cost_cents__isnull=True) | models.Q(real_cost_cents__gte=0),
                name="btupdate_cost_not_neg",
            ),
            models.CheckConstraint(
                condition=models.Q(saving_cents__isnull=True) | models.Q(saving_cents__gte=0),
                name="btupdate_saving_not_neg",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
