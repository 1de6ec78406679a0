"""Pages of applications (subsidy, area-fund contribution) and the right to challenge.

Thin: the object through ``gate.initiative_item_for`` with the rules of ``access.rules``
(refusals logged there, a 403 page that says why), reads in ``selectors_applications``, writes
in ``services_applications``. A contact person (a resident, DigiD) sees the pages in Mijn
Nabij's frame; professionals in Nabij's. Every change posts the version it was based on: a
stale one comes back (409) with what was typed. The challenges' pages are public.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import Event, Role
from nabij.access.web import actor_for
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.initiatives import selectors_applications as selectors
from nabij.initiatives import services_applications as services
from nabij.initiatives.forms_applications import (
    AccountForm,
    ApplyForm,
    ChallengeForm,
    ChallengeStepForm,
    DecideForm,
    VersionForm,
    WithdrawForm,
    cents,
)
from nabij.initiatives.models import Application, Challenge, Initiative

View = Callable[..., HttpResponse]


def _frame(request: HttpRequest) -> dict[str, Any]:
    """Mijn Nabij's frame for a resident (with its navigation), Nabij's for everyone else."""
    actor = actor_for(request)
    if actor.resident is not None:
        from nabij.portal.views import NAV

        return {
            "base": "portal/base.html",
            "current_resident": actor.resident,
            "portal_nav": NAV,
        }
    return {"base": "base.html"}


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, {**_frame(request), **context}, status=status)


def signed_in(*, resident: bool) -> Callable[[View], View]:
    """Login required (a contact person's pages: DigiD); the gate's refusals become a 403 page
    that says why, or a 404 page."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                login = reverse("portal:login") if resident else reverse("core:login")
                return redirect_to_login(request.get_full_path(), login_url=login)
            try:
                return view(request, *args, **kwargs)
            except gate.AccessDenied as exc:
                return _page(
                    request,
                    "initiatives/applications/error.html",
                    {"code": 403, "why": str(exc)},
                    status=403,
                )
            except gate.NotFound:
                return _page(
                    request, "initiatives/applications/error.html", {"code": 404}, status=404
                )

        return wrapper

    return decorate


contact_view = signed_in(resident=True)
staff_view = signed_in(resident=False)


# --- Loading through the gate --------------------------------------------------------------------


def _is_contact(actor: gate.Actor, initiative: Initiative) -> bool:
    return rules.is_initiative_contact(
        actor.resident_id, selectors.contact_resident_ids(initiative)
    )


def _may_decide(actor: gate.Actor, application: Application) -> bool:
    return rules.can_decide_application(
        actor.professional,
        application.initiative.district_id,
        application.amount_cents,
        selectors.limit_cents(),
    )


def _initiative_as_contact(
    request: HttpRequest, initiative_id: int, event: Event
) -> tuple[gate.Actor, Initiative]:
    actor = actor_for(request)
    initiative = gate.initiative_item_for(
        actor,
        initiative_id,
        load=selectors.initiative_for,
        event=event,
        allowed=lambda i: _is_contact(actor, i),
        why=lambda i: _("Only a contact person of %(name)s can do this.") % {"name": i.name},
        item="initiative",
    )
    return actor, initiative


def _application(
    request: HttpRequest,
    initiative_id: int,
    application_id: int,
    event: Event,
    allowed: Callable[[gate.Actor, Application], bool],
    why: Callable[[Application], str] | None = None,
) -> tuple[gate.Actor, Application]:
    actor = actor_for(request)
    application = gate.initiative_item_for(
        actor,
        application_id,
        load=lambda pk: selectors.application_for(initiative_id, pk),
        event=event,
        allowed=lambda a: allowed(actor, a),
        why=why,
        item="application",
    )
    return actor, application


def _steward(actor: gate.Actor, application: Application) -> bool:
    """Its contacts and the district's teams; the decider too (the administrator, above the
    coordinator's limit, reads what they decide)."""
    initiative = application.initiative
    return rules.can_steward_initiative(
        actor.professional,
        actor.resident_id,
        initiative.district_id,
        selectors.contact_resident_ids(initiative),
    ) or _may_decide(actor, application)


def _contact_of(actor: gate.Actor, application: Application) -> bool:
    return _is_contact(actor, application.initiative)


def _contact_only(application: Application) -> str:
    return _("Only a contact person of %(name)s can do this.") % {
        "name": application.initiative.name
    }


def _challenge(
    request: HttpRequest,
    challenge_id: int,
    event: Event,
    allowed: Callable[[gate.Actor, Challenge], bool],
    why: Callable[[Challenge], str],
) -> tuple[gate.Actor, Challenge]:
    actor = actor_for(request)
    challenge = gate.initiative_item_for(
        actor,
        challenge_id,
        load=selectors.challenge_for,
        event=event,
        allowed=lambda c: allowed(actor, c),
        why=why,
        item="challenge",
    )
    return actor, challenge


# --- Sending a form to a service -------------------------------------------------------------


def _send(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    current_version: Callable[[], int] | None = None,
) -> tuple[Any, int, str]:
    """(result or None, status, conflict message). A stale version shows the input again with
    the current version, so saving again (after a look) goes through."""
    if not form.is_valid():
        return None, 400, ""
    try:
        return call(form.cleaned_data), 200, ""
    except ConflictError as exc:
        if current_version is not None:
            data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
            data["version"] = str(current_version())
            form.data = data
        return None, 409, str(exc)
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return None, 400, ""


def _application_url(application: Application) -> str:
    return reverse("initiatives:application", args=[application.initiative_id, application.pk])


def _refreshed(model: type[Application] | type[Challenge], pk: int) -> Callable[[], int]:
    return lambda: int(model.objects.values_list("version", flat=True).get(pk=pk))


# --- Applications ----------------------------------------------------------------------------


@contact_view
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor, initiative = _initiative_as_contact(
        request, initiative_id, Event.INITIATIVES_APPLICATION_CREATE
    )
    form = ApplyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        result, status, _conflict = _send(
            request,
            form,
            lambda d: services.application_submit(
                actor=actor,
                initiative=initiative,
                kind=d["kind"],
                amount_cents=cents(d["amount"]) or 0,
                purpose=d["purpose"],
                year=d["year"],
            ),
        )
        if result is not None:
            messages.success(
                request,
                _("Thank you. We will decide before %(day)s.")
                % {"day": f"{result.decide_by:%d-%m-%Y}"},
            )
            return redirect(_application_url(result))
    return _page(
        request,
        "initiatives/applications/apply.html",
        {
            "initiative": initiative,
            "form": form,
            "limit": selectors.limit_cents(),
            "days_small": services.decision_days(1),
            "days_large": services.decision_days(selectors.limit_cents() + 1),
        },
        status=status,
    )


def _application_page(
    request: HttpRequest,
    actor: gate.Actor,
    application: Application,
    *,
    withdraw_form: forms.Form | None = None,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    initiative = application.initiative
    contact = _is_contact(actor, initiative)
    return _page(
        request,
        "initiatives/applications/application.html",
        {
            "application": application,
            "initiative": initiative,
            "contacts": selectors.current_contact_names(initiative),
            "is_contact": contact,
            "may_decide": _may_decide(actor, application),
            "decider": selectors.decider_role(application),
            "administrator": Role.ADMINISTRATOR,
            "limit": selectors.limit_cents(),
            "overdue": selectors.is_overdue(application.decide_by, application.status),
            "withdraw_form": withdraw_form or VersionForm(initial={"version": application.version}),
            "conflict": conflict,
            "figures": selectors.figures_of(application),
            "entries": list(application.entries.all()),
        },
        status=status,
    )


@staff_view
@require_GET
def application(request: HttpRequest, initiative_id: int, application_id: int) -> HttpResponse:
    actor, found = _application(
        request,
        initiative_id,
        application_id,
        Event.INITIATIVES_APPLICATION_VIEW,
        _steward,
        lambda a: (
            _(
                "Only the contact persons of %(name)s and the teams of its district can "
                "see this application."
            )
            % {"name": a.initiative.name}
        ),
    )
    return _application_page(request, actor, found)


@staff_view
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, initiative_id: int, application_id: int) -> HttpResponse:
    actor, found = _application(
        request,
        initiative_id,
        application_id,
        Event.INITIATIVES_APPLICATION_DECIDE,
        _may_decide,
        services.decider_refusal,
    )
    if request.method == "POST":
        form = DecideForm(request.POST)
        result, status, conflict = _send(
            request,
            form,
            lambda d: services.application_decide(
                actor=actor,
                application=found,
                expected_version=d["version"],
                decision=services.Decision(
                    grant=d["grant"], reason=d["reason"], granted_cents=cents(d["granted"])
                ),
            ),
            _refreshed(Application, found.pk),
        )
        if result is not None:
            messages.success(request, _("The decision is saved. The initiative can see it."))
            return redirect(_application_url(result))
    else:
        form = DecideForm(initial={"version": found.version})
        status, conflict = 200, ""
    return _page(
        request,
        "initiatives/applications/decide.html",
        {
            "application": found,
            "initiative": found.initiative,
            "form": form,
            "conflict": conflict,
            "overdue": selectors.is_overdue(found.decide_by, found.status),
            "is_open": found.status == Application.Status.SUBMITTED,
        },
        status=status,
    )


@contact_view
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest, initiative_id: int, application_id: int) -> HttpResponse:
    actor, found = _application(
        request,
        initiative_id,
        application_id,
        Event.INITIATIVES_APPLICATION_ACCOUNT,
        _contact_of,
        _contact_only,
    )
    if request.method == "POST":
        form = AccountForm(request.POST)
        result, status, conflict = _send(
            request,
            form,
            lambda d: services.application_account(
                actor=actor,
                application=found,
                expected_version=d["version"],
                story=d["story"],
                figures={key: d.get(key) for key in services.FIGURES},
            ),
            _refreshed(Application, found.pk),
        )
        if result is not None:
            messages.success(request, _("Thank you for telling us what you did."))
            return redirect(_application_url(result))
    else:
        form = AccountForm(
            initial={"version": found.version, "story": found.story, **(found.figures or {})}
        )
        status, conflict = 200, ""
    return _page(
        request,
        "initiatives/applications/account.html",
        {
            "application": found,
            "initiative": found.initiative,
            "form": form,
            "conflict": conflict,
            "granted": found.status == Application.Status.GRANTED,
        },
        status=status,
    )


@contact_view
@require_POST
def application_withdraw(
    request: HttpRequest, initiative_id: int, application_id: int
) -> HttpResponse:
    actor, found = _application(
        request,
        initiative_id,
        application_id,
        Event.INITIATIVES_APPLICATION_WITHDRAW,
        _contact_of,
        _contact_only,
    )
    form = VersionForm(request.POST)
    result, status, conflict = _send(
        request,
        form,
        lambda d: services.application_withdraw(
            actor=actor, application=found, expected_version=d["version"]
        ),
        _refreshed(Application, found.pk),
    )
    if result is not None:
        messages.success(request, _("You withdrew the application."))
        return redirect(_application_url(result))
    return _application_page(
        request, actor, found, withdraw_form=form, conflict=conflict, status=status
    )


# --- The right to challenge ----------------------------------------------------------------


@contact_view
@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor, initiative = _initiative_as_contact(
        request, initiative_id, Event.INITIATIVES_CHALLENGE_CREATE
    )
    form = ChallengeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        result, status, _conflict = _send(
            request,
            form,
            lambda d: services.challenge_submit(
                actor=actor,
                initiative=initiative,
                task=d["task"],
                plan=d["plan"],
                budget_cents=cents(d["budget"]) or 0,
                current_cost_cents=cents(d["current_cost"]),
            ),
        )
        if result is not None:
            messages.success(
                request,
                _("Your challenge is sent. Everyone can follow it on this page."),
            )
            return redirect("initiatives:challenge", result.pk)
    return _page(
        request,
        "initiatives/applications/challenge_form.html",
        {"initiative": initiative, "form": form},
        status=status,
    )


@require_GET
def challenges(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "initiatives/applications/challenges.html",
        {"challenges": selectors.challenges_public()},
    )


def _challenge_page(
    request: HttpRequest,
    found: Challenge,
    *,
    withdraw_form: forms.Form | None = None,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    actor = actor_for(request)
    initiative = found.initiative
    is_open = found.status in selectors.CHALLENGE_OPEN
    return _page(
        request,
        "initiatives/applications/challenge.html",
        {
            "challenge": found,
            "initiative": initiative,
            "names": selectors.public_contact_names(initiative),
            "steps": list(found.steps.all()),
            "is_open": is_open,
            "overdue": selectors.is_overdue(found.decide_by, found.status),
            "may_step": is_open
            and rules.can_move_challenge(actor.professional, initiative.district_id),
            "is_contact": is_open and _is_contact(actor, initiative),
            "withdraw_form": withdraw_form or WithdrawForm(initial={"version": found.version}),
            "conflict": conflict,
        },
        status=status,
    )


@require_GET
def challenge(request: HttpRequest, challenge_id: int) -> HttpResponse:
    found = selectors.challenge_for(challenge_id)
    if found is None:
        raise Http404
    return _challenge_page(request, found)


def _mandate(actor: gate.Actor, found: Challenge) -> bool:
    return rules.can_move_challenge(actor.professional, found.initiative.district_id)


def _mandate_only(found: Challenge) -> str:
    return _(
        "Only the coordinator of a team that works in the district of %(name)s takes the next step."
    ) % {"name": found.initiative.name}


@staff_view
@require_http_methods(["GET", "POST"])
def challenge_step(request: HttpRequest, challenge_id: int) -> HttpResponse:
    actor, found = _challenge(
        request, challenge_id, Event.INITIATIVES_CHALLENGE_STEP, _mandate, _mandate_only
    )
    labels = selectors.CHALLENGE_LABELS
    steps = [(s, str(labels[s])) for s in services.challenge_next_steps(found)]
    if request.method == "POST":
        form = ChallengeStepForm(request.POST, steps=steps)
        result, status, conflict = _send(
            request,
            form,
            lambda d: services.challenge_step(
                actor=actor,
                challenge=found,
                expected_version=d["version"],
                to=d["to"],
                note=d["note"],
                decide_by=d["decide_by"],
            ),
            _refreshed(Challenge, found.pk),
        )
        if result is not None:
            messages.success(request, _("The step is saved and shown on the public page."))
            return redirect("initiatives:challenge", result.pk)
    else:
        form = ChallengeStepForm(initial={"version": found.version}, steps=steps)
        status, conflict = 200, ""
    return _page(
        request,
        "initiatives/applications/challenge_step.html",
        {
            "challenge": found,
            "initiative": found.initiative,
            "form": form,
            "conflict": conflict,
            "steps": list(found.steps.all()),
            "has_steps": bool(steps),
        },
        status=status,
    )


def _contact_of_challenge(actor: gate.Actor, found: Challenge) -> bool:
    return _is_contact(actor, found.initiative)


@contact_view
@require_POST
def challenge_withdraw(request: HttpRequest, challenge_id: int) -> HttpResponse:
    actor, found = _challenge(
        request,
        challenge_id,
        Event.INITIATIVES_CHALLENGE_WITHDRAW,
        _contact_of_challenge,
        lambda c: _("Only a contact person of %(name)s can do this.") % {"name": c.initiative.name},
    )
    form = WithdrawForm(request.POST)
    result, status, conflict = _send(
        request,
        form,
        lambda d: services.challenge_withdraw(
            actor=actor, challenge=found, expected_version=d["version"], note=d["note"]
        ),
        _refreshed(Challenge, found.pk),
    )
    if result is not None:
        messages.success(request, _("You withdrew the challenge."))
        return redirect("initiatives:challenge", result.pk)
    return _challenge_page(request, found, withdraw_form=form, conflict=conflict, status=status)
