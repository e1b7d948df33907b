"""The health review as rows: one shape for the commands, the JSON API and the pages.

Read from stored snapshots and alerts only (set-wise, a fixed number of queries). Sorted by
project name and period: never by manager, and no manager column anywhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from rapport.insights.models import Alert, AlertState, HealthSnapshot

HEALTH_COLUMNS = (
    "project",
    "period",
    "n",
    "mean",
    "adjusted",
    "theta",
    "low",
    "high",
    "status",
    "signals",
)
ALERT_COLUMNS = ("project", "period", "rule", "severity", "message")


def latest_only(
    snapshots: QuerySet[HealthSnapshot], *, until: str | None = None
) -> QuerySet[HealthSnapshot]:
    """Each project's latest snapshot (the ``latest`` flag's index: one row per project, however
    long the history); with ``until`` (YYYY-MM), the latest up to that month (a report on a past
    month; one correlated subquery, not a query per project)."""
    if not until:
        return snapshots.filter(latest=True)
    candidates = HealthSnapshot.objects.filter(project=OuterRef("project"), period__lte=until)
    latest = candidates.order_by("-period").values("period")[:1]
    return snapshots.filter(period=Subquery(latest))


def health_snapshots(
    projects: QuerySet | None = None, *, all_periods: bool = False
) -> QuerySet[HealthSnapshot]:
    qs = HealthSnapshot.objects.select_related("project")
    if projects is not None:
        qs = qs.filter(project__in=projects)
    if not all_periods:
        qs = latest_only(qs)
    return qs.order_by("project__name", "project_id", "period")


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


# The snapshot columns a health row shows, in ``health_values`` order.
HEALTH_VALUES = (
    "project__name",
    "project_id",
    "period",
    "n",
    "mean",
    "adjusted",
    "theta",
    "low",
    "high",
    "status",
    "signals",
)


def health_values(
    projects: QuerySet | None = None, *, all_periods: bool = False
) -> QuerySet[HealthSnapshot]:
    """``health_snapshots`` as tuples of ``HEALTH_VALUES``: no model instances to build, for
    the API's pages (``health_value_row``)."""
    qs = health_snapshots(projects, all_periods=all_periods).select_related(None)
    return qs.values_list(*HEALTH_VALUES)


def health_value_row(values: tuple, *, with_signals: bool = True) -> dict[str, Any]:
    """A tuple of ``health_values`` as ``health_row`` gives it."""
    name, project_id, period, n, mean, adjusted, theta, low, high, status, signals = values
    return {
        "project": name,
        "project_id": project_id,
        "period": period,
        "n": n,
        "mean": _round(mean),
        "adjusted": _round(adjusted),
        "theta": _round(theta),
        "low": _round(low),
        "high": _round(high),
        "status": status,
        "signals": [s["message"] if with_signals else s["rule"] for s in signals],
    }


def health_row(snapshot: HealthSnapshot, *, with_signals: bool = True) -> dict[str, Any]:
    """``with_signals`` False (sponsors): the rule ids only, not the messages citing answers."""
    values = tuple(
        snapshot.project.name if f == "project__name" else getattr(snapshot, f)
        for f in HEALTH_VALUES
    )
    return health_value_row(values, with_signals=with_signals)


def alerts(projects: QuerySet | None = None, *, active_only: bool = False) -> QuerySet[Alert]:
    qs = Alert.objects.select_related("project")
    if projects is not None:
        qs = qs.filter(project__in=projects)
    if active_only:
        qs = qs.exclude(state=AlertState.RESOLVED)
    return qs.order_by("project__name", "project_id", "period", "rule")


def alert_row(alert: Alert) -> dict[str, Any]:
    return {
        "project": alert.project.name,
        "project_id": alert.project_id,
        "period": alert.period,
        "last_period": alert.last_period,
        "rule": alert.rule,
        "severity": alert.severity,
        "state": alert.state,
        "message": alert.message,
    }


def with_latest_health(projects: QuerySet) -> QuerySet:
    """Annotate ``health`` and ``health_period``: the latest snapshot's status (no extra query)."""
    latest = HealthSnapshot.objects.filter(project=OuterRef("pk")).order_by("-period")
    return projects.annotate(
        health=Subquery(latest.values("status")[:1]),
        health_period=Subquery(latest.values("period")[:1]),
    )
