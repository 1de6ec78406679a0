"""Pages of the area account (*verantwoording*).

- The team's pages under ``/gebieden/<code>/verantwoording/``: members of a team working in the
  district read and write the draft (``rules.works_in_district``); a coordinator of such a team
  reviews and publishes (``rules.has_district_mandate``), never the account's last writer.
- A household story's consent is recorded through the gate for that household: the household
  is chosen from those the professional may work on in the district (each one shown is
  logged), and opening it to choose who consented is a granted or refused access-log row.
- The published account under ``/verantwoording/``: public, from the frozen publication only.

Thin views: access here and in ``access.gate``, reads in ``selectors``, writes in ``services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.reports import figures, pdf, selectors, services
from nabij.reports.forms import (
    ConsentForm,
    HouseholdChoiceForm,
    ReturnForm,
    SectionsForm,
    StartForm,
    StoryAddForm,
    StoryForm,
    VersionForm,
)
from nabij.reports.models import AreaAccount, Story

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from nabij.access.models import Professional
    from nabij.areas.models import District
    from nabij.people.models import Household

Rule = Callable[["Professional | None", int], bool]


def _district(actor: gate.Actor, code: str, *, rule: Rule, event: Event) -> District:
    """The district in the path if ``rule`` lets the actor in; a refusal is logged (403), an
    unknown code is a 404 (logged too)."""
    district = selectors.district_by_code(code)
    if district is None or not rule(actor.professional, district.pk):
        gate.log(
            actor,
            event=event,
            outcome=Outcome.REFUSED,
            purpose=Purpose.ADMINISTRATION,
            detail=code[:20] if district is not None else f"no district {code[:20]}",
        )
        raise gate.NotFound if district is None else gate.AccessDenied
    return district


def _account(district: District, year: int) -> AreaAccount:
    account = selectors.account_of(district, year)
    if account is None:
        raise gate.NotFound
    return account


def _edit_url(account: AreaAccount) -> str:
    return reverse("reports:account", args=[account.district.code, account.year])


def _years(existing: set[int]) -> list[int]:
    this_year = timezone.localdate().year
    return [y for y in range(this_year, this_year - 5, -1) if y not in existing]


# --- Public ---------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every published account; for a team member also the districts they write for."""
    professional = actor_for(request).professional if request.user.is_authenticated else None
    return render(
        request,
        "reports/index.html",
        {
            "accounts": list(selectors.published_accounts()),
            "own_districts": selectors.own_districts(professional)
            if rules.has_case_role(professional)
            else [],
        },
    )


def _published_or_404(code: str, year: int) -> AreaAccount:
    account = selectors.published_account(code, year)
    if account is None:
        raise gate.NotFound
    return account


def _public_context(account: AreaAccount) -> dict[str, Any]:
    return {
        "account": account,
        "content": selectors.content_view(account.published_content or {}),
        "figures": selectors.figures_view(account.published_figures or {}),
        "labels": selectors.section_labels(),
    }


@require_GET
def public(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The published account: its frozen texts and figures, for anyone."""
    try:
        account = _published_or_404(code, year)
    except gate.NotFound:
        return render(request, "core/error.html", {"code": 404}, status=404)
    return render(request, "reports/public.html", _public_context(account))


@require_GET
def account_pdf(request: HttpRequest, code: str, year: int) -> HttpResponse:
    try:
        account = _published_or_404(code, year)
    except gate.NotFound:
        return render(request, "core/error.html", {"code": 404}, status=404)
    response = HttpResponse(pdf.pdf_for(account), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="verantwoording-{code}-{year}.pdf"'
    return response


# --- The team's pages -----------------------------------------------------------------------


@guarded
@require_http_methods(["GET", "POST"])
def district_accounts(request: HttpRequest, code: str) -> HttpResponse:
    """The district's accounts by year, and the start of a new one."""
    actor = actor_for(request)
    event = Event.REPORTS_ACCOUNT_START if request.method == "POST" else Event.REPORTS_ACCOUNTS_VIEW
    district = _district(actor, code, rule=rules.works_in_district, event=event)
    accounts = selectors.accounts_of(district)
    form = StartForm(request.POST or None, years=_years({a.year for a in accounts}))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                account = services.account_start(
                    actor=actor, district=district, year=form.cleaned_data["year"]
                )
            except DomainError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect("reports:account", code=district.code, year=account.year)
        status = 400
    return render(
        request,
        "reports/district.html",
        {"district": district, "accounts": accounts, "form": form},
        status=status,
    )


def _render_account(
    request: HttpRequest,
    actor: gate.Actor,
    account: AreaAccount,
    *,
    status: int = 200,
    sections_form: SectionsForm | None = None,
    story_form: StoryAddForm | None = None,
    return_form: ReturnForm | None = None,
    error: str = "",
) -> HttpResponse:
    district = account.district
    check = selectors.account_check(account, fresh=False)
    frozen = account.status == AreaAccount.Status.PUBLISHED and account.published_figures
    live = account.published_figures if frozen else figures.account_figures(district, account.year)
    stories = list(account.stories.all())
    initial = {"version": account.version}
    return render(
        request,
        "reports/account.html",
        {
            "account": account,
            "district": district,
            "stories": [(s, check.for_story(s.pk)) for s in stories],
            "check": check,
            "section_parts": [p for p in check.parts if p.story_id is None and p.findings],
            "missing": services.readiness(account, check) if account.is_draft else [],
            "figures": selectors.figures_view(live or {}),
            "frozen": bool(frozen),
            "may_write": account.is_draft,
            "may_review": account.status == AreaAccount.Status.IN_REVIEW
            and services.may_review(actor, account),
            "has_mandate": rules.has_district_mandate(actor.professional, district.pk),
            "wrote_last": account.last_written_by_id == actor.account.pk,
            "sections_form": sections_form
            or SectionsForm(
                initial={
                    **initial,
                    "intro": account.intro,
                    "lessons": account.lessons,
                    "changes": account.changes,
                }
            ),
            "story_form": story_form or StoryAddForm(initial=initial),
            "return_form": return_form or ReturnForm(initial=initial),
            "version_form": VersionForm(initial=initial),
            "history": selectors.history(account),
            "labels": selectors.section_labels(),
            "error": error,
        },
        status=status,
    )


def _team_account(
    request: HttpRequest, code: str, year: int, event: Event, rule: Rule = rules.works_in_district
) -> tuple[gate.Actor, AreaAccount]:
    actor = actor_for(request)
    district = _district(actor, code, rule=rule, event=event)
    return actor, _account(district, year)


def _reload(account: AreaAccount) -> AreaAccount:
    fresh = selectors.account_of(account.district, account.year)
    assert fresh is not None
    return fresh


@guarded
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The edit view: texts, stories, consent, the figures, the check, review."""
    event = Event.REPORTS_ACCOUNT_UPDATE if request.method == "POST" else Event.REPORTS_ACCOUNT_VIEW
    actor, item = _team_account(request, code, year, event)
    if request.method == "GET":
        return _render_account(request, actor, item)
    form = SectionsForm(request.POST)
    if not form.is_valid():
        return _render_account(request, actor, item, sections_form=form, status=400)
    d = form.cleaned_data
    try:
        services.sections_save(
            actor=actor,
            account=item,
            expected_version=d["version"],
            intro=d["intro"],
            lessons=d["lessons"],
            changes=d["changes"],
        )
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _render_account(request, actor, item, sections_form=form, status=400)
    except ConflictError as exc:
        form.add_error(None, str(exc))
        return _render_account(request, actor, _reload(item), sections_form=form, status=409)
    messages.success(request, _("The texts have been saved."))
    return redirect(_edit_url(item))


@guarded
@require_POST
def story_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    actor, item = _team_account(request, code, year, Event.REPORTS_STORY_UPDATE)
    form = StoryAddForm(request.POST)
    if not form.is_valid():
        return _render_account(request, actor, item, story_form=form, status=400)
    d = form.cleaned_data
    try:
        story = services.story_add(
            actor=actor,
            account=item,
            expected_version=d["version"],
            kind=d["kind"],
            title=d["title"],
            text=d["text"],
        )
    except (ValidationError, DomainError) as exc:
        apply_validation_error(form, exc)
        return _render_account(request, actor, item, story_form=form, status=400)
    except ConflictError as exc:
        form.add_error(None, str(exc))
        return _render_account(request, actor, _reload(item), story_form=form, status=409)
    messages.success(request, _("The story has been added."))
    return redirect(f"{_edit_url(item)}#story-{story.pk}")


def _story_of(account: AreaAccount, story_id: int) -> Story:
    story = next((s for s in account.stories.all() if s.pk == story_id), None)
    if story is None:
        raise gate.NotFound
    return story


@guarded
@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, code: str, year: int, story_id: int) -> HttpResponse:
    actor, item = _team_account(request, code, year, Event.REPORTS_STORY_UPDATE)
    story = _story_of(item, story_id)
    form = StoryForm(
        request.POST or None,
        initial={"version": item.version, "title": story.title, "text": story.text},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.story_update(
                    actor=actor,
                    account=item,
                    expected_version=d["version"],
                    story_id=story.pk,
                    title=d["title"],
                    text=d["text"],
                )
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
                item = _reload(item)
                status = 409
            else:
                messages.success(request, _("The story has been saved."))
                return redirect(f"{_edit_url(item)}#story-{story.pk}")
    check = selectors.account_check(item, fresh=False)
    return render(
        request,
        "reports/story_form.html",
        {"account": item, "story": story, "form": form, "parts": check.for_story(story.pk)},
        status=status,
    )


@guarded
@require_POST
def story_remove(request: HttpRequest, code: str, year: int, story_id: int) -> HttpResponse:
    actor, item = _team_account(request, code, year, Event.REPORTS_STORY_UPDATE)
    story = _story_of(item, story_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_account(request, actor, item, status=400, error=_("Reload the page."))
    try:
        services.story_remove(
            actor=actor,
            account=item,
            expected_version=form.cleaned_data["version"],
            story_id=story.pk,
        )
    except DomainError as exc:
        return _render_account(request, actor, item, status=400, error=str(exc))
    except ConflictError as exc:
        return _render_account(request, actor, _reload(item), status=409, error=str(exc))
    messages.success(request, _("The story has been removed."))
    return redirect(_edit_url(item))


def _in_district(district: District) -> Callable[[Professional | None, Household], bool]:
    def rule(p: Professional | None, h: Household) -> bool:
        return h.neighbourhood.district_id == district.pk

    return rule


@guarded
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, code: str, year: int, story_id: int) -> HttpResponse:
    """Step 1 lists the households the professional may work on in the district (each logged);
    step 2 opens one through the gate and records who consented, when and how."""
    post = request.method == "POST"
    event = Event.REPORTS_CONSENT_RECORD if post else Event.REPORTS_CONSENT_FORM
    actor, item = _team_account(request, code, year, event)
    story = _story_of(item, story_id)
    raw = request.POST.get("household") or request.GET.get("household") or ""
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        households = selectors.in_district(gate.caseload_for(actor), item.district)
        current = next((h for h in households if h.pk == story.household_id), None)
        gate.log_listed(actor, households, event=event)
        return render(
            request,
            "reports/consent_choose.html",
            {
                "account": item,
                "story": story,
                "chooser": HouseholdChoiceForm(households=households),
                "households": households,
                "current": current,
            },
            status=400 if post else 200,
        )
    household = gate.household_for(actor, int(raw), event=event, also=_in_district(item.district))
    members = selectors.consenting_members(household, timezone.localdate())
    form = ConsentForm(
        request.POST if post else None,
        members=members,
        initial={"version": item.version, "household": household.pk},
    )
    status = 200
    if post:
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.consent_record(
                    actor=actor,
                    account=item,
                    expected_version=d["version"],
                    story_id=story.pk,
                    household=household,
                    resident_id=d["resident"],
                    given_on=d["given_on"],
                    form=d["form"],
                )
            except (ValidationError, DomainError) as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("The household's consent has been recorded."))
                return redirect(f"{_edit_url(item)}#story-{story.pk}")
    return render(
        request,
        "reports/consent_form.html",
        {"account": item, "story": story, "household": household, "form": form, "members": members},
        status=status,
    )


Transition = Callable[..., None]  # services.submit, publish, reopen: actor, account, version


def _transition(
    *, event: Event, rule: Rule, act: Transition, done: StrOrPromise
) -> Callable[[HttpRequest, str, int], HttpResponse]:
    """A button that moves the account on: the version it was shown at, and nothing else."""

    @guarded
    @require_POST
    def view(request: HttpRequest, code: str, year: int) -> HttpResponse:
        actor, item = _team_account(request, code, year, event, rule)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return _render_account(request, actor, item, status=400, error=_("Reload the page."))
        try:
            act(actor=actor, account=item, expected_version=form.cleaned_data["version"])
        except DomainError as exc:
            return _render_account(request, actor, _reload(item), status=400, error=str(exc))
        except ConflictError as exc:
            return _render_account(request, actor, _reload(item), status=409, error=str(exc))
        messages.success(request, str(done))
        return redirect(_edit_url(item))

    return view


# The team sends its draft for review; a coordinator of the district publishes it or reopens a
# published one for a correction (returning with remarks has a form of its own, below).
submit = _transition(
    event=Event.REPORTS_SUBMIT,
    rule=rules.works_in_district,
    act=services.submit,
    done=gettext_lazy("The account has been sent for review."),
)
publish = _transition(
    event=Event.REPORTS_PUBLISH,
    rule=rules.has_district_mandate,
    act=services.publish,
    done=gettext_lazy("The account has been published."),
)
reopen = _transition(
    event=Event.REPORTS_REOPEN,
    rule=rules.has_district_mandate,
    act=services.reopen,
    done=gettext_lazy(
        "The account is a draft again; the public sees the last publication until the next."
    ),
)


@guarded
@require_POST
def return_to_draft(request: HttpRequest, code: str, year: int) -> HttpResponse:
    actor, item = _team_account(
        request, code, year, Event.REPORTS_RETURN, rules.has_district_mandate
    )
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_account(request, actor, item, return_form=form, status=400)
    try:
        services.return_to_draft(
            actor=actor,
            account=item,
            expected_version=form.cleaned_data["version"],
            remarks=form.cleaned_data["remarks"],
        )
    except DomainError as exc:
        apply_validation_error(form, exc)
        return _render_account(request, actor, item, return_form=form, status=400)
    except ConflictError as exc:
        form.add_error(None, str(exc))
        return _render_account(request, actor, _reload(item), return_form=form, status=409)
    messages.success(request, _("The account has gone back to the team with your remarks."))
    return redirect(_edit_url(item))
