"""Reads for area accounts: accounts and their stories, the story check against the register,
and the labels the figures are shown with.

The check loads the register once (``check_register``: two queries, however long the texts)
and the names of the households the account's stories are about (one query), then checks
every part in memory.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nabij.access import rules
from nabij.areas.models import Address, District
from nabij.reports import story_check
from nabij.reports.models import AccountChange, AreaAccount, Story

if TYPE_CHECKING:
    from nabij.access.models import Professional
    from nabij.people.models import Household, Membership


def district_by_code(code: str) -> District | None:
    return (
        District.objects.select_related("municipality").defer("boundary").filter(code=code).first()
    )


def _stories() -> Prefetch[Any]:
    return Prefetch(
        "stories",
        queryset=Story.objects.select_related("consent_recorded_by").order_by("position", "id"),
    )


def account_of(district: District, year: int) -> AreaAccount | None:
    return (
        AreaAccount.objects.filter(district=district, year=year)
        .select_related("district__municipality", "last_written_by", "published_by")
        .defer("published_pdf", "district__boundary")
        .prefetch_related(_stories())
        .first()
    )


def accounts_of(district: District) -> list[AreaAccount]:
    return list(
        AreaAccount.objects.filter(district=district)
        .defer("published_pdf", "published_content", "published_figures")
        .order_by("-year")
    )


def published_accounts(district: District | None = None) -> QuerySet[AreaAccount]:
    """Accounts with a publication, newest year first; without the snapshots and the PDF."""
    accounts = AreaAccount.objects.filter(published_at__isnull=False).select_related("district")
    if district is not None:
        accounts = accounts.filter(district=district)
    return accounts.defer(
        "published_pdf", "published_content", "published_figures", "district__boundary"
    ).order_by("district__code", "-year")


def published_account(code: str, year: int) -> AreaAccount | None:
    """The published account of a district and year (its last publication), or ``None``."""
    return (
        AreaAccount.objects.filter(district__code=code, year=year, published_at__isnull=False)
        .select_related("district")
        .defer("published_pdf", "district__boundary")
        .first()
    )


def published_pdf(account: AreaAccount) -> bytes | None:
    data = AreaAccount.objects.filter(pk=account.pk).values_list("published_pdf", flat=True).first()
    return bytes(data) if data else None


def history(account: AreaAccount, *, limit: int = 20) -> list[AccountChange]:
    return list(
        account.history.select_related("changed_by").defer("snapshot").order_by("-version")[:limit]
    )


def team_names(district: District) -> list[str]:
    """The teams working in the district, by name: who the account is from."""
    return list(district.teams.order_by("name").values_list("name", flat=True))


def own_districts(professional: Professional | None) -> list[District]:
    """The districts the professional's team works in (for links to their accounts)."""
    ids = rules.team_district_ids(professional)
    if not ids:
        return []
    return list(District.objects.filter(pk__in=ids).defer("boundary").order_by("code"))


def in_district(households: QuerySet[Household], district: District) -> list[Household]:
    """The households of a caseload that live in the district, for the consent form."""
    return list(
        households.filter(neighbourhood__district=district)
        .select_related("neighbourhood")
        .order_by("name", "pk")
    )


def consenting_members(household: Household, day: dt.date) -> list[Membership]:
    """The household's current members who may give consent: 16 or over (as for Mijn Nabij).

    Reads the memberships the gate prefetched with the household."""
    return [
        m
        for m in household.memberships.all()
        if rules.membership_current_on(m.ended_on, day)
        and m.resident.age_on(day) >= rules.RESIDENT_MIN_AGE
    ]


# --- The story check ----------------------------------------------------------------------


# The register as the edit page checks against it, kept per process and database for a few
# minutes while the register's fingerprint (residents and addresses: count, highest id, total
# length of the names) stays the same; a resident or an address saved in this process clears it
# at once (``forget_register``). Sending for review and publishing never use it: they read the
# register afresh, so a name registered a second ago still stops a story.
REGISTER_CACHE_SECONDS = 300
_register_cache: dict[str, tuple[tuple[Any, ...], float, story_check.Register]] = {}


def forget_register(**_signal: Any) -> None:
    _register_cache.clear()


def _fingerprint() -> tuple[Any, ...]:
    from django.db.models import Max, Sum
    from django.db.models.functions import Length

    from nabij.people.models import Resident

    residents = Resident.objects.aggregate(
        n=Count("id"), top=Max("id"), size=Sum(Length("first_name") + Length("last_name"))
    )
    addresses = Address.objects.aggregate(n=Count("id"), top=Max("id"), size=Sum(Length("street")))
    return (*residents.values(), *addresses.values())


def check_register(*, fresh: bool = True) -> story_check.Register:
    """The register to check against: read now, or (``fresh=False``, for showing the check on
    a page) the one kept while the register has not changed."""
    if fresh:
        return _read_register()
    alias = AreaAccount.objects.db
    fingerprint = _fingerprint()
    kept = _register_cache.get(alias)
    now = time.monotonic()
    if kept is not None and kept[0] == fingerprint and now - kept[1] < REGISTER_CACHE_SECONDS:
        return kept[2]
    register = _read_register()
    _register_cache[alias] = (fingerprint, now, register)
    return register


def _read_register() -> story_check.Register:
    """Every registered resident's name (each name once, with how many have it) and every
    street of the register, read once."""
    from nabij.people.models import Resident

    names = (
        Resident.objects.values_list("first_name", "last_name")
        .annotate(n=Count("id"))
        .order_by()
        .iterator(chunk_size=5000)
    )
    streets = Address.objects.values_list("street", flat=True).distinct().order_by()
    return story_check.register_from(names, streets)


def household_names(household_ids: set[int]) -> dict[int, story_check.Household]:
    """The member names of the households stories are about (current and former members)."""
    from nabij.people.models import Membership

    by_household: dict[int, list[tuple[str, str]]] = {h: [] for h in household_ids}
    rows = Membership.objects.filter(household_id__in=household_ids).values_list(
        "household_id", "resident__first_name", "resident__last_name"
    )
    for household_id, first, last in rows:
        by_household[household_id].append((first, last))
    return {h: story_check.Household.of(names) for h, names in by_household.items()}


@dataclass(frozen=True)
class Segment:
    text: str
    finding: story_check.Finding | None = None


FINDING_LABELS = {
    story_check.Kind.BSN: gettext_lazy("possible BSN"),
    story_check.Kind.NAME: gettext_lazy("name of a registered resident"),
    story_check.Kind.ADDRESS: gettext_lazy("exact address"),
    story_check.Kind.POSTCODE: gettext_lazy("postcode"),
    story_check.Kind.SMALL_FIGURE: gettext_lazy("figure of fewer than 10 households"),
    story_check.Kind.CONTACT: gettext_lazy("phone number or e-mail address"),
}


@dataclass(frozen=True)
class Note:
    label: str
    fragment: str


@dataclass(frozen=True)
class SentenceView:
    index: int
    segments: list[Segment]
    findings: list[story_check.Finding]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def notes(self) -> list[Note]:
        return [Note(str(FINDING_LABELS[f.kind]), f.fragment) for f in self.findings]


@dataclass(frozen=True)
class PartCheck:
    """One checked text of the account: a section, or a story's title or text."""

    key: str  # "intro", "lessons", "changes", "story-<id>-title", "story-<id>"
    label: str
    story_id: int | None
    findings: list[story_check.Finding]
    sentences: list[SentenceView]

    @property
    def flagged(self) -> list[SentenceView]:
        return [s for s in self.sentences if s.findings]


@dataclass(frozen=True)
class AccountCheck:
    parts: list[PartCheck] = field(default_factory=list)

    @property
    def findings(self) -> list[story_check.Finding]:
        return [f for p in self.parts for f in p.findings]

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def flagged_parts(self) -> list[PartCheck]:
        return [p for p in self.parts if p.findings]

    def for_story(self, story_id: int) -> list[PartCheck]:
        return [p for p in self.parts if p.story_id == story_id and p.findings]


def _segments(text: str, findings: list[story_check.Finding]) -> list[Segment]:
    """The sentence cut into plain text and the fragments found in it (overlaps merged)."""
    out: list[Segment] = []
    at = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.start < at:
            continue
        if f.start > at:
            out.append(Segment(text[at : f.start]))
        out.append(Segment(text[f.start : f.end], f))
        at = f.end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def check_part(
    key: str,
    label: str,
    text: str,
    register: story_check.Register,
    *,
    story_id: int | None = None,
    household: story_check.Household = story_check.NO_HOUSEHOLD,
) -> PartCheck:
    sentences = story_check.split_sentences(text)
    findings: list[story_check.Finding] = []
    views: list[SentenceView] = []
    for sentence in sentences:
        found = story_check.check_sentence(sentence, register, household)
        findings.extend(found)
        views.append(SentenceView(sentence.index, _segments(sentence.text, found), found))
    return PartCheck(key, label, story_id, findings, views)


SECTIONS = ("intro", "lessons", "changes")


def section_labels() -> dict[str, str]:
    return {
        "intro": _("Introduction"),
        "lessons": _("What we learned"),
        "changes": _("What we will do differently"),
    }


def account_check(account: AreaAccount, *, fresh: bool = True) -> AccountCheck:
    """Every text the account would publish, checked sentence by sentence (``fresh``: against
    the register as it is now; otherwise as kept for pages, see ``check_register``)."""
    register = check_register(fresh=fresh)
    stories = list(account.stories.all())
    households = household_names({s.household_id for s in stories if s.household_id})
    labels = section_labels()
    parts = [check_part(key, labels[key], getattr(account, key), register) for key in SECTIONS]
    for story in stories:
        household = households.get(story.household_id or 0, story_check.NO_HOUSEHOLD)
        parts.append(
            check_part(
                f"story-{story.pk}-title",
                _("Title of “%(title)s”") % {"title": story.title},
                story.title,
                register,
                story_id=story.pk,
                household=household,
            )
        )
        parts.append(
            check_part(
                f"story-{story.pk}",
                story.title,
                story.text,
                register,
                story_id=story.pk,
                household=household,
            )
        )
    return AccountCheck(parts)


def content_view(content: dict[str, Any]) -> dict[str, Any]:
    """The frozen texts, each story with its kind in the reader's language."""
    kinds = dict(Story.Kind.choices)
    return {
        **content,
        "stories": [
            {**s, "kind_label": str(kinds.get(s.get("kind", ""), ""))}
            for s in content.get("stories", [])
        ],
    }


# --- Labels for the figures ---------------------------------------------------------------


def figure_labels() -> dict[str, dict[str, str]]:
    """Codes in the figures (funding streams, kinds of agreement, questions, quality) in the
    reader's language; the frozen figures keep codes, so a published page reads in either."""
    from nabij.costs.models import FundingStream
    from nabij.funds.models import Agreement
    from nabij.outcomes.models import Quality, Question

    return {
        "streams": {k: str(v) for k, v in FundingStream.choices},
        "kinds": {k: str(v) for k, v in Agreement.Kind.choices},
        "questions": {k: str(v) for k, v in Question.choices},
        "quality": {k: str(v) for k, v in Quality.choices},
    }


def figures_view(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures with the indicators grouped by outcome question, for the templates."""
    labels = figure_labels()
    groups: dict[str, list[dict[str, Any]]] = {}
    for indicator in figures.get("indicators", []):
        shown = {
            **indicator,
            "display": _number(indicator.get("value")),
            "quality_label": labels["quality"].get(indicator.get("quality", ""), ""),
        }
        groups.setdefault(indicator["question"], []).append(shown)
    order = list(labels["questions"])
    costs = dict(figures.get("costs") or {})
    costs["streams"] = [
        {**s, "label": labels["streams"].get(s["stream"], s["stream"])}
        for s in costs.get("streams", [])
    ]
    fund = dict(figures["fund"]) if figures.get("fund") else None
    if fund is not None:
        fund["kinds"] = [
            {**k, "label": labels["kinds"].get(k["kind"], k["kind"])} for k in fund["kinds"]
        ]
        fund["balance_day"] = _day(fund.get("balance_on"))
    return {
        **figures,
        "costs": costs,
        "fund": fund,
        "indicator_groups": [
            {"question": q, "label": labels["questions"].get(q, q), "items": groups[q]}
            for q in sorted(groups, key=lambda q: order.index(q) if q in order else len(order))
        ],
        "any_synthetic": any(i.get("synthetic") for i in figures.get("indicators", [])),
        "computed": _parse(figures.get("computed_at")),
    }


def _number(value: str | None) -> str | None:
    """A frozen decimal ("12.30") in the reader's notation ("12,30"), its decimals kept."""
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    decimals = len(value.split(".", 1)[1]) if "." in value else 0
    return number_format(number, decimal_pos=decimals, force_grouping=True)


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _parse(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def today() -> dt.date:
    return timezone.localdate()
