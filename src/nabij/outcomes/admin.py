"""Nabij beheer: the indicator imports, read only (imports happen with ``nabij import
indicators``; a batch and its values are history and are never edited here)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from nabij.access.admin_site import ReadOnlyRoleModelAdmin
from nabij.outcomes.models import IndicatorImport

FIELDS = (
    "table_id",
    "table_title",
    "period",
    "format",
    "source",
    "licence",
    "modified",
    "file_list",
    "values_count",
    "areas_count",
    "imported_at",
    "by",
    "replaced",
)


@admin.register(IndicatorImport)
class IndicatorImportAdmin(ReadOnlyRoleModelAdmin):
    list_display = [
        "table_id",
        "period",
        "format",
        "source",
        "values_count",
        "areas_count",
        "imported_at",
        "by",
        "replaced",
    ]
    list_filter = ["table_id", "period", "format"]
    list_select_related = ["imported_by", "replaced_by"]
    search_fields = ["table_id", "table_title"]
    ordering = ["-imported_at", "-id"]
    fields = FIELDS
    readonly_fields = FIELDS

    @admin.display(description=_("files"))
    def file_list(self, obj: IndicatorImport) -> str:
        return format_html_join(
            mark_safe("<br>"),
            "{} ({}, SHA-256 {})",
            (
                (f.get("name", ""), f.get("kind", ""), str(f.get("sha256", ""))[:16] + "…")
                for f in obj.files or []
                if isinstance(f, dict)
            ),
        )

    @admin.display(description=_("imported by"), ordering="imported_by__username")
    def by(self, obj: IndicatorImport) -> str:
        return obj.imported_by.get_username() if obj.imported_by else "-"

    @admin.display(description=_("replaced by import"), ordering="replaced_by")
    def replaced(self, obj: IndicatorImport) -> str:
        return str(obj.replaced_by) + f" (#{obj.replaced_by_id})" if obj.replaced_by else "-"
