"""The customer journey: stages (editable per customer), experience, and pain points."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.models import User
from rapport.accounts.permissions import Capability, can_manage_customers, require_capability
from rapport.customers import pictures, services
from rapport.customers.forms import JourneyStageForm, PainPointForm
from rapport.customers.models import Customer, JourneyStage, PainPoint, PainStatus
from rapport.customers.views.common import customer_for, save


def _journey_context(customer: Customer, user: User) -> dict:
    stages = list(customer.journey_stages.annotate(pain_count=Count("pain_points")))
    pains = list(customer.pain_points.select_related("stage"))
    index = {s.pk: i for i, s in enumerate(stages)}
    return {
        "customer": customer,
        "stages": stages,
        "pains": pains,
        "journey_svg": pictures.journey_with_text(
            [pictures.StagePoint(s.name, s.experience) for s in stages],
            [
                pictures.PainMark(
                    index[p.stage_id], p.severity, p.description, p.status == PainStatus.OPEN
                )
                for p in pains
            ],
            title=gettext("%(customer)s's journey with the PMO") % {"customer": customer.name},
        )
        if stages
        else None,
        "pain_form": PainPointForm(customer=customer) if stages else None,
        "can_manage": can_manage_customers(user),
    }


@login_required
def journey(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    return render(request, "customers/journey.html", _journey_context(customer, request.user))


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def journey_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    services.ensure_journey(customer, by=request.user)
    messages.success(
        request, gettext("Default journey created. Rename, reorder or remove stages to fit.")
    )
    return redirect("customers:journey", pk)


@require_capability(Capability.MANAGE_CUSTOMERS)
def stage_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    form = JourneyStageForm(request.POST or None)
    if request.method == "POST" and save(
        form, lambda data: services.add_journey_stage(customer, by=request.user, **data)
    ):
        messages.success(request, gettext("Stage added at the end of the journey."))
        return redirect("customers:journey", pk)
    return render(
        request, "customers/stage_form.html", {"form": form, "customer": customer, "stage": None}
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def stage_edit(request: AuthenticatedRequest, pk: int, sid: int) -> HttpResponse:
    customer = customer_for(request, pk)
    stage = get_object_or_404(JourneyStage, pk=sid, customer=customer)
    form = JourneyStageForm(request.POST or None, instance=JourneyStage.objects.get(pk=sid))
    if request.method == "POST" and save(
        form, lambda data: services.update_journey_stage(stage, by=request.user, **data)
    ):
        messages.success(request, gettext("Stage saved."))
        return redirect("customers:journey", pk)
    return render(
        request, "customers/stage_form.html", {"form": form, "customer": customer, "stage": stage}
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def stage_move(request: AuthenticatedRequest, pk: int, sid: int) -> HttpResponse:
    customer = customer_for(request, pk)
    stage = get_object_or_404(JourneyStage, pk=sid, customer=customer)
    offset = -1 if request.POST.get("direction") == "left" else 1
    services.move_journey_stage(stage, by=request.user, offset=offset)
    return redirect("customers:journey", pk)


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def stage_remove(request: AuthenticatedRequest, pk: int, sid: int) -> HttpResponse:
    customer = customer_for(request, pk)
    stage = get_object_or_404(JourneyStage, pk=sid, customer=customer)
    try:
        services.remove_journey_stage(stage, by=request.user)
        messages.success(request, gettext("Stage “%(name)s” removed.") % {"name": stage.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("customers:journey", pk)


@require_capability(Capability.MANAGE_CUSTOMERS)
def pain_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a pain point; the journey page posts here with htmx and gets its pain list back."""
    customer = customer_for(request, pk)
    form = PainPointForm(request.POST or None, customer=customer)
    if request.method == "POST":
        added = save(
            form, lambda data: services.create_pain_point(customer, by=request.user, **data)
        )
        if request.htmx:
            context = _journey_context(customer, request.user)
            if not added:
                context["pain_form"] = form
            return render(request, "customers/_pains.html", context)
        if added:
            messages.success(request, gettext("Pain point added."))
            return redirect("customers:journey", pk)
    return render(
        request, "customers/pain_form.html", {"form": form, "customer": customer, "pain": None}
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def pain_edit(request: AuthenticatedRequest, pk: int, pid: int) -> HttpResponse:
    customer = customer_for(request, pk)
    pain = get_object_or_404(PainPoint, pk=pid, customer=customer)
    form = PainPointForm(
        request.POST or None, instance=PainPoint.objects.get(pk=pid), customer=customer
    )
    if request.method == "POST" and save(
        form, lambda data: services.update_pain_point(pain, by=request.user, **data)
    ):
        messages.success(request, gettext("Pain point saved."))
        return redirect("customers:journey", pk)
    return render(
        request, "customers/pain_form.html", {"form": form, "customer": customer, "pain": pain}
    )
