"""The database task worker, made to survive outages, with a heartbeat.

django-tasks-db's ``Worker`` (what ``rapport db_worker`` runs) stops for good on the first
database error its polling loop meets: a PostgreSQL restart or a full disk ends it, and with it
every email and recomputation, until someone restarts it by hand. ``ResilientWorker`` runs the
same loop, unchanged, in its batch mode (take every ready task, then return) and owns what
happens between batches:

- it writes a heartbeat (``WorkerHeartbeat``) at most every ``heartbeat_every`` seconds, and
  every ``heartbeat_every`` seconds while a long task runs;
- it marks failed the task records that a dead worker left "running" (``fail_lost_tasks``);
- any error of the loop (the database gone, locked or full) is logged and retried after a
  backoff of 1, 2, 4 … seconds (at most ``backoff_cap``), never fatal: the worker ends only when
  ``stop()`` is called (``rapport worker`` calls it on SIGTERM or SIGINT).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from rapport.ops.models import WorkerHeartbeat

log = logging.getLogger("rapport.worker")

KEEP_HEARTBEATS = dt.timedelta(days=7)  # rows of workers gone longer than this are removed


class WorkerLost(Exception):
    """The worker running a task stopped (killed, crashed, lost its database) before it could
    record how the task ended."""


def stale_after() -> dt.timedelta:
    """A heartbeat older than this belongs to a worker that is dead or stuck."""
    return dt.timedelta(seconds=settings.RAPPORT_WORKER_STALE_SECONDS)


def backoff_delay(failures: int, *, cap: float = 60.0) -> float:
    """Seconds to wait after the ``failures``-th error in a row: 1, 2, 4 … up to ``cap``."""
    return float(min(cap, 2 ** max(failures - 1, 0)))


def beat(
    worker_id: str, *, started_at: dt.datetime, task_id: str = "", now: dt.datetime | None = None
) -> None:
    """Record that ``worker_id`` is alive now (and which task it holds)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "beat_at": now or timezone.now(),
            "task_id": task_id,
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
        },
    )


def live_worker_ids(now: dt.datetime | None = None) -> set[str]:
    now = now or timezone.now()
    return set(
        WorkerHeartbeat.objects.filter(beat_at__gte=now - stale_after()).values_list(
            "worker_id", flat=True
        )
    )


def fail_lost_tasks(*, now: dt.datetime | None = None, own_worker_id: str = "") -> int:
    """Mark failed the task records left "running" by a worker that is gone. Returns how many.

    A record is lost when the worker that claimed it last has no heartbeat newer than
    ``RAPPORT_WORKER_STALE_SECONDS`` and it started longer ago than that; or when it is
    ``own_worker_id``'s own, called between tasks (a worker runs one task at a time, so a record
    of its own still running then is one whose end it could not write: the database failed).
    Each record is updated only if it is still running (a conditional UPDATE), so a worker
    that finishes at the same moment wins.
    """
    now = now or timezone.now()
    cutoff = now - stale_after()
    live = live_worker_ids(now)
    lost = 0
    running = DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path")
    for record in running:
        last = record.worker_ids[-1] if record.worker_ids else ""
        own = bool(own_worker_id) and last == own_worker_id
        if not own and (last in live or (record.started_at and record.started_at >= cutoff)):
            continue
        why = (
            "the worker could not record how it ended (the database failed)"
            if own
            else f"worker {last or '?'} stopped sending heartbeats"
        )
        exc = WorkerLost(f"{record.task_path}: {why}; marked failed at {now.isoformat()}.")
        lost += DBTaskResult.objects.filter(pk=record.pk, status="RUNNING").update(
            status="FAILED",
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback="".join(traceback.format_exception_only(exc)),
            return_value=None,
        )
    if lost:
        log.warning("Marked %s task record(s) of a lost worker as failed.", lost)
    return lost


def _close_connections() -> None:
    # Drop this thread's connections: after an outage they are broken, and Django opens fresh
    # ones at the next query.
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # a broken connection may fail to close; it is dropped all the same
            log.debug("Closing a broken connection failed.", exc_info=True)


class ResilientWorker(Worker):
    """django-tasks-db's worker loop, wrapped: heartbeat, lost-task sweep, errors retried."""

    def __init__(
        self,
        *,
        heartbeat_every: float = 10.0,
        sweep_every: float = 60.0,
        backoff_cap: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        # Batch mode: upstream's loop takes every ready task, then hands back to ``run`` below.
        kwargs["batch"] = True
        kwargs.setdefault("startup_delay", False)
        kwargs.setdefault("max_tasks", None)
        kwargs.setdefault("excluded_queue_names", [])
        super().__init__(**kwargs)
        self.heartbeat_every = heartbeat_every
        self.sweep_every = sweep_every
        self.backoff_cap = backoff_cap
        self.clock = clock
        self.stopped = threading.Event()
        self.started_at = timezone.now()
        self.failures = 0
        self._last_beat: float | None = None
        self._last_sweep: float | None = None

    def stop(self) -> None:
        """Leave the loop after the task in hand (from a signal handler or another thread)."""
        self.running = False
        self.stopped.set()

    def run(self) -> None:
        log.info("Worker %s started (queues: %s).", self.worker_id, ",".join(self.queue_names))
        # Upstream's loop logs "starting" and "no more tasks" at each batch: once a second here.
        upstream = logging.getLogger("django_tasks_db")
        level = upstream.level
        upstream.setLevel(logging.WARNING)
        try:
            self._loop()
        finally:
            upstream.setLevel(level)
        log.info("Worker %s stopped.", self.worker_id)

    def _loop(self) -> None:
        self._prune_heartbeats()
        while self.running:
            try:
                self._between_batches()
                super().run()
            except Exception as exc:  # nothing but a signal may end the worker
                self._recover(exc)
                continue
            if self.failures:
                log.warning("Worker %s: the database is back; working again.", self.worker_id)
                self.failures = 0
            self.stopped.wait(self.interval)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        done = threading.Event()
        beater = threading.Thread(
            target=self._beat_while_running,
            args=(done, str(db_task_result.id)),
            name="rapport-heartbeat",
            daemon=True,
        )
        beater.start()
        try:
            super().run_task(db_task_result)
        finally:
            done.set()
            beater.join(timeout=5)

    def _between_batches(self) -> None:
        now = self.clock()
        if self._last_beat is None or now - self._last_beat >= self.heartbeat_every:
            beat(self.worker_id, started_at=self.started_at)
            self._last_beat = now
        if self._last_sweep is None or now - self._last_sweep >= self.sweep_every:
            fail_lost_tasks(own_worker_id=self.worker_id)
            self._last_sweep = now

    def _beat_while_running(self, done: threading.Event, task_id: str) -> None:
        """In a thread, while one task runs: a long task is not a dead worker."""
        try:
            while not done.wait(self.heartbeat_every):
                try:
                    beat(self.worker_id, started_at=self.started_at, task_id=task_id)
                except DatabaseError as exc:
                    log.warning("Worker %s: heartbeat not written: %s", self.worker_id, exc)
        finally:
            connections.close_all()  # this thread's own connection

    def _recover(self, exc: Exception) -> None:
        self.failures += 1
        delay = backoff_delay(self.failures, cap=self.backoff_cap)
        if isinstance(exc, DatabaseError):
            log.warning(
                "Worker %s: database error (%s in a row): %s. Trying again in %g s.",
                self.worker_id,
                self.failures,
                exc,
                delay,
            )
        else:
            log.exception(
                "Worker %s: unexpected error (%s in a row). Trying again in %g s.",
                self.worker_id,
                self.failures,
                delay,
            )
        _close_connections()
        self.stopped.wait(delay)

    def _prune_heartbeats(self) -> None:
        try:
            WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - KEEP_HEARTBEATS).delete()
        except DatabaseError as exc:  # the loop retries the database; this can wait
            log.warning("Old worker heartbeats not removed: %s", exc)
