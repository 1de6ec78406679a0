"""``nabij import indicators``: exit codes, findings on stderr, summary, progress, history."""

from __future__ import annotations

import pytest

from nabij import cli
from nabij.outcomes.models import IndicatorImport, IndicatorValue
from nabij.outcomes.tests import cbs_files as cbs
from nabij.outcomes.tests.cbs_files import areas, english  # noqa: F401 - fixtures
from nabij.tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "areas")]


def command(*args: str) -> int:
    return cli.main(["import", "indicators", *args])


def test_exit_0_and_a_summary_line(tmp_path, capsys):
    paths = cbs.table_files(tmp_path, [cbs.row("GM0080", AantalInwoners_5=128810, Mannen_6=1)])
    assert command(*paths) == 0
    out, err = capsys.readouterr()
    batch = IndicatorImport.objects.get()
    assert out == (
        f"85984NED 2024: imported 2 values for 1 areas and 2 indicators (batch {batch.pk}).\n"
    )
    assert err == ""  # not a terminal, no --progress: no bar


def test_exit_1_prints_every_finding_and_writes_nothing(tmp_path, capsys):
    paths = cbs.table_files(
        tmp_path,
        [cbs.row("WK999999", 0, AantalInwoners_5=1), cbs.row("WK008010", 1, Fout_1="a")],
    )
    assert command(*paths) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{paths[0]}:row 1, WK999999: Area code “WK999999” is not known: not NL00, and not a "
        "municipality, district or neighbourhood in Nabij.",
        f"{paths[0]}:row 2, WK008010, Fout_1: Field “Fout_1” is not defined in the "
        "DataProperties of 85984NED.",
        "nabij import indicators: 2 findings; nothing was imported.",
    ]
    assert not IndicatorImport.objects.exists()


def test_exit_2_for_unreadable_files_and_bad_arguments(tmp_path, capsys):
    paths = cbs.table_files(tmp_path, [cbs.row("GM0080", AantalInwoners_5=1)])
    missing = str(tmp_path / "weg.json")
    assert command(*paths, missing) == 2
    assert capsys.readouterr().err == f"{missing}: cannot be read: no such file.\n"

    broken = tmp_path / "kapot.json"
    broken.write_text('{"value": [')
    assert command(*paths[1:], str(broken)) == 2
    assert "kapot.json: cannot be read: not valid JSON" in capsys.readouterr().err

    csv = tmp_path / "kwb.csv"
    csv.write_text("WijkenEnBuurten;AantalInwoners_5\nGM0080;1\n")
    assert command(str(csv)) == 2
    assert "is a StatLine CSV: name its table and year with --table" in capsys.readouterr().err
    assert command(str(csv), "--table", "85984NED", "--period", "twee") == 2
    assert "is not a year" in capsys.readouterr().err
    assert command(*paths, "--user", "niemand") == 2
    assert "no user named “niemand”" in capsys.readouterr().err
    with pytest.raises(SystemExit) as no_files:
        command()
    assert no_files.value.code == 2
    assert not IndicatorImport.objects.exists()


def test_a_csv_with_table_and_period_and_the_user_recorded(tmp_path, capsys):
    user = f.UserFactory(username="analist")
    csv = tmp_path / "kwb.csv"
    csv.write_text('"WijkenEnBuurten";"AantalInwoners_5"\n"GM0080    ";"128810"\n')
    assert command(str(csv), "--table", "85984NED", "--period", "2024", "--user", "analist") == 0
    batch = IndicatorImport.objects.get()
    assert (batch.format, batch.imported_by) == ("csv", user)
    assert capsys.readouterr().out.startswith("85984NED 2024: imported 1 values")


def test_progress_bar_on_request(tmp_path, capsys):
    paths = cbs.table_files(tmp_path, [cbs.row("GM0080", AantalInwoners_5=1)])
    assert command(*paths, "--progress") == 0
    err = capsys.readouterr().err
    assert "\r" in err
    assert "[##############################] 100.0%" in err


def test_reimport_replaces_the_period_and_keeps_history(tmp_path, capsys):
    first = cbs.table_files(tmp_path, [cbs.row("GM0080", 0, AantalInwoners_5=128000, Mannen_6=1)])
    assert command(*first) == 0
    old = IndicatorImport.objects.get()
    (tmp_path / "new").mkdir()
    second = cbs.table_files(tmp_path / "new", [cbs.row("GM0080", 0, AantalInwoners_5=128810)])
    assert command(*second) == 0
    new = IndicatorImport.objects.exclude(pk=old.pk).get()
    assert capsys.readouterr().out.splitlines()[-1].endswith(f"; replaces batch {old.pk}.")

    old.refresh_from_db()
    assert old.replaced_by == new
    current = IndicatorValue.objects.filter(current=True)
    assert list(current.values_list("indicator__code", "value")) == [("AantalInwoners", 128810)]
    history = IndicatorValue.objects.filter(batch=old).order_by("indicator__code")
    assert list(history.values_list("indicator__code", "value", "current")) == [
        ("AantalInwoners", 128000, False),
        ("Mannen", 1, False),
    ]


def test_an_import_retires_the_demos_value_of_the_same_figure(tmp_path):
    synthetic = f.IndicatorValueFactory(
        indicator=f.IndicatorFactory(code="AantalInwoners"),
        area_code="GM0080",
        value=1,
        quality="synthetic",
        batch=f.IndicatorImportFactory(table_id="nabij-demo", format="demo"),
    )
    kept = f.IndicatorValueFactory(
        indicator=synthetic.indicator,
        area_code="WK008010",
        quality="synthetic",
        batch=synthetic.batch,
    )
    paths = cbs.table_files(tmp_path, [cbs.row("GM0080", AantalInwoners_5=128810)])
    assert command(*paths) == 0
    synthetic.refresh_from_db()
    kept.refresh_from_db()
    assert (synthetic.current, kept.current) == (False, True)
    assert IndicatorValue.objects.get(current=True, area_code="GM0080").quality == "final"
