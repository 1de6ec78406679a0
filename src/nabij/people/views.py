"""Pages for the caseload, the household dossier, members, network and a resident's access log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate, log_staff, rules
from nabij.access import selectors as access_selectors
from nabij.access.enums import Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded
from nabij.assessment import selectors as assessment_selectors
from nabij.core.forms_util import apply_validation_error
from nabij.matching import selectors as matching_selectors
from nabij.people import selectors, services
from nabij.people.forms import (
    HouseholdCreateForm,
    MemberAddForm,
    MemberAuthorityForm,
    MemberEndForm,
    NetworkMemberForm,
    ResidentMoveForm,
)
from nabij.plans import selectors as plans_selectors
from nabij.plans.forms import CaseloadFilterForm
from nabij.plans.selectors import CaseloadQuery
from nabij.portal import selectors as portal_selectors


@guarded
def caseload(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    households = gate.caseload_for(actor)
    # Filters and sort from the address; a value not understood is left out and named.
    filters = CaseloadFilterForm(request.GET, districts=selectors.districts_of(households))
    wanted = filters.query()
    query = request.GET.get("q", "").strip()[:100]
    if query:
        households = households.filter(name__icontains=query)
    page = Paginator(
        portal_selectors.with_open_corrections(
            plans_selectors.caseload_filtered(selectors.caseload(households), wanted)
        ),
        25,
    ).get_page(request.GET.get("page"))
    gate.log_listed(actor, page.object_list, event=Event.CASELOAD_LIST)
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "people/caseload.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "ignored": [filters[name].label for name in filters.errors],
            "filtered": bool(query or wanted != CaseloadQuery(sort=wanted.sort)),
            "sort": wanted.sort,
            "sort_links": _sort_links(kept, wanted.sort),
            "page_query": kept.urlencode(),
            "plan_states": plans_selectors.PlanState,
            "today": timezone.localdate(),
            "review_soon": timezone.localdate() + plans_selectors.REVIEW_SOON,
        },
    )


def _sort_links(kept: QueryDict, current: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the address that sorts by it (again: the other way round) and its
    aria-sort state."""
    links = {}
    for key in ("name", "district", "plan", "review", "threats"):
        ascending = current == key
        params = kept.copy()
        params["sort"] = f"-{key}" if ascending else key
        state = "none"
        if current == key:
            state = "descending" if key == "threats" else "ascending"
        elif current == f"-{key}":
            state = "ascending" if key == "threats" else "descending"
        links[key] = {"href": "?" + params.urlencode(), "aria_sort": state}
    return links


@guarded
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_role(actor, gate.CASE_ROLES, event=Event.HOUSEHOLD_CREATE)
    form = HouseholdCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.household_create(
                actor=actor,
                name=data["name"],
                address=services.AddressInput(
                    postcode=data["postcode"],
                    street=data["street"],
                    house_number=data["house_number"],
                    addition=data["addition"],
                    city=data["city"],
                    neighbourhood_code=data["neighbourhood"].code,
                ),
                first_member=services.ResidentInput(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    date_of_birth=data["date_of_birth"],
                    bsn=data["bsn"],
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            gate.log(
                actor,
                event=Event.HOUSEHOLD_CREATE,
                outcome=Outcome.GRANTED,
                purpose=Purpose.CARE,
                resident_ids=[m.resident_id for m in household.memberships.all()],
                household_id=household.pk,
            )
            messages.success(request, _("Household registered. You are its coordinator."))
            return redirect("people:household_detail", household_id=household.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "people/household_form.html", {"form": form}, status=status)


@guarded
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.DOSSIER_VIEW)
    dossier = plans_selectors.household_dossier(household, goal_details=False)
    can_manage = rules.can_manage_team(actor.professional, household)
    neighbourhood_help = matching_selectors.household_matching(household)
    gate.log_participants(
        actor,
        [m.profile for m in neighbourhood_help if m.profile is not None],
        event=Event.MATCHING_DOSSIER,
        household_id=household.pk,
    )
    context = {
        "neighbourhood_help": neighbourhood_help,
        "dossier": dossier,
        "household": household,
        "assessment_panel": assessment_selectors.household_assessment_panel(household=household),
        "reveal_bsn": gate.may_reveal_bsn(actor, household),
        "can_manage_team": can_manage,
        "corrections": portal_selectors.household_corrections(household),
    }
    return render(request, "people/household_detail.html", context)


@guarded
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.MEMBER_CREATE if request.method == "POST" else Event.MEMBER_FORM
    household = gate.household_for(actor, household_id, event=event)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.member_add(
                household=household,
                role=data["role"],
                parental_authority=data["parental_authority"],
                resident=services.ResidentInput(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    date_of_birth=data["date_of_birth"],
                    bsn=data["bsn"],
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            gate.log(
                actor,
                event=Event.MEMBER_CREATE,
                outcome=Outcome.GRANTED,
                purpose=Purpose.CARE,
                resident_ids=[membership.resident_id],
                household_id=household.pk,
            )
            messages.success(request, _("Member added."))
            return redirect("people:household_detail", household_id=household.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "people/member_form.html", {"form": form, "household": household}, status=status
    )


@guarded
@require_POST
def member_end(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.MEMBER_END)
    form = MemberEndForm(request.POST)
    if form.is_valid():
        try:
            services.member_end(
                household=household,
                membership_id=form.cleaned_data["membership"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Membership ended; it stays in the history."))
    else:
        messages.error(request, _("Give the date on which the membership ended."))
    return redirect("people:household_detail", household_id=household.pk)


@guarded
@require_POST
def member_authority(request: HttpRequest, household_id: int) -> HttpResponse:
    """Give or take parental authority over the household's children under 16."""
    actor = actor_for(request)
    household = gate.household_for(actor, household_id, event=Event.MEMBER_AUTHORITY)
    form = MemberAuthorityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a member of the household."))
        return redirect("people:household_detail", household_id=household.pk)
    try:
        membership = services.membership_set_parental_authority(
            household=household,
            membership_id=form.cleaned_data["membership"],
            parental_authority=form.cleaned_data["parental_authority"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (
                _("%(name)s has parental authority.")
                if membership.parental_authority
                else _("%(name)s no longer has parental authority.")
            )
            % {"name": membership.resident.full_name},
        )
    return redirect("people:household_detail", household_id=household.pk)


@guarded
@require_http_methods(["GET", "POST"])
def network_add(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.NETWORK_CREATE if request.method == "POST" else Event.NETWORK_FORM
    household = gate.household_for(actor, household_id, event=event)
    form = NetworkMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_member_add(household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Network member added."))
            return redirect("people:household_detail", household_id=household.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "people/network_form.html", {"form": form, "household": household}, status=status
    )


@guarded
def resident_detail(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor = actor_for(request)
    show_bsn = request.GET.get("bsn") == "1"
    resident, household = gate.resident_for(
        actor, resident_id, event=Event.RESIDENT_BSN_VIEW if show_bsn else Event.RESIDENT_VIEW
    )
    reveal = show_bsn and gate.may_reveal_bsn(actor, household)
    return render(
        request,
        "people/resident_detail.html",
        {
            "resident": resident,
            "household": household,
            "reveal": reveal,
            "may_reveal": gate.may_reveal_bsn(actor, household),
            "memberships": resident.memberships.select_related("household").order_by("-started_on"),
        },
    )


@guarded
@require_http_methods(["GET", "POST"])
def resident_move(request: HttpRequest, resident_id: int) -> HttpResponse:
    """Move a resident to another household; the actor must work on both households."""
    actor = actor_for(request)
    event = Event.RESIDENT_MOVE if request.method == "POST" else Event.RESIDENT_MOVE_FORM
    resident, household = gate.resident_for(actor, resident_id, event=event)
    form = ResidentMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = gate.household_for(actor, household.pk, event=event)
        target = gate.household_for(actor, data["household_id"], event=event)
        try:
            services.resident_move(
                resident=resident, to_household=target, on=data["on"], role=data["role"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s moved from %(old)s; the history keeps both households.")
                % {"name": resident.full_name, "old": source.name},
            )
            return redirect("people:household_detail", household_id=target.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "people/resident_move.html",
        {"form": form, "resident": resident, "household": household},
        status=status,
    )


@guarded
def access_log(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor = actor_for(request)
    resident, household = gate.resident_for(actor, resident_id, event=Event.ACCESSLOG_VIEW)
    page = Paginator(access_selectors.resident_access_log(resident.pk), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/access_log.html",
        {
            "resident": resident,
            "household": household,
            "page": page,
            "days": log_staff.staff_days(page.object_list),
        },
    )
