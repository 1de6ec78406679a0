"""English: 7 Oct 2026 with no-break spaces (day before month, as in the Dutch pages)."""

SHORT_DATE_FORMAT = "j\u00a0M\u00a0Y"
SHORT_DATETIME_FORMAT = "j\u00a0M\u00a0Y H:i"
