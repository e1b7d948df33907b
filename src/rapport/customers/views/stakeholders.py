"""Console create/edit of stakeholders, and linking them to their customer's projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rapport.accounts.permissions import Capability, has_capability, require_capability
from rapport.customers import services
from rapport.customers.forms import ProjectLinkForm, StakeholderForm
from rapport.customers.models import Stakeholder
from rapport.customers.views.common import customer_for, save
from rapport.portfolio import services as portfolio_services
from rapport.portfolio.models import Project


@require_capability(Capability.MANAGE_CUSTOMERS)
def stakeholder_create(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST":
        person = save(
            form, lambda data: services.create_stakeholder(customer, by=request.user, **data)
        )
        if person:
            messages.success(request, gettext("%(person)s added.") % {"person": person})
            return redirect("customers:stakeholder_edit", customer.pk, person.pk)
    return render(
        request,
        "customers/stakeholder_form.html",
        {"form": form, "customer": customer, "stakeholder": None},
    )


def _stakeholder(request: HttpRequest, pk: int, sid: int) -> Stakeholder:
    customer = customer_for(request, pk)
    return get_object_or_404(
        Stakeholder.objects.select_related("customer"), pk=sid, customer=customer
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def stakeholder_edit(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    person = _stakeholder(request, pk, sid)
    customer = person.customer
    form = StakeholderForm(request.POST or None, instance=Stakeholder.objects.get(pk=sid))
    if request.method == "POST" and save(
        form, lambda data: services.update_stakeholder(person, by=request.user, **data)
    ):
        messages.success(request, gettext("Changes saved."))
        return redirect(customer)
    links = person.memberships.select_related("project").order_by("project__name")
    linked = [m.project_id for m in links]
    return render(
        request,
        "customers/stakeholder_form.html",
        {
            "form": form,
            "customer": customer,
            "stakeholder": person,
            "links": links,
            "can_erase": has_capability(request.user, Capability.ERASE_PERSONAL_DATA),
            "link_form": ProjectLinkForm(
                projects=customer.projects.exclude(pk__in=linked).order_by("name")
            ),
        },
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def stakeholder_link(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    person = _stakeholder(request, pk, sid)
    form = ProjectLinkForm(request.POST, projects=person.customer.projects.all())
    if form.is_valid():
        try:
            portfolio_services.add_project_stakeholder(
                form.cleaned_data["project"],
                person,
                by=request.user,
                role_on_project=form.cleaned_data["role_on_project"],
            )
            messages.success(
                request,
                gettext("%(person)s now gives feedback on %(project)s.")
                % {"person": person, "project": form.cleaned_data["project"]},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, gettext("Choose one of this customer's projects."))
    return redirect("customers:stakeholder_edit", pk, sid)


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def stakeholder_unlink(request: HttpRequest, pk: int, sid: int, project_id: int) -> HttpResponse:
    person = _stakeholder(request, pk, sid)
    project = get_object_or_404(Project, pk=project_id, customer=person.customer)
    portfolio_services.remove_project_stakeholder(project, person, by=request.user)
    messages.success(
        request,
        gettext("%(person)s no longer gives feedback on %(project)s.")
        % {"person": person, "project": project},
    )
    return redirect("customers:stakeholder_edit", pk, sid)
