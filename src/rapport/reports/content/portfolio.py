"""The portfolio health review for the PMO's steering meeting.

The same reads as the health review page (``insights.views.health_dashboard``): heatmap, funnel,
needs attention, customer roll-up, comment themes, all from stored snapshots that the disclosure
layer already filtered. Projects are listed by customer and name; no project manager appears
anywhere in this report (no name, no grouping), so it cannot become a league table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from rapport.accounts.permissions import (
    Capability,
    can_read_issue_text,
    has_capability,
    visible_alert_projects,
    visible_projects,
)
from rapport.feedback.models import OPEN_ACTION_STATES, Action
from rapport.insights import dashboard
from rapport.insights.comment_insight import comment_insight
from rapport.insights.models import Alert, AlertState, HealthSnapshot, Severity
from rapport.insights.readout import latest_only
from rapport.portfolio.models import Project
from rapport.reports.content.common import Doc, reader_name

HEATMAP_ROWS = 30  # rows of the heatmap per A4 page, with its caption
# On paper nothing hovers: the key under the chart says what the colours mean.
PRINT_HEATMAP_TITLE = gettext_lazy("Each project's health, month by month (key below)")


@dataclass
class OverdueGroup:
    project: str
    customer: str
    count: int = 0
    oldest_due: Any = None
    titles: list[str] = field(default_factory=list)
    hidden: int = 0  # actions whose words are kept in confidence for this reader


def headline(
    projects: QuerySet[Project], last: str, may_see_alerts: bool, detail_projects: Any
) -> dict[str, Any]:
    """Counts with their N: projects read, their health, the answers behind the figures."""
    latest = latest_only(HealthSnapshot.objects.filter(project__in=projects), until=last)
    mix = latest.aggregate(
        projects=Count("id"),
        green=Count("id", filter=Q(status="G")),
        amber=Count("id", filter=Q(status="A")),
        red=Count("id", filter=Q(status="R")),
        scored=Count("id", filter=Q(theta__isnull=False)),
        answers=Sum("n"),
    )
    mix["answers"] = mix["answers"] or 0
    if may_see_alerts:
        active = Alert.objects.filter(project__in=detail_projects, period__lte=last).exclude(
            state=AlertState.RESOLVED
        )
        mix["alerts"] = active.count()
        mix["critical"] = active.filter(severity=Severity.CRITICAL).count()
    return mix


def overdue_actions(reader: Any, projects: QuerySet[Project], today: dt.date) -> list[OverdueGroup]:
    """Open actions past their due date, per project (by customer and name), in one query.

    The words of an action follow its level (``Action.level``, ``can_read_issue_text``); the
    owner is left out on purpose: this is about relationships, not people.
    """
    rows = (
        Action.objects.filter(project__in=projects, status__in=OPEN_ACTION_STATES, due__lt=today)
        .select_related("project", "project__customer", "cycle", "issue__cycle", "issue__response")
        .order_by("project__customer__name", "project__name", "project_id", "due", "pk")
    )
    groups: dict[int, OverdueGroup] = {}
    for action in rows:
        project = action.project
        group = groups.setdefault(
            project.pk, OverdueGroup(project=project.name, customer=project.customer.name)
        )
        group.count += 1
        group.oldest_due = group.oldest_due or action.due
        if can_read_issue_text(reader, project, action.level):
            group.titles.append(
                _("%(title)s (due %(date)s)")
                % {"title": action.title, "date": f"{action.due:%Y-%m-%d}"}
            )
        else:
            group.hidden += 1
    return list(groups.values())


def heatmap_pages(rows: list, periods: list[str]) -> list[str]:
    """The heatmap cut into pages of ``HEATMAP_ROWS`` projects, titled for print."""
    return [
        dashboard.heatmap(
            rows[i : i + HEATMAP_ROWS], periods, title=str(PRINT_HEATMAP_TITLE), linked=False
        )
        for i in range(0, len(rows), HEATMAP_ROWS)
    ]


def portfolio_content(reader: Any, period: str | None = None) -> dict[str, Any]:
    """The context of ``reports/pdf/portfolio.html`` for ``reader``."""
    if not has_capability(reader, Capability.VIEW_PORTFOLIO):
        raise PermissionDenied(_("Only PMO roles and sponsors read the portfolio health review."))
    projects = visible_projects(reader)
    last = period or dashboard.latest_period(projects)
    today = timezone.localdate()
    may_see_alerts = has_capability(reader, Capability.MANAGE_ALERTS)
    detail_projects = visible_alert_projects(reader, projects)
    doc = Doc(
        title=_("Portfolio health review") + (f" · {last}" if last else ""),
        language=translation.get_language() or "en",
        period=last or "",
        period_label=last or _("no health computed yet"),
        generated=today,
        footer=_(
            "Confidential · PMO steering meeting · prepared for %(reader)s. "
            "Scores are read in context and never rank project managers."
        )
        % {"reader": reader_name(reader)},
        reader=reader_name(reader),
        kind="portfolio",
        page_words=(pgettext("PDF page footer", "Page"), pgettext("PDF page footer", "of")),
    )
    if not last:
        return {"doc": doc, "last": None}
    periods = dashboard.months_until(last)
    rows = list(
        projects.filter(health_snapshots__period__lte=last)
        .distinct()
        .select_related("customer")
        .order_by("customer__name", "name", "pk")
    )
    funnel, plotted = dashboard.funnel(projects, until=last)
    overdue = overdue_actions(reader, projects, today)
    return {
        "doc": doc,
        "last": last,
        "periods": periods,
        "headline": headline(projects, last, may_see_alerts, detail_projects),
        "heatmaps": heatmap_pages(rows, periods),
        "funnel": funnel,
        "plotted": plotted,
        "target": dashboard.TARGET,
        "may_see_alerts": may_see_alerts,
        "attention": dashboard.needs_attention(detail_projects, limit=40, until=last)
        if may_see_alerts
        else [],
        "rollup": dashboard.customer_rollup(projects, periods, until=last),
        "insight": comment_insight(reader),
        "overdue": overdue,
        "overdue_total": sum(g.count for g in overdue),
        "today": today,
    }
