"""What ``/healthz`` reports: can Rapport reach its database, and is a worker alive?

A pure ``assess`` decides from plain facts; ``check`` gathers them. Nothing here says more than
a load balancer or a monitor needs (no host names, no error texts), since the page needs no
login.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Facts:
    database_error: str | None  # the error's class name, or None when the database answered
    worker_needed: bool  # the database task queue is in use, so a `rapport worker` must run
    last_beat: dt.datetime | None  # the newest worker heartbeat
    now: dt.datetime
    stale_after: float  # seconds


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
    body["status"] = "fail" if problems else "ok"
    body["problems"] = problems
    return Health(ok=not problems, body=body)


def _worker_needed() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def check(now: dt.datetime | None = None) -> Health:
    from rapport.ops.models import WorkerHeartbeat

    now = now or timezone.now()
    needed = _worker_needed()
    error = None
    last_beat = None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if needed:
            last_beat = (
                WorkerHeartbeat.objects.order_by("-beat_at")
                .values_list("beat_at", flat=True)
                .first()
            )
    except Exception as exc:  # any failure to talk to the database is what we report
        error = type(exc).__name__
    return assess(
        Facts(
            database_error=error,
            worker_needed=needed,
            last_beat=last_beat,
            now=now,
            stale_after=float(settings.RAPPORT_WORKER_STALE_SECONDS),
        )
    )
