"""Reads of the register of citizen initiatives: the public register and an initiative's page,
its funding per year grouped as the picture shows it, the ledger's lines, a resident's own
initiatives and a district's. Each read is a fixed number of queries, however many
initiatives, contacts or lines there are (``tests/test_selectors.py`` counts them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nabij.areas.models import District
from nabij.initiatives.models import ContactPerson, FundingEntry, FundingSource, Initiative

if TYPE_CHECKING:
    from nabij.people.models import Resident

S = FundingSource
# The groups of the picture of where the money comes from, in the order they are drawn.
GROUPS: list[tuple[str, Promise, frozenset[str]]] = [
    (
        "own",
        _("Member fees and own contributions"),
        frozenset({S.MEMBER_FEES, S.OWN_CONTRIBUTIONS}),
    ),
    ("funds", _("Funds and donations"), frozenset({S.FUNDS, S.DONATIONS})),
    ("sponsoring", _("Sponsoring"), frozenset({S.SPONSORING})),
    ("subsidy", _("Municipal subsidy"), frozenset({S.SUBSIDY})),
    ("area_fund", _("Area fund"), frozenset({S.AREA_FUND})),
    ("hours", _("Hours given, valued"), frozenset({S.HOURS})),
]
GROUP_OF = {source: key for key, _label, sources in GROUPS for source in sources}


def district_by_code(code: str) -> District | None:
    return District.objects.defer("boundary").filter(code=code).first()


def _current_contacts() -> Prefetch[Any]:
    return Prefetch(
        "contacts",
        queryset=ContactPerson.objects.filter(ended_on__isnull=True)
        .select_related("resident")
        .order_by("started_on", "pk"),
        to_attr="current_contacts",
    )


def _base() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("district", "neighbourhood").defer(
        "district__boundary", "neighbourhood__boundary"
    )


# --- The public register ---------------------------------------------------------------------


def register(*, district_code: str = "", legal_form: str = "") -> list[Initiative]:
    """Active initiatives, filtered by district and legal form (unknown values filter nothing
    away but are reported by the view)."""
    query = _base().filter(status=Initiative.Status.ACTIVE)
    if district_code:
        query = query.filter(district__code=district_code)
    if legal_form:
        query = query.filter(legal_form=legal_form)
    return list(query.order_by("name", "pk"))


def register_districts() -> list[District]:
    """The districts that have an active initiative, for the register's filter."""
    return list(
        District.objects.defer("boundary")
        .filter(initiatives__status=Initiative.Status.ACTIVE)
        .distinct()
        .order_by("name")
    )


def initiative(initiative_id: int) -> Initiative | None:
    """One initiative with its current contacts (residents), district and broker offers."""
    from nabij.matching.models import Offer

    return (
        _base()
        .select_related("participant")
        .prefetch_related(
            _current_contacts(),
            Prefetch(
                "participant__offers",
                queryset=Offer.objects.select_related("skill").order_by("skill__position", "pk"),
            ),
        )
        .filter(pk=initiative_id)
        .first()
    )


@dataclass(frozen=True)
class PublicContact:
    """A contact person as the public page shows them: the name only with consent."""

    name: str  # empty without consent: the template says "een bewoner"
    role: str


def public_contacts(item: Initiative) -> list[PublicContact]:
    return [
        PublicContact(name=c.resident.full_name if c.name_public else "", role=c.get_role_display())
        for c in item.current_contacts  # type: ignore[attr-defined]
    ]


# --- Funding per year ------------------------------------------------------------------------


@dataclass
class GroupAmount:
    key: str
    label: Promise
    cents: int = 0
    share_pct: Decimal = Decimal("0")


@dataclass
class YearFunding:
    year: int
    groups: list[GroupAmount]
    total_cents: int = 0
    hours: Decimal = Decimal("0")
    rates: list[tuple[int, str]] = field(default_factory=list)  # (cents an hour, source)

    @property
    def shown_groups(self) -> list[GroupAmount]:
        return [g for g in self.groups if g.cents]


def funding_by_year(initiative_id: int) -> list[YearFunding]:
    """Per year (latest first) the net amount of each group, its share, the hours given and
    the values an hour was given with. Two queries."""
    sums = (
        FundingEntry.objects.filter(initiative_id=initiative_id)
        .values("year", "source")
        .annotate(cents=Sum("amount_cents"), hours=Sum("hours"))
        .order_by()
    )
    years: dict[int, YearFunding] = {}
    for row in sums:
        year = years.get(row["year"])
        if year is None:
            year = years[row["year"]] = YearFunding(
                year=row["year"], groups=[GroupAmount(key, label) for key, label, _s in GROUPS]
            )
        group = next(g for g in year.groups if g.key == GROUP_OF[row["source"]])
        group.cents += row["cents"] or 0
        if row["source"] == S.HOURS:
            year.hours += row["hours"] or Decimal("0")
    rates = (
        FundingEntry.objects.filter(
            initiative_id=initiative_id, source=S.HOURS, reverses__isnull=True
        )
        .values_list("year", "hour_rate_cents", "rate_source")
        .distinct()
        .order_by("year", "hour_rate_cents", "rate_source")
    )
    for year_, cents, source in rates:
        if year_ in years and cents is not None:
            years[year_].rates.append((cents, source))
    for year in years.values():
        year.total_cents = sum(max(g.cents, 0) for g in year.groups)
        for g in year.groups:
            if year.total_cents and g.cents > 0:
                g.share_pct = (Decimal(g.cents * 100) / year.total_cents).quantize(Decimal("1"))
    return sorted((y for y in years.values() if y.total_cents), key=lambda y: -y.year)


@dataclass(frozen=True)
class RateNote:
    years: str  # "2025, 2026"
    cents: int
    source: str


def rate_notes(years: list[YearFunding]) -> list[RateNote]:
    """Each value of an hour used, with the years it was used in (shown once, not per year)."""
    used: dict[tuple[int, str], list[int]] = defaultdict(list)
    for year in years:
        for rate in year.rates:
            used[rate].append(year.year)
    return [
        RateNote(", ".join(str(y) for y in sorted(ys)), cents, source)
        for (cents, source), ys in used.items()
    ]


# --- The ledger (stewards) ---------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerYear:
    year: int
    entries: list[FundingEntry]
    total_cents: int


def ledger(initiative_id: int) -> list[LedgerYear]:
    """Every line by year (latest first), each with whether it was corrected. One query."""
    entries = list(
        FundingEntry.objects.filter(initiative_id=initiative_id)
        .select_related("recorded_by")
        .annotate(corrections=Count("reversed_by"))
        .order_by("-year", "booked_on", "pk")
    )
    by_year: dict[int, list[FundingEntry]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
    return [
        LedgerYear(year, lines, sum(e.amount_cents for e in lines))
        for year, lines in by_year.items()
    ]


def entry_of(initiative_id: int, entry_id: int) -> FundingEntry | None:
    return FundingEntry.objects.filter(initiative_id=initiative_id, pk=entry_id).first()


# --- A resident's, a district's ----------------------------------------------------------------


def mine(resident_id: int) -> list[Initiative]:
    """The initiatives the resident is a current contact person of."""
    return list(
        _base()
        .filter(contacts__resident_id=resident_id, contacts__ended_on__isnull=True)
        .prefetch_related(_current_contacts())
        .distinct()
        .order_by("name", "pk")
    )


def in_district(district_id: int, *, active_only: bool = True) -> list[Initiative]:
    """A district's initiatives with their current contacts and this ledger's totals."""
    query = _base().filter(district_id=district_id)
    if active_only:
        query = query.filter(status=Initiative.Status.ACTIVE)
    return list(
        query.prefetch_related(_current_contacts())
        .annotate(
            funding_cents=Sum("funding__amount_cents", filter=~Q(funding__source=S.HOURS)),
        )
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class BriefInitiative:
    """An initiative as the area profile lists it: no persons."""

    pk: int
    name: str
    legal_form: str
    members_count: int
    volunteers_count: int


def brief_in_district(district_id: int) -> list[BriefInitiative]:
    """The district's active initiatives for its area profile: one query, no persons."""
    return [
        BriefInitiative(pk, name, Initiative(legal_form=form).get_legal_form_display(), m, v)
        for pk, name, form, m, v in Initiative.objects.filter(
            district_id=district_id, status=Initiative.Status.ACTIVE
        )
        .order_by("name", "pk")
        .values_list("pk", "name", "legal_form", "members_count", "volunteers_count")
    ]


def resident_by_bsn(bsn: str) -> Resident | None:
    """A resident of the register by BSN, for the team adding a contact person (the service
    logs the one it adds)."""
    from nabij.people.bsn import bsn_is_valid, normalise_bsn
    from nabij.people.models import Resident

    value = normalise_bsn(bsn or "")
    if not bsn_is_valid(value):
        return None
    return Resident.objects.filter(bsn=value).first()
