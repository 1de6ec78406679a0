"""Forms of "Ons netwerk" in Mijn Nabij: the household's network in its own words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import PlainTextField
from nabij.people.models import NetworkMember

TEXT = forms.Textarea(attrs={"rows": 2})


class OwnNetworkForm(forms.Form):
    name = PlainTextField(label=_("Name"), max_length=150)
    relation = forms.ChoiceField(label=_("Who is it?"), choices=NetworkMember.Relation.choices)
    relation_detail = PlainTextField(
        label=_("What is this person to you?"),
        max_length=150,
        required=False,
        help_text=_("For example: aunt, neighbour, friend from school."),
    )
    can_do = forms.CharField(
        label=_("What can this person help with?"), max_length=1000, required=False, widget=TEXT
    )
    wants_to_do = forms.CharField(
        label=_("What would this person like to do?"),
        max_length=1000,
        required=False,
        widget=TEXT,
    )
    household_view = forms.CharField(
        label=_("What does this person mean to you?"),
        max_length=1000,
        required=False,
        widget=TEXT,
    )


class OwnNetworkAddForm(OwnNetworkForm):
    private = forms.BooleanField(
        label=_("Only for me"),
        required=False,
        help_text=_(
            "Other members of your household do not see this person. The professionals who "
            "help you do see it. You can share it later; you cannot make it private later."
        ),
    )


class OwnNetworkEditForm(OwnNetworkForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: object, private: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if private:
            self.fields["share"] = forms.BooleanField(
                label=_("Show this person to the other members of my household too"),
                required=False,
                help_text=_("Now only you see this person."),
            )

    @staticmethod
    def initial_for(member: NetworkMember) -> dict[str, object]:
        return {
            "name": member.name,
            "relation": member.relation,
            "relation_detail": member.relation_detail,
            "can_do": member.can_do,
            "wants_to_do": member.wants_to_do,
            "household_view": member.household_view,
            "version": member.version,
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
