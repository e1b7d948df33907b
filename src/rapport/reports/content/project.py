"""The project one-pager: the project health page (``insights.views.project_health``) on paper.

Trend with its interval, the health components, signals in words (for readers of feedback
detail, as on the page), issues and actions, the next review. Figures are the stored snapshots;
the note on answers held back is the disclosure layer's ``project_counts``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rapport.accounts.permissions import (
    FigureScope,
    can_read_issue_text,
    can_view_feedback_detail,
    can_view_figure,
    can_view_project,
)
from rapport.disclosure.release import load_partition, project_counts
from rapport.feedback.models import (
    OPEN_ACTION_STATES,
    Action,
    CycleState,
    Issue,
    IssueStatus,
    ReviewCycle,
)
from rapport.insights import dashboard
from rapport.insights.analytics.types import next_period
from rapport.insights.models import AlertState
from rapport.portfolio.models import ProjectState
from rapport.reports.content.common import Doc, quarter_window, reader_name

TREND_MONTHS = 24


def issues_and_actions(reader: Any, project: Any, period: str) -> dict[str, Any]:
    """Open issues, and actions open or done in the last three months, words as allowed."""
    first, last = quarter_window(period)
    issues, hidden_issues = [], 0
    for issue in (
        Issue.objects.filter(project=project)
        .filter(Q(status=IssueStatus.OPEN) | Q(raised_on__range=(first, last)))
        .select_related("cycle", "response")
        .order_by("raised_on", "pk")
    ):
        if can_read_issue_text(reader, project, issue.level):
            issues.append(issue)
        else:
            hidden_issues += 1
    actions, hidden_actions = [], 0
    for action in (
        Action.objects.filter(project=project)
        .filter(Q(status__in=OPEN_ACTION_STATES) | Q(done_on__range=(first, last)))
        .select_related("cycle", "issue__cycle", "issue__response")
        .order_by("due", "pk")
    ):
        if can_read_issue_text(reader, project, action.level):
            actions.append(action)
        else:
            hidden_actions += 1
    today = timezone.localdate()
    return {
        "issues": issues,
        "hidden_issues": hidden_issues,
        "actions": actions,
        "hidden_actions": hidden_actions,
        "overdue": sum(1 for a in actions if a.is_open and a.due < today),
        "today": today,
    }


def next_review(project: Any, period: str) -> dict[str, Any] | None:
    cycle = (
        ReviewCycle.objects.filter(
            project=project,
            state__in=(CycleState.PLANNED, CycleState.INVITED),
            period__gte=period,
        )
        .order_by("period", "pk")
        .first()
    )
    if cycle is not None:
        return {
            "period": cycle.period,
            "mode": cycle.get_mode_display(),
            "deadline": cycle.deadline,
            "state": cycle.get_state_display(),
        }
    if project.state == ProjectState.ACTIVE:
        return {"period": next_period(period, 1), "mode": "", "deadline": None, "state": ""}
    return None


def project_content(reader: Any, project: Any, period: str | None = None) -> dict[str, Any]:
    """The context of ``reports/pdf/project.html`` for ``reader``."""
    if not (
        can_view_project(reader, project)
        and can_view_figure(reader, FigureScope.PROJECT, project=project)
    ):
        raise PermissionDenied(_("You may not read this project's health."))
    snapshots = list(
        project.health_snapshots.filter(**({"period__lte": period} if period else {})).order_by(
            "period"
        )
    )
    latest = snapshots[-1] if snapshots else None
    shown = period or (latest.period if latest else timezone.localdate().strftime("%Y-%m"))
    detail = can_view_feedback_detail(reader, project)
    partition = load_partition([project.customer_id])
    doc = Doc(
        title=_("%(project)s · one-pager · %(period)s")
        % {"project": project.name, "period": shown},
        language=translation.get_language() or "en",
        period=shown,
        period_label=shown,
        generated=timezone.localdate(),
        footer=_("Confidential · %(customer)s · prepared for %(reader)s.")
        % {"customer": project.customer.name, "reader": reader_name(reader)},
        reader=reader_name(reader),
        kind="project",
        page_words=(pgettext("PDF page footer", "Page"), pgettext("PDF page footer", "of")),
    )
    alerts = (
        list(
            project.alerts.exclude(state=AlertState.RESOLVED)
            .filter(period__lte=shown)
            .order_by("period")
        )
        if detail
        else []
    )
    return {
        "doc": doc,
        "project": project,
        "latest": latest,
        "trend": dashboard.project_trend(snapshots[-TREND_MONTHS:]) if snapshots else "",
        "recent": list(reversed(snapshots[-4:])),
        "detail": detail,
        "alerts": alerts,
        "protected": project_counts(project.pk, partition),
        "k": partition.k,
        "work": issues_and_actions(reader, project, shown),
        "next": next_review(project, shown),
    }
