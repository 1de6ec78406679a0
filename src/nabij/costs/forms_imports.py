"""The upload form for cost-line files; the size limit is also checked before the body is read."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def max_upload_bytes() -> int:
    return int(settings.COSTS_IMPORT_MAX_UPLOAD_MB) * 1024 * 1024


class CostImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV or XLSX file of cost lines, or a JW323/WMO323 declaration message. The kind "
            "is recognised from the content."
        ),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB, the upload limit.")
                % {"limit": settings.COSTS_IMPORT_MAX_UPLOAD_MB}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
