"""``import_cbs_areas``: defaults to the shipped files, fails loudly and writes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nabij.areas import services
from nabij.areas.models import District, Municipality, Neighbourhood


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cbs_areas", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_defaults_import_leeuwarden_twice_without_duplicates():
    out, _ = _run()
    again, _ = _run()

    assert "GM0080 Leeuwarden: 22 districts (22 new), 134 neighbourhoods (134 new)" in out
    assert "(0 new)" in again
    assert District.objects.count() == 22
    assert Neighbourhood.objects.count() == 134


@pytest.mark.django_db
def test_explicit_files(tmp_path: Path):
    kwb = tmp_path / "kwb.json"
    kwb.write_text(services.LEEUWARDEN_KWB.read_text())

    out, _ = _run(
        "--municipality",
        "GM0080",
        "--name",
        "Leeuwarden",
        "--districts",
        str(services.LEEUWARDEN_DISTRICTS),
        "--neighbourhoods",
        str(services.LEEUWARDEN_NEIGHBOURHOODS),
        "--kwb",
        str(kwb),
    )

    assert "Imported" in out
    assert Municipality.objects.get().inhabitants == 128810


@pytest.mark.django_db
def test_bad_file_fails_with_a_clear_message(tmp_path: Path):
    data = json.loads(services.LEEUWARDEN_NEIGHBOURHOODS.read_text())
    data["features"][0]["properties"]["wijk_code"] = "WK008099"
    bad = tmp_path / "buurten.geojson"
    bad.write_text(json.dumps(data))

    with pytest.raises(CommandError, match=r"Nothing was imported\. buurten\.geojson, feature 1"):
        _run("--neighbourhoods", str(bad))

    assert Municipality.objects.count() == 0


@pytest.mark.django_db
def test_other_municipality_needs_a_name():
    with pytest.raises(CommandError, match="--name"):
        _run("--municipality", "GM0363")


@pytest.mark.django_db
def test_wrong_municipality_for_the_files():
    with pytest.raises(CommandError, match="does not belong to GM0363"):
        _run("--municipality", "GM0363", "--name", "Amsterdam")
    assert District.objects.count() == 0
