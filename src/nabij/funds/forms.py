"""Forms for the area fund. Amounts are typed in euros and handed to services in cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.costs.models import Scenario
from nabij.funds.models import Agreement
from nabij.people.models import Household
from nabij.plans.forms import EuroField
from nabij.plans.models import Breakthrough

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def cents(amount: Decimal) -> int:
    return int((amount * Decimal(100)).to_integral_value())


def _breakthrough_label(obj: Breakthrough) -> str:
    return f"{obj.decided_on:%d-%m-%Y} · {obj.rule}"


def _scenario_label(obj: Scenario) -> str:
    return f"{obj.household.name}: {obj.title}"


class AllocateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    per_inhabitant = EuroField(
        label=_("Amount per inhabitant per year"),
        initial="10",
        help_text=_("Multiplied by each district's CBS inhabitants."),
    )


class HouseholdChoiceForm(forms.Form):
    household = forms.ModelChoiceField(
        label=_("Household"), queryset=Household.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, households: list[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Household.objects.filter(pk__in=[h.pk for h in households]).order_by(
            "name"
        )


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Grant or loan"), choices=Agreement.Kind.choices, widget=forms.RadioSelect
    )
    amount = EuroField(label=_("Amount in euros"), help_text=_("For example 400 or 400,50."))
    purpose = forms.CharField(label=_("What is it for?"), max_length=300)
    reciprocity = forms.CharField(
        label=_("Reciprocity agreed"),
        max_length=300,
        required=False,
        help_text=_("What the household gives back, e.g. 40 hours of volunteer cooking."),
    )
    hours_agreed = forms.DecimalField(
        label=_("Hours agreed"), min_value=0, max_value=1000, decimal_places=2, initial=0
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    breakthrough = forms.ModelChoiceField(
        label=_("Breakthrough"),
        queryset=Breakthrough.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    override_reason = forms.CharField(
        label=_("Reason to let the fund go below zero"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the fund does not hold enough. Logged and shown on the fund page."),
    )

    def __init__(
        self, *args: Any, household: Household, frontline: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if frontline:  # within the frontline limit: never below zero, that is the mandate's
            del self.fields["override_reason"]
        self.fields["decided_on"].initial = timezone.localdate()
        field = self.fields["breakthrough"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Breakthrough.objects.filter(household=household)
        # Linked to the household's latest breakthrough by default, where there is one.
        latest = field.queryset.order_by("-decided_on", "-id").first()
        if latest is not None:
            field.initial = latest.pk
        field.label_from_instance = _breakthrough_label  # type: ignore[method-assign,assignment]


class RepaymentForm(forms.Form):
    amount = EuroField(label=_("Amount repaid in euros"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class HoursForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours done"),
        max_digits=6,
        decimal_places=2,
        help_text=_("A negative number corrects an earlier entry (say why in the note)."),
    )
    done_on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this reversed?"), max_length=300)
    override_reason = forms.CharField(
        label=_("Reason to let the fund go below zero"), max_length=500, required=False
    )


class SavingClaimForm(forms.Form):
    scenario = forms.ModelChoiceField(
        label=_("Scenario"), queryset=Scenario.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, scenarios: list[Scenario], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scenario"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Scenario.objects.filter(pk__in=[s.pk for s in scenarios]).select_related(
            "household"
        )
        field.label_from_instance = _scenario_label  # type: ignore[method-assign,assignment]
        self.fields["year"].initial = timezone.localdate().year - 1


class ShareForm(forms.Form):
    share = forms.DecimalField(
        label=_("Share of the realised saving returned (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
