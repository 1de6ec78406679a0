"""Writes of Mijn Nabij's rights (AVG): a correction request and its answer, the register of
processing (audited), and withdrawing consent to the neighbourhood help.

The callers have passed the gate: ``own_household_for`` for the resident's own writes,
``household_for`` for the coordinator's answer, ``RoleModelAdmin`` (administrator) for the
register, which is checked here again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import gate, rules
from nabij.access.models import AuditKind
from nabij.access.services import audit
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text
from nabij.portal.models import ANSWER_MAX, TEXT_MAX, CorrectionRequest, Processing, one_month_after

if TYPE_CHECKING:
    from nabij.people.models import Household

# More open requests than this from one resident is not a correction but a flood.
MAX_OPEN_CORRECTIONS = 10


def _text(value: str, field: str, *, limit: int, problems: dict[str, str]) -> str:
    try:
        text = clean_text(value or "", multiline=True)
    except ValidationError as exc:
        problems[field] = str(exc.messages[0])
        return ""
    if not text:
        problems[field] = _("Please fill this in.")
    elif len(text) > limit:
        problems[field] = _("Please use at most %(limit)d characters.") % {"limit": limit}
    return text


def correction_request(
    *, own: gate.OwnHousehold, what_is_wrong: str, should_be: str
) -> CorrectionRequest:
    """A resident asks to correct their data (AVG art. 16). The coordinator must answer
    within one calendar month of today."""
    problems: dict[str, str] = {}
    wrong = _text(what_is_wrong, "what_is_wrong", limit=TEXT_MAX, problems=problems)
    right = _text(should_be, "should_be", limit=TEXT_MAX, problems=problems)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        open_count = (
            CorrectionRequest.objects.select_for_update()
            .filter(resident=own.resident, status=CorrectionRequest.Status.OPEN)
            .count()
        )
        if open_count >= MAX_OPEN_CORRECTIONS:
            raise DomainError(
                _(
                    "You already have %(count)d requests waiting for an answer. Wait for "
                    "those answers first, or call your coordinator."
                )
                % {"count": open_count},
                field="what_is_wrong",
            )
        now = timezone.now()
        return CorrectionRequest.objects.create(
            resident=own.resident,
            household=own.household,
            what_is_wrong=wrong,
            should_be=right,
            received_at=now,
            due_on=one_month_after(timezone.localdate(now)),
        )


def correction_answer(
    *,
    actor: gate.Actor,
    household: Household,
    correction_id: int,
    status: str,
    answer: str,
) -> CorrectionRequest:
    """The coordinator answers: corrected, or not corrected with the reason (AVG art. 12,
    paragraph 4). Once answered, a request is closed; a second answer is refused (409)."""
    problems: dict[str, str] = {}
    if status not in (CorrectionRequest.Status.DONE, CorrectionRequest.Status.REFUSED):
        problems["status"] = _("Say whether the data were corrected or not.")
    text = _text(answer, "answer", limit=ANSWER_MAX, problems=problems)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        updated = CorrectionRequest.objects.filter(
            pk=correction_id, household=household, status=CorrectionRequest.Status.OPEN
        ).update(status=status, answer=text, answered_by=actor.account, answered_at=timezone.now())
        request = CorrectionRequest.objects.filter(pk=correction_id, household=household).first()
    if request is None:
        raise gate.NotFound
    if not updated:
        raise ConflictError(_("This request was answered already; see the answer below."))
    return request


# --- The register of processing (administrator) --------------------------------------------------


def _row(processing: Processing) -> dict[str, Any]:
    return {
        "name": processing.name,
        "purpose": processing.purpose,
        "legal_basis": processing.legal_basis,
        "law": processing.law,
        "retention": processing.retention,
        "voluntary": processing.voluntary,
        "consent": processing.consent,
        "position": processing.position,
        "active": processing.active,
    }


def processing_save(
    actor: gate.Actor, processing: Processing, *, expected_version: int | None
) -> Processing:
    """Save a processing as edited, audited with what changed. ``expected_version``: the
    version the form was based on (``None`` for a new one); someone else's save in between is
    a conflict, never silently overwritten."""
    if not rules.can_administer(actor.professional):
        raise gate.AccessDenied
    if processing.consent and not processing.voluntary:
        raise ValidationError(
            {"consent": _("Only a voluntary processing rests on a consent that can be withdrawn.")}
        )
    with transaction.atomic():
        stored = (
            Processing.objects.select_for_update().filter(pk=processing.pk).first()
            if processing.pk
            else None
        )
        if stored is not None and stored.version != expected_version:
            raise ConflictError(
                _("Someone else changed this processing first. Check it and save again.")
            )
        before = _row(stored) if stored is not None else {}
        after = _row(processing)
        processing.version = (stored.version + 1) if stored is not None else 1
        processing.save()
        changed = [key for key in after if before.get(key) != after[key]]
        if changed:
            audit(
                actor,
                AuditKind.PROCESSING_CHANGED if stored else AuditKind.PROCESSING_CREATED,
                object_type="processing",
                object_id=processing.pk,
                before={key: before[key] for key in changed if key in before},
                after={key: after[key] for key in changed},
            )
    return processing


# --- Consent --------------------------------------------------------------------------------------


def neighbourhood_help_withdraw(*, actor: gate.Actor, own: gate.OwnHousehold) -> bool:
    """The resident withdraws their own consent to the neighbourhood help: matching's own
    withdrawal, as when the broker records it (live proposals stopped, the others told
    neutrally, open needs closed, contact details erased). ``False`` when there was none."""
    from nabij.matching import services as matching_services
    from nabij.matching.selectors_residents import resident_profile

    profile = resident_profile(own.resident.pk)
    if profile is None:
        return False
    matching_services.consent_withdraw(actor=actor, participant=profile)
    return True
