"""The professional's answer on the dossier's Berichten page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.conversations.models import MAX_BODY


class ReplyForm(forms.Form):
    resident = forms.TypedChoiceField(coerce=int, choices=(), widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 3})
    )
    private = forms.BooleanField(
        label=_("Only for this member"),
        required=False,
        help_text=_("The other members of the household do not see this message."),
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = members  # type: ignore[attr-defined]
