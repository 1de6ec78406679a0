"""Instruments are configuration: an administrator may add domains and levels here."""

from django.contrib import admin

from nabij.assessment.models import Domain, Instrument, Level


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "code", "is_default"]
    inlines = [DomainInline, LevelInline]
