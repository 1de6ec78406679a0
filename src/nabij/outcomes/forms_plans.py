"""Forms of the area plan pages. Every change carries the plan version it was based on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from nabij.core.forms import DATE, VersionedForm
from nabij.outcomes.models import AreaPlanAction, AreaPlanGoal, Indicator, IndicatorValue, Question
from nabij.outcomes.models_plans import GOAL_QUESTIONS


def figure_field(**kwargs: Any) -> forms.DecimalField:
    """A figure as an indicator's values hold it (18 digits, 4 decimals), typed the Dutch way."""
    return forms.DecimalField(max_digits=18, decimal_places=4, localize=True, **kwargs)


def input_text(value: Decimal) -> str:
    """A figure as a Dutch (or English) user types it: ``12,5``."""
    return number_format(value.normalize(), use_l10n=True)


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    summary = forms.CharField(
        label=_("What we want for the district, in plain words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences residents recognise. You can change them later."),
    )


class PlanDetailsForm(VersionedForm):
    summary = forms.CharField(
        label=_("What we want for the district, in plain words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class IndicatorSelect(forms.Select):
    """Each indicator's option carries its question (``data-question``) and the district's
    newest figure (``data-baseline``, ``data-period``, ``data-source``): choosing it sets the
    question and fills an empty baseline in the browser (``area_plan.js``). Without JavaScript
    the server fills the baseline the same way, and refuses a question that does not fit."""

    def __init__(self, *args: Any, option_attrs: Mapping[str, dict[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.option_attrs = option_attrs

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        option["attrs"].update(self.option_attrs.get(str(option["value"]), {}))
        return option


def _option_attrs(
    indicators: Iterable[Indicator], figures: Mapping[int, IndicatorValue]
) -> dict[str, dict[str, str]]:
    attrs: dict[str, dict[str, str]] = {}
    for indicator in indicators:
        these = {"data-question": indicator.question}
        figure = figures.get(indicator.pk)
        if figure is not None and figure.value is not None:
            these["data-baseline"] = input_text(figure.value)
            these["data-period"] = str(figure.period)
            these["data-source"] = figure.batch.source
            these["data-quality"] = figure.quality
        attrs[str(indicator.pk)] = these
    return attrs


def indicator_choices(indicators: Iterable[Indicator]) -> list[Any]:
    """The indicators grouped by the question they answer (context excluded)."""
    groups: dict[str, list[tuple[str, str]]] = {value: [] for value, _label in GOAL_QUESTIONS}
    for indicator in indicators:
        if indicator.question in groups:
            unit = indicator.unit.strip()
            shown = unit and unit.lower() not in indicator.name.lower() and unit != "aantal"
            label = indicator.name + (f" ({unit})" if shown else "")
            groups[indicator.question].append((str(indicator.pk), label))
    return [("", _("Choose an indicator"))] + [
        (Question(value).label, options) for value, options in groups.items() if options
    ]


class GoalForm(VersionedForm):
    question = forms.ChoiceField(label=_("Question"), choices=GOAL_QUESTIONS)
    text = forms.CharField(
        label=_("Goal, in plain words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What will be different for the people in the district? E.g. “More young "
                    "people finish school with a diploma.”"),
    )  # fmt: skip
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int, empty_value=None)
    baseline_value = figure_field(label=_("Baseline"), required=False)
    baseline_period = forms.IntegerField(
        label=_("Baseline year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Leave both empty to take the district's newest figure of the indicator."),
    )
    target_value = figure_field(label=_("Target"))
    target_year = forms.IntegerField(label=_("Target year"), min_value=2000, max_value=2100)

    def __init__(
        self,
        *args: Any,
        indicators: Iterable[Indicator],
        figures: Mapping[int, IndicatorValue],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        indicators = list(indicators)
        field = self.fields["indicator"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = indicator_choices(indicators)
        field.widget = IndicatorSelect(
            choices=field.choices, option_attrs=_option_attrs(indicators, figures)
        )

    @staticmethod
    def initial_for(goal: AreaPlanGoal, version: int) -> dict[str, Any]:
        return {
            "version": version,
            "question": goal.question,
            "text": goal.text,
            "indicator": goal.indicator_id,
            "baseline_value": goal.baseline_value,
            "baseline_period": goal.baseline_period,
            "target_value": goal.target_value,
            "target_year": goal.target_year,
        }


class ActionForm(VersionedForm):
    description = forms.CharField(
        label=_("Action"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    goal = forms.TypedChoiceField(label=_("For goal"), coerce=int, empty_value=None, required=False)
    by = forms.ChoiceField(
        label=_("By whom"), choices=AreaPlanAction.By.choices, widget=forms.RadioSelect
    )
    by_name = forms.CharField(
        label=_("Name of the partner or initiative"),
        required=False,
        max_length=150,
        help_text=_("E.g. Woonstichting Nabij, the primary school, Buurtcoöperatie Heechterp."),
    )
    owner = forms.CharField(
        label=_("Who carries it"),
        required=False,
        max_length=150,
        help_text=_("A person or role people can call, e.g. “wijkcoach Sanne”."),
    )
    due_on = forms.DateField(label=_("Ready by"), required=False, widget=DATE)

    def __init__(self, *args: Any, goals: Iterable[AreaPlanGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("The plan as a whole"))] + [(str(g.pk), g.text[:80]) for g in goals]

    @staticmethod
    def initial_for(action: AreaPlanAction, version: int) -> dict[str, Any]:
        return {
            "version": version,
            "description": action.description,
            "goal": action.goal_id,
            "by": action.by,
            "by_name": action.by_name,
            "owner": action.owner,
            "due_on": action.due_on,
        }


class ActionStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=AreaPlanAction.Status.choices)


class RemoveForm(VersionedForm):
    """Confirms a removal, with the version the user saw."""


class AgreeForm(VersionedForm):
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE)
    agreed_with = forms.CharField(
        label=_("Agreed with"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Residents and partners who took part, and where: e.g. “residents' evening 12 "
            "March in the community centre, housing corporation, school”."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()
