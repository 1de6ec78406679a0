"""The forms of "Ons plan". Every change carries the plan version the resident saw, so a
change made by someone else in the meantime is never overwritten."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GoalTextForm(VersionForm):
    text = forms.CharField(
        label=_("Your goal, in your own words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveForm(VersionForm):
    position = forms.IntegerField(min_value=1, max_value=1000)


class DecisionForm(VersionForm):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PriorityForm(forms.Form):
    text = forms.CharField(
        label=_("What matters most to you now?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
