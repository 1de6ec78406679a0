"""Forms for the broker's register: one profile form with a row per skill, and the workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.areas.models import District, Neighbourhood
from nabij.core.validators import PlainTextField
from nabij.matching import services
from nabij.matching.models import (
    Gender,
    GenderPreference,
    Language,
    Participant,
    ProposalParty,
    Reach,
    Skill,
    Urgency,
)
from nabij.matching.services import ProfileInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Numbers as people type them here: "2,5" in Dutch (localize), "2.5" too.
HOURS = {
    "min_value": Decimal("0.5"),
    "max_value": Decimal("40"),
    "decimal_places": 1,
    "localize": True,
}


class NeighbourhoodField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.district.name})"


class ProfileForm(forms.Form):
    """The person's own words and wishes, then per skill: offers (hours a week) and asks for
    (urgency, hours a week). ``skill_rows`` feeds the template's table."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    first_name = PlainTextField(label=_("First name"), max_length=80)
    last_name = PlainTextField(label=_("Last name"), max_length=120)
    neighbourhood = NeighbourhoodField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.select_related("district").order_by("name"),
        help_text=_("Only the neighbourhood is used for matching, never the address."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["nl"],
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    prefers_gender = forms.ChoiceField(
        label=_("Only matched with"),
        choices=GenderPreference.choices,
        required=False,
        help_text=_("Only where the person asks for it."),
    )
    reach = forms.ChoiceField(
        label=_("How far"), choices=Reach.choices, widget=forms.RadioSelect, initial=Reach.RADIUS
    )
    radius_km = forms.DecimalField(
        label=_("Radius in km"),
        initial=Decimal("2.0"),
        decimal_places=1,
        required=False,
        localize=True,
        help_text=_("Measured between the centres of neighbourhoods."),
    )
    capacity = forms.IntegerField(
        label=_("Exchanges at the same time"),
        initial=1,
        help_text=_("How many people the person wants to help or be helped by at once."),
    )
    note = forms.CharField(
        label=_("Note for the broker"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, skills: list[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skills = skills
        for skill in skills:
            self.fields[f"offer_{skill.pk}"] = forms.BooleanField(
                label=_("Offers %(skill)s") % {"skill": skill.label}, required=False
            )
            self.fields[f"offer_hours_{skill.pk}"] = forms.DecimalField(
                label=_("Hours a week offered for %(skill)s") % {"skill": skill.label},
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "2", "inputmode": "decimal"}),
                **HOURS,  # type: ignore[arg-type]
            )
            self.fields[f"need_{skill.pk}"] = forms.BooleanField(
                label=_("Asks for %(skill)s") % {"skill": skill.label}, required=False
            )
            self.fields[f"need_urgency_{skill.pk}"] = forms.TypedChoiceField(
                label=_("How urgent is %(skill)s") % {"skill": skill.label},
                choices=Urgency.choices,
                coerce=int,
                initial=Urgency.SOON,
                required=False,
            )
            self.fields[f"need_hours_{skill.pk}"] = forms.DecimalField(
                label=_("Hours a week asked for %(skill)s") % {"skill": skill.label},
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "2", "inputmode": "decimal"}),
                **HOURS,  # type: ignore[arg-type]
            )

    @property
    def skill_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "skill": skill,
                "offer": self[f"offer_{skill.pk}"],
                "offer_hours": self[f"offer_hours_{skill.pk}"],
                "need": self[f"need_{skill.pk}"],
                "need_urgency": self[f"need_urgency_{skill.pk}"],
                "need_hours": self[f"need_hours_{skill.pk}"],
            }
            for skill in self.skills
        ]

    @staticmethod
    def initial_for(participant: Participant) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": participant.version,
            "first_name": participant.first_name,
            "last_name": participant.last_name,
            "neighbourhood": participant.neighbourhood_id,
            "phone": participant.phone,
            "email": participant.email,
            "languages": participant.languages,
            "gender": participant.gender,
            "prefers_gender": participant.prefers_gender,
            "reach": participant.reach,
            "radius_km": participant.radius_km,
            "capacity": participant.capacity,
            "note": participant.note,
        }
        for offer in participant.offers.all():
            initial[f"offer_{offer.skill_id}"] = True
            initial[f"offer_hours_{offer.skill_id}"] = offer.hours_per_week
        for need in participant.needs.filter(status="open"):
            initial[f"need_{need.skill_id}"] = True
            initial[f"need_urgency_{need.skill_id}"] = need.urgency
            initial[f"need_hours_{need.skill_id}"] = need.hours_per_week
        return initial

    def profile(self) -> ProfileInput:
        data = self.cleaned_data
        offers = {
            s.pk: data.get(f"offer_hours_{s.pk}") or Decimal("2")
            for s in self.skills
            if data.get(f"offer_{s.pk}")
        }
        needs = {
            s.pk: (
                data.get(f"need_hours_{s.pk}") or Decimal("2"),
                data.get(f"need_urgency_{s.pk}") or Urgency.SOON,
            )
            for s in self.skills
            if data.get(f"need_{s.pk}")
        }
        radius = data.get("radius_km")
        return ProfileInput(
            first_name=data["first_name"],
            last_name=data["last_name"],
            neighbourhood_id=data["neighbourhood"].pk,
            languages=list(data["languages"]),
            offers=offers,
            needs=needs,
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            gender=data.get("gender", ""),
            prefers_gender=data.get("prefers_gender", ""),
            reach=data["reach"],
            radius_km=radius if radius is not None else Decimal("2.0"),
            capacity=data["capacity"],
            note=data.get("note", ""),
        )


class RegisterForm(ProfileForm):
    """A broker registers someone on their behalf: consent first, and how it was given."""

    consent = forms.BooleanField(
        label=_("The person agrees to be matched with others and to be called about it"),
        required=False,
    )
    consent_by = forms.ChoiceField(
        label=_("How consent was given"),
        choices=[c for c in Participant.ConsentBy.choices if c[0] != "team"],
        initial=Participant.ConsentBy.ORALLY,
    )
    not_a_duplicate = forms.BooleanField(
        label=_("This is someone else than the person already registered"), required=False
    )


class TeamRegisterForm(ProfileForm):
    """From the dossier: the resident decides what the broker may know."""

    consent = forms.BooleanField(
        label=_("The resident agrees to be registered with the social broker and matched"),
        required=False,
    )
    shared_by_team = forms.CharField(
        label=_("What the resident wants the broker to know"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only this reaches the broker; nothing else from the dossier."),
    )
    plan_consent = forms.BooleanField(
        label=_("Matches may be recorded in the household plan"), required=False
    )


class EditForm(ProfileForm):
    not_a_duplicate = forms.BooleanField(
        label=_("This is someone else than the person already registered"), required=False
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RunForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("Area"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("The whole municipality"),
    )
    max_cycle = forms.IntegerField(
        label=_("Longest ring"),
        min_value=0,
        max_value=5,
        initial=3,
        help_text=_("2 means swaps only; 3 also rings of three."),
    )
    max_chain = forms.IntegerField(
        label=_("Longest chain from a volunteer"),
        min_value=0,
        max_value=5,
        initial=3,
        help_text=_("Number of people helped one after another; 0 for no chains."),
    )
    time_limit = forms.IntegerField(
        label=_("Time limit in seconds"),
        min_value=1,
        max_value=services.JOB_MAX_TIME_LIMIT,
        initial=10,
        help_text=_(
            "The search runs in the background and you see how far it is; a whole city may "
            "take longer. At most one hour."
        ),
    )


class RespondForm(VersionForm):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        choices=[("agree", _("Agrees")), ("decline", _("Declines"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Why not"), max_length=300, required=False)


class IntroduceForm(VersionForm):
    follow_up_on = forms.DateField(
        label=_("Ask how it goes on"),
        widget=DATE,
        help_text=_("The date agreed with everyone."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_on"].initial = timezone.localdate() + dt.timedelta(weeks=4)


class FollowUpForm(VersionForm):
    note = forms.CharField(
        label=_("How is it going?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EndForm(VersionForm):
    """Short feedback from each side: one rating, a line in their words, hours of help."""

    def __init__(self, *args: Any, parties: list[ProposalParty], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        for party in parties:
            name = party.participant.full_name
            self.fields[f"rating_{party.participant_id}"] = forms.ChoiceField(
                label=_("How did it go for %(name)s?") % {"name": name},
                choices=ProposalParty.Rating.choices,
            )
            self.fields[f"words_{party.participant_id}"] = forms.CharField(
                label=_("In %(name)s's words") % {"name": name}, max_length=500, required=False
            )
            self.fields[f"hours_{party.participant_id}"] = forms.DecimalField(
                label=_("Hours of help given by %(name)s") % {"name": name},
                min_value=Decimal("0"),
                max_value=Decimal("2000"),
                decimal_places=1,
                required=False,
                localize=True,
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PlanRecordForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    participant = forms.IntegerField(widget=forms.HiddenInput)
    goal = forms.TypedChoiceField(label=_("Under which goal"), coerce=int, choices=())

    def __init__(self, *args: Any, goals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = goals  # type: ignore[attr-defined]
