"""Which rules district teams set aside, by which teams, at what cost, with what outcome, over
time: aggregates only, for policy analysts, team coordinators and the council's agenda.

One query reads the breakthroughs that picked a rule from the register (their rule, team,
household, quarter and figures; never a name or a breakthrough's free text); the rest is
counting in Python. A figure over fewer than ``SMALL_CELL_THRESHOLD`` households is hidden,
and so is any figure from which a hidden one could be worked out: the count tables (rule x team
and rule x quarter, with their margins) go through ``funds.suppression`` (exact linear
disclosure check), and a rule's money and outcome figures are shown only when its total is.

A rule is a candidate for change ("kandidaat voor aanpassing") when it was set aside at least
``RULES_CANDIDATE_MIN_TIMES`` times and at least ``RULES_CANDIDATE_MIN_GOOD_PERCENT`` per cent
of its breakthroughs with a known outcome were solved with the household's goal holding.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from nabij.access.models import DistrictTeam
from nabij.funds.suppression import Key, make_safe, reveal_determined, table_lines
from nabij.learning.models import Rule
from nabij.plans.models import Breakthrough, GoalHeld

SMALL = "small"  # fewer than the threshold of households
SECONDARY = "secondary"  # hidden so that a small figure cannot be worked out


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str = ""
    owner_id: int | None = None


@dataclass(frozen=True)
class Cell:
    """A count, or why it is hidden."""

    value: int | None
    suppressed: str = ""  # "", SMALL or SECONDARY

    @property
    def hidden(self) -> bool:
        return bool(self.suppressed)


@dataclass
class RuleFigures:
    rule_id: int
    name: str
    kind: str
    kind_label: str
    reference: str
    owner: str
    times: Cell
    households: int = 0  # never shown: decides what is small
    cost_cents: int | None = None  # real cost as last reported (or the decided cost)
    saving_cents: int | None = None
    solved: int | None = None
    partly: int | None = None
    not_solved: int | None = None
    pending: int | None = None
    goal_held: int | None = None
    goal_partly: int | None = None
    goal_not_held: int | None = None
    goal_unknown: int | None = None
    good_percent: int | None = None  # solved with the goal holding, of those with an outcome
    candidate: bool = False
    per_team: dict[str, Cell] = field(default_factory=dict)
    per_period: dict[str, Cell] = field(default_factory=dict)

    @property
    def team_cells(self) -> list[Cell]:
        return list(self.per_team.values())

    @property
    def period_cells(self) -> list[Cell]:
        return list(self.per_period.values())


@dataclass
class Analysis:
    filters: Filters
    threshold: int
    min_times: int
    min_good_percent: int
    teams: list[tuple[str, str]]  # (key, name)
    periods: list[str]  # "2026-K3"
    rules: list[RuleFigures]
    team_totals: dict[str, Cell]
    period_totals: dict[str, Cell]
    total: Cell

    @property
    def team_total_cells(self) -> list[Cell]:
        return [self.team_totals[key] for key, _name in self.teams]

    @property
    def period_total_cells(self) -> list[Cell]:
        return [self.period_totals[p] for p in self.periods]

    @property
    def candidates(self) -> list[RuleFigures]:
        return [r for r in self.rules if r.candidate]


def quarter(day: dt.date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


@dataclass
class _Acc:
    times: int = 0
    households: set[int] = field(default_factory=set)
    cost: int = 0
    saving: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    goals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    good: int = 0


def _rows(filters: Filters) -> list[tuple]:
    qs = Breakthrough.objects.filter(rule_set_aside__isnull=False)
    if filters.start is not None:
        qs = qs.filter(decided_on__gte=filters.start)
    if filters.end is not None:
        qs = qs.filter(decided_on__lte=filters.end)
    if filters.kind:
        qs = qs.filter(rule_set_aside__kind=filters.kind)
    if filters.owner_id is not None:
        qs = qs.filter(rule_set_aside__owner_id=filters.owner_id)
    return list(
        qs.order_by().values_list(
            "rule_set_aside_id",
            "household__team_id",
            "household_id",
            "decided_on",
            "outcome",
            "goal_held",
            "cost_cents",
            "real_cost_cents",
            "saving_cents",
        )
    )


def _suppress(
    counts: dict[Key, int],
    households: dict[Key, set[int]],
    rows: list[str],
    columns: list[str],
    limit: int,
    *,
    hidden_before: set[Key] | frozenset[Key] = frozenset(),
    fixed: frozenset[Key] = frozenset(),
) -> dict[Key, Cell]:
    """Every cell and margin of rows x columns, hidden where it must be."""
    n_households = {key: len(households.get(key, ())) for key in counts}
    small = {k for k, n in n_households.items() if 0 < n < limit and k not in fixed}
    lines = table_lines(rows, columns)
    hidden = make_safe(set(small) | set(hidden_before), n_households, lines, limit, fixed)
    hidden = reveal_determined(hidden, n_households, lines, limit)
    out: dict[Key, Cell] = {}
    for key, value in counts.items():
        if key in hidden:
            out[key] = Cell(None, SMALL if 0 < n_households.get(key, 0) < limit else SECONDARY)
        else:
            out[key] = Cell(value)
    return out


def analyse(filters: Filters) -> Analysis:
    limit = settings.SMALL_CELL_THRESHOLD
    min_times = settings.RULES_CANDIDATE_MIN_TIMES
    min_good = settings.RULES_CANDIDATE_MIN_GOOD_PERCENT
    rows = _rows(filters)
    rule_ids = sorted({r[0] for r in rows})
    rules = {r.pk: r for r in Rule.objects.filter(pk__in=rule_ids).select_related("owner")}
    team_ids = sorted({r[1] for r in rows if r[1] is not None})
    team_names = dict(DistrictTeam.objects.filter(pk__in=team_ids).values_list("pk", "name"))
    teams = [(str(t), team_names.get(t, "")) for t in team_ids]
    if any(r[1] is None for r in rows):
        teams.append(("-", "—"))
    periods = sorted({quarter(r[3]) for r in rows})

    per_rule: dict[int, _Acc] = defaultdict(_Acc)
    team_counts: dict[Key, int] = defaultdict(int)
    team_households: dict[Key, set[int]] = defaultdict(set)
    period_counts: dict[Key, int] = defaultdict(int)
    period_households: dict[Key, set[int]] = defaultdict(set)
    for rule_id, team_id, household_id, decided_on, outcome, goal, cost, real, saving in rows:
        acc = per_rule[rule_id]
        acc.times += 1
        acc.households.add(household_id)
        acc.cost += cost if real is None else real
        acc.saving += saving or 0
        acc.outcomes[outcome] += 1
        acc.goals[goal] += 1
        if outcome == Breakthrough.Outcome.SOLVED and goal == GoalHeld.YES:
            acc.good += 1
        r, t, p = str(rule_id), "-" if team_id is None else str(team_id), quarter(decided_on)
        for key in ((r, t), (r, ""), ("", t), ("", "")):
            team_counts[key] += 1
            team_households[key].add(household_id)
        for key in ((r, p), (r, ""), ("", p), ("", "")):
            period_counts[key] += 1
            period_households[key].add(household_id)

    row_keys = [str(i) for i in rule_ids]
    team_keys = [k for k, _name in teams]
    team_counts.setdefault(("", ""), 0)
    period_counts.setdefault(("", ""), 0)
    for r in row_keys:  # every cell of the table, zeros included
        for t in team_keys:
            team_counts.setdefault((r, t), 0)
        for p in periods:
            period_counts.setdefault((r, p), 0)
    by_team = _suppress(team_counts, team_households, row_keys, team_keys, limit)
    # The rule totals and the grand total appear in both tables: what the first hides, the
    # second hides too, and what it shows is known to the reader of the second.
    margins = {k for k in by_team if k[1] == ""}
    by_period = _suppress(
        period_counts,
        period_households,
        row_keys,
        periods,
        limit,
        hidden_before={k for k in margins if by_team[k].hidden},
        fixed=frozenset(k for k in margins if not by_team[k].hidden),
    )

    figures: list[RuleFigures] = []
    for rule_id in rule_ids:
        rule, acc, r = rules[rule_id], per_rule[rule_id], str(rule_id)
        fig = RuleFigures(
            rule_id=rule_id,
            name=rule.name,
            kind=rule.kind,
            kind_label=str(rule.get_kind_display()),
            reference=rule.reference,
            owner=rule.owner.name,
            times=by_team[(r, "")],
            households=len(acc.households),
            per_team={t: by_team[(r, t)] for t in team_keys},
            per_period={p: by_period[(r, p)] for p in periods},
        )
        if not fig.times.hidden:
            known = acc.times - acc.outcomes[Breakthrough.Outcome.PENDING]
            fig.cost_cents = acc.cost
            fig.saving_cents = acc.saving
            fig.solved = acc.outcomes[Breakthrough.Outcome.SOLVED]
            fig.partly = acc.outcomes[Breakthrough.Outcome.PARTLY]
            fig.not_solved = acc.outcomes[Breakthrough.Outcome.NOT_SOLVED]
            fig.pending = acc.outcomes[Breakthrough.Outcome.PENDING]
            fig.goal_held = acc.goals[GoalHeld.YES]
            fig.goal_partly = acc.goals[GoalHeld.PARTLY]
            fig.goal_not_held = acc.goals[GoalHeld.NO]
            fig.goal_unknown = acc.goals[GoalHeld.UNKNOWN]
            fig.good_percent = round(100 * acc.good / known) if known else None
            fig.candidate = (
                acc.times >= min_times
                and fig.good_percent is not None
                and fig.good_percent >= min_good
            )
        figures.append(fig)
    figures.sort(key=lambda f: (f.times.value is None, -(f.times.value or 0), f.name))
    return Analysis(
        filters=filters,
        threshold=limit,
        min_times=min_times,
        min_good_percent=min_good,
        teams=teams,
        periods=periods,
        rules=figures,
        team_totals={t: by_team[("", t)] for t in team_keys},
        period_totals={p: by_period[("", p)] for p in periods},
        total=by_team[("", "")],
    )


# --- the export (CSV and JSON: the same figures, documented in docs/rules-analysis.md) ---------

COLUMNS = (
    "rule_id",
    "rule",
    "kind",
    "reference",
    "owner",
    "times_set_aside",
    "cost_cents",
    "saving_cents",
    "solved",
    "partly_solved",
    "not_solved",
    "outcome_pending",
    "goal_held",
    "goal_partly_held",
    "goal_not_held",
    "goal_unknown",
    "good_outcome_percent",
    "candidate_for_change",
)


def _value(cell: Cell) -> int | None:
    return cell.value


def export_data(a: Analysis) -> dict:
    def rule_dict(f: RuleFigures) -> dict:
        return {
            "rule_id": f.rule_id,
            "rule": f.name,
            "kind": f.kind,
            "reference": f.reference,
            "owner": f.owner,
            "times_set_aside": f.times.value,
            "suppressed": f.times.suppressed or None,
            "cost_cents": f.cost_cents,
            "saving_cents": f.saving_cents,
            "solved": f.solved,
            "partly_solved": f.partly,
            "not_solved": f.not_solved,
            "outcome_pending": f.pending,
            "goal_held": f.goal_held,
            "goal_partly_held": f.goal_partly,
            "goal_not_held": f.goal_not_held,
            "goal_unknown": f.goal_unknown,
            "good_outcome_percent": f.good_percent,
            "candidate_for_change": f.candidate,
            "per_team": {name: _value(f.per_team[key]) for key, name in a.teams},
            "per_quarter": {p: _value(f.per_period[p]) for p in a.periods},
        }

    return {
        "format": "nabij-rules-analysis",
        "version": 1,
        "filters": {
            "from": a.filters.start.isoformat() if a.filters.start else None,
            "to": a.filters.end.isoformat() if a.filters.end else None,
            "kind": a.filters.kind or None,
            "owner_id": a.filters.owner_id,
        },
        "suppression": {"threshold_households": a.threshold},
        "candidate_rule": {
            "min_times_set_aside": a.min_times,
            "min_good_outcome_percent": a.min_good_percent,
        },
        "total_set_aside": a.total.value,
        "rules": [rule_dict(f) for f in a.rules],
        "teams": {name: _value(a.team_totals[key]) for key, name in a.teams},
        "quarters": {p: _value(a.period_totals[p]) for p in a.periods},
    }


def _csv_value(value: object, suppressed: str, threshold: int) -> str:
    if suppressed:
        return f"<{threshold}" if suppressed == SMALL else "x"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def export_rows(a: Analysis) -> list[list[str]]:
    """One row per rule: the fixed columns, then one per team and one per quarter. A hidden
    count is ``<threshold`` (small) or ``x`` (hidden so a small one cannot be worked out); a
    hidden rule's other figures are empty."""
    header = [*COLUMNS]
    header += [f"team:{name}" for _key, name in a.teams]
    header += [f"quarter:{p}" for p in a.periods]
    out = [header]
    for f in a.rules:
        hidden = f.times.suppressed
        row = [
            str(f.rule_id),
            f.name,
            f.kind,
            f.reference,
            f.owner,
            _csv_value(f.times.value, hidden, a.threshold),
        ]
        for value in (
            f.cost_cents,
            f.saving_cents,
            f.solved,
            f.partly,
            f.not_solved,
            f.pending,
            f.goal_held,
            f.goal_partly,
            f.goal_not_held,
            f.goal_unknown,
            f.good_percent,
        ):
            row.append(_csv_value(value, "", a.threshold))
        row.append(_csv_value(f.candidate, "", a.threshold))
        for key, _name in a.teams:
            cell = f.per_team[key]
            row.append(_csv_value(cell.value, cell.suppressed, a.threshold))
        for p in a.periods:
            cell = f.per_period[p]
            row.append(_csv_value(cell.value, cell.suppressed, a.threshold))
        out.append(row)
    return out
