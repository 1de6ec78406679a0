"""Forms of the practice library. Amounts are typed in euros and handed on in cents; every
change carries the version it was based on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.core.forms import DATE, VersionedForm
from nabij.plans.forms import EuroField
from nabij.practices.domains import LIFE_DOMAINS
from nabij.practices.models import TEXT_MAX, TITLE_MAX, PracticeStory


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Story"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Anonymised: no names, no addresses, no BSN, no phone or e-mail, no small numbers of "
            "people, no date of birth or exact age. Publishing checks it against the register."
        ),
    )
    domains = forms.MultipleChoiceField(
        label=_("Life domains"),
        choices=LIFE_DOMAINS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rules = forms.TypedMultipleChoiceField(
        label=_("Rules involved"), coerce=int, required=False, choices=()
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=PracticeStory.Outcome.choices)
    cost_before = EuroField(
        label=_("Cost per year before, in euros"), required=False, help_text=_("For example 60000.")
    )
    cost_after = EuroField(label=_("Cost per year after, in euros"), required=False)
    area_type = forms.ChoiceField(
        label=_("Type of area"),
        choices=[("", "—"), *PracticeStory.AreaType.choices],
        required=False,
    )

    def __init__(self, *args: Any, rules: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = [  # type: ignore[attr-defined]
            (r.pk, f"{r.name} ({r.owner.name})") for r in rules
        ]
        self.fields["rules"].widget.attrs["size"] = min(8, max(3, len(rules)))


class NewStoryForm(StoryForm):
    pass


class EditStoryForm(StoryForm, VersionedForm):
    consent_given_on = forms.DateField(label=_("Consent given on"), required=False, widget=DATE)
    consent_form = forms.ChoiceField(
        label=_("Consent given"),
        choices=[("", "—"), *PracticeStory.ConsentForm.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("consent_given_on")) != bool(data.get("consent_form")):
            self.add_error("consent_form", _("Give both the date and how consent was given."))
        return data


class WithdrawForm(VersionedForm):
    reason = forms.CharField(label=_("Why withdraw it?"), max_length=300, required=False)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    domain = forms.ChoiceField(label=_("Life domain"), required=False, choices=())
    rule = forms.TypedChoiceField(label=_("Rule"), required=False, coerce=int, choices=())
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All")), *PracticeStory.Outcome.choices]
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, choices=())
    saving_min = EuroField(label=_("Saving per year from (€)"), required=False)
    saving_max = EuroField(label=_("to (€)"), required=False)

    def __init__(self, *args: Any, rules: list[Any], municipalities: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["domain"].choices = [("", _("All")), *LIFE_DOMAINS]  # type: ignore[attr-defined]
        self.fields["rule"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((r.pk, r.name) for r in rules),
        ]
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((m, m) for m in municipalities),
        ]
