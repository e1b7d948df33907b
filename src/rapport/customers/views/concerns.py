"""The concerns log: frustrations heard, the PMO's response, and where each stands."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from rapport.accounts.permissions import (
    Capability,
    can_manage_customers,
    can_view_concern_author,
    can_view_concern_detail,
    require_capability,
)
from rapport.audit.services import history_for
from rapport.console.filters import known_choice
from rapport.console.pagination import paginate, query_without_page
from rapport.customers import services
from rapport.customers.forms import ConcernForm, ConcernTransitionForm
from rapport.customers.models import Concern, ConcernStatus
from rapport.customers.views.common import customer_for, save

# A concern open longer than this is highlighted as old.
OLD_AFTER_DAYS = getattr(settings, "RAPPORT_CONCERN_OLD_DAYS", 30)


def withheld(customer: str) -> str:
    """Why a sponsor sees only counts, in the reader's language."""
    return gettext(
        "%(customer)s gives feedback in confidence, so their concerns are read by the PMO and "
        "their project managers. Sponsors see how many there are and how long they have been "
        "open."
    ) % {"customer": customer}


def concern_counts(concerns: QuerySet[Concern], today: dt.date | None = None) -> dict:
    """Counts only, for readers who may not see concerns by name: how many per status, and how
    many still open after ``OLD_AFTER_DAYS`` days (two queries, no text, no names)."""
    today = today or timezone.localdate()
    by_status = dict(concerns.order_by().values_list("status").annotate(n=Count("pk")))
    cutoff = today - dt.timedelta(days=OLD_AFTER_DAYS)
    return {
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0)) for value, label in ConcernStatus.choices],
        "old": concerns.filter(closed_on__isnull=True, heard_on__lt=cutoff).count(),
        "old_after": OLD_AFTER_DAYS,
    }


@login_required
def concern_list(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    if not can_view_concern_detail(request.user, customer):
        return render(
            request,
            "customers/concerns.html",
            {
                "customer": customer,
                "summary": concern_counts(customer.concerns.all()),
                "withheld": withheld(customer.name),
                "old_after": OLD_AFTER_DAYS,
                "can_manage": False,
            },
        )
    status = known_choice(request, "status", ConcernStatus.values, label=gettext("Status"))
    concerns = customer.concerns.select_related("raised_by").order_by("heard_on", "pk")
    if status:
        concerns = concerns.filter(status=status)
    page = paginate(request, concerns)
    today = timezone.localdate()
    rows = [{"concern": c, "age": c.days_open(today)} for c in page]
    return render(
        request,
        "customers/concerns.html",
        {
            "customer": customer,
            "page": page,
            "rows": rows,
            "old_after": OLD_AFTER_DAYS,
            "status": status,
            "statuses": ConcernStatus.choices,
            "query": query_without_page(request),
            "can_manage": can_manage_customers(request.user),
            "show_who": can_view_concern_author(request.user, customer),
        },
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def concern_create(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    form = ConcernForm(request.POST or None, customer=customer)
    if request.method == "POST":
        concern = save(
            form, lambda data: services.create_concern(customer, by=request.user, **data)
        )
        if concern:
            messages.success(request, gettext("Concern logged. Respond to it soon."))
            return redirect("customers:concern", pk, concern.pk)
    return render(
        request,
        "customers/concern_form.html",
        {"form": form, "customer": customer, "concern": None},
    )


@login_required
def concern_detail(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    customer = customer_for(request, pk)
    if not can_view_concern_detail(request.user, customer):
        raise PermissionDenied(withheld(customer.name))
    concern = get_object_or_404(
        Concern.objects.select_related("raised_by"), pk=cid, customer=customer
    )
    can_manage = can_manage_customers(request.user)
    form = ConcernTransitionForm(request.POST or None, initial={"response": concern.response})
    allowed = services.allowed_concern_transitions(concern)
    cast(forms.ChoiceField, form.fields["to"]).choices = [
        (v, ConcernStatus(v).label) for v in allowed
    ]
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(gettext("Your role may not manage customers."))
        if save(
            form,
            lambda data: services.transition_concern(
                concern, data["to"], by=request.user, response=data["response"]
            ),
        ):
            messages.success(request, gettext("Concern updated."))
            return redirect("customers:concern", pk, cid)
    return render(
        request,
        "customers/concern_detail.html",
        {
            "show_who": can_view_concern_author(request.user, customer),
            "customer": customer,
            "concern": concern,
            "age": concern.days_open(),
            "old_after": OLD_AFTER_DAYS,
            "form": form if allowed else None,
            "history": history_for(concern)[:20],
            "can_manage": can_manage,
        },
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def concern_edit(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    customer = customer_for(request, pk)
    concern = get_object_or_404(Concern, pk=cid, customer=customer)
    form = ConcernForm(
        request.POST or None, instance=Concern.objects.get(pk=cid), customer=customer
    )
    if request.method == "POST" and save(
        form, lambda data: services.update_concern(concern, by=request.user, **data)
    ):
        messages.success(request, gettext("Concern saved."))
        return redirect("customers:concern", pk, cid)
    return render(
        request,
        "customers/concern_form.html",
        {"form": form, "customer": customer, "concern": concern},
    )
