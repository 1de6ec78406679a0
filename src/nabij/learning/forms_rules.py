from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.learning import selectors_rules
from nabij.learning.models import Rule


class RuleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    name = forms.CharField(label=_("Name of the rule"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of rule"), choices=Rule.Kind.choices)
    owner = forms.ModelChoiceField(
        label=_("Organisation that owns the rule"),
        queryset=selectors_rules.owners(),
        empty_label=_("Choose an organisation"),
    )
    reference = forms.CharField(
        label=_("Article or section"),
        max_length=200,
        required=False,
        help_text=_("For example: Participatiewet, art. 22a."),
    )
    description = forms.CharField(
        label=_("What the rule says, in plain words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RuleStateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    active = forms.TypedChoiceField(
        choices=[("0", "0"), ("1", "1")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )


class RuleFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Kind of rule"),
        choices=[("", _("All kinds")), *Rule.Kind.choices],
        required=False,
    )
