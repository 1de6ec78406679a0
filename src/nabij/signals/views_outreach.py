"""Pages of the team's outreach on arrears signals (Vroegsignalering). Thin: the gate and the
reads in ``selectors_outreach``, the writes in ``services_outreach``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.signals import selectors_outreach as selectors
from nabij.signals import services_outreach as services
from nabij.signals.forms_outreach import AttemptForm, CloseForm
from nabij.signals.models import Case


@guarded
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    today = timezone.localdate()
    rows = selectors.team_cases(actor, today=today)
    return render(
        request,
        "signals/outreach/list.html",
        {
            "rows": rows,
            "team": actor.professional.team if actor.professional else None,
            "overdue": sum(1 for r in rows if r.due.overdue),
        },
    )


def _page(
    request: HttpRequest,
    case: Case,
    *,
    attempt_form: forms.Form | None = None,
    close_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_for(request)
    today = timezone.localdate()
    page = selectors.case_page(actor, case, today=today, max_attempts=settings.SIGNALS_MAX_ATTEMPTS)
    return render(
        request,
        "signals/outreach/case.html",
        {
            "page": page,
            "case": case,
            "attempt_form": attempt_form
            or AttemptForm(initial={"version": case.version, "made_on": today}),
            "close_form": close_form or CloseForm(initial={"version": case.version}),
            "max_attempts": settings.SIGNALS_MAX_ATTEMPTS,
        },
        status=status,
    )


@guarded
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for(actor_for(request), case_id, event=Event.SIGNALS_CASE_VIEW)
    return _page(request, case)


def _failed(form: forms.Form, exc: DomainError | ConflictError) -> int:
    if isinstance(exc, ConflictError):
        form.add_error(None, str(exc))
        return 409
    apply_validation_error(form, exc)
    return 400


@guarded
@require_POST
def attempt_add(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_for(request)
    case = selectors.case_for(actor, case_id, event=Event.SIGNALS_ATTEMPT_CREATE)
    form = AttemptForm(request.POST)
    if not form.is_valid():
        return _page(request, case, attempt_form=form, status=400)
    data = form.cleaned_data
    try:
        services.attempt_record(
            actor=actor,
            case=case,
            expected_version=data["version"],
            made_on=data["made_on"],
            channel=data["channel"],
            reached=data["reached"],
            note=data["note"],
            today=timezone.localdate(),
        )
    except (DomainError, ConflictError) as exc:
        status = _failed(form, exc)
        case.refresh_from_db()
        return _page(request, case, attempt_form=form, status=status)
    messages.success(request, _("The attempt has been written down."))
    return redirect("signals_outreach:case", case_id=case.pk)


@guarded
@require_POST
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_for(request)
    case = selectors.case_for(actor, case_id, event=Event.SIGNALS_CASE_CLOSE)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _page(request, case, close_form=form, status=400)
    data = form.cleaned_data
    try:
        closed = services.case_close(
            actor=actor,
            case=case,
            expected_version=data["version"],
            outcome=data["outcome"],
            goal_text=data["goal_text"],
            today=timezone.localdate(),
        )
    except (DomainError, ConflictError) as exc:
        status = _failed(form, exc)
        case.refresh_from_db()
        return _page(request, case, close_form=form, status=status)
    messages.success(
        request,
        _("The case is closed: %(outcome)s.") % {"outcome": closed.get_outcome_display()},
    )
    return redirect("signals_outreach:case", case_id=case.pk)
