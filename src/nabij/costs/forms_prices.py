"""Forms for the reference-price catalogue and the price index."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.costs.models import ReferencePrice, Unit
from nabij.plans.forms import EuroField


class PriceYearForm(forms.Form):
    jaar = forms.IntegerField(label=_("Show amounts in prices of"), min_value=1990, max_value=2100)


class ReferencePriceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    amount = EuroField(
        label=_("Amount in euros"),
        help_text=_("For a percentage (the discount rate): basis points as cents, 2,25 = 2.25%."),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    per = forms.CharField(label=_("Per"), max_length=60, required=False)
    year = forms.IntegerField(label=_("Price year"), min_value=1990, max_value=2100)
    source = forms.CharField(label=_("Source"), max_length=300)
    quality = forms.ChoiceField(
        label=_("Quality of the source"),
        choices=ReferencePrice.Quality.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PriceIndexForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    index = forms.DecimalField(label=_("Index"), max_digits=8, decimal_places=3, min_value=0)
    source = forms.CharField(label=_("Source"), max_length=300)
