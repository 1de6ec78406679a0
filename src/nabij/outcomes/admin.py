"""Nabij beheer: the indicator imports, read only (imports happen with ``nabij import
indicators``; a batch and its values are history and are never edited here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nabij.access.admin_site import RoleModelAdmin
from nabij.outcomes.models import IndicatorImport

FIELDS = (
    "table_id",
    "table_title",
    "period",
    "format",
    "source",
    "licence",
    "modified",
    "files",
    "values_count",
    "areas_count",
    "imported_at",
    "imported_by",
    "replaced_by",
)


@admin.register(IndicatorImport)
class IndicatorImportAdmin(RoleModelAdmin):
    list_display = [
        "table_id",
        "period",
        "format",
        "source",
        "values_count",
        "areas_count",
        "imported_at",
        "imported_by",
        "replaced_by",
    ]
    list_filter = ["table_id", "period", "format"]
    list_select_related = ["imported_by", "replaced_by"]
    search_fields = ["table_id", "table_title"]
    ordering = ["-imported_at", "-id"]
    fields = FIELDS
    readonly_fields = FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
