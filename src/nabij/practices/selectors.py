"""Reads of the practice library: the published library with search and filters, one story,
the drafts an actor writes, and what a draft can be drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import ExpressionWrapper, F, IntegerField, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from nabij.practices import story_check
from nabij.practices.domains import LIFE_DOMAINS
from nabij.practices.models import PracticeDomain, PracticeStory
from nabij.reports.selectors import FINDING_LABELS

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from nabij.learning.models import Rule
    from nabij.plans.models import Breakthrough

DOMAIN_NAMES = dict(LIFE_DOMAINS)
EXTRA_LABELS = {
    story_check.SMALL_COUNT: gettext_lazy("count of fewer people than the threshold"),
    story_check.BIRTH_DATE: gettext_lazy("date of birth"),
    story_check.AGE: gettext_lazy("exact age"),
}


def finding_label(kind: str) -> str:
    for k, label in FINDING_LABELS.items():
        if str(k) == kind:
            return str(label)
    return str(EXTRA_LABELS.get(kind, kind))


@dataclass(frozen=True)
class Filters:
    q: str = ""
    domain: str = ""
    rule_id: int | None = None
    outcome: str = ""
    municipality: str = ""
    saving_min_cents: int | None = None
    saving_max_cents: int | None = None


def _with_tags(qs: QuerySet[PracticeStory]) -> QuerySet[PracticeStory]:
    from nabij.learning.models import Rule

    return qs.prefetch_related(
        Prefetch("domains", queryset=PracticeDomain.objects.order_by("id")),
        Prefetch("rules", queryset=Rule.objects.select_related("owner").order_by("name")),
    )


def published(filters: Filters = Filters()) -> QuerySet[PracticeStory]:
    """The published library: newest first, with tags (two queries for any number)."""
    qs = PracticeStory.objects.filter(state=PracticeStory.State.PUBLISHED).annotate(
        saving=ExpressionWrapper(
            F("cost_before_cents") - F("cost_after_cents"), output_field=IntegerField()
        )
    )
    if filters.q:
        for word in filters.q.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    if filters.domain:
        qs = qs.filter(domains__code=filters.domain)
    if filters.rule_id is not None:
        qs = qs.filter(rules__id=filters.rule_id)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.municipality:
        qs = qs.filter(municipality=filters.municipality)
    if filters.saving_min_cents is not None:
        qs = qs.filter(saving__gte=filters.saving_min_cents)
    if filters.saving_max_cents is not None:
        qs = qs.filter(saving__lte=filters.saving_max_cents)
    return _with_tags(qs.distinct().order_by("-published_at", "-id"))


def published_story(story_id: int) -> PracticeStory | None:
    return published().filter(pk=story_id).first()


def story(story_id: int) -> PracticeStory | None:
    """Any story (drafts too), for the pages that check access to it themselves."""
    if not 0 < story_id < 2**63:
        return None
    return (
        _with_tags(PracticeStory.objects.select_related("breakthrough", "author", "author_team"))
        .filter(pk=story_id)
        .first()
    )


def drafts_of(user: User) -> list[PracticeStory]:
    return list(
        PracticeStory.objects.filter(author=user, state=PracticeStory.State.DRAFT).order_by(
            "-updated_at"
        )[:50]
    )


def municipalities() -> list[str]:
    return list(
        PracticeStory.objects.filter(state=PracticeStory.State.PUBLISHED)
        .values_list("municipality", flat=True)
        .distinct()
        .order_by("municipality")
    )


def rules_in_use() -> list[Rule]:
    from nabij.learning.models import Rule

    return list(
        Rule.objects.filter(practice_stories__state=PracticeStory.State.PUBLISHED)
        .select_related("owner")
        .distinct()
        .order_by("name")
    )


def active_rules() -> list[Rule]:
    from nabij.learning.models import Rule

    return list(Rule.objects.filter(active=True).select_related("owner").order_by("kind", "name"))


def breakthrough(breakthrough_id: int) -> Breakthrough | None:
    from nabij.plans.models import Breakthrough

    if not 0 < breakthrough_id < 2**63:
        return None
    return Breakthrough.objects.filter(pk=breakthrough_id).first()


@dataclass(frozen=True)
class AccountStory:
    """A story of a published area account (public text), to start a practice story from."""

    key: str  # "<account id>-<index>"
    account_id: int
    title: str
    text: str
    label: str


def account_stories() -> list[AccountStory]:
    from nabij.reports.selectors import published_accounts

    out: list[AccountStory] = []
    accounts = published_accounts().defer(None).defer("published_pdf", "published_figures")
    for account in accounts.select_related("district"):
        content = account.published_content or {}
        district = (content.get("district") or {}).get("name", "")
        for i, s in enumerate(content.get("stories") or []):
            title = str(s.get("title", ""))
            out.append(
                AccountStory(
                    f"{account.pk}-{i}",
                    account.pk,
                    title,
                    str(s.get("text", "")),
                    f"{district} {account.year}: {title}",
                )
            )
    return out
