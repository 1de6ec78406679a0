"""Writes: recording an assessment and the household's own priority.

The caller has passed the access gate (which logged the access) and hands over the authorised
resident or household. Validation happens here, not in forms or schemas, so the page and the
API refuse the same input with the same field-keyed messages.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access.gate import Actor
from nabij.assessment.models import Assessment, Domain, Instrument, Priority, Score
from nabij.core.validators import clean_text
from nabij.people.models import Household, Resident

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger("nabij.assessment")

NOTE_MAX_LENGTH = Assessment._meta.get_field("note").max_length or 2000
PRIORITY_MAX_LENGTH = Priority._meta.get_field("text").max_length or 1000
SAID_BY_MAX_LENGTH = Priority._meta.get_field("said_by").max_length or 150


def _recorder(actor: Actor) -> User:
    """The signed-in user who records; the gate already refused anyone else."""
    if not actor.user.is_authenticated:
        raise PermissionDenied
    return cast("User", actor.user)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_not_future(errors: dict[str, list[str]], field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        _add(errors, field, _("The date cannot lie in the future."))


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    resident: Resident,
    instrument: Instrument,
    assessed_on: dt.date,
    scores: Mapping[int, int | None],
    note: str = "",
) -> Assessment:
    """Record one assessment with a level per scored domain.

    ``scores`` maps domain id to level; ``None`` means the domain was not scored this time,
    which is allowed (an assessment need not cover every domain) as long as one is scored.
    """
    errors: dict[str, list[str]] = {}
    _check_not_future(errors, "assessed_on", assessed_on)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        _add(
            errors, "note", _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX_LENGTH}
        )

    domains = {d.pk: d for d in instrument.domains.all()}
    levels = {lv.value for lv in instrument.levels.all()}
    scored = {domain_id: level for domain_id, level in scores.items() if level is not None}
    foreign = [domain_id for domain_id in scored if domain_id not in domains]
    if foreign:
        names = Domain.objects.filter(pk__in=foreign).values_list("name", flat=True)
        for name in sorted(names) or [str(pk) for pk in foreign]:
            _add(
                errors,
                "scores",
                _("The domain %(domain)s is not part of %(instrument)s.")
                % {"domain": name, "instrument": instrument},
            )
    for domain_id, level in scored.items():
        domain = domains.get(domain_id)
        if domain is not None and level not in levels:
            _add(
                errors,
                "scores",
                _("%(domain)s: %(level)s is not a level of %(instrument)s.")
                % {"domain": domain.name, "level": level, "instrument": instrument},
            )
    if not scored:
        _add(errors, "scores", _("Score at least one domain."))
    if errors:
        raise ValidationError(errors)

    user = _recorder(actor)
    assessment = Assessment.objects.create(
        resident=resident,
        instrument=instrument,
        assessed_on=assessed_on,
        recorded_by=user,
        note=note,
    )
    Score.objects.bulk_create(
        Score(assessment=assessment, domain_id=domain_id, level=level)
        for domain_id, level in scored.items()
    )
    logger.info(
        "assessment.recorded assessment=%s instrument=%s domains=%d user=%s channel=%s",
        assessment.pk,
        instrument.code,
        len(scored),
        user.pk,
        actor.channel,
    )
    return assessment


@transaction.atomic
def priority_record(
    *,
    actor: Actor,
    household: Household,
    text: str,
    said_by: str,
    recorded_on: dt.date | None = None,
) -> Priority:
    """Record the household's answer to "What matters most to you now?" in their own words.

    Earlier answers stay: priorities change, and the history shows what the household asked.
    ``recorded_on`` defaults to today.
    """
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    said_by = (said_by or "").strip()
    recorded_on = recorded_on or timezone.localdate()
    try:
        said_by = clean_text(said_by)
    except ValidationError as exc:
        _add(errors, "said_by", exc.messages[0])
    if not text:
        _add(errors, "text", _("Write down what the household said matters most."))
    elif len(text) > PRIORITY_MAX_LENGTH:
        _add(errors, "text", _("Keep it under %(max)d characters.") % {"max": PRIORITY_MAX_LENGTH})
    if not said_by:
        _add(errors, "said_by", _("Say who said it."))
    elif len(said_by) > SAID_BY_MAX_LENGTH:
        _add(
            errors, "said_by", _("Keep it under %(max)d characters.") % {"max": SAID_BY_MAX_LENGTH}
        )
    _check_not_future(errors, "recorded_on", recorded_on)
    if errors:
        raise ValidationError(errors)

    priority = Priority.objects.create(
        household=household,
        text=text,
        said_by=said_by,
        recorded_on=recorded_on,
        recorded_by=_recorder(actor),
    )
    logger.info(
        "priority.recorded priority=%s household=%s user=%s channel=%s",
        priority.pk,
        household.pk,
        actor.user.pk,
        actor.channel,
    )
    return priority
