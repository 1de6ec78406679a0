"""``nabij budget tally`` (no database) and ``nabij budget export`` (a closed round)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from nabij.budgets.pabulib import read_pb
from nabij.budgets.tests.test_pabulib import GOOD
from nabij.cli import main


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "voorbeeld.pb"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rule", "selected", "used"),
    [("greedy", ["1", "3", "4"], 1000), ("mes", ["1"], 600), ("mes-add1", ["1", "3"], 900)],
)
def test_tally_json(
    good_file: Path, capsys: pytest.CaptureFixture[str], rule: str, selected: list[str], used: int
) -> None:
    assert main(["budget", "tally", str(good_file), "--rule", rule, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rule"] == rule
    assert result["selected"] == selected
    assert result["budget_used"] == used
    assert result["budget"] == 1000
    assert result["num_projects"] == 4
    assert result["num_votes"] == 5


def test_tally_in_words(good_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", "tally", str(good_file), "--rule", "greedy"]) == 0
    out = capsys.readouterr().out
    assert "Regel: meeste stemmen eerst (greedy)" in out
    assert "Budget 1.000, besteed 1.000 (100%); 5 stemmen, 4 projecten" in out
    assert "niemand stemde erop, maar het paste nog in wat over was" in out


def test_tally_findings_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(GOOD.replace("1; 600;", "1; zeshonderd;"), encoding="utf-8")
    assert main(["budget", "tally", str(path), "--rule", "mes"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:regel 14, kolom cost: kosten van project 1: “zeshonderd” is geen getal" in err
    assert "1 bevindingen; niets geteld." in err


def test_tally_unreadable_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", "tally", str(tmp_path / "nee.pb"), "--rule", "mes"]) == 2
    assert "kan niet gelezen worden" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["budget", "tally", str(tmp_path / "nee.pb"), "--rule", "borda"])
    assert exit_.value.code == 2


def test_tally_needs_no_django(good_file: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"  # would fail if used
    code = (
        "import sys; from nabij.cli import main; rc = main(sys.argv[1:]); "
        "assert 'django.db' not in sys.modules, 'django.db imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "budget",
            "tally",
            str(good_file),
            "--rule",
            "mes-add1",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["selected"] == ["1", "3"]


# --- export ---------------------------------------------------------------------------------


def _round(phase: str):  # type: ignore[no-untyped-def]
    from nabij.areas.models import District, Municipality, Neighbourhood
    from nabij.budgets.models import Ballot, BudgetProposal, BudgetRound

    municipality = Municipality.objects.create(code="GM0080", name="Leeuwarden")
    district = District.objects.create(
        municipality=municipality, code="WK008050", name="Heechterp & Schieringen"
    )
    north = Neighbourhood.objects.create(district=district, code="BU00805000", name="Noord")
    south = Neighbourhood.objects.create(district=district, code="BU00805001", name="Zuid")
    user = User.objects.create(username="coordinator")
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    budget_round = BudgetRound.objects.create(
        district=district,
        year=today.year,
        title="Buurtbudget Heechterp; 2026",
        amount_cents=1_000_000,
        phase=phase,
        deciding_rule="mes",
        proposals_from=today - 40 * day,
        proposals_until=today - 30 * day,
        checking_until=today - 20 * day,
        voting_from=today - 10 * day,
        voting_until=today - 1 * day,
        results_on=today,
        created_by=user,
    )
    proposals = {}
    for number, cost, status in [
        (1, 600_000, "feasible"),
        (2, 500_000, "feasible"),
        (3, 300_000, "feasible"),
        (4, 100_000, "rejected"),
    ]:
        proposals[number] = BudgetProposal.objects.create(
            round=budget_round,
            number=number,
            title=f"Voorstel {number}",
            description="…",
            cost_estimate_cents=cost - 1,
            cost_cents=cost,
            status=status,
        )
    for choices, where in [
        ([1, 3], north),
        ([1, 2], north),
        ([1, 3], south),
        ([2, 3], south),
        ([], None),
    ]:
        Ballot.objects.create(
            round=budget_round, neighbourhood=where, choices=[proposals[n].pk for n in choices]
        )
    return budget_round, proposals


@pytest.mark.django_db
def test_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nabij.budgets.cli import export_round
    from nabij.budgets.models import RoundResult

    budget_round, proposals = _round("results")
    RoundResult.objects.create(
        round=budget_round,
        rule="mes-add1",
        selected=[proposals[3].pk, proposals[2].pk],
        budget_used_cents=800_000,
        ballots_count=5,
    )
    output = tmp_path / "ronde.pb"
    assert export_round(budget_round.pk, output, out=sys.stdout, err=sys.stderr) == 0
    pb = read_pb(output.read_bytes(), output.name)
    assert pb.meta["budget"] == "10000"  # whole euros, as the round is tallied
    assert pb.meta["currency"] == "EUR"
    assert pb.meta["rule"] == "equalshares/add1"
    assert pb.meta["description"] == "Buurtbudget Heechterp; 2026"
    assert [(p.id, p.cost, p.fields["votes"], p.fields["selected"]) for p in pb.projects] == [
        ("1", 6_000, "3", "0"),
        ("2", 5_000, "2", "1"),
        ("3", 3_000, "3", "1"),
    ]
    assert [v.id for v in pb.voters] == ["1", "2", "3", "4", "5"]
    election = pb.election("neighborhood")
    assert sorted(election.ballots, key=sorted) == sorted(
        [frozenset(b) for b in (["1", "3"], ["1", "2"], ["1", "3"], ["2", "3"], [])], key=sorted
    )
    assert sorted(election.groups or []) == [
        "",
        "BU00805000",
        "BU00805000",
        "BU00805001",
        "BU00805001",
    ]
    # the same election as the tally sees: exported, read, tallied
    from nabij.budgets.tally import tally

    assert tally(election, "mes-add1").selected == ["1", "3"]
    # to stdout as well
    capsys.readouterr()
    assert export_round(budget_round.pk, None, out=sys.stdout, err=sys.stderr) == 0
    assert capsys.readouterr().out == output.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_export_refused_while_the_vote_is_open(capsys: pytest.CaptureFixture[str]) -> None:
    from nabij.budgets.cli import export_round

    budget_round, _ = _round("voting")
    assert export_round(budget_round.pk, None, out=sys.stdout, err=sys.stderr) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "verborgen tot de stemming gesloten is" in captured.err
    assert export_round(999_999, None, out=sys.stdout, err=sys.stderr) == 1
    assert "er is geen budgetronde 999999" in capsys.readouterr().err


@pytest.mark.django_db
def test_export_reads_in_three_queries(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from nabij.budgets.exports import round_pb

    budget_round, _ = _round("finished")
    with django_assert_num_queries(4):
        round_pb(budget_round.pk)
