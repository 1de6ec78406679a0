"""Forms of Buurthulp in Mijn Nabij: the resident's own offers and needs, and their answer to a
proposal. Short questions, one per skill; what the form cannot say plainly the service checks
again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.matching.models import Language, Participant, Reach, Skill, Urgency
from nabij.matching.services import OwnChoices

RADIUS_CHOICES = [(v, _("%(km)s km") % {"km": v}) for v in ("0.5", "1", "2", "3", "5", "10")]
URGENCY_CHOICES = [
    (Urgency.CAN_WAIT, _("It can wait")),
    (Urgency.SOON, _("In a few weeks")),
    (Urgency.URGENT, _("Soon, it is urgent")),
]


class OwnProfileForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Which languages do you speak?"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["nl"],
        error_messages={"required": _("Choose at least one language.")},
    )
    reach = forms.ChoiceField(
        label=_("How far from home?"),
        choices=[
            (Reach.NEIGHBOURHOOD, _("Only in my own neighbourhood")),
            (Reach.RADIUS, _("Further away is fine too")),
        ],
        widget=forms.RadioSelect,
        initial=Reach.NEIGHBOURHOOD,
    )
    radius_km = forms.ChoiceField(
        label=_("How far at most?"), choices=RADIUS_CHOICES, initial="2", required=False
    )
    capacity = forms.TypedChoiceField(
        label=_("With how many people at the same time?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        initial=1,
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("Only given to the others when everyone said yes."),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Only given to the others when everyone said yes."),
    )
    plan_consent = forms.BooleanField(
        label=_("An exchange may be put in our plan"),
        required=False,
        help_text=_("Then your district team sees it beside the other help."),
    )

    def __init__(self, *args: Any, skills: list[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skills = skills
        for skill in skills:
            self.fields[f"offer_{skill.pk}"] = forms.BooleanField(label=skill.label, required=False)
            self.fields[f"need_{skill.pk}"] = forms.BooleanField(label=skill.label, required=False)
            self.fields[f"urgency_{skill.pk}"] = forms.TypedChoiceField(
                label=_("How soon do you need help with %(skill)s?") % {"skill": skill.label},
                choices=URGENCY_CHOICES,
                coerce=int,
                initial=Urgency.SOON,
                required=False,
            )

    @property
    def offer_rows(self) -> list[Any]:
        return [self[f"offer_{s.pk}"] for s in self.skills]

    @property
    def need_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"need_{s.pk}"], self[f"urgency_{s.pk}"]) for s in self.skills]

    @property
    def general_fields(self) -> list[Any]:
        return [self[name] for name in ("languages", "reach", "radius_km", "capacity")]

    @property
    def contact_fields(self) -> list[Any]:
        return [self[name] for name in ("phone", "email")]

    @property
    def plan_fields(self) -> list[Any]:
        return [self["plan_consent"]]

    @property
    def consent_fields(self) -> list[Any]:
        return [self[name] for name in ("plan_consent", "consent") if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        offers = {s.pk for s in self.skills if data.get(f"offer_{s.pk}")}
        needs = {s.pk for s in self.skills if data.get(f"need_{s.pk}")}
        if not offers and not needs:
            raise forms.ValidationError(_("Tick at least one thing you offer or ask for."))
        both = [s.label for s in self.skills if s.pk in offers & needs]
        if both:
            raise forms.ValidationError(
                _("You offer and ask for the same thing: %(skills)s. Choose one of the two.")
                % {"skills": ", ".join(both)}
            )
        return data

    def choices(self) -> OwnChoices:
        data = self.cleaned_data
        return OwnChoices(
            offers=[s.pk for s in self.skills if data.get(f"offer_{s.pk}")],
            needs={
                s.pk: data.get(f"urgency_{s.pk}") or Urgency.SOON
                for s in self.skills
                if data.get(f"need_{s.pk}")
            },
            languages=list(data["languages"]),
            reach=data["reach"],
            radius_km=Decimal(data.get("radius_km") or "2"),
            capacity=data["capacity"],
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )

    @staticmethod
    def initial_for(participant: Participant) -> dict[str, Any]:
        radius = participant.radius_km.normalize()
        initial: dict[str, Any] = {
            "version": participant.version,
            "languages": participant.languages,
            "reach": participant.reach,
            "radius_km": f"{radius:f}",
            "capacity": participant.capacity,
            "phone": participant.phone,
            "email": participant.email,
            "plan_consent": participant.plan_consent,
        }
        for offer in participant.offers.all():
            initial[f"offer_{offer.skill_id}"] = True
        for need in getattr(participant, "open_needs", []):
            initial[f"need_{need.skill_id}"] = True
            initial[f"urgency_{need.skill_id}"] = need.urgency
        return initial


class OwnRegisterForm(OwnProfileForm):
    consent = forms.BooleanField(
        label=_("I want to take part"),
        error_messages={
            "required": _("Tick that you want to take part. Without it we do nothing.")
        },
        help_text=_(
            "The social broker may use your first name, neighbourhood and what you offer and "
            "ask for, to find someone who fits. Taking part is voluntary; you can stop at any "
            "time."
        ),
    )


class OwnEditForm(OwnProfileForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    reason = forms.CharField(
        label=_("Why not? In a few words."),
        max_length=300,
        required=False,
        help_text=_("Only the broker reads this. The others are only told it will not go ahead."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "no" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say in a few words why not."))
        return data


class StopForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I want to stop"),
        error_messages={"required": _("Tick that you want to stop.")},
    )
