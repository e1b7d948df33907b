"""Per-role home pages. Thin: gather figures through the permission layer, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.accounts.models import Role
from rapport.accounts.permissions import visible_customers, visible_projects
from rapport.console.navigation import ROLE_HOME_TITLES
from rapport.customers.models import Stakeholder
from rapport.portfolio.models import DELIVERY_SEVERITY, DeliveryStatus, ProjectState


def _delivery_mix(projects) -> list[dict]:
    counts = dict(
        projects.values_list("delivery_status")
        .annotate(n=Count("id"))
        .values_list("delivery_status", "n")
    )
    total = sum(counts.values()) or 1
    return [
        {
            "code": s.value,
            "label": s.label,
            "n": counts.get(s.value, 0),
            "share": round(100 * counts.get(s.value, 0) / total),
        }
        for s in sorted(DeliveryStatus, key=lambda s: DELIVERY_SEVERITY[s.value])
    ]


def _pmo_loop_figures(projects) -> dict:
    """This month's review loop at a glance: cycles and answers, open alerts, open concerns."""
    from rapport.customers.models import Concern, ConcernStatus
    from rapport.feedback.models import CycleState, ReviewCycle
    from rapport.feedback.services.cycles import current_period
    from rapport.insights.models import Alert, AlertState

    period = current_period()
    cycles = dict(
        ReviewCycle.objects.filter(period=period, project__in=projects)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    answered_states = {
        CycleState.RESPONDED,
        CycleState.DISCUSSED,
        CycleState.ACTIONS_AGREED,
        CycleState.CLOSED,
    }
    live = {k: v for k, v in cycles.items() if k != CycleState.CANCELLED}
    return {
        "period": period,
        "cycles_total": sum(live.values()),
        "cycles_answered": sum(v for k, v in live.items() if k in answered_states),
        "cycles_expired": live.get(CycleState.EXPIRED, 0),
        "open_alerts": Alert.objects.filter(state=AlertState.OPEN, project__in=projects).count(),
        "open_concerns": Concern.objects.filter(
            status__in=[ConcernStatus.OPEN, ConcernStatus.RESPONDED]
        ).count(),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    projects = visible_projects(user).filter(state=ProjectState.ACTIVE)
    context: dict = {"title": ROLE_HOME_TITLES.get(user.role, "Home"), "role": user.role}
    context["delivery_mix"] = _delivery_mix(projects)
    context["active_projects"] = projects.count()

    if user.role in (Role.PMO_LEAD, Role.PMO_ANALYST):
        context["customer_count"] = visible_customers(user).count()
        context["stakeholder_count"] = Stakeholder.objects.filter(is_active=True).count()
        context.update(_pmo_loop_figures(projects))
        context["attention"] = (
            projects.filter(delivery_status__in=["R", "AR"])
            .select_related("customer", "project_manager")
            .order_by("-delivery_status", "name")[:10]
        )
        template = "console/home_pmo.html"
    elif user.role == Role.PROJECT_MANAGER:
        context["my_projects"] = (
            visible_projects(user).select_related("customer").order_by("state", "name")
        )
        template = "console/home_pm.html"
    else:
        context["by_customer"] = (
            visible_customers(user)
            .annotate(
                active=Count("projects", filter=Q(projects__state=ProjectState.ACTIVE)),
                at_risk=Count(
                    "projects",
                    filter=Q(
                        projects__state=ProjectState.ACTIVE,
                        projects__delivery_status__in=["R", "AR"],
                    ),
                ),
            )
            .filter(active__gt=0)
            .order_by("name")
        )
        template = "console/home_sponsor.html"
    return render(request, template, context)
