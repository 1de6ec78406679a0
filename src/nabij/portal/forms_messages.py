"""Forms of Berichten in Mijn Nabij."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.conversations.models import MAX_BODY


class OwnMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 4})
    )
    private = forms.BooleanField(
        label=_("Only for me"),
        required=False,
        help_text=_(
            "Other members of your household do not see this message. The professionals who "
            "help you do."
        ),
    )


class NotificationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        help_text=_(
            "We only email that there is a new message. Never what it says, never from whom. "
            "Leave it empty to get no emails."
        ),
    )
