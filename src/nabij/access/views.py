"""API tokens of the signed-in user (create, shown once; list; revoke), setting one's own
password with the one-time link an administrator handed over, and a household's register of
third parties' requests for its data."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate, rules, selectors, services
from nabij.access.enums import Event
from nabij.access.models import ApiToken, LegalBasis
from nabij.access.web import actor_for, guarded
from nabij.core.forms_util import apply_validation_error


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What will use it, e.g. 'case system link'."),
    )


@guarded
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """A professional's own API tokens. A resident never gets one (their API is the session)."""
    actor = actor_for(request)
    gate.require(actor, rules.may_hold_tokens, event=Event.API_TOKENS)
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
    gate.require(actor_for(request), rules.may_hold_tokens, event=Event.API_TOKENS)
    ApiToken.objects.filter(
        pk=token_id, user=actor_for(request).account, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    return redirect("access:tokens")


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordedRequestForm(forms.Form):
    requester = forms.CharField(
        label=_("Requested by"),
        max_length=150,
        help_text=_("The organisation, e.g. 'Leerplichtbureau Leeuwarden'."),
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    reference = forms.CharField(label=_("Their reference"), max_length=100)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["received_on"].initial = today
        self.fields["valid_until"].initial = today + dt.timedelta(days=30)


@guarded
@require_http_methods(["GET", "POST"])
def recorded_requests(request: HttpRequest, household_id: int) -> HttpResponse:
    """Requests of third parties (a court, the compulsory-education office) for this household's
    data. An API call made for one names its number in ``X-On-Behalf-Of``."""
    actor = actor_for(request)
    posting = request.method == "POST"
    household = gate.household_for(
        actor,
        household_id,
        event=Event.REQUEST_CREATE if posting else Event.REQUEST_LIST,
        also=rules.can_record_request if posting else None,
    )
    may_record = rules.can_record_request(actor.professional, household)
    form = RecordedRequestForm(request.POST or None) if may_record else None
    if posting and form is not None and form.is_valid():
        try:
            services.recorded_request_create(
                recorded_by=actor.professional,  # type: ignore[arg-type]
                household=household,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("access:requests", household_id=household.pk)
    return render(
        request,
        "access/requests.html",
        {
            "household": household,
            "requests": selectors.recorded_requests(household),
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if posting else 200,
    )


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
