"""The area profile: the four questions, trends, comparisons with the municipality, the
Netherlands and similar areas, the marks of synthetic, provisional and estimated figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from nabij.access.models import AccessLogEntry, Outcome
from nabij.outcomes import selectors
from nabij.outcomes.tests.conftest import improve, indicator, values

pytestmark = pytest.mark.django_db

BINNENSTAD, POTMARGEZONE, OUD_OOST, HUIZUM_WEST = "WK008010", "WK008011", "WK008020", "WK008040"


@pytest.fixture
def cbs(leeuwarden):
    """Benefits (a count, per 1,000), a share, inhabitants and urbanity, 2013 to 2024."""
    bijstand = indicator("PersonenPerSoortUitkeringBijstand", name="Personen met bijstand")
    low_income = indicator(
        "HuishoudensMetEenLaagInkomen", name="Laag inkomen", unit="%", decimals=1
    )
    inhabitants = indicator("AantalInwoners", name="Aantal inwoners")
    urbanity = indicator("MateVanStedelijkheid", name="Mate van stedelijkheid", unit="code")
    for year in range(2013, 2025):
        values(
            inhabitants,
            {BINNENSTAD: 5000, POTMARGEZONE: 8000, OUD_OOST: 10000, "GM0080": 100000},
            period=year,
        )
        values(
            bijstand,
            {BINNENSTAD: 300 - (year - 2013), POTMARGEZONE: 400, OUD_OOST: 300, "GM0080": 4000},
            period=year,
        )
        values(low_income, {BINNENSTAD: 12.5, "GM0080": 10.0, "NL00": 8.0}, period=year)
    # Binnenstad and Oud-Oost are very urban (1), Potmargezone and Huizum-West less (2).
    values(urbanity, {BINNENSTAD: 1, OUD_OOST: 1, POTMARGEZONE: 2, HUIZUM_WEST: 2})
    return {"bijstand": bijstand, "low_income": low_income}


def _item(profile: selectors.Profile, code: str) -> selectors.IndicatorProfile:
    return next(i for i in profile.all_indicators if i.code == code)


def test_comparisons_with_the_municipality_the_netherlands_and_similar_areas(cbs):
    area = selectors.area_by_code(BINNENSTAD)
    assert area is not None

    profile = selectors.profile(area)

    low = _item(profile, "HuishoudensMetEenLaagInkomen")
    assert low.latest is not None and low.latest.value == Decimal("12.5")
    assert low.municipality is not None and low.municipality.value == Decimal("10.0")
    assert low.country is not None and low.country.value == Decimal("8.0")
    assert low.vs_municipality.verdict == "worse"  # more low incomes than the municipality
    assert low.vs_municipality.arrow == "up"
    # Per 1,000 inhabitants: 289 of 5,000 in 2024; Leeuwarden 4,000 of 100,000.
    benefits = _item(profile, "PersonenPerSoortUitkeringBijstand")
    assert benefits.per_thousand
    assert benefits.latest is not None and benefits.latest.value == Decimal("57.8")
    assert benefits.municipality is not None and benefits.municipality.value == Decimal("40.0")
    assert benefits.vs_previous.verdict == "better" and benefits.vs_previous.arrow == "down"
    assert benefits.country is None  # CBS's national figure was not imported
    # Similar: Oud-Oost, the only other district of urbanity 1 (300 of 10,000).
    assert profile.urbanity == Decimal(1)
    assert profile.similar_level_count == 1
    assert benefits.similar == selectors.Similar(Decimal("30.0"), 1)
    # Ten years of trend, oldest first; the municipality's line beside it.
    assert [p.period for p in benefits.trend] == list(range(2015, 2025))
    assert len(benefits.municipality_trend) == 10
    assert benefits.chart is not None and len(benefits.chart.points) == 10
    assert benefits.indicator.question == "work"
    assert [q.question for q in profile.questions] == ["school", "work", "finance", "safety"]


def test_similar_areas_are_those_of_the_same_urbanity_class(cbs):
    area = selectors.area_by_code(POTMARGEZONE)
    assert area is not None

    profile = selectors.profile(area)

    # Huizum-West shares class 2 but has no benefits figure: one area in the mean, two alike.
    assert profile.similar_level_count == 1
    benefits = _item(profile, "PersonenPerSoortUitkeringBijstand")
    assert benefits.similar is None
    area = selectors.area_by_code(HUIZUM_WEST)
    assert area is not None
    similar = _item(selectors.profile(area), "PersonenPerSoortUitkeringBijstand").similar
    assert similar is None  # Huizum-West has no value of its own, so nothing to compare


def test_compare_follows_the_better_direction():
    assert selectors.compare(Decimal(3), Decimal(2), "lower_better") == selectors.Compare(
        "up", "worse"
    )
    assert selectors.compare(Decimal(3), Decimal(2), "higher_better").verdict == "better"
    assert selectors.compare(Decimal(3), Decimal(2), "neutral").word == "higher"
    assert selectors.compare(Decimal(2), Decimal(2), "neutral").word == "same"
    assert selectors.compare(None, Decimal(2), "neutral").word == ""


def _page(client, world, code: str = BINNENSTAD, **params):
    client.force_login(world.analyst.user)
    return client.get(reverse("outcomes:profile", args=[code]), params)


def test_the_page_shows_sources_and_marks_synthetic_values(cbs, client, world):
    values(cbs["low_income"], {BINNENSTAD: 13.0}, period=2025, quality="synthetic")

    response = _page(client, world)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="synthetic-notice"' in html
    assert '<span class="q-mark q-mark--synthetic">synthetisch</span>' in html
    assert "Bron: CBS 2025" in html and "Bron: CBS 2024" in html
    assert "Gaan mensen naar school?" in html and "Is de buurt veilig?" in html
    assert "Vergelijkbare wijken" in html
    assert "Bron: Nabij" in html


def test_without_synthetic_values_there_is_no_mark(cbs, client, world):
    values(cbs["low_income"], {BINNENSTAD: 13.0}, period=2025, quality="provisional")

    html = _page(client, world).content.decode()

    assert "synthetisch" not in html
    assert '<span class="q-mark q-mark--provisional">voorlopig</span>' in html


def test_a_neighbourhood_shows_its_district_and_estimated_figures(cbs, client, world, place):
    # A per-1,000 figure of a neighbourhood without CBS inhabitants uses the estimate.
    values(cbs["bijstand"], {"BU00801001": 40})
    for household in place("BU00801001", 10):
        improve(household)

    response = _page(client, world, "BU00801001")

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("outcomes:profile", args=[BINNENSTAD]) in html  # breadcrumb to the district
    assert '<span class="q-mark q-mark--estimated">geschat</span>' in html
    # Own figure of the neighbourhood shown (10 households), the district's hidden.
    assert "100,0" in html
    assert "niet getoond" in html


def test_unknown_area_is_a_404_and_a_bad_year_a_400(cbs, client, world):
    assert _page(client, world, "WK999999").status_code == 404
    assert _page(client, world, "nonsense").status_code == 404
    assert _page(client, world, jaar="abc").status_code == 400
    assert _page(client, world, jaar="2099").status_code == 400
    assert _page(client, world, "GM0080").status_code == 200


def test_the_profile_takes_the_same_queries_for_few_or_many_indicators(
    cbs, client, world, django_assert_max_num_queries
):
    client.force_login(world.analyst.user)
    url = reverse("outcomes:profile", args=[BINNENSTAD])
    client.get(url)
    with django_assert_max_num_queries(32):
        client.get(url)
    for n in range(20):
        extra = indicator(f"Extra{n}", question="finance")
        for year in range(2015, 2025):
            values(extra, {BINNENSTAD: n, "GM0080": n + 1, OUD_OOST: n}, period=year)
    with django_assert_max_num_queries(32):
        response = client.get(url)
    assert response.content.decode().count('class="card indicator"') == 24


def test_residents_and_anonymous_users_do_not_get_in(cbs, client, world):
    url = reverse("outcomes:profile", args=[BINNENSTAD])
    assert client.get(url).status_code == 302
    client.force_login(world.resident_user)
    assert client.get(url).status_code == 403
    assert AccessLogEntry.objects.filter(event="outcomes.profile", outcome=Outcome.REFUSED).exists()
    for name in ("outcomes:index", "outcomes:map", "outcomes:map_svg"):
        assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("role", ["assigned", "coordinator", "broker", "analyst", "administrator"])
def test_every_professional_role_reads_profiles(cbs, client, world, role):
    client.force_login(world.by_key(role).user)
    assert client.get(reverse("outcomes:profile", args=[BINNENSTAD])).status_code == 200
    index = client.get(reverse("outcomes:index"))
    assert index.status_code == 200
    assert 'href="/gebieden/"' in index.content.decode()  # Wijken in the navigation
