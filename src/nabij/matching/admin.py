"""The skills taxonomy is the municipality's data: the administrator renames, regroups,
orders, adds or takes skills out of use here. Skills in use are never deleted (offers and
needs point at them); taking one out of use keeps history and stops new choices."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nabij.access.admin_site import RoleModelAdmin
from nabij.matching.models import Skill


@admin.register(Skill)
class SkillAdmin(RoleModelAdmin):
    list_display = ["name", "name_en", "group_name", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["group_name", "active"]
    ordering = ["position", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not (obj.offers.exists() or obj.needs.exists())
