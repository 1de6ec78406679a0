"""Pages of a neighbourhood budget round: the public ones (``/buurtbudget/``) and the district
team's (``/gebieden/<code>/buurtbudget/``).

Public pages are for anyone, signed in or not; they log nothing (no personal data: a resident's
name only with consent). The team's pages take the district through ``gate.district_for`` as the
area plans do: members of a team working in the district read and check, the coordinator of such
a team (the mandate) starts and changes rounds and moves them on; refusals are logged. Reads in
``selectors_rounds``, writes in ``services_rounds``. Every form posts the version it was
rendered with: a stale save comes back (409) with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.budgets import selectors_rounds as selectors
from nabij.budgets import services_rounds as services
from nabij.budgets.forms_rounds import (
    AdvanceForm,
    CheckForm,
    ExecutionForm,
    RoundEditForm,
    RoundForm,
    cents,
)
from nabij.budgets.models import Phase
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.jobs import services as job_services
from nabij.jobs.models import Job

if TYPE_CHECKING:
    from nabij.areas.models import District
    from nabij.budgets.models import BudgetProposal, BudgetRound

Rule = Callable[[Any, int], bool]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"code": 404}, status=404)


# --- Public ---------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every round that has started, by area and year."""
    return render(request, "budgets/rounds/index.html", {"areas": selectors.public_index()})


@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    budget_round = selectors.public_round(round_id)
    if budget_round is None:
        return _not_found(request)
    page = selectors.round_page(budget_round)
    return render(request, "budgets/rounds/round.html", {"page": page, "round": budget_round})


@require_GET
def proposal_detail(request: HttpRequest, round_id: int, budget_proposal_id: int) -> HttpResponse:
    budget_round = selectors.public_round(round_id)
    proposal = selectors.round_proposal(budget_round, budget_proposal_id) if budget_round else None
    if budget_round is None or proposal is None:
        return _not_found(request)
    return render(
        request,
        "budgets/rounds/proposal.html",
        {
            "round": budget_round,
            "proposal": proposal,
            "author_name": selectors.author_name(proposal),
            "map": selectors.round_map(budget_round, [proposal]),
        },
    )


@require_GET
def photo(request: HttpRequest, update_id: int) -> HttpResponse:
    """An update's photo from private storage, only when it still reads as the JPEG, PNG or
    WebP it was checked to be on upload; anything else is never served."""
    update = selectors.public_photo(update_id)
    if update is None:
        return _not_found(request)
    try:
        with update.photo.open("rb") as f:
            checked = services.read_photo(f.read(services.PHOTO_MAX_BYTES + 1))
    except (OSError, DomainError):
        return _not_found(request)
    response = HttpResponse(checked.content, content_type=checked.content_type)
    response["Content-Disposition"] = f'inline; filename="foto-{update_id}.{checked.extension}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- The district team's pages --------------------------------------------------------------


def _district(
    request: HttpRequest, code: str, event: Event, rule: Rule
) -> tuple[gate.Actor, District]:
    actor = actor_for(request)
    district = gate.district_for(actor, code, load=selectors.round_district, event=event, rule=rule)
    return actor, district


def _round(district: District, round_id: int) -> BudgetRound:
    budget_round = selectors.district_round(district, round_id)
    if budget_round is None:
        raise gate.NotFound
    return budget_round


def _manage_url(budget_round: BudgetRound, anchor: str = "") -> str:
    url = reverse("budgets:round_manage", args=[budget_round.district.code, budget_round.pk])
    return f"{url}#{anchor}" if anchor else url


@dataclass
class _Sent:
    form: forms.Form
    done: bool = False
    result: Any = None
    status: int = 200
    conflict: str = ""


def _send(
    request: HttpRequest,
    refresh: Callable[[], int] | None,
    make: Callable[[QueryDict | None, Any], forms.Form],
    call: Callable[[forms.Form], Any],
) -> _Sent:
    """GET: the form. POST: validate, call the service; a refusal goes on the field it names;
    a conflict shows the input again with the current version (``refresh``), so a second save
    goes through once the person has looked."""
    if request.method != "POST":
        return _Sent(make(None, None))
    form = make(request.POST, request.FILES)
    if not form.is_valid():
        return _Sent(form, status=400)
    try:
        result = call(form)
    except ConflictError as exc:
        data = request.POST.copy()
        if refresh is not None:
            data["version"] = str(refresh())
        return _Sent(make(data, None), status=409, conflict=str(exc))
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _Sent(form, status=400)
    return _Sent(form, done=True, result=result)


def _form_page(
    request: HttpRequest,
    sent: _Sent,
    *,
    district: District,
    title: str,
    submit: str,
    cancel: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "budgets/rounds/form.html",
        {
            "form": sent.form,
            "conflict": sent.conflict,
            "district": district,
            "title": title,
            "submit": submit,
            "cancel": cancel,
            **(extra or {}),
        },
        status=sent.status,
    )


@guarded
@require_GET
def manage(request: HttpRequest, code: str) -> HttpResponse:
    actor, district = _district(request, code, Event.BUDGETS_MANAGE, rules.works_in_district)
    return render(
        request,
        "budgets/rounds/manage.html",
        {
            "district": district,
            "page": selectors.manage_page(district),
            "may_decide": rules.has_district_mandate(actor.professional, district.pk),
        },
    )


@guarded
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, code: str) -> HttpResponse:
    actor, district = _district(
        request, code, Event.BUDGETS_ROUND_CREATE, rules.has_district_mandate
    )
    hoods = list(selectors.district_neighbourhoods(district))
    year = timezone.localdate().year
    initial = {"year": year, "min_age": 16, "deciding_rule": "mes", "area": ""}

    def make(data: QueryDict | None, files: Any) -> forms.Form:
        return RoundForm(data, initial=initial, district=district, neighbourhoods=hoods)

    sent = _send(
        request,
        None,
        make,
        lambda form: services.round_create(
            actor=actor,
            district=district,
            data=form.data_for_service(),  # type: ignore[attr-defined]
        ),
    )
    if sent.done:
        messages.success(request, _("Round created. Open it for proposals when it is ready."))
        return redirect(_manage_url(sent.result))
    return _form_page(
        request,
        sent,
        district=district,
        title=_("New neighbourhood budget round"),
        submit=_("Create the round"),
        cancel=reverse("budgets:manage", args=[district.code]),
    )


@guarded
@require_GET
def round_manage(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    actor, district = _district(request, code, Event.BUDGETS_MANAGE, rules.works_in_district)
    budget_round = _round(district, round_id)
    return _round_manage_page(request, actor, district, budget_round)


def _round_manage_page(
    request: HttpRequest,
    actor: gate.Actor,
    district: District,
    budget_round: BudgetRound,
    *,
    advance_form: forms.Form | None = None,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    page = selectors.round_page(budget_round)
    advance = selectors.advance_for(budget_round, page)
    return render(
        request,
        "budgets/rounds/round_manage.html",
        {
            "district": district,
            "round": budget_round,
            "page": page,
            "advance": advance,
            "advance_form": advance_form
            or AdvanceForm(initial={"version": budget_round.version, "to": advance.to or ""}),
            "conflict": conflict,
            "may_decide": rules.has_district_mandate(actor.professional, district.pk),
            "check_phase": budget_round.phase in services.CHECK_PHASES,
        },
        status=status,
    )


@guarded
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    actor, district = _district(request, code, Event.BUDGETS_ROUND_EDIT, rules.has_district_mandate)
    budget_round = _round(district, round_id)
    hoods = list(selectors.district_neighbourhoods(district))
    initial = RoundForm.initial_for(budget_round)

    def make(data: QueryDict | None, files: Any) -> forms.Form:
        return RoundEditForm(data, initial=initial, district=district, neighbourhoods=hoods)

    def refresh() -> int:
        budget_round.refresh_from_db(fields=["version"])
        return budget_round.version

    sent = _send(
        request,
        refresh,
        make,
        lambda form: services.round_update(
            actor=actor,
            budget_round=budget_round,
            expected_version=form.cleaned_data["version"],
            data=form.data_for_service(),  # type: ignore[attr-defined]
        ),
    )
    if sent.done:
        messages.success(request, _("Round saved."))
        return redirect(_manage_url(budget_round))
    return _form_page(
        request,
        sent,
        district=district,
        title=_("Change the round"),
        submit=_("Save"),
        cancel=_manage_url(budget_round),
        extra={"fixed": services._voting_started(budget_round)},
    )


@guarded
@require_POST
def round_advance(request: HttpRequest, code: str, round_id: int) -> HttpResponse:
    actor, district = _district(
        request, code, Event.BUDGETS_ROUND_ADVANCE, rules.has_district_mandate
    )
    budget_round = _round(district, round_id)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return _round_manage_page(
            request, actor, district, budget_round, advance_form=form, status=400
        )
    version, to = form.cleaned_data["version"], form.cleaned_data["to"]
    if to == Phase.RESULTS and budget_round.phase == Phase.VOTING:
        # Closing the vote counts every ballot: a background job (the page shows its progress).
        if version != budget_round.version:
            return _round_manage_page(
                request,
                actor,
                district,
                budget_round,
                conflict=_conflict_text(version, budget_round.version),
                status=409,
            )
        job, _created = job_services.job_start(
            actor=actor,
            kind=Job.Kind.VOTE_CLOSE,
            params={"round_id": budget_round.pk, "version": version},
        )
        return redirect("jobs:job", job_id=job.pk)
    try:
        services.round_advance(
            actor=actor,
            budget_round=budget_round,
            expected_version=version,
            to=to,
        )
    except ConflictError as exc:
        budget_round.refresh_from_db()
        return _round_manage_page(
            request, actor, district, budget_round, conflict=str(exc), status=409
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _round_manage_page(
            request, actor, district, budget_round, advance_form=form, status=400
        )
    messages.success(
        request,
        _("The round is now in the phase: %(phase)s.")
        % {"phase": budget_round.get_phase_display()},
    )
    return redirect(_manage_url(budget_round))


def _conflict_text(mine: int, current: int) -> str:
    try:
        services.raise_conflict(mine, current)
    except ConflictError as exc:
        return str(exc)
    return ""  # pragma: no cover - raise_conflict always raises


def _team_proposal(
    request: HttpRequest, code: str, round_id: int, proposal_id: int, event: Event
) -> tuple[gate.Actor, District, BudgetRound, BudgetProposal]:
    actor, district = _district(request, code, event, rules.works_in_district)
    budget_round = _round(district, round_id)
    proposal = selectors.round_proposal(budget_round, proposal_id)
    if proposal is None:
        raise gate.NotFound
    return actor, district, budget_round, proposal


def _proposal_refresh(proposal: BudgetProposal) -> Callable[[], int]:
    def refresh() -> int:
        proposal.refresh_from_db(fields=["version"])
        return proposal.version

    return refresh


@guarded
@require_http_methods(["GET", "POST"])
def proposal_check(
    request: HttpRequest, code: str, round_id: int, budget_proposal_id: int
) -> HttpResponse:
    actor, district, budget_round, proposal = _team_proposal(
        request, code, round_id, budget_proposal_id, Event.BUDGETS_PROPOSAL_CHECK
    )
    initial = CheckForm.initial_for(proposal)

    def call(form: forms.Form) -> Any:
        d = form.cleaned_data
        cost = d["cost"]
        return services.proposal_check(
            actor=actor,
            proposal=proposal,
            expected_version=d["version"],
            feasible=d["feasible"] == "yes",
            cost_cents=None if cost is None else cents(cost),
            reason=d["reason"],
        )

    sent = _send(
        request, _proposal_refresh(proposal), lambda data, f: CheckForm(data, initial=initial), call
    )
    if sent.done:
        messages.success(request, _("Check saved; residents see it on the proposal's page."))
        return redirect(_manage_url(budget_round, f"voorstel-{proposal.number}"))
    return _form_page(
        request,
        sent,
        district=district,
        title=_("Check proposal %(number)s") % {"number": proposal.number},
        submit=_("Save the check"),
        cancel=_manage_url(budget_round),
        extra={
            "proposal": proposal,
            "round": budget_round,
            "closed": budget_round.phase not in services.CHECK_PHASES,
        },
    )


@guarded
@require_http_methods(["GET", "POST"])
def execution(
    request: HttpRequest, code: str, round_id: int, budget_proposal_id: int
) -> HttpResponse:
    actor, district, budget_round, proposal = _team_proposal(
        request, code, round_id, budget_proposal_id, Event.BUDGETS_EXECUTION
    )
    initiatives = list(selectors.district_initiatives(district))
    initial = ExecutionForm.initial_for(proposal)

    def make(data: QueryDict | None, files: Any) -> forms.Form:
        return ExecutionForm(data, files, initial=initial, initiatives=initiatives)

    sent = _send(
        request,
        _proposal_refresh(proposal),
        make,
        lambda form: services.execution_record(
            actor=actor,
            proposal=proposal,
            expected_version=form.cleaned_data["version"],
            data=form.data_for_service(),  # type: ignore[attr-defined]
        ),
    )
    if sent.done:
        messages.success(request, _("Project saved."))
        return redirect(_manage_url(budget_round, f"voorstel-{proposal.number}"))
    return _form_page(
        request,
        sent,
        district=district,
        title=_("Carry out project %(number)s") % {"number": proposal.number},
        submit=_("Save"),
        cancel=_manage_url(budget_round),
        extra={"proposal": proposal, "round": budget_round, "multipart": True},
    )
