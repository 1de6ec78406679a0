"""Forms of issue 11: a district's area budget, the team's frontline limit, the approval of a
projection. Amounts are typed in euros and handed to services in cents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.funds.models import BUDGET_STREAMS
from nabij.funds.selectors_budget import stream_labels
from nabij.plans.forms import EuroField


class AreaBudgetForm(forms.Form):
    """One field per funding stream of the area budget, and the version it was based on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=_("Why (kept in the history)"),
        max_length=300,
        required=False,
        help_text=_("For example: the council's budget for this year, or a correction."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = stream_labels()
        streams = {
            stream: EuroField(
                label=_("%(stream)s, in euros") % {"stream": labels[stream]},
                help_text=_("For example 1.250.000."),
            )
            for stream in BUDGET_STREAMS
        }
        # The amounts first, then why.
        self.fields = {
            **streams,
            "reason": self.fields["reason"],
            "version": self.fields["version"],
        }


class FrontlineLimitForm(forms.Form):
    limit = EuroField(
        label=_("Frontline limit per agreement, in euros"),
        help_text=_("What a professional of your team may pay without you; 0 for nothing."),
    )
    expected_cents = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ProjectionApproveForm(forms.Form):
    scenario = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
