"""Instruments are configuration: an administrator may add domains and levels here."""

from django.contrib import admin

from nabij.access.admin_site import RoleModelAdmin, RoleTabularInline
from nabij.assessment.models import Domain, Instrument, Level


class DomainInline(RoleTabularInline):
    model = Domain
    extra = 0


class LevelInline(RoleTabularInline):
    model = Level
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(RoleModelAdmin):
    list_display = ["name", "version", "code", "is_default"]
    inlines = [DomainInline, LevelInline]
