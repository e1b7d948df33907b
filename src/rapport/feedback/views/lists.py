"""Lists of reviews: the PMO's reviews in flight, a manager's own, a project's timeline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import (
    can_oversee_reviews,
    can_run_reviews,
    can_view_feedback_detail,
    can_view_small_group_scores,
    visible_projects,
)
from rapport.console.pagination import paginate, query_without_page
from rapport.console.shortcuts import get_visible
from rapport.disclosure.blocks import Level, is_protected
from rapport.disclosure.release import load_partition, prefetch_block_rows
from rapport.feedback import services
from rapport.feedback.figures import response_rate, review_figures
from rapport.feedback.forms import (
    PlanCycleForm,
)
from rapport.feedback.models import (
    ReviewCycle,
)
from rapport.feedback.views.common import IN_FLIGHT, _with_rates

if TYPE_CHECKING:
    from rapport.feedback.models import Response
    from rapport.portfolio.models import Project


def filtered_cycles(user: Any, params: Mapping[str, str]) -> QuerySet[ReviewCycle]:
    """Reviews of the projects ``user`` sees with their invited and answered counts, by project
    name and period (never by manager). ``params``: ``in_flight`` (the PMO's page), ``project``
    (a project's timeline), ``period``, ``state``. The pages and the exports read it."""
    cycles = ReviewCycle.objects.filter(project__in=visible_projects(user))
    if params.get("in_flight"):
        cycles = cycles.filter(state__in=IN_FLIGHT)
    project = params.get("project", "")
    if project.isdigit():
        cycles = cycles.filter(project_id=int(project))
    if params.get("period"):
        cycles = cycles.filter(period=params["period"])
    if params.get("state"):
        cycles = cycles.filter(state=params["state"])
    return _with_rates(cycles.select_related("project__customer")).order_by(
        "project__name", "-period", "pk"
    )


@login_required
def pmo_cycles(request: HttpRequest) -> HttpResponse:
    """All cycles in flight with response rates, by project name and period (never by manager)."""
    if not can_oversee_reviews(request.user):
        raise PermissionDenied(gettext("This page is for the PMO."))
    cycles = filtered_cycles(request.user, {"in_flight": "1"})
    page = paginate(request, cycles)
    for c in page:
        c.rate = response_rate(c.invited, c.answered)
    return render(
        request, "feedback/pmo.html", {"page": page, "query": query_without_page(request)}
    )


@login_required
def my_reviews(request: AuthenticatedRequest) -> HttpResponse:
    """A project manager's own reviews this month, and projects still without one."""
    period = services.current_period()
    projects = visible_projects(request.user).filter(project_manager=request.user, state="active")
    # Annotated rows (invited, answered), then a list of them with their rate.
    cycles: Any = _with_rates(
        ReviewCycle.objects.filter(project__in=projects, period=period).select_related("project")
    ).order_by("project__name")
    cycles = list(cycles)
    for c in cycles:
        c.rate = response_rate(c.invited, c.answered)
    without = projects.exclude(review_cycles__period=period).order_by("name")
    return render(
        request,
        "feedback/mine.html",
        {"cycles": cycles, "without": list(without), "period": period},
    )


@login_required
def project_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's reviews month by month: mode, response rate, scores, issues, actions."""
    project = get_visible(visible_projects(request.user).select_related("customer"), pk, "project")
    return timeline_page(request, project)


def timeline_page(
    request: HttpRequest,
    project: Project,
    *,
    plan_form: PlanCycleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The timeline for this reader; a refused plan comes back bound, as it was sent (400)."""
    cycles = (
        _with_rates(project.review_cycles.all())
        .annotate(
            issue_count=Count("issues", distinct=True),
            action_count=Count("actions", distinct=True),
            open_actions=Count(
                "actions", filter=Q(actions__status__in=["open", "in_progress"]), distinct=True
            ),
        )
        .order_by("-period")
    )
    page = paginate(request, cycles, per_page=24)
    ids = [c.pk for c in page]
    by_cycle: dict[int, list] = {}
    for row in services_responses(ids):
        by_cycle.setdefault(row["cycle_id"], []).append(row)
    # Every figure comes from the disclosure layer: one partition for the page, and the rows
    # of the pooled blocks it shows read in one query.
    partition = load_partition([project.customer_id])
    pooled = {
        block.key: block
        for rows in by_cycle.values()
        for row in rows
        if is_protected(row["confidentiality"])
        and (block := partition.released_block_of(row["id"])) is not None
        and block.level != Level.ROUND
    }
    block_rows = prefetch_block_rows(pooled.values())
    detail = can_view_feedback_detail(request.user, project)
    small_groups = can_view_small_group_scores(request.user, project)
    for c in page:
        c.project = project
        c.rate = response_rate(c.invited, c.answered)
        c.figures = review_figures(
            c,
            by_cycle.get(c.pk, []),
            {"overall": gettext("Overall")},
            partition=partition,
            detail=detail,
            small_groups=small_groups,
            latest=False,
            block_rows=block_rows,
        )
    can_run = can_run_reviews(request.user, project)
    if can_run and plan_form is None:
        plan_form = PlanCycleForm(initial={"period": services.current_period()})
    return render(
        request,
        "feedback/timeline.html",
        {
            "project": project,
            "page": page,
            "query": query_without_page(request),
            "can_run": can_run,
            "plan_form": plan_form if can_run else None,
        },
        status=status,
    )


def services_responses(cycle_ids: list[int]) -> QuerySet[Response, Any]:
    from rapport.feedback.models import Response

    return Response.objects.filter(cycle_id__in=cycle_ids).values(
        "id", "cycle_id", "scores", "comment", "confidentiality", "source"
    )
