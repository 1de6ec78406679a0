"""Forms for area accounts. Every change carries the version it was based on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.reports.models import TEXT_MAX, Story

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 6})


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class StartForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class SectionsForm(VersionForm):
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=TEXT_MAX,
        widget=TEXTAREA,
        help_text=_("What the area is like and what the team did this year, in a few lines."),
    )
    lessons = forms.CharField(
        label=_("What we learned"), required=False, max_length=TEXT_MAX, widget=TEXTAREA
    )
    changes = forms.CharField(
        label=_("What we will do differently"), required=False, max_length=TEXT_MAX, widget=TEXTAREA
    )


class StoryForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Story"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Anonymised: no names, no addresses, no BSN, no figures of fewer than 10 "
            "households. The story check shows any sentence that gives someone away."
        ),
    )


class StoryAddForm(StoryForm):
    kind = forms.ChoiceField(label=_("Kind of story"), choices=Story.Kind.choices)

    field_order = ["version", "kind", "title", "text"]


class ReturnForm(VersionForm):
    remarks = forms.CharField(
        label=_("What must change"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HouseholdChoiceForm(forms.Form):
    household = forms.TypedChoiceField(label=_("Household"), coerce=int, choices=())

    def __init__(self, *args: Any, households: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [  # type: ignore[attr-defined]
            (h.pk, f"{h.name} ({h.neighbourhood.name})") for h in households
        ]


class ConsentForm(VersionForm):
    household = forms.IntegerField(widget=forms.HiddenInput)
    resident = forms.TypedChoiceField(label=_("Who gave consent"), coerce=int, choices=())
    given_on = forms.DateField(label=_("Consent given on"), widget=DATE)
    form = forms.ChoiceField(
        label=_("How"), choices=Story.ConsentForm.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = [  # type: ignore[attr-defined]
            (m.resident_id, m.resident.full_name) for m in members
        ]
        self.fields["given_on"].initial = timezone.localdate()
