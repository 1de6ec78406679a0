"""``nabij practices export`` and ``import``: exit codes and messages."""

import io
import json

import pytest

from nabij.practices.cli import export_to, import_from
from nabij.practices.models import PracticeStory
from nabij.practices.tests.helpers import published

pytestmark = pytest.mark.django_db


def test_export_to_stdout_and_import_a_file(world, tmp_path):
    published(world)
    out = io.StringIO()
    assert export_to(None, out=out) == 0
    doc = json.loads(out.getvalue())
    assert len(doc["stories"]) == 1
    path = tmp_path / "p.json"
    assert export_to(path, out=io.StringIO()) == 0
    PracticeStory.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    assert import_from(path, dry_run=False, out=out, err=err) == 0
    assert "1 verhaal" in out.getvalue()
    assert PracticeStory.objects.count() == 1


def test_import_problems_and_unreadable_files(world, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "x"}')
    err = io.StringIO()
    assert import_from(bad, dry_run=False, out=io.StringIO(), err=err) == 1
    assert "/format" in err.getvalue() and "niets geïmporteerd" in err.getvalue()
    assert import_from(tmp_path / "missing.json", dry_run=False, out=io.StringIO(), err=err) == 2
