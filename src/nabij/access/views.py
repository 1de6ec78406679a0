"""API tokens of the signed-in user (create, shown once; list; revoke), and setting one's own
password with the one-time link an administrator handed over."""

from __future__ import annotations

from django import forms
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import services
from nabij.access.models import ApiToken
from nabij.core.web import actor_for, guarded


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What will use it, e.g. 'case system link'."),
    )


@guarded
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        secret = services.api_token_create(
            user=actor_for(request).account, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    rows = ApiToken.objects.filter(user=actor_for(request).account, revoked_at__isnull=True)
    return render(
        request,
        "access/tokens.html",
        {"form": form, "secret": secret, "tokens": rows},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@guarded
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    ApiToken.objects.filter(
        pk=token_id, user=actor_for(request).account, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    return redirect("access:tokens")


class SetPasswordView(PasswordResetConfirmView):
    """The owner of a new account sets their password (Django's token: one use, it expires
    after PASSWORD_RESET_TIMEOUT). Not logged in afterwards: they log in through the one
    login, with its throttle."""

    template_name = "access/set_password.html"
    success_url = reverse_lazy("access:set_password_done")
    post_reset_login = False


@require_http_methods(["GET"])
def set_password_done(request: HttpRequest) -> HttpResponse:
    return render(request, "access/set_password_done.html")
