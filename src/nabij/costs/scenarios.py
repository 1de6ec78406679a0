"""The scenario engine: integral cost-benefit of two trajectories, per funding stream and payer.

Pure functions over plain values, so the formulas can be tested and shown on the page as they
are. Conventions (also printed on the scenario page):

- Years are numbered 1..H from the scenario's start. A yearly flow counts in every year from
  ``from_year`` to ``until_year`` (inclusive; open-ended means up to the horizon); a one-off
  flow counts once, in ``from_year``.
- Present value: the cost of year *t* is divided by (1 + r)^(t - 1), so year 1 is not
  discounted (costs fall at the start of each year). r is the discount rate, by default the
  Dutch standard for social cost-benefit analysis (2.25%).
- Difference = alternative - current: negative means that payer saves, positive that it pays
  more. A payer that pays more while society as a whole saves is a *waterbed effect*.
- Amounts are integer cents; present values are rounded to whole cents once, at the end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

CURRENT = "current"
ALTERNATIVE = "alternative"


@dataclass(frozen=True)
class Flow:
    branch: str  # CURRENT or ALTERNATIVE
    label: str
    stream: str
    payer: str
    amount_cents: int  # per year, or once when one_off
    one_off: bool = False
    from_year: int = 1
    until_year: int | None = None

    def cents_in(self, year: int, horizon: int) -> int:
        if self.one_off:
            return self.amount_cents if year == self.from_year else 0
        last = min(self.until_year or horizon, horizon)
        return self.amount_cents if self.from_year <= year <= last else 0


@dataclass(frozen=True)
class YearRow:
    year: int
    discount_factor: float  # 1 / (1 + r)^(year - 1)
    current_cents: int
    alternative_cents: int

    @property
    def difference_cents(self) -> int:
        return self.alternative_cents - self.current_cents


@dataclass(frozen=True)
class StreamPayerRow:
    stream: str
    payer: str
    current_pv_cents: int
    alternative_pv_cents: int

    @property
    def difference_cents(self) -> int:
        return self.alternative_pv_cents - self.current_pv_cents


@dataclass(frozen=True)
class PayerRow:
    payer: str
    current_pv_cents: int
    alternative_pv_cents: int

    @property
    def difference_cents(self) -> int:
        return self.alternative_pv_cents - self.current_pv_cents


@dataclass(frozen=True)
class ScenarioResult:
    horizon_years: int
    discount_rate_bp: int
    years: list[YearRow]
    by_stream_payer: list[StreamPayerRow]
    by_payer: list[PayerRow]
    current_pv_cents: int
    alternative_pv_cents: int

    @property
    def net_saving_cents(self) -> int:
        """Positive when the alternative costs society less over the horizon."""
        return self.current_pv_cents - self.alternative_pv_cents

    @property
    def waterbed(self) -> list[PayerRow]:
        """Payers who pay more under the alternative, while others save."""
        if not any(p.difference_cents < 0 for p in self.by_payer):
            return []
        return [p for p in self.by_payer if p.difference_cents > 0]


def discount_factor(year: int, rate_bp: int) -> float:
    return 1.0 / (1.0 + rate_bp / 10_000) ** (year - 1)


def evaluate(flows: Iterable[Flow], *, horizon_years: int, discount_rate_bp: int) -> ScenarioResult:
    """Both trajectories over the horizon: per year (undiscounted) and in present value."""
    if not 1 <= horizon_years <= 30:
        raise ValueError("horizon_years must lie between 1 and 30")
    if not 0 <= discount_rate_bp <= 2000:
        raise ValueError("discount_rate_bp must lie between 0 and 2000")
    flows = list(flows)
    for flow in flows:
        if flow.branch not in (CURRENT, ALTERNATIVE):
            raise ValueError(f"unknown branch {flow.branch!r}")
        if flow.amount_cents < 0 or flow.from_year < 1:
            raise ValueError("amounts are not negative and years start at 1")
    factors = [discount_factor(t, discount_rate_bp) for t in range(1, horizon_years + 1)]
    years: list[YearRow] = []
    pv: dict[tuple[str, str, str], float] = defaultdict(float)  # (branch, stream, payer)
    for t, factor in enumerate(factors, start=1):
        totals = {CURRENT: 0, ALTERNATIVE: 0}
        for flow in flows:
            cents = flow.cents_in(t, horizon_years)
            if cents:
                totals[flow.branch] += cents
                pv[(flow.branch, flow.stream, flow.payer)] += cents * factor
        years.append(YearRow(t, factor, totals[CURRENT], totals[ALTERNATIVE]))

    pairs = sorted({(s, p) for _, s, p in pv})
    by_stream_payer = [
        StreamPayerRow(
            stream=s,
            payer=p,
            current_pv_cents=round(pv.get((CURRENT, s, p), 0.0)),
            alternative_pv_cents=round(pv.get((ALTERNATIVE, s, p), 0.0)),
        )
        for s, p in pairs
    ]
    payer_totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in by_stream_payer:
        payer_totals[row.payer][0] += row.current_pv_cents
        payer_totals[row.payer][1] += row.alternative_pv_cents
    by_payer = [PayerRow(p, c, a) for p, (c, a) in sorted(payer_totals.items())]
    return ScenarioResult(
        horizon_years=horizon_years,
        discount_rate_bp=discount_rate_bp,
        years=years,
        by_stream_payer=by_stream_payer,
        by_payer=by_payer,
        current_pv_cents=sum(r.current_pv_cents for r in by_stream_payer),
        alternative_pv_cents=sum(r.alternative_pv_cents for r in by_stream_payer),
    )


def projected_cents(flows: Iterable[Flow], *, branch: str, year: int, horizon_years: int) -> int:
    """Undiscounted cost of one branch in one year: what the realised cost is compared with."""
    return sum(f.cents_in(year, horizon_years) for f in flows if f.branch == branch)
