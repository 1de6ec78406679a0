"""The administrator's screens: users, roles, organisations and teams. No case files here:
residents, households, plans and the access log are deliberately not registered."""

from django.contrib import admin

from nabij.access.models import DistrictTeam, Organisation, Professional


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(DistrictTeam)
class DistrictTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    filter_horizontal = ["districts"]


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "organisation", "team"]
    list_filter = ["role", "team"]
    list_select_related = ["user", "organisation", "team"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user"]
