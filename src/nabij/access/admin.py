"""The administrator's configuration screens: organisations and district teams (their writes go
through ``services_admin``, audited) and a read-only list of professionals. Accounts, roles and
teams of people change on Nabij's own pages (``views_admin``), where a change that widens
access waits for a second administrator.

No case files here: residents, households, plans and the access log are deliberately not
registered, and neither are Django's users and groups (``admin_site``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from nabij.access import services_admin
from nabij.access.admin_site import ReadOnlyRoleModelAdmin, RoleModelAdmin
from nabij.access.models import DistrictTeam, Organisation, Professional
from nabij.access.web import actor_for


@admin.register(Organisation)
class OrganisationAdmin(RoleModelAdmin):
    list_display = ["name", "kind", "agb_code"]
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        services_admin.organisation_save(actor_for(request), obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DistrictTeam)
class DistrictTeamAdmin(RoleModelAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    filter_horizontal = ["districts"]
    # The team's coordinator sets it on the fund page (funds.services.frontline_limit_set, audited)
    readonly_fields = ["frontline_limit_cents"]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        services_admin.team_save(
            actor_for(request), obj, districts=form.cleaned_data.get("districts") or []
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The districts were set by ``team_save``; there are no inlines."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Professional)
class ProfessionalAdmin(ReadOnlyRoleModelAdmin):
    """Read only: roles, teams and accounts change on the account pages, with four eyes."""

    list_display = ["__str__", "role", "organisation", "team"]
    list_filter = ["role", "team"]
    list_select_related = ["user", "organisation", "team"]
    search_fields = ["user__username", "user__last_name"]
    fields = ["user", "role", "organisation", "team", "expertise"]
