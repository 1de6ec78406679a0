"""The chart as a person (and a screen reader) gets it: rendered HTML, not internals."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from nabij.assessment import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world, record):
    record(world.resident, dt.date(2024, 1, 10), {"financien": 1, "huisvesting": 2})
    record(world.resident, dt.date(2024, 6, 10), {"financien": 2, "huisvesting": 4})
    record(world.resident, dt.date(2025, 1, 10), {"financien": 4})
    panel = selectors.household_assessment_panel(household=world.household)
    return panel, panel["members"][0].histories[0]


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html, flags=re.S)


def test_one_series_per_domain_with_every_score_plotted(history):
    panel, _ = history
    with translation.override("nl"):
        html = render_to_string("assessment/_panel.html", {"assessment_panel": panel})
    svgs = _svgs(html)
    assert len(svgs) == 11
    assert len(re.findall(r'<g class="zrm-series" data-domain="', html)) == 11

    financien = next(s for s in svgs if 'data-domain="financien"' in s)
    assert re.findall(r'data-level="(\d)"', financien) == ["1", "2", "4"]
    assert financien.count("<polyline") == 1
    # Level 1 is drawn lowest, level 4 higher; time runs left to right.
    points = re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', financien)
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert ys[0] > ys[1] > ys[2]
    # Coordinates stay machine-readable in Dutch, where the decimal separator is a comma.
    assert "," not in "".join(x + y for x, y in points)

    huisvesting = next(s for s in svgs if 'data-domain="huisvesting"' in s)
    assert re.findall(r'data-level="(\d)"', huisvesting) == ["2", "4"]
    unscored = next(s for s in svgs if 'data-domain="justitie"' in s)
    assert "<circle" not in unscored and "<polyline" not in unscored


def test_accessible_and_allowed_by_the_content_security_policy(history):
    panel, _ = history
    html = render_to_string("assessment/_panel.html", {"assessment_panel": panel})
    assert "style=" not in html
    assert "<script" not in html
    for svg in _svgs(html):
        assert 'role="img"' in svg
        labelled = re.search(r'aria-labelledby="(\S+) (\S+)"', svg)
        assert labelled is not None
        title_id, desc_id = labelled.groups()
        assert f'<title id="{title_id}">' in svg
        assert f'<desc id="{desc_id}">' in svg
    # The same numbers as a table, for those who cannot see the chart.
    assert "<details" in html and "<table>" in html
    assert len(set(re.findall(r'id="([^"]+)"', html))) == len(re.findall(r'id="', html))


def test_latest_scores_and_trend(history):
    _, member_history = history
    latest = {s.domain: s.level for s in member_history.latest_scores}
    # Huisvesting was skipped last time: its latest score is still shown.
    assert latest == {"Financiën": 4, "Huisvesting": 4}
    series = {s.code: s for s in member_history.chart.series}
    assert series["financien"].trend == "up"
    assert series["justitie"].trend == ""


def test_a_single_assessment_is_a_point_without_a_line(world, record):
    record(world.resident, dt.date(2025, 3, 1), {"adl": 5})
    panel = selectors.household_assessment_panel(household=world.household)
    html = render_to_string("assessment/_panel.html", {"assessment_panel": panel})
    adl = next(s for s in _svgs(html) if 'data-domain="adl"' in s)
    assert adl.count("<circle") == 1 and "<polyline" not in adl
