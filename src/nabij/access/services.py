"""Writes for the access module: the audit trail, API tokens, assignments, recorded requests.

Changes to accounts, roles and teams live in ``services_admin``; the login throttle in
``throttle``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access.models import (
    ApiToken,
    Assignment,
    AuditEvent,
    AuditKind,
    LegalBasis,
    Professional,
    RecordedRequest,
    ResidentAccount,
    Role,
)
from nabij.core.errors import DomainError

if TYPE_CHECKING:
    from nabij.access.gate import Actor
    from nabij.people.models import Household


def audit(
    actor: Actor | None,
    kind: AuditKind,
    *,
    subject: User | None = None,
    object_type: str = "",
    object_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one row to the audit trail; the only writer of ``AuditEvent``.

    ``actor`` None is trusted setup code (the demo loader, a data migration), recorded as
    "system". Values before and after must be JSON-serialisable (ids, codes, names).
    """
    account = actor.user if actor is not None and isinstance(actor.user, User) else None
    return AuditEvent.objects.create(
        kind=AuditKind(kind),
        actor=account,
        actor_username=actor.username if actor is not None else "system",
        actor_role=actor.role if actor is not None else "",
        subject=subject,
        subject_username=subject.get_username() if subject is not None else "",
        object_type=object_type[:40],
        object_id=object_id,
        before=dict(before or {}),
        after=dict(after or {}),
        reason=reason[:500],
        client_address=actor.client_address if actor is not None else None,
    )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> str:
    """Create a token and return its secret; it is shown once and stored only as a digest.

    Residents never get one: Mijn Nabij's API (``/api/v1/me``) takes their DigiD session only,
    which ends after 15 idle minutes; a token would outlive that and the membership."""
    if ResidentAccount.objects.filter(user=user).exists():
        raise DomainError(_("Residents do not get API tokens."), field="user")
    if Professional.objects.filter(user=user, role=Role.REFERRER).exists():
        raise DomainError(_("Referrers do not get API tokens."), field="user")
    secret = "nbj_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=_digest(secret), prefix=secret[4:12])
    return secret


def api_token_user(secret: str) -> AbstractBaseUser | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=_digest(secret),
            revoked_at__isnull=True,
            user__is_active=True,
            # Defence in depth: a token that somehow belongs to a resident opens nothing.
            user__resident_account__isnull=True,
        )
        .exclude(user__professional__role=Role.REFERRER)
        .first()
    )
    return token.user if token else None


@transaction.atomic
def assignment_start(
    *, household_id: int, professional: Professional, kind: str, has_own_plan: bool = False
) -> Assignment:
    """Assign a professional. A new coordinator takes over in one atomic swap: the previous
    coordinator's assignment ends in the same transaction, so a household always has exactly
    one. The current coordinator cannot be made merely involved: that would leave none.

    The household row is locked first, so two swaps at once run one after the other.
    """
    from nabij.people.models import Household

    if kind not in Assignment.Kind.values:
        raise DomainError(_("Unknown kind of assignment."), field="kind")
    list(Household.objects.select_for_update().filter(pk=household_id).values_list("pk"))
    today = timezone.localdate()
    current = list(Assignment.objects.filter(household_id=household_id, ended_on__isnull=True))
    coordinator = next((a for a in current if a.kind == Assignment.Kind.COORDINATOR), None)
    own = next((a for a in current if a.professional_id == professional.pk), None)
    if coordinator is not None and coordinator.professional_id == professional.pk:
        if kind != Assignment.Kind.COORDINATOR:
            raise DomainError(
                _(
                    "%(name)s is the household's coordinator. Assign a new coordinator first; "
                    "the household always has one."
                )
                % {"name": professional},
                field="kind",
            )
        if coordinator.has_own_plan != has_own_plan:
            coordinator.has_own_plan = has_own_plan
            coordinator.save(update_fields=["has_own_plan"])
        return coordinator
    ending = [
        a.pk for a in (own, coordinator if kind == Assignment.Kind.COORDINATOR else None) if a
    ]
    if ending:
        Assignment.objects.filter(pk__in=ending).update(ended_on=today)
    return Assignment.objects.create(
        household_id=household_id,
        professional=professional,
        kind=kind,
        has_own_plan=has_own_plan,
        started_on=today,
    )


def assignment_end(*, assignment: Assignment) -> None:
    """End an involvement. The coordinator's ends only by handing over to a new coordinator."""
    if assignment.kind == Assignment.Kind.COORDINATOR:
        raise DomainError(
            _(
                "The coordinator's assignment ends when you assign a new coordinator; "
                "the household always has one."
            ),
            field="assignment",
        )
    assignment.ended_on = timezone.localdate()
    assignment.save(update_fields=["ended_on"])


# A request is answered within weeks; a longer validity would turn it into a standing permit.
REQUEST_MAX_DAYS = 366


def recorded_request_create(
    *,
    recorded_by: Professional,
    household: Household,
    requester: str,
    legal_basis: str,
    reference: str,
    received_on: dt.date,
    valid_until: dt.date,
    note: str = "",
) -> RecordedRequest:
    """Record a third party's request for this household's data, with its legal basis. The
    caller has passed the gate with ``rules.can_record_request``."""
    problems: dict[str, str] = {}
    if legal_basis not in LegalBasis.values:
        problems["legal_basis"] = _("Choose the legal basis of the request.")
    if not requester.strip():
        problems["requester"] = _("Say who made the request.")
    if not reference.strip():
        problems["reference"] = _("Give the requester's reference.")
    if received_on > timezone.localdate():
        problems["received_on"] = _("The date received cannot lie in the future.")
    if valid_until < received_on:
        problems["valid_until"] = _("The request cannot end before it was received.")
    elif (valid_until - received_on).days > REQUEST_MAX_DAYS:
        problems["valid_until"] = _("A request is valid for at most a year; record a new one.")
    if problems:
        raise ValidationError(problems)
    request = RecordedRequest(
        household=household,
        requester=requester.strip(),
        legal_basis=legal_basis,
        reference=reference.strip(),
        received_on=received_on,
        valid_until=valid_until,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    request.full_clean()
    request.save()
    return request


def resident_sessions_end(actor: Actor) -> None:
    """ "Log out everywhere": every session of this resident that logged in before now ends at
    its next request (``ResidentSessionMiddleware``)."""
    from nabij.access import throttle
    from nabij.access.models import LoginEvent, ResidentAccount

    if actor.resident is None:
        raise DomainError(_("Only a resident can do this."))
    ResidentAccount.objects.filter(resident=actor.resident).update(
        sessions_valid_from=timezone.now()
    )
    throttle.event_record(
        kind=LoginEvent.Kind.SESSIONS_ENDED,
        username=actor.username,
        client_address=actor.client_address,
        user_id=actor.account.pk,
    )


def team_frontline_limit_set(*, actor: Actor, limit_cents: int, expected_cents: int) -> int:
    """The coordinator sets the own team's frontline limit (0 up to ``FRONTLINE_LIMIT_MAX``).

    ``expected_cents`` is the limit the coordinator saw: the change is made only if it still
    stands (compare-and-set), so two coordinators of one team cannot overwrite each other
    unseen. Audited with the limits before and after. Returns the new limit.
    """
    from nabij.access import gate, rules
    from nabij.access.enums import Event
    from nabij.access.models import DistrictTeam
    from nabij.core.errors import ConflictError

    gate.require(actor, rules.can_set_own_frontline_limit, event=Event.FUNDS_FRONTLINE_LIMIT_SET)
    assert actor.professional is not None and actor.professional.team_id is not None
    team_id = actor.professional.team_id
    if not 0 <= limit_cents <= rules.FRONTLINE_LIMIT_MAX_CENTS:
        raise DomainError(
            _("The limit lies between €0 and €%(max)s.")
            % {"max": f"{rules.FRONTLINE_LIMIT_MAX_CENTS // 100:,}".replace(",", ".")},
            field="limit",
        )
    with transaction.atomic():
        changed = DistrictTeam.objects.filter(
            pk=team_id, frontline_limit_cents=expected_cents
        ).update(frontline_limit_cents=limit_cents)
        if not changed:
            raise ConflictError(
                _("Someone else changed your team's limit first. Check it and try again.")
            )
        audit(
            actor,
            AuditKind.FRONTLINE_LIMIT_SET,
            object_type="district_team",
            object_id=team_id,
            before={"frontline_limit_cents": expected_cents},
            after={"frontline_limit_cents": limit_cents},
        )
    return limit_cents
