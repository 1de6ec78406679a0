"""A background job: long work (a matching run, a cost import, closing a vote) taken off the
web request. The job row is what the person who started it sees; the task framework's own result
row (``task_id``) only carries it to a worker.

States move one way: waiting -> running -> done | failed, and running -> waiting only when the
worker running it died (its heartbeat went stale) and the job may be tried again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        MATCHING_RUN = "matching.run", _("Matching run")
        COSTS_IMPORT = "costs.import", _("Cost import")
        VOTE_CLOSE = "budgets.vote_close", _("Closing the vote")
        SIGNALS_IMPORT = "signals.import", _("Import of arrears signals")

    ACTIVE = (State.WAITING, State.RUNNING)
    FINISHED = (State.DONE, State.FAILED)

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    # Where the request came from, for the access-log rows the job writes on the starter's behalf.
    client_address = models.GenericIPAddressField(null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    # The same request twice while one is waiting or running gives the same job.
    key = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    reason = models.TextField(_("reason"), blank=True)  # why it failed, in the starter's words
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    phase = models.CharField(max_length=80, blank=True)
    summary = models.JSONField(default=dict)  # non-personal figures: counts and amounts
    result_url = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "heartbeat_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(state__in=["waiting", "running"]),
                name="jobs_one_active_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
