"""Alert services: de-duplication, acknowledge/resolve with notes, audit log, email on commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rapport.audit.models import AuditEntry
from rapport.feedback.models import OutboxMessage
from rapport.insights.analytics import PeriodPoint, Signal, evaluate_series, health
from rapport.insights.models import Alert, AlertState, HealthSnapshot
from rapport.insights.services import (
    acknowledge_alert,
    record_health_snapshot,
    resolve_alert,
    sync_alerts,
)

pytestmark = pytest.mark.django_db


def _drop(period="2026-05"):
    return Signal(
        "drop",
        "warning",
        period,
        f"Mean fell from 8.2 to 5.9 (−2.3) between 2026-04 and {period}, n=3.",
        {"from": 8.2, "to": 5.9, "change": -2.3, "n": 3},
    )


def test_sync_opens_one_alert_per_rule_and_notifies_after_commit(
    project, alice, bob, carol, dave, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        opened = sync_alerts(project, [_drop(), Signal("low_score", "critical", "2026-05", "x 3")])
    # Per alert, one outbox email per recipient: alice and bob (PMO), carol (the manager).
    assert len(opened) == 2 and len(callbacks) == 6
    assert {a.rule for a in opened} == {"drop", "low_score"}
    assert len(mail.outbox) == 6
    warnings = [m for m in mail.outbox if "Warning" in m.subject]
    assert sorted(tuple(m.to) for m in warnings) == sorted(
        [(alice.email,), (bob.email,), (carol.email,)]  # not dave: not his project
    )
    assert OutboxMessage.objects.filter(kind="alert", state="sent").count() == 6
    message = next(m for m in warnings if alice.email in m.to)
    assert message.subject == "[Rapport] Warning alert on Branch booking (2026-05)"
    assert "Mean fell from 8.2 to 5.9" in message.body
    assert "Mean fell from 8.2 to 5.9" in message.alternatives[0][0]
    drop = next(a for a in opened if a.rule == "drop")
    assert f"/insights/alerts/#alert-{drop.pk}" in message.body
    to_manager = next(m for m in warnings if m.to == [carol.email])
    assert f"/insights/project/{project.pk}/#alert-{drop.pk}" in to_manager.body
    assert "/insights/alerts/" not in to_manager.body + to_manager.alternatives[0][0]
    assert AuditEntry.objects.filter(action="insights.alert.opened").count() == 2


def test_sync_does_not_repeat_an_active_alert_but_tracks_the_latest_period(project):
    sync_alerts(project, [_drop("2026-05")])
    assert sync_alerts(project, [_drop("2026-06")]) == []
    alert = Alert.objects.get()
    assert (alert.period, alert.last_period) == ("2026-05", "2026-06")
    acknowledge_alert(alert, by=None, note="Calling the sponsor")
    assert sync_alerts(project, [_drop("2026-07")]) == []  # acknowledged is still active
    resolve_alert(alert, by=None, note="Agreed a recovery plan")
    assert len(sync_alerts(project, [_drop("2026-08")])) == 1  # resolved: a new one opens
    assert Alert.objects.count() == 2


def test_the_database_keeps_at_most_one_open_alert_per_project_and_rule(project, other_project):
    Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-05",
        last_period="2026-05",
        message="m",
    )
    Alert.objects.create(
        project=other_project,
        rule="drop",
        severity="warning",
        period="2026-05",
        last_period="2026-05",
        message="m",
    )
    Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period="2026-01",
        last_period="2026-01",
        message="m",
        state=AlertState.RESOLVED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            project=project,
            rule="drop",
            severity="warning",
            period="2026-06",
            last_period="2026-06",
            message="m",
        )


def test_acknowledge_and_resolve_record_who_when_and_the_note(project, alice):
    (alert,) = sync_alerts(project, [_drop()])
    acknowledge_alert(alert, by=alice, note="  Looking into it ")
    alert.refresh_from_db()
    assert alert.state == "acknowledged" and alert.acknowledged_by == alice
    assert alert.acknowledged_note == "Looking into it" and alert.acknowledged_at
    resolve_alert(alert, by=alice, note="Weekly calls agreed")
    alert.refresh_from_db()
    assert alert.state == "resolved" and alert.resolved_note == "Weekly calls agreed"
    entry = AuditEntry.objects.get(action="insights.alert.resolved")
    assert entry.actor == alice and entry.changes["note"] == "Weekly calls agreed"
    assert entry.changes["state"] == ["acknowledged", "resolved"]


def test_bad_transitions_change_nothing(project, alice):
    (alert,) = sync_alerts(project, [_drop()])
    with pytest.raises(ValidationError):
        resolve_alert(alert, by=alice, note="   ")
    alert.refresh_from_db()
    assert alert.state == "open"
    resolve_alert(alert, by=alice, note="done")
    with pytest.raises(ValidationError):
        acknowledge_alert(alert, by=alice)
    with pytest.raises(ValidationError):
        resolve_alert(alert, by=alice, note="again")
    with pytest.raises(ValidationError):
        sync_alerts(project, [_drop("2026-5")])
    assert AuditEntry.objects.filter(action="insights.alert.resolved").count() == 1


def test_signals_from_the_analytics_become_alerts_and_a_snapshot(project):
    points = [
        PeriodPoint("2026-04", n=3, mean=8.2, min_score=7),
        PeriodPoint("2026-05", n=3, mean=5.9, min_score=4),
    ]
    latest = evaluate_series(points)[-1]
    verdict = health(
        delivery_status=project.delivery_status, theta=6.4, theta_high=7.5, signals=latest.signals
    )
    snapshot = record_health_snapshot(
        project, "2026-05", verdict, n=3, mean=5.9, signals=latest.signals, method="empirical_bayes"
    )
    assert snapshot.status == "R"  # a score of 4 is critical
    assert {s["rule"] for s in snapshot.signals} == {"drop", "low_score"}
    # Recomputing replaces the month's snapshot rather than adding one.
    record_health_snapshot(project, "2026-05", verdict, n=3, mean=5.9)
    assert HealthSnapshot.objects.filter(project=project).count() == 1
    assert {a.rule for a in sync_alerts(project, latest.signals)} == {"drop", "low_score"}
