from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.core.forms import DATE
from nabij.learning import selectors_rules
from nabij.learning.models import Rule


class AnalysisFilterForm(forms.Form):
    van = forms.DateField(label=_("From"), required=False, widget=DATE)
    tot = forms.DateField(label=_("Up to and including"), required=False, widget=DATE)
    soort = forms.ChoiceField(
        label=_("Kind of rule"),
        choices=[("", _("All kinds")), *Rule.Kind.choices],
        required=False,
    )
    eigenaar = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=selectors_rules.owners_in_register(),
        required=False,
        empty_label=_("All owners"),
    )

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("van"), data.get("tot")
        if start and end and start > end:
            self.add_error("tot", _("The end of the period lies before its start."))
        return data
