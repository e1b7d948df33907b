"""The health review in the JSON API: stored snapshots and alerts, permission-filtered.

Project managers see their own projects; PMO roles see all; sponsors see health aggregates
(status, n, θ and interval, rule ids) but not alerts or signal messages, which cite answers.
Sorted by project name and period; there is no manager field, sort or filter.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from rapport.accounts.permissions import visible_alert_projects, visible_projects
from rapport.insights.readout import alert_row, alerts, health_row, health_snapshots

router = Router()


class HealthOut(Schema):
    project: str
    project_id: int
    period: str
    n: int
    mean: float | None
    adjusted: float | None
    theta: float | None
    low: float | None
    high: float | None
    status: str
    signals: list[str]


class AlertOut(Schema):
    project: str
    project_id: int
    period: str
    last_period: str
    rule: str
    severity: str
    state: str
    message: str


@router.get("/health", response=list[HealthOut], summary="Health per project")
@paginate(PageNumberPagination, page_size=100)
def list_health(request: HttpRequest, all_periods: bool = False, customer_id: int | None = None):
    """Each visible project's latest health (or every period), by project name."""
    projects = visible_projects(request.user)
    if customer_id:
        projects = projects.filter(customer_id=customer_id)
    detail = set(visible_alert_projects(request.user).values_list("pk", flat=True))
    snapshots = health_snapshots(projects, all_periods=all_periods)
    return _Mapped(snapshots, lambda s: health_row(s, with_signals=s.project_id in detail))


@router.get("/alerts", response=list[AlertOut], summary="Alerts")
@paginate(PageNumberPagination, page_size=100)
def list_alerts(request: HttpRequest, active: bool = False, customer_id: int | None = None):
    """Alerts of the projects whose feedback detail you may read, with the period they fired."""
    projects = visible_alert_projects(request.user)
    if customer_id:
        projects = projects.filter(customer_id=customer_id)
    return _Mapped(alerts(projects, active_only=active), alert_row)


class _Mapped:
    """Lets ninja's paginator count and slice a queryset while rows come out as dicts."""

    def __init__(self, queryset, mapper) -> None:
        self.queryset = queryset
        self.mapper = mapper

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self.mapper(x) for x in self.queryset[item]]
        return self.mapper(self.queryset[item])
