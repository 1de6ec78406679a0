"""Forms of the household's cost page and its scenarios: amounts typed in euros, kept in cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.access.models import Organisation
from nabij.core.templatetags.nabij import euros
from nabij.costs.models import Assumption, FundingStream, Payer, ReferencePrice, Unit
from nabij.plans.forms import DATE, EuroField, VersionedForm
from nabij.plans.models import Breakthrough


class ReferencePriceChoice(forms.ModelChoiceField):
    """Shows what a reference price is worth, so the quantity can be chosen with it in view."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {euros(obj.amount_cents)} / {obj.get_unit_display()} ({obj.year})"


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class PeriodMixin:
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))  # type: ignore[attr-defined]
        return data


class CostLineForm(PeriodMixin, forms.Form):
    """A line entered by hand: volume x unit price; the amount follows."""

    prefix = "line"

    provider = forms.ModelChoiceField(
        label=_("Organisation paid"), queryset=Organisation.objects.order_by("name")
    )
    description = forms.CharField(label=_("What"), max_length=200)
    stream = forms.ChoiceField(label=_("Funding stream"), choices=FundingStream.choices)
    payer = forms.ChoiceField(label=_("Payer"), choices=Payer.choices)
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("Until"), widget=DATE)
    volume = forms.DecimalField(
        label=_("Volume"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.MONTH)
    unit_price = EuroField(label=_("Price per unit in euros"), help_text=_("For example 41,50."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_unit(self) -> str:
        unit = self.cleaned_data["unit"]
        if unit == Unit.PERCENT:
            raise forms.ValidationError(_("A percentage is not a unit of cost."))
        return unit


class EstimateForm(PeriodMixin, forms.Form):
    """A line estimated from a reference price: quantity x the price of the period's year."""

    prefix = "estimate"

    reference_price = ReferencePriceChoice(
        label=_("Reference price"),
        queryset=ReferencePrice.objects.exclude(unit=Unit.PERCENT).order_by("name"),
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("In the reference price's unit: e.g. 0,25 year, 3 months, 14 days."),
    )
    provider = forms.ModelChoiceField(
        label=_("Organisation paid"), queryset=Organisation.objects.order_by("name")
    )
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("Until"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this line wrong?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A counter-entry cancels the line; both stay in the ledger."),
    )


class RateField(forms.DecimalField):
    """A discount rate typed as a percentage ("2,25"), kept in basis points."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            min_value=Decimal("0"),
            max_value=Decimal("20"),
            max_digits=5,
            decimal_places=2,
            localize=True,
            **kwargs,
        )


class ScenarioForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    current_label = forms.CharField(
        label=_("Current trajectory"),
        max_length=200,
        initial=_("Nothing changes"),
        help_text=_("What happens if the team does what it always does."),
    )
    alternative_label = forms.CharField(
        label=_("Alternative"),
        max_length=200,
        help_text=_("What the team would do differently."),
    )
    horizon_years = forms.IntegerField(
        label=_("Horizon (years)"), min_value=1, max_value=30, initial=5
    )
    discount_rate = RateField(
        label=_("Discount rate (% per year)"),
        help_text=_("Default: the Dutch standard for social cost-benefit analysis."),
    )
    price_year = forms.IntegerField(label=_("Price year"), min_value=2000)
    breakthrough = forms.ModelChoiceField(
        label=_("Breakthrough"),
        queryset=Breakthrough.objects.none(),
        required=False,
        help_text=_("Optional: the breakthrough this scenario weighs."),
    )

    def __init__(self, *args: Any, household: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["breakthrough"]
        assert isinstance(field, forms.ModelChoiceField)
        if household is not None:
            field.queryset = Breakthrough.objects.filter(household=household).order_by(
                "-decided_on"
            )
        self.fields["price_year"].initial = timezone.localdate().year
        self.fields["price_year"].widget.attrs["max"] = timezone.localdate().year + 1

    @property
    def rate_bp(self) -> int:
        return int(self.cleaned_data["discount_rate"] * 100)


class ScenarioEditForm(VersionedForm, ScenarioForm):
    field_order = ["title", "current_label", "alternative_label", "horizon_years"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["breakthrough"]


class AssumptionForm(VersionedForm):
    """A cost assumed by hand (no reference price): flagged as such on the page."""

    prefix = "hand"

    branch = forms.ChoiceField(label=_("Branch"), choices=Assumption.Branch.choices)
    label = forms.CharField(label=_("What"), max_length=200)
    stream = forms.ChoiceField(label=_("Funding stream"), choices=FundingStream.choices)
    payer = forms.ChoiceField(label=_("Payer"), choices=Payer.choices)
    amount = EuroField(label=_("Amount in euros"), help_text=_("Per year, or once."))
    one_off = forms.BooleanField(label=_("Once (not every year)"), required=False)
    from_year = forms.IntegerField(label=_("From year"), min_value=1, max_value=30, initial=1)
    until_year = forms.IntegerField(
        label=_("Until year"),
        min_value=1,
        max_value=30,
        required=False,
        help_text=_("Empty: up to the horizon."),
    )
    note = forms.CharField(
        label=_("Where does this figure come from?"), max_length=300, required=False
    )


class ReferenceAssumptionForm(VersionedForm):
    """A cost assumed from a reference price: quantity x the price in the scenario's price year."""

    prefix = "ref"

    branch = forms.ChoiceField(label=_("Branch"), choices=Assumption.Branch.choices)
    reference_price = ReferencePriceChoice(
        label=_("Reference price"),
        queryset=ReferencePrice.objects.exclude(unit=Unit.PERCENT).order_by("name"),
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        initial=1,
        help_text=_("Units per year (e.g. 12 months, 365 days), or in total when once."),
    )
    one_off = forms.BooleanField(label=_("Once (not every year)"), required=False)
    from_year = forms.IntegerField(label=_("From year"), min_value=1, max_value=30, initial=1)
    until_year = forms.IntegerField(
        label=_("Until year"),
        min_value=1,
        max_value=30,
        required=False,
        help_text=_("Empty: up to the horizon."),
    )
    label = forms.CharField(
        label=_("What"), max_length=200, required=False, help_text=_("Empty: the price's name.")
    )


class AssumptionRemoveForm(VersionedForm):
    assumption = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
