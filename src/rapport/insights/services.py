"""Every change to health snapshots and alerts goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.audit.services import record
from rapport.insights.analytics.adjustment import ProjectEstimate
from rapport.insights.analytics.health import Health
from rapport.insights.analytics.types import PERIOD_RE, Signal
from rapport.insights.models import Alert, AlertState, HealthSnapshot
from rapport.portfolio.models import Project

ACTIVE_STATES = (AlertState.OPEN, AlertState.ACKNOWLEDGED)


def _check_period(period: str) -> None:
    if not PERIOD_RE.match(period or ""):
        raise ValidationError({"period": f"A period is 'YYYY-MM', got {period!r}."})


@transaction.atomic
def record_health_snapshot(
    project: Project,
    period: str,
    health: Health,
    *,
    n: int = 0,
    mean: float | None = None,
    estimate: ProjectEstimate | None = None,
    method: str = "",
    signals: Sequence[Signal] = (),
    by: Any = None,
) -> HealthSnapshot:
    """Store (or replace) the project's health for ``period``; recomputing is idempotent."""
    _check_period(period)
    values = {
        "n": n,
        "mean": mean,
        "adjusted": estimate.adjusted if estimate else None,
        "theta": estimate.theta if estimate else None,
        "low": estimate.low if estimate else None,
        "high": estimate.high if estimate else None,
        "method": method,
        "status": health.status,
        "delivery": health.delivery,
        "satisfaction": health.satisfaction,
        "engagement": health.engagement,
        "actions": health.actions,
        "reasons": list(health.reasons),
        "signals": [s.as_dict() for s in signals],
        "computed_at": timezone.now(),
    }
    snapshot, created = HealthSnapshot.objects.update_or_create(
        project=project, period=period, defaults=values
    )
    record(
        "insights.snapshot.computed",
        by=by,
        obj=snapshot,
        changes={"period": period, "status": health.status, "created": created},
    )
    return snapshot


def sync_alerts(project: Project, signals: Iterable[Signal], *, by: Any = None) -> list[Alert]:
    """Open an alert for each signal whose rule has no active (open or acknowledged) alert.

    A signal whose rule already has an active alert only moves that alert's ``last_period``
    forward: people are told once, not every month. Returns the alerts newly opened; each is
    notified (email, webhook) after the transaction commits.
    """
    from rapport.insights.tasks import notify_alert

    opened: list[Alert] = []
    with transaction.atomic():
        # Lock the project row so two concurrent syncs cannot both open the same alert.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        active = {a.rule: a for a in Alert.objects.filter(project=project, state__in=ACTIVE_STATES)}
        for signal in signals:
            _check_period(signal.period)
            existing = active.get(signal.rule)
            if existing is not None:
                if signal.period > existing.last_period:
                    existing.last_period = signal.period
                    existing.save(update_fields=["last_period"])
                continue
            try:
                with transaction.atomic():
                    alert = Alert.objects.create(
                        project=project,
                        rule=signal.rule,
                        severity=signal.severity,
                        period=signal.period,
                        last_period=signal.period,
                        message=signal.message,
                        evidence=dict(signal.evidence),
                    )
            except IntegrityError:
                continue  # opened meanwhile by another process: the constraint keeps one
            record(
                "insights.alert.opened",
                by=by,
                obj=alert,
                changes={"rule": alert.rule, "severity": alert.severity, "period": alert.period},
            )
            active[signal.rule] = alert
            opened.append(alert)
            transaction.on_commit(lambda pk=alert.pk: notify_alert.enqueue(pk))
    return opened


@transaction.atomic
def acknowledge_alert(alert: Alert, *, by: Any, note: str = "") -> Alert:
    """Someone has seen the alert and is on it."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != AlertState.OPEN:
        raise ValidationError(f"Only open alerts can be acknowledged; this one is {alert.state}.")
    alert.state = AlertState.ACKNOWLEDGED
    alert.acknowledged_by = by
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_note = note.strip()
    alert.save()
    record(
        "insights.alert.acknowledged",
        by=by,
        obj=alert,
        changes={"state": [AlertState.OPEN, alert.state], "note": alert.acknowledged_note},
    )
    return alert


@transaction.atomic
def resolve_alert(alert: Alert, *, by: Any, note: str) -> Alert:
    """Close the alert, saying what was done (the note is required)."""
    if not note or not note.strip():
        raise ValidationError({"note": "Say what was done before resolving the alert."})
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state == AlertState.RESOLVED:
        raise ValidationError("This alert is already resolved.")
    old = alert.state
    alert.state = AlertState.RESOLVED
    alert.resolved_by = by
    alert.resolved_at = timezone.now()
    alert.resolved_note = note.strip()
    alert.save()
    record(
        "insights.alert.resolved",
        by=by,
        obj=alert,
        changes={"state": [old, alert.state], "note": alert.resolved_note},
    )
    return alert
