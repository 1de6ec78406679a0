"""Forms of the account pages; the rules themselves live in ``services_admin``."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from nabij.access.models import AuditKind, DistrictTeam, Organisation, Role

REASON_HELP = _("Why: it is kept in the audit trail, and the approving administrator reads it.")


class AccessForm(forms.Form):
    """Role, team and active flag: what decides an account's reach."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ModelChoiceField(
        label=_("District team"),
        queryset=DistrictTeam.objects.all(),
        required=False,
        help_text=_("Only for district-team professionals and team coordinators."),
    )
    is_active = forms.BooleanField(label=_("Can log in"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    expertise = forms.CharField(label=_("Expertise"), max_length=200, required=False)


class AccountCreateForm(ProfileForm):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ModelChoiceField(
        label=_("District team"),
        queryset=DistrictTeam.objects.all(),
        required=False,
        help_text=_("Only for district-team professionals and team coordinators."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "team",
        "expertise",
        "reason",
    ]


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AuditFilterForm(forms.Form):
    subject = forms.CharField(label=_("Concerning (username)"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("Event"),
        choices=[("", _("All events")), *AuditKind.choices],
        required=False,
    )
