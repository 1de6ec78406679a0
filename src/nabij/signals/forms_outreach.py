from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.core.forms import DATE, VersionedForm
from nabij.signals.models import Case, OutreachAttempt


class AttemptForm(VersionedForm):
    made_on = forms.DateField(label=_("Date"), widget=DATE)
    channel = forms.ChoiceField(
        label=_("How"), choices=OutreachAttempt.Channel.choices, widget=forms.RadioSelect
    )
    reached = forms.BooleanField(label=_("We spoke with the household"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only what the team needs to know. Nothing about the debts themselves."),
    )


CLOSING_OUTCOMES = [(value, label) for value, label in Case.Outcome.choices if value]


class CloseForm(VersionedForm):
    prefix = "close"

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CLOSING_OUTCOMES, widget=forms.RadioSelect
    )
    goal_text = forms.CharField(
        label=_("The goal, in the household's words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            'Only for "Help accepted". Write it down as they said it, for example: "Wij willen '
            'weer rust over de huur". It becomes a goal in their plan.'
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome") == Case.Outcome.ACCEPTED
            and not (data.get("goal_text") or "").strip()
        ):
            self.add_error("goal_text", _("Write down the goal as the household said it."))
        return data
