"""Project pages in the console. Lists are filtered by the permission layer, never by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import (
    Capability,
    can_edit_project,
    can_link_feedback_givers,
    can_manage_customers,
    can_view_feedback_detail,
    has_capability,
    require_capability,
    visible_projects,
)
from rapport.audit.services import history_for
from rapport.console.filters import known_filters, say_left_out
from rapport.console.forms import save_through
from rapport.console.pagination import paginate, query_without_page
from rapport.console.shortcuts import get_visible
from rapport.customers.models import Stakeholder
from rapport.portfolio import services
from rapport.portfolio.forms import FeedbackGiverForm, ProjectFilterForm, ProjectForm
from rapport.portfolio.history import in_force_since, month_strip
from rapport.portfolio.models import DeliveryStatus, Project
from rapport.portfolio.services import period_of


def filtered_projects(user: Any, form: ProjectFilterForm) -> QuerySet[Project]:
    """The project list as ``user`` sees it, filtered by the page's form; the page and its
    exports both read it."""
    projects = visible_projects(user).select_related("customer")
    data = known_filters(form)
    if data:
        if data["q"]:
            projects = projects.filter(name__icontains=data["q"])
        if data["customer"]:
            projects = projects.filter(customer_id=data["customer"])
        if data["delivery_status"]:
            projects = projects.filter(delivery_status=data["delivery_status"])
        if data["state"]:
            projects = projects.filter(state=data["state"])
    # Alphabetical only: a list of projects is never ordered by anything that ranks people.
    return projects.order_by("name", "pk")


@login_required
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    projects = filtered_projects(request.user, form)
    say_left_out(request, form)
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
def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = get_visible(
        visible_projects(request.user).select_related("customer", "project_manager", "sponsor"),
        pk,
        "project",
    )
    detail = can_view_feedback_detail(request.user, project)
    can_link = can_link_feedback_givers(request.user, project)
    records = list(project.status_months.select_related("recorded_by").order_by("period"))
    history = [(r.period, r.status) for r in records]
    strip = month_strip(history, period_of(timezone.localdate()))
    return render(
        request,
        "portfolio/detail.html",
        {
            "project": project,
            # Each month's status with its letter (never colour alone).
            "status_strip": [
                {
                    "period": m.period,
                    "status": m.status,
                    "label": DeliveryStatus(m.status).label,
                    "changed": m.changed,
                }
                for m in strip
            ],
            "status_since": in_force_since(history),
            "status_record": records[-1] if records else None,
            "memberships": project.memberships.select_related("stakeholder") if detail else None,
            "history": history_for(project)[:10] if detail else None,
            "can_edit": has_capability(request.user, Capability.MANAGE_CUSTOMERS),
            "can_link": can_link,
            "link_form": FeedbackGiverForm(project=project) if can_link else None,
            "can_add_stakeholders": can_manage_customers(request.user),
        },
    )


def _linkable_project(request: AuthenticatedRequest, pk: int) -> Project:
    project = get_visible(visible_projects(request.user).select_related("customer"), pk, "project")
    if not can_link_feedback_givers(request.user, project):
        raise PermissionDenied(
            gettext("Only the PMO and this project's manager choose who gives feedback.")
        )
    return project


@login_required
@require_POST
def feedback_giver_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Link one of the customer's stakeholders to the project: they are asked each month."""
    project = _linkable_project(request, pk)
    form = FeedbackGiverForm(request.POST, project=project)
    if form.is_valid():
        person = form.cleaned_data["stakeholder"]
        try:
            services.add_project_stakeholder(
                project,
                person,
                by=request.user,
                role_on_project=form.cleaned_data["role_on_project"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                gettext("%(person)s now gives feedback on %(project)s.")
                % {"person": person, "project": project},
            )
    else:
        messages.error(
            request,
            gettext("Choose one of %(customer)s’s stakeholders not linked yet.")
            % {"customer": project.customer},
        )
    return redirect(f"{project.get_absolute_url()}#feedback-givers")


@login_required
@require_POST
def feedback_giver_remove(request: AuthenticatedRequest, pk: int, sid: int) -> HttpResponse:
    project = _linkable_project(request, pk)
    person = get_object_or_404(Stakeholder, pk=sid, customer_id=project.customer_id)
    if services.remove_project_stakeholder(project, person, by=request.user):
        messages.success(
            request,
            gettext("%(person)s no longer gives feedback on %(project)s.")
            % {"person": person, "project": project},
        )
    return redirect(f"{project.get_absolute_url()}#feedback-givers")


def _save(
    request: AuthenticatedRequest, form: ProjectForm, project: Project | None
) -> Project | None:
    return save_through(
        form,
        by=request.user,
        create=services.create_project,
        update=services.update_project,
        instance=project,
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def project_create(request: AuthenticatedRequest) -> HttpResponse:
    initial = {"customer": request.GET.get("customer")} if request.GET.get("customer") else None
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST":
        project = _save(request, form, None)
        if project:
            messages.success(request, gettext("Project “%(name)s” added.") % {"name": project})
            return redirect(project)
    return render(request, "portfolio/form.html", {"form": form, "project": None})


@require_capability(Capability.MANAGE_CUSTOMERS)
def project_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = get_visible(visible_projects(request.user), pk, "project")
    if not can_edit_project(request.user, project):
        raise PermissionDenied(gettext("You may not edit this project."))
    form = ProjectForm(request.POST or None, instance=Project.objects.get(pk=pk))
    if request.method == "POST" and _save(request, form, project):
        messages.success(request, gettext("Changes saved."))
        return redirect(project)
    return render(request, "portfolio/form.html", {"form": form, "project": project})
