"""The DuckDB snapshot and the area rollups: totals equal the ledger, small cells stay hidden."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection

from nabij.access.gate import Actor
from nabij.access.models import Organisation
from nabij.areas.models import Address, Municipality, Neighbourhood
from nabij.costs import analytics, services, synthetic
from nabij.costs.models import CostLine, FundingStream, Payer, Source, Unit
from nabij.people.models import Household
from nabij.tests import factories as f

YEAR = 2025


@dataclass
class Town:
    municipality: Municipality
    neighbourhoods: dict[str, Neighbourhood]
    households: dict[str, list[Household]]  # by "neighbourhood/street"
    provider: Organisation


# neighbourhood -> street -> households; district WK1 = N1 + N2, WK2 = N3
LAYOUT = {
    "BUT0000001": {"Dokkumer Ee": 15, "Nieuwestad": 12, "Tuinen": 3},
    "BUT0000002": {"Kelders": 5},
    "BUT0000003": {"Heechterp": 25},
}


def make_town(layout: dict[str, dict[str, int]] = LAYOUT) -> Town:
    """A municipality of two districts with households on named streets, written in bulk."""
    municipality = f.MunicipalityFactory(code="GM0080", name="Leeuwarden")
    d1 = f.DistrictFactory(municipality=municipality, code="WKT00001", name="Centrum")
    d2 = f.DistrictFactory(municipality=municipality, code="WKT00002", name="Heechterp")
    districts = {"BUT0000001": d1, "BUT0000002": d1, "BUT0000003": d2}
    team = f.TeamFactory()
    neighbourhoods: dict[str, Neighbourhood] = {}
    households: dict[str, list[Household]] = {}
    number = 0
    for code, streets in layout.items():
        neighbourhood = f.NeighbourhoodFactory(
            district=districts.get(code, d2), code=code, name=f"Buurt {code[-1]}"
        )
        neighbourhoods[code] = neighbourhood
        for street, count in streets.items():
            addresses = Address.objects.bulk_create(
                Address(
                    neighbourhood=neighbourhood,
                    postcode=f"89{number // 100 % 100:02d} A{chr(65 + number % 26)}",
                    street=street,
                    house_number=number + k + 1,
                    city="Leeuwarden",
                )
                for k in range(count)
            )
            number += count
            households[f"{code}/{street}"] = Household.objects.bulk_create(
                Household(name=f"H {a.pk}", address=a, neighbourhood=neighbourhood, team=team)
                for a in addresses
            )
    return Town(municipality, neighbourhoods, households, f.OrganisationFactory())


def add_lines(
    town: Town,
    household: Household,
    *amounts: int,
    stream: str = FundingStream.WMO,
    payer: str = Payer.MUNICIPALITY,
    year: int = YEAR,
) -> list[CostLine]:
    return CostLine.objects.bulk_create(
        CostLine(
            household=household,
            provider=town.provider,
            stream=stream,
            payer=payer,
            period_start=dt.date(year, 3, 1),
            period_end=dt.date(year, 3, 31),
            volume=Decimal(1),
            unit=Unit.MONTH,
            unit_price_cents=amount,
            amount_cents=amount,
            source=Source.MANUAL,
        )
        for amount in amounts
    )


def everyone(town: Town) -> list[Household]:
    return [h for group in town.households.values() for h in group]


def fresh_snapshot() -> analytics.Snapshot:
    snap = analytics.Snapshot()
    snap.rebuild()
    return snap


def ledger_sum(year: int = YEAR) -> int:
    return sum(
        CostLine.objects.filter(period_start__year=year).values_list("amount_cents", flat=True)
    )


@pytest.mark.django_db
def test_rollup_totals_equal_the_ledger_including_counter_entries():
    town = make_town()
    for i, household in enumerate(everyone(town)):
        add_lines(town, household, 10_000 + i * 137, 2_500)
    add_lines(town, everyone(town)[0], 999, year=YEAR - 1)  # another year: not counted
    actor = Actor(user=f.UserFactory(), professional=None)
    line = CostLine.objects.filter(amount_cents=2_500).first()
    assert line is not None
    services.cost_line_correct(actor=actor, line=line, reason="dubbel gedeclareerd")

    snap = fresh_snapshot()
    rollup = analytics.area_rollup(snap, municipality=town.municipality, year=YEAR, suppress=False)
    total = ledger_sum()
    assert rollup.total.cost_cents == total
    assert analytics.ledger_total_cents(snap, municipality_code="GM0080", year=YEAR) == total
    assert sum(d.cell.cost_cents or 0 for d in rollup.districts) == total
    assert sum(n.cell.cost_cents or 0 for n in rollup.neighbourhoods) == total
    assert sum(s.cell.cost_cents or 0 for n in rollup.neighbourhoods for s in n.streets) == total
    assert rollup.matrix.total.cost_cents == total
    assert sum(r.total.cost_cents or 0 for r in rollup.matrix.rows) == total
    assert rollup.total.households == 60
    assert rollup.concentration.points[-1].cost_percent == 100.0


@pytest.mark.django_db
def test_rollup_per_level_matches_plain_sums():
    town = make_town()
    expected: dict[str, int] = defaultdict(int)
    for i, household in enumerate(everyone(town)):
        stream = FundingStream.YOUTH if i % 2 else FundingStream.WMO
        add_lines(town, household, 1_000 * (i + 1), stream=stream)
        expected[household.neighbourhood.code] += 1_000 * (i + 1)
    rollup = analytics.area_rollup(
        fresh_snapshot(), municipality=town.municipality, year=YEAR, suppress=False
    )
    assert {n.code: n.cell.cost_cents for n in rollup.neighbourhoods} == expected
    n3 = next(n for n in rollup.neighbourhoods if n.code == "BUT0000003")
    assert n3.cell.per_household_cents == round(expected["BUT0000003"] / 25)
    youth = rollup.matrix.column_totals[[s for s, _ in rollup.matrix.streams].index("youth")]
    assert youth.households == 30


@pytest.mark.django_db
def test_small_cells_and_revealing_totals_are_hidden():
    town = make_town()
    for household in everyone(town):
        add_lines(town, household, 50_000)
    rollup = analytics.area_rollup(fresh_snapshot(), municipality=town.municipality, year=YEAR)
    cells = {n.code: n.cell for n in rollup.neighbourhoods}
    assert cells["BUT0000001"].cost_cents == 30 * 50_000
    assert cells["BUT0000002"].suppression == "small"  # 5 households
    assert cells["BUT0000002"].cost_cents is None and cells["BUT0000002"].households is None
    districts = {d.code: d.cell for d in rollup.districts}
    # Centrum minus Buurt 1 would give Buurt 2's five households away.
    assert districts["WKT00001"].suppression == "secondary"
    assert districts["WKT00001"].cost_cents is None
    assert districts["WKT00002"].cost_cents == 25 * 50_000
    # ... and the municipality total minus Heechterp would too.
    assert rollup.total.cost_cents is None and rollup.total.suppression == "secondary"
    # Streets: Tuinen (3) hidden, so Nieuwestad (12) goes too: N1 minus streets must not
    # reveal three households.
    n1 = next(n for n in rollup.neighbourhoods if n.code == "BUT0000001")
    assert [s.name for s in n1.streets] == ["Dokkumer Ee"]
    assert rollup.per_household_by_neighbourhood()["BUT0000002"] is None


@pytest.mark.django_db
def test_streets_shown_when_the_rest_is_large_enough_or_nothing():
    town = make_town({"BUT0000001": {"A-straat": 10, "B-straat": 11}, "BUT0000003": {"C": 30}})
    for household in everyone(town):
        add_lines(town, household, 1_000)
    rollup = analytics.area_rollup(fresh_snapshot(), municipality=town.municipality, year=YEAR)
    n1 = next(n for n in rollup.neighbourhoods if n.code == "BUT0000001")
    assert {s.name for s in n1.streets} == {"A-straat", "B-straat"}
    assert rollup.total.cost_cents == 51 * 1_000


@pytest.mark.django_db
def test_households_without_cost_do_not_count_towards_the_threshold():
    town = make_town({"BUT0000001": {"A": 40}, "BUT0000003": {"C": 40}})
    for household in town.households["BUT0000001/A"][:4]:
        add_lines(town, household, 80_000)
    for household in town.households["BUT0000003/C"]:
        add_lines(town, household, 1_000)
    rollup = analytics.area_rollup(fresh_snapshot(), municipality=town.municipality, year=YEAR)
    cells = {n.code: n.cell for n in rollup.neighbourhoods}
    assert cells["BUT0000001"].suppressed  # 40 households, but only 4 with a cost
    assert not cells["BUT0000003"].suppressed
    assert cells["BUT0000003"].households == 40 and cells["BUT0000003"].with_cost == 40


def assert_no_line_reveals_a_small_cell(matrix: analytics.Matrix, limit: int = 10) -> None:
    """Every row and column (with its total) and both margins: no hidden entry can be worked
    out by subtraction, and what is hidden together holds an entry of ``limit`` or more."""
    lines = [[*row.cells, row.total] for row in matrix.rows]
    lines += [
        [row.cells[i] for row in matrix.rows] + [matrix.column_totals[i]]
        for i in range(len(matrix.streams))
    ]
    lines.append([*matrix.column_totals, matrix.total])
    lines.append([*(row.total for row in matrix.rows), matrix.total])
    for line in lines:
        hidden = [cell for cell in line if cell.suppressed]
        if not hidden:
            continue
        assert len(hidden) >= 2, line
        if not line[-1].suppressed:  # total minus the shown cells gives the hidden ones' sum
            assert any(cell.suppression == "secondary" for cell in hidden), line


@pytest.mark.django_db
def test_matrix_hides_small_cells_and_what_would_reveal_them():
    town = make_town({"BUT0000001": {"A": 30}, "BUT0000003": {"C": 30}})
    households = everyone(town)
    for household in households:
        add_lines(town, household, 1_000, stream=FundingStream.WMO)
    for household in households[:4]:
        add_lines(town, household, 7_000, stream=FundingStream.ZVW, payer=Payer.INSURER)
    for household in households[:20]:
        add_lines(town, household, 3_000, stream=FundingStream.YOUTH)
    for household in households[:15]:
        add_lines(town, household, 2_000, stream=FundingStream.HOUSING, payer=Payer.CORPORATION)
    rollup = analytics.area_rollup(fresh_snapshot(), municipality=town.municipality, year=YEAR)
    matrix = rollup.matrix
    streams = [s for s, _ in matrix.streams]
    rows = {r.payer: r for r in matrix.rows}
    insurer = rows["insurer"]
    assert insurer.cells[streams.index("zvw")].suppression == "small"
    assert insurer.total.suppression == "small"
    assert insurer.cells[streams.index("wmo")].empty  # nobody: shown as empty, not hidden
    assert matrix.total.cost_cents == rollup.total.cost_cents  # the page shows it anyway
    assert_no_line_reveals_a_small_cell(matrix)


@pytest.mark.django_db
def test_matrix_without_small_cells_shows_everything():
    town = make_town({"BUT0000001": {"A": 30}, "BUT0000003": {"C": 30}})
    households = everyone(town)
    for household in households:
        add_lines(town, household, 1_000, stream=FundingStream.WMO)
    for household in households[:20]:
        add_lines(town, household, 3_000, stream=FundingStream.YOUTH)
        add_lines(town, household, 7_000, stream=FundingStream.ZVW, payer=Payer.INSURER)
    matrix = analytics.area_rollup(
        fresh_snapshot(), municipality=town.municipality, year=YEAR
    ).matrix
    streams = [s for s, _ in matrix.streams]
    rows = {r.payer: r for r in matrix.rows}
    municipality = rows["municipality"]
    assert municipality.cells[streams.index("wmo")].cost_cents == 60 * 1_000
    assert municipality.cells[streams.index("youth")].households == 20
    assert municipality.total.cost_cents == 60 * 1_000 + 20 * 3_000
    assert municipality.total.households == 60
    assert rows["insurer"].total.cost_cents == 20 * 7_000
    assert matrix.total.cost_cents == 60 * 1_000 + 20 * 10_000
    assert not any(c.suppressed for r in matrix.rows for c in [*r.cells, r.total])


@pytest.mark.django_db
def test_concentration_curve_and_figures():
    town = make_town({"BUT0000001": {"A": 100}, "BUT0000003": {"C": 100}})
    households = everyone(town)
    for household in households[:10]:
        add_lines(town, household, 1_000_000)  # 5% carry most
    for household in households[10:110]:
        add_lines(town, household, 10_000)
    rollup = analytics.area_rollup(fresh_snapshot(), municipality=town.municipality, year=YEAR)
    curve = rollup.concentration
    assert curve.households == 200
    figures = {fig.households_percent: fig for fig in curve.figures}
    assert figures[1].cost_percent is None  # two households: too few to show
    assert figures[5].households == 10
    assert figures[5].cost_percent == round(10 * 1_000_000 * 100 / 11_000_000, 1)
    assert figures[10].cost_percent == round(10_100_000 * 100 / 11_000_000, 1)
    points = [p.cost_percent for p in curve.points]
    shown = [p for p in points if p is not None]
    assert shown == sorted(shown) and shown[-1] == 100.0
    assert points[96] is None  # leaves eight households outside: hidden
    assert curve.available


@pytest.mark.django_db(transaction=True)
def test_incremental_refresh_sees_new_lines_only_once():
    town = make_town({"BUT0000001": {"A": 12}, "BUT0000003": {"C": 12}})
    households = everyone(town)
    for household in households:
        add_lines(town, household, 1_000)
    snap = fresh_snapshot()
    assert snap.line_count() == 24
    result = snap.refresh()
    assert result is not None and result.lines_added == 0 and not result.households_reloaded
    add_lines(town, households[0], 5_000, 6_000)
    result = snap.refresh()
    assert result is not None and result.lines_added == 2 and not result.full
    assert snap.line_count() == 26
    rollup = analytics.area_rollup(snap, municipality=town.municipality, year=YEAR, suppress=False)
    assert rollup.total.cost_cents == ledger_sum() == 24 * 1_000 + 11_000
    # A new household is picked up with its lines.
    newcomer = Household.objects.create(
        name="Nieuw", neighbourhood=town.neighbourhoods["BUT0000003"], team=households[0].team
    )
    add_lines(town, newcomer, 4_000)
    result = snap.refresh()
    assert result is not None and result.households_reloaded and result.lines_added == 1
    rollup = analytics.area_rollup(snap, municipality=town.municipality, year=YEAR, suppress=False)
    assert rollup.total.households == 25
    assert rollup.total.cost_cents == ledger_sum()
    # Throttled refresh: skipped while fresh.
    assert snap.refresh(max_age=60) is None


@pytest.mark.django_db
def test_snapshot_rebuilds_when_the_database_went_back():
    town = make_town({"BUT0000001": {"A": 12}})
    add_lines(town, everyone(town)[0], 1_000)
    snap = fresh_snapshot()
    snap._floor = 10**12  # as if it had seen lines of a database that is gone
    result = snap.refresh()
    assert result is not None and result.full and snap.line_count() == 1


@pytest.mark.django_db
def test_years_and_empty_year():
    town = make_town({"BUT0000001": {"A": 12}})
    add_lines(town, everyone(town)[0], 1_000, year=2024)
    add_lines(town, everyone(town)[0], 1_000, year=2025)
    snap = fresh_snapshot()
    assert snap.years(municipality_code="GM0080") == [2025, 2024]
    rollup = analytics.area_rollup(snap, municipality=town.municipality, year=2019)
    assert rollup.total.suppressed  # nobody with a cost: too few to show anything
    assert not rollup.concentration.available


@pytest.mark.django_db
def test_synthetic_lines_concentrate_like_the_brief():
    providers = {stream: 1 for stream in FundingStream.values}
    by_household: dict[int, int] = defaultdict(int)
    for line in synthetic.synthetic_lines(range(1, 20_001), year=YEAR, providers=providers):
        by_household[line.household_id] += line.amount_cents
        assert line.period_start.year == YEAR and line.period_end >= line.period_start
    costs = sorted(by_household.values(), reverse=True)
    total = sum(costs)
    top1 = sum(costs[:200]) / total
    top4 = sum(costs[:800]) / total
    assert 0.25 < top1 < 0.40
    assert 0.45 < top4 < 0.60
    assert len(by_household) < 0.5 * 20_000  # most households cost nothing
    again = list(synthetic.synthetic_lines([7, 8], year=YEAR, providers=providers, periods=4))
    assert again == list(
        synthetic.synthetic_lines([7, 8], year=YEAR, providers=providers, periods=4)
    )


def test_synthetic_monthly_parts_add_up():
    providers = {stream: 1 for stream in FundingStream.values}
    lines = list(synthetic.synthetic_lines(range(1, 500), year=YEAR, providers=providers))
    per_service: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for line in lines:
        per_service[(line.household_id, line.stream, line.description)].append(line.amount_cents)
    assert all(len(parts) % 12 == 0 for parts in per_service.values())
    assert all(max(parts) - min(parts) <= 1 for parts in per_service.values())


@pytest.mark.django_db
def test_both_grains_give_the_same_rollup():
    town = make_town()
    for i, household in enumerate(everyone(town)):
        add_lines(town, household, 1_000 + i, 2_000 + i, stream=FundingStream.YOUTH)
        add_lines(town, household, 500, stream=FundingStream.ZVW, payer=Payer.INSURER)
    by_service = analytics.Snapshot(grain="service")
    by_line = analytics.Snapshot(grain="line")
    by_service.rebuild()
    by_line.rebuild()
    assert by_line.row_count() == by_line.line_count() == 180
    assert by_service.row_count() == 120 and by_service.line_count() == 180
    rollups = [
        analytics.area_rollup(snap, municipality=town.municipality, year=YEAR)
        for snap in (by_service, by_line)
    ]
    assert rollups[0] == rollups[1]


@pytest.mark.django_db(transaction=True)
def test_a_late_commit_with_a_lower_id_is_not_missed():
    """PostgreSQL hands out ids at insert, not at commit: a refresh while another transaction
    is still inserting must not move past the id it holds."""
    if connection.vendor != "postgresql":
        pytest.skip("ids and commits can only cross on PostgreSQL")
    import psycopg

    town = make_town({"BUT0000001": {"A": 12}})
    household = everyone(town)[0]
    add_lines(town, household, 1_000)
    snap = fresh_snapshot()
    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    try:
        with other.cursor() as cursor:  # a transaction that inserts and does not commit yet
            cursor.execute(
                "INSERT INTO costs_costline (household_id, provider_id, stream, payer, "
                "product_category, product_code, description, period_start, period_end, volume, "
                "unit, unit_price_cents, amount_cents, source, external_ref, note, recorded_at) "
                "VALUES (%s, %s, 'wmo', 'municipality', '', '', '', %s, %s, 1, 'month', 7000, "
                "7000, 'manual', '', '', now())",
                [household.pk, town.provider.pk, dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 31)],
            )
        add_lines(town, household, 3_000)  # a higher id, committed first
        result = snap.refresh()
        assert result is not None and result.lines_added == 1  # sees 3,000, not yet 7,000
        other.commit()
        result = snap.refresh()
        assert result is not None
        assert analytics.ledger_total_cents(snap, municipality_code="GM0080", year=YEAR) == (
            1_000 + 3_000 + 7_000
        )
        assert snap.line_count() == 3
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_warm_builds_the_snapshot_in_the_background():
    town = make_town({"BUT0000001": {"A": 12}})
    add_lines(town, everyone(town)[0], 4_200)
    analytics.forget_snapshots()
    try:
        analytics.warm().join(timeout=30)
        snap = analytics.snapshot()
        assert snap.refreshed_at > 0
        assert analytics.ledger_total_cents(snap, municipality_code="GM0080", year=YEAR) == 4_200
    finally:
        analytics.forget_snapshots()


@pytest.mark.django_db
def test_curve_gives_no_household_numbers_when_the_total_is_hidden():
    # Buurt 2 (5 households) hides its district's total and so the municipal total.
    town = make_town({"BUT0000001": {"A": 100}, "BUT0000002": {"K": 5}, "BUT0000003": {"C": 100}})
    for household in everyone(town):
        add_lines(town, household, 50_000)
    rollup = analytics.area_rollup(fresh_snapshot(), municipality=town.municipality, year=YEAR)
    assert rollup.total.suppressed
    figure = next(f for f in rollup.concentration.figures if f.households_percent == 10)
    assert figure.cost_percent == round(21 * 100 / 205, 1) and figure.households is None
    assert rollup.concentration.households is None
