"""The scenario engine against hand computations: discounting, one-offs, horizon, waterbed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nabij.costs.scenarios import ALTERNATIVE, CURRENT, Flow, evaluate, projected_cents


def test_discounting_by_hand():
    # 10,000.00 a year for 3 years at 10%: 10,000 + 10,000/1.1 + 10,000/1.21 = 27,355.37
    result = evaluate(
        [Flow(CURRENT, "x", "youth", "municipality", 1_000_000)],
        horizon_years=3,
        discount_rate_bp=1000,
    )
    assert [round(y.discount_factor, 6) for y in result.years] == [1.0, 0.909091, 0.826446]
    assert result.current_pv_cents == 2_735_537
    assert [y.current_cents for y in result.years] == [1_000_000] * 3


def test_zero_rate_is_a_plain_sum():
    result = evaluate(
        [Flow(CURRENT, "x", "youth", "municipality", 123_456)], horizon_years=7, discount_rate_bp=0
    )
    assert result.current_pv_cents == 7 * 123_456


def test_one_off_counts_once_in_its_year_and_is_discounted_there():
    flows = [Flow(ALTERNATIVE, "debt", "debt", "municipality", 1_200_000, one_off=True,
                  from_year=2)]  # fmt: skip
    result = evaluate(flows, horizon_years=5, discount_rate_bp=225)
    assert [y.alternative_cents for y in result.years] == [0, 1_200_000, 0, 0, 0]
    assert result.alternative_pv_cents == round(1_200_000 / 1.0225)


def test_horizon_cuts_open_ended_and_long_flows():
    flows = [
        Flow(CURRENT, "open", "youth", "municipality", 100, from_year=2),
        Flow(CURRENT, "long", "wmo", "municipality", 10, until_year=30),
        Flow(CURRENT, "after", "wmo", "municipality", 1, from_year=9),  # beyond the horizon
        Flow(CURRENT, "once late", "wmo", "municipality", 1000, one_off=True, from_year=6),
    ]
    result = evaluate(flows, horizon_years=4, discount_rate_bp=0)
    assert [y.current_cents for y in result.years] == [10, 110, 110, 110]
    assert projected_cents(flows, branch=CURRENT, year=3, horizon_years=4) == 110


def test_who_pays_who_saves_and_the_waterbed():
    """Karima in miniature: the municipality saves on the shelter, the state pays rent allowance."""
    flows = [
        Flow(CURRENT, "shelter", "youth", "municipality", 6_000_000, until_year=2),
        Flow(ALTERNATIVE, "debt", "debt", "municipality", 1_200_000, one_off=True),
        Flow(ALTERNATIVE, "allowance", "other", "state", 300_000),
    ]
    result = evaluate(flows, horizon_years=2, discount_rate_bp=0)
    payers = {p.payer: p.difference_cents for p in result.by_payer}
    assert payers == {"municipality": 1_200_000 - 12_000_000, "state": 600_000}
    assert [p.payer for p in result.waterbed] == ["state"]
    assert result.net_saving_cents == 12_000_000 - 1_200_000 - 600_000
    rows = {(r.stream, r.payer): r.difference_cents for r in result.by_stream_payer}
    assert rows == {
        ("debt", "municipality"): 1_200_000,
        ("other", "state"): 600_000,
        ("youth", "municipality"): -12_000_000,
    }


def test_no_waterbed_when_nobody_saves():
    flows = [Flow(ALTERNATIVE, "extra", "wmo", "municipality", 100)]
    assert evaluate(flows, horizon_years=1, discount_rate_bp=0).waterbed == []


@pytest.mark.parametrize(
    ("kwargs", "flows"),
    [
        ({"horizon_years": 0, "discount_rate_bp": 225}, []),
        ({"horizon_years": 31, "discount_rate_bp": 225}, []),
        ({"horizon_years": 5, "discount_rate_bp": 2001}, []),
        ({"horizon_years": 5, "discount_rate_bp": 225}, [Flow("maybe", "x", "wmo", "state", 1)]),
        ({"horizon_years": 5, "discount_rate_bp": 225}, [Flow(CURRENT, "x", "wmo", "state", -1)]),
    ],
)
def test_refuses_nonsense(kwargs, flows):
    with pytest.raises(ValueError):
        evaluate(flows, **kwargs)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([CURRENT, ALTERNATIVE]),
            st.sampled_from(["youth", "wmo", "debt"]),
            st.sampled_from(["municipality", "state", "insurer"]),
            st.integers(min_value=0, max_value=10_000_000),
            st.booleans(),
            st.integers(min_value=1, max_value=12),
        ),
        max_size=10,
    ),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=2000),
)
def test_totals_agree_and_discounting_never_adds(rows, horizon, rate):
    flows = [Flow(b, "x", s, p, c, one_off=o, from_year=y) for b, s, p, c, o, y in rows]
    result = evaluate(flows, horizon_years=horizon, discount_rate_bp=rate)
    assert result.current_pv_cents == sum(p.current_pv_cents for p in result.by_payer)
    assert result.alternative_pv_cents == sum(p.alternative_pv_cents for p in result.by_payer)
    assert result.current_pv_cents <= sum(y.current_cents for y in result.years)
    undiscounted = evaluate(flows, horizon_years=horizon, discount_rate_bp=0)
    assert undiscounted.current_pv_cents == sum(y.current_cents for y in result.years)
