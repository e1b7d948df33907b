"""The corrective actions across one's projects: what is still to do, the overdue first.

The loop's last step lives in each review; this list gathers the actions of every project the
reader runs reviews on, so a project manager sees everything they promised and a PMO analyst
everything the PMO promised, in order of when it is due. Ordered by due date and project, never
by owner: it is a to-do list, not a league table (docs/privacy.md, "never rank").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import (
    Capability,
    can_oversee_reviews,
    has_capability,
    issue_text_check,
    visible_projects,
)
from rapport.console.filters import known_filters, say_left_out
from rapport.console.pagination import paginate, query_without_page
from rapport.feedback.forms import ACTION_SHOW, ActionFilterForm, ActionStatusForm
from rapport.feedback.models import ACTION_LEVEL, OPEN_ACTION_STATES, Action, ActionStatus


def filtered_actions(user: Any, params: Mapping[str, Any]) -> QuerySet[Action]:
    """The actions of the projects ``user`` sees, as the page shows them: ``show`` (open by
    default), ``mine``; still-open ones by due date, finished ones latest first."""
    show = params.get("show") or "open"
    actions = (
        Action.objects.filter(project__in=visible_projects(user))
        .select_related("project", "project__customer", "cycle", "owner", "issue")
        .annotate(words_level=ACTION_LEVEL)
    )
    if params.get("mine"):
        actions = actions.filter(owner=user)
    if params.get("project"):
        actions = actions.filter(project_id=params["project"])
    if show == "open":
        actions = actions.filter(status__in=OPEN_ACTION_STATES)
    elif show == "overdue":
        actions = actions.filter(status__in=OPEN_ACTION_STATES, due__lt=timezone.localdate())
    elif show in (ActionStatus.DONE, ActionStatus.DROPPED):
        actions = actions.filter(status=show)
    if show in ("open", "overdue"):
        return actions.order_by("due", "project__name", "pk")
    return actions.order_by("-due", "project__name", "-pk")


@login_required
def action_list(request: AuthenticatedRequest) -> HttpResponse:
    if not has_capability(request.user, Capability.RUN_REVIEWS):
        raise PermissionDenied(gettext("The actions list is for those who run reviews."))
    form = ActionFilterForm(request.GET or None)
    params = known_filters(form)
    say_left_out(request, form)
    show = params.get("show") or "open"
    page = paginate(request, filtered_actions(request.user, params))
    project = (
        visible_projects(request.user).filter(pk=params["project"]).first()
        if params.get("project")
        else None
    )
    today = timezone.localdate()
    # Words said in confidence follow ``can_read_issue_text``, as on the review page and in
    # the exports (every reader here runs reviews, so this hides nothing from them today).
    readable = issue_text_check(request.user, (a.project_id for a in page))
    rows = [
        {
            "action": a,
            "words": readable(a.project_id, a.words_level),
            "late_days": a.days_late(today),
        }
        for a in page
    ]
    return render(
        request,
        "feedback/actions.html",
        {
            "form": form,
            "oversees": can_oversee_reviews(request.user),
            "project": project,
            "show": show,
            "show_label": ACTION_SHOW[show],
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "export_status": show if show in (ActionStatus.DONE, ActionStatus.DROPPED) else "",
            "status_choices": ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        },
    )
