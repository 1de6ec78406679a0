"""The area budget reads the cost ledger's snapshot (``costs.analytics``), refreshed every few
seconds on a running server. In tests each test starts with a new snapshot refreshed on every
read, so it sees the lines it has just written and never those of an earlier, rolled-back test
(whose ids SQLite hands out again)."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cost_snapshot(monkeypatch):
    from nabij.costs import analytics
    from nabij.funds import selectors_budget

    analytics.forget_snapshots()
    monkeypatch.setattr(selectors_budget, "REFRESH_SECONDS", 0.0)
    yield
    analytics.forget_snapshots()
