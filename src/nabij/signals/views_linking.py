"""Pages where a team member decides uncertain links of arrears signals (thin: the gate's
selectors read, the services write)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import DomainError
from nabij.signals import selectors_linking as selectors
from nabij.signals import services_linking as services
from nabij.signals.models import Signal

NOBODY = "nobody"


@guarded
@require_http_methods(["GET", "HEAD"])
def uncertain_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    signals = selectors.uncertain_for(actor)
    return render(request, "signals/linking/list.html", {"signals": signals})


@guarded
@require_http_methods(["GET", "HEAD", "POST"])
def decide(request: HttpRequest, signal_id: int) -> HttpResponse:
    actor = actor_for(request)
    error = ""
    status = 200
    if request.method == "POST":
        choice = request.POST.get("resident", "").strip()
        try:
            if choice == NOBODY:
                services.reject(actor, signal_id)
                messages.success(request, _("Saved: this signal is about nobody in the register."))
                return redirect("signals_linking:list")
            if choice.isascii() and choice.isdigit() and len(choice) < 19:
                services.confirm(actor, signal_id, int(choice))
                messages.success(
                    request,
                    _("Saved: the signal is linked and added to the outreach of the household."),
                )
                return redirect("signals_linking:list")
            error, status = _("Choose a resident, or say it is nobody of these households."), 400
        except services.AlreadyDecided as exc:
            error, status = str(exc), 409
        except DomainError as exc:
            error, status = str(exc), 400
    signal = selectors.signal_for(actor, signal_id, event=Event.SIGNAL_LINK_VIEW)
    open_ = signal.link == Signal.Link.UNCERTAIN
    choices = selectors.choices_for(actor, signal, event=Event.SIGNAL_LINK_VIEW) if open_ else []
    return render(
        request,
        "signals/linking/decide.html",
        {
            "signal": signal,
            "choices": choices,
            "open": open_,
            "error": error,
            "nobody": NOBODY,
        },
        status=status,
    )
