"""Writes for area accounts: the texts, the stories and their consent, and the review.

Every change runs the same way (``_change``): lock the account, refuse it when its state does
not allow it or the caller's version is stale (``ConflictError``: nothing is lost, the form
shows the input again), apply, raise the version and append an ``AccountChange`` with the
account as it was after it. Who may do what is checked by the views (``access.gate``, the
district rules); the rules of the account itself are checked here:

- texts, stories and consent change only in draft;
- sending for review needs what the team learned and will change, at least one story, the
  recorded consent of every household story, and no finding of the story check;
- the reviewer (returning with remarks, or publishing) is not who wrote the last change;
- publishing checks the stories again, and freezes the content and the figures.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nabij.access import rules
from nabij.access.gate import Actor
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text, validate_past_date
from nabij.reports import figures, selectors
from nabij.reports.models import TEXT_MAX, AccountChange, AreaAccount, Story

if TYPE_CHECKING:
    from nabij.areas.models import District
    from nabij.people.models import Household

logger = logging.getLogger("nabij.reports")

S = AreaAccount.Status
E = AccountChange.Event

# Which events each state allows; everything else is refused with the state in the message.
ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset(
        {E.SECTIONS, E.STORY_ADDED, E.STORY_CHANGED, E.STORY_REMOVED, E.CONSENT, E.SUBMITTED}
    ),
    S.IN_REVIEW: frozenset({E.RETURNED, E.PUBLISHED}),
    S.PUBLISHED: frozenset({E.REOPENED}),
}
NEXT_STATUS: dict[str, str] = {
    E.SUBMITTED: S.IN_REVIEW,
    E.RETURNED: S.DRAFT,
    E.PUBLISHED: S.PUBLISHED,
    E.REOPENED: S.DRAFT,
}
WRITES = frozenset({E.SECTIONS, E.STORY_ADDED, E.STORY_CHANGED, E.STORY_REMOVED, E.CONSENT})
REVIEWS = frozenset({E.RETURNED, E.PUBLISHED})
TITLE_MAX = 200
YEAR_MIN, YEAR_MAX = 2000, 2100


def account_snapshot(account: AreaAccount) -> dict[str, Any]:
    """The account as stored, for its history (household and consent by id only)."""
    return {
        "status": account.status,
        "intro": account.intro,
        "lessons": account.lessons,
        "changes": account.changes,
        "review_remarks": account.review_remarks,
        "stories": [
            {
                "id": s.pk,
                "kind": s.kind,
                "title": s.title,
                "text": s.text,
                "position": s.position,
                "household_id": s.household_id,
                "consent_resident_id": s.consent_resident_id,
                "consent_given_on": s.consent_given_on.isoformat() if s.consent_given_on else None,
                "consent_form": s.consent_form,
            }
            for s in account.stories.order_by("position", "id")
        ],
    }


def _text(value: str, *, field: str, limit: int = TEXT_MAX, required: bool = False) -> str:
    try:
        text = clean_text(value or "", multiline=True)
    except ValidationError as exc:
        raise DomainError(str(exc.messages[0]), field=field) from None
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > limit:
        raise DomainError(
            _("Keep this under %(limit)s characters.") % {"limit": f"{limit:,}"}, field=field
        )
    return text


def _refuse_state(account: AreaAccount, event: str) -> None:
    if event not in ALLOWED[account.status]:
        raise DomainError(
            _("This cannot be done while the account is “%(status)s”.")
            % {"status": account.get_status_display()},
            field="__all__",
        )


def _change(
    *,
    actor: Actor,
    account: AreaAccount,
    expected_version: int,
    event: str,
    apply: Callable[[AreaAccount], Any],
    detail: str = "",
) -> Any:
    with transaction.atomic():
        locked = AreaAccount.objects.select_for_update().get(pk=account.pk)
        if locked.version != expected_version:
            raise ConflictError(
                _(
                    "Someone else changed this account while you were working on it (your "
                    "version %(mine)s, now %(current)s). Your input has been kept: check the "
                    "current account and save again."
                )
                % {"mine": expected_version, "current": locked.version}
            )
        _refuse_state(locked, event)
        if event in REVIEWS and locked.last_written_by_id == actor.account.pk:
            raise DomainError(
                _(
                    "You wrote the last change of this account, so someone else reviews it: "
                    "another coordinator of a team working in this district."
                ),
                field="__all__",
            )
        result = apply(locked)
        now = timezone.now()
        locked.version += 1
        if event in NEXT_STATUS:
            locked.status = NEXT_STATUS[event]
        if event in WRITES:
            locked.last_written_by = actor.account
            locked.last_written_at = now
        locked.save()
        AccountChange.objects.create(
            account=locked,
            version=locked.version,
            changed_by=actor.account,
            event=event,
            detail=detail.strip()[:255],
            snapshot=account_snapshot(locked),
        )
        # The caller's object follows, so a page rendered after the change shows it.
        for name in ("version", "status", "last_written_by_id", "last_written_at"):
            setattr(account, name, getattr(locked, name))
        logger.info(
            "reports.%s account=%s version=%s user=%s",
            event,
            locked.pk,
            locked.version,
            actor.username,
        )
        return result


# --- Starting and writing -----------------------------------------------------------------


def account_start(*, actor: Actor, district: District, year: int) -> AreaAccount:
    """The district's account for the year, started in draft (or the one that exists)."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError(_("Choose a year between 2000 and 2100."), field="year")
    if year > timezone.localdate().year:
        raise DomainError(_("An account is written about a year that has begun."), field="year")
    existing = AreaAccount.objects.filter(district=district, year=year).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            account = AreaAccount.objects.create(district=district, year=year)
            AccountChange.objects.create(
                account=account,
                version=account.version,
                changed_by=actor.account,
                event=E.STARTED,
                snapshot=account_snapshot(account),
            )
    except IntegrityError:  # started by someone else at the same moment
        return AreaAccount.objects.get(district=district, year=year)
    return account


def sections_save(
    *,
    actor: Actor,
    account: AreaAccount,
    expected_version: int,
    intro: str,
    lessons: str,
    changes: str,
) -> None:
    values = {
        "intro": _text(intro, field="intro"),
        "lessons": _text(lessons, field="lessons"),
        "changes": _text(changes, field="changes"),
    }

    def apply(a: AreaAccount) -> None:
        for name, value in values.items():
            setattr(a, name, value)
            setattr(account, name, value)

    _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.SECTIONS,
        apply=apply,
    )


def _story(account: AreaAccount, story_id: int) -> Story:
    story = Story.objects.filter(account=account, pk=story_id).first()
    if story is None:
        raise DomainError(_("This story is not part of this account."), field="__all__")
    return story


def story_add(
    *, actor: Actor, account: AreaAccount, expected_version: int, kind: str, title: str, text: str
) -> Story:
    if kind not in Story.Kind.values:
        raise DomainError(_("Choose the kind of story."), field="kind")
    clean_title = _text(title, field="title", limit=TITLE_MAX, required=True)
    clean_body = _text(text, field="text", required=True)

    def apply(a: AreaAccount) -> Story:
        last = a.stories.order_by("-position").values_list("position", flat=True).first()
        return Story.objects.create(
            account=a,
            kind=kind,
            title=clean_title,
            text=clean_body,
            position=(last or 0) + 1,
        )

    story: Story = _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.STORY_ADDED,
        apply=apply,
        detail=clean_title,
    )
    return story


def story_update(
    *,
    actor: Actor,
    account: AreaAccount,
    expected_version: int,
    story_id: int,
    title: str,
    text: str,
) -> Story:
    clean_title = _text(title, field="title", limit=TITLE_MAX, required=True)
    clean_body = _text(text, field="text", required=True)

    def apply(a: AreaAccount) -> Story:
        story = _story(a, story_id)
        story.title = clean_title
        story.text = clean_body
        story.save(update_fields=["title", "text"])
        return story

    story: Story = _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.STORY_CHANGED,
        apply=apply,
        detail=clean_title,
    )
    return story


def story_remove(
    *, actor: Actor, account: AreaAccount, expected_version: int, story_id: int
) -> None:
    def apply(a: AreaAccount) -> str:
        story = _story(a, story_id)
        title = story.title
        story.delete()
        return title

    _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.STORY_REMOVED,
        apply=apply,
        detail=Story.objects.filter(pk=story_id).values_list("title", flat=True).first() or "",
    )


def consent_record(
    *,
    actor: Actor,
    account: AreaAccount,
    expected_version: int,
    story_id: int,
    household: Household,
    resident_id: int,
    given_on: dt.date,
    form: str,
) -> Story:
    """The household's consent to publish its story: who (a current member of 16 or over),
    when and how, recorded by the actor. ``household`` came through the gate."""
    if household.neighbourhood.district_id != account.district_id:
        raise DomainError(_("Choose a household of this district."), field="household")
    member = next(
        (
            m
            for m in selectors.consenting_members(household, timezone.localdate())
            if m.resident_id == resident_id
        ),
        None,
    )
    if member is None:
        raise DomainError(
            _("Consent is given by a current member of the household of 16 or over."),
            field="resident",
        )
    try:
        validate_past_date(given_on)
    except ValidationError as exc:
        raise DomainError(str(exc.messages[0]), field="given_on") from None
    if form not in Story.ConsentForm.values:
        raise DomainError(_("Say how the consent was given."), field="form")

    def apply(a: AreaAccount) -> Story:
        story = _story(a, story_id)
        if not story.needs_consent:
            raise DomainError(
                _("Only a household story needs a household's consent."), field="__all__"
            )
        story.household = household
        story.consent_resident_id = resident_id
        story.consent_given_on = given_on
        story.consent_form = form
        story.consent_recorded_by = actor.account
        story.consent_recorded_at = timezone.now()
        story.save()
        return story

    story: Story = _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.CONSENT,
        apply=apply,
    )
    return story


# --- Review and publication ---------------------------------------------------------------


def readiness(account: AreaAccount, check: selectors.AccountCheck) -> list[str]:
    """What still stands between the account and review (empty: ready)."""
    missing: list[str] = []
    stories = list(account.stories.all())
    if not account.lessons.strip():
        missing.append(_("Write what the team learned."))
    if not account.changes.strip():
        missing.append(_("Write what the team will do differently."))
    if not stories:
        missing.append(_("Add at least one story."))
    without = [s.title for s in stories if s.needs_consent and not s.has_consent]
    if without:
        missing.append(
            _("Record the household's consent for: %(titles)s.") % {"titles": ", ".join(without)}
        )
    if check.count:
        missing.append(
            ngettext(
                "The story check found %(count)s passage that may not be published.",
                "The story check found %(count)s passages that may not be published.",
                check.count,
            )
            % {"count": check.count}
        )
    return missing


def _refuse_unready(account: AreaAccount) -> None:
    fresh = selectors.account_of(account.district, account.year)
    assert fresh is not None
    missing = readiness(fresh, selectors.account_check(fresh))
    if missing:
        raise DomainError(" ".join(missing), field="__all__")


def submit(*, actor: Actor, account: AreaAccount, expected_version: int) -> None:
    """Send the draft for review."""

    def apply(a: AreaAccount) -> None:
        _refuse_unready(a)
        a.submitted_by = actor.account
        a.submitted_at = timezone.now()

    _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.SUBMITTED,
        apply=apply,
    )


def return_to_draft(
    *, actor: Actor, account: AreaAccount, expected_version: int, remarks: str
) -> None:
    """The reviewer sends it back, saying what must change."""
    text = _text(remarks, field="remarks", required=True)

    def apply(a: AreaAccount) -> None:
        a.review_remarks = text
        a.returned_by = actor.account
        a.returned_at = timezone.now()
        account.review_remarks = text

    _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.RETURNED,
        apply=apply,
        detail=text,
    )


def published_content(account: AreaAccount, district: District) -> dict[str, Any]:
    """What the public sees of the texts: never a household, a member or a consent's details."""
    return {
        "district": {"code": district.code, "name": district.name},
        "year": account.year,
        "teams": selectors.team_names(district),
        "intro": account.intro,
        "lessons": account.lessons,
        "changes": account.changes,
        "stories": [
            {
                "kind": s.kind,
                "title": s.title,
                "text": s.text,
                "consent": s.has_consent if s.needs_consent else None,
            }
            for s in account.stories.order_by("position", "id")
        ],
    }


def publish(*, actor: Actor, account: AreaAccount, expected_version: int) -> None:
    """Check once more, then freeze the content and the figures and publish them."""

    def apply(a: AreaAccount) -> None:
        _refuse_unready(a)
        district = a.district
        a.published_content = published_content(a, district)
        a.published_figures = figures.account_figures(district, a.year)
        a.published_at = timezone.now()
        a.published_by = actor.account
        a.published_version = a.version + 1  # the version this change creates
        a.published_pdf = None  # made again from the new snapshot on its first request
        a.review_remarks = ""

    _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.PUBLISHED,
        apply=apply,
    )


def reopen(*, actor: Actor, account: AreaAccount, expected_version: int) -> None:
    """Back to draft for a correction; the public keeps the last publication until the next."""
    _change(
        actor=actor,
        account=account,
        expected_version=expected_version,
        event=E.REOPENED,
        apply=lambda a: None,
    )


def pdf_store(account: AreaAccount, pdf: bytes) -> None:
    """Keep the PDF of the current publication (made from its frozen snapshot)."""
    AreaAccount.objects.filter(pk=account.pk, published_version=account.published_version).update(
        published_pdf=pdf
    )


def may_review(actor: Actor, account: AreaAccount) -> bool:
    """The mandate for the district, and not the last writer."""
    return rules.has_district_mandate(
        actor.professional, account.district_id
    ) and account.last_written_by_id != getattr(actor.user, "pk", None)
