"""Project pages in the console. Lists are filtered by the permission layer, never by hand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rapport.accounts.permissions import (
    Capability,
    can_edit_project,
    can_view_feedback_detail,
    has_capability,
    require_capability,
    visible_projects,
)
from rapport.audit.services import history_for
from rapport.console.forms import save_through
from rapport.console.pagination import paginate, query_without_page
from rapport.console.shortcuts import get_visible
from rapport.portfolio import services
from rapport.portfolio.forms import ProjectFilterForm, ProjectForm
from rapport.portfolio.models import Project


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    projects = visible_projects(request.user).select_related("customer")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            projects = projects.filter(name__icontains=data["q"])
        if data["customer"]:
            projects = projects.filter(customer_id=data["customer"])
        if data["delivery_status"]:
            projects = projects.filter(delivery_status=data["delivery_status"])
        if data["state"]:
            projects = projects.filter(state=data["state"])
    # Alphabetical only: a list of projects is never ordered by anything that ranks people.
    projects = projects.order_by("name", "pk")
    return render(
        request,
        "portfolio/list.html",
        {
            "page": paginate(request, projects),
            "form": form,
            "query": query_without_page(request),
            "can_manage": has_capability(request.user, Capability.MANAGE_CUSTOMERS),
        },
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible(
        visible_projects(request.user).select_related("customer", "project_manager", "sponsor"),
        pk,
        "project",
    )
    detail = can_view_feedback_detail(request.user, project)
    return render(
        request,
        "portfolio/detail.html",
        {
            "project": project,
            "memberships": project.memberships.select_related("stakeholder") if detail else None,
            "history": history_for(project)[:10] if detail else None,
            "can_edit": has_capability(request.user, Capability.MANAGE_CUSTOMERS),
        },
    )


def _save(request: HttpRequest, form: ProjectForm, project: Project | None):
    return save_through(
        form,
        by=request.user,
        create=services.create_project,
        update=services.update_project,
        instance=project,
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def project_create(request: HttpRequest) -> HttpResponse:
    initial = {"customer": request.GET.get("customer")} if request.GET.get("customer") else None
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST":
        project = _save(request, form, None)
        if project:
            messages.success(request, f"Project “{project}” added.")
            return redirect(project)
    return render(request, "portfolio/form.html", {"form": form, "project": None})


@require_capability(Capability.MANAGE_CUSTOMERS)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible(visible_projects(request.user), pk, "project")
    if not can_edit_project(request.user, project):
        raise PermissionDenied("You may not edit this project.")
    form = ProjectForm(request.POST or None, instance=Project.objects.get(pk=pk))
    if request.method == "POST" and _save(request, form, project):
        messages.success(request, "Changes saved.")
        return redirect(project)
    return render(request, "portfolio/form.html", {"form": form, "project": project})
