"""Pages of the social broker (*Buurthulp*): the register of offers and needs, matching runs,
proposals and their follow-up; and, in the dossier, registering a resident and recording an
exchange in the household plan.

Thin views: access through ``gate`` (every profile shown is logged), reads in ``selectors``,
writes in ``services``. Brokers never reach a case file from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.jobs import services as job_services
from nabij.jobs.models import Job
from nabij.matching import jobs as matching_jobs
from nabij.matching import selectors, services
from nabij.matching.forms import (
    EditForm,
    EndForm,
    FollowUpForm,
    IntroduceForm,
    PlanRecordForm,
    ReasonForm,
    RegisterForm,
    RespondForm,
    RunForm,
    TeamRegisterForm,
    VersionForm,
)
from nabij.matching.models import BlockedPair, Language, Notice, Participant, Proposal
from nabij.plans import services as plan_services

if TYPE_CHECKING:
    from nabij.areas.models import District
    from nabij.people.models import Resident

Refusal = ValidationError | DomainError | ConflictError


def _district(request: HttpRequest) -> District | None:
    raw = request.GET.get("gebied", "")
    return selectors.districts().filter(pk=int(raw)).first() if raw.isdigit() else None


def _apply(form: Any, exc: Refusal) -> None:
    if isinstance(exc, ConflictError):
        form.add_error(None, str(exc))
    else:
        apply_validation_error(form, exc)


@guarded
def overview(request: HttpRequest) -> HttpResponse:
    """Open needs in the area, proposals waiting for the broker, the map, results over time."""
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_OVERVIEW)
    district = _district(request)
    data = selectors.overview(district=district)
    gate.log_participants(actor, data.shown, event=Event.MATCHING_OVERVIEW)
    context = {
        "data": data,
        "district": district,
        "districts": selectors.districts(),
        "needs_map": selectors.neighbourhood_map(data.need_counts, district),
        "offers_map": selectors.neighbourhood_map(data.offer_counts, district),
        "runs": selectors.recent_runs(3),
    }
    return render(request, "matching/overview.html", context)


@guarded
def participant_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_LIST)
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    district = _district(request)
    page = selectors.participant_page(
        query=query,
        district_id=district.pk if district else None,
        status=status,
        page=request.GET.get("page"),
    )
    gate.log_participants(actor, page.object_list, event=Event.MATCHING_LIST)
    return render(
        request,
        "matching/participant_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "district": district,
            "districts": selectors.districts(),
            "statuses": Participant.Status.choices,
        },
    )


def _duplicate_link(exc: Refusal) -> Participant | None:
    return exc.existing if isinstance(exc, services.DuplicateError) else None


@guarded
@require_http_methods(["GET", "POST"])
def participant_new(request: HttpRequest) -> HttpResponse:
    """The broker registers someone on their behalf, with that person's consent recorded."""
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_REGISTER)
    form = RegisterForm(request.POST or None, skills=selectors.skills())
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_register(
                actor=actor,
                data=form.profile(),
                consent_given=form.cleaned_data["consent"],
                consent_by=form.cleaned_data["consent_by"],
                not_a_duplicate=form.cleaned_data["not_a_duplicate"],
            )
        except (ValidationError, DomainError) as exc:
            _apply(form, exc)
            duplicate = _duplicate_link(exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": participant})
            return redirect("matching:participant", participant_id=participant.pk)
    return render(
        request,
        "matching/participant_form.html",
        {"form": form, "duplicate": duplicate, "new": True},
        status=400 if request.method == "POST" else 200,
    )


@guarded
def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = actor_for(request)
    participant = gate.participant_for(
        actor,
        participant_id,
        load=selectors.participant,
        event=Event.MATCHING_PROFILE_VIEW,
        broker_only=True,
    )
    detail = selectors.participant_detail(participant)
    languages = [Language(c).label for c in participant.languages if c in Language.values]
    return render(
        request,
        "matching/participant_detail.html",
        {
            "detail": detail,
            "p": participant,
            "languages": languages,
            "reach": selectors.reach_hints(participant),
        },
    )


@guarded
@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.MATCHING_UPDATE if request.method == "POST" else Event.MATCHING_PROFILE_FORM
    participant = gate.participant_for(
        actor, participant_id, load=selectors.participant, event=event, broker_only=True
    )
    if participant.status == Participant.Status.WITHDRAWN:
        messages.error(request, _("This person withdrew their consent; the profile is closed."))
        return redirect("matching:participant", participant_id=participant.pk)
    form = EditForm(
        request.POST or None,
        skills=selectors.skills(),
        initial=EditForm.initial_for(participant),
    )
    duplicate = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.participant_update(
                    actor=actor,
                    participant=participant,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.profile(),
                    not_a_duplicate=form.cleaned_data["not_a_duplicate"],
                )
            except ConflictError as exc:
                _apply(form, exc)
                status = 409
            except (ValidationError, DomainError) as exc:
                _apply(form, exc)
                duplicate = _duplicate_link(exc)
            else:
                messages.success(request, _("Profile saved."))
                return redirect("matching:participant", participant_id=participant.pk)
    return render(
        request,
        "matching/participant_form.html",
        {"form": form, "p": participant, "duplicate": duplicate, "new": False},
        status=status,
    )


@guarded
@require_POST
def participant_pause(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = actor_for(request)
    participant = gate.participant_for(
        actor,
        participant_id,
        load=selectors.participant,
        event=Event.MATCHING_PAUSE,
        broker_only=True,
    )
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.participant_set_paused(
                actor=actor,
                participant=participant,
                expected_version=form.cleaned_data["version"],
                paused=request.POST.get("paused") == "1",
            )
        except (ConflictError, DomainError) as exc:
            messages.error(request, str(exc))
    return redirect("matching:participant", participant_id=participant.pk)


@guarded
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = (
        Event.MATCHING_CONSENT_WITHDRAWN
        if request.method == "POST"
        else Event.MATCHING_PROFILE_VIEW
    )
    participant = gate.participant_for(
        actor, participant_id, load=selectors.participant, event=event, broker_only=True
    )
    if request.method == "POST":
        withdrawn = services.consent_withdraw(actor=actor, participant=participant)
        messages.success(
            request,
            _(
                "Consent withdrawn. %(count)d proposals were stopped; the others involved "
                "will be told neutrally (see the notices)."
            )
            % {"count": len(withdrawn)},
        )
        return redirect("matching:overview")
    live = Proposal.objects.filter(
        parties__participant=participant, status__in=Proposal.LIVE
    ).count()
    return render(request, "matching/consent_withdraw.html", {"p": participant, "live": live})


@guarded
@require_http_methods(["GET", "POST"])
def run_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_RUN)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The solver runs as a background job; the job page shows its progress, then the run.
        params = matching_jobs.params_of(form.cleaned_data)
        job, _created = job_services.job_start(
            actor=actor, kind=Job.Kind.MATCHING_RUN, params=params
        )
        return redirect("jobs:job", job_id=job.pk)
    return render(
        request,
        "matching/run_form.html",
        {"form": form, "runs": selectors.recent_runs(10)},
        status=400 if request.method == "POST" else 200,
    )


@guarded
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_RUN_VIEW)
    run = selectors.run(run_id)
    if run is None:
        raise gate.NotFound
    proposals = selectors.run_proposals(run)
    gate.log_participants(
        actor,
        [party.participant for p in proposals for party in p.parties.all()],
        event=Event.MATCHING_RUN_VIEW,
        detail=f"run {run.pk}",
    )
    return render(request, "matching/run_detail.html", {"run": run, "proposals": proposals})


@guarded
def proposal_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_PROPOSALS)
    status = request.GET.get("status", "")
    district = _district(request)
    page = selectors.proposals(
        status=status, district_id=district.pk if district else None, page=request.GET.get("page")
    )
    gate.log_participants(
        actor,
        [party.participant for p in page.object_list for party in p.parties.all()],
        event=Event.MATCHING_PROPOSALS,
    )
    return render(
        request,
        "matching/proposal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Proposal.Status.choices,
            "district": district,
            "districts": selectors.districts(),
        },
    )


def _proposal_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    parties = list(proposal.parties.all())
    context: dict[str, Any] = {
        "proposal": proposal,
        "parties": parties,
        "gifts": list(proposal.gifts.all()),
        "version": proposal.version,
        "introduce_form": IntroduceForm(initial={"version": proposal.version}),
        "follow_up_form": FollowUpForm(initial={"version": proposal.version}),
        "end_form": EndForm(initial={"version": proposal.version}, parties=parties),
        **(forms or {}),
    }
    return render(request, "matching/proposal_detail.html", context, status=status)


@guarded
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = actor_for(request)
    return _proposal_page(
        request,
        gate.proposal_for(
            actor, proposal_id, load=selectors.proposal, event=Event.MATCHING_PROPOSAL_VIEW
        ),
    )


def _workflow(
    request: HttpRequest,
    proposal_id: int,
    event: Event,
    form_class: Callable[..., Any],
    act: Callable[[gate.Actor, Proposal, Any], Proposal],
    *,
    form_name: str,
    done: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """One step of the workflow: the form, the service, and the page again on refusal."""
    actor = actor_for(request)
    proposal = gate.proposal_for(actor, proposal_id, load=selectors.proposal, event=event)
    if form_kwargs.get("parties") is True:
        form_kwargs["parties"] = list(proposal.parties.all())
    form = form_class(request.POST, **form_kwargs)
    status = 400
    if form.is_valid():
        try:
            act(actor, proposal, form.cleaned_data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
            status = 409
        except (ValidationError, DomainError) as exc:
            _apply(form, exc)
        else:
            messages.success(request, done)
            return redirect("matching:proposal", proposal_id=proposal.pk)
    fresh = selectors.proposal(proposal.pk)
    assert fresh is not None
    return _proposal_page(request, fresh, forms={form_name: form}, status=status)


@guarded
@require_POST
def proposal_respond(request: HttpRequest, proposal_id: int) -> HttpResponse:
    def act(actor: gate.Actor, proposal: Proposal, d: dict[str, Any]) -> Proposal:
        return services.proposal_respond(
            actor=actor,
            proposal=proposal,
            expected_version=d["version"],
            participant_id=d["participant"],
            agrees=d["answer"] == "agree",
            reason=d["reason"],
        )

    return _workflow(
        request,
        proposal_id,
        Event.MATCHING_RESPOND,
        RespondForm,
        act,
        form_name="respond_form",
        done=_("Answer recorded."),
    )


@guarded
@require_POST
def proposal_introduce(request: HttpRequest, proposal_id: int) -> HttpResponse:
    def act(actor: gate.Actor, proposal: Proposal, d: dict[str, Any]) -> Proposal:
        return services.proposal_introduce(
            actor=actor,
            proposal=proposal,
            expected_version=d["version"],
            follow_up_on=d["follow_up_on"],
        )

    return _workflow(
        request,
        proposal_id,
        Event.MATCHING_INTRODUCE,
        IntroduceForm,
        act,
        form_name="introduce_form",
        done=_("Introduction recorded; the follow-up date is set."),
    )


@guarded
@require_POST
def proposal_follow_up(request: HttpRequest, proposal_id: int) -> HttpResponse:
    def act(actor: gate.Actor, proposal: Proposal, d: dict[str, Any]) -> Proposal:
        return services.proposal_follow_up(
            actor=actor, proposal=proposal, expected_version=d["version"], note=d["note"]
        )

    return _workflow(
        request,
        proposal_id,
        Event.MATCHING_FOLLOW_UP,
        FollowUpForm,
        act,
        form_name="follow_up_form",
        done=_("Follow-up recorded."),
    )


@guarded
@require_POST
def proposal_end(request: HttpRequest, proposal_id: int) -> HttpResponse:
    def act(actor: gate.Actor, proposal: Proposal, d: dict[str, Any]) -> Proposal:
        feedback = {
            party.participant_id: services.Feedback(
                rating=d[f"rating_{party.participant_id}"],
                words=d[f"words_{party.participant_id}"],
                hours=d[f"hours_{party.participant_id}"],
            )
            for party in proposal.parties.all()
        }
        return services.proposal_end(
            actor=actor, proposal=proposal, expected_version=d["version"], feedback=feedback
        )

    return _workflow(
        request,
        proposal_id,
        Event.MATCHING_END,
        EndForm,
        act,
        form_name="end_form",
        done=_("Exchange ended with everyone's feedback."),
        parties=True,
    )


@guarded
@require_POST
def proposal_withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    def act(actor: gate.Actor, proposal: Proposal, d: dict[str, Any]) -> Proposal:
        return services.proposal_withdraw(
            actor=actor, proposal=proposal, expected_version=d["version"]
        )

    return _workflow(
        request,
        proposal_id,
        Event.MATCHING_WITHDRAW,
        VersionForm,
        act,
        form_name="withdraw_form",
        done=_("Proposal withdrawn; everyone involved gets a neutral notice."),
    )


@guarded
@require_POST
def notice_told(request: HttpRequest, notice_id: int) -> HttpResponse:
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_NOTICE_TOLD)
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise gate.NotFound
    services.notice_told(actor=actor, notice=notice)
    messages.success(request, _("Marked as told."))
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/buurthulp/") else reverse("matching:overview"))


@guarded
@require_POST
def block_lift(request: HttpRequest, block_id: int) -> HttpResponse:
    actor = actor_for(request)
    gate.require_broker(actor, event=Event.MATCHING_BLOCK_LIFTED)
    block = BlockedPair.objects.filter(pk=block_id).first()
    if block is None:
        raise gate.NotFound
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.block_lift(actor=actor, block=block, reason=form.cleaned_data["reason"])
        except (ValidationError, DomainError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("These two may be proposed to each other again."))
    else:
        messages.error(request, _("Say why these two may be proposed again."))
    return redirect("matching:participant", participant_id=block.low_id)


# --- From the dossier -----------------------------------------------------------------------


@guarded
@require_http_methods(["GET", "POST"])
def team_register(request: HttpRequest, household_id: int, resident_id: int) -> HttpResponse:
    """A district team registers its own client with the broker, with the resident's consent
    and only what the resident wants the broker to know."""
    actor = actor_for(request)
    event = Event.MATCHING_REGISTER if request.method == "POST" else Event.MATCHING_REGISTER_FORM
    household = gate.household_for(actor, household_id, event=event)
    member = next(
        (m for m in household.memberships.all() if m.resident_id == resident_id and not m.ended_on),
        None,
    )
    if member is None:
        raise gate.NotFound
    resident: Resident = member.resident
    form = TeamRegisterForm(
        request.POST or None,
        skills=selectors.skills(),
        initial={
            "first_name": resident.first_name,
            "last_name": resident.last_name,
            "neighbourhood": household.neighbourhood_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_register(
                actor=actor,
                data=form.profile(),
                consent_given=form.cleaned_data["consent"],
                consent_by=Participant.ConsentBy.TEAM,
                resident=resident,
                shared_by_team=form.cleaned_data["shared_by_team"],
                plan_consent=form.cleaned_data["plan_consent"],
            )
        except (ValidationError, DomainError) as exc:
            _apply(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered with the social broker.") % {"name": resident},
            )
            return redirect("people:household_detail", household_id=household.pk)
    return render(
        request,
        "matching/team_register.html",
        {"form": form, "household": household, "resident": resident},
        status=400 if request.method == "POST" else 200,
    )


@guarded
@require_POST
def record_in_plan(request: HttpRequest, household_id: int, proposal_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.MATCHING_RECORD_IN_PLAN)
    plan = plan_services.plan_of(household)
    form = PlanRecordForm(request.POST, goals=list(plan.goals.values_list("id", "text")))
    proposal = selectors.proposal(proposal_id)
    if proposal is None or not form.is_valid():
        messages.error(request, _("Choose a goal of the plan for this exchange."))
        return redirect("people:household_detail", household_id=household.pk)
    participant = Participant.objects.filter(pk=form.cleaned_data["participant"]).first()
    if participant is None:
        raise gate.NotFound
    try:
        services.record_in_plan(
            actor=actor,
            household=household,
            proposal=proposal,
            participant=participant,
            goal_id=form.cleaned_data["goal"],
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationError, DomainError, ConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The exchange is in the plan, beside the other actions."))
    return redirect("people:household_detail", household_id=household.pk)
