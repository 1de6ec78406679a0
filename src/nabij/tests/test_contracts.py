"""The import contracts of pyproject.toml ([tool.importlinter]) hold, so ``uv run pytest`` alone
guards the structure too: core imports no app, the gate knows no matching, people's domain code
knows no plans, and views and API handlers never import another app's models."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _lint_imports() -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "import-linter is a dev dependency (uv sync)"
    return subprocess.run(
        [command, "--no-logo", "--no-cache"],
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


def test_contracts_catch_a_view_importing_another_apps_models(tmp_path):
    """The contracts can fail: a people view that reads plans' models breaks one."""
    probe = ROOT / "src" / "nabij" / "people" / "views_contract_probe.py"
    probe.write_text("from nabij.plans.models import Plan  # noqa: F401\n")
    try:
        pyproject = (ROOT / "pyproject.toml").read_text()
        config = tmp_path / "contracts.toml"
        config.write_text(
            pyproject.replace(
                'source_modules = ["nabij.people.views", "nabij.people.api"]',
                'source_modules = ["nabij.people.views", "nabij.people.api", '
                '"nabij.people.views_contract_probe"]',
            )
        )
        command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
        assert command
        result = subprocess.run(
            [command, "--no-logo", "--no-cache", str(config)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "nabij.people.views_contract_probe -> nabij.plans.models" in result.stdout
