"""Nabij's own administration pages: accounts, roles and teams, requests waiting for a second
administrator, and the audit trail. Served by ``NabijAdminSite`` (so under /beheer/, for the
administrator role only); every change goes through ``services_admin``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import selectors, services_admin
from nabij.access.forms_admin import (
    AccessForm,
    AccountCreateForm,
    AuditFilterForm,
    DecisionForm,
    ProfileForm,
)
from nabij.access.models import Role
from nabij.access.web import actor_for
from nabij.core.errors import DomainError

PER_PAGE = 50


def render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Every page shows how many requests wait, in its navigation."""
    context["pending_requests"] = selectors.open_request_count()
    return django_render(request, template, context, status=status)


def _status(error: DomainError) -> int:
    return 403 if isinstance(error, services_admin.AdminRefused) else 400


def _add_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


@require_http_methods(["GET"])
def accounts(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:150]
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    page = Paginator(selectors.accounts(query=query, role=role), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "access/admin/accounts.html",
        {
            "page": page,
            "query": query,
            "role": role,
            "roles": Role.choices,
            "filters": urlencode({"q": query, "role": role}),
        },
    )


@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services_admin.account_create(
                    actor_for(request),
                    username=data["username"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    role=data["role"],
                    team=data["team"],
                    expertise=data["expertise"],
                    reason=data["reason"],
                )
            except DomainError as error:
                _add_error(form, error)
                status = _status(error)
            else:
                return render(
                    request,
                    "access/admin/account_created.html",
                    {
                        "professional": created.professional,
                        "open_request": created.request,
                        "link": _absolute(request, created.password_link),
                    },
                    status=201,
                )
    return render(request, "access/admin/account_create.html", {"form": form}, status=status)


def _absolute(request: HttpRequest, path: str | None) -> str | None:
    return request.build_absolute_uri(path) if path else None


@require_http_methods(["GET", "POST"])
def account_change(request: HttpRequest, professional_id: int) -> HttpResponse:
    professional = selectors.account(professional_id)
    if professional is None:
        raise Http404
    actor = actor_for(request)
    user = professional.user
    access_form = AccessForm(
        request.POST if request.POST.get("form") == "access" else None,
        initial={"role": professional.role, "team": professional.team, "is_active": user.is_active},
    )
    profile_form = ProfileForm(
        request.POST if request.POST.get("form") == "profile" else None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "organisation": professional.organisation,
            "expertise": professional.expertise,
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if access_form.is_bound and access_form.is_valid():
                data = access_form.cleaned_data
                pending = services_admin.access_change(
                    actor,
                    professional,
                    role=data["role"],
                    team=data["team"],
                    is_active=data["is_active"],
                    reason=data["reason"],
                )
                if pending is not None:
                    messages.info(
                        request,
                        _("The change waits for approval by a second administrator."),
                    )
                else:
                    messages.success(request, _("The change has taken effect."))
                return redirect("admin:account_change", professional_id=professional.pk)
            if profile_form.is_bound and profile_form.is_valid():
                data = profile_form.cleaned_data
                services_admin.profile_change(
                    actor,
                    professional,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    expertise=data["expertise"],
                )
                messages.success(request, _("The details have been saved."))
                return redirect("admin:account_change", professional_id=professional.pk)
        except DomainError as error:
            _add_error(access_form if access_form.is_bound else profile_form, error)
            status = _status(error)
        professional.refresh_from_db()
        user.refresh_from_db()
    return render(
        request,
        "access/admin/account_change.html",
        {
            "professional": professional,
            "account": user,
            "access_form": access_form,
            "profile_form": profile_form,
            "open_request": selectors.open_request_for(professional),
            "events": selectors.audit_events(subject=user.get_username())[:10],
            "is_self": user.pk == actor.account.pk,
        },
        status=status,
    )


@require_POST
def account_password_link(request: HttpRequest, professional_id: int) -> HttpResponse:
    professional = selectors.account(professional_id)
    if professional is None:
        raise Http404
    try:
        link = services_admin.password_link(actor_for(request), professional)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("admin:account_change", professional_id=professional.pk)
    return render(
        request,
        "access/admin/account_created.html",
        {"professional": professional, "link": _absolute(request, link), "reissued": True},
    )


@require_http_methods(["GET"])
def requests(request: HttpRequest) -> HttpResponse:
    waiting, decided = selectors.requests()
    return render(
        request,
        "access/admin/requests.html",
        {"waiting": waiting, "decided": decided, "form": DecisionForm()},
    )


@require_POST
def request_decide(request: HttpRequest, request_id: int, decision: str) -> HttpResponse:
    if decision not in ("goedkeuren", "afwijzen"):
        raise Http404
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    actor = actor_for(request)
    try:
        if decision == "goedkeuren":
            approval = services_admin.request_approve(actor, request_id, note=note)
            if approval.password_link:
                return render(
                    request,
                    "access/admin/account_created.html",
                    {
                        "professional": approval.request.professional,
                        "link": _absolute(request, approval.password_link),
                        "approved": True,
                    },
                )
            messages.success(request, _("Approved: the change has taken effect."))
        else:
            services_admin.request_reject(actor, request_id, note=note)
            messages.success(request, _("Rejected: nothing has changed."))
    except DomainError as error:
        waiting, decided = selectors.requests()
        return render(
            request,
            "access/admin/requests.html",
            {"waiting": waiting, "decided": decided, "form": form, "error": str(error)},
            status=_status(error),
        )
    return redirect("admin:access_requests")


@require_http_methods(["GET"])
def audit_trail(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    subject = kind = ""
    if form.is_valid():
        subject = form.cleaned_data["subject"].strip()
        kind = form.cleaned_data["kind"]
    page = Paginator(selectors.audit_events(subject=subject, kind=kind), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "access/admin/audit_trail.html",
        {
            "form": form,
            "page": page,
            "filters": urlencode({"subject": subject, "kind": kind}),
        },
        status=200 if form.is_valid() else 400,
    )
