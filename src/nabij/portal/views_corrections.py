"""The coordinator's side of a correction request (AVG art. 16): answered on the household's
dossier, where the request is shown with its deadline. A professional page (``guarded``): the
gate's household rule decides who answers (the household's professionals and its team
coordinator)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError
from nabij.core.forms_util import apply_validation_error
from nabij.core.ids import MAX_ID
from nabij.portal import selectors, services
from nabij.portal.models import ANSWER_MAX, CorrectionRequest


class CorrectionAnswerForm(forms.Form):
    correction_id = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[
            (CorrectionRequest.Status.DONE, gettext_lazy("Corrected as asked")),
            (CorrectionRequest.Status.REFUSED, gettext_lazy("Not corrected")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer to the resident"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What you corrected, or why not. The resident reads this in Mijn Nabij."
        ),
    )


@guarded
@require_POST
def correction_answer(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.CORRECTION_ANSWER)
    form = CorrectionAnswerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.correction_answer(
                actor=actor,
                household=household,
                correction_id=form.cleaned_data["correction_id"],
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Answer saved. The resident sees it in Mijn Nabij."))
            return redirect(
                reverse("people:household_detail", args=[household.pk]) + "#corrections"
            )
    return render(
        request,
        "portal/correction_answer.html",
        {
            "household": household,
            "form": form,
            "corrections": selectors.household_corrections(household).all(),
        },
        status=status,
    )
