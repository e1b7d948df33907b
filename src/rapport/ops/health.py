"""What ``/healthz`` reports: can Rapport reach its database, is a worker alive, and is work
piling up (the oldest task waiting in the queue, the emails due and not sent)?

A pure ``assess`` decides from plain facts; ``check`` gathers them. Nothing here says more than
a load balancer or a monitor needs (no host names, no error texts), since the page needs no
login.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Backlog:
    """Work waiting: how many items are due, and how long the oldest has waited (seconds)."""

    count: int
    oldest_age: float | None

    def as_json(self) -> dict[str, Any]:
        age = None if self.oldest_age is None else round(max(self.oldest_age, 0.0), 1)
        return {"count": self.count, "oldest_age_seconds": age}


# Apps above ``ops`` register what they keep waiting (the feedback app: its email outbox), so
# that ``ops`` depends on none of them. Each probe gets "now" and returns a Backlog.
BACKLOG_PROBES: dict[str, Callable[[dt.datetime], Backlog]] = {}


def register_backlog(name: str, probe: Callable[[dt.datetime], Backlog]) -> None:
    BACKLOG_PROBES[name] = probe


@dataclass(frozen=True)
class Facts:
    database_error: str | None  # the error's class name, or None when the database answered
    worker_needed: bool  # the database task queue is in use, so a `rapport worker` must run
    last_beat: dt.datetime | None  # the newest worker heartbeat
    now: dt.datetime
    stale_after: float  # seconds
    # The task queue's oldest ready task and the registered backlogs (None: not looked at).
    queue: Backlog | None = None
    backlogs: dict[str, Backlog] = field(default_factory=dict)
    backlog_limit: float = 900.0  # seconds the oldest item may wait before it is a problem


@dataclass
class Health:
    ok: bool
    body: dict[str, Any] = field(default_factory=dict)


def assess(facts: Facts) -> Health:
    problems: list[str] = []
    body: dict[str, Any] = {"database": {"reachable": facts.database_error is None}}
    if facts.database_error:
        body["database"]["error"] = facts.database_error
        problems.append("The database cannot be reached.")
    worker: dict[str, Any] = {"needed": facts.worker_needed}
    if facts.worker_needed and facts.database_error is None:
        worker["stale_after_seconds"] = facts.stale_after
        if facts.last_beat is None:
            worker["heartbeat_age_seconds"] = None
            problems.append("No worker has ever reported: start `rapport worker`.")
        else:
            age = max((facts.now - facts.last_beat).total_seconds(), 0.0)
            worker["heartbeat_age_seconds"] = round(age, 1)
            if age > facts.stale_after:
                problems.append(
                    f"The worker's last heartbeat is {age:.0f} s old "
                    f"(more than {facts.stale_after:g} s): it is stopped or stuck."
                )
    body["worker"] = worker
    waiting = {"queue": facts.queue, **facts.backlogs} if facts.queue else dict(facts.backlogs)
    for name, backlog in waiting.items():
        if backlog is None:
            continue
        body[name] = backlog.as_json()
        if backlog.oldest_age is not None and backlog.oldest_age > facts.backlog_limit:
            problems.append(
                f"The oldest item in the {name} has waited {backlog.oldest_age:.0f} s "
                f"(more than {facts.backlog_limit:g} s): work is piling up."
            )
    body["status"] = "fail" if problems else "ok"
    body["problems"] = problems
    return Health(ok=not problems, body=body)


def _worker_needed() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def queue_backlog(now: dt.datetime) -> Backlog | None:
    """The default task queue's ready tasks and the oldest one's wait; None when tasks run
    inline. With the database queue a task waits from when it was queued (or its ``run_after``);
    with RQ, from when it was queued."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        from django.db.models import Min
        from django_tasks_db.models import DBTaskResult, get_date_max

        ready = DBTaskResult.objects.ready()
        now_first = ready.filter(run_after=get_date_max()).aggregate(t=Min("enqueued_at"))["t"]
        deferred = ready.exclude(run_after=get_date_max()).aggregate(t=Min("run_after"))["t"]
        since = min((t for t in (now_first, deferred) if t is not None), default=None)
        age = (now - since).total_seconds() if since else None
        return Backlog(count=ready.count(), oldest_age=age)
    if type(backend).__module__.startswith("django_tasks_rq"):
        return _rq_backlog(now)
    return None


def _rq_backlog(now: dt.datetime) -> Backlog:
    import django_rq

    queue = django_rq.get_queue("default")
    ids = queue.get_job_ids(0, 1)
    job = queue.fetch_job(ids[0]) if ids else None
    since = job.enqueued_at if job is not None else None
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    age = (now - since).total_seconds() if since else None
    return Backlog(count=queue.count, oldest_age=age)


def check(now: dt.datetime | None = None) -> Health:
    from rapport.ops.models import WorkerHeartbeat

    now = now or timezone.now()
    needed = _worker_needed()
    error = None
    last_beat = None
    queue = None
    backlogs: dict[str, Backlog] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if needed:
            last_beat = (
                WorkerHeartbeat.objects.order_by("-beat_at")
                .values_list("beat_at", flat=True)
                .first()
            )
        queue = queue_backlog(now)
        backlogs = {name: probe(now) for name, probe in BACKLOG_PROBES.items()}
    except Exception as exc:  # any failure to talk to the database is what we report
        error = type(exc).__name__
    return assess(
        Facts(
            database_error=error,
            worker_needed=needed,
            last_beat=last_beat,
            now=now,
            stale_after=float(settings.RAPPORT_WORKER_STALE_SECONDS),
            queue=queue,
            backlogs=backlogs,
            backlog_limit=float(settings.RAPPORT_HEALTH_BACKLOG_SECONDS),
        )
    )
