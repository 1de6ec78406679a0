"""Pages of the register of citizen initiatives.

- Public (``routes.PUBLIC``): the register and an initiative's page, with the picture of its
  funding. Nothing personal is logged; a contact person's name shows only with their consent.
- Mijn Nabij (DigiD): a resident's own initiatives, and registering a new one (they become its
  first contact person).
- Stewards (``rules.can_steward_initiative``: its contact persons and the teams working in its
  district): details, contact persons, the offer through the social broker, and the funding
  ledger. Contact persons are personal data: every page that shows or changes them logs them
  (purpose participation); refusals are logged by the gate.
- The district's teams: the district's initiatives with their contacts (logged).

Thin views: access in ``access.gate``, reads in ``selectors``, writes in ``services``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import Event
from nabij.access.web import actor_for, guarded, resident_view
from nabij.core.errors import ConflictError, DomainError
from nabij.core.forms_util import apply_validation_error
from nabij.initiatives import chart, selectors, services
from nabij.initiatives.forms import (
    BrokerOfferForm,
    ConsentForm,
    ContactAddForm,
    ContactEndForm,
    EditForm,
    FundingEntryForm,
    RegisterFilterForm,
    RegisterForm,
    ReverseForm,
    cents,
)
from nabij.initiatives.models import FundingSource, Initiative

if TYPE_CHECKING:
    from django import forms


def _portal_context(request: HttpRequest) -> dict[str, Any]:
    from nabij.portal.views import NAV

    actor = actor_for(request)
    return {"current_resident": actor.resident, "portal_nav": NAV}


def _base(request: HttpRequest) -> dict[str, Any]:
    """A steward page in the frame of whoever uses it: Mijn Nabij for a resident."""
    if actor_for(request).resident is not None:
        return {"base_template": "portal/base.html", **_portal_context(request)}
    return {"base_template": "base.html"}


# --- Public ----------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The register, filterable by district (``wijk``) and legal form (``vorm``)."""
    districts = selectors.register_districts()
    form = RegisterFilterForm(request.GET or None, districts=districts)
    valid = form.is_valid() if request.GET else True
    chosen = form.cleaned_data if request.GET and valid else {}
    items = selectors.register(
        district_code=chosen.get("wijk", ""), legal_form=chosen.get("vorm", "")
    )
    return render(
        request,
        "initiatives/index.html",
        {"form": form, "initiatives": items, "filtered": bool(chosen)},
        status=200 if valid else 400,
    )


def _steward(request: HttpRequest, item: Initiative) -> bool:
    """Whether to show the way to the stewards' pages (the rule only: nothing is logged)."""
    if not request.user.is_authenticated:
        return False
    actor = actor_for(request)
    return rules.can_steward_initiative(
        actor.professional, actor.resident_id, item.district_id, item.contact_resident_ids()
    )


@require_GET
def detail(request: HttpRequest, initiative_id: int) -> HttpResponse:
    """An initiative's public page: what it is, who to contact, the help it offers and the
    picture of where its money comes from (with the same figures as a table)."""
    item = selectors.initiative(initiative_id)
    if item is None:
        return render(request, "core/error.html", {"code": 404}, status=404)
    years = selectors.funding_by_year(item.pk)
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": item,
            "contacts": selectors.public_contacts(item),
            "years": years,
            "chart": chart.stacked_bars(years),
            "groups": selectors.GROUPS,
            "rate_notes": selectors.rate_notes(years),
            "may_manage": _steward(request, item),
        },
    )


# --- Mijn Nabij --------------------------------------------------------------------------------


@resident_view
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    resident = gate.participating_resident(actor, event=Event.INITIATIVES_MINE)
    items = selectors.mine(resident.pk)
    gate.log_contacts(actor, [resident.pk], event=Event.INITIATIVES_MINE)
    return render(
        request, "initiatives/mine.html", {"initiatives": items, **_portal_context(request)}
    )


@resident_view
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.participating_resident(actor, event=Event.INITIATIVES_REGISTER)
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.initiative_register(
                    actor=actor,
                    data=form.data_object(),
                    name_public=form.cleaned_data["name_public"] == "yes",
                    role=form.cleaned_data["role"],
                )
            except DomainError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("Your initiative is in the register. You are its contact person.")
                )
                return redirect("initiatives:manage", initiative_id=item.pk)
        status = 400
    return render(
        request,
        "initiatives/register.html",
        {"form": form, **_portal_context(request)},
        status=status,
    )


# --- Stewards: details, contacts, the broker ---------------------------------------------------

MANAGE_EVENTS = {
    "details": Event.INITIATIVES_UPDATE,
    "contact_add": Event.INITIATIVES_CONTACT_ADD,
    "contact_end": Event.INITIATIVES_CONTACT_END,
    "consent": Event.INITIATIVES_CONTACT_CONSENT,
    "broker": Event.INITIATIVES_BROKER_OFFER,
}


def _manage_page(
    request: HttpRequest,
    item: Initiative,
    *,
    forms: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_for(request)
    forms = forms or {}
    own_contact = next(
        (c for c in item.current_contacts if c.resident_id == actor.resident_id),  # type: ignore[attr-defined]
        None,
    )
    skills = selectors_skills()
    offered = [str(o.skill_id) for o in item.participant.offers.all()] if item.participant else []
    hours = (
        next((o.hours_per_week for o in item.participant.offers.all()), None)
        if item.participant
        else None
    )
    gate.log_contacts(
        actor,
        item.contact_resident_ids(),
        event=Event.INITIATIVES_MANAGE_VIEW,
        detail=f"initiative {item.pk}",
    )
    context = {
        "initiative": item,
        "edit_form": forms.get("details") or EditForm(initial=EditForm.initial_for(item)),
        "contact_form": forms.get("contact_add")
        or ContactAddForm(initial={"version": item.version}),
        "end_form": forms.get("contact_end"),
        "consent_form": forms.get("consent")
        or ConsentForm(
            initial={"name_public": "yes" if own_contact and own_contact.name_public else "no"}
        ),
        "broker_form": forms.get("broker")
        or BrokerOfferForm(
            skills=skills,
            initial={"version": item.version, "skills": offered, "hours": hours or 2},
        ),
        "own_contact": own_contact,
        "may_add_contact": rules.can_add_initiative_contact(actor.professional, item.district_id),
        **_base(request),
    }
    return render(request, "initiatives/manage.html", context, status=status)


def selectors_skills() -> list[Any]:
    from nabij.matching import selectors as matching_selectors

    return matching_selectors.skills()


@guarded
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor = actor_for(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    event = MANAGE_EVENTS.get(action, Event.INITIATIVES_MANAGE_VIEW)
    also = rules.can_add_initiative_contact if action == "contact_add" else None
    item = gate.initiative_for(
        actor, initiative_id, load=selectors.initiative, event=event, also=also
    )
    if request.method == "GET":
        return _manage_page(request, item)
    handler = MANAGE_HANDLERS.get(action)
    if handler is None:
        messages.error(request, _("Choose what to change on the page."))
        return _manage_page(request, item, status=400)
    form, done = handler(request, actor, item)
    if done:
        return redirect("initiatives:manage", initiative_id=item.pk)
    status = 409 if form.errors.get("__all__") and getattr(form, "_conflict", False) else 400
    fresh = selectors.initiative(item.pk)
    assert fresh is not None
    return _manage_page(request, fresh, forms={action: form}, status=status)


Handled = tuple["forms.Form", bool]


def _attempt(form: forms.Form, request: HttpRequest, message: str, write: Any) -> Handled:
    """Run the service when the form is valid; its refusals go on the form (a version conflict
    on the form as a whole, marked for a 409)."""
    if not form.is_valid():
        return form, False
    try:
        write()
    except ConflictError as exc:
        form.add_error(None, str(exc))
        form._conflict = True  # type: ignore[attr-defined]
        return form, False
    except (DomainError, ValidationError) as exc:
        apply_validation_error(form, exc)
        return form, False
    messages.success(request, message)
    return form, True


def _details(request: HttpRequest, actor: gate.Actor, item: Initiative) -> Handled:
    form = EditForm(request.POST)
    return _attempt(
        form,
        request,
        _("The details are saved."),
        lambda: services.initiative_update(
            actor=actor,
            initiative=item,
            expected_version=form.cleaned_data["version"],
            data=form.data_object(),
        ),
    )


def _contact_add(request: HttpRequest, actor: gate.Actor, item: Initiative) -> Handled:
    form = ContactAddForm(request.POST)

    def write() -> None:
        resident = selectors.resident_by_bsn(form.cleaned_data["bsn"])
        if resident is None:
            raise DomainError(_("No resident with this BSN is in the register."), field="bsn")
        services.contact_add(
            actor=actor,
            initiative=item,
            expected_version=form.cleaned_data["version"],
            resident=resident,
            role=form.cleaned_data["role"],
            agreed=form.cleaned_data["agreed"],
            name_public=form.cleaned_data["name_public"] == "yes",
        )

    return _attempt(form, request, _("The contact person is added."), write)


def _contact_end(request: HttpRequest, actor: gate.Actor, item: Initiative) -> Handled:
    form = ContactEndForm(request.POST)
    return _attempt(
        form,
        request,
        _("The contact person has stopped."),
        lambda: services.contact_end(
            actor=actor,
            initiative=item,
            expected_version=form.cleaned_data["version"],
            contact_id=form.cleaned_data["contact"],
        ),
    )


def _consent(request: HttpRequest, actor: gate.Actor, item: Initiative) -> Handled:
    form = ConsentForm(request.POST)
    return _attempt(
        form,
        request,
        _("Your choice is saved."),
        lambda: services.contact_name_public_set(
            actor=actor, initiative=item, name_public=form.cleaned_data["name_public"] == "yes"
        ),
    )


def _broker(request: HttpRequest, actor: gate.Actor, item: Initiative) -> Handled:
    form = BrokerOfferForm(request.POST, skills=selectors_skills())
    return _attempt(
        form,
        request,
        _("The social broker can now find your offer."),
        lambda: services.broker_offer_save(
            actor=actor,
            initiative=item,
            expected_version=form.cleaned_data["version"],
            offers=form.offers(),
            consent=form.cleaned_data["consent"],
        ),
    )


MANAGE_HANDLERS = {
    "details": _details,
    "contact_add": _contact_add,
    "contact_end": _contact_end,
    "consent": _consent,
    "broker": _broker,
}


# --- Stewards: the funding ledger ---------------------------------------------------------------


def _funding_page(
    request: HttpRequest,
    item: Initiative,
    *,
    form: FundingEntryForm | None = None,
    reverse_form: ReverseForm | None = None,
    reverse_id: int | None = None,
    status: int = 200,
) -> HttpResponse:
    value = services.hour_value()
    years = selectors.funding_by_year(item.pk)
    context = {
        "initiative": item,
        "ledger": selectors.ledger(item.pk),
        "years": years,
        "chart": chart.stacked_bars(years),
        "groups": selectors.GROUPS,
        "rate_notes": selectors.rate_notes(years),
        "form": form
        or FundingEntryForm(
            initial={
                "hour_rate": f"{value.cents / 100:.2f}".replace(".", ","),
                "rate_source": value.source,
            }
        ),
        "reverse_form": reverse_form,
        "reverse_id": reverse_id,
        "hour_value": value,
        "HOURS": FundingSource.HOURS,
        **_base(request),
    }
    return render(request, "initiatives/funding.html", context, status=status)


@guarded
@require_http_methods(["GET", "POST"])
def funding(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = (
        Event.INITIATIVES_FUNDING_ADD
        if request.method == "POST"
        else Event.INITIATIVES_FUNDING_VIEW
    )
    item = gate.initiative_for(actor, initiative_id, load=selectors.initiative, event=event)
    if request.method == "GET":
        return _funding_page(request, item)
    form = FundingEntryForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        hours = d["hours"] if d["source"] == FundingSource.HOURS else None
        rate = cents(d["hour_rate"]) if hours is not None and d["hour_rate"] else None
        amount = (
            services.hours_amount_cents(hours, rate)
            if hours is not None and rate is not None
            else cents(d["amount"] or Decimal(0))
        )
        try:
            services.funding_entry_add(
                actor=actor,
                initiative=item,
                year=d["year"],
                source=d["source"],
                amount_cents=amount,
                booked_on=d["booked_on"],
                description=d["description"],
                hours=hours,
                hour_rate_cents=rate,
                rate_source=d["rate_source"] if hours is not None else "",
            )
        except DomainError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The line is added."))
            return redirect(reverse("initiatives:funding", args=[item.pk]) + "#ledger")
    return _funding_page(request, item, form=form, status=400)


@guarded
@require_POST
def funding_reverse(request: HttpRequest, initiative_id: int, entry_id: int) -> HttpResponse:
    actor = actor_for(request)
    item = gate.initiative_for(
        actor, initiative_id, load=selectors.initiative, event=Event.INITIATIVES_FUNDING_REVERSE
    )
    entry = selectors.entry_of(item.pk, entry_id)
    if entry is None:
        raise gate.NotFound
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            services.funding_entry_reverse(
                actor=actor, initiative=item, entry=entry, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The line is corrected. Both lines stay on the ledger."))
            return redirect(reverse("initiatives:funding", args=[item.pk]) + "#ledger")
    return _funding_page(request, item, reverse_form=form, reverse_id=entry.pk, status=400)


# --- The district's teams -------------------------------------------------------------------------


@guarded
@require_GET
def district(request: HttpRequest, code: str) -> HttpResponse:
    """A district's initiatives with their contact persons (each one shown is logged)."""
    actor = actor_for(request)
    area = gate.district_for(
        actor,
        code,
        load=selectors.district_by_code,
        event=Event.INITIATIVES_DISTRICT,
        rule=rules.works_in_district,
    )
    items = selectors.in_district(area.pk)
    gate.log_contacts(
        actor,
        [rid for item in items for rid in item.contact_resident_ids()],
        event=Event.INITIATIVES_DISTRICT,
        detail=code[:20],
    )
    return render(request, "initiatives/district.html", {"district": area, "initiatives": items})
