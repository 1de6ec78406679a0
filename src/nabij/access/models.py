"""Organisations, teams, professionals and their roles, assignments, tokens and the access log.

The access log is append-only: rows are never updated or deleted (the model refuses it and, on
PostgreSQL, so does a trigger).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("District-team professional")
    TEAM_COORDINATOR = "team_coordinator", _("Team coordinator")
    SOCIAL_BROKER = "social_broker", _("Social broker")
    POLICY_ANALYST = "policy_analyst", _("Policy analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        WELFARE = "welfare", _("Welfare organisation")
        YOUTH_CARE = "youth_care", _("Youth care")
        DEBT_HELP = "debt_help", _("Debt help")
        MENTAL_HEALTH = "mental_health", _("Mental health care")
        HOUSING = "housing", _("Housing corporation")
        HEALTH = "health", _("Health care")
        JUSTICE = "justice", _("Justice and probation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Vektis AGB code: how iJw/iWmo declarations (JW323/WMO323) name their sender.
    agb_code = models.CharField(_("AGB code"), max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["agb_code"],
                condition=~models.Q(agb_code=""),
                name="organisation_agb_code_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DistrictTeam(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    districts = models.ManyToManyField("areas.District", related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district team")
        verbose_name_plural = _("district teams")

    def __str__(self) -> str:
        return self.name


class Professional(models.Model):
    """Every user of Nabij has one profile; its role decides what the access layer allows."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="professionals"
    )
    team = models.ForeignKey(
        DistrictTeam,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Assignment(models.Model):
    """A professional involved with a household; exactly one active coordinator per household."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        INVOLVED = "involved", _("Involved professional")

    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="assignments"
    )
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The organisation keeps a plan of its own for this household (a fragmentation signal).
    has_own_plan = models.BooleanField(_("keeps its own plan"), default=False)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "started_on"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(kind="coordinator", ended_on__isnull=True),
                name="assignment_one_active_coordinator",
            ),
            models.UniqueConstraint(
                fields=["household", "professional"],
                condition=models.Q(ended_on__isnull=True),
                name="assignment_once_per_professional",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} → {self.household_id} ({self.kind})"


class Purpose(models.TextChoices):
    CARE = "care", _("Support of the household")
    COORDINATION = "coordination", _("Team coordination")
    ACCOUNTABILITY = "accountability", _("Access accountability")
    ADMINISTRATION = "administration", _("Administration")
    MATCHING = "matching", _("Matching offers and needs")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One NEN 7513 log line: who, in which role, on whose behalf, did what to whose data, why.

    No foreign-key constraints: the log must outlive the rows it points at.
    """

    occurred_at = models.DateTimeField(_("date and time"), auto_now_add=True, db_index=True)
    event = models.CharField(_("event"), max_length=60)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    username = models.CharField(_("user"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    household_id = models.BigIntegerField(_("household"), null=True, db_index=True)
    # A participant in the broker's register of offers and needs (matching.Participant).
    participant_id = models.BigIntegerField(_("participant"), null=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, default="web")
    client_address = models.GenericIPAddressField(_("client address"), null=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        indexes = [models.Index(fields=["resident", "-occurred_at"], name="accesslog_resident")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.event} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")


class ApiToken(models.Model):
    """A bearer token for the REST API; only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginThrottle(models.Model):
    """One counter of failed logins per throttle key (an account, a client address or a device
    cookie), counted and checked in one conditional UPDATE so that concurrent attempts cannot
    pass the limit together; see ``nabij.access.throttle``."""

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}: {self.failures} since {self.window_started_at}"


class LoginEventQuerySet(models.QuerySet["LoginEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Login events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Login events are append-only.")


class LoginEvent(models.Model):
    """Login events for audit: failures, throttle refusals, successes, second factors set up.

    Not the access log, which records access to personal data. Append-only like it.
    """

    class Kind(models.TextChoices):
        SUCCEEDED = "succeeded", _("Logged in")
        WRONG_PASSWORD = "wrong_password", _("Unknown username or wrong password")
        WRONG_CODE = "wrong_code", _("Wrong verification code")
        LOCKED_OUT = "locked_out", _("Refused: too many failed attempts")
        DEVICE_ENROLLED = "device_enrolled", _("Two-step login set up")

    occurred_at = models.DateTimeField(_("date and time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    # As typed (lower case, cut to 150): failed attempts often name accounts that do not exist.
    username = models.CharField(_("username"), max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    client_address = models.GenericIPAddressField(_("client address"), null=True)
    # Which throttle refused (account, address, device), or which factor was used.
    detail = models.CharField(_("detail"), max_length=40, blank=True)

    objects = LoginEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("login event")
        verbose_name_plural = _("login events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Login events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Login events are append-only.")
