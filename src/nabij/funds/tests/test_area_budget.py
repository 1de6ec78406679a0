"""The area budget (gebiedsbudget): set by the administrator with a version check, history and
audit; realised spending from the cost ledger per district and stream, with small cells and the
cells that would reveal them hidden; the pages and the API for every role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nabij.access.gate import AccessDenied
from nabij.access.models import AccessLogEntry, AuditEvent
from nabij.access.services import api_token_create
from nabij.core.errors import ConflictError
from nabij.costs.models import CostLine, FundingStream, Payer, Source, Unit
from nabij.funds import selectors_budget, services_budget
from nabij.funds.models import BUDGET_STREAMS, AreaBudget, AreaBudgetChange
from nabij.funds.tests.helpers import actor_of, f, fund_world
from nabij.funds.tests.test_access import ROLES

S = FundingStream
YEAR = 2025
READERS = set(ROLES) - {"broker"}


def lines(**euros: int) -> dict[str, int]:
    """Every budget stream, in cents; unnamed streams 0."""
    return {stream: euros.get(stream, 0) * 100 for stream in BUDGET_STREAMS}


def households_in(district, count: int, team=None) -> list:
    hood = f.NeighbourhoodFactory(district=district)
    team = team or f.TeamFactory()
    return [
        f.HouseholdFactory(team=team, address__neighbourhood=hood, plan=None) for _ in range(count)
    ]


def costs(households, stream: str, cents: int, *, year: int = YEAR, payer=Payer.MUNICIPALITY):
    """One cost line per household."""
    provider = f.OrganisationFactory()
    made = CostLine.objects.bulk_create(
        CostLine(
            household=h,
            provider=provider,
            stream=stream,
            payer=payer,
            period_start=dt.date(year, 3, 1),
            period_end=dt.date(year, 3, 31),
            volume=Decimal(1),
            unit=Unit.MONTH,
            unit_price_cents=cents,
            amount_cents=cents,
            source=Source.MANUAL,
        )
        for h in households
    )
    return made


def total_label() -> str:
    return "Totaal"


# --- setting the budget -----------------------------------------------------------------------


@pytest.mark.django_db
def test_administrator_sets_a_budget_with_history_and_audit(world):
    district = world.household.neighbourhood.district
    admin = actor_of(world.administrator)
    budget = services_budget.area_budget_set(
        actor=admin,
        district=district,
        year=YEAR,
        lines=lines(wmo=1_000_000, youth=2_000_000),
        expected_version=0,
        reason="Begroting 2025",
    )
    assert budget.version == 1
    again = services_budget.area_budget_set(
        actor=admin,
        district=district,
        year=YEAR,
        lines=lines(wmo=1_100_000, youth=2_000_000),
        expected_version=1,
        reason="Na de voorjaarsnota",
    )
    assert again.pk == budget.pk and again.version == 2
    assert dict(again.lines.values_list("stream", "amount_cents")) == lines(
        wmo=1_100_000, youth=2_000_000
    )
    history = list(AreaBudgetChange.objects.filter(budget=budget).order_by("version"))
    assert [h.version for h in history] == [1, 2]
    assert history[0].before == {} and history[1].before["wmo"] == 100_000_000
    assert history[1].after["wmo"] == 110_000_000 and history[1].reason == "Na de voorjaarsnota"
    events = AuditEvent.objects.filter(kind="area_budget_set", object_id=budget.pk)
    assert events.count() == 2
    assert events.order_by("-id").first().after["version"] == 2
    rows = selectors_budget.budget_history(district, YEAR)
    assert [(line.label, line.before_cents, line.after_cents) for line in rows[0].lines] == [
        (str(S.WMO.label), 100_000_000, 110_000_000)
    ]


@pytest.mark.django_db
def test_two_administrators_cannot_overwrite_each_other(world):
    district = world.household.neighbourhood.district
    first = actor_of(world.administrator)
    second = actor_of(f.ProfessionalFactory(administrator=True))
    services_budget.area_budget_set(
        actor=first, district=district, year=YEAR, lines=lines(wmo=1), expected_version=0
    )
    # Both opened version 1; the first saves, the second's stale save is refused.
    services_budget.area_budget_set(
        actor=first, district=district, year=YEAR, lines=lines(wmo=2), expected_version=1
    )
    with pytest.raises(ConflictError):
        services_budget.area_budget_set(
            actor=second, district=district, year=YEAR, lines=lines(wmo=3), expected_version=1
        )
    # A second "new" budget for the same district and year is a conflict too, not a duplicate.
    with pytest.raises(ConflictError):
        services_budget.area_budget_set(
            actor=second, district=district, year=YEAR, lines=lines(wmo=4), expected_version=0
        )
    budget = AreaBudget.objects.get(district=district, year=YEAR)
    assert budget.version == 2
    assert budget.lines.get(stream=S.WMO).amount_cents == 200
    assert AreaBudgetChange.objects.filter(budget=budget).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", [k for k in ROLES if k != "administrator"])
def test_only_the_administrator_sets_a_budget(world, key):
    district = world.household.neighbourhood.district
    with pytest.raises(AccessDenied):
        services_budget.area_budget_set(
            actor=actor_of(world.by_key(key)),
            district=district,
            year=YEAR,
            lines=lines(wmo=1),
            expected_version=0,
        )
    assert not AreaBudget.objects.exists()
    assert AccessLogEntry.objects.filter(
        event="funds.area_budget.set", outcome="refused", username=world.by_key(key).user.username
    ).exists()


@pytest.mark.django_db
def test_a_budget_names_every_stream_with_a_plausible_amount(world):
    district = world.household.neighbourhood.district
    admin = actor_of(world.administrator)
    bad = [
        {S.WMO: 100},  # streams missing
        {**lines(), S.WMO: -1},
        {**lines(), S.WMO: services_budget.MAX_LINE_CENTS + 1},
        {**lines(), S.ZVW: 5},  # not a stream of the area budget
    ]
    for given in bad:
        with pytest.raises(ValidationError):
            services_budget.area_budget_set(
                actor=admin, district=district, year=YEAR, lines=given, expected_version=0
            )
    with pytest.raises(ValidationError) as exc:
        services_budget.area_budget_set(
            actor=admin, district=district, year=1999, lines=lines(), expected_version=0
        )
    assert "year" in exc.value.message_dict
    assert not AreaBudget.objects.exists()


# --- realised spending and suppression -------------------------------------------------------


@pytest.mark.django_db
def test_realised_counts_the_municipalitys_lines_of_the_districts_households_in_the_year():
    district = f.DistrictFactory()
    elsewhere = f.DistrictFactory()
    here = households_in(district, 12)
    costs(here, S.WMO, 100_00)
    costs(here[:1], S.WMO, 55_55, payer=Payer.INSURER)  # another payer: not the budget's
    costs(here[:1], S.WMO, 77_77, year=YEAR + 1)  # another year
    costs(here, S.ZVW, 10_00)  # not a stream of the area budget
    costs(households_in(elsewhere, 12), S.WMO, 999_00)  # another district
    wrong = costs(here[:1], S.WMO, 100_00)[0]
    CostLine.objects.create(  # the correction of a doubled line nets out
        household=wrong.household,
        provider=wrong.provider,
        stream=S.WMO,
        payer=Payer.MUNICIPALITY,
        period_start=wrong.period_start,
        period_end=wrong.period_end,
        volume=Decimal(-1),
        unit=Unit.MONTH,
        unit_price_cents=100_00,
        amount_cents=-100_00,
        source=Source.MANUAL,
        corrects=wrong,
    )
    cells, per_district = selectors_budget.realised_exact([district, elsewhere], YEAR)
    assert cells[(district.code, S.WMO)] == (12, 12 * 100_00)
    assert cells[(elsewhere.code, S.WMO)] == (12, 12 * 999_00)
    assert (district.code, S.ZVW) not in cells
    assert per_district == {district.code: 12, elsewhere.code: 12}


@pytest.mark.django_db
def test_small_cells_and_the_cells_that_would_reveal_them_are_hidden():
    """District A: Wmo for 12 households, youth care for 3 (small). Shown as they are, the
    district's total minus Wmo would give the 3 households' youth care: so the total is hidden
    too, or another cell of the line. District B has youth care for 12 households: the stream's
    total over both districts minus B would again reveal A's small cell, so B's youth care or the
    stream total is hidden as well."""
    a = f.DistrictFactory()
    b = f.DistrictFactory()
    in_a = households_in(a, 12)
    in_b = households_in(b, 12)
    costs(in_a, S.WMO, 100_00)
    costs(in_a[:3], S.YOUTH, 5_000_00)
    costs(in_b, S.WMO, 200_00)
    costs(in_b, S.YOUTH, 300_00)
    costs(in_b, S.DEBT, 150_00)
    table = selectors_budget.realised_table([a, b], YEAR)
    assert table[(a.code, S.YOUTH)].suppression == "small"
    assert table[(a.code, S.YOUTH)].cents is None
    # No line (a district with its total, a stream with its total over the municipality)
    # holds exactly one hidden figure: that one would be its total minus the others.
    codes = [a.code, b.code]
    lines_ = [[(c, s) for s in BUDGET_STREAMS] + [(c, "")] for c in codes]
    lines_ += [[(c, s) for c in codes] + [("", s)] for s in BUDGET_STREAMS]
    lines_ += [[(c, "") for c in codes] + [("", "")]]
    for line in lines_:
        hidden = [key for key in line if table[key].suppressed]
        assert len(hidden) != 1, (line, hidden)
    assert any(c.suppression == "secondary" for c in table.values())
    assert not table[("", "")].suppressed  # the ledger's total is never hidden for this
    # The district page shows the same cells, and hides the differences with them.
    admin = f.ProfessionalFactory(administrator=True)
    services_budget.area_budget_set(
        actor=actor_of(admin),
        district=a,
        year=YEAR,
        lines=lines(wmo=5_000, youth=20_000),
        expected_version=0,
    )
    page = selectors_budget.district_budget(a, YEAR, total_label=total_label())
    by_stream = {line.key: line for line in page.lines}
    assert by_stream[S.YOUTH].realised.suppressed and by_stream[S.YOUTH].difference_cents is None
    for line in page.lines:
        if line.realised.suppressed:
            assert line.difference_cents is None  # budget minus difference would give it
        else:
            assert line.difference_cents == (line.budget_cents or 0) - line.realised.cents
    assert by_stream[S.DEBT].realised.cents == 0  # nobody: shown as nothing spent
    assert by_stream[S.DEBT].difference_cents == 0
    for line in [*page.lines, page.total]:
        assert line.realised.suppressed == table[(a.code, line.key)].suppressed


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def _derivable(table, codes: list[str], small: set, published: set) -> set:
    """The small cells a reader can work out exactly (rational linear algebra, independent of
    the product's own check): the shown figures and the ``published`` ones are known; every
    line of the table (a district with its total, a stream with its total, the margins) is a
    sum; a hidden cell follows when its unit vector lies in the span of those sums."""
    streams = list(BUDGET_STREAMS)
    lines_ = [[(c, s) for s in streams] + [(c, "")] for c in codes]
    lines_ += [[(c, s) for c in codes] + [("", s)] for s in streams]
    lines_ += [[(c, "") for c in codes] + [("", "")], [("", s) for s in streams] + [("", "")]]
    unknown = sorted(k for k, cell in table.items() if cell.suppressed and k not in published)
    index = {k: i for i, k in enumerate(unknown)}
    equations = []
    for line in lines_:
        row = [Fraction(0)] * len(unknown)
        for key in line[:-1]:
            if key in index:
                row[index[key]] += 1
        if line[-1] in index:
            row[index[line[-1]]] -= 1
        if any(row):
            equations.append(row)
    base = _rank(equations) if equations else 0
    found = set()
    for key in small & set(index):
        unit = [Fraction(0)] * len(unknown)
        unit[index[key]] = Fraction(1)
        if _rank([*equations, unit]) == base:
            found.add(key)
    return found


def _published(districts, year: int = YEAR) -> set:
    """What the cost page shows anyway: the municipality's cost per stream from 10 households."""
    cells, _rows = selectors_budget.realised_exact(districts, year)
    known = set()
    for stream in BUDGET_STREAMS:
        if sum(n for (_c, s), (n, _cents) in cells.items() if s == stream) >= 10:
            known.add(("", stream))
    return known


@pytest.mark.django_db
def test_a_stream_only_one_district_has_is_not_what_protects_a_small_cell():
    """Youth care only in A (12 households): A's youth care equals the municipality's, which the
    cost page shows. Hiding it would protect nothing; A's small debt cell is protected by hiding
    another figure of A's line instead."""
    a = f.DistrictFactory()
    b = f.DistrictFactory()
    in_a = households_in(a, 14)
    costs(in_a, S.WMO, 3_400_00)
    costs(in_a[:12], S.YOUTH, 8_900_00)
    costs(in_a[:2], S.DEBT, 1_500_00)
    costs(households_in(b, 20), S.WMO, 100_00)
    table = selectors_budget.realised_table([a, b], YEAR)
    assert not table[(a.code, S.YOUTH)].suppressed
    assert table[(a.code, S.DEBT)].suppression == "small"
    published = _published([a, b])
    assert _derivable(table, [a.code, b.code], {(a.code, S.DEBT)}, published) == set()


@pytest.mark.django_db
def test_no_small_cell_can_be_worked_out_in_random_tables():
    """Seeded random districts and streams: whatever is shown, no cell of fewer than 10
    households follows from the figures shown and published."""
    import random

    rng = random.Random(11)
    districts = [f.DistrictFactory() for _ in range(4)]
    small: set = set()
    for district in districts:
        for stream in BUDGET_STREAMS:
            n = rng.choice([0, 0, 1, 3, 9, 10, 12, 25])
            if n:
                costs(households_in(district, n), stream, rng.randint(1, 50) * 100_00)
            if 0 < n < 10:
                small.add((district.code, stream))
    table = selectors_budget.realised_table(districts, YEAR)
    assert small and all(table[k].suppressed for k in small)
    published = _published(districts)
    assert _derivable(table, [d.code for d in districts], small, published) == set()
    assert any(not cell.suppressed for cell in table.values())


@pytest.mark.django_db
def test_a_district_of_few_households_shows_no_realised_figure_at_all():
    a = f.DistrictFactory()
    b = f.DistrictFactory()
    costs(households_in(a, 4), S.WMO, 100_00)
    costs(households_in(b, 30), S.WMO, 100_00)
    table = selectors_budget.realised_table([a, b], YEAR)
    assert table[(a.code, S.WMO)].suppressed and table[(a.code, "")].suppressed
    # The municipality's total is the ledger's and stays; B's Wmo would then give A's away,
    # so it is hidden too.
    assert table[(b.code, S.WMO)].suppressed or table[("", S.WMO)].suppressed


# --- pages and API -----------------------------------------------------------------------------


@pytest.fixture
def budgeted(world):
    fund_a, _fund_b = fund_world(world)
    district = fund_a.district
    services_budget.area_budget_set(
        actor=actor_of(world.administrator),
        district=district,
        year=timezone.localdate().year,
        lines=lines(wmo=1_250_000, youth=2_000_000, participation=3_000_000, welfare=400_000),
        expected_version=0,
    )
    return district


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_budget_pages_for_every_role(world, budgeted, login, key):
    professional = world.by_key(key)
    client = login(professional)
    overview = client.get(reverse("funds:area_budgets"))
    district = client.get(reverse("funds:area_budget", args=[budgeted.code]))
    form = client.get(reverse("funds:area_budget_set", args=[budgeted.code]))
    name = professional.user.username
    if key not in READERS:
        assert overview.status_code == district.status_code == 403
        assert AccessLogEntry.objects.filter(
            event="funds.area_budgets.view", outcome="refused", username=name
        ).exists()
    else:
        assert overview.status_code == district.status_code == 200
        page = district.content.decode()
        assert "€\u00a01.250.000,00" in page and budgeted.name in page
        # No household, and nothing logged about a person.
        assert world.household.name not in page
        assert not AccessLogEntry.objects.filter(username=name, resident_id__isnull=False).exists()
    assert form.status_code == (200 if key == "administrator" else 403)
    assert client.post(reverse("funds:area_budgets")).status_code == 405


@pytest.mark.django_db
def test_the_form_sets_and_a_stale_form_keeps_the_figures(world, budgeted, login):
    client = login(world.administrator)
    url = reverse("funds:area_budget_set", args=[budgeted.code])
    data = {s: "100.000" for s in BUDGET_STREAMS} | {"version": 1, "reason": "Herzien"}
    assert client.post(url, data).status_code == 302
    budget = AreaBudget.objects.get(district=budgeted)
    assert budget.version == 2 and budget.lines.get(stream=S.DEBT).amount_cents == 10_000_000
    data[S.WMO] = "123.456"
    stale = client.post(url, data)  # still says version 1
    assert stale.status_code == 409
    assert "123.456" in stale.content.decode()
    assert AreaBudget.objects.get(pk=budget.pk).version == 2
    # The form now names version 2: saving again, after comparing, goes through.
    assert 'name="version" value="2"' in stale.content.decode()
    data["version"] = 2
    assert client.post(url, data).status_code == 302
    assert AreaBudget.objects.get(pk=budget.pk).version == 3
    page = client.get(reverse("funds:area_budget", args=[budgeted.code])).content.decode()
    assert "Herzien" in page


@pytest.mark.django_db
def test_made_up_budgets_say_so_until_real_ones_are_set(world, login):
    district = world.household.neighbourhood.district
    year = timezone.localdate().year
    services_budget.area_budget_set(
        actor=actor_of(world.administrator),
        district=district,
        year=year,
        lines=lines(wmo=1_000),
        expected_version=0,
        synthetic=True,
    )
    client = login(world.analyst)
    url = reverse("funds:area_budget", args=[district.code])
    assert "synthetisch" in client.get(url).content.decode()
    assert "synthetisch" in client.get(reverse("funds:area_budgets")).content.decode()
    admin = login(world.administrator)
    data = {s: "10" for s in BUDGET_STREAMS} | {"version": 1, "reason": "Raadsbesluit"}
    assert (
        admin.post(reverse("funds:area_budget_set", args=[district.code]), data).status_code == 302
    )
    assert not AreaBudget.objects.get(district=district, year=year).synthetic
    assert "synthetisch" not in login(world.analyst).get(url).content.decode()


@pytest.mark.django_db
def test_unknown_district_and_odd_years(world, budgeted, login):
    client = login(world.analyst)
    assert client.get(reverse("funds:area_budget", args=["WK999999"])).status_code == 404
    for year in ("x", "20255", "1800", "9999", "٢٠٢٥"):
        url = reverse("funds:area_budget", args=[budgeted.code])
        assert client.get(url, {"jaar": year}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROLES)
def test_budget_api_for_every_role(client, world, budgeted, key):
    secret = api_token_create(user=world.by_key(key).user, name="t")
    response = client.get(
        f"/api/v1/areas/{budgeted.code}/budget",
        headers={"authorization": f"Bearer {secret}"},
    )
    if key not in READERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    body = response.json()
    assert body["district_code"] == budgeted.code and body["version"] == 1
    wmo = next(line for line in body["lines"] if line["stream"] == "wmo")
    assert wmo["budget_cents"] == 125_000_000
    assert wmo["realised_cents"] == 0 and wmo["difference_cents"] == 125_000_000
    assert body["fund_balance_cents"] == 50_000_00
    assert [line["stream"] for line in body["lines"]] == list(BUDGET_STREAMS)


@pytest.mark.django_db
def test_budget_api_suppresses_and_says_why(client, world, budgeted):
    costs(households_in(budgeted, 3), S.DEBT, 1_500_00, year=timezone.localdate().year)
    secret = api_token_create(user=world.analyst.user, name="t")
    body = client.get(
        f"/api/v1/areas/{budgeted.code}/budget", headers={"authorization": f"Bearer {secret}"}
    ).json()
    debt = next(line for line in body["lines"] if line["stream"] == "debt")
    assert debt["realised_cents"] is None and debt["suppressed"] and debt["suppression"] == "small"
    assert debt["difference_cents"] is None
    assert body["total"]["realised_cents"] is None
    unknown = client.get(
        "/api/v1/areas/WK999999/budget", headers={"authorization": f"Bearer {secret}"}
    )
    assert unknown.status_code == 404


@pytest.mark.django_db
def test_pages_cost_a_fixed_number_of_queries(
    world, budgeted, login, django_assert_max_num_queries, monkeypatch
):
    """Measured with the cost snapshot fresh (its own refresh is a handful of queries at most
    every few seconds, whatever the page)."""
    from nabij.costs import analytics

    client = login(world.analyst)
    year = timezone.localdate().year
    client.get(reverse("funds:area_budgets"))  # warm up (sessions, the actor, the snapshot)
    monkeypatch.setattr(selectors_budget, "REFRESH_SECONDS", 3600.0)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("funds:area_budgets"))
    for _ in range(6):
        district = f.DistrictFactory()
        costs(households_in(district, 11), S.WMO, 100_00, year=year)
        services_budget.area_budget_set(
            actor=actor_of(world.administrator),
            district=district,
            year=year,
            lines=lines(wmo=1),
            expected_version=0,
        )
    analytics.snapshot().refresh()
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("funds:area_budgets"))
    assert page.status_code == 200 and "€\u00a01,00" in page.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("funds:area_budget", args=[budgeted.code])).status_code == 200
