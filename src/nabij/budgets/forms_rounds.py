"""Forms of the municipality's side of a budget round. Amounts are typed in euros and handed to
the services in cents; every rule of the domain is checked by the services (``DomainError`` on
the field it names), the forms only read what was typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.budgets import services_rounds as services
from nabij.budgets.models import BudgetProposal, BudgetRound, ExecutionStatus, TallyRule
from nabij.core.errors import DomainError
from nabij.core.forms import DATE, VersionedForm
from nabij.plans.forms import EuroField

DISTRICT = ""  # the area choice meaning: the whole district


def cents(amount: Decimal | None) -> int:
    return int((amount * Decimal(100)).to_integral_value()) if amount is not None else 0


def euros_text(value: int | None) -> str:
    """Cents as the euro amount a person would type (``"1250.50"``), for a form's initial."""
    if value is None:
        return ""
    whole, rest = divmod(value, 100)
    return f"{whole}" if rest == 0 else f"{whole},{rest:02d}"


class RoundForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Area"), required=False, help_text=_("The district, or one neighbourhood.")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What the budget is for"),
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount = EuroField(label=_("Budget in euros"), help_text=_("For example 50000."))
    proposals_from = forms.DateField(label=_("Proposals from"), widget=DATE)
    proposals_until = forms.DateField(label=_("Proposals until"), widget=DATE)
    checking_until = forms.DateField(label=_("Checked by"), widget=DATE)
    voting_from = forms.DateField(label=_("Voting from"), widget=DATE)
    voting_until = forms.DateField(label=_("Voting until"), widget=DATE)
    results_on = forms.DateField(label=_("Results on"), widget=DATE)
    deciding_rule = forms.ChoiceField(
        label=_("Which rule decides"),
        choices=TallyRule.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Both rules are computed and shown side by side; this one decides what is carried "
            "out. The Method of Equal Shares gives every group of voters a fair share."
        ),
    )
    min_age = forms.IntegerField(
        label=_("Minimum age to vote"),
        min_value=services.MIN_AGE_RANGE[0],
        max_value=services.MIN_AGE_RANGE[1],
        initial=16,
    )
    rules_text = forms.CharField(
        label=_("The rules in plain words"),
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the round's page, beside the rules Nabij writes itself."),
    )

    def __init__(self, *args: Any, district: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [
            (DISTRICT, _("The whole district %(name)s") % {"name": district.name}),
            *[(str(h.pk), h.name) for h in neighbourhoods],
        ]

    def data_for_service(self) -> services.RoundData:
        d = self.cleaned_data
        return services.RoundData(
            neighbourhood_id=int(d["area"]) if d["area"] else None,
            year=d["year"],
            title=d["title"],
            description=d["description"],
            amount_cents=cents(d["amount"]),
            proposals_from=d["proposals_from"],
            proposals_until=d["proposals_until"],
            checking_until=d["checking_until"],
            voting_from=d["voting_from"],
            voting_until=d["voting_until"],
            results_on=d["results_on"],
            deciding_rule=d["deciding_rule"],
            min_age=d["min_age"],
            rules_text=d["rules_text"],
        )

    @staticmethod
    def initial_for(r: BudgetRound) -> dict[str, Any]:
        return {
            "version": r.version,
            "area": str(r.neighbourhood_id) if r.neighbourhood_id else DISTRICT,
            "year": r.year,
            "title": r.title,
            "description": r.description,
            "amount": euros_text(r.amount_cents),
            **{name: getattr(r, name) for name in services.DATE_ORDER},
            "deciding_rule": r.deciding_rule,
            "min_age": r.min_age,
            "rules_text": r.rules_text,
        }


class RoundEditForm(VersionedForm, RoundForm):
    pass


class AdvanceForm(VersionedForm):
    to = forms.CharField(widget=forms.HiddenInput, max_length=12)


FEASIBLE_CHOICES = [("yes", _("Feasible: it goes on the ballot")), ("no", _("Not feasible"))]


class CheckForm(VersionedForm):
    feasible = forms.ChoiceField(
        label=_("Outcome of the check"), choices=FEASIBLE_CHOICES, widget=forms.RadioSelect
    )
    cost = EuroField(
        label=_("Checked cost in euros"),
        required=False,
        help_text=_("What the project will really cost; the ballot uses this amount."),
    )
    reason = forms.CharField(
        label=_("Reasons"),
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Residents read this on the proposal's page: write plainly."),
    )

    @staticmethod
    def initial_for(p: BudgetProposal) -> dict[str, Any]:
        checked = p.checked_at is not None
        return {
            "version": p.version,
            "feasible": ("yes" if p.status == "feasible" else "no") if checked else "",
            "cost": euros_text(p.cost_cents if p.cost_cents is not None else p.cost_estimate_cents),
            "reason": p.check_reason,
        }


class ExecutionForm(VersionedForm):
    owner_name = forms.CharField(
        label=_("Carried out by"),
        required=False,
        max_length=160,
        help_text=_("A name (a firm, a department), or choose an initiative below."),
    )
    owner_initiative = forms.TypedChoiceField(
        label=_("Or an initiative of the district"), required=False, coerce=int, empty_value=None
    )
    budget_line = EuroField(label=_("Budget line in euros"))
    status = forms.ChoiceField(label=_("Status"), choices=ExecutionStatus.choices)
    update_text = forms.CharField(
        label=_("Update"),
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened since the last update; shown on the project's page."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_alt = forms.CharField(label=_("What the photo shows"), required=False, max_length=200)
    spent = EuroField(label=_("Spent with this step, in euros"), required=False)
    delivered = forms.CharField(
        label=_("What was delivered"),
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to close the project (status Delivered)."),
    )

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_initiative"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("(none)")), *[(i.pk, i.name) for i in initiatives]]

    def clean_photo(self) -> services.Photo | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return services.photo_of(upload)
        except DomainError as exc:
            raise forms.ValidationError(str(exc)) from None

    def data_for_service(self) -> services.ExecutionData:
        d = self.cleaned_data
        return services.ExecutionData(
            owner_name=d["owner_name"],
            owner_initiative_id=d["owner_initiative"],
            budget_line_cents=cents(d["budget_line"]),
            status=d["status"],
            update_text=d["update_text"],
            photo=d["photo"],
            photo_alt=d["photo_alt"],
            spent_cents=cents(d["spent"]),
            delivered=d["delivered"],
        )

    @staticmethod
    def initial_for(p: BudgetProposal) -> dict[str, Any]:
        return {
            "version": p.version,
            "owner_name": p.owner_name,
            "owner_initiative": p.owner_initiative_id or "",
            "budget_line": euros_text(p.budget_line_cents),
            "status": p.execution_status,
            "delivered": p.delivered,
        }
