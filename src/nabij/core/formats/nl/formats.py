"""Dutch: 7-10-2026 joined by non-breaking hyphens (U+2011), so a date stays on one line."""

SHORT_DATE_FORMAT = "j\u2011n\u2011Y"
SHORT_DATETIME_FORMAT = "j\u2011n\u2011Y H:i"
