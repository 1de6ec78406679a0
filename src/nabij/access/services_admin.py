"""Accounts, roles, teams and organisations: the only way they change.

Every change is audited (who changed whose rights, when, before and after). Nobody changes
their own role, team or active flag. A change that gives an account reach it did not have (see
``rules.change_needs_approval``) is stored as a ``RoleChangeRequest`` and takes effect only when
a second administrator approves it; narrowing takes effect at once. Refusals are audited too,
outside any transaction, so a refused attempt always leaves its row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from nabij.access import rules
from nabij.access.gate import AccessDenied, Actor
from nabij.access.models import (
    AuditKind,
    DistrictTeam,
    Organisation,
    Professional,
    Role,
    RoleChangeRequest,
)
from nabij.access.rules import AccessState
from nabij.access.services import audit
from nabij.core.errors import DomainError

if TYPE_CHECKING:
    from nabij.areas.models import District


class AdminRefused(DomainError):
    """A rule of administration refuses the change; the refusal is in the audit trail."""


def _require_administrator(actor: Actor) -> User:
    if not rules.can_administer(actor.professional):
        raise AccessDenied
    return actor.account


def state_of(professional: Professional) -> AccessState:
    return AccessState(
        role=professional.role, team_id=professional.team_id, is_active=professional.user.is_active
    )


def describe(state: AccessState) -> dict[str, Any]:
    """The state as the audit trail keeps it: ids for machines, the team's name for people."""
    team = None
    if state.team_id is not None:
        team = DistrictTeam.objects.filter(pk=state.team_id).values_list("name", flat=True).first()
    return {
        "role": state.role,
        "team_id": state.team_id,
        "team": team,
        "is_active": state.is_active,
    }


def _clean_reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise DomainError(_("Give a reason for this change."), field="reason")
    return cleaned[:500]


def _check_team(role: str, team: DistrictTeam | None) -> None:
    if team is not None and role not in rules.CASE_ROLES:
        raise DomainError(
            _("Only district-team professionals and team coordinators belong to a team."),
            field="team",
        )


# --- Roles, teams, active flag -------------------------------------------------------------


def access_change(
    actor: Actor,
    professional: Professional,
    *,
    role: str,
    team: DistrictTeam | None,
    is_active: bool,
    reason: str,
) -> RoleChangeRequest | None:
    """Change an account's role, team or active flag.

    Returns the pending request when the change waits for a second administrator, None when it
    took effect at once (or changed nothing).
    """
    _require_administrator(actor)
    role = Role(role)
    before = state_of(professional)
    after = AccessState(role=role, team_id=team.pk if team else None, is_active=is_active)
    if before == after:
        return None
    reason = _clean_reason(reason)
    if rules.is_self_change(actor.account.pk, professional.user_id):
        audit(
            actor,
            AuditKind.SELF_CHANGE_REFUSED,
            subject=professional.user,
            before=describe(before),
            after=describe(after),
            reason=reason,
        )
        raise AdminRefused(
            _(
                "You cannot change your own role, team or access. Ask another administrator; "
                "a change that widens access then needs a third one to approve it."
            )
        )
    _check_team(role, team)
    if rules.change_needs_approval(before, after):
        return _request(actor, professional, before=before, after=after, reason=reason)
    with transaction.atomic():
        _apply(actor, professional, before=before, after=after, reason=reason)
    return None


def _request(
    actor: Actor,
    professional: Professional,
    *,
    before: AccessState,
    after: AccessState,
    reason: str,
) -> RoleChangeRequest:
    try:
        with transaction.atomic():
            request = RoleChangeRequest.objects.create(
                professional=professional,
                role=after.role,
                team_id=after.team_id,
                is_active=after.is_active,
                before=describe(before),
                reason=reason,
                requested_by=actor.account,
            )
            audit(
                actor,
                AuditKind.ROLE_CHANGE_REQUESTED,
                subject=professional.user,
                object_type="role_change_request",
                object_id=request.pk,
                before=request.before,
                after=describe(after),
                reason=reason,
            )
    except IntegrityError as error:
        raise DomainError(
            _(
                "A change for this account is already waiting for approval; have it approved "
                "or rejected first."
            )
        ) from error
    return request


def _apply(
    actor: Actor,
    professional: Professional,
    *,
    before: AccessState,
    after: AccessState,
    reason: str,
    request: RoleChangeRequest | None = None,
) -> None:
    """Write the new state and one audit row per aspect that changed (call inside atomic)."""
    user = professional.user
    professional.role = after.role
    professional.team_id = after.team_id
    professional.save(update_fields=["role", "team"])
    if user.is_active != after.is_active:
        user.is_active = after.is_active
        user.save(update_fields=["is_active"])
    kinds = []
    if before.role != after.role:
        kinds.append(AuditKind.ROLE_CHANGED)
    if before.team_id != after.team_id:
        kinds.append(AuditKind.TEAM_CHANGED)
    if before.is_active != after.is_active:
        kinds.append(
            AuditKind.ACCOUNT_ACTIVATED if after.is_active else AuditKind.ACCOUNT_DEACTIVATED
        )
    before_row, after_row = describe(before), describe(after)
    for kind in kinds:
        audit(
            actor,
            kind,
            subject=user,
            object_type="role_change_request" if request else "",
            object_id=request.pk if request else None,
            before=before_row,
            after=after_row,
            reason=reason,
        )


def _load_request(request_id: int) -> RoleChangeRequest:
    request = (
        RoleChangeRequest.objects.select_related("professional__user", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise DomainError(_("This request does not exist."))
    return request


@dataclass(frozen=True)
class Approval:
    request: RoleChangeRequest
    # The set-password link of a new account, for the approver to hand over (never the
    # requester's: so no single administrator holds a working login with reach).
    password_link: str | None


def request_approve(actor: Actor, request_id: int, *, note: str = "") -> Approval:
    """The second administrator's approval: the change takes effect now, audited with both
    names. The requester, and the person whose access it widens, never approve it."""
    approver = _require_administrator(actor)
    request = _load_request(request_id)
    if approver.pk in (request.requested_by_id, request.professional.user_id):
        audit(
            actor,
            AuditKind.APPROVAL_REFUSED,
            subject=request.professional.user,
            object_type="role_change_request",
            object_id=request.pk,
            after={"requested_by": request.requested_by.get_username()},
            reason=note,
        )
        raise AdminRefused(
            _(
                "You cannot approve a change you asked for yourself, or one that concerns your "
                "own account. Another administrator must approve it."
            )
        )
    with transaction.atomic():
        request = RoleChangeRequest.objects.select_for_update().get(pk=request.pk)
        professional = Professional.objects.select_related("user").get(pk=request.professional_id)
        if not request.can_move_to(RoleChangeRequest.State.APPROVED):
            raise DomainError(_("This request has already been decided."))
        before = state_of(professional)
        if describe(before) != request.before:
            raise DomainError(
                _("The account has changed since this was asked. Reject the request and ask again.")
            )
        after = AccessState(role=request.role, team_id=request.team_id, is_active=request.is_active)
        _decide(request, RoleChangeRequest.State.APPROVED, approver, note)
        requester = request.requested_by.get_username()
        reason = _("%(reason)s (asked by %(requester)s, approved by %(approver)s)") % {
            "reason": request.reason,
            "requester": requester,
            "approver": approver.get_username(),
        }
        audit(
            actor,
            AuditKind.ROLE_CHANGE_APPROVED,
            subject=professional.user,
            object_type="role_change_request",
            object_id=request.pk,
            before=request.before,
            after={
                **describe(after),
                "requested_by": requester,
                "approved_by": approver.get_username(),
            },
            reason=note or request.reason,
        )
        _apply(actor, professional, before=before, after=after, reason=reason, request=request)
        link = None
        if _never_used(professional.user) and after.is_active:
            link = _password_link(actor, professional)
    return Approval(request=request, password_link=link)


def request_reject(actor: Actor, request_id: int, *, note: str = "") -> RoleChangeRequest:
    """Reject (or, by its requester, withdraw) a waiting request; nothing changes."""
    decider = _require_administrator(actor)
    with transaction.atomic():
        request = RoleChangeRequest.objects.select_for_update().get(pk=_load_request(request_id).pk)
        if not request.can_move_to(RoleChangeRequest.State.REJECTED):
            raise DomainError(_("This request has already been decided."))
        _decide(request, RoleChangeRequest.State.REJECTED, decider, note)
        audit(
            actor,
            AuditKind.ROLE_CHANGE_REJECTED,
            subject=request.professional.user,
            object_type="role_change_request",
            object_id=request.pk,
            before=request.before,
            after={
                "role": request.role,
                "team_id": request.team_id,
                "is_active": request.is_active,
                "requested_by": request.requested_by.get_username(),
            },
            reason=note,
        )
    return request


def _decide(request: RoleChangeRequest, state: str, decider: User, note: str) -> None:
    if not request.can_move_to(state):  # pragma: no cover - callers check under the lock
        raise DomainError(_("This request has already been decided."))
    request.state = state
    request.decided_by = decider
    request.decided_at = timezone.now()
    request.decision_note = " ".join(note.split())[:500]
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])


# --- Accounts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewAccount:
    professional: Professional
    request: RoleChangeRequest | None  # set when the account waits for a second administrator
    # The path of the one-time set-password link; for an account that waits, the approver gets
    # it on approval instead.
    password_link: str | None


def account_create(
    actor: Actor,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
    team: DistrictTeam | None,
    expertise: str,
    reason: str,
) -> NewAccount:
    """A new account without a password: an administrator hands over a one-time link with
    which its owner sets one. An account with reach stays inactive until a second
    administrator approves it, and that administrator gets the link."""
    _require_administrator(actor)
    role = Role(role)
    reason = _clean_reason(reason)
    _check_team(role, team)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is already taken."), field="username")
    wanted = AccessState(role=role, team_id=team.pk if team else None, is_active=True)
    waits = rules.change_needs_approval(None, wanted)
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            is_active=not waits,
        )
        user.set_unusable_password()
        user.save()
        professional = Professional.objects.create(
            user=user, role=role, organisation=organisation, team=team, expertise=expertise
        )
        created = AccessState(role=role, team_id=wanted.team_id, is_active=not waits)
        audit(
            actor,
            AuditKind.ACCOUNT_CREATED,
            subject=user,
            after={**describe(created), "organisation": organisation.name},
            reason=reason,
        )
        request = None
        link = None
        if waits:
            request = _request(actor, professional, before=created, after=wanted, reason=reason)
        else:
            link = _password_link(actor, professional)
    return NewAccount(professional=professional, request=request, password_link=link)


def _never_used(user: User) -> bool:
    return user.last_login is None and not user.has_usable_password()


def password_link(actor: Actor, professional: Professional) -> str:
    """A new set-password link, only for an account whose owner never set a password (the first
    link expired). A used account's password is its owner's: no administrator resets it, so no
    administrator can log in as someone else. Nor does whoever asked for an account's reach
    get its link: while the request waits there is none, and after approval it goes to
    another administrator."""
    admin_user = _require_administrator(actor)
    if not _never_used(professional.user):
        raise DomainError(
            _(
                "This account's owner has set a password, and it is theirs. They change it "
                "themselves; no administrator sets it."
            )
        )
    if professional.change_requests.filter(state=RoleChangeRequest.State.REQUESTED).exists():
        raise DomainError(
            _("This account waits for approval; whoever approves it gets the link to hand over.")
        )
    if professional.role in rules.ROLES_WITH_REACH:
        asked = (
            professional.change_requests.filter(state=RoleChangeRequest.State.APPROVED)
            .order_by("-decided_at")
            .values_list("requested_by_id", flat=True)
            .first()
        )
        if asked == admin_user.pk:
            raise AdminRefused(
                _(
                    "You asked for this account's access, so another administrator hands over "
                    "its link."
                )
            )
    return _password_link(actor, professional)


def _password_link(actor: Actor, professional: Professional) -> str:
    from django.urls import reverse

    user = professional.user
    audit(actor, AuditKind.PASSWORD_LINK_ISSUED, subject=user)
    return reverse(
        "access:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def profile_change(
    actor: Actor,
    professional: Professional,
    *,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    expertise: str,
) -> None:
    """Name, e-mail, organisation and expertise: no reach, so at once (also for oneself)."""
    _require_administrator(actor)
    user = professional.user
    before = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": professional.organisation.name,
        "expertise": professional.expertise,
    }
    after = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": email.strip(),
        "organisation": organisation.name,
        "expertise": expertise.strip(),
    }
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return
    with transaction.atomic():
        user.first_name, user.last_name, user.email = (
            after["first_name"],
            after["last_name"],
            after["email"],
        )
        user.save(update_fields=["first_name", "last_name", "email"])
        professional.organisation = organisation
        professional.expertise = after["expertise"]
        professional.save(update_fields=["organisation", "expertise"])
        audit(
            actor,
            AuditKind.PROFILE_CHANGED,
            subject=user,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )


# --- Organisations and teams ---------------------------------------------------------------


def _organisation_row(organisation: Organisation) -> dict[str, Any]:
    return {"name": organisation.name, "kind": organisation.kind, "agb_code": organisation.agb_code}


def organisation_save(actor: Actor, organisation: Organisation) -> Organisation:
    """Save an organisation as edited (new or changed), audited with the fields that changed."""
    _require_administrator(actor)
    stored = Organisation.objects.filter(pk=organisation.pk).first() if organisation.pk else None
    before = _organisation_row(stored) if stored else {}
    after = _organisation_row(organisation)
    with transaction.atomic():
        organisation.save()
        changed = [key for key in after if before.get(key) != after[key]]
        if changed:
            audit(
                actor,
                AuditKind.ORGANISATION_CHANGED if stored else AuditKind.ORGANISATION_CREATED,
                object_type="organisation",
                object_id=organisation.pk,
                before={key: before[key] for key in changed if key in before},
                after={key: after[key] for key in changed},
            )
    return organisation


def team_save(actor: Actor, team: DistrictTeam, *, districts: Iterable[District]) -> DistrictTeam:
    """Save a district team and the districts it works in, audited with what changed."""
    _require_administrator(actor)
    stored = (
        DistrictTeam.objects.select_related("organisation").filter(pk=team.pk).first()
        if team.pk
        else None
    )

    def row(name: str, organisation: str, codes: Iterable[str]) -> dict[str, Any]:
        return {"name": name, "organisation": organisation, "districts": sorted(codes)}

    before = (
        row(
            stored.name,
            stored.organisation.name,
            stored.districts.values_list("code", flat=True),
        )
        if stored
        else {}
    )
    districts = list(districts)
    after = row(team.name, team.organisation.name, (d.code for d in districts))
    with transaction.atomic():
        team.save()
        team.districts.set(districts)
        changed = [key for key in after if before.get(key) != after[key]]
        if changed:
            audit(
                actor,
                AuditKind.DISTRICT_TEAM_CHANGED if stored else AuditKind.DISTRICT_TEAM_CREATED,
                object_type="district_team",
                object_id=team.pk,
                before={key: before[key] for key in changed if key in before},
                after={key: after[key] for key in changed},
            )
    return team
