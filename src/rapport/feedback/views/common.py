"""Helpers shared by the review pages: the cycle a user may see or run, response rates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from rapport.accounts.models import User
from rapport.accounts.permissions import (
    can_run_reviews,
    visible_projects,
)
from rapport.console.shortcuts import get_visible
from rapport.feedback.models import (
    OPEN_STATES,
    CycleState,
    ReviewCycle,
)

IN_FLIGHT = [*OPEN_STATES, CycleState.EXPIRED]


def action_owners() -> QuerySet[User]:
    """Who an action can be given to: every active console user, by name."""
    return User.objects.filter(is_active=True).order_by("full_name", "email")


def _with_rates(cycles: QuerySet[ReviewCycle]) -> QuerySet[ReviewCycle]:
    return cycles.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__used=True), distinct=True),
        response_count=Count("responses", distinct=True),
    )


def _visible_cycle(request: HttpRequest, pk: int) -> ReviewCycle:
    cycle = get_object_or_404(
        ReviewCycle.objects.select_related(
            "project__customer", "project__project_manager", "question_set"
        ),
        pk=pk,
    )
    get_visible(visible_projects(request.user), cycle.project_id, "project")
    return cycle


def _editable_cycle(request: HttpRequest, pk: int) -> ReviewCycle:
    cycle = _visible_cycle(request, pk)
    if not can_run_reviews(request.user, cycle.project):
        raise PermissionDenied(gettext("You may not run reviews on this project."))
    return cycle
