"""Nabij beheer: the administration site, usable by the administrator role only.

Django's admin decides by the ``is_staff`` and ``is_superuser`` flags and per-model permissions;
here the role decides, as everywhere else in Nabij, and the flags count for nothing. Django's
user and group screens (superuser switch, setting anyone's password) are not offered: accounts,
roles and teams change on Nabij's own pages (``views_admin``), through ``services_admin``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from nabij.access import rules


def is_administrator(request: HttpRequest) -> bool:
    """The signed-in, active user holds the administrator role (flags are ignored)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    from nabij.access.web import actor_for

    return rules.can_administer(actor_for(request).professional)


class NabijAdminSite(admin.AdminSite):
    site_header = _("Nabij beheer")
    site_title = _("Nabij beheer")
    index_title = _("Administration")
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Signed-in users without the role get a 403 page, not Django's login form."""
        inner = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("core:login"))
            if not self.has_permission(request):
                return render(request, "core/error.html", {"code": 403}, status=403)
            response: HttpResponse = inner(request, *args, **kwargs)
            return response

        wrapper.admin_site = self  # type: ignore[attr-defined]
        return wrapper

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One login for the whole product: the app's, with its throttle."""
        target = reverse("core:login")
        next_url = request.GET.get("next")
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)

    def get_urls(self) -> list[URLResolver | URLPattern]:
        from nabij.access import views_admin as v

        own = [
            path("accounts/", self.admin_view(v.accounts), name="accounts"),
            path("accounts/nieuw/", self.admin_view(v.account_create), name="account_create"),
            path(
                "accounts/<id:professional_id>/",
                self.admin_view(v.account_change),
                name="account_change",
            ),
            path(
                "accounts/<id:professional_id>/wachtwoordlink/",
                self.admin_view(v.account_password_link),
                name="account_password_link",
            ),
            path("verzoeken/", self.admin_view(v.requests), name="access_requests"),
            path(
                "verzoeken/<id:request_id>/<str:decision>/",
                self.admin_view(v.request_decide),
                name="access_request_decide",
            ),
            path("audittrail/", self.admin_view(v.audit_trail), name="audit_trail"),
        ]
        return own + super().get_urls()

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        if self.has_permission(request):
            from nabij.access import selectors

            context["pending_requests"] = selectors.open_request_count()
        return context


class RoleModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Permissions by role: the administrator, and only the administrator, may use it."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


class ReadOnlyRoleModelAdmin(RoleModelAdmin):
    """Listed and shown to the administrator; changed elsewhere (or never)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoleTabularInline(admin.TabularInline):  # type: ignore[type-arg]
    """An inline with the same rule as ``RoleModelAdmin``: the administrator role decides."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)
