"""The health review in the JSON API: stored snapshots and alerts, permission-filtered.

Project managers see their own projects; PMO roles see all; sponsors see health aggregates
(status, n, θ and interval, rule ids) but not alerts or signal messages, which cite answers.
Sorted by project name and period; there is no manager field, sort or filter. The PMO
acknowledges and resolves alerts here as on the alerts page (MANAGE_ALERTS), e.g. from a
ticketing tool.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from rapport.accounts.permissions import (
    Capability,
    has_capability,
    visible_alert_projects,
    visible_projects,
)
from rapport.api.pagination import Mapped, Pages
from rapport.api.schemas import Id, Input, Text
from rapport.console.shortcuts import get_visible
from rapport.insights import services
from rapport.insights.models import Alert
from rapport.insights.readout import alert_row, alerts, health_value_row, health_values

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
    id: int
    project: str
    project_id: int
    period: str
    last_period: str
    rule: str
    severity: str
    state: str
    message: str


@router.get("/health", response=list[HealthOut], summary="Health per project")
@paginate(Pages, page_size=100)
def list_health(
    request: HttpRequest, all_periods: bool = False, customer_id: Id | None = None
) -> Mapped:
    """Each visible project's latest health (or every period), by project name."""
    user = request.user
    projects = visible_projects(user)
    if customer_id:
        projects = projects.filter(customer_id=customer_id)

    def rows(page: list[tuple]) -> list[dict[str, Any]]:
        # Signal messages only for the page's projects whose feedback detail the reader may see.
        ids = {row[1] for row in page}
        detail = set(
            visible_alert_projects(user).filter(pk__in=ids).order_by().values_list("pk", flat=True)
        )
        return [health_value_row(row, with_signals=row[1] in detail) for row in page]

    return Mapped(health_values(projects, all_periods=all_periods), rows)


@router.get("/alerts", response=list[AlertOut], summary="Alerts")
@paginate(Pages, page_size=100)
def list_alerts(
    request: HttpRequest, active: bool = False, customer_id: Id | None = None
) -> Mapped:
    """Alerts of the projects whose feedback detail you may read, with the period they fired."""
    projects = visible_alert_projects(request.user)
    if customer_id:
        projects = projects.filter(customer_id=customer_id)
    return Mapped(alerts(projects, active_only=active), lambda page: [_alert_out(a) for a in page])


def _alert_out(alert: Alert) -> dict[str, Any]:
    return {"id": alert.pk, **alert_row(alert)}


class AlertNoteIn(Input):
    note: Text = ""


def _alert(request: HttpRequest, alert_id: Id) -> Alert:
    if not has_capability(request.user, Capability.MANAGE_ALERTS):
        raise PermissionDenied("Your role may not manage alerts.")
    visible = Alert.objects.filter(project__in=visible_alert_projects(request.user))
    return get_visible(visible.select_related("project"), alert_id, "alert")


@router.post(
    "/alerts/{int:alert_id}/acknowledge", response=AlertOut, summary="Acknowledge an alert"
)
def acknowledge_alert(request: HttpRequest, alert_id: Id, payload: AlertNoteIn) -> dict[str, Any]:
    """Someone has seen the alert and is on it (an open alert only); the note is optional."""
    alert = services.acknowledge_alert(
        _alert(request, alert_id), by=request.user, note=payload.note
    )
    return _alert_out(alert)


@router.post("/alerts/{int:alert_id}/resolve", response=AlertOut, summary="Resolve an alert")
def resolve_alert(request: HttpRequest, alert_id: Id, payload: AlertNoteIn) -> dict[str, Any]:
    """Close the alert, saying what was done: the note is required."""
    alert = _alert(request, alert_id)
    return _alert_out(services.resolve_alert(alert, by=request.user, note=payload.note))
