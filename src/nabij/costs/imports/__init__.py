"""Imports of cost lines: CSV, XLSX and iJw/iWmo declarations (JW323/WMO323), all or nothing.

``import_files(actor, [(name, opener, size), ...])`` checks every file completely, then writes
them in one transaction or raises ``ImportRefused`` with every finding and its place. The
column mapping and the checks are documented in ``docs/import-costs.md``.
"""

from nabij.costs.imports.findings import Finding
from nabij.costs.imports.pipeline import ImportRefused, ImportResult, import_files
from nabij.costs.imports.progress import NoProgress, Progress

__all__ = [
    "Finding",
    "ImportRefused",
    "ImportResult",
    "NoProgress",
    "Progress",
    "import_files",
]
