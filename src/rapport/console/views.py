"""Per-role home pages. Thin: gather figures through the permission layer, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.models import Role, User
from rapport.accounts.permissions import (
    can_manage_people,
    can_view_mail_log,
    visible_customers,
    visible_projects,
)
from rapport.console.navigation import ROLE_HOME_TITLES
from rapport.customers.models import Customer, Stakeholder
from rapport.feedback.models import OutboxMessage, OutboxState
from rapport.portfolio.models import (
    DELIVERY_SEVERITY,
    DeliveryStatus,
    Project,
    ProjectStakeholder,
    ProjectState,
)


def _delivery_mix(projects: QuerySet[Project]) -> list[dict]:
    counts = dict(
        projects.values_list("delivery_status")
        .annotate(n=Count("id"))
        .values_list("delivery_status", "n")
    )
    total = sum(counts.values()) or 1
    out, start = [], 0.0
    for s in sorted(DeliveryStatus, key=lambda s: DELIVERY_SEVERITY[s.value]):
        width = 100 * counts.get(s.value, 0) / total
        # ``x`` and ``width`` draw the bar as SVG rectangles: no inline style (the CSP).
        out.append(
            {
                "code": s.value,
                "label": s.label,
                "n": counts.get(s.value, 0),
                "share": round(width),
                "x": f"{start:.2f}",
                "width": f"{width:.2f}",
            }
        )
        start += width
    return out


def _pmo_loop_figures(projects: QuerySet[Project]) -> dict:
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


def _health_figures(projects: QuerySet[Project], customers: list[Customer]) -> dict[str, object]:
    """The latest health of the active projects (green, amber, red), in all and per customer,
    as the health review counts it (stored snapshots: figures already released for their
    reader, only the verdicts here)."""
    from rapport.insights.models import HealthSnapshot

    rows = (
        HealthSnapshot.objects.filter(project__in=projects, latest=True)
        .values("project__customer_id")
        .annotate(
            green=Count("pk", filter=Q(status="G")),
            amber=Count("pk", filter=Q(status="A")),
            red=Count("pk", filter=Q(status="R")),
        )
        .order_by()
    )
    by_customer = {r["project__customer_id"]: r for r in rows}
    for customer in customers:
        customer.health = by_customer.get(customer.pk)  # type: ignore[attr-defined]  # for the template
    totals = {k: sum(r[k] for r in by_customer.values()) for k in ("green", "amber", "red")}
    return {"health": totals, "health_known": any(totals.values())}


def _action_figures(projects: QuerySet[Project]) -> dict[str, int]:
    """Corrective actions agreed with customers that are still to do, and how many are late:
    on every project the reader sees, paused and closed ones too, as the actions list shows
    them."""
    from rapport.feedback.models import OPEN_ACTION_STATES, Action

    still = Action.objects.filter(project__in=projects, status__in=OPEN_ACTION_STATES)
    return still.aggregate(
        open_actions=Count("pk"),
        overdue_actions=Count("pk", filter=Q(due__lt=timezone.localdate())),
    )


def first_run_checklist(user: User) -> list[dict] | None:
    """A new PMO's first steps, each ticked off from the data itself, with a link to where it
    is done; None once every step is done (the home page then shows no checklist)."""
    from rapport.feedback.models import CycleState, ReviewCycle

    customer = Customer.objects.order_by("name", "pk").first()
    project = Project.objects.order_by("name", "pk").first()
    has_stakeholders = Stakeholder.objects.exists()
    has_givers = ProjectStakeholder.objects.exists()
    opened = ReviewCycle.objects.exclude(
        state__in=[CycleState.PLANNED, CycleState.CANCELLED]
    ).exists()
    has_managers = User.objects.filter(role=Role.PROJECT_MANAGER, is_active=True).exists()
    if all((customer, has_stakeholders, project, has_givers, opened, has_managers)):
        return None

    planned = None if opened else ReviewCycle.objects.filter(state=CycleState.PLANNED).first()
    if planned is not None:
        review_url = reverse("feedback:open", args=[planned.pk])
    elif project is not None:
        review_url = reverse("feedback:timeline", args=[project.pk])
    else:
        review_url = None
    may_invite = can_manage_people(user)
    return [
        {
            "label": _("Add your first customer"),
            "hint": _("a business unit or client your PMO serves"),
            "done": customer is not None,
            "url": reverse("customers:create"),
        },
        {
            "label": _("Add the customer’s stakeholders"),
            "hint": _("the people who will give feedback"),
            "done": has_stakeholders,
            "url": reverse("customers:stakeholder_create", args=[customer.pk])
            if customer
            else None,
        },
        {
            "label": _("Add the first project"),
            "hint": _("with its project manager"),
            "done": project is not None,
            "url": f"{reverse('portfolio:create')}?customer={customer.pk}" if customer else None,
        },
        {
            "label": _("Link the feedback-givers to the project"),
            "hint": _("who is asked each month, on the project page"),
            "done": has_givers,
            "url": f"{project.get_absolute_url()}#feedback-givers" if project else None,
        },
        {
            "label": _("Plan and open the first monthly review"),
            "hint": _("check the emails, then open it"),
            "done": opened,
            "url": review_url,
        },
        {
            "label": _("Invite your project managers"),
            "hint": _("they get a link to choose their password")
            if may_invite
            else _("your PMO lead invites them under People"),
            "done": has_managers,
            "url": f"{reverse('people:list')}?role={Role.PROJECT_MANAGER}" if may_invite else None,
        },
    ]


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    projects = visible_projects(user).filter(state=ProjectState.ACTIVE)
    context: dict = {"title": ROLE_HOME_TITLES.get(user.role, _("Home")), "role": user.role}
    context["delivery_mix"] = _delivery_mix(projects)
    context["active_projects"] = projects.count()

    if user.role in (Role.PMO_LEAD, Role.PMO_ANALYST):
        context["checklist"] = first_run_checklist(user)
        context["customer_count"] = visible_customers(user).count()
        context["stakeholder_count"] = Stakeholder.objects.filter(is_active=True).count()
        context.update(_pmo_loop_figures(projects))
        context.update(_action_figures(visible_projects(user)))
        if can_view_mail_log(user):
            # Sends a worker left half-done: someone must check with the recipient.
            context["needs_check"] = OutboxMessage.objects.filter(
                state=OutboxState.NEEDS_CHECK
            ).count()
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
        context.update(_action_figures(visible_projects(user)))
        template = "console/home_pm.html"
    else:
        context["by_customer"] = list(
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
        context.update(_health_figures(projects, context["by_customer"]))
        template = "console/home_sponsor.html"
    return render(request, template, context)
