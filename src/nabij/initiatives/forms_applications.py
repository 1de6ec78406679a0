"""Forms for applications and the right to challenge. Residents fill in the first ones: short
questions in plain Dutch (B1). Amounts are typed in euros and handed to services in cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.initiatives.models import Application
from nabij.initiatives.services_applications import (
    GRANT_FULL,
    GRANT_PART,
    REFUSE,
)
from nabij.plans.forms import EuroField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PUBLIC_HINT = _("This is shown on the public page. Do not write names of people.")


def cents(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    return int((amount * Decimal(100)).to_integral_value())


class VersionForm(forms.Form):
    """Every change posts the version it was based on (a stale one gives a 409)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ApplyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=Application.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A subsidy comes from the municipality. Money from the area fund is for the "
            "district itself."
        ),
    )
    amount = EuroField(label=_("How much money do you need?"), help_text=_("For example 500."))
    purpose = forms.CharField(
        label=_("What is the money for?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=PUBLIC_HINT,
    )
    year = forms.TypedChoiceField(label=_("For which year?"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(this_year, str(this_year)), (this_year + 1, str(this_year + 1))]
        field.initial = this_year


class DecideForm(VersionForm):
    grant = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (GRANT_FULL, _("Grant the full amount")),
            (GRANT_PART, _("Grant part of it")),
            (REFUSE, _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    granted = EuroField(
        label=_("Amount granted in euros"),
        required=False,
        help_text=_("Only for a part: less than the amount asked."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The initiative reads this, and it is shown on the public page."),
    )


class AccountForm(VersionForm):
    story = forms.CharField(
        label=_("What did you do with the money?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences are enough. This is shown on the public page."),
    )
    people_reached = forms.IntegerField(
        label=_("How many people took part?"), min_value=0, max_value=1_000_000, required=False
    )
    activities = forms.IntegerField(
        label=_("How many activities did you hold?"),
        min_value=0,
        max_value=1_000_000,
        required=False,
    )
    volunteers = forms.IntegerField(
        label=_("How many volunteers helped?"), min_value=0, max_value=1_000_000, required=False
    )
    hours = forms.IntegerField(
        label=_("How many hours did volunteers give?"),
        min_value=0,
        max_value=1_000_000,
        required=False,
    )


class ChallengeForm(forms.Form):
    task = forms.CharField(
        label=_("Which task of the municipality do you want to do?"),
        max_length=200,
        help_text=_("For example: keeping the green spaces in the neighbourhood tidy."),
    )
    plan = forms.CharField(
        label=_("How will you do it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=PUBLIC_HINT,
    )
    budget = EuroField(label=_("How much money do you need for it per year?"))
    current_cost = EuroField(
        label=_("What does the municipality spend on it now?"),
        required=False,
        help_text=_("Only if you know. You may leave this empty."),
    )


class ChallengeStepForm(VersionForm):
    to = forms.ChoiceField(label=_("Next step"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown publicly with the step. For agreed or refused: the reason for the decision."
        ),
    )
    decide_by = forms.DateField(
        label=_("New decision date"),
        required=False,
        widget=DATE,
        help_text=_("Only if the decision takes longer; the initiative sees the new date."),
    )

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = steps


class WithdrawForm(VersionForm):
    note = forms.CharField(
        label=_("Why do you stop? (not required)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
