from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.access.models import Professional, Role
from nabij.areas.models import District
from nabij.core.forms import DATE, VersionedForm
from nabij.learning.selectors_rules import grouped_choices as rule_choices
from nabij.people.models import Household, NetworkMember
from nabij.plans.models import Action, Breakthrough, CoercionThreat, Goal, GoalHeld, Plan
from nabij.plans.selectors import CASELOAD_SORTS, CaseloadQuery, PlanState


class ChoicesMixin:
    """Set a model-choice field's options per request (they depend on the household)."""

    fields: dict[str, forms.Field]

    def _choices(self, **querysets: QuerySet[Any]) -> None:
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


# A professional's goal is their own, or recorded as the network's; a goal in the household's
# words is written by the household itself (Mijn Nabij), never chosen here.
PROFESSIONAL_AUTHORS = [
    (Goal.Author.PROFESSIONAL, Goal.Author.PROFESSIONAL.label),
    (Goal.Author.NETWORK, Goal.Author.NETWORK.label),
]


class GoalForm(VersionedForm):
    text = forms.CharField(
        label=_("Goal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The household adds goals in its own words in Mijn Nabij; a goal you add here "
            "is shown as yours (or the network's)."
        ),
    )
    author = forms.ChoiceField(
        label=_("Written by"), choices=PROFESSIONAL_AUTHORS, initial=Goal.Author.PROFESSIONAL
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    review_on = forms.DateField(label=_("Review"), required=False, widget=DATE)


class GoalEditForm(GoalForm):
    """Status and dates; the words only where the professional may change them (not a goal in
    the household's words, nothing in a family group plan)."""

    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    field_order = ["text", "status", "due_on", "review_on"]

    def __init__(self, *args, text_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["author"]
        self.fields["text"].help_text = ""
        if text_locked:
            del self.fields["text"]


class WordingForm(VersionedForm):
    text = forms.CharField(
        label=_("The words you propose"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The household sees your proposal and decides. Until then nothing changes."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalMoveForm(VersionedForm):
    position = forms.IntegerField(label=_("New place"), min_value=1, max_value=1000)


class ActionForm(ChoicesMixin, VersionedForm):
    description = forms.CharField(
        label=_("Action"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The fields below "Who does it" belong to one choice each (``data-shown-for``): nabij.js
    # shows only those; without it all show, with the hint. The service decides either way.
    actor_kind = forms.ChoiceField(
        label=_("Who does it"),
        choices=Action.ActorKind.choices,
        help_text=_(
            "Fill in only what belongs to your choice: a network member, a professional (or "
            "the name of one from outside the team), or the volunteer's name."
        ),
    )
    network_member = forms.ModelChoiceField(
        label=_("Network member"),
        queryset=NetworkMember.objects.none(),
        required=False,
        help_text=_("When someone from the network does it."),
        widget=forms.Select(attrs={"data-shown-for": Action.ActorKind.NETWORK}),
    )
    professional = forms.ModelChoiceField(
        label=_("Professional"),
        queryset=Professional.objects.none(),
        required=False,
        help_text=_("When a professional does it."),
        widget=forms.Select(attrs={"data-shown-for": Action.ActorKind.PROFESSIONAL}),
    )
    actor_name = forms.CharField(
        label=_("Name (volunteer, or a professional from outside the team)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(
            attrs={
                "data-shown-for": f"{Action.ActorKind.VOLUNTEER} {Action.ActorKind.PROFESSIONAL}"
            }
        ),
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    requested_by_family = forms.BooleanField(label=_("Asked for by the family"), required=False)
    is_safety_condition = forms.BooleanField(label=_("Safety condition"), required=False)

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        # nabij.js hides this hint (meant for pages without it) and shows only the fields that
        # belong to the choice made.
        self.fields["actor_kind"].widget.attrs["data-reveals"] = (
            f"{self['actor_kind'].auto_id}_help"
        )
        self._choices(
            network_member=household.network.filter(ended_on__isnull=True, private_to__isnull=True)
        )
        self._choices(
            professional=(
                Professional.objects.filter(role__in=[Role.PROFESSIONAL, Role.TEAM_COORDINATOR])
                .filter(
                    Q(team_id=household.team_id)
                    | Q(assignments__household=household, assignments__ended_on__isnull=True)
                )
                .select_related("user")
                .distinct()
            )
        )


class ActionStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)


class PlanKindForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=Plan.Kind.choices)


class SignOffForm(VersionedForm):
    signed_off_by = forms.CharField(label=_("Signed by (member of the household)"), max_length=150)


class ThreatForm(forms.Form):
    kind = forms.ChoiceField(label=_("Threat"), choices=CoercionThreat.Kind.choices)
    deadline = forms.DateField(label=_("Date of the threatened measure"), widget=DATE)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ThreatStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CoercionThreat.Status.choices)


class EuroField(forms.Field):
    """An amount as people type it: "400", "400,50", "€ 1.200,50" or "1,200.50"."""

    def to_python(self, value):
        text = str(value or "").strip()[:30].replace("€", "").replace(" ", "")
        if not text:
            return None
        decimal_mark = max(text.rfind(","), text.rfind("."))
        if decimal_mark >= 0 and len(text) - decimal_mark - 1 in (1, 2):
            whole, fraction = text[:decimal_mark], text[decimal_mark + 1 :]
        else:
            whole, fraction = text, "0"
        whole = whole.replace(".", "").replace(",", "")
        try:
            amount = Decimal(f"{whole or '0'}.{fraction}")
        except ArithmeticError:
            raise forms.ValidationError(
                _("Enter an amount in euros, e.g. 400 or 400,50.")
            ) from None
        if not amount.is_finite():
            raise forms.ValidationError(_("Enter an amount in euros, e.g. 400 or 400,50."))
        return amount

    def validate(self, value):
        super().validate(value)
        if value is not None and value < 0:
            raise forms.ValidationError(_("A cost cannot be negative."))
        if value is not None and value > Decimal("100000000"):
            raise forms.ValidationError(_("That amount is not plausible."))


class BreakthroughForm(ChoicesMixin, forms.Form):
    blocked = forms.CharField(
        label=_("What was blocked?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rule_set_aside = forms.TypedChoiceField(
        label=_("Which rule or regulation was set aside?"),
        coerce=int,
        help_text=_(
            "Rules in force from the rules register, with the organisation that owns them. "
            "Missing one? A policy analyst adds it to the register."
        ),
    )
    decision = forms.CharField(
        label=_("What was decided?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    cost = EuroField(
        label=_("Cost in euros"), initial="0", help_text=_("For example 400 or 400,50.")
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Breakthrough.Outcome.choices)
    outcome_note = forms.CharField(
        label=_("Outcome in words"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        field = self.fields["rule_set_aside"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose a rule")), *rule_choices()]

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The decision date cannot lie in the future."))
        return value


class AssignmentForm(ChoicesMixin, forms.Form):
    professional = forms.ModelChoiceField(
        label=_("Professional"), queryset=Professional.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("Role"),
        choices=[("coordinator", _("Coordinator")), ("involved", _("Involved professional"))],
    )
    has_own_plan = forms.BooleanField(
        label=_("Their organisation keeps its own plan"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices(
            professional=Professional.objects.filter(
                role__in=[Role.PROFESSIONAL, Role.TEAM_COORDINATOR]
            ).select_related("user", "organisation")
        )


class CaseloadFilterForm(forms.Form):
    """The caseload's filters and sort, read from the address (GET). A value the form does not
    know is left out and named on the page; the list is never refused for it."""

    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, to_field_name="code"
    )
    plan = forms.TypedChoiceField(
        label=_("Plan"),
        choices=[("", _("Any")), *PlanState.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    review = forms.ChoiceField(
        label=_("Next evaluation"),
        choices=[
            ("", _("Any")),
            ("overdue", _("Overdue")),
            ("soon", _("In the next four weeks")),
            ("none", _("None planned")),
        ],
        required=False,
    )
    threats = forms.BooleanField(label=_("Only with an open threat"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("name", _("Name, A to Z")),
            ("-name", _("Name, Z to A")),
            ("district", _("District, A to Z")),
            ("-district", _("District, Z to A")),
            ("plan", _("Plan: most work first")),
            ("-plan", _("Plan: signed first")),
            ("review", _("Next evaluation: soonest first")),
            ("-review", _("Next evaluation: latest first")),
            ("threats", _("Open threats: most first")),
            ("-threats", _("Open threats: fewest first")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, districts: QuerySet[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts
        field.empty_label = _("All districts")

    def query(self) -> CaseloadQuery:
        """The valid filters; a field with an error counts as not set."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        district = data.get("district")
        sort = data.get("sort") or "name"
        return CaseloadQuery(
            district_id=district.pk if district else None,
            plan_state=data.get("plan"),
            review=data.get("review") or "",
            threats=bool(data.get("threats")),
            sort=sort if sort in CASELOAD_SORTS else "name",
        )


class OptionalEuroField(EuroField):
    """An amount in euros that may be left empty (not known yet)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        return super().to_python(value)

    def validate(self, value):
        if value is None:
            return
        super().validate(value)


def cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * Decimal(100)).to_integral_value())


class BreakthroughUpdateForm(VersionedForm):
    prefix = "update"
    on_date = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(
        label=_("What came of it?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    real_cost = OptionalEuroField(
        label=_("Real cost so far, in euros"),
        help_text=_("Leave empty when nothing changed since the last update."),
    )
    saving = OptionalEuroField(
        label=_("Saving so far, in euros"),
        help_text=_("What it saved elsewhere: a shelter place, an eviction, a benefit."),
    )
    saving_basis = forms.CharField(
        label=_("How was the saving estimated?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: 3 months of shelter at the reference price of €5,000."),
    )
    goal_held = forms.ChoiceField(
        label=_("Did the household's goal hold?"),
        choices=GoalHeld.choices,
        initial=GoalHeld.UNKNOWN,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = timezone.localdate()


CLOSING_OUTCOMES = [
    (value, label) for value, label in Breakthrough.Outcome.choices if value != "pending"
]


class BreakthroughCloseForm(VersionedForm):
    prefix = "close"
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Final outcome"), choices=CLOSING_OUTCOMES)
    outcome_note = forms.CharField(
        label=_("The final outcome in words"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class BreakthroughReopenForm(VersionedForm):
    prefix = "reopen"
