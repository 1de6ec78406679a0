"""README.md shows Karima's and Hakan's scenarios with the figures the engine computes for the
demo. This fails when the section is missing or its figures drift from the engine's output."""

from __future__ import annotations

from pathlib import Path

import pytest

from nabij.costs.demo_data import readme_section

README = Path(__file__).resolve().parents[4] / "README.md"


@pytest.mark.django_db
def test_readme_has_the_scenarios_with_the_engines_figures():
    expected = readme_section()
    assert "Karima" in expected and "Hakan" in expected
    text = README.read_text(encoding="utf-8")
    heading = expected.splitlines()[0]
    assert heading in text, f"README.md lacks the section {heading!r}"
    start = text.index(heading)
    shown = text[start : start + len(expected)]
    assert shown == expected, (
        "README.md's scenario figures differ from the engine's; print the section with "
        "nabij.costs.demo_data.readme_section() and paste it in."
    )
