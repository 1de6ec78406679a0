"""The import contracts of pyproject.toml ([tool.importlinter]) hold, so ``uv run pytest`` alone
guards the structure too: core imports no app, the gate knows no matching, people's domain code
knows no plans, and views and API handlers never import another app's models."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _lint_imports(*config: str) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "import-linter is a dev dependency (uv sync)"
    return subprocess.run(
        [command, "--no-logo", "--no-cache", *config],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_import_contracts_hold():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_can_fail(tmp_path):
    """Widen one contract to a module that does import plans (the dossier page composes the
    household with its plan): lint-imports must then report that import and fail."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    narrow = '"nabij.people.forms", "nabij.people.signals", "nabij.people.bsn",'
    assert narrow in pyproject
    config = tmp_path / "contracts.toml"
    config.write_text(pyproject.replace(narrow, narrow + ' "nabij.people.views",'))
    result = _lint_imports(str(config))
    assert result.returncode != 0
    assert "nabij.people.views -> nabij.plans.selectors" in result.stdout
