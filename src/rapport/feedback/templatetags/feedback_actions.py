"""``{% actions_still_to_do project %}``: a project's corrective actions still to do, for those
who run its reviews, as a line of the project page's facts linking to the actions list. A tag
of the feedback app, so the project page (portfolio, below feedback) shows it without importing
it."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from rapport.accounts.permissions import can_run_reviews
from rapport.feedback.models import OPEN_ACTION_STATES

register = template.Library()


@register.inclusion_tag("feedback/_actions_still_to_do.html", takes_context=True)
def actions_still_to_do(context: template.Context, project: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_run_reviews(user, project):
        return {"shown": False}
    figures = project.feedback_actions.filter(status__in=OPEN_ACTION_STATES).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=timezone.localdate()))
    )
    return {"shown": True, "project": project, **figures}
