"""Forms of what residents do in a budget round (B1 Dutch on screen; msgids in English)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.budgets.models import BudgetProposal
from nabij.core.validators import validate_plain_text

EURO_MAX = Decimal("100000000")


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Name of your plan"),
        max_length=160,
        validators=[validate_plain_text],
        help_text=_("Short and clear, for example: Benches at the playground."),
    )
    description = forms.CharField(
        label=_("What is your plan?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("What do you want to do, for whom, and why is it good for the neighbourhood?"),
    )
    cost_estimate = forms.DecimalField(
        label=_("What does it cost, about? (euros)"),
        min_value=Decimal("1"),
        max_value=EURO_MAX,
        decimal_places=2,
        help_text=_("A guess is fine. The municipality checks the cost."),
        localize=True,  # "1250,50" in Dutch
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    neighbourhood = forms.ChoiceField(
        label=_("Where in the area?"), required=False, help_text=_("Click on the map, or choose.")
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
    )
    area_goal = forms.ChoiceField(
        label=_("Which goal of the area plan does it help? (optional)"), required=False
    )
    name_public = forms.BooleanField(
        label=_("My name may be shown with my plan"),
        required=False,
        help_text=_("Without a tick we show: “a resident”."),
    )

    def __init__(
        self,
        *args: Any,
        neighbourhoods: list[tuple[str, str]],
        goals: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].choices = (  # type: ignore[attr-defined]
            [("", _("No particular place")), *neighbourhoods]
        )
        if goals:
            self.fields["area_goal"].choices = [  # type: ignore[attr-defined]
                ("", _("No goal")),
                *goals,
            ]
        else:
            del self.fields["area_goal"]

    def cost_cents(self) -> int:
        return int(self.cleaned_data["cost_estimate"] * 100)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Why do you withdraw your plan?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Everyone can read this reason with your plan."),
    )


class BallotForm(forms.Form):
    choices = forms.TypedMultipleChoiceField(
        label=_("The plans"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, projects: list[BudgetProposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.projects = projects
        self.fields["choices"].choices = [  # type: ignore[attr-defined]
            (p.pk, p.title) for p in projects
        ]

    def chosen(self) -> list[int]:
        return list(self.cleaned_data.get("choices") or [])


class CodeBallotForm(BallotForm):
    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        help_text=_("It is on the letter you got, for example ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    field_order = ["code", "choices"]


class CodesForm(forms.Form):
    residents = forms.TypedMultipleChoiceField(
        label=_("Residents who get a voting code"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, resident_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residents"].choices = [  # type: ignore[attr-defined]
            (pk, str(pk)) for pk in resident_ids
        ]


class RevokeForm(forms.Form):
    code_id = forms.IntegerField(min_value=1)
