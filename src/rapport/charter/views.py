"""Console pages for a customer's partnership charter and its scorecard. Thin."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rapport.accounts.permissions import can_manage_charter, require_predicate, visible_customers
from rapport.charter import services
from rapport.charter.forms import CharterForm, PrincipleForm
from rapport.charter.models import CharterPrinciple, PartnershipCharter
from rapport.charter.sparkline import sparkline, sparkline_text
from rapport.console.shortcuts import get_visible
from rapport.customers.models import Customer
from rapport.customers.views.common import save


def _customer(request: HttpRequest, pk: int) -> Customer:
    return get_visible(visible_customers(request.user), pk, "customer")


ONLY_PMO = gettext_lazy("Only the PMO changes a partnership charter.")
# Lazy: read in the person's language when the 403 page shows it.
_manager = require_predicate(can_manage_charter, cast(str, ONLY_PMO))


def _require_manage(request: HttpRequest) -> None:
    if not can_manage_charter(request.user):
        raise PermissionDenied(ONLY_PMO)


@login_required
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _customer(request, pk)
    charter = PartnershipCharter.objects.filter(customer=customer).first()
    rows = []
    can_manage = can_manage_charter(request.user)
    if charter is not None:
        for scored in services.scorecard(charter):
            rows.append(
                {
                    "scored": scored,
                    "spark": sparkline(
                        scored.series,
                        target=scored.target,
                        title=f"{scored.name}: {scored.measure.label}",
                    )
                    + sparkline_text(
                        scored.series,
                        target=scored.target,
                        title=f"{scored.name}: {scored.measure.label}",
                    ).as_html(),
                    "latest": scored.measure.format(scored.latest),
                    "target": scored.measure.format(scored.target),
                }
            )
    return render(
        request,
        "charter/scorecard.html",
        {
            "customer": customer,
            "charter": charter,
            "rows": rows,
            "can_manage": can_manage,
            # What the PMO must translate before it reaches the customer's people.
            "to_translate": services.texts_to_translate(customer) if can_manage else [],
        },
    )


@login_required
@_manager
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _customer(request, pk)
    try:
        services.start_charter(customer, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Charter started with the five usual principles. Edit freely."))
    return redirect("charter:scorecard", pk=customer.pk)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    customer = _customer(request, pk)
    charter = get_object_or_404(PartnershipCharter, customer=customer)
    form = CharterForm(request.POST or None, instance=PartnershipCharter.objects.get(pk=charter.pk))
    if request.method == "POST" and save(
        form, lambda data: services.update_charter(charter, by=request.user, **data)
    ):
        messages.success(request, _("Charter saved."))
        return redirect("charter:scorecard", pk=customer.pk)
    return render(
        request,
        "customers/_formpage.html",
        {
            "form": form,
            "customer": customer,
            "heading": _("Charter with %(customer)s") % {"customer": customer.name},
        },
    )


@login_required
def principle_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    customer = _customer(request, pk)
    charter = get_object_or_404(PartnershipCharter, customer=customer)
    form = PrincipleForm(request.POST or None, initial={"target": 80}, customer=customer)
    if request.method == "POST" and save(
        form, lambda data: services.add_principle(charter, by=request.user, **data)
    ):
        return redirect("charter:scorecard", pk=customer.pk)
    return render(
        request,
        "customers/_formpage.html",
        {"form": form, "customer": customer, "heading": _("Add a principle")},
    )


@login_required
def principle_edit(request: HttpRequest, pk: int, prid: int) -> HttpResponse:
    _require_manage(request)
    customer = _customer(request, pk)
    principle = get_object_or_404(CharterPrinciple, pk=prid, charter__customer=customer)
    form = PrincipleForm(
        request.POST or None,
        instance=CharterPrinciple.objects.get(pk=principle.pk),
        customer=customer,
    )
    if request.method == "POST" and save(
        form, lambda data: services.update_principle(principle, by=request.user, **data)
    ):
        messages.success(request, _("Principle saved."))
        return redirect("charter:scorecard", pk=customer.pk)
    return render(
        request,
        "customers/_formpage.html",
        {
            "form": form,
            "customer": customer,
            "heading": _("Principle: %(name)s") % {"name": principle.name},
        },
    )


@login_required
@_manager
@require_POST
def principle_remove(request: HttpRequest, pk: int, prid: int) -> HttpResponse:
    customer = _customer(request, pk)
    principle = get_object_or_404(CharterPrinciple, pk=prid, charter__customer=customer)
    services.remove_principle(principle, by=request.user)
    messages.success(request, _("“%(name)s” removed from the charter.") % {"name": principle.name})
    return redirect("charter:scorecard", pk=customer.pk)
