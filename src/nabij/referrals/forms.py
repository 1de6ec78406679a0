from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.core.forms import DATE, VersionedForm
from nabij.people.forms import HouseholdCreateForm
from nabij.referrals.models import Referral


class ReferralForm(forms.Form):
    """The referrer's form, in plain Dutch (B1): who, the worry, consent, urgency."""

    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    postcode = forms.CharField(label=_("Postcode"), max_length=8)
    house_number = forms.IntegerField(
        label=_("House number"),
        min_value=1,
        max_value=99999,
        error_messages={"invalid": _("Fill in a house number.")},
    )
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    team = forms.TypedChoiceField(
        label=_("District team"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only needed if we do not know the postcode."),
    )
    worry = forms.CharField(
        label=_("What worries you?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In your own words. What did you see or hear? Since when?"),
    )
    basis = forms.ChoiceField(
        label=_("Does the household agree?"),
        choices=Referral.Basis.choices,
        widget=forms.RadioSelect,
    )
    consent_on = forms.DateField(label=_("Date the household agreed"), required=False, widget=DATE)
    basis_other = forms.CharField(label=_("Other legal basis"), max_length=300, required=False)
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Referral.Urgency.choices,
        widget=forms.RadioSelect,
        initial=Referral.Urgency.NORMAL,
    )
    own_reference = forms.CharField(
        label=_("Your own reference (optional)"),
        max_length=60,
        required=False,
        help_text=_(
            "So you can find this referral in your list. Do not use a name: for example "
            "'klas 2B, 12 mei'."
        ),
    )

    def __init__(self, *args: object, teams: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].choices = [("", "—"), *teams]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        """All problems at once: the consent's date and the other basis with the rest (the
        service checks them again)."""
        data = super().clean() or {}
        if data.get("basis") == Referral.Basis.CONSENT and not data.get("consent_on"):
            self.add_error("consent_on", _("Fill in the date the household agreed."))
        if (
            data.get("basis") == Referral.Basis.OTHER
            and not str(data.get("basis_other") or "").strip()
        ):
            self.add_error("basis_other", _("Write down the legal basis."))
        return data


class AcceptExistingForm(VersionedForm):
    household = forms.TypedChoiceField(label=_("Household"), coerce=int, widget=forms.RadioSelect)
    coordinator = forms.TypedChoiceField(label=_("Coordinator"), coerce=int)

    def __init__(
        self,
        *args: object,
        households: list[tuple[int, str]],
        coordinators: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["household"].choices = households  # type: ignore[attr-defined]
        self.fields["coordinator"].choices = coordinators  # type: ignore[attr-defined]


class AcceptNewForm(HouseholdCreateForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    coordinator = forms.TypedChoiceField(label=_("Coordinator"), coerce=int)

    def __init__(
        self, *args: object, coordinators: list[tuple[int, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["coordinator"].choices = coordinators  # type: ignore[attr-defined]


class ContactForm(VersionedForm):
    contact_on = forms.DateField(label=_("Date of first contact"), widget=DATE)


class CloseForm(VersionedForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferOnForm(VersionedForm):
    referred_to = forms.CharField(label=_("Referred on to"), max_length=150)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
