from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.areas.models import Neighbourhood
from nabij.core.validators import PastDateField, PlainTextField, clean_text
from nabij.people.bsn import bsn_is_valid, normalise_bsn
from nabij.people.models import Membership, NetworkMember

DATE = forms.DateInput(attrs={"type": "date", "min": "1900-01-01"}, format="%Y-%m-%d")


class ResidentFields(forms.Form):
    first_name = PlainTextField(label=_("First name"), max_length=80)
    last_name = PlainTextField(label=_("Last name"), max_length=120)
    date_of_birth = PastDateField(label=_("Date of birth"), widget=DATE)
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        required=False,
        help_text=_("Nine digits; checked with the 11-test. Leave empty if unknown."),
    )

    def clean_bsn(self):
        value = self.cleaned_data["bsn"].strip()
        if value and not bsn_is_valid(normalise_bsn(value)):
            raise forms.ValidationError(
                _("This is not a valid BSN: it must be 9 digits that pass the 11-test.")
            )
        return normalise_bsn(value) if value else ""


class HouseholdCreateForm(ResidentFields):
    name = PlainTextField(
        label=_("Name of the household"),
        max_length=150,
        help_text=_("How the household wants to be called, e.g. 'Family Jansen'."),
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\s*[1-9][0-9]{3}\s?[A-Za-z]{2}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter a Dutch postcode such as 8921 AB.")},
    )
    street = forms.CharField(label=_("Street"), max_length=120)
    house_number = forms.IntegerField(label=_("House number"), min_value=1, max_value=99999)
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=80, initial="Leeuwarden")
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.select_related("district").order_by("name"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Unknown neighbourhood code.")},
    )
    field_order = [
        "name",
        "postcode",
        "street",
        "house_number",
        "addition",
        "city",
        "neighbourhood",
        "first_name",
        "last_name",
        "date_of_birth",
        "bsn",
    ]


AUTHORITY_HELP = _(
    "Parental authority (gezag) over the household's children under 16. Who has it sees the "
    "children's data in Mijn Nabij; children under 16 have no account of their own."
)


class MemberAddForm(ResidentFields):
    role = forms.ChoiceField(label=_("Role in the household"), choices=Membership.Role.choices)
    parental_authority = forms.BooleanField(
        label=_("Has parental authority"), required=False, help_text=AUTHORITY_HELP
    )


class MemberAuthorityForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    parental_authority = forms.BooleanField(required=False)


class MemberEndForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = PastDateField(label=_("Member until"), widget=DATE)


class ResidentMoveForm(forms.Form):
    household_id = forms.IntegerField(
        label=_("Number of the new household"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_(
            "The number in the address of the new household's page (…/huishoudens/<number>/). "
            "You must work on both households."
        ),
    )
    on = PastDateField(label=_("Moved on"), widget=DATE)
    role = forms.ChoiceField(label=_("Role in the new household"), choices=Membership.Role.choices)


class NetworkMemberForm(forms.ModelForm):
    class Meta:
        model = NetworkMember
        fields = ["name", "relation", "relation_detail", "can_do", "wants_to_do", "household_view"]
        widgets = {
            "can_do": forms.Textarea(attrs={"rows": 2}),
            "wants_to_do": forms.Textarea(attrs={"rows": 2}),
            "household_view": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "household_view": _(
                "In the household's own words: what does this person mean to them?"
            ),
        }

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_relation_detail(self) -> str:
        return clean_text(self.cleaned_data["relation_detail"])
