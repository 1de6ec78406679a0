"""The reference-price catalogue (*kengetallen*): every price with its source, indexed to a year.

Anyone with a role reads it (no personal data); only the administrator edits it (see
``rules.can_edit_reference_prices``: one catalogue serves the whole municipality).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nabij.access import gate, rules
from nabij.access.enums import STAFF_ROLES, Event, Outcome, Purpose
from nabij.access.web import actor_for, guarded
from nabij.core.errors import ConflictError
from nabij.core.forms_util import apply_validation_error
from nabij.costs import selectors, services_prices
from nabij.costs.forms_prices import PriceIndexForm, PriceYearForm, ReferencePriceForm
from nabij.costs.models import PriceIndex, ReferencePrice, Unit
from nabij.costs.services import indexed_cents

EVERY_ROLE = STAFF_ROLES  # a referrer sees none of it


@dataclass(frozen=True)
class PriceRow:
    price: ReferencePrice
    indexed_cents: int | None  # None: a percentage, or no index for one of the two years
    missing_year: int | None  # the year that has no index, when indexing was impossible

    @property
    def is_percent(self) -> bool:
        return self.price.unit == Unit.PERCENT

    @property
    def percent(self) -> Decimal:
        return Decimal(self.price.amount_cents) / 100


def _rows(year: int, indices: dict[int, float]) -> list[PriceRow]:
    rows = []
    for price in ReferencePrice.objects.all():
        if price.unit == Unit.PERCENT:
            rows.append(PriceRow(price, None, None))
            continue
        cents, ok = indexed_cents(price, year, indices)
        missing = None if ok else (price.year if price.year not in indices else year)
        rows.append(PriceRow(price, cents if ok else None, missing))
    return rows


def _editor_or_refuse(actor: gate.Actor, event: Event) -> None:
    gate.require(actor, rules.can_edit_reference_prices, event=event)


def _page(
    request: HttpRequest,
    actor: gate.Actor,
    *,
    index_form: PriceIndexForm | None = None,
    status: int = 200,
) -> HttpResponse:
    indices = selectors.price_indices()
    default_year = max(indices) if indices else timezone.localdate().year
    year_form = PriceYearForm(request.GET or None, initial={"jaar": default_year})
    year = default_year
    if request.GET and year_form.is_valid():
        year = year_form.cleaned_data["jaar"]
    may_edit = rules.can_edit_reference_prices(actor.professional)
    if may_edit and index_form is None:
        index_form = PriceIndexForm(initial={"year": timezone.localdate().year - 1})
    return render(
        request,
        "costs/prices.html",
        {
            "rows": _rows(year, indices),
            "year": year,
            "year_form": year_form,
            "year_has_index": year in indices,
            "indices": PriceIndex.objects.all(),
            "may_edit": may_edit,
            "index_form": index_form if may_edit else None,
        },
        status=status,
    )


@guarded
def prices(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    gate.require_role(actor, EVERY_ROLE, event=Event.COSTS_PRICES_VIEW)
    gate.log(
        actor,
        event=Event.COSTS_PRICES_VIEW,
        outcome=Outcome.GRANTED,
        purpose=Purpose.ADMINISTRATION,
    )
    return _page(request, actor)


@guarded
@require_http_methods(["GET", "POST"])
def price_edit(request: HttpRequest, price_id: int) -> HttpResponse:
    actor = actor_for(request)
    event = Event.COSTS_PRICE_UPDATE if request.method == "POST" else Event.COSTS_PRICE_FORM
    _editor_or_refuse(actor, event)
    price = ReferencePrice.objects.filter(pk=price_id).first()
    if price is None:
        raise gate.NotFound
    initial = {
        "name": price.name,
        "amount": f"{Decimal(price.amount_cents) / 100:.2f}".replace(".", ","),
        "unit": price.unit,
        "per": price.per,
        "year": price.year,
        "source": price.source,
        "quality": price.quality,
        "note": price.note,
        "version": price.version,
    }
    form = ReferencePriceForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services_prices.reference_price_update(
                    actor=actor,
                    price=price,
                    version=d["version"],
                    name=d["name"],
                    amount_cents=int((d["amount"] * 100).to_integral_value()),
                    unit=d["unit"],
                    per=d["per"],
                    year=d["year"],
                    source=d["source"],
                    quality=d["quality"],
                    note=d["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("Reference price saved."))
                return redirect("costs:prices")
    return render(request, "costs/price_form.html", {"form": form, "price": price}, status=status)


@guarded
@require_POST
def price_index_add(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _editor_or_refuse(actor, Event.COSTS_PRICE_INDEX_CREATE)
    form = PriceIndexForm(request.POST)
    if form.is_valid():
        try:
            services_prices.price_index_add(
                actor=actor,
                year=form.cleaned_data["year"],
                index=form.cleaned_data["index"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Price index added."))
            return redirect("costs:prices")
    return _page(request, actor, index_form=form, status=400)
