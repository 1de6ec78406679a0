"""Writes of the practice library: drafts, the check before publishing, publish, withdraw.

Every change is a conditional update on (id, state, version): a stale form is a
``ConflictError`` (the page says someone else saved first), a story no longer in the state the
change needs is a ``DomainError``. Access is checked by the caller (views, through the gate)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nabij.access import rules
from nabij.core.errors import ConflictError, DomainError
from nabij.core.validators import clean_text
from nabij.practices import story_check
from nabij.practices.domains import DOMAIN_CODES
from nabij.practices.models import TEXT_MAX, TITLE_MAX, PracticeDomain, PracticeStory

if TYPE_CHECKING:
    import datetime as dt

    from nabij.access.gate import Actor
    from nabij.access.models import Professional
    from nabij.plans.models import Breakthrough


@dataclass
class StoryData:
    title: str
    text: str
    outcome: str = PracticeStory.Outcome.UNKNOWN
    domains: list[str] = field(default_factory=list)
    rule_ids: list[int] = field(default_factory=list)
    cost_before_cents: int | None = None
    cost_after_cents: int | None = None
    area_type: str = ""


@dataclass
class ConsentData:
    given_on: dt.date
    form: str


class StoryRefused(DomainError):
    """The story check found personal data: nothing was published."""

    def __init__(self, findings: list[story_check.Finding]) -> None:
        super().__init__(
            _("The story cannot be published yet: the check found %(n)d thing(s) to change.")
            % {"n": len(findings)}
        )
        self.findings = findings


def _clean(data: StoryData) -> dict[str, Any]:
    title = clean_text(data.title)
    text = clean_text(data.text, multiline=True)
    if not title:
        raise DomainError(_("Give the story a title."), field="title")
    if not text:
        raise DomainError(_("Write the story."), field="text")
    if len(title) > TITLE_MAX or len(text) > TEXT_MAX:
        raise DomainError(_("The story is too long."), field="text")
    unknown = [d for d in data.domains if d not in DOMAIN_CODES]
    if unknown:
        raise DomainError(_("Unknown life domain."), field="domains")
    if data.outcome not in PracticeStory.Outcome.values:
        raise DomainError(_("Unknown outcome."), field="outcome")
    for amount in (data.cost_before_cents, data.cost_after_cents):
        if amount is not None and not 0 <= amount < 10**13:
            raise DomainError(_("A cost is at least 0."), field="cost_before")
    return {
        "title": title,
        "text": text,
        "outcome": data.outcome,
        "cost_before_cents": data.cost_before_cents,
        "cost_after_cents": data.cost_after_cents,
        "area_type": data.area_type,
    }


def _set_tags(story: PracticeStory, data: StoryData) -> None:
    from nabij.learning.models import Rule

    story.domains.all().delete()
    PracticeDomain.objects.bulk_create(
        PracticeDomain(story=story, code=code) for code in dict.fromkeys(data.domains)
    )
    rules = list(Rule.objects.filter(pk__in=data.rule_ids))
    if len(rules) != len(set(data.rule_ids)):
        raise DomainError(_("Unknown rule."), field="rules")
    story.rules.set(rules)


@transaction.atomic
def draft_create(
    *,
    actor: Actor,
    data: StoryData,
    breakthrough: Breakthrough | None = None,
    account_id: int | None = None,
) -> PracticeStory:
    """A new draft by the actor, of this installation (its municipality is ours)."""
    source = (
        PracticeStory.Source.BREAKTHROUGH
        if breakthrough is not None
        else PracticeStory.Source.AREA_ACCOUNT
        if account_id is not None
        else PracticeStory.Source.FRESH
    )
    professional = actor.professional
    story = PracticeStory.objects.create(
        **_clean(data),
        source=source,
        breakthrough=breakthrough,
        account_id=account_id,
        municipality=settings.NABIJ_INSTALLATION_NAME[:100],
        author=actor.account,
        author_team_id=professional.team_id if professional is not None else None,
    )
    _set_tags(story, data)
    return story


def _changed(story: PracticeStory, expected_version: int, in_state: str, **values: Any) -> None:
    """The conditional update; a stale version or a changed state says which."""
    updated = PracticeStory.objects.filter(
        pk=story.pk, version=expected_version, state=in_state
    ).update(version=F("version") + 1, updated_at=timezone.now(), **values)
    if updated:
        return
    current = PracticeStory.objects.filter(pk=story.pk).values_list("state", flat=True).first()
    if current != in_state:
        raise DomainError(_("This story has moved on in the meantime. Reload it."))
    raise ConflictError(
        _("Someone else changed this story in the meantime. Reload it and make your change again.")
    )


@transaction.atomic
def draft_update(
    *,
    actor: Actor,
    story: PracticeStory,
    expected_version: int,
    data: StoryData,
    consent: ConsentData | None = None,
) -> None:
    values = _clean(data)
    if consent is not None and story.needs_consent:
        if consent.form not in PracticeStory.ConsentForm.values:
            raise DomainError(_("Say how the consent was given."), field="consent_form")
        if consent.given_on > timezone.localdate():
            raise DomainError(_("This date cannot lie in the future."), field="consent_given_on")
        values.update(
            consent_given_on=consent.given_on,
            consent_form=consent.form,
            consent_recorded_by=actor.account,
            consent_recorded_at=timezone.now(),
        )
    _changed(story, expected_version, PracticeStory.State.DRAFT, **values)
    _set_tags(story, data)


def may_manage(professional: Professional | None, story: PracticeStory) -> bool:
    """A story not drawn from a household (those go through the gate): its author and their
    team's coordinator; an imported one (no author here): any team coordinator."""
    from nabij.access.models import Role

    if not rules.has_case_role(professional):
        return False
    assert professional is not None
    coordinator = professional.role == Role.TEAM_COORDINATOR
    if story.author_id is None:
        return coordinator
    if story.author_id == professional.user_id:
        return True
    return (
        coordinator
        and story.author_team_id is not None
        and (story.author_team_id == professional.team_id)
    )


def check(story: PracticeStory, *, fresh: bool = True) -> list[story_check.Finding]:
    """The story checked against the register as it is now (``fresh``; a page may use the one
    kept while the register has not changed) and, for a story drawn from a
    breakthrough, every name of that household's members, alone)."""
    from nabij.reports import selectors as reports

    register = reports.check_register(fresh=fresh)
    household = story_check.story_check.NO_HOUSEHOLD
    if story.breakthrough_id is not None:
        household_id = story.breakthrough.household_id  # type: ignore[union-attr]
        household = reports.household_names({household_id})[household_id]
    return story_check.check_story(
        story.title,
        story.text,
        register,
        household=household,
        threshold=settings.SMALL_CELL_THRESHOLD,
    )


@transaction.atomic
def publish(*, actor: Actor, story: PracticeStory, expected_version: int) -> None:
    """Publish a draft the check finds nothing in; a story from a breakthrough needs the
    household's consent. Refused with the located findings otherwise."""
    if story.state != PracticeStory.State.DRAFT:
        raise DomainError(_("This story is no longer a draft."))
    if story.needs_consent and not story.has_consent:
        raise DomainError(
            _("Record the household's consent before publishing a story from its breakthrough."),
            field="consent_given_on",
        )
    findings = check(story)
    if findings:
        raise StoryRefused(findings)
    _changed(
        story,
        expected_version,
        PracticeStory.State.DRAFT,
        state=PracticeStory.State.PUBLISHED,
        published_at=timezone.now(),
        published_by=actor.account,
    )


@transaction.atomic
def withdraw(*, actor: Actor, story: PracticeStory, expected_version: int, reason: str) -> None:
    reason = clean_text(reason)[:300]
    if story.state != PracticeStory.State.PUBLISHED:
        raise DomainError(_("Only a published story can be withdrawn."))
    _changed(
        story,
        expected_version,
        PracticeStory.State.PUBLISHED,
        state=PracticeStory.State.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawn_by=actor.account,
        withdraw_reason=reason,
    )
