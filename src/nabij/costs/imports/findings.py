"""Findings: what is wrong with an import, and where (line, element path, or the whole file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

# A file where every line is wrong would otherwise hold millions of findings in memory; past
# this many, only the count is kept (and said).
MAX_KEPT = 10_000


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    place: str  # a line number, an element path such as /Bericht/Header/Afzender, or ""
    message: str

    def __str__(self) -> str:
        if self.place:
            return f"{self.file}:{self.place}: {self.message}"
        return f"{self.file}: {self.message}"


@dataclass
class Findings:
    """Collects findings for one file, keeping the first ``MAX_KEPT`` and counting the rest."""

    file: str
    kept: list[Finding] = field(default_factory=list)
    count: int = 0

    def add(self, place: str | int, message: str) -> int | None:
        """Adds a finding; its index among the kept ones (None when only counted)."""
        self.count += 1
        if len(self.kept) < MAX_KEPT:
            self.kept.append(Finding(self.file, str(place), message))
            return len(self.kept) - 1
        return None

    def reword(self, index: int, message: str) -> None:
        """A kept finding says more, in the same place (e.g. every line it concerns)."""
        finding = self.kept[index]
        self.kept[index] = Finding(finding.file, finding.place, message)

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def dropped(self) -> int:
        return self.count - len(self.kept)


class ImportRefused(Exception):
    """Nothing was written; ``findings`` says what is wrong where (``dropped`` more not kept)."""

    def __init__(self, findings: list[Finding], dropped: int = 0) -> None:
        super().__init__(f"{len(findings) + dropped} findings")
        self.findings = findings
        self.dropped = dropped


def print_refused(refused: ImportRefused, *, command: str, err: TextIO) -> None:
    """Every finding on its own line, then how many and that nothing was imported."""
    for finding in refused.findings:
        print(finding, file=err)
    if refused.dropped:
        print(f"… and {refused.dropped} more findings.", file=err)
    total = len(refused.findings) + refused.dropped
    print(f"{command}: {total} findings; nothing was imported.", file=err)
