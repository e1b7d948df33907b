"""Customer pages in the console. Thin: permission layer in, service functions for changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from rapport.accounts.permissions import (
    Capability,
    has_capability,
    require_capability,
    visible_customers,
    visible_projects,
)
from rapport.audit.services import history_for
from rapport.console.pagination import paginate, query_without_page
from rapport.console.shortcuts import get_visible
from rapport.customers import services
from rapport.customers.forms import CustomerForm
from rapport.customers.models import Customer, Stakeholder
from rapport.portfolio.models import Project, ProjectState


def _count_per_customer(queryset, field: str):
    counts = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    customers = visible_customers(request.user).select_related("relationship_owner")
    if q:
        customers = customers.filter(name__icontains=q)
    # Counted in subqueries: joining both relations at once would multiply the rows.
    customers = customers.annotate(
        active_projects=_count_per_customer(
            Project.objects.filter(state=ProjectState.ACTIVE), "customer"
        ),
        stakeholder_count=_count_per_customer(Stakeholder.objects.all(), "customer"),
    ).order_by("name")
    return render(
        request,
        "customers/list.html",
        {
            "page": paginate(request, customers),
            "q": q,
            "query": query_without_page(request),
            "can_manage": has_capability(request.user, Capability.MANAGE_CUSTOMERS),
        },
    )


@login_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_visible(visible_customers(request.user), pk, "customer")
    projects = (
        visible_projects(request.user).filter(customer=customer).select_related("project_manager")
    )
    stakeholders = customer.stakeholders.filter(is_active=True)
    return render(
        request,
        "customers/detail.html",
        {
            "customer": customer,
            "projects": projects,
            "stakeholders": stakeholders,
            "history": history_for(customer)[:10]
            if has_capability(request.user, Capability.VIEW_AUDIT_LOG)
            else None,
            "can_manage": has_capability(request.user, Capability.MANAGE_CUSTOMERS),
        },
    )


def _save_form(request: HttpRequest, form: CustomerForm, customer: Customer | None):
    if not form.is_valid():
        return None
    try:
        if customer is None:
            return services.create_customer(by=request.user, **form.cleaned_data)
        services.update_customer(customer, by=request.user, **form.cleaned_data)
        return customer
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_capability(Capability.MANAGE_CUSTOMERS)
def customer_create(request: HttpRequest) -> HttpResponse:
    form = CustomerForm(request.POST or None)
    if request.method == "POST":
        customer = _save_form(request, form, None)
        if customer:
            messages.success(request, f"Customer “{customer}” added.")
            return redirect(customer)
    return render(request, "customers/form.html", {"form": form, "customer": None})


@require_capability(Capability.MANAGE_CUSTOMERS)
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_object_or_404(Customer, pk=pk)
    form = CustomerForm(request.POST or None, instance=Customer.objects.get(pk=pk))
    if request.method == "POST" and _save_form(request, form, customer):
        messages.success(request, "Changes saved.")
        return redirect(customer)
    return render(request, "customers/form.html", {"form": form, "customer": customer})
