"""Every change to health snapshots and alerts goes through these functions."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapport.audit.services import record, record_many
from rapport.insights.analytics.adjustment import ProjectEstimate
from rapport.insights.analytics.health import Health
from rapport.insights.analytics.types import PERIOD_RE, Signal
from rapport.insights.comment_insight import store_insights
from rapport.insights.loading import load_portfolio
from rapport.insights.models import (
    Alert,
    AlertState,
    HealthSnapshot,
    PendingRecompute,
    RecomputeRequest,
)
from rapport.insights.recompute import evaluate_portfolio
from rapport.insights.storage import (
    latest_roles,
    load_contexts,
    mark_latest,
    store_contexts,
    write_snapshots,
)
from rapport.insights.wording import state_label
from rapport.ops.enqueue import enqueue
from rapport.ops.statements import statement_cursor
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
    mark_latest([project.pk])
    snapshot.refresh_from_db(fields=["latest"])
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
    forward: people are told once, not every month. Returns the alerts newly opened; each one's
    emails and webhook are outbox rows written in the same transaction, sent after it commits.
    """
    from rapport.insights.notifications import queue_alert_notifications

    opened: list[Alert] = []
    with transaction.atomic():
        # Lock the project row so two concurrent syncs cannot both open the same alert.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        active = {a.rule: a for a in Alert.objects.filter(project=project, state__in=ACTIVE_STATES)}
        for signal in signals:
            _check_period(signal.period)
            if signal.severity == "note":
                continue
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
            queue_alert_notifications(alert)  # outbox rows, committed with the alert
    return opened


@transaction.atomic
def acknowledge_alert(alert: Alert, *, by: Any, note: str = "") -> Alert:
    """Someone has seen the alert and is on it."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != AlertState.OPEN:
        raise ValidationError(
            gettext("Only open alerts can be acknowledged; this one is %(state)s.")
            % {"state": state_label(alert.state)}
        )
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
        raise ValidationError({"note": gettext("Say what was done before resolving the alert.")})
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state == AlertState.RESOLVED:
        raise ValidationError(gettext("This alert is already resolved."))
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


# --- Recompute: every project, every period, stored in bulk -------------------------------------


def _sync_alerts_bulk(result: Any, project_ids: set[int], *, by: Any, notify: bool) -> list[Alert]:
    """Open one alert per project and rule at the period it first fired (see ``sync_alerts``).

    Signals at or before the last period of an already resolved alert for the same rule were
    dealt with: they do not reopen it when history is recomputed.
    """
    from rapport.insights.notifications import queue_alert_notifications

    active: dict[tuple[int, str], Alert] = {}
    settled: dict[tuple[int, str], str] = {}
    for alert in Alert.objects.filter(project_id__in=project_ids).order_by("created_at", "id"):
        key = (alert.project_id, alert.rule)
        if alert.state in ACTIVE_STATES:
            active[key] = alert
        else:
            settled[key] = max(settled.get(key, ""), alert.last_period)
    new: list[Alert] = []
    moved: dict[int, Alert] = {}
    for pid in sorted(project_ids):
        for signal in result.signals.get(pid, ()):
            if signal.severity == "note":
                continue  # "needs a conversation": shown with the project's health, never an alert
            key = (pid, signal.rule)
            if signal.period <= settled.get(key, ""):
                continue
            existing = active.get(key)
            if existing is not None:
                if signal.period > existing.last_period:
                    existing.last_period = signal.period
                    if existing.pk:
                        moved[existing.pk] = existing
                if signal.evidence.get("withheld") and not existing.evidence.get("withheld"):
                    # Written before its numbers had to be withheld (docs/privacy.md).
                    existing.message, existing.evidence = signal.message, dict(signal.evidence)
                    if existing.pk:
                        moved[existing.pk] = existing
                continue
            alert = Alert(
                project_id=pid,
                rule=signal.rule,
                severity=signal.severity,
                period=signal.period,
                last_period=signal.period,
                message=signal.message,
                evidence=dict(signal.evidence),
            )
            active[key] = alert
            new.append(alert)
    Alert.objects.bulk_update(
        list(moved.values()), ["last_period", "message", "evidence"], batch_size=1000
    )
    Alert.objects.bulk_create(new, batch_size=1000)
    if any(a.pk is None for a in new):  # backends that do not return ids (none we support)
        new = list(Alert.objects.filter(project_id__in=project_ids, state=AlertState.OPEN))
    # The audit entry names the alert (its project): one query for all, not one per alert.
    projects = Project.objects.in_bulk({a.project_id for a in new})
    for alert in new:
        alert.project = projects[alert.project_id]
    record_many(
        (
            (
                "insights.alert.opened",
                a,
                {"rule": a.rule, "severity": a.severity, "period": a.period},
            )
            for a in new
        ),
        by=by,
    )
    if notify:
        # Only what fires in a project's latest period is news; history is not emailed.
        for alert in new:
            if alert.period == result.latest.get(alert.project_id):
                queue_alert_notifications(alert)  # outbox rows, committed with the alert
    return new


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while the portfolio is loaded and evaluated.

    That step builds millions of small objects that all live until it ends (and form no
    cycles to collect); each full collection walks them all, which cost a third of the run at
    the reference size. Reference counting still frees everything as usual; free the big
    objects before the block ends, else the first collection after it walks them all once.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def recompute_health(
    project_ids: Iterable[int] | None = None,
    *,
    by: Any = None,
    notify: bool = True,
    progress: Any = None,
    today: Any = None,
) -> dict[str, Any]:
    """Recompute health snapshots and alerts for every period, as each was seen at the time.

    The case-mix always uses the whole portfolio; ``project_ids`` limits what is written. The
    portfolio context of every period is stored for the incremental recompute, and the pending
    per-project requests made before the load are cleared (this run covers them). Snapshots of
    those projects are brought up to date in one transaction: only those whose values changed
    are written (``storage.write_snapshots``).
    """
    started = time.perf_counter()
    loaded_at = timezone.now()
    with _without_cycle_collection():
        data = load_portfolio(today=today)
        wanted = set(data.projects)
        if project_ids is not None:
            wanted &= set(project_ids)
        result = evaluate_portfolio(data, only=wanted, progress=progress)
        periods = data.periods
        with transaction.atomic():
            if progress:
                progress("storing", 0, 1)
            snapshots = write_snapshots(result.snapshots, wanted, everything=project_ids is None)
            opened = _sync_alerts_bulk(result, wanted, by=by, notify=notify)
            store_insights(data, periods[-1] if periods else None)
            store_contexts(result.contexts)
            covered = PendingRecompute.objects.filter(requested_at__lte=loaded_at)
            if project_ids is not None:
                covered = covered.filter(project_id__in=wanted)
            covered.delete()
            summary = {
                "projects": len(wanted),
                "periods": len(periods),
                "answers": len(data.answers) if data.answers is not None else 0,
                "snapshots": snapshots,
                "alerts_opened": len(opened),
                "seconds": round(time.perf_counter() - started, 2),
                "sigma": result.sigma,
            }
            record("insights.health.recomputed", by=by, changes=summary)
            RecomputeRequest.objects.update_or_create(
                pk=1, defaults={"finished_at": timezone.now(), "summary": summary}
            )
            if progress:
                progress("storing", 1, 1)
        # Freed while the collector is still paused: the first collection after it resumes
        # walks every container object made since it paused that is still alive, which with
        # the loaded portfolio alive cost 0.3 s of CPU at the reference size.
        del data, result
    return summary


def recompute_project(
    project_id: int,
    *,
    since: str | None = None,
    by: Any = None,
    notify: bool = True,
    today: Any = None,
) -> dict[str, Any]:
    """Recompute one project's health from ``since`` on (None = every period) without refitting
    the portfolio: its figures at t use the stored portfolio context of t (or the latest one
    before t). Loads only that project's rows and its customer's release blocks. Before the
    first full recompute there is no stored context, so this runs the full one."""
    started = time.perf_counter()
    contexts = load_contexts()
    if not contexts:
        return recompute_health(by=by, notify=notify, today=today)
    data = load_portfolio([project_id], today=today, roles=latest_roles(contexts))
    wanted = {project_id} & set(data.projects)
    result = evaluate_portfolio(data, only=wanted, contexts=contexts)
    with transaction.atomic():
        snapshots = write_snapshots(result.snapshots, wanted, since=since)
        opened = _sync_alerts_bulk(result, wanted, by=by, notify=notify)
    return {
        "projects": len(wanted),
        "snapshots": snapshots,
        "alerts_opened": len(opened),
        "seconds": round(time.perf_counter() - started, 3),
    }


def request_recompute(project_id: int | None = None, *, period: str | None = None) -> bool:
    """Ask for a recompute soon; coalesced.

    With ``project_id``: that project only, from ``period`` on (None = all its periods). Call it
    inside the transaction that changes the project's answers (the request then commits or rolls
    back with them, and the worker never claims it before the change is visible) or after the
    commit. One pending row per project: an UPDATE when it exists (lowering ``since``; the usual
    case under a stream of answers, one statement), else an INSERT that ignores a concurrent
    twin; the task is enqueued, after the commit, only by the request that inserted the row.
    Without a project, call it from ``transaction.on_commit``.
    Without: the whole portfolio (imports, the daily schedule), through the single
    ``RecomputeRequest`` marker. Returns whether this call enqueued a task.
    """
    if project_id is not None:
        return _request_project(project_id, period)
    now = timezone.now()
    flipped = RecomputeRequest.objects.filter(pk=1, pending=False).update(
        pending=True, requested_at=now
    )
    if not flipped:
        _, created = RecomputeRequest.objects.get_or_create(
            pk=1, defaults={"pending": True, "requested_at": now}
        )
        if not created:
            return False  # already pending: the queued task will see this change too
    enqueue("rapport.insights.tasks.recompute_task", on_commit=False)  # already after commit
    return True


def _request_project(project_id: int, period: str | None) -> bool:
    if period is not None:
        _check_period(period)
    since = period or ""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    quote = connection.ops.quote_name
    table = quote(PendingRecompute._meta.db_table)
    projects, pk = quote(Project._meta.db_table), quote(str(Project._meta.pk.column))
    with statement_cursor(connection) as cursor:
        if _lower_pending(cursor, table, project_id, since, now):
            return False  # already pending: the queued task will see this answer too
        # Inserts only for an existing project, and ignores a row another request just inserted.
        cursor.execute(
            f"INSERT INTO {table} (project_id, since, requested_at) "  # noqa: S608
            f"SELECT %s, %s, %s WHERE EXISTS (SELECT 1 FROM {projects} WHERE {pk} = %s) "
            "ON CONFLICT (project_id) DO NOTHING",
            [project_id, since, now, project_id],
        )
        inserted = cursor.rowcount == 1
        if not inserted and _lower_pending(cursor, table, project_id, since, now):
            return False  # another request inserted it meanwhile
    if not inserted:
        if not Project.objects.filter(pk=project_id).exists():
            raise ValidationError({"project": f"No project with id {project_id}."})
        return _request_project(project_id, period)  # claimed meanwhile: ask again
    # After the commit: inside a transaction the worker could otherwise look before the row
    # (and the answer with it) is visible; outside one, at once.
    enqueue("rapport.insights.tasks.recompute_projects_task")
    return True


def _lower_pending(cursor: Any, table: str, project_id: int, since: str, now: Any) -> bool:
    """Move a pending request on (``requested_at``) and lower its ``since`` to ``since``
    ("" = every period); whether one was pending. One prepared statement, no ORM compile."""
    cursor.execute(
        f"UPDATE {table} SET since = CASE WHEN %s = '' OR since > %s THEN %s ELSE since END, "  # noqa: S608
        "requested_at = %s WHERE project_id = %s",
        [since, since, since, now, project_id],
    )
    return bool(cursor.rowcount)


def run_pending_recomputes(*, batch: int = 100) -> dict[str, Any]:
    """Claim pending projects one by one and recompute each incrementally, until none is left.

    A row is claimed by deleting it as it was read (same ``requested_at``); a row changed since
    was requested again and is read afresh. A request arriving after the claim inserts a new row
    and enqueues another run, which then sees the new answer.
    """
    done = 0
    snapshots = 0
    started = time.perf_counter()
    while True:
        rows = list(
            PendingRecompute.objects.order_by("requested_at").values_list(
                "project_id", "since", "requested_at"
            )[:batch]
        )
        if not rows:
            break
        for project_id, since, requested_at in rows:
            claimed, _ = PendingRecompute.objects.filter(
                project_id=project_id, requested_at=requested_at
            ).delete()
            if not claimed:
                continue
            summary = recompute_project(project_id, since=since or None)
            done += 1
            snapshots += summary.get("snapshots", 0)
    return {
        "projects": done,
        "snapshots": snapshots,
        "seconds": round(time.perf_counter() - started, 3),
    }


def run_requested_recompute() -> dict[str, Any] | None:
    """Claim the pending request (conditional UPDATE) and recompute; None if nothing pending."""
    claimed = RecomputeRequest.objects.filter(pk=1, pending=True).update(
        pending=False, started_at=timezone.now()
    )
    if not claimed:
        return None
    summary = recompute_health()
    RecomputeRequest.objects.filter(pk=1).update(seconds=summary["seconds"])
    return summary
