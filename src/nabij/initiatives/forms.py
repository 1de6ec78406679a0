"""Forms of the register of initiatives. Residents read them: short B1 labels, "je".
Amounts are typed in euros and handed to the services in cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.areas.models import District, Neighbourhood
from nabij.core.validators import PlainTextField
from nabij.initiatives.models import ContactPerson, FundingSource, LegalForm
from nabij.initiatives.services import InitiativeData
from nabij.plans.forms import EuroField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def cents(amount: Decimal) -> int:
    return int((amount * Decimal(100)).to_integral_value())


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class _DistrictChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _NeighbourhoodChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.district.name})"


class InitiativeForm(forms.Form):
    """The details of an initiative (registering and changing)."""

    name = PlainTextField(label=_("Name of the initiative"), max_length=160)
    purpose = forms.CharField(
        label=_("What is it for?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("One or two sentences. This is on the public page."),
    )
    district = _DistrictChoice(
        label=_("District"), queryset=District.objects.none(), empty_label=_("Choose a district")
    )
    neighbourhood = _NeighbourhoodChoice(
        label=_("Neighbourhood (if only one)"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=_("The whole district"),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=LegalForm.choices, widget=forms.RadioSelect
    )
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=8,
        required=False,
        help_text=_("Only for an association, foundation or cooperative."),
    )
    members_count = forms.IntegerField(label=_("Members"), min_value=0, max_value=100000, initial=0)
    volunteers_count = forms.IntegerField(
        label=_("Volunteers"), min_value=0, max_value=100000, initial=0
    )
    activities = forms.CharField(
        label=_("What do you do?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("For example: every Tuesday we cook together in the community centre."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        hood = self.fields["neighbourhood"]
        assert isinstance(district, forms.ModelChoiceField)
        assert isinstance(hood, forms.ModelChoiceField)
        district.queryset = District.objects.defer("boundary").order_by("name")
        hood.queryset = (
            Neighbourhood.objects.defer("boundary", "district__boundary")
            .select_related("district")
            .order_by("district__name", "name")
        )

    def data_object(self) -> InitiativeData:
        d = self.cleaned_data
        return InitiativeData(
            name=d["name"],
            purpose=d["purpose"],
            district=d["district"],
            neighbourhood=d["neighbourhood"],
            legal_form=d["legal_form"],
            kvk_number=d["kvk_number"],
            members_count=d["members_count"],
            volunteers_count=d["volunteers_count"],
            activities=d["activities"],
            website=d["website"],
        )

    @staticmethod
    def initial_for(item: Any) -> dict[str, Any]:
        return {
            "name": item.name,
            "purpose": item.purpose,
            "district": item.district_id,
            "neighbourhood": item.neighbourhood_id,
            "legal_form": item.legal_form,
            "kvk_number": item.kvk_number,
            "members_count": item.members_count,
            "volunteers_count": item.volunteers_count,
            "activities": item.activities,
            "website": item.website,
            "version": item.version,
        }


class RegisterForm(InitiativeForm):
    """A resident registers an initiative and becomes its first contact person."""

    role = forms.ChoiceField(
        label=_("Your role"), choices=ContactPerson.Role.choices, initial="contact"
    )
    name_public = forms.ChoiceField(
        label=_("May we show your name on the public page?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("If you say no, the page says 'a resident'. You can change this later."),
    )


class EditForm(InitiativeForm, VersionForm):
    pass


class ContactAddForm(VersionForm):
    """A team member adds a resident from the register as a contact person."""

    bsn = forms.CharField(
        label=_("BSN of the resident"),
        max_length=9,
        min_length=8,
        help_text=_("The resident must be in the register. Looking them up is logged."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ContactPerson.Role.choices, initial="contact")
    agreed = forms.BooleanField(
        label=_("The resident agrees to be a contact person"), required=True
    )
    name_public = forms.ChoiceField(
        label=_("May the resident's name be shown on the public page?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )


class ContactEndForm(VersionForm):
    contact = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConsentForm(forms.Form):
    name_public = forms.ChoiceField(
        label=_("May we show your name on the public page?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )


class BrokerOfferForm(VersionForm):
    """The help the initiative offers through the social broker."""

    skills = forms.MultipleChoiceField(
        label=_("What help do you offer?"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    hours = forms.DecimalField(
        label=_("Hours a week, for each kind of help"),
        min_value=Decimal("0.5"),
        max_value=Decimal("40"),
        decimal_places=1,
        initial=Decimal("2"),
    )
    consent = forms.BooleanField(
        label=_("We want to be in the register of the social broker"),
        required=True,
        help_text=_("The broker then sees the initiative's name and what you offer."),
    )

    def __init__(self, *args: Any, skills: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["skills"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(s.pk), s.name) for s in skills]

    def offers(self) -> dict[int, Decimal]:
        hours = self.cleaned_data["hours"]
        return {int(pk): hours for pk in self.cleaned_data["skills"]}


class FundingEntryForm(forms.Form):
    """One line of the ledger: money, or hours given with the value of an hour."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Where does it come from?"), choices=FundingSource.choices)
    amount = EuroField(
        label=_("Amount in euros"),
        required=False,
        help_text=_("For example 250 or 250,50. For hours given, leave this empty."),
    )
    booked_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    hours = forms.DecimalField(
        label=_("Hours given"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100000"),
        decimal_places=2,
        help_text=_("Only for hours given."),
    )
    hour_rate = EuroField(label=_("Value of an hour in euros"), required=False)
    rate_source = forms.CharField(
        label=_("Source of the value of an hour"), max_length=300, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["booked_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == FundingSource.HOURS:
            for name in ("hours", "hour_rate", "rate_source"):
                if not data.get(name):
                    self.add_error(name, _("Needed for hours given."))
        elif "source" in data:
            if data.get("amount") in (None, Decimal("0")):
                self.add_error("amount", _("Enter an amount of more than € 0."))
            if data.get("hours"):
                self.add_error("hours", _("Only hours given have hours."))
        return data


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this line corrected?"), max_length=300)


class RegisterFilterForm(forms.Form):
    wijk = forms.ChoiceField(label=_("District"), required=False)
    vorm = forms.ChoiceField(
        label=_("Legal form"),
        required=False,
        choices=[("", _("All legal forms")), *LegalForm.choices],
    )

    def __init__(self, *args: Any, districts: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["wijk"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All districts")), *((d.code, d.name) for d in districts)]
