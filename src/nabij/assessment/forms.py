"""Page forms: they parse input; the services decide what is valid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nabij.assessment.models import Domain, Instrument, shown

DOMAIN_PREFIX = "domain_"


@dataclass(frozen=True)
class DomainField:
    """A domain's radio group with the level scored last time, for the template."""

    domain: Domain
    field: BoundField
    previous_level: int | None
    previous_label: str
    previous_on: dt.date | None


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. What stood out, in a few sentences."),
    )

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        previous: dict[int, tuple[int, dt.date]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.previous = previous or {}
        self.fields["assessed_on"].initial = timezone.localdate
        self.fields["assessed_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.domains = list(instrument.domains.all())
        self.level_labels = {lv.value: shown(lv.label) for lv in instrument.levels.all()}
        # "Not scored" first and selected: an assessment may leave domains out.
        choices = [("", _("Not scored")), *self.level_labels.items()]
        for domain in self.domains:
            self.fields[DOMAIN_PREFIX + domain.code] = forms.TypedChoiceField(
                label=shown(domain.name),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial="",
            )

    def domain_fields(self) -> list[DomainField]:
        rows = []
        for domain in self.domains:
            level, on = self.previous.get(domain.pk, (None, None))
            rows.append(
                DomainField(
                    domain=domain,
                    field=self[DOMAIN_PREFIX + domain.code],
                    previous_level=level,
                    previous_label=self.level_labels.get(level, "") if level else "",
                    previous_on=on,
                )
            )
        return rows

    def scores(self) -> dict[int, int | None]:
        return {d.pk: self.cleaned_data.get(DOMAIN_PREFIX + d.code) for d in self.domains}

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's field-keyed messages next to the matching fields."""
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class PriorityForm(forms.Form):
    text = forms.CharField(
        label=_("Their answer, in their own words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write it down as they say it; do not rephrase or translate it."),
    )
    said_by = forms.CharField(
        label=_("Who said it"),
        max_length=150,
        help_text=_("A name, or who they are to the household, e.g. “Karima (mother)”."),
        widget=forms.TextInput(attrs={"list": "household-members", "autocomplete": "off"}),
    )
    recorded_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate
        self.fields["recorded_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
