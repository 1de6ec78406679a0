"""The register of processing (AVG art. 30) in Nabij beheer: the administrator keeps it, every
change goes through ``portal.services.processing_save`` and lands in the audit trail, and two
administrators editing at once get a conflict instead of overwriting each other. Entries are
never deleted: one that is no longer done is taken out of use (residents no longer see it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from nabij.access.admin_site import RoleModelAdmin
from nabij.access.web import actor_for
from nabij.portal import services
from nabij.portal.models import Processing


class ProcessingForm(forms.ModelForm):  # type: ignore[type-arg]
    # The version the form was based on: a save by someone else in between is refused.
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Processing
        fields = [
            "name",
            "purpose",
            "legal_basis",
            "law",
            "retention",
            "voluntary",
            "consent",
            "position",
            "active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["based_on_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk:
            # Locked until the admin's transaction ends, so the save below sees the same row.
            stored = Processing.objects.select_for_update().filter(pk=self.instance.pk).first()
            if stored is not None and stored.version != data.get("based_on_version"):
                raise forms.ValidationError(
                    _("Someone else changed this processing first. Reload it and save again.")
                )
        if data.get("consent") and not data.get("voluntary"):
            self.add_error(
                "consent",
                _("Only a voluntary processing rests on a consent that can be withdrawn."),
            )
        return data


@admin.register(Processing)
class ProcessingAdmin(RoleModelAdmin):
    form = ProcessingForm
    list_display = ["name", "law", "voluntary", "active", "position"]
    list_filter = ["voluntary", "active"]
    ordering = ["position", "name"]
    fields = [
        "name",
        "purpose",
        "legal_basis",
        "law",
        "retention",
        "voluntary",
        "consent",
        "position",
        "active",
        "based_on_version",
    ]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The form checked the version under a row lock held until the admin's transaction
        # ends; the service checks it again and audits the change.
        services.processing_save(
            actor_for(request),
            obj,
            expected_version=form.cleaned_data.get("based_on_version") if change else None,
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
