"""Organisations, teams, professionals and their roles, assignments, tokens, the access log and
the audit trail.

The access log (who touched whose personal data) and the audit trail (who changed whose rights,
and other business decisions) are append-only: rows are never updated or deleted (the models
refuse it and, on PostgreSQL, so do triggers).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.access.enums import LOG_ROLES, AssignmentKind, LegalBasis, Outcome, Purpose, Role


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
        # Partner organisations that refer households (vindplaatsen)
        SCHOOL = "school", _("School")
        GP_PRACTICE = "gp_practice", _("GP practice")
        POLICE = "police", _("Police")
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
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="teams",
        verbose_name=_("organisation"),
    )
    districts = models.ManyToManyField(
        "areas.District", related_name="teams", blank=True, verbose_name=_("districts")
    )
    # Frontline freedom: what a professional of this team may pay from their district's area
    # fund for a household they work on, per agreement, without the coordinator (0: nothing).
    # Set by the team's coordinator (``funds.services.frontline_limit_set``, audited).
    frontline_limit_cents = models.PositiveIntegerField(
        _("frontline limit per agreement (cents)"), default=40_000
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district team")
        verbose_name_plural = _("district teams")

    def __str__(self) -> str:
        return self.name


class Professional(models.Model):
    """Every user of Nabij has one profile; its role decides what the access layer allows."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="professional",
        verbose_name=_("account"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="professionals",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        DistrictTeam,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("district team"),
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

    Kind = AssignmentKind

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


class RecordedRequest(models.Model):
    """A third party's request for a household's data, recorded with its legal basis.

    An access made on such a request names it (``AccessLogEntry.request_id``); the log never
    takes free text from the caller. Recorded by the household's coordinator or the team
    coordinator, and usable only for that household until ``valid_until``.
    """

    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="recorded_requests"
    )
    requester = models.CharField(_("requested by"), max_length=150)
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    reference = models.CharField(_("their reference"), max_length=100)
    received_on = models.DateField(_("received on"))
    valid_until = models.DateField(_("valid until"))
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("recorded request")
        verbose_name_plural = _("recorded requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("received_on")),
                name="recorded_request_valid_after_received",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_legal_basis_display()} · {self.requester} ({self.reference})"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError(f"{self.model.__name__} rows are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{self.model.__name__} rows are append-only.")


class AppendOnly(models.Model):
    """A log: rows are added, never changed or deleted, one by one or in bulk (on PostgreSQL
    a trigger refuses it too)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{type(self).__name__} rows are append-only.")


class AccessLogEntry(AppendOnly):
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
    role = models.CharField(_("role"), max_length=20, choices=LOG_ROLES, blank=True)
    # Filled from a RecordedRequest only (its legal basis, requester and reference).
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    request_id = models.BigIntegerField(_("recorded request"), null=True)
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

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        indexes = [models.Index(fields=["resident", "-occurred_at"], name="accesslog_resident")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.event} {self.outcome}"


class ResidentAccount(models.Model):
    """A resident's own login (DigiD): a user without a password and without a Professional.

    The account is valid only while the resident is a member of a household and 16 or over
    (``rules.resident_membership``); it is checked at login and on every request, so it ends
    the day the membership ends. ``sessions_valid_from`` is "log out everywhere": a session
    that logged in before it is ended.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_account"
    )
    resident = models.OneToOneField(
        "people.Resident", on_delete=models.CASCADE, related_name="account"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sessions_valid_from = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("resident account")
        verbose_name_plural = _("resident accounts")

    def __str__(self) -> str:
        return f"resident {self.resident_id}"


class AuditKind(models.TextChoices):
    """Business events worth answering for; access to personal data goes to the access log."""

    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
    ROLE_CHANGED = "role_changed", _("Role changed")
    TEAM_CHANGED = "team_changed", _("Team changed")
    PROFILE_CHANGED = "profile_changed", _("Profile changed")
    ROLE_CHANGE_REQUESTED = "role_change_requested", _("Change of access requested")
    ROLE_CHANGE_APPROVED = "role_change_approved", _("Change of access approved")
    ROLE_CHANGE_REJECTED = "role_change_rejected", _("Change of access rejected")
    SELF_CHANGE_REFUSED = "self_change_refused", _("Change of own access refused")
    APPROVAL_REFUSED = "approval_refused", _("Approval refused")
    PASSWORD_LINK_ISSUED = "password_link_issued", _("Set-password link issued")
    ORGANISATION_CREATED = "organisation_created", _("Organisation created")
    ORGANISATION_CHANGED = "organisation_changed", _("Organisation changed")
    DISTRICT_TEAM_CREATED = "district_team_created", _("District team created")
    DISTRICT_TEAM_CHANGED = "district_team_changed", _("District team changed")
    FUND_OVERRIDE = "fund_override", _("Area fund taken below zero by override")
    BUDGET_ALLOCATED = "budget_allocated", _("Area budget allocated")
    SAVING_RULE_SET = "saving_rule_set", _("Saving-return share set")
    AREA_BUDGET_SET = "area_budget_set", _("Area budget set")
    FRONTLINE_LIMIT_SET = "frontline_limit_set", _("Frontline limit of a team set")
    PROJECTION_APPROVED = "projection_approved", _("Cost projection approved")
    PRICE_CHANGED = "price_changed", _("Reference price changed")
    PRICE_INDEX_ADDED = "price_index_added", _("Price index added")
    PROCESSING_CREATED = "processing_created", _("Processing added to the register")
    PROCESSING_CHANGED = "processing_changed", _("Processing in the register changed")


class AuditEvent(AppendOnly):
    """One business event: who (in which role) did what to whom, with the values before and after.

    Written only by ``access.services.audit``. No foreign-key constraints: the trail must
    outlive the accounts it names, so names are copied too.
    """

    occurred_at = models.DateTimeField(_("date and time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=40, choices=AuditKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_username = models.CharField(_("by"), max_length=150)
    actor_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    subject_username = models.CharField(_("concerning"), max_length=150, blank=True)
    # What else the event is about (an organisation, a team, a request, a transaction): its id.
    object_type = models.CharField(_("object"), max_length=40, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["subject", "-occurred_at"], name="audit_subject")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.kind}"


class RoleChangeRequest(models.Model):
    """A change that widens someone's access, waiting for a second administrator.

    Holds the complete access the professional gets on approval (role, team, active); ``before``
    is what they had when it was asked, so an approval never applies to a changed situation.
    States move only requested -> approved or requested -> rejected (see ``TRANSITIONS`` and
    ``services_admin``).
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    professional = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("professional"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        DistrictTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district team"),
    )
    is_active = models.BooleanField(_("active"))
    before = models.JSONField(_("before"), default=dict)
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("access change request")
        verbose_name_plural = _("access change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["professional"],
                condition=models.Q(state="requested"),
                name="rolechangerequest_one_open_per_professional",
            ),
            # Four eyes, also in the database: whoever asked never approves (withdrawing, by
            # rejecting one's own request, is allowed).
            models.CheckConstraint(
                condition=~models.Q(state="approved", decided_by=models.F("requested_by")),
                name="rolechangerequest_decider_is_not_requester",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(state="requested", decided_by__isnull=True, decided_at__isnull=True)
                    | (
                        ~models.Q(state="requested")
                        & models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="rolechangerequest_decided_iff_not_open",
            ),
        ]

    # The only state changes there are; everything else is refused.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        State.REQUESTED: frozenset({State.APPROVED, State.REJECTED}),
        State.APPROVED: frozenset(),
        State.REJECTED: frozenset(),
    }

    def __str__(self) -> str:
        return f"{self.professional} → {self.role} ({self.state})"

    def can_move_to(self, state: str) -> bool:
        return state in self.TRANSITIONS[self.state]


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


class LoginEvent(AppendOnly):
    """Login events for audit: failures, throttle refusals, successes, second factors set up.

    Not the access log, which records access to personal data. Append-only like it.
    """

    class Kind(models.TextChoices):
        SUCCEEDED = "succeeded", _("Logged in")
        WRONG_PASSWORD = "wrong_password", _("Unknown username or wrong password")
        WRONG_CODE = "wrong_code", _("Wrong verification code")
        LOCKED_OUT = "locked_out", _("Refused: too many failed attempts")
        DEVICE_ENROLLED = "device_enrolled", _("Two-step login set up")
        DIGID_REFUSED = "digid_refused", _("DigiD login refused: no account in Nabij")
        SESSIONS_ENDED = "sessions_ended", _("Logged out everywhere")

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

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("login event")
        verbose_name_plural = _("login events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.kind}"
