"""The upload form for a delivery of signals (the size limit is also checked before the body is
read, as for cost lines)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def max_upload_bytes() -> int:
    return int(settings.SIGNALS_IMPORT_MAX_UPLOAD_MB) * 1024 * 1024


class SignalImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV (UTF-8, separated by semicolons) or XLSX file of arrears signals, with the "
            "columns of docs/signals.md."
        ),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB, the upload limit.")
                % {"limit": settings.SIGNALS_IMPORT_MAX_UPLOAD_MB}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
