"""The rules register: every professional reads it; policy analysts and the administrator keep
it (``learning.access``). No personal data: only refusals are logged."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError
from nabij.core.forms_util import apply_validation_error
from nabij.learning import selectors_rules, services_rules
from nabij.learning.access import may_keep_register, may_read_register
from nabij.learning.analysis import Filters, analyse
from nabij.learning.forms_rules import RuleFilterForm, RuleForm, RuleStateForm


def _data(d: dict) -> services_rules.RuleData:
    return services_rules.RuleData(
        name=d["name"],
        kind=d["kind"],
        reference=d["reference"],
        owner_id=d["owner"].pk,
        description=d["description"],
    )


@guarded
def rule_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require(actor, may_read_register, event=Event.RULES_VIEW)
    form = RuleFilterForm(request.GET or None)
    kind = form.cleaned_data["soort"] if form.is_valid() else ""
    rules = list(selectors_rules.register(kind=kind))
    # How often each rule was set aside, as the analysis shows it (all time): the same cells
    # hidden here as there, so the register cannot undo the analysis' suppression.
    times = {r.rule_id: r.times for r in analyse(Filters()).rules}
    return render(
        request,
        "learning/rule_list.html",
        {
            "form": form,
            "rules": [(r, times.get(r.pk)) for r in rules],
            "may_keep": may_keep_register(actor.professional),
            "threshold": settings.SMALL_CELL_THRESHOLD,
        },
    )


@guarded
@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    event = Event.RULE_CREATE if request.method == "POST" else Event.RULE_FORM
    gate.require(actor, may_keep_register, event=event)
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_rules.rule_create(actor=actor, data=_data(form.cleaned_data))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Rule added to the register."))
            return redirect("learning:rules")
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/rule_form.html", {"form": form, "rule": None}, status=status)


@guarded
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.RULE_UPDATE if request.method == "POST" else Event.RULE_FORM
    gate.require(actor, may_keep_register, event=event)
    rule = selectors_rules.rule(rule_id)
    if rule is None:
        raise gate.NotFound
    initial = {
        "version": rule.version,
        "name": rule.name,
        "kind": rule.kind,
        "owner": rule.owner_id,
        "reference": rule.reference,
        "description": rule.description,
    }
    form = RuleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and form.cleaned_data["version"] is None:
            form.add_error(None, _("The form is incomplete. Open the rule again."))
        elif form.is_valid():
            try:
                services_rules.rule_update(
                    actor=actor,
                    rule_id=rule.pk,
                    expected_version=form.cleaned_data["version"],
                    data=_data(form.cleaned_data),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("Rule saved."))
                return redirect("learning:rules")
    return render(
        request,
        "learning/rule_form.html",
        {
            "form": form,
            "rule": rule,
            "state_form": RuleStateForm(initial={"version": rule.version}),
        },
        status=status,
    )


@guarded
@require_POST
def rule_retire(request: HttpRequest, rule_id: int) -> HttpResponse:
    """Retire a rule, or put a retired one back in force (``active`` says which)."""
    actor = actor_for(request)
    gate.require(actor, may_keep_register, event=Event.RULE_RETIRE)
    rule = selectors_rules.rule(rule_id)
    if rule is None:
        raise gate.NotFound
    form = RuleStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete. Open the rule again."))
        return redirect("learning:rule_edit", rule_id=rule.pk)
    try:
        services_rules.rule_set_active(
            actor=actor,
            rule_id=rule.pk,
            expected_version=form.cleaned_data["version"],
            active=form.cleaned_data["active"],
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
        return redirect("learning:rule_edit", rule_id=rule.pk)
    if form.cleaned_data["active"]:
        messages.success(request, _("The rule is in force again."))
    else:
        messages.success(request, _("The rule is retired: it is no longer offered."))
    return redirect("learning:rules")
