"""Pages of the practice library (3D-lab).

- The library (``/praktijkverhalen/``) and a story's page are public and read-only: a
  published story holds no personal data (the check refused to publish it otherwise), and
  the 3D-lab wants good practice shared. Drafts and withdrawn stories are never shown there.
- Case roles (district-team professionals, team coordinators) write drafts. A draft drawn from
  a breakthrough is the household's business: it is opened through the gate for that household
  (a granted or refused access-log row for its members) every time it is read or changed,
  published or withdrawn. A fresh draft is its author's and their team coordinator's; an
  imported story is withdrawn by a team coordinator.

Thin views: access here and in ``access.gate``, reads in ``selectors``, writes in ``services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms import VersionedForm
from nabij.core.forms_util import apply_validation_error
from nabij.plans.forms import cents
from nabij.plans.selectors import breakthroughs as breakthroughs_of
from nabij.practices import selectors, services
from nabij.practices.forms import (
    EditStoryForm,
    FilterForm,
    NewStoryForm,
    WithdrawForm,
)
from nabij.practices.models import PracticeStory

LIST_LIMIT = 200


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The published library with search and filters, for anyone."""
    form = FilterForm(
        request.GET or None,
        rules=selectors.rules_in_use(),
        municipalities=selectors.municipalities(),
    )
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.Filters(
            q=d["q"].strip(),
            domain=d["domain"],
            rule_id=d["rule"] or None,
            outcome=d["outcome"],
            municipality=d["municipality"],
            saving_min_cents=cents(d["saving_min"]),
            saving_max_cents=cents(d["saving_max"]),
        )
    stories = list(selectors.published(filters)[: LIST_LIMIT + 1])
    professional = actor_for(request).professional if request.user.is_authenticated else None
    writer = rules.has_case_role(professional)
    return render(
        request,
        "practices/index.html",
        {
            "form": form,
            "stories": stories[:LIST_LIMIT],
            "more": len(stories) > LIST_LIMIT,
            "filtered": filters != selectors.Filters(),
            "domain_names": selectors.DOMAIN_NAMES,
            "writer": writer,
            "drafts": selectors.drafts_of(request.user) if writer else [],  # type: ignore[arg-type]
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def story(request: HttpRequest, practice_id: int) -> HttpResponse:
    item = selectors.published_story(practice_id) if 0 < practice_id < 2**63 else None
    if item is None:
        return render(request, "core/error.html", {"code": 404}, status=404)
    professional = actor_for(request).professional if request.user.is_authenticated else None
    return render(
        request,
        "practices/story.html",
        {
            "story": item,
            "domain_names": selectors.DOMAIN_NAMES,
            "may_withdraw": rules.has_case_role(professional),
            "withdraw_form": WithdrawForm(initial={"version": item.version}),
        },
    )


# --- Drafts ---------------------------------------------------------------------------------


def _refuse(actor: gate.Actor, event: Event, detail: str, *, found: bool = True) -> None:
    gate.log(
        actor, event=event, outcome=Outcome.REFUSED, purpose=Purpose.ADMINISTRATION, detail=detail
    )
    raise gate.AccessDenied if found else gate.NotFound


def _require_writer(actor: gate.Actor, event: Event) -> None:
    if not rules.has_case_role(actor.professional):
        _refuse(actor, event, "practice library: no case role")


def _story_for(actor: gate.Actor, practice_id: int, event: Event) -> PracticeStory:
    """The story if the actor may manage it; logged (through the gate for a household's)."""
    item = selectors.story(practice_id)
    if item is None:
        _refuse(actor, event, f"no practice story {str(practice_id)[:20]}", found=False)
        raise gate.NotFound  # for mypy: _refuse raised
    if item.breakthrough is not None:
        gate.household_for(actor, item.breakthrough.household_id, event=event)
    elif not services.may_manage(actor.professional, item):
        _refuse(actor, event, f"practice story {item.pk}")
    return item


def _breakthrough_choices(actor: gate.Actor) -> list[Any]:
    """The breakthroughs of the households the actor works on (each household shown logged)."""
    found = list(breakthroughs_of(gate.caseload_for(actor))[:100])
    gate.log_listed(actor, {b.household for b in found}, event=Event.PRACTICES_DRAFT_START)
    return found


@guarded
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """A fresh draft, or one started from a published area account's story; the page also
    lists the breakthroughs of the actor's own households to draw a story from."""
    actor = actor_for(request)
    _require_writer(actor, Event.PRACTICES_DRAFT_START)
    account_stories = selectors.account_stories()
    chosen = next((s for s in account_stories if s.key == request.GET.get("verhaal")), None)
    initial = {"title": chosen.title, "text": chosen.text} if chosen else {}
    form = NewStoryForm(request.POST or None, rules=selectors.active_rules(), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        from_account = next(
            (s for s in account_stories if s.key == request.POST.get("account_story")), None
        )
        if form.is_valid():
            try:
                item = services.draft_create(
                    actor=actor,
                    data=_data(form.cleaned_data),
                    account_id=from_account.account_id if from_account else None,
                )
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The draft has been saved."))
                return redirect("practices:edit", practice_id=item.pk)
    return render(
        request,
        "practices/new.html",
        {
            "form": form,
            "account_stories": account_stories,
            "chosen": chosen,
            "breakthroughs": _breakthrough_choices(actor),
        },
        status=status,
    )


def _data(d: dict[str, Any]) -> services.StoryData:
    return services.StoryData(
        title=d["title"],
        text=d["text"],
        outcome=d["outcome"],
        domains=list(d["domains"]),
        rule_ids=list(d["rules"]),
        cost_before_cents=cents(d["cost_before"]),
        cost_after_cents=cents(d["cost_after"]),
        area_type=d["area_type"],
    )


OUTCOMES = {
    "pending": "unknown",
    "solved": "solved",
    "partly": "partly",
    "not_solved": "not_solved",
}


@guarded
@require_http_methods(["GET", "POST"])
def from_breakthrough(request: HttpRequest, breakthrough_id: int) -> HttpResponse:
    """A draft drawn from a breakthrough: through the gate for its household."""
    actor = actor_for(request)
    event = Event.PRACTICES_DRAFT_START
    bt = selectors.breakthrough(breakthrough_id)
    if bt is None:
        _refuse(actor, event, f"no breakthrough {str(breakthrough_id)[:20]}", found=False)
        raise gate.NotFound
    gate.household_for(actor, bt.household_id, event=event)
    initial = {
        "title": "",
        "text": "\n\n".join(t for t in (bt.blocked, bt.decision, bt.outcome_note) if t),
        "outcome": OUTCOMES.get(bt.outcome, "unknown"),
    }
    form = NewStoryForm(request.POST or None, rules=selectors.active_rules(), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = services.draft_create(
                    actor=actor, data=_data(form.cleaned_data), breakthrough=bt
                )
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The draft has been saved."))
                return redirect("practices:edit", practice_id=item.pk)
    return render(
        request, "practices/from_breakthrough.html", {"form": form, "bt": bt}, status=status
    )


def _edit_form(item: PracticeStory, data: Any = None) -> EditStoryForm:
    return EditStoryForm(
        data,
        rules=selectors.active_rules(),
        initial={
            "version": item.version,
            "title": item.title,
            "text": item.text,
            "domains": [d.code for d in item.domains.all()],
            "rules": [r.pk for r in item.rules.all()],
            "outcome": item.outcome,
            "cost_before": _euros(item.cost_before_cents),
            "cost_after": _euros(item.cost_after_cents),
            "area_type": item.area_type,
            "consent_given_on": item.consent_given_on,
            "consent_form": item.consent_form,
        },
    )


def _euros(value: int | None) -> str:
    return "" if value is None else f"{value / 100:.2f}".replace(".", ",")


def _render_edit(
    request: HttpRequest,
    item: PracticeStory,
    *,
    form: EditStoryForm | None = None,
    findings: list[Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    shown = findings if findings is not None else services.check(item, fresh=False)
    return render(
        request,
        "practices/edit.html",
        {
            "story": item,
            "form": form or _edit_form(item),
            "findings": [(f, selectors.finding_label(f.kind)) for f in shown],
            "version_form": VersionedForm(initial={"version": item.version}),
            "error": error,
        },
        status=status,
    )


@guarded
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, practice_id: int) -> HttpResponse:
    actor = actor_for(request)
    item = _story_for(actor, practice_id, Event.PRACTICES_DRAFT_UPDATE)
    if item.state != PracticeStory.State.DRAFT:
        if request.method == "POST":
            return _render_edit(request, item, error=_("Only a draft can be changed."), status=400)
        return redirect("practices:story", practice_id=item.pk)
    if request.method == "GET":
        return _render_edit(request, item)
    form = _edit_form(item, request.POST)
    if not form.is_valid():
        return _render_edit(request, item, form=form, status=400)
    d = form.cleaned_data
    consent = (
        services.ConsentData(d["consent_given_on"], d["consent_form"])
        if d.get("consent_given_on") and d.get("consent_form")
        else None
    )
    try:
        services.draft_update(
            actor=actor,
            story=item,
            expected_version=d["version"],
            data=_data(d),
            consent=consent,
        )
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _render_edit(request, item, form=form, status=400)
    except ConflictError as exc:
        form.add_error(None, str(exc))
        return _render_edit(request, item, form=form, status=409)
    messages.success(request, _("The draft has been saved."))
    return redirect("practices:edit", practice_id=item.pk)


@guarded
@require_POST
def publish(request: HttpRequest, practice_id: int) -> HttpResponse:
    """Publish: the story check runs first; its findings refuse it, each shown where it is."""
    actor = actor_for(request)
    item = _story_for(actor, practice_id, Event.PRACTICES_PUBLISH)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _render_edit(request, item, error=_("Reload the page."), status=400)
    try:
        services.publish(actor=actor, story=item, expected_version=form.cleaned_data["version"])
    except services.StoryRefused as exc:
        return _render_edit(request, item, findings=exc.findings, error=str(exc), status=400)
    except DomainError as exc:
        return _render_edit(request, item, error=str(exc), status=400)
    except ConflictError as exc:
        return _render_edit(request, item, error=str(exc), status=409)
    messages.success(request, _("The story has been published in the practice library."))
    return redirect("practices:story", practice_id=item.pk)


@guarded
@require_POST
def withdraw(request: HttpRequest, practice_id: int) -> HttpResponse:
    actor = actor_for(request)
    item = _story_for(actor, practice_id, Event.PRACTICES_WITHDRAW)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page."))
        return redirect("practices:index")
    try:
        services.withdraw(
            actor=actor,
            story=item,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, DomainError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("practices:index")
    except ConflictError as exc:
        messages.error(request, str(exc))
        return redirect("practices:index")
    messages.success(request, _("The story has been withdrawn from the library."))
    return redirect("practices:index")
