"""Query-string parameters that pages read alike: a wrong one is the page's own 400 with a
notice, never a server error."""

from __future__ import annotations

YEAR_RANGE = (2000, 2100)


def parse_year(raw: str | None) -> tuple[int | None, bool]:
    """The year from the query string, and whether what was given was not a year."""
    if not raw:
        return None, False
    try:
        year = int(raw)
    except ValueError:
        return None, True
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        return None, True
    return year, False
